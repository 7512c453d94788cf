"""Checks against last year's report of the same body: a part copied from last year
(``text.copied``) and a 五 that does not follow up last year's problems (``text.problems_followup``).

Both run only when last year's report is given (``check(report, previous)``: ``nianbao check
--previous``, and the audit pairs a body's consecutive years). The similarity of two texts is
the Jaccard index of their character n-grams after years, numbers and the body's name are
masked, so a text copied with only the year and the figures changed scores 1.0; the method's
settings and the threshold are data (``copied`` in ``resources/content_checks.json``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .content_checks import config, is_empty, message, opening, rule_on
from .prepared_text import Collector, Prepared, found, hits, part_name, prepare, rx
from .report import Report

_CLAUSE_END = re.compile(r"[。;,:!?\n]")


@lru_cache(maxsize=512)
def masked(text: str, agencies: tuple[str, ...] = ()) -> str:
    """A prepared text with the body's names, then years and numbers, replaced by placeholders."""
    spec = config()["copied"]
    for name in agencies:
        if name:
            text = text.replace(name, spec["agency_mask"])
    for pattern, mark in spec["masks"]:
        text = rx(pattern).sub(mark, text)
    return text


@lru_cache(maxsize=512)
def shingles(text: str, n: int) -> frozenset[str]:
    """The set of character n-grams of ``text``."""
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def similarity(a: str, b: str, agencies: tuple[str, ...] = ()) -> float:
    """Jaccard index of the n-grams of two raw texts after masking (0 when either is too short)."""
    spec = config()["copied"]
    n = int(spec["n"])
    ga = shingles(masked(prepare(a).text, agencies), n)
    gb = shingles(masked(prepare(b).text, agencies), n)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def check_against_previous(report: Report, previous: Report, prepared: dict[str, Prepared], out: Collector) -> None:
    """Run the cross-year text checks of ``report`` against last year's ``previous``."""
    agencies = tuple(sorted({prepare(report.agency).text, prepare(previous.agency).text} - {""}, key=len, reverse=True))
    _copied(report, previous, prepared, agencies, out)
    _followup(report, previous, prepared, out)


def _copied(
    report: Report, previous: Report, prepared: dict[str, Prepared], agencies: tuple[str, ...], out: Collector
) -> None:
    severity = rule_on("text.copied")
    if severity is None:
        return
    spec = config()["copied"]
    for part in spec["parts"]:
        text = prepared.get(part)
        last = previous.texts.get(part, "")
        if text is None or not last.strip():
            continue
        mine = masked(text.text, agencies)
        theirs = masked(prepare(last).text, agencies)
        if len(mine) < spec["min_chars"] or len(theirs) < spec["min_chars"]:
            continue
        n = int(spec["n"])
        ga, gb = shingles(mine, n), shingles(theirs, n)
        score = len(ga & gb) / len(ga | gb)
        if score >= float(spec["threshold"]):
            quote, span = opening(text)
            msg = message("copied", part=part_name(report, part), percent=int(score * 100), quote=quote)
            out.add(severity, "text.copied", msg, part, span)


def _topical(gram: str) -> bool:
    """Whether an n-gram names a topic: no punctuation, mask or generic word (信息公开, 有待 …) in it."""
    spec = config()["followup"]
    if found(spec["punctuation"], gram) or any(mark in gram for _, mark in config()["copied"]["masks"]):
        return False
    return not any(word in gram for word in spec["generic_words"])


def _problem_clauses(text: Prepared) -> list[tuple[int, int]]:
    """Spans of the clauses of a prepared 五 that state a problem."""
    words = config()["problems"]["problem_words"]
    clauses = []
    start = 0
    for m in [*_CLAUSE_END.finditer(text.text), None]:
        end = m.start() if m is not None else len(text.text)
        if end > start and found(words, text.text[start:end]):
            clauses.append((start, end))
        start = end + 1
    return clauses


def _followup(report: Report, previous: Report, prepared: dict[str, Prepared], out: Collector) -> None:
    severity = rule_on("text.problems_followup")
    part = config()["problems"]["part"]
    text = prepared.get(part)
    last_raw = previous.texts.get(part, "")
    if severity is None or text is None or is_empty(text) or not last_raw.strip():
        return
    spec = config()["followup"]
    if hits(spec["mentions"], text.text):
        return
    last = prepare(last_raw)
    clauses = _problem_clauses(last)
    if not clauses:
        return
    n = int(spec["ngram"])
    mine = shingles(masked(text.text), n)
    weights = []
    for a, b in clauses:
        grams = [g for g in shingles(masked(last.text[a:b]), n) if _topical(g)]
        if any(g in mine for g in grams):
            return
        weights.append(len(grams))
    a, b = clauses[weights.index(max(weights))]  # the clause that says most: the example quoted
    quote, span = opening(text)
    msg = message("problems_followup", part=part_name(report, part), quote=quote, previous=last.quote(a, b))
    out.add(severity, "text.problems_followup", msg, part, span)
