"""The text checks: years that do not fit, the outdated legal basis, text figures vs tables."""

from __future__ import annotations

import pytest

from helpers import filled, sample_t3
from nianbao.core.formats import default_registry
from nianbao.core.rules import ERROR, WARNING, check
from nianbao.core.text_checks import check_texts as all_text_checks

F19, F21 = default_registry().get("2019"), default_registry().get("2021")
#: The rules of core/text_checks.py itself (the content checks have their own test files).
OWN_RULES = ("text.year", "text.plan", "text.basis", "text.numbers", "text.zero_claim")


def check_texts(report, previous=None):
    """The findings of this module's rules only (empty 五/六 of these test reports are not the point)."""
    return [f for f in all_text_checks(report, previous) if f.rule in OWN_RULES]


def rules_of(findings):
    return [f.rule for f in findings]


def test_year_of_the_previous_year_as_the_subject_of_a_sentence():
    report = filled(F19, sample_t3(), year=2020)
    report.texts["general"] = "2020年，我镇认真贯彻落实《条例》。\n2019年,我镇通过政府网站公开信息94条。"
    found = check_texts(report)
    assert rules_of(found) == ["text.year"]
    assert "「一、总体情况」" in found[0].message and "2019" in found[0].message and "2020 年" in found[0].message


def test_next_year_plans_and_other_years_inside_sentences_are_fine():
    report = filled(F21, sample_t3(), year=2022)
    report.texts["general"] = "2022年，公开2022年政府预算、2021年政府决算。"
    report.texts["problems"] = "2023年，我区将采取以下措施加以改进：（二）2023年工作计划。"
    assert check_texts(report) == []


def test_plan_for_the_report_year_is_flagged():
    report = filled(F19, sample_t3(), year=2020)
    report.texts["problems"] = "（一）存在的问题。\n（二） 2020年工作计划。一是提高认识。"
    found = check_texts(report)
    assert rules_of(found) == ["text.plan"] and "2021 年" in found[0].message


def test_statistics_period_of_another_year():
    report = filled(F21, sample_t3(), year=2024)
    report.texts["preface"] = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
    found = check_texts(report)
    assert rules_of(found) == ["text.year"] and "「报告开头」" in found[0].message
    assert found[0].part == "preface"
    start, end = found[0].span
    assert report.texts["preface"][start:end] == "2023年1月1日至2023年12月31日"


def test_outdated_basis_only_from_2021():
    text = "根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制。"
    old = filled(F19, sample_t3(), year=2020)
    old.texts["preface"] = text
    assert check_texts(old) == []
    new = filled(F21, sample_t3(), year=2022)
    new.texts["preface"] = text
    found = check_texts(new)
    assert rules_of(found) == ["text.basis"] and "〔2021〕30号" in found[0].message
    new.texts["preface"] = "依据《福建省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》编制。"
    assert check_texts(new) == []


def test_text_figures_against_the_tables():
    report = filled(F21, sample_t3(), year=2022)  # 新收 7 (5 + 2), 上年结转 1, 予以公开 3
    report.texts["general"] = "本年度共受理政府信息公开申请7件，予以公开3件。"
    assert check_texts(report) == []
    report.texts["general"] = "本年度共收到政府信息公开申请8件。"  # 7 new + 1 carried: counted differently, fine
    assert check_texts(report) == []
    report.texts["general"] = "本年度共受理政府信息公开申请 9 件，予以公开2件，行政复议1件。"
    found = check_texts(report)
    # 9 ≠ 7 and 2 ≠ 3 are warnings; 复议 1 against a 表四 total of 0 is a contradiction (text.zero_claim)
    assert rules_of(found) == ["text.numbers", "text.numbers", "text.zero_claim"]
    assert [f.severity for f in found] == [WARNING, WARNING, ERROR]
    assert "为 7" in found[0].message and found[0].cells == ("t3.new.tot",)
    assert "为 3" in found[1].message and found[2].cells == ("t4.review.total",)


def test_empty_cells_are_not_compared():
    report = filled(F21, sample_t3(), year=2022)
    del report.cells["t3.new.tot"]
    report.texts["general"] = "共受理政府信息公开申请99件。"
    assert check_texts(report) == []


def test_text_checks_are_part_of_the_core_rule_set():
    report = filled(F21, sample_t3(), year=2022)
    report.texts["problems"] = "（二）2022年工作计划。"
    assert "text.plan" in rules_of(check(report))


def test_findings_point_at_the_users_own_words():
    """The span is in the raw text (full-width punctuation, spaces, line breaks) and the quote is the user's."""
    report = filled(F19, sample_t3(), year=2020)
    raw = "2020年，我镇认真贯彻落实《条例》。\r\n  2019 年，我镇通过政府网站公开信息94条。"
    report.texts["general"] = raw
    (found,) = check_texts(report)
    assert found.rule == "text.year" and found.part == "general"
    start, end = found.span
    assert raw[start:end] == "2019 年，"
    assert "「2019 年，」" in found.message  # quoted as typed, not as the normalised "2019年,"


