"""What parts 一, 五 and 六 should say, and 表二's 收费金额: each rule passes and fails, on both formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from content_helpers import F19, F21, GENERAL, OTHER_2019, OTHER_2021, PROBLEMS, rules_of, written

from helpers import filled, sample_t3
from nianbao.core import content_checks
from nianbao.core.findings import NOTE, WARNING
from nianbao.core.rules import check

BOTH = pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])


def only(report, rule):
    return [f for f in check(report) if f.rule == rule]


@BOTH
def test_a_well_written_report_has_no_finding_at_all(fmt):
    assert check(written(fmt)) == []


# ---------------------------------------------------------------- text.empty_parts


@BOTH
@pytest.mark.parametrize("part", ["general", "problems", "other"])
def test_an_empty_part_is_reported(fmt, part):
    report = written(fmt)
    report.texts[part] = ""
    (found,) = only(report, "text.empty_parts")
    assert found.severity == WARNING and found.part == part and found.span == (0, 0)
    heading = next(s.heading for s in fmt.sections if s.id == part)
    assert f"「{heading}」未填写" in found.message and "通常应写明" in found.message


@BOTH
@pytest.mark.parametrize("placeholder", ["无", "暂无。", " 无 ", "略", "本年度无"])
def test_a_placeholder_is_reported_with_the_users_words_and_nothing_else_about_the_part(fmt, placeholder):
    report = written(fmt)
    report.texts["other"] = placeholder
    findings = [f for f in check(report) if f.part == "other"]
    assert rules_of(findings) == ["text.empty_parts"]  # not also 信息处理费 etc.
    assert f"只写了「{placeholder.strip()}」" in findings[0].message
    assert report.texts["other"][slice(*findings[0].span)] == placeholder.strip()


def test_the_2021_format_says_what_六_should_hold():
    report = written(F21)
    report.texts["other"] = "无"
    (found,) = only(report, "text.empty_parts")
    assert "信息处理费" in found.message
    old = written(F19)
    old.texts["other"] = "无"
    assert "信息处理费" not in only(old, "text.empty_parts")[0].message


@BOTH
def test_a_short_statement_that_there_is_nothing_to_report_is_not_empty(fmt):
    report = written(fmt)
    report.texts["other"] = OTHER_2019
    assert only(report, "text.empty_parts") == []


# ---------------------------------------------------------------- text.general_topics / general_length


def test_一_of_the_2021_format_must_touch_its_five_topics():
    report = written(F21)
    report.texts["general"] = GENERAL.format(y=2022).replace("（五）监督保障。将政务公开工作纳入年度绩效考核。", "")
    report.texts["general"] = report.texts["general"].replace(
        "（三）政府信息管理。严格落实信息发布保密审查制度。\n", ""
    )
    (found,) = only(report, "text.general_topics")
    assert found.severity == WARNING and found.part == "general"
    assert "「政府信息管理」、「监督保障」" in found.message and "「主动公开」" not in found.message.split("：")[0]
    assert "（开头为「2022年，我局认真贯彻落实《条例》。」）" in found.message
    assert report.texts["general"][slice(*found.span)] == "2022年，我局认真贯彻落实《条例》。"


def test_the_2019_format_does_not_ask_for_the_five_topics():
    report = written(F19)
    report.texts["general"] = "2020年，我局认真贯彻落实《条例》，通过门户网站主动公开政府信息120条。"
    assert only(report, "text.general_topics") == []


@BOTH
def test_the_length_of_一_is_checked_only_when_a_limit_is_set(fmt, monkeypatch):
    report = written(fmt)
    report.texts["general"] = GENERAL.format(y=report.year) + "加强政策解读。" * 200
    assert only(report, "text.general_length") == []  # off by default
    monkeypatch.setitem(content_checks.config()["rules"]["text.general_length"], "max_chars", 1000)
    (found,) = only(report, "text.general_length")
    assert found.severity == NOTE and "超过了设定的 1000 字" in found.message
    report.texts["general"] = GENERAL.format(y=report.year)
    assert only(report, "text.general_length") == []


# ---------------------------------------------------------------- 五


@BOTH
def test_五_with_problems_but_no_measures(fmt):
    report = written(fmt)
    report.texts["problems"] = "本年度工作存在一些不足。一是政策解读形式不够丰富。二是部分栏目信息更新不及时。" * 3
    (found,) = only(report, "text.problems_parts")
    assert found.severity == WARNING and "没有写改进措施" in found.message
    assert report.texts["problems"][slice(*found.span)] == "不足"
    assert "「本年度工作存在一些不足」" in found.message


@BOTH
def test_五_with_measures_but_no_problems(fmt):
    report = written(fmt)
    report.texts["problems"] = "下一步，我局将继续丰富政策解读形式，推进基层政务公开标准化规范化建设。" * 3
    (found,) = only(report, "text.problems_parts")
    assert "只写了改进措施，没有写存在的问题" in found.message


@BOTH
def test_五_with_neither(fmt):
    report = written(fmt)
    report.texts["problems"] = "本年度，我局政府信息公开工作取得了较好成效，群众满意度较高。" * 4
    (found,) = only(report, "text.problems_parts")
    assert "既没有写存在的问题，也没有写改进措施" in found.message


@BOTH
def test_a_short_五_is_a_note(fmt):
    report = written(fmt)
    report.texts["problems"] = "存在不足，下一步将加强培训。"
    (found,) = only(report, "text.problems_short")
    assert found.severity == NOTE and "只有 14 字" in found.message and "不少于 100 字" in found.message
    report.texts["problems"] = PROBLEMS
    assert only(report, "text.problems_short") == []


# ---------------------------------------------------------------- 六


def test_六_of_the_2021_format_must_speak_of_the_information_fee():
    report = written(F21)
    report.texts["other"] = "本年度人大代表建议和政协提案办理结果均已公开，无其他需要报告的事项。"
    (found,) = only(report, "text.fee_statement")
    assert found.severity == WARNING and "信息处理费" in found.message and "国办函〔2020〕109号" in found.message
    assert "「本年度人大代表建议和政协提案办理结果均已公开" in found.message
    for said in ("本年度未收取信息处理费。", "全年收取信息处理费300元。", "2024年，无收取信息处理费情况。"):
        report.texts["other"] = said
        assert only(report, "text.fee_statement") == [], said


def test_the_2019_format_does_not_ask_for_the_information_fee():
    report = written(F19)
    report.texts["other"] = "本年度人大代表建议和政协提案办理结果均已公开，无其他需要报告的事项。"
    assert only(report, "text.fee_statement") == []


def _with_unpaid_fee_notice(fmt):
    t3 = {**sample_t3(), ("new", "np"): 6, ("r6_2", "np"): 1}
    report = written(fmt)
    report.cells.update(filled(fmt, t3).cells)
    report.texts["general"] = report.texts["general"].replace("申请7件", "申请8件")
    return report


def test_fee_notices_in_表三_while_六_says_no_fee():
    report = _with_unpaid_fee_notice(F21)
    assert check(report) == [f for f in check(report) if f.rule == "text.fee_table"]  # balanced otherwise
    (found,) = only(report, "text.fee_table")
    assert found.severity == NOTE and found.cells == ("t3.r6_2.tot",) and found.part == "other"
    assert "总计为 1" in found.message and "「本年度未收取信息处理费」" in found.message
    assert report.texts["other"][slice(*found.span)] == "未收取信息处理费"
    report.texts["other"] = "本年度向申请人发出收费通知1件，申请人逾期未缴纳，未收取信息处理费。"
    assert only(report, "text.fee_table") == []
    report.texts["other"] = "全年收取信息处理费3940元。"  # charged: no claim of "no fee"
    assert only(report, "text.fee_table") == []


def test_表二_administrative_fees_are_not_the_information_fee():
    """表二 行政事业性收费 is the body's own fees: not tied to what 六 says about 信息处理费."""
    report = written(F21)
    report.cells["t2.fee.amount"] = Decimal("25.5")
    assert check(report) == []


