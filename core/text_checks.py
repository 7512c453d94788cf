"""Checks of the report's text parts, run by :func:`check_texts` (part of ``rules.check``).

This module holds the checks of years, the legal basis and the figures a text states
(``text.year``, ``text.plan``, ``text.basis``, ``text.numbers``, ``text.zero_claim``) and calls
the others: what a part must say (:mod:`content_checks`), headings and the announced number
of parts (:mod:`structure_checks`), and, with last year's report, copies and follow-up
(:mod:`similarity`). Patterns and messages live in ``resources/text_checks.json``; which cells
a figure is compared with is format knowledge, in each format file's ``text_checks.figures``.
Every finding carries the part and the span of the user's own text, and quotes that text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from . import content_checks, similarity, structure_checks
from .findings import ERROR, WARNING, Finding
from .prepared_text import Collector, Prepared, filled_sum, part_name, prepare, resource_json
from .prepared_text import hits as _hits
from .report import Report
from .values import Value, format_value

__all__ = ["Prepared", "check_texts", "part_name", "prepare"]


def _data() -> dict[str, Any]:
    return resource_json("text_checks.json")


_Check = Callable[[Report, Prepared, str, str, Collector], None]


def check_texts(report: Report, previous: Report | None = None) -> list[Finding]:
    """Findings about the text parts of ``report``; with ``previous`` the cross-year ones too."""
    out = Collector()
    checks: list[_Check] = [_check_numbers, _check_zero_claims]
    if report.year is not None:
        checks[:0] = [_check_years, _check_basis]
    prepared: dict[str, Prepared] = {}
    for part in report.text_ids():
        raw = report.texts.get(part, "")
        if not raw.strip():
            continue
        text = prepared[part] = prepare(raw)
        name = part_name(report, part)
        for run in checks:
            run(report, text, part, name, out)
    content_checks.check_content(report, prepared, out)
    structure_checks.check_structure(report, prepared, out)
    if previous is not None:
        similarity.check_against_previous(report, previous, prepared, out)
    return out.findings


def _number(digits: str | None) -> int:
    """The number a pattern matched; a run too long to be a year or a count is -1 (it matches
    no table and no year, and ``int()`` of 4 301 digits would fail)."""
    return int(digits) if digits and len(digits) <= 18 else (-1 if digits else 0)


def _message(key: str, **values: object) -> str:
    return str(_data()["messages"][key]).format(**values)


def _check_years(report: Report, text: Prepared, part: str, name: str, out: Collector) -> None:
    year = report.year
    assert year is not None
    data = _data()
    for hit in _hits(data["year_as_subject"], text.text):
        found = _number(hit.groups["year"])
        if found < year or found > year + 1:
            quote = text.quote(hit.context_start, hit.end)
            message = _message("year_as_subject", part=name, quote=quote, found=found, year=year)
            out.add(WARNING, "text.year", message, part, text.raw_span(hit.start, hit.end))
    for hit in _hits(data["year_in_phrase"], text.text):
        found = _number(hit.groups["year"])
        span = text.raw_span(hit.start, hit.start + 4)
        if found < year and not out.has("text.year", part, span[0]):
            quote = text.quote(hit.context_start, hit.end)
            message = _message("year_in_phrase", part=name, quote=quote, found=found, year=year)
            out.add(WARNING, "text.year", message, part, text.raw_span(hit.start, hit.end))
    for hit in _hits(data["statistics_period"], text.text):
        a, b = _number(hit.groups["a"]), _number(hit.groups["b"])
        if a != year or b != year:
            message = _message("statistics_period", part=name, quote=text.quote(hit.start, hit.end), year=year)
            out.add(WARNING, "text.year", message, part, text.raw_span(hit.start, hit.end))
    for hit in _hits(data["plan"], text.text):
        found = _number(hit.groups["year"])
        if found <= year:
            quote = text.quote(hit.context_start, hit.end)
            message = _message("plan", part=name, quote=quote, next=year + 1, found=found)
            out.add(WARNING, "text.plan", message, part, text.raw_span(hit.start, hit.end))


def _check_basis(report: Report, text: Prepared, part: str, name: str, out: Collector) -> None:
    basis = _data()["outdated_basis"]
    year = report.year
    assert year is not None
    if year < basis["from_year"]:
        return
    for pattern in basis["patterns"]:
        found = _hits(pattern, text.text)
        if found:
            first = found[0]
            message = _message(
                "basis",
                part=name,
                quote=text.quote(first.start, first.end),
                document=basis["document"],
                year=year,
                current=basis["current"],
            )
            out.add(WARNING, "text.basis", message, part, text.raw_span(first.start, first.end))
            return


def _sums(report: Report, cell_lists: tuple[tuple[str, ...], ...]) -> list[tuple[Value, tuple[str, ...]]]:
    """The total of each cell list whose cells are all filled in."""
    sums: list[tuple[Value, tuple[str, ...]]] = []
    for cell_ids in cell_lists:
        total = filled_sum(report, cell_ids)
        if total is not None:
            sums.append((total, cell_ids))
    return sums


@cache
def _zero_claim_figures() -> frozenset[str]:
    return frozenset(str(spec["figure"]) for spec in _data()["zero_claims"])


def _check_numbers(report: Report, text: Prepared, part: str, name: str, out: Collector) -> None:
    contradictions = _zero_claim_figures()
    for spec in _data()["application_numbers"]:
        found = _hits(spec["pattern"], text.text)
        if not found:
            continue
        figure = report.format.text_figure(spec["id"])
        for hit in found:
            stated = _number(hit.groups["n"])
            sums = _sums(report, figure.cells)
            if not sums or any(total == stated for total, _ in sums):
                continue
            total, cell_ids = sums[0]
            quote = text.quote(hit.context_start, hit.end)
            span = text.raw_span(hit.start, hit.end)
            values = {"part": name, "quote": quote, "table": figure.table, "what": spec["what"]}
            if spec["id"] in contradictions and (stated == 0 or all(t == 0 for t, _ in sums)):
                key = "zero_claim" if stated == 0 else "zero_claim_reverse"
                what = next(z["what"] for z in _data()["zero_claims"] if z["figure"] == spec["id"])
                message = _message(key, **{**values, "total": format_value(total), "what": what})
                out.add(ERROR, "text.zero_claim", message, part, span, tuple(cell_ids))
                continue
            message = _message("numbers", **values, total=format_value(total))
            out.add(WARNING, "text.numbers", message, part, span, tuple(cell_ids))


def _check_zero_claims(report: Report, text: Prepared, part: str, name: str, out: Collector) -> None:
    """「未收到政府信息公开申请」 while the table counts applications (and the like)."""
    for spec in _data()["zero_claims"]:
        claims = [hit for pattern in spec["patterns"] for hit in _hits(pattern, text.text)]
        if not claims:
            continue
        figure = report.format.text_figure(spec["figure"])
        sums = _sums(report, figure.cells[:1])
        if not sums or sums[0][0] == 0:
            continue
        total, cell_ids = sums[0]
        for hit in claims:
            message = _message(
                "zero_claim",
                part=name,
                quote=text.quote(hit.context_start, hit.end),
                table=figure.table,
                total=format_value(total),
                what=spec["what"],
            )
            out.add(ERROR, "text.zero_claim", message, part, text.raw_span(hit.start, hit.end), tuple(cell_ids))
