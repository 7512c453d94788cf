"""Title, year, agency, level, publication date and format version of an imported report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..formats import Format, FormatRegistry
from ..normalise import Squeezed, label_regex
from .data import import_data

HEAD_LIMIT = 3000  # the title is looked for in the first characters of the squeezed text
TAIL_LIMIT = 60  # the 落款 date is looked for in the last characters


@dataclass(frozen=True)
class TitleInfo:
    """What the title says, and where the title zone ends (squeezed position)."""

    year: int | None
    agency: str
    end: int  # squeezed position just after the last title line before 一、总体情况


@cache
def _patterns(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in import_data()[key])


def _clean_agency(text: str) -> str:
    for noise in import_data()["agency_noise"]:
        text = text.replace(noise.replace(" ", ""), "")
    # keep the last run of text after a separator ("…年报 平潭综合实验区" → "平潭综合实验区")
    parts = re.split(r"[|:>\-\]\s]+", text)
    text = parts[-1] if parts else ""
    text = text.strip("《》\"'()[] ")
    if not 2 <= len(text) <= 40 or re.search(r"[。，,；;！!？?]", text):
        return ""
    return text


def read_title(original: str, sq: Squeezed, limit: int, hint: str = "") -> TitleInfo:
    """Year and agency from the title (or ``hint``, a title given outside the body).

    The agency is the text before the year on the title line, or the line above the
    title ("吉尔格勒特郭楞蒙古民族乡" / "政府信息公开工作2020年度报告").
    """
    year: int | None = None
    agency = ""
    end = 0
    if hint:
        for rx in _patterns("title_patterns"):
            m = rx.search(re.sub(r"\s+", "", hint))
            if m:
                year = int(m.group("year"))
                agency = _clean_agency(re.sub(r"\s+", "", hint)[: m.start()])
                break
    head = sq.text[: min(limit, HEAD_LIMIT)]
    for rx in _patterns("title_patterns"):
        for m in rx.finditer(head):
            if head.rfind("《", 0, m.start()) > head.rfind("》", 0, m.start()):
                continue  # the title of another document, quoted
            end = max(end, m.end())
            if year is None:
                year = int(m.group("year"))
            if not agency:
                agency = _agency_before(original, sq, m.start())
        if end:
            break
    if year is None:
        for rx in _patterns("year_fallback_patterns"):
            m = rx.search(sq.text)
            if m:
                year = int(m.group("year"))
                break
    return TitleInfo(year if year and 1990 <= year <= 2999 else None, agency, end)


def _agency_before(original: str, sq: Squeezed, q_start: int) -> str:
    """Agency text on the title's line before the year, else the nearest line above."""
    start = sq.start_of(q_start)
    line_start = original.rfind("\n", 0, start) + 1
    same_line = _clean_agency(re.sub(r"\s+", "", original[line_start:start]))
    if same_line:
        return same_line
    lines = original[:line_start].split("\n")
    for line in reversed(lines[-4:]):
        candidate = re.sub(r"\s+", "", line)
        if candidate:
            return _clean_agency(candidate)
    return ""


def read_published(sq: Squeezed, hint: str = "") -> str:
    """The publication date (ISO): ``hint``, else one stated near the top (发布日期), else the
    date of the 落款 that ends the report."""
    if hint:
        return hint
    for rx in _patterns("published_patterns"):
        found = _iso_date(rx.search(sq.text[:HEAD_LIMIT]))
        if found:
            return found
    tail = sq.text[-TAIL_LIMIT:]
    for rx in _patterns("signature_date_patterns"):
        matches = list(rx.finditer(tail))
        found = _iso_date(matches[-1]) if matches else ""
        if found:
            return found
    return ""


def _iso_date(m: re.Match[str] | None) -> str:
    if m is None:
        return ""
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def guess_level(agency: str) -> str:
    """The body level implied by a name such as "某某镇人民政府" ("" when unclear)."""
    for rule in import_data()["levels_by_name"]:
        if re.search(rule["pattern"], agency):
            return str(rule["level"])
    return ""


def _signature_hits(fmt: Format, sq: Squeezed) -> int:
    return sum(1 for label in fmt.signatures if re.search(label_regex(label), sq.text))


def detect_format(sq: Squeezed, year: int | None, registry: FormatRegistry) -> tuple[Format, dict[str, int]]:
    """The format whose characteristic labels occur most; ties go to the one the year needs."""
    hits = {fmt.id: _signature_hits(fmt, sq) for fmt in registry.formats}
    best = max(hits.values())
    candidates = [f for f in registry.formats if hits[f.id] == best]
    if len(candidates) == 1:
        return candidates[0], hits
    if year is not None:
        by_year = registry.for_year(year)
        if by_year in candidates:
            return by_year, hits
    return candidates[-1], hits
