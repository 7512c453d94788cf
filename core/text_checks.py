"""Checks of the report's text parts: years that do not fit, an outdated legal basis, and
figures about applications that contradict the tables. All are warnings.

The patterns live in ``resources/text_checks.json``; they are matched against each text
part with punctuation made half-width and whitespace removed, so "2024 年" and
"（二） 2020年工作计划" are found as well.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .findings import WARNING, Finding
from .normalise import skeleton
from .report import PREFACE, Report
from .resources import resource_path
from .values import format_value

SNIPPET = 24


@cache
def _data() -> dict[str, Any]:
    return json.loads(resource_path("text_checks.json").read_text(encoding="utf-8"))


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class _Hit:
    """One match of a pattern in a prepared text: where, its named groups, its words in context."""

    start: int
    whole: str
    groups: dict[str, str | None]
    snippet: str


@lru_cache(maxsize=256)
def _prepared(raw: str) -> str:
    """A text part with punctuation made half-width and whitespace removed, line by line.

    Cached: a check runs on every cell edit, while the text parts rarely change between checks.
    """
    return "\n".join(skeleton(line) for line in raw.splitlines())


@lru_cache(maxsize=2048)
def _hits(pattern: str, text: str) -> tuple[_Hit, ...]:
    """Every match of ``pattern`` in a prepared ``text`` (a pure function of both, so cached)."""
    return tuple(_Hit(m.start(), m.group(0), m.groupdict(), _snippet(text, m)) for m in _rx(pattern).finditer(text))


def _part_name(report: Report, part: str) -> str:
    if part == PREFACE:
        return "开头部分"
    for section in report.format.sections:
        if section.id == part:
            return section.heading
    return part


def _snippet(text: str, m: re.Match[str]) -> str:
    """The matched words with a little of the sentence before them, on one line."""
    start = m.start()
    while start > 0 and text[start - 1] not in "。;!?\n" and m.start() - start < 12:
        start -= 1
    return text[start : m.end()].lstrip(",")[-SNIPPET:]


def check_texts(report: Report, previous: Report | None = None) -> list[Finding]:
    """Warnings about the text parts of ``report`` (``previous`` is accepted for symmetry)."""
    del previous
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()

    def add(rule: str, message: str, key: str, cells: tuple[str, ...] = ()) -> None:
        if (rule, key) not in seen:
            seen.add((rule, key))
            out.append(Finding(WARNING, rule, message, cells))

    for part in report.text_ids():
        raw = report.texts.get(part, "")
        if not raw.strip():
            continue
        text = _prepared(raw)
        name = _part_name(report, part)
        if report.year is not None:
            _check_years(report, text, name, add)
            _check_basis(report, text, name, add)
        _check_numbers(report, text, name, add)
    return out


def _check_years(report: Report, text: str, name: str, add: Any) -> None:
    year = report.year
    assert year is not None
    data = _data()
    for hit in _hits(data["year_as_subject"], text):
        y = int(hit.groups["year"])  # type: ignore[arg-type]
        if y < year or y > year + 1:
            add(
                "text.year",
                f"「{name}」中「{hit.snippet}」：年份 {y} 年与报告年度 {year} 年不符（本报告总结的是 {year} 年的工作）",
                f"{name}:{hit.start}",
            )
    for hit in _hits(data["statistics_period"], text):
        a, b = int(hit.groups["a"]), int(hit.groups["b"])  # type: ignore[arg-type]
        if a != year or b != year:
            add("text.year", f"「{name}」中的统计期限「{hit.whole}」与报告年度 {year} 年不符", f"{name}:{hit.start}")
    for hit in _hits(data["plan"], text):
        y = int(hit.groups["year"])  # type: ignore[arg-type]
        if y <= year:
            add(
                "text.plan",
                f"「{name}」中「{hit.snippet}」：改进计划应针对下一年度（{year + 1} 年），这里写的是 {y} 年",
                f"{name}:{hit.start}",
            )


def _check_basis(report: Report, text: str, name: str, add: Any) -> None:
    basis = _data()["outdated_basis"]
    year = report.year
    assert year is not None
    if year < basis["from_year"]:
        return
    for pattern in basis["patterns"]:
        hits = _hits(pattern, text)
        if hits:
            add(
                "text.basis",
                f"「{name}」引用了「{hits[0].whole}」（{basis['document']}，2019年试行格式的依据）；"
                f"{year}年度的报告应依据{basis['current']}",
                name,
            )
            return


def _check_numbers(report: Report, text: str, name: str, add: Any) -> None:
    for spec in _data()["application_numbers"]:
        for hit in _hits(spec["pattern"], text):
            stated = int(hit.groups["n"])  # type: ignore[arg-type]
            sums = []
            for cell_ids in spec["cells"]:
                values = [report.cells.get(c) for c in cell_ids]
                if any(c not in report.format.cells for c in cell_ids) or any(v is None for v in values):
                    continue
                sums.append((sum(values), cell_ids))  # type: ignore[arg-type]
            if not sums or any(total == stated for total, _ in sums):
                continue
            total, cell_ids = sums[0]
            add(
                "text.numbers",
                f"「{name}」中写「{hit.snippet}」，而{spec['table']}为 {format_value(total)}："
                f"文字所述{spec['what']}数量与表格不一致",
                f"{name}:{hit.start}",
                tuple(cell_ids),
            )
