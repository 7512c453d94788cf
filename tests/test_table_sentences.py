"""Sentences written from the tables: figures from the cells only, blanks said as 未填写, checked by text.numbers."""

from __future__ import annotations

import dataclasses

import pytest
from content_helpers import F19, F21, written

from helpers import filled, sample_t3
from nianbao.core.errors import FormatError
from nianbao.core.rules import check
from nianbao.core.table_sentences import sentence_parts, table_sentences

BOTH = pytest.mark.parametrize("fmt", [F19, F21], ids=["2019", "2021"])


def figures(report, part):
    return [f for f in check(report) if f.rule in ("text.numbers", "text.zero_claim") and f.part == part]


@BOTH
def test_the_sentences_of_三_state_the_table(fmt):
    report = filled(fmt, sample_t3())  # 新收 7 (自然人 5, 商业企业 2), 上年结转 1, 予以公开 3, 部分公开 1 …
    text = table_sentences(report, "applications")
    assert text == (
        "本年度共收到政府信息公开申请7件，其中自然人申请5件，法人或其他组织申请2件，另有上年结转1件；"
        "办理结果：予以公开3件，部分公开1件，不予公开0件，无法提供1件，不予处理1件，其他处理0件，共答复6件；"
        "2件结转下年度继续办理。"
    )


@BOTH
def test_the_sentences_of_四_and_二(fmt):
    report = filled(fmt, sample_t3())
    report.cells.update({"t4.review.maintain": 2, "t4.review.correct": 1, "t4.review.total": 3})
    report.cells.update({"t4.lit_after_review.other": 1, "t4.lit_after_review.total": 1})
    assert table_sentences(report, "review") == (
        "本年度因政府信息公开工作被申请行政复议3件，其中结果维持2件，结果纠正1件，其他结果0件，尚未审结0件；"
        "被提起行政诉讼1件，其中未经复议直接起诉0件，复议后起诉1件。"
    )
    report.cells["t2.license.decisions"] = 71
    assert "作出行政许可处理决定71件" in table_sentences(report, "proactive")


def test_the_2021_二_gives_the_fee_amount_as_stored():
    from decimal import Decimal

    report = filled(F21, sample_t3())
    report.cells["t2.fee.amount"] = Decimal("18651.06")
    assert table_sentences(report, "proactive").endswith("；行政事业性收费金额18651.06万元。")


@BOTH
def test_a_blank_cell_is_said_to_be_blank_never_zero(fmt):
    report = filled(fmt, sample_t3())
    del report.cells["t3.r4_1.np"]  # 无法提供 / 本机关不掌握: its total (1) is now a partial sum
    del report.cells["t3.new.biz"]
    text = table_sentences(report, "applications")
    assert "无法提供件数未填写" in text and "无法提供1件" not in text
    assert "法人或其他组织申请数量未填写" in text and "本年度新收政府信息公开申请数量未填写" in text
    assert "办理结果总计未填写" in text
    assert "予以公开3件" in text  # the complete rows are still stated


@BOTH
def test_inserted_sentences_agree_with_the_tables_and_an_edited_figure_is_caught(fmt):
    report = written(fmt)
    general = report.texts["general"]
    for part in sentence_parts(fmt):
        report.texts[part] = report.texts[part] + "\n" + table_sentences(report, part)
    assert check(report) == []
    report.texts["general"] = report.texts["general"].replace("予以公开3件", "予以公开4件")
    (found,) = figures(report, "general")
    assert found.rule == "text.numbers" and found.cells == ("t3.r1.tot",)
    edited = table_sentences(report, "general").replace("2件结转下年度", "3件结转下年度")
    report.texts["general"] = general + "\n" + edited
    (found,) = figures(report, "general")
    assert found.cells == ("t3.carry_out.tot",)


@BOTH
def test_parts_with_sentences(fmt):
    assert sentence_parts(fmt) == ("general", "proactive", "applications", "review")
    assert table_sentences(filled(fmt), "problems") is None


def test_a_template_naming_an_unknown_value_is_a_format_error():
    sentences = dict(F21.text_checks["sentences"])
    sentences["groups"] = {**sentences["groups"], "applications": {"clauses": [["共{nope}件", "未填写"]]}}
    broken = dataclasses.replace(F21, text_checks={**F21.text_checks, "sentences": sentences})
    with pytest.raises(FormatError, match="nope"):
        table_sentences(filled(broken, sample_t3()), "applications")
