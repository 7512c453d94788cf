"""汇总 over bodies, and the 单位名单 matching (core/rollup.py, core/roster.py)."""

from __future__ import annotations

from decimal import Decimal

from helpers import filled, sample_t3
from nianbao.core.formats import default_registry
from nianbao.core.rollup import Member, groups, roll_up
from nianbao.core.roster import match_roster, name_key, read_roster, same_body

F21 = default_registry().get("2021")


def body(name, year=2022, **t3):
    report = filled(F21, sample_t3(), year=year)
    report.agency = name
    for key, value in t3.items():
        report.cells[key.replace("__", ".")] = value
    return Member(name, f"{name}.json", report)


def test_the_sum_is_the_sum_computed_by_hand_and_blanks_are_not_zero():
    a, b, c = body("甲镇人民政府"), body("乙镇人民政府"), body("丙局")
    a.report.cells["t2.norm.made"] = 3
    b.report.cells["t2.norm.made"] = 4
    del c.report.cells["t2.norm.made"]  # 丙局 left it blank
    a.report.cells["t2.fee.amount"] = Decimal("1.25")
    b.report.cells["t2.fee.amount"] = Decimal("0.5")
    c.report.cells["t2.fee.amount"] = Decimal("2")
    rollup = roll_up([a, b, c])
    assert rollup.report.cells["t2.norm.made"] == 7
    assert rollup.incomplete["t2.norm.made"] == ("丙局",)
    assert rollup.report.cells["t2.fee.amount"] == Decimal("3.75")
    assert rollup.report.cells["t3.new.np"] == 15  # 5 in each body's sample figures
    assert rollup.contributions("t2.norm.made") == [("乙镇人民政府", 4), ("甲镇人民政府", 3)]
    incomplete = [f for f in rollup.findings() if f.rule == "rollup.incomplete"]
    assert len(incomplete) == 1 and "丙局" in incomplete[0].message and "t2.norm.made" in incomplete[0].cells
    assert not [f for f in rollup.findings() if f.severity == "error"]  # balanced bodies sum to a balanced table


def test_a_body_whose_totals_do_not_add_up_shows_in_the_rules_of_the_sum():
    a, b = body("甲镇"), body("乙镇")
    b.report.cells["t3.new.tot"] += 1  # a stated total that is wrong
    errors = [f for f in roll_up([a, b]).findings() if f.severity == "error"]
    assert any("t3.new.tot" in f.cells for f in errors)


def test_reports_of_another_year_or_format_are_left_out_with_the_reason():
    a, b, c = body("甲镇"), body("乙镇"), body("丙镇", year=2021)
    rollup = roll_up([a, b, c])
    assert [m.name for m in rollup.members] == ["甲镇", "乙镇"]
    ((left_out, reason),) = rollup.excluded
    assert left_out.name == "丙镇" and "2021" in reason


def test_names_match_full_and_short_forms():
    assert name_key("某某县城关镇人民政府") == "某某县城关镇"
    assert same_body("城关镇人民政府", "某某县城关镇人民政府")
    assert same_body("某某县 城关镇", "城关镇")
    assert same_body("某某县教育局", "教育局")
    assert same_body("县教育局", "某某县教育局")
    assert not same_body("城关镇", "新城关镇")  # another body whose name merely ends the same
    assert not same_body("教育局", "某某县教育局城关分局")


def test_roster_reports_missing_unmatched_and_duplicates(tmp_path):
    names = tmp_path / "名单.txt"
    names.write_text("城关镇人民政府\n河西乡\n县教育局\n# 备注行\n河西乡人民政府\n", encoding="utf-8")
    expected = read_roster(names)
    assert expected == ["城关镇人民政府", "河西乡", "县教育局", "河西乡人民政府"]
    match = match_roster(expected, ["某某县城关镇人民政府", "某某县城关镇人民政府", "某某县财政局", "某某县教育局"])
    assert match.matched["城关镇人民政府"] == ["某某县城关镇人民政府", "某某县城关镇人民政府"]
    assert match.missing == ["河西乡"]
    assert match.matched["县教育局"] == ["某某县教育局"]
    assert match.unmatched == ["某某县财政局"]
    assert match.duplicates == ["河西乡人民政府"]


def test_rollup_command_writes_a_draft_of_the_sum(tmp_path, capsys):
    from nianbao.core import draft
    from nianbao.core.cli import main

    folder = tmp_path / "batch"
    folder.mkdir()
    for m in (body("甲镇人民政府"), body("乙镇人民政府"), body("丙镇人民政府", year=2021)):
        draft.save(m.report, folder / f"{m.name}.json")
    out = tmp_path / "汇总.json"
    assert main(["rollup", str(folder), "-o", str(out)]) == 0
    summed = draft.load(out)
    assert summed.cells["t3.new.np"] == 10 and summed.year == 2022
    covered, left_out = summed.texts["preface"].split("未计入")
    assert "甲镇人民政府" in covered and "丙镇人民政府" not in covered and "丙镇人民政府" in left_out
    captured = capsys.readouterr()
    assert "已汇总 2 个单位" in captured.out and "丙镇人民政府" in captured.err
    assert main(["rollup", str(folder), "-o", str(out)]) == 4  # exists: not overwritten


def test_a_report_of_the_other_format_chosen_in_adds_the_cells_both_formats_share():
    f19 = default_registry().get("2019")
    a, b = body("甲镇"), body("乙镇")
    old = filled(f19, sample_t3(), year=2020)
    old.agency = "丙镇"
    c = Member("丙镇", "丙镇.json", old)
    assert [m.name for m, _ in roll_up([a, b, c]).excluded] == ["丙镇"]
    rollup = roll_up([a, b, c], include={"丙镇.json"})
    assert [m.name for m, _ in rollup.chosen] == ["丙镇"] and not rollup.excluded
    assert rollup.report.cells["t3.new.np"] == 15  # 5 + 5 + 5: the id exists in both formats
    assert ("丙镇", 5) in rollup.contributions("t3.new.np")
    note = rollup.draft("某某县").texts["preface"]
    assert "3 个单位" in note and "丙镇使用2019年试行格式" in note and "经选择后计入" in note


def test_the_groups_are_data_and_admit_their_levels():
    by_id = {g.id: g for g in groups()}
    assert by_id["all"].admits("township") and by_id["all"].admits("")
    assert by_id["township"].admits("township") and not by_id["township"].admits("county_dept")
    assert by_id["county_dept"].label == "仅县直部门"
