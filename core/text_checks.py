"""Checks of the report's text parts: years that do not fit, an outdated legal basis, and
figures about applications that contradict the tables. All are warnings.

The patterns and messages live in ``resources/text_checks.json``; which cells a figure is
compared with is format knowledge, in each format file's ``text_checks.figures``. Patterns are
matched against each text part with punctuation made half-width and whitespace removed, so
"2024 年" and "（二） 2020年工作计划" are found as well; every finding carries the part and the
span of the user's own text, and quotes that text, not the normalised form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .findings import WARNING, Finding
from .normalise import normalise
from .report import PREFACE, Report
from .resources import resource_path
from .values import format_value

SNIPPET = 24
#: Characters that end a line for the patterns (they become "\n" in the prepared text).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@cache
def _data() -> dict[str, Any]:
    return json.loads(resource_path("text_checks.json").read_text(encoding="utf-8"))


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Prepared:
    """A text part as the patterns see it, with the position in the raw text of each character."""

    raw: str
    text: str
    origin: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw text that prepared ``text[start:end]`` came from."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.raw)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The user's own words for prepared ``text[start:end]``, on one line."""
        a, b = self.raw_span(start, end)
        return " ".join(self.raw[a:b].split())


@lru_cache(maxsize=256)
def prepare(raw: str) -> Prepared:
    """Punctuation made half-width, whitespace removed, line breaks kept as "\\n".

    Cached: a check runs on every cell edit, while the text parts rarely change between checks.
    """
    norm = normalise(raw)  # same length as raw
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(norm):
        if ch in _LINE_BREAKS:
            if ch == "\n" and i > 0 and norm[i - 1] == "\r":
                continue  # \r\n is one break
            chars.append("\n")
            origin.append(i)
        elif not ch.isspace():
            chars.append(ch)
            origin.append(i)
    return Prepared(raw, "".join(chars), tuple(origin))


@dataclass(frozen=True)
class _Hit:
    """One match of a pattern in a prepared text: where, its named groups, the words around it."""

    start: int
    end: int
    groups: dict[str, str | None]
    context_start: int  # where the quoted words begin (a little of the sentence before)


@lru_cache(maxsize=2048)
def _hits(pattern: str, text: str) -> tuple[_Hit, ...]:
    """Every match of ``pattern`` in a prepared ``text`` (a pure function of both, so cached)."""
    return tuple(
        _Hit(m.start(), m.end(), m.groupdict(), _context_start(text, m.start(), m.end()))
        for m in _rx(pattern).finditer(text)
    )


def _context_start(text: str, start: int, end: int) -> int:
    """Start of the quoted words: up to 12 characters of the sentence before the match."""
    at = start
    while at > 0 and text[at - 1] not in "。;!?\n" and start - at < 12:
        at -= 1
    while at < start and text[at] == ",":
        at += 1
    return max(at, end - SNIPPET)


def part_name(report: Report, part: str) -> str:
    """The name of a text part in messages: 「报告开头」 or the section heading."""
    if part == PREFACE:
        return str(_data()["preface_name"])
    for section in report.format.sections:
        if section.id == part:
            return section.heading
    return part


class _Collector:
    """Findings of one check run: one per rule and place, each with its part and raw span."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str, int]] = set()

    def add(self, rule: str, message: str, part: str, span: tuple[int, int], cells: tuple[str, ...] = ()) -> None:
        key = (rule, part, span[0])
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(Finding(WARNING, rule, message, cells, part=part, span=span))


_Check = Callable[[Report, Prepared, str, str, _Collector], None]


def check_texts(report: Report, previous: Report | None = None) -> list[Finding]:
    """Warnings about the text parts of ``report`` (``previous`` is accepted for symmetry)."""
    del previous
    out = _Collector()
    checks: list[_Check] = [_check_numbers]
    if report.year is not None:
        checks[:0] = [_check_years, _check_basis]
    for part in report.text_ids():
        raw = report.texts.get(part, "")
        if not raw.strip():
            continue
        prepared = prepare(raw)
        name = part_name(report, part)
        for run in checks:
            run(report, prepared, part, name, out)
    return out.findings


def _message(key: str, **values: object) -> str:
    return str(_data()["messages"][key]).format(**values)


def _check_years(report: Report, text: Prepared, part: str, name: str, out: _Collector) -> None:
    year = report.year
    assert year is not None
    data = _data()
    for hit in _hits(data["year_as_subject"], text.text):
        found = int(hit.groups["year"] or 0)
        if found < year or found > year + 1:
            quote = text.quote(hit.context_start, hit.end)
            message = _message("year_as_subject", part=name, quote=quote, found=found, year=year)
            out.add("text.year", message, part, text.raw_span(hit.start, hit.end))
    for hit in _hits(data["statistics_period"], text.text):
        a, b = int(hit.groups["a"] or 0), int(hit.groups["b"] or 0)
        if a != year or b != year:
            message = _message("statistics_period", part=name, quote=text.quote(hit.start, hit.end), year=year)
            out.add("text.year", message, part, text.raw_span(hit.start, hit.end))
    for hit in _hits(data["plan"], text.text):
        found = int(hit.groups["year"] or 0)
        if found <= year:
            quote = text.quote(hit.context_start, hit.end)
            message = _message("plan", part=name, quote=quote, next=year + 1, found=found)
            out.add("text.plan", message, part, text.raw_span(hit.start, hit.end))


def _check_basis(report: Report, text: Prepared, part: str, name: str, out: _Collector) -> None:
    basis = _data()["outdated_basis"]
    year = report.year
    assert year is not None
    if year < basis["from_year"]:
        return
    for pattern in basis["patterns"]:
        hits = _hits(pattern, text.text)
        if hits:
            first = hits[0]
            message = _message(
                "basis",
                part=name,
                quote=text.quote(first.start, first.end),
                document=basis["document"],
                year=year,
                current=basis["current"],
            )
            out.add("text.basis", message, part, text.raw_span(first.start, first.end))
            return


def _check_numbers(report: Report, text: Prepared, part: str, name: str, out: _Collector) -> None:
    for spec in _data()["application_numbers"]:
        figure = report.format.text_figure(spec["id"])
        for hit in _hits(spec["pattern"], text.text):
            stated = int(hit.groups["n"] or 0)
            sums = []
            for cell_ids in figure.cells:
                values = [report.cells.get(c) for c in cell_ids]
                if any(v is None for v in values):
                    continue
                sums.append((sum(values), cell_ids))  # type: ignore[arg-type]
            if not sums or any(total == stated for total, _ in sums):
                continue
            total, cell_ids = sums[0]
            message = _message(
                "numbers",
                part=name,
                quote=text.quote(hit.context_start, hit.end),
                table=figure.table,
                total=format_value(total),
                what=spec["what"],
            )
            out.add("text.numbers", message, part, text.raw_span(hit.start, hit.end), tuple(cell_ids))
