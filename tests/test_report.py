"""Report model: new drafts, carry-forward, format conversion, computed totals."""

from __future__ import annotations

import pytest

from helpers import filled, leaf_rows, sample_t3
from nianbao.core.formats import default_registry
from nianbao.core.report import carry_forward, compute_totals, convert_format, new_report
from nianbao.core.rules import check

REG = default_registry()


def test_year_picks_format_and_override_is_explicit():
    assert new_report(2020).format.id == "2019"
    assert new_report(2021).format.id == "2021"
    r = new_report(2022, format_id="2019")
    assert r.format.id == "2019"
    assert any(f.rule == "meta.format_year" for f in check(r))
    with pytest.raises(ValueError, match="没有"):
        new_report(2022, format_id="1999")


def test_title():
    r = new_report(2024, "某某镇人民政府")
    assert r.title == "某某镇人民政府2024年政府信息公开工作年度报告"


def test_carry_forward_fills_carry_in_from_carry_out():
    last = filled(REG.get("2021"), sample_t3(), year=2022)
    last.published = "2023-01-20"
    last.texts["general"] = "去年的总体情况"
    nxt = carry_forward(last)
    assert nxt.year == 2023 and nxt.agency == last.agency and nxt.level == last.level
    assert nxt.cells["t3.carry_in.np"] == 2  # last year's 结转下年度 自然人
    assert nxt.cells["t3.carry_in.tot"] == 2
    assert nxt.cells["t3.carry_in.biz"] == 0
    # fields that make no sense to copy start empty
    assert "t3.new.np" not in nxt.cells and "t2.reg.made" not in nxt.cells
    assert nxt.texts == {} and nxt.published == ""
    assert not any(f.rule == "t3.carry_in_previous" for f in check(nxt, last))


def test_carry_forward_across_format_change_and_2019_items():
    last = filled(REG.get("2019"), sample_t3(), year=2019)
    last.cells.update({"t2.license.prev_items": 82, "t2.license.delta": -11})
    same = carry_forward(last, 2020)
    assert same.format.id == "2019"
    assert same.cells["t2.license.prev_items"] == 71
    nxt = carry_forward(last, 2021)
    assert nxt.format.id == "2021"
    assert nxt.cells["t3.carry_in.np"] == 2


def test_carry_forward_skips_empty_sources():
    last = new_report(2022)
    nxt = carry_forward(last)
    assert nxt.cells == {}


def test_convert_keeps_what_fits():
    old = filled(REG.get("2019"), sample_t3(), year=2021)
    old.texts["general"] = "文字"
    new, dropped = convert_format(old, REG.get("2021"))
    assert new.format.id == "2021" and new.texts["general"] == "文字"
    assert new.cells["t3.new.np"] == 5 and new.cells["t4.review.total"] == 0
    assert "t3.r6.np" in dropped and "t2.reg.new_made" in dropped
    assert "t3.r6_1.np" not in new.cells
    assert set(dropped) == set(old.cells) - set(REG.get("2021").cells)


@pytest.mark.parametrize("fmt_id", ["2019", "2021"])
def test_compute_totals_matches_hand_sums(fmt_id):
    fmt = REG.get(fmt_id)
    expected = filled(fmt, sample_t3())
    report = filled(fmt, sample_t3())
    for cell_id in list(report.cells):
        row, col = cell_id.split(".")[1:] if cell_id.startswith("t3.") else ("", "")
        if col == "tot" or row == "r7_total":
            del report.cells[cell_id]
    report.cells["t4.review.total"] = 99
    changed = compute_totals(report)
    assert "t4.review.total" in changed and report.cells["t4.review.total"] == 0
    assert report.cells == expected.cells


def test_compute_totals_leaves_empty_rows_empty():
    report = new_report(2022)
    report.cells["t3.r1.np"] = 3
    compute_totals(report)
    assert report.cells["t3.r1.tot"] == 3
    assert report.cells["t3.r7_total.np"] == 3 and report.cells["t3.r7_total.tot"] == 3
    assert "t3.new.tot" not in report.cells and "t4.review.total" not in report.cells
    report.cells.pop("t3.r1.np")
    compute_totals(report)
    assert "t3.r1.tot" not in report.cells and "t3.r7_total.tot" not in report.cells
    assert all(r in leaf_rows(report.format) for r in ("r1", "r6_3"))


def test_totals_are_ordered_parts_before_wholes_whatever_the_file_order():
    """（七）总计「总计」 adds up the row totals: it must come after them even if the file lists it first."""
    import json

    import pytest

    from nianbao.core.errors import FormatError
    from nianbao.core.formats import parse_format
    from nianbao.core.resources import resource_path

    data = json.loads((resource_path("formats") / "2021.json").read_text(encoding="utf-8"))
    data["rules"].reverse()
    fmt = parse_format(data)
    position = {r.left[0].cell: i for i, r in enumerate(fmt.totals)}
    for rel in fmt.totals:
        for term in rel.right:
            if term.cell in position:
                assert position[term.cell] < position[rel.left[0].cell]
    report = new_report(2022, format_id=None)
    report = type(report)(format=fmt, year=2022)
    for row in ("r1", "r2"):
        report.cells[f"t3.{row}.np"] = 2
    compute_totals(report)  # one pass in the format's order settles totals of totals
    assert report.cells["t3.r7_total.np"] == 4 and report.cells["t3.r7_total.tot"] == 4

    circular = json.loads((resource_path("formats") / "2021.json").read_text(encoding="utf-8"))
    circular["rules"].append(
        {
            "id": "loop",
            "severity": "error",
            "subject": "x",
            "total": True,
            "left": [{"cell": "t3.r1.np", "name": "a"}],
            "op": "=",
            "right": [{"cell": "t3.r1.tot", "name": "b"}],
        }
    )
    with pytest.raises(FormatError, match="循环"):
        parse_format(circular)
