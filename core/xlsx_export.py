"""Excel ``.xlsx`` export in the official layout, written with XlsxWriter.

One workbook: a sheet 基本信息 (机关, 层级, 年度, 格式, 发布日期) and one sheet per table
(表二, 表三, 表四) laid out as the official table: the format grid's merged headers and
labels, verbatim, numbers in their cells, empty cells empty. Every total that the format
computes (rules marked ``total``) is a formula over its parts, so a reviewer who changes a
part sees the total move; the formula's stored result is the value the report states, so
a program that reads the file without recalculating gets the report's own figures, and a
stated total that differs from its parts carries a note saying so. Each sheet prints on
A4 (GB/T 9704 margins, each table fitted to one page, header rows repeated should it ever
break, 「— N —」 footer).

XlsxWriter rather than openpyxl: it writes a formula together with its result (openpyxl
leaves the result empty until a spreadsheet program recalculates), has no dependencies,
and only writes — reading back is for the tests, with openpyxl.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from . import __version__
from .export import Table, plain_width, prepare, write_or_explain
from .formats import Relation, TableDef, levels
from .report import Report
from .values import Value, format_value

WHAT = "Excel"
FONT = "宋体"
GRID_TOP = 2  # the official grid starts on the third row (title and meta data above)
PT_PER_MM = 72 / 25.4
CELL_PT = 10.5
LINE_PT = 14.0


def _formula(terms: list[tuple[int, int, int]]) -> str:
    """``=SUM(D6:D26)`` for a run of cells in one column or row, else ``=D4+E4-F4``."""
    if all(sign == 1 for sign, _, _ in terms) and len(terms) > 2:
        rows = sorted({r for _, r, _ in terms})
        cols = sorted({c for _, _, c in terms})
        if len(cols) == 1 and rows == list(range(rows[0], rows[-1] + 1)):
            return f"=SUM({xl_range(rows[0], cols[0], rows[-1], cols[0])})"
        if len(rows) == 1 and cols == list(range(cols[0], cols[-1] + 1)):
            return f"=SUM({xl_range(rows[0], cols[0], rows[0], cols[-1])})"
    text = ""
    for i, (sign, r, c) in enumerate(terms):
        ref = xl_rowcol_to_cell(r, c)
        text += ref if i == 0 and sign == 1 else ("+" if sign == 1 else "-") + ref
    return "=" + text


def _number_format(value: Value) -> str:
    """Decimals show as many places as typed (1.50 stays 1.50); integers plainly."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return "0." + "0" * places if places else "0"
    return "0"


def _row_heights(table: TableDef, texts: tuple[str, ...], widths_mm: tuple[float, ...]) -> list[float]:
    """Row heights in points that show every wrapped label (merged cells share their rows)."""
    heights = [20.0] * table.n_rows
    for item, text in sorted(zip(table.items, texts, strict=True), key=lambda p: p[0].rowspan):
        inner = sum(widths_mm[item.col : item.col + item.colspan]) * PT_PER_MM - 6
        per_line = max(1, math.floor(inner / CELL_PT))
        need = math.ceil(plain_width(text) / per_line) * LINE_PT + 6 if text else 0
        have = sum(heights[item.row : item.row + item.rowspan])
        if need > have:
            for r in range(item.row, item.row + item.rowspan):
                heights[r] += (need - have) / item.rowspan
    return heights


class _Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, book: xlsxwriter.Workbook):
        base = {"font_name": FONT, "font_size": CELL_PT, "font_charset": 134, "valign": "vcenter"}
        box = dict(base, border=1, text_wrap=True)
        self.title = book.add_format(dict(base, font_size=14, bold=True, align="center"))
        self.meta = book.add_format(dict(base, align="left"))
        self.label = book.add_format(dict(box, align="left"))
        self.centre = book.add_format(dict(box, align="center"))
        self.key = book.add_format(dict(box, bold=True, align="left"))
        self.text = book.add_format(dict(box, align="left"))
        self.date = book.add_format(dict(box, align="left", num_format='yyyy"年"m"月"d"日"'))
        self._numbers: dict[str, object] = {}
        self._book, self._box = book, box

    def number(self, value: Value) -> object:
        fmt = _number_format(value)
        if fmt not in self._numbers:
            self._numbers[fmt] = self._book.add_format(dict(self._box, align="center", num_format=fmt))
        return self._numbers[fmt]


def _page_setup(sheet, header_rows: tuple[int, int] | None, landscape: bool = False) -> None:
    sheet.set_paper(9)  # A4
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=28 / 25.4, right=26 / 25.4, top=37 / 25.4, bottom=35 / 25.4)
    sheet.fit_to_pages(1, 1)  # each official table on one sheet of paper (表三 at about 85 %)
    sheet.center_horizontally()
    sheet.set_footer("&C— &P —", {"margin": 20 / 25.4})
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)


