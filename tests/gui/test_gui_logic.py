"""The window's Qt-free helpers: incremental totals, paste plans, TSV blocks, grid moves."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.core import draft
from nianbao.core.formats import default_registry
from nianbao.core.report import compute_totals, new_report
from nianbao.gui import grid_nav
from nianbao.gui.paste import plan_fill, plan_paste
from nianbao.gui.totals import TotalsIndex
from nianbao.gui.tsv import format_block, parse_block

REGISTRY = default_registry()
FORMATS = [REGISTRY.get("2019"), REGISTRY.get("2021")]


def _editable(fmt, totals):
    return [c for c in fmt.cells.values() if not totals.is_total(c.id)]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_incremental_totals_equal_compute_totals(data):
    fmt = data.draw(st.sampled_from(FORMATS))
    totals = TotalsIndex(fmt)
    cells = _editable(fmt, totals)
    report = new_report(2022, format_id=fmt.id)
    for cell in data.draw(st.lists(st.sampled_from(cells), max_size=40)):
        report.cells[cell.id] = (
            data.draw(st.integers(0, 50))
            if fmt.kinds[cell.kind].type == "integer"
            else Decimal(data.draw(st.integers(0, 999))) / 10
        )
    compute_totals(report)  # a consistent starting point
    edited = {}
    for cell in data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=8)):
        edited[cell.id] = (
            data.draw(st.one_of(st.none(), st.integers(0, 9))) if fmt.kinds[cell.kind].type == "integer" else None
        )
    incremental = dict(report.cells)
    for k, v in edited.items():
        incremental.pop(k, None) if v is None else incremental.__setitem__(k, v)
    totals.recompute(incremental, edited)
    full = copy.deepcopy(report)
    for k, v in edited.items():
        full.set_value(k, v)
    compute_totals(full)
    assert incremental == full.cells


def test_incremental_totals_leave_unreached_stated_totals_alone(sample_path):
    report = draft.load(sample_path)
    report.cells["t4.review.total"] = 99  # a stated (wrong) total, e.g. from a published page
    totals = TotalsIndex(report.format)
    changed = totals.recompute(report.cells, ["t3.r1.np"])
    assert report.cells["t4.review.total"] == 99
    assert changed == set()  # 0 stays 0: nothing to change
    report.cells["t3.r1.np"] = 4
    assert totals.recompute(report.cells, ["t3.r1.np"]) == {"t3.r1.tot", "t3.r7_total.np", "t3.r7_total.tot"}


def _block(rows):
    return [row.split("\t") for row in rows]


def test_paste_plan_fills_a_block_and_checks_stated_totals(sample_path):
    report = draft.load(sample_path)
    table = report.format.table("t3")
    totals = TotalsIndex(report.format)
    top, left = 3, 3  # 一、本年新收 / 自然人
    good = _block(["1\t2\t0\t0\t0\t0\t3", "0\t0\t0\t0\t0\t1\t1", "1\t2\t0\t0\t0\t1\t4"])
    plan = plan_paste(report, table, totals, top, left, good)
    assert plan.ok, plan.problems
    assert plan.values["t3.new.biz"] == 2 and plan.values["t3.r1.oth"] == 1
    assert "t3.new.tot" not in plan.values  # totals are computed, never set
    wrong_total = _block(["1\t2\t0\t0\t0\t0\t4"])
    plan = plan_paste(report, table, totals, top, left, wrong_total)
    assert not plan.ok and "合计" in plan.summary() and "4" in plan.summary()


def test_paste_plan_refuses_everything_when_one_value_is_bad(sample_path):
    report = draft.load(sample_path)
    table = report.format.table("t3")
    totals = TotalsIndex(report.format)
    plan = plan_paste(report, table, totals, 3, 3, _block(["1\t2\t3", "4\tx\t6"]))
    assert not plan.ok
    assert "第2行第2列" in plan.problems[0] and "「x」不是数字" in plan.problems[0]
    assert plan.summary().startswith("没有粘贴")
    negative = plan_paste(report, table, totals, 3, 3, _block(["-1"]))
    assert not negative.ok and "负数" in negative.problems[0]
    too_wide = plan_paste(report, table, totals, 3, 8, _block(["1\t2\t3"]))
    assert not too_wide.ok and "放不下" in too_wide.problems[0]


def test_paste_plan_accepts_labels_copied_with_the_block_and_normalises_numbers(sample_path):
    report = draft.load(sample_path)
    table = report.format.table("t3")
    plan = plan_paste(
        report,
        table,
        TotalsIndex(report.format),
        3,
        0,
        _block(["一、本年新收政府信息公开申请数量\t\t\t１，２３４\t 5 "]),
    )
    assert plan.ok, plan.problems
    assert plan.values == {"t3.new.np": 1234, "t3.new.biz": 5}
    label_clash = plan_paste(report, table, TotalsIndex(report.format), 3, 0, _block(["7"]))
    assert not label_clash.ok and "表格标签" in label_clash.problems[0]


def test_plan_fill_parses_for_each_cell_kind(sample_path):
    report = draft.load(sample_path)
    assert plan_fill(report, ["t2.license.delta", "t2.fee.delta"], "-2").values == {
        "t2.license.delta": -2,
        "t2.fee.delta": -2,
    }
    assert not plan_fill(report, ["t2.license.delta", "t2.license.decisions"], "-2").ok


def test_tsv_round_trip_and_excel_line_endings():
    rows = [["1", "2", ""], ["a\tb", 'say "x"', "3"]]
    assert parse_block(format_block(rows)) == rows
    assert parse_block("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_block("") == []
    assert format_block([["1", "2"], ["3", "4"]]) == "1\t2\n3\t4"


def test_grid_moves_skip_labels_and_totals():
    fmt = REGISTRY.get("2019")
    table = fmt.table("t3")
    totals = TotalsIndex(fmt)

    def editable(item):
        return item.role == "data" and not totals.is_total(item.cell_id)

    def data(item):
        return item.role == "data"

    r6 = fmt.cells["t3.r6.np"]
    carry_out = fmt.cells["t3.carry_out.np"]
    assert grid_nav.step(table, r6.row, r6.col, grid_nav.DOWN, editable) == (carry_out.row, carry_out.col)
    oth = fmt.cells["t3.new.oth"]
    assert grid_nav.step(table, oth.row, oth.col, grid_nav.RIGHT, data) == (oth.row, oth.col + 1)
    nxt = fmt.cells["t3.carry_in.np"]
    assert grid_nav.step(table, oth.row, oth.col, grid_nav.NEXT, editable) == (nxt.row, nxt.col)
    first = fmt.cells["t3.new.np"]
    assert grid_nav.step(table, first.row, first.col, grid_nav.UP, data) is None
    assert grid_nav.step(table, nxt.row, nxt.col, grid_nav.PREVIOUS, editable) == (oth.row, oth.col)


def test_paste_plan_respects_merged_data_cells():
    report = new_report(2022, format_id="2021")
    table = report.format.table("t2")
    cell = report.format.cells["t2.license.decisions"]  # one value across three columns
    totals = TotalsIndex(report.format)
    plan = plan_paste(report, table, totals, cell.row, cell.col, [["5", "", ""]])
    assert plan.ok and plan.values == {"t2.license.decisions": 5}
    plan = plan_paste(report, table, totals, cell.row, cell.col, [["5", "6"]])
    assert not plan.ok and "合并单元格" in plan.problems[0]