# ---------------------------------------------------------------- text.other_items


def test_other_items_are_off_by_default_and_a_note_when_turned_on(monkeypatch):
    report = written(F21)
    report.texts["other"] = "本年度未收取信息处理费。"
    assert only(report, "text.other_items") == []
    monkeypatch.setitem(content_checks.config()["rules"]["text.other_items"], "enabled", True)
    (found,) = only(report, "text.other_items")
    assert found.severity == NOTE and "人大代表建议和政协提案" in found.message and "工作要点" in found.message
    assert "未能核实" in found.message  # honest about the source
    report.texts["other"] = OTHER_2021
    assert only(report, "text.other_items") == []
    old = written(F19)
    old.texts["other"] = "本年度无其他需要报告的事项。"
    assert only(old, "text.other_items") == []  # a 2021-format item


# ---------------------------------------------------------------- t2.fee_unit


@pytest.mark.parametrize(
    ("level", "amount", "flagged"),
    [
        ("township", "1200", True),  # 1 200 万元 for a 乡镇: typed in 元
        ("township", "999.5", False),
        ("county_dept", "1200", False),  # no limit set for this level
        ("county_dept", "1.2345678", True),  # below 1 分
        ("county_dept", "190.457379", False),  # to the 分: real (遂溪县北坡镇 2022)
    ],
)
def test_fee_amount_implausible_for_the_level(level, amount, flagged):
    report = written(F21)
    report.level = level
    report.cells["t2.fee.amount"] = Decimal(amount)
    found = only(report, "t2.fee_unit")
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity == WARNING and found[0].cells == ("t2.fee.amount",)
        assert f"「{amount}」万元" in found[0].message


def test_fee_amount_message_gives_the_amount_in_yuan():
    report = written(F21)
    report.level = "township"
    report.cells["t2.fee.amount"] = Decimal("12500")
    (found,) = only(report, "t2.fee_unit")
    assert "即 125000000 元" in found.message and "乡镇" in found.message


def test_the_2019_format_has_no_fee_amount_cell():
    report = written(F19)
    report.level = "township"
    report.cells["t2.procurement.amount"] = Decimal("123456")
    assert only(report, "t2.fee_unit") == []


def test_a_format_naming_an_unknown_fee_cell_is_a_format_error():
    import dataclasses

    from nianbao.core.errors import FormatError

    broken = dataclasses.replace(F21, text_checks={**F21.text_checks, "fee_unit": {"cell": "t2.nope", "name": "x"}})
    report = written(broken)
    with pytest.raises(FormatError, match=r"t2\.nope"):
        check(report)
