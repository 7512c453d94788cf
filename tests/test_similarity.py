"""Checks against last year's report: a part copied from last year, and 五's follow-up."""

from __future__ import annotations

import pytest
from content_helpers import F19, F21, GENERAL, PROBLEMS, written

from helpers import SHARED
from nianbao.core.findings import NOTE, WARNING
from nianbao.core.rules import check
from nianbao.core.similarity import similarity

REAL = SHARED / "real-reports"


def only(report, rule, previous):
    return [f for f in check(report, previous) if f.rule == rule]


def _pair(fmt):
    """Last year's and this year's report of the same body."""
    year = 2020 if fmt.id == "2019" else 2022
    return written(fmt, year - 1), written(fmt, year)


# ---------------------------------------------------------------- text.copied


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_a_part_copied_with_only_year_and_figures_changed(fmt):
    last, this = _pair(fmt)
    last.texts["general"] = GENERAL.format(y=last.year).replace("120条", "98条").replace("7件", "4件")
    last.texts["general"] = last.texts["general"].replace("我局", "测试局")
    last.texts["problems"] = (
        "存在的问题：政务新媒体互动不足。改进措施：下一步将完善政务新媒体留言回复机制，定期检查。" * 2
    )
    this.texts["general"] = this.texts["general"].replace("我局", "测试局")
    (found,) = only(this, "text.copied", last)
    assert found.severity == WARNING and found.part == "general"
    assert "有 100% 相同" in found.message and "不计年份、数字和机关名称" in found.message
    assert only(this, "text.copied", None) == []  # only with last year's report


def test_the_bodys_name_is_masked():
    last, this = _pair(F21)
    last.agency, this.agency = "某某县民政局", "某某县民政事务局"  # renamed between the years
    last.texts["general"] = GENERAL.format(y=last.year).replace("我局", "某某县民政局")
    this.texts["general"] = GENERAL.format(y=this.year).replace("我局", "某某县民政事务局")
    assert [f.part for f in only(this, "text.copied", last)] == ["general", "problems"]


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_a_rewritten_part_and_a_short_routine_sentence_are_not_copies(fmt):
    last, this = _pair(fmt)
    last.texts["general"] = (
        "（一）主动公开。本年度重点做好惠企政策公开，在门户网站开设专栏，集中发布政策文件并同步解读。" * 2
    )
    last.texts["problems"] = (
        "存在的问题：政务新媒体互动不足。改进措施：下一步将完善政务新媒体留言回复机制，定期检查。" * 2
    )
    assert only(this, "text.copied", last) == []
    last.texts["other"] = this.texts["other"]  # 「本年度未收取信息处理费…」 every year: too short to compare
    assert only(this, "text.copied", last) == []


def test_the_measure_of_similarity():
    assert similarity("2023年，我局公开信息120条，办理申请7件。", "2024年，我局公开信息98条，办理申请3件。") == 1.0
    assert similarity("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未") == 0.0
    assert 0.0 < similarity(GENERAL.format(y=2023), GENERAL.format(y=2023) + PROBLEMS) < 0.8


# ---------------------------------------------------------------- text.problems_followup


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_五_that_ignores_last_years_problems(fmt):
    last, this = _pair(fmt)
    this.texts["problems"] = (
        "本年度工作仍存在不足：一是政务公开队伍建设有待加强，人员流动较大；二是依申请公开答复文书不够规范。"
        "下一步，我局将加强队伍建设，定期组织业务培训，规范答复文书，提升依申请公开办理质量。"
    )
    (found,) = only(this, "text.problems_followup", last)
    assert found.severity == NOTE and found.part == "problems"
    assert (
        "上一年度报告所列问题" in found.message and "「二是基层政务公开标准化规范化水平有待提高」" in found.message
    )  # last year's words
    assert only(this, "text.problems_followup", None) == []


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
@pytest.mark.parametrize(
    "follow_up",
    [
        "上年度报告提出的政策解读形式单一的问题已基本整改。",  # says so
        "本年度丰富了政策解读的形式，推出图解12期。",  # the same topic: 政策解读
    ],
)
def test_五_that_follows_up_last_years_problems(fmt, follow_up):
    last, this = _pair(fmt)
    this.texts["problems"] = (
        follow_up + "本年度工作仍存在不足：政务公开队伍建设有待加强。下一步，我局将加强队伍建设，定期组织业务培训。"
    )
    assert only(this, "text.problems_followup", last) == []


# ---------------------------------------------------------------- the 平潭 series (shared/real-reports)


@pytest.fixture(scope="module")
def pingtan():
    if not REAL.is_dir():
        pytest.skip("shared/real-reports is not here")
    from nianbao.core.importer import import_report

    return {y: import_report(REAL / f"pingtan-{y}.txt").report for y in range(2019, 2026)}


def test_no_part_of_the_pingtan_series_is_a_copy_of_the_year_before(pingtan):
    """Measured: 一 0.03–0.10 and 五 0.01–0.05 between consecutive years, far from 0.8."""
    for year in range(2020, 2026):
        last, this = pingtan[year - 1], pingtan[year]
        assert only(this, "text.copied", last) == [], year
        for part in ("general", "problems"):
            assert similarity(last.texts[part], this.texts[part], (this.agency,)) < 0.2, (year, part)
    # the preface is boilerplate by design (basis, list of parts, statistics period): not compared
    assert similarity(pingtan[2024].texts["preface"], pingtan[2025].texts["preface"]) > 0.9


def test_a_pingtan_一_copied_into_the_next_year_is_found(pingtan):
    last, this = pingtan[2023], pingtan[2024]
    copy = last.texts["general"].replace("2023", "2024").replace("13561", "10407")
    this.texts["general"] = copy
    (found,) = only(this, "text.copied", last)
    assert found.part == "general" and "100%" in found.message