def test_figure_cells_are_format_knowledge():
    """Each figure the text checks compare comes from the format file; a missing one is a format error."""
    import dataclasses

    import pytest

    from nianbao.core.errors import FormatError

    for fmt in (F19, F21):
        assert fmt.text_figure("received").cells[0] == ("t3.new.tot",)
    broken = dataclasses.replace(F21, text_checks={"figures": {}})
    report = filled(broken, sample_t3(), year=2022)
    report.texts["general"] = "本年度共收到政府信息公开申请3件。"
    with pytest.raises(FormatError, match="received"):
        check_texts(report)


# ---------------------------------------------------------------- text.zero_claim


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
@pytest.mark.parametrize(
    "claim",
    ["本年度未收到政府信息公开申请。", "本年度我局没有收到任何政府信息公开申请。", "全年无依申请公开申请。"],
)
def test_a_text_saying_no_applications_over_a_table_with_some(fmt, claim):
    report = filled(fmt, sample_t3())  # 新收 7
    report.texts["applications"] = claim
    (found,) = check_texts(report)
    assert found.rule == "text.zero_claim" and found.severity == ERROR and found.cells == ("t3.new.tot",)
    assert "为 7" in found.message and "与表格矛盾" in found.message
    assert found.part == "applications" and claim[slice(*found.span)] in claim
    empty = filled(fmt)  # 新收 0
    empty.texts["applications"] = claim
    assert check_texts(empty) == []


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_no_review_and_no_litigation_claimed_against_表四(fmt):
    report = filled(fmt, sample_t3())
    report.texts["review"] = "本年度未发生因政府信息公开引起的行政复议和行政诉讼案件。"
    assert check_texts(report) == []
    report.cells.update({"t4.review.maintain": 1, "t4.review.total": 1})
    (found,) = check_texts(report)
    assert found.rule == "text.zero_claim" and found.cells == ("t4.review.total",)
    report.cells.update({"t4.lit_direct.pending": 2, "t4.lit_direct.total": 2})
    assert [f.cells for f in check_texts(report)] == [
        ("t4.review.total",),
        ("t4.lit_direct.total", "t4.lit_after_review.total"),
    ]


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_a_negation_about_something_else_is_not_a_zero_claim(fmt):
    report = filled(fmt, sample_t3())
    report.cells.update({"t4.review.maintain": 1, "t4.review.total": 1})
    report.texts["review"] = "本年度未出现行政复议纠错的情况，未收到申请人的投诉。"
    assert check_texts(report) == []


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
def test_a_figure_over_a_table_total_of_zero_and_zero_over_some(fmt):
    empty = filled(fmt)
    empty.texts["general"] = "本年度共收到政府信息公开申请3件。"
    (found,) = check_texts(empty)
    assert found.rule == "text.zero_claim" and "为 0" in found.message
    report = filled(fmt, sample_t3())
    report.texts["general"] = "本年度共收到政府信息公开申请0件。"
    (found,) = check_texts(report)
    assert found.rule == "text.zero_claim" and found.severity == ERROR and "为 7" in found.message


# ---------------------------------------------------------------- text.year inside phrases


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("本单位2023年度收到政府信息公开申请7件。", "2023年度收到"),
        ("2023年度通过门户网站主动公开政府信息120条。", "2023年度通过门户网站主动公开"),
        ("我局2023年共发布政策解读12篇。", "2023年共发布"),
    ],
)
def test_a_year_of_another_report_inside_a_phrase(fmt, text, quoted):
    report = filled(fmt, sample_t3(), year=2024)
    report.texts["general"] = text
    (found,) = check_texts(report)
    assert found.rule == "text.year" and "2023 年与报告年度 2024 年不符" in found.message
    assert text[slice(*found.span)] == quoted


@pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])
@pytest.mark.parametrize(
    "text",
    [
        "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",
        "2025年，我局将进一步丰富政策解读形式。",
        "依据《关于做好政务公开工作的通知》（闽政办〔2023〕12号）开展工作。",
        "主动公开政府信息1200条，较2023年增长10%。",
        "发布2023年度政府信息公开工作年度报告。",
        "公开2024年政府预算、2023年政府决算。",
        "对2023年发布的规范性文件进行了清理。",
        "截至2023年底，共清理文件30件。",
        "2023年以来，我局持续推进基层政务公开。",
        "本年度受理的申请中，有1件为2023年结转。",
        "落实2023年度政务公开工作要点。",
    ],
)
def test_years_that_belong_there_stay_quiet(fmt, text):
    report = filled(fmt, sample_t3(), year=2024)
    report.texts["general"] = text
    assert check_texts(report) == []