def _info_sheet(book: xlsxwriter.Workbook, report: Report, formats: _Formats) -> None:
    sheet = book.add_worksheet("基本信息")
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 60)
    sheet.merge_range(0, 0, 0, 1, report.title or "政府信息公开工作年度报告", formats.title)
    sheet.set_row(0, 28)
    rows: list[tuple[str, object]] = [
        ("机关名称", report.agency),
        ("机关层级", levels().get(report.level, report.level)),
        ("报告年度", report.year if report.year is not None else ""),
        ("报告格式", report.format.label),
    ]
    for r, (key, value) in enumerate(rows, start=2):
        sheet.write(r, 0, key, formats.key)
        sheet.write(r, 1, value, formats.text)
        sheet.set_row(r, 22)
    r = len(rows) + 2
    sheet.write(r, 0, "发布日期", formats.key)
    try:
        sheet.write_datetime(r, 1, _dt.datetime.fromisoformat(report.published), formats.date)
    except (TypeError, ValueError):
        sheet.write(r, 1, report.published, formats.text)
    sheet.set_row(r, 22)
    sheet.write(r + 2, 0, "说明：各表中的合计为公式，改动各项时自动重算；存放的结果是报告中填写的数值。", formats.meta)
    _page_setup(sheet, None)


def _table_sheet(
    book: xlsxwriter.Workbook, report: Report, block: Table, totals: dict[str, Relation], formats: _Formats
) -> None:
    table = block.table
    sheet = book.add_worksheet(table.name)
    section = next((s.heading for s in report.format.sections if s.table == table.id), table.title)
    widths = block.widths_mm
    for c, mm in enumerate(widths):
        sheet.set_column(c, c, max(3.0, (mm / 25.4 * 96 - 5) / 7))  # mm -> Excel's character units
    last_col = table.n_cols - 1
    sheet.merge_range(0, 0, 0, last_col, section, formats.title)
    sheet.set_row(0, 28)
    year = f"{report.year}年度" if report.year else ""
    sheet.merge_range(1, 0, 1, last_col, f"{table.name}　{report.agency}　{year}".strip("　"), formats.meta)
    for r, height in enumerate(_row_heights(table, block.texts, widths)):
        sheet.set_row(GRID_TOP + r, height)
    place = {cell.id: (GRID_TOP + cell.row, cell.col) for cell in table.cells}
    for item, text in zip(table.items, block.texts, strict=True):
        r, c = GRID_TOP + item.row, item.col
        r2, c2 = r + item.rowspan - 1, c + item.colspan - 1
        if item.role != "data":
            fmt = formats.label if item.role == "label" and item.rowspan == 1 else formats.centre
            if (r, c) != (r2, c2):
                sheet.merge_range(r, c, r2, c2, text, fmt)
            else:
                sheet.write_string(r, c, text, fmt)
            continue
        value = report.value(item.cell_id) if item.cell_id else None
        fmt = formats.number(value) if value is not None else formats.centre
        if (r, c) != (r2, c2):
            sheet.merge_range(r, c, r2, c2, "", fmt)
        relation = totals.get(item.cell_id or "")
        if value is None:
            sheet.write_blank(r, c, None, fmt)
        elif relation is not None and all(t.cell in place for t in relation.right):
            terms = [(t.sign, *place[t.cell]) for t in relation.right]
            sheet.write_formula(r, c, _formula(terms), fmt, value)
            parts = [(t.sign, report.value(t.cell)) for t in relation.right]
            computed = sum(sign * part for sign, part in parts if part is not None)
            if computed != value or any(part is None for _, part in parts):
                sheet.write_comment(
                    r,
                    c,
                    f"报告中填写的是 {format_value(value)}，各项之和为 {format_value(computed)}。",
                    {"x_scale": 1.5},
                )
        else:
            sheet.write_number(r, c, value, fmt)
    header = table.header_rows()
    _page_setup(sheet, (GRID_TOP, GRID_TOP + header - 1) if header else None)


def render_xlsx(report: Report, *, path: str | os.PathLike[str] | None = None) -> bytes:
    """The workbook as bytes (see :func:`write_xlsx`)."""
    blocks = prepare(report, WHAT, path, signature=False)
    totals = {rel.left[0].cell: rel for rel in report.format.relations if rel.is_total}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "default_format_properties": {"font_name": FONT, "font_size": CELL_PT}}
    )
    book.set_properties(
        {
            "title": report.title,
            "author": report.agency,
            "subject": f"政府信息公开工作年度报告（{report.format.label}）",
            "keywords": "政府信息公开, 年度报告",
            "comments": f"nianbao {__version__}",
            "created": _dt.datetime.now().replace(microsecond=0),
        }
    )
    formats = _Formats(book)
    _info_sheet(book, report, formats)
    for block in blocks:
        if isinstance(block, Table):
            _table_sheet(book, report, block, totals, formats)
    book.close()
    return buffer.getvalue()


def write_xlsx(report: Report, path: str | os.PathLike[str]) -> None:
    """Write the report as an Excel workbook (``.xlsx``) in the official layout, atomically.

    Raises :class:`~nianbao.core.errors.ExportError` with a Chinese message naming the file.
    """
    write_or_explain(WHAT, path, render_xlsx(report, path=path))
