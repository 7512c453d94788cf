"""Headings inside the texts and the number of parts the preface announces, on both formats."""

from __future__ import annotations

import pytest
from content_helpers import F19, F21, PREFACE, PROBLEMS, written

from nianbao.core.findings import ERROR, WARNING
from nianbao.core.rules import check

BOTH = pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])


def only(report, rule):
    return [f for f in check(report) if f.rule == rule]


# ---------------------------------------------------------------- text.headings


@BOTH
def test_a_first_line_that_is_a_non_official_heading(fmt):
    report = written(fmt)
    report.texts["general"] = "工作总体推进情况\n" + report.texts["general"]
    (found,) = only(report, "text.headings")
    assert found.severity == WARNING and found.part == "general"
    assert "「工作总体推进情况」" in found.message and "「一、总体情况」" in found.message
    assert report.texts["general"][slice(*found.span)] == "工作总体推进情况"


@BOTH
def test_the_heading_of_another_part_inside_a_text(fmt):
    """An imported or pasted report whose 六 was headed 「其他报告的事项」 ran into 五."""
    report = written(fmt)
    report.texts["problems"] = PROBLEMS + "\n六、其他报告的事项\n本年度无其他需要报告的事项。"
    (found,) = only(report, "text.headings")
    assert found.part == "problems" and "另一部分的标题「六、其他报告的事项」" in found.message
    assert "「六、其他需要报告的事项」" in found.message
    assert report.texts["problems"][slice(*found.span)] == "六、其他报告的事项"


@BOTH
def test_own_numbered_heading_differing_from_the_official_one(fmt):
    report = written(fmt)
    report.texts["problems"] = "五、存在的问题和改进措施\n" + PROBLEMS
    (found,) = only(report, "text.headings")
    assert "「五、存在的问题和改进措施」与官方格式的标题「五、存在的主要问题及改进情况」不一致" in found.message


@BOTH
@pytest.mark.parametrize(
    "start",
    [
        "五、存在的主要问题及改进措施\n",  # a known harmless variant
        "五、存在的主要问题及改进情况\n",  # the official heading itself
        "五、存在问题及改进情况\n",
    ],
)
def test_official_and_harmless_headings_are_fine(fmt, start):
    report = written(fmt)
    report.texts["problems"] = start + PROBLEMS
    assert only(report, "text.headings") == []


@BOTH
def test_numbered_sub_headings_are_not_part_headings(fmt):
    report = written(fmt)
    report.texts["problems"] = "一、存在的主要问题\n" + PROBLEMS + "\n二、改进措施\n下一步将加强培训。"
    report.texts["other"] = report.texts["other"] + "\n一、信息处理费收取情况\n本年度未收取。"
    assert only(report, "text.headings") == []


@BOTH
def test_a_one_line_statement_is_not_a_heading(fmt):
    report = written(fmt)
    report.texts["other"] = "无其他需要报告的事项"  # 平潭 2019/2020 write exactly this
    assert only(report, "text.headings") == []


# ---------------------------------------------------------------- text.part_count


@BOTH
@pytest.mark.parametrize("announced", ["共分五个部分", "共分为以下五项内容", "由以下5个部分组成"])
def test_a_wrong_number_of_parts_is_an_error(fmt, announced):
    report = written(fmt)
    report.texts["preface"] = f"本报告根据《条例》编制，{announced}。"
    (found,) = only(report, "text.part_count")
    assert found.severity == ERROR and found.part == "preface"
    assert "报告共有 6 个部分" in found.message and "这里写的是 5 个" in found.message
    assert fmt.name in found.message


@BOTH
def test_a_list_of_parts_shorter_than_announced(fmt):
    """E10: 「由…等六部分组成」 listing five (no 行政复议/诉讼 part)."""
    report = written(fmt)
    report.texts["preface"] = (
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况、"
        "其他需要报告的事项等六部分组成。"
    )
    (found,) = only(report, "text.part_count")
    assert "列出的只有 5 个" in found.message and "政府信息公开行政复议、行政诉讼情况" in found.message


@BOTH
def test_six_parts_listed_or_not_are_fine(fmt):
    report = written(fmt)
    assert report.texts["preface"] == PREFACE.format(y=report.year)
    assert only(report, "text.part_count") == []
    for preface in (
        "本报告共分6个部分。",
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、因政府信息公开申请行政复议、"
        "提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进情况和其他需要报告的事项等六个部分。",  # 平潭
        "全年公开三项内容。",  # not about the report's parts
    ):
        report.texts["preface"] = preface
        assert only(report, "text.part_count") == [], preface
