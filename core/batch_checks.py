"""Checks that only a batch can do: texts copied between bodies (雷同), one body's name spelled
differently across its files.

雷同 uses the method of ``text.copied`` (:mod:`core.similarity`): the character n-grams of a part
after years, numbers and the body's own name (full and short) are masked, compared by their
Jaccard index. Each part is masked and cut into n-grams once per report, so comparing every pair
of 100 reports stays cheap; pairs whose sizes alone rule the threshold out are skipped. Settings,
severities and messages are data (``resources/batch_checks.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .batch import BatchEntry
from .content_checks import config as content_config
from .content_checks import opening
from .findings import Finding, Severity
from .prepared_text import part_name, prepare, resource_json
from .roster import name_key, same_body
from .similarity import masked, shingles

COPIED = "batch.copied"
NAME_VARIANT = "batch.name_variant"


def config() -> dict[str, Any]:
    """The data of the batch checks (``resources/batch_checks.json``)."""
    return resource_json("batch_checks.json")


def _severity(rule: str) -> Severity:
    return Severity(config()["rules"][rule]["severity"])


def _message(key: str, **values: object) -> str:
    return str(config()["messages"][key]).format(**values)


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return name_key(name)


@lru_cache(maxsize=65536)
def _same(a: str, b: str) -> bool:
    return same_body(a, b)


def body_groups(entries: Sequence[BatchEntry]) -> list[list[int]]:
    """Indices of ``entries`` grouped by body (tolerant names, :func:`core.roster.same_body`)."""
    groups: list[list[int]] = []
    names: list[str] = []
    for i, entry in enumerate(entries):
        if entry.report is None or not entry.report.agency.strip():
            continue
        name = entry.report.agency
        for g, first in enumerate(names):
            if _same(first, name):
                groups[g].append(i)
                break
        else:
            groups.append([i])
            names.append(name)
    return groups


def name_variants(entries: Sequence[BatchEntry]) -> dict[int, list[Finding]]:
    """``batch.name_variant`` for every file whose body is spelled otherwise in another file."""
    out: dict[int, list[Finding]] = {}
    for group in body_groups(entries):
        spellings = {" ".join(entries[i].report.agency.split()) for i in group}  # type: ignore[union-attr]
        if len(spellings) < 2:
            continue
        for i in group:
            mine = " ".join(entries[i].report.agency.split())  # type: ignore[union-attr]
            others = [
                f"「{name}」（{entries[j].path.name}）"
                for j in group
                if (name := " ".join(entries[j].report.agency.split())) != mine  # type: ignore[union-attr]
            ]
            msg = _message("name_variant", name=mine, others="、".join(others))
            out.setdefault(i, []).append(Finding(_severity(NAME_VARIANT), NAME_VARIANT, msg, meta="agency"))
    return out


def _masked_grams(entry: BatchEntry, part: str) -> frozenset[str] | None:
    """The n-grams of one part of one report, its body's names masked; None when too short."""
    report = entry.report
    assert report is not None
    raw = report.texts.get(part, "")
    if not raw.strip():
        return None
    spec = content_config()["copied"]
    names = {prepare(report.agency).text, _key(report.agency)} - {""}
    text = masked(prepare(raw).text, tuple(sorted(names, key=len, reverse=True)))
    if len(text) < int(spec["min_chars"]):
        return None
    return shingles(text, int(spec["n"]))


def copied_between(entries: Sequence[BatchEntry], year: int | None = None) -> dict[int, list[Finding]]:
    """``batch.copied`` on both reports of every pair of bodies (of ``year``, if given) that share a part.

    Two files of the same body (a corrected version, last year's report) are not compared here:
    that is ``text.copied``'s business.
    """
    threshold = float(config()["copied"]["threshold"])
    chosen = [
        i
        for i, e in enumerate(entries)
        if e.report is not None and (year is None or e.report.year == year) and e.report.agency.strip()
    ]
    out: dict[int, list[Finding]] = {}
    for part in config()["copied"]["parts"]:
        grams = [(i, g) for i in chosen if (g := _masked_grams(entries[i], part)) is not None]
        grams.sort(key=lambda item: len(item[1]))
        for a in range(len(grams)):
            i, ga = grams[a]
            for b in range(a + 1, len(grams)):
                j, gb = grams[b]
                if len(ga) < threshold * len(gb):  # sorted by size: every later one is larger still
                    break
                ri, rj = entries[i].report, entries[j].report
                assert ri is not None and rj is not None
                if _same(ri.agency, rj.agency):
                    continue
                shared = len(ga & gb)
                score = shared / (len(ga) + len(gb) - shared)
                if score >= threshold:
                    _add_copied(out, entries, i, j, part, score)
                    _add_copied(out, entries, j, i, part, score)
    return out


def _add_copied(
    out: dict[int, list[Finding]], entries: Sequence[BatchEntry], i: int, j: int, part: str, score: float
) -> None:
    report, other = entries[i].report, entries[j].report
    assert report is not None and other is not None
    quote, span = opening(prepare(report.texts[part]))
    msg = _message(
        "copied",
        part=part_name(report, part),
        other=f"「{other.agency}」",
        file=entries[j].path.name,
        percent=int(score * 100),
        quote=quote,
    )
    out.setdefault(i, []).append(Finding(_severity(COPIED), COPIED, msg, part=part, span=span))


def batch_findings(entries: Sequence[BatchEntry], year: int | None = None) -> dict[int, list[Finding]]:
    """Every cross-body finding, per entry index."""
    out = copied_between(entries, year)
    for i, found in name_variants(entries).items():
        out.setdefault(i, []).extend(found)
    return out
