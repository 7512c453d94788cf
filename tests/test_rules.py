"""Every rule with a passing and a failing case, on both formats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import filled, sample_t3
from nianbao.core.formats import default_registry
from nianbao.core.rules import ERROR, WARNING, check, count

REG = default_registry()
FORMATS = [REG.get("2019"), REG.get("2021")]


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_balanced_report_passes(fmt):
    findings = [f for f in check(filled(fmt, sample_t3())) if not f.rule.startswith("text.")]  # it has no texts
    assert count(findings) == (0, 0), findings


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_balance_rule_reports_column_numbers_and_difference(fmt):
    report = filled(fmt, sample_t3())
    report.cells["t3.carry_out.np"] = 1  # 5 + 1 = 6 but 4 + 1 = 5
    report.cells["t3.carry_out.tot"] = 1
    found = by_rule(check(report), "t3.balance")
    assert [f.severity for f in found] == [ERROR, ERROR]  # 自然人 and 总计 columns
    msg = found[0].message
    assert "表三「自然人」列" in msg
    assert "本年新收 5" in msg and "上年结转 1" in msg and "= 6" in msg
    assert "结转下年度 1" in msg and "= 5" in msg and "相差 1" in msg
    assert "t3.carry_out.np" in found[0].cells and "t3.new.np" in found[0].cells


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_row_total_rule(fmt):
    report = filled(fmt, sample_t3())
    report.cells["t3.r1.tot"] = 4  # 2 + 1 = 3
    found = by_rule(check(report), "t3.row_total")
    assert len(found) == 1 and found[0].severity == ERROR
    assert "（一）予以公开" in found[0].message and "总计 4" in found[0].message and "相差 1" in found[0].message
    assert set(found[0].cells) == {f"t3.r1.{c}" for c in ["tot", "np", "biz", "res", "ngo", "law", "oth"]}


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_result_total_rule_sums_every_leaf_row(fmt):
    report = filled(fmt, sample_t3())
    last_leaf = "r6" if fmt.id == "2019" else "r6_3"
    report.cells[f"t3.{last_leaf}.res"] = 2
    report.cells[f"t3.{last_leaf}.tot"] = 2
    found = by_rule(check(report), "t3.result_total")
    cols = {f.message.split("「")[1].split("」")[0] for f in found}
    assert cols == {"科研机构", "总计"}
    assert all(f"t3.{last_leaf}.res" in f.cells or f"t3.{last_leaf}.tot" in f.cells for f in found)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_table4_total_rule(fmt):
    report = filled(fmt)
    report.cells["t4.review.maintain"] = 10
    report.cells["t4.review.correct"] = 1
    report.cells["t4.lit_after_review.pending"] = 5
    found = by_rule(check(report), "t4.total")
    assert len(found) == 2
    assert any("行政复议" in f.message and "总计 0" in f.message and "相差 11" in f.message for f in found)
    report.cells["t4.review.total"] = 11
    report.cells["t4.lit_after_review.total"] = 5
    assert by_rule(check(report), "t4.total") == []


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_wrong_kind_is_an_error(fmt):
    report = filled(fmt)
    report.cells["t3.new.np"] = -1
    report.cells["t3.new.biz"] = Decimal("1.5")
    found = by_rule(check(report), "cell.kind")
    assert {f.cells[0] for f in found} == {"t3.new.np", "t3.new.biz"}
    assert all(f.severity == ERROR for f in found)
    # an unreadable cell does not also produce arithmetic noise about itself
    assert not any("t3.new.np" in f.cells for f in check(report) if f.rule == "t3.row_total")


def test_negative_delta_is_legal_in_2019():
    report = filled(FORMATS[0])
    report.cells["t2.license.delta"] = -11
    assert by_rule(check(report), "cell.kind") == []


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_empty_cells_warn_never_read_as_zero(fmt):
    report = filled(fmt, sample_t3())
    del report.cells["t3.new.np"]
    findings = check(report)
    empty = by_rule(findings, "cell.empty")
    assert len(empty) == 1 and empty[0].severity == WARNING and empty[0].cells == ("t3.new.np",)
    assert "未填写" in empty[0].message
    # with the cell empty, the rules that need it are not evaluated as if it were 0
    assert not any(f.severity == ERROR for f in findings)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_results_or_carry_out_larger_than_available_warn(fmt):
    t3 = {("new", "np"): 1, ("r1", "np"): 3, ("carry_out", "np"): 0}
    report = filled(fmt, t3)
    found = check(report)
    assert by_rule(found, "t3.results_exceed") and by_rule(found, "t3.results_exceed")[0].severity == WARNING
    t3 = {("new", "np"): 1, ("carry_out", "np"): 4}
    found = check(filled(fmt, t3))
    assert by_rule(found, "t3.carry_out_exceeds")
    assert not by_rule(check(filled(fmt, sample_t3())), "t3.carry_out_exceeds")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_township_reporting_rules_warns(fmt):
    report = filled(fmt, level="township")
    assert by_rule(check(report), "t2.rules_by_level") == []
    reg_cell = "t2.reg.made" if fmt.id == "2021" else "t2.reg.total_public"
    report.cells[reg_cell] = 2
    found = by_rule(check(report), "t2.rules_by_level")
    assert len(found) == 1 and found[0].severity == WARNING and reg_cell in found[0].cells
    assert "乡镇/街道" in found[0].message and "规章" in found[0].message
    report.level = "city_gov"
    assert by_rule(check(report), "t2.rules_by_level") == []


def test_format_not_matching_year_warns():
    report = filled(FORMATS[0], year=2022)
    found = by_rule(check(report), "meta.format_year")
    assert len(found) == 1 and found[0].severity == WARNING and "2022" in found[0].message
    assert by_rule(check(filled(FORMATS[0], year=2020)), "meta.format_year") == []
    assert by_rule(check(filled(FORMATS[1], year=2020)), "meta.format_year")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_carry_in_must_equal_last_years_carry_out(fmt):
    last = filled(fmt, sample_t3())
    this = filled(fmt, {("carry_in", "np"): 2, ("new", "np"): 3, ("r1", "np"): 5})
    assert by_rule(check(this, last), "t3.carry_in_previous") == []
    this = filled(fmt, {("carry_in", "np"): 1, ("new", "np"): 4, ("r1", "np"): 5})
    found = by_rule(check(this, last), "t3.carry_in_previous")
    assert len(found) == 2 and all(f.severity == ERROR for f in found)  # 自然人 and 总计
    assert "上年结转 1" in found[0].message and "2" in found[0].message
    assert by_rule(check(this), "t3.carry_in_previous") == []  # no previous: not checked


def test_carry_in_checked_across_the_format_change():
    last = filled(FORMATS[0], sample_t3(), year=2020)
    this = filled(FORMATS[1], {("carry_in", "np"): 3, ("new", "np"): 1, ("r1", "np"): 4}, year=2021)
    found = by_rule(check(this, last), "t3.carry_in_previous")
    assert found and "「自然人」" in found[0].message


def test_valid_count_continues_2021():
    fmt = FORMATS[1]
    last = filled(fmt)
    last.cells["t2.norm.valid"] = 25
    this = filled(fmt)
    this.cells.update({"t2.norm.made": 5, "t2.norm.repealed": 1, "t2.norm.valid": 29})
    assert by_rule(check(this, last), "t2.valid_previous") == []
    this.cells["t2.norm.valid"] = 20
    found = by_rule(check(this, last), "t2.valid_previous")
    assert len(found) == 1 and found[0].severity == WARNING
    assert "现行有效件数 20" in found[0].message and "相差 9" in found[0].message


def test_item_count_continues_2019():
    fmt = FORMATS[0]
    last = filled(fmt, year=2019)
    last.cells.update({"t2.license.prev_items": 82, "t2.license.delta": -11})
    this = filled(fmt, year=2020)
    this.cells["t2.license.prev_items"] = 71
    assert by_rule(check(this, last), "t2.items_previous") == []
    this.cells["t2.license.prev_items"] = 82
    found = by_rule(check(this, last), "t2.items_previous")
    assert len(found) == 1 and found[0].severity == WARNING and "行政许可" in found[0].message


def test_2019_published_not_above_total():
    report = filled(FORMATS[0])
    report.cells.update({"t2.norm.new_published": 62, "t2.norm.total_public": 60})
    found = by_rule(check(report), "t2.published_exceeds_total")
    assert len(found) == 1 and found[0].severity == WARNING


def test_missing_meta_warns():
    report = filled(FORMATS[1])
    report.agency = ""
    report.year = None
    rules = {f.rule for f in check(report)}
    assert {"meta.agency", "meta.year"} <= rules


def test_errors_come_before_warnings():
    report = filled(FORMATS[1], sample_t3(), level="township")
    report.cells["t2.reg.made"] = 1
    report.cells["t3.r1.tot"] = 99
    severities = [f.severity for f in check(report)]
    assert severities == sorted(severities, key=lambda s: s != ERROR)
    assert ERROR in severities and WARNING in severities
