"""Excel export read back with openpyxl: the official layout, the values, and totals as formulas.

The formulas are evaluated here, by a small evaluator for the two forms the workbook uses
(``=SUM(D6:D26)`` and ``=B5+C5-D5``), over the values read back from the file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from export_cases import numbered, sample
from nianbao.core.formats import levels
from nianbao.core.report import Report
from nianbao.core.xlsx_export import render_xlsx, write_xlsx

_SUM = re.compile(r"^=SUM\(([A-Z]+\d+:[A-Z]+\d+)\)$")
_TERMS = re.compile(r"([+-]?)([A-Z]+\d+)")


def evaluate(formula: str, sheet) -> Decimal:
    """The value of ``=SUM(range)`` or ``=A1+B1-C1`` over the sheet's stored numbers."""
    m = _SUM.match(formula)
    if m:
        c1, r1, c2, r2 = range_boundaries(m.group(1))
        cells = [sheet.cell(r, c).value for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        return sum((_number(v) for v in cells), Decimal(0))
    assert re.fullmatch(r"=([+-]?[A-Z]+\d+)+", formula), formula
    total = Decimal(0)
    for sign, ref in _TERMS.findall(formula[1:]):
        total += -_number(sheet[ref].value) if sign == "-" else _number(sheet[ref].value)
    return total


def _number(value) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


def balanced(report: Report) -> Report:
    """Totals set to the sum of their parts, by this test (from the rules in the format file)."""
    totals = [r for r in report.format.relations if r.is_total]
    for _ in range(3):
        for rel in totals:
            report.cells[rel.left[0].cell] = sum(t.sign * report.cells[t.cell] for t in rel.right)
    return report


def books(report: Report):
    data = render_xlsx(report)
    return openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def grid_origin(sheet, table) -> tuple[int, int]:
    """(row, column) of the grid's top-left cell, found by the table's first label."""
    first = table.items[0].text
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == first:
                return cell.row, cell.column
    raise AssertionError(f"{first} not found")


@pytest.mark.parametrize("make", [lambda: balanced(numbered("2021")), lambda: balanced(numbered("2019")), sample])
def test_values_and_formula_totals_read_back(make):
    report = make()
    formulas, values = books(report)
    assert formulas.sheetnames == ["基本信息"] + [t.name for t in report.format.tables]
    total_ids = {r.left[0].cell for r in report.format.relations if r.is_total}
    for table in report.format.tables:
        fsheet, vsheet = formulas[table.name], values[table.name]
        top, left = grid_origin(fsheet, table)
        for cell in table.cells:
            at = (top + cell.row, left + cell.col)
            stored, cached = fsheet.cell(*at).value, vsheet.cell(*at).value
            expected = report.cells[cell.id]
            assert _number(cached) == expected, cell.id  # what a reader without recalculation sees
            if cell.id in total_ids:
                assert isinstance(stored, str) and stored.startswith("="), cell.id
                assert evaluate(stored, vsheet) == expected, (cell.id, stored)
            else:
                assert _number(stored) == expected, cell.id


def test_a_reviewer_changing_a_part_moves_the_total():
    report = balanced(numbered("2021"))
    formulas, values = books(report)
    sheet, vsheet = formulas["表三"], values["表三"]
    table = report.format.table("t3")
    top, left = grid_origin(sheet, table)
    where = {c.id: (top + c.row, left + c.col) for c in table.cells}
    before = evaluate(sheet.cell(*where["t3.new.tot"]).value, vsheet)
    vsheet.cell(*where["t3.new.np"]).value += 10
    assert evaluate(sheet.cell(*where["t3.new.tot"]).value, vsheet) == before + 10
    assert before == sum(report.cells[f"t3.new.{c}"] for c in ("np", "biz", "res", "ngo", "law", "oth"))


def test_layout_is_the_official_table():
    report = numbered("2021")
    formulas, _ = books(report)
    for table in report.format.tables:
        sheet = formulas[table.name]
        top, left = grid_origin(sheet, table)
        merged = {str(r) for r in sheet.merged_cells.ranges}
        for item in table.items:
            cell = sheet.cell(top + item.row, left + item.col)
            if item.role != "data":
                assert cell.value == item.text
            if item.rowspan > 1 or item.colspan > 1:
                ref = f"{cell.coordinate}:{sheet.cell(top + item.row + item.rowspan - 1, left + item.col + item.colspan - 1).coordinate}"
                assert ref in merged, (table.id, item)
            assert cell.border.left.style == "thin"
        section = next(s.heading for s in report.format.sections if s.table == table.id)
        assert sheet.cell(1, 1).value == section
        # prints on A4, one page per table, header rows repeated
        assert int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1) == 1 and (sheet.page_setup.fitToHeight or 1) == 1  # OOXML's default
        if table.header_rows():
            assert sheet.print_title_rows == f"${top}:${top + table.header_rows() - 1}"


def test_basic_information_sheet():
    report = sample()
    report.published = "2021-01-20"
    _, values = books(report)
    rows = {r[0]: r[1] for r in values["基本信息"].iter_rows(values_only=True) if r[0]}
    assert rows["机关名称"] == report.agency
    assert rows["机关层级"] == levels()[report.level]
    assert rows["报告年度"] == 2020
    assert rows["报告格式"] == report.format.label
    assert rows["发布日期"] == dt.datetime(2021, 1, 20)


def test_blank_cells_stay_blank_and_a_stated_total_is_kept_with_a_note():
    report = balanced(numbered("2021"))
    del report.cells["t3.new.np"]  # a blank part
    del report.cells["t4.review.total"]  # a blank total: no formula that would show 0
    report.cells["t3.carry_in.tot"] += 5  # a stated total that does not add up
    formulas, values = books(report)
    table = report.format.table("t3")
    sheet, vsheet = formulas["表三"], values["表三"]
    top, left = grid_origin(sheet, table)
    where = {c.id: (top + c.row, left + c.col) for c in table.cells}
    assert sheet.cell(*where["t3.new.np"]).value is None
    wrong = sheet.cell(*where["t3.carry_in.tot"])
    assert _number(vsheet.cell(*where["t3.carry_in.tot"]).value) == report.cells["t3.carry_in.tot"]
    assert evaluate(wrong.value, vsheet) == report.cells["t3.carry_in.tot"] - 5
    assert wrong.comment is not None and str(report.cells["t3.carry_in.tot"]) in wrong.comment.text
    assert sheet.cell(*where["t3.new.tot"]).comment is not None  # a part is blank: said so
    t4 = formulas["表四"]
    top4, left4 = grid_origin(t4, report.format.table("t4"))
    total = report.format.cells["t4.review.total"]
    assert t4.cell(top4 + total.row, left4 + total.col).value is None


def test_decimals_keep_their_places(tmp_path):
    report = numbered("2021")
    path = tmp_path / "表格.xlsx"
    write_xlsx(report, path)
    sheet = openpyxl.load_workbook(path)["表二"]
    top, left = grid_origin(sheet, report.format.table("t2"))
    fee = report.format.cells["t2.fee.amount"]
    cell = sheet.cell(top + fee.row, left + fee.col)
    assert _number(cell.value) == report.cells["t2.fee.amount"] and cell.number_format == "0.00"
