"""Sentences written from the tables, for the clerk to insert into a text part (「插入数据说明」).

The commonest self-contradiction in a report is a figure in the text that differs from the
table. These sentences take every figure from the cells — no number is ever typed by hand —
and a clause whose cells are not all filled in says so (「…未填写」) instead of writing 0. The
phrasing is data: ``text_checks.sentences`` of each format file, where ``values`` are named
sums of cells, ``groups`` are lists of clauses ``[text, text when a value is blank]`` and
``parts`` say which groups a text part gets (joined by 「；」, ended by 「。」). The inserted text
is plain text the clerk may edit; ``text.numbers`` keeps checking the figures in it.
"""

from __future__ import annotations

import string
from typing import Any

from .errors import FormatError
from .formats import Format
from .report import Report
from .values import Value, format_value


def _spec(fmt: Format) -> dict[str, Any]:
    return fmt.text_checks.get("sentences", {})


def sentence_parts(fmt: Format) -> tuple[str, ...]:
    """The text parts the format has sentences for (e.g. general, proactive, applications, review)."""
    return tuple(_spec(fmt).get("parts", {}))


def _parts_of_totals(fmt: Format) -> dict[str, tuple[str, ...]]:
    """For each total cell of the format, the cells it adds up."""
    return {r.left[0].cell: tuple(t.cell for t in r.right) for r in fmt.totals}


def _complete(report: Report, cell_id: str, totals: dict[str, tuple[str, ...]]) -> bool:
    """Whether a cell is filled in and, for a total, every cell it adds up too.

    The window keeps a total up to date with the parts that are filled in; a total with an
    empty part is a partial sum, and a sentence must not state it as the figure.
    """
    if report.cells.get(cell_id) is None:
        return False
    return all(_complete(report, c, totals) for c in totals.get(cell_id, ()))


def _value(report: Report, name: str, totals: dict[str, tuple[str, ...]]) -> Value | None:
    """A named sum of cells; None when a cell of it (or of a total in it) is empty: never a partial sum."""
    fmt = report.format
    cells = _spec(fmt).get("values", {}).get(name)
    if cells is None:
        raise FormatError(
            f"格式定义文件「{fmt.source or fmt.id}」的 text_checks.sentences.values 中缺少「{name}」",
            path=fmt.source,
            where=f"text_checks.sentences.values.{name}",
        )
    total: Value = 0
    for cell_id in cells:
        if cell_id not in fmt.cells:
            raise FormatError(
                f"格式定义文件「{fmt.source or fmt.id}」的 text_checks.sentences.values.{name} 中的单元格「{cell_id}」不存在",
                path=fmt.source,
                where=f"text_checks.sentences.values.{name}",
            )
        value = report.cells.get(cell_id)
        if value is None or not _complete(report, cell_id, totals):
            return None
        total += value
    return total


def _clause(report: Report, text: str, blank: str, totals: dict[str, tuple[str, ...]]) -> str:
    names = [field for _, field, _, _ in string.Formatter().parse(text) if field]
    values = {name: _value(report, name, totals) for name in names}
    if any(v is None for v in values.values()):
        return blank
    return text.format(**{name: format_value(v) for name, v in values.items()})


def group_text(report: Report, group_id: str, totals: dict[str, tuple[str, ...]] | None = None) -> str:
    """One group of clauses (e.g. 「办理结果：予以公开3件，…」) from the report's cells."""
    totals = _parts_of_totals(report.format) if totals is None else totals
    group = _spec(report.format)["groups"][group_id]
    clauses = [_clause(report, text, blank, totals) for text, blank in group["clauses"]]
    return str(group.get("start", "")) + "，".join(clauses)


def table_sentences(report: Report, part: str) -> str | None:
    """The data sentences for a text part, or None when the format has none for it."""
    groups = _spec(report.format).get("parts", {}).get(part)
    if not groups:
        return None
    totals = _parts_of_totals(report.format)
    return "；".join(group_text(report, g, totals) for g in groups) + "。"
