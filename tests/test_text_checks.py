"""The text checks: years that do not fit, the outdated legal basis, text figures vs tables."""

from __future__ import annotations

from helpers import filled, sample_t3
from nianbao.core.formats import default_registry
from nianbao.core.rules import WARNING, check
from nianbao.core.text_checks import check_texts

F19, F21 = default_registry().get("2019"), default_registry().get("2021")


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
    assert rules_of(found) == ["text.numbers"] * 3
    assert all(f.severity == WARNING for f in found)
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
