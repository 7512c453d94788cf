"""The county office's review file: decisions, comments and rounds survive a restart."""

from __future__ import annotations

import pytest

from helpers import filled, sample_t3
from nianbao.core import review as rv
from nianbao.core.formats import default_registry
from nianbao.core.rules import check

F21 = default_registry().get("2021")


def findings_of(report):
    return check(report)


def test_a_review_survives_saving_and_loading(tmp_path):
    report = filled(F21, sample_t3(), year=2022)
    report.cells["t3.new.tot"] = 99  # an error
    report.texts["general"] = "2021年，本局公开信息10条。"  # a warning
    found = findings_of(report)
    source = tmp_path / "甲镇.json"
    source.write_text("{}", encoding="utf-8")
    review = rv.Review(reviewer="张三")
    review.add_round("甲镇", source, found)
    error = next(f for f in found if f.severity == "error")
    warning = next(f for f in found if f.rule == "text.year")
    review.body("甲镇").decide(error, rv.CONFIRMED, "请核对新收总计")
    review.body("甲镇").decide(warning, rv.IGNORED)
    review.body("甲镇").comments.append("五、存在的主要问题过于简单")
    path = tmp_path / rv.REVIEW_FILE
    rv.save(review, path)

    again = rv.load(path)
    body = again.body("甲镇")
    assert again.reviewer == "张三" and body.comments == ["五、存在的主要问题过于简单"]
    assert body.rounds[0].findings == found  # every finding, with its location, read back as it was
    assert body.decision(error).comment == "请核对新收总计"
    assert body.decision(warning).status == rv.IGNORED
    assert [f for f, _ in body.confirmed()] == [error]


def test_a_second_round_shows_fixed_open_and_new(tmp_path):
    first = filled(F21, sample_t3(), year=2022)
    first.cells["t3.new.tot"] = 99
    first.cells["t4.review.total"] = 5
    second = filled(F21, sample_t3(), year=2022)
    second.cells["t4.review.total"] = 5  # still wrong
    second.cells["t3.carry_out.tot"] = 7  # newly wrong
    comparison = rv.compare_rounds(findings_of(first), findings_of(second))

    def row_total(findings, cell):
        return [f for f in findings if f.rule in ("t3.row_total", "t4.total") and cell in f.cells]

    assert row_total(comparison.fixed, "t3.new.tot")
    assert not row_total(comparison.still_open + comparison.new, "t3.new.tot")
    assert row_total(comparison.still_open, "t4.review.total")
    assert row_total(comparison.new, "t3.carry_out.tot")

    review = rv.Review()
    a, b = tmp_path / "v1.json", tmp_path / "v2.json"
    a.write_text("1", encoding="utf-8")
    b.write_text("2", encoding="utf-8")
    review.add_round("甲镇", a, findings_of(first))
    review.add_round("甲镇", a, findings_of(first))  # the same file again is not a new round
    review.add_round("甲镇", b, findings_of(second))
    assert [r.file for r in review.body("甲镇").rounds] == ["v1.json", "v2.json"]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"{", "已损坏"),
        (b'{"review_schema": 9, "bodies": {}}', "版本"),
        (b'{"review_schema": 1, "bodies": {"x": {"decisions": {"k": {"status": "maybe"}}}}}', "不完整或有误"),
    ],
)
def test_a_broken_review_file_is_refused_with_its_name(tmp_path, content, words):
    path = tmp_path / rv.REVIEW_FILE
    path.write_bytes(content)
    with pytest.raises(rv.ReviewError) as caught:
        rv.load(path)
    assert words in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == content  # untouched


def test_no_review_file_yet_is_an_empty_review(tmp_path):
    assert rv.load(tmp_path / rv.REVIEW_FILE).bodies == {}


def test_the_review_sheet_names_each_confirmed_finding_with_its_cells_and_reads_back(tmp_path):
    import datetime

    import docx
    import pypdf

    from nianbao.core.review_sheet import build_sheet, write_sheet

    report = filled(F21, sample_t3(), year=2022)
    report.agency = "甲镇人民政府"
    report.cells["t3.new.tot"] = 99
    found = findings_of(report)
    source = tmp_path / "甲镇.json"
    source.write_text("{}", encoding="utf-8")
    review = rv.Review(reviewer="张三", office="某某县政务公开办")
    review.add_round("甲镇人民政府", source, found)
    body = review.body(review.key_for("某某县甲镇"))  # the short name finds the body
    assert body is review.bodies["甲镇人民政府"]
    error = next(f for f in found if f.rule == "t3.row_total" and "t3.new.tot" in f.cells)
    body.decide(error, rv.CONFIRMED, "请核对新收总计")
    body.decide(next(f for f in found if f is not error), rv.IGNORED)
    body.comments.append("请补充五、存在的主要问题")
    assert body.counts() == (1, 1, len(found) - 2)
    sheet = build_sheet(
        "甲镇人民政府", body, report, reviewer="张三", office="某某县政务公开办", date=datetime.date(2024, 3, 1)
    )
    assert [i.message for i in sheet.items] == [error.message]  # only what was confirmed
    assert "表三：一、本年新收政府信息公开申请数量「总计」＝99" in sheet.items[0].where
    write_sheet(sheet, tmp_path / "单.pdf")
    write_sheet(sheet, tmp_path / "单.docx")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "单.pdf").pages)
    text = text.replace("\n", "").replace(" ", "")
    assert "被审核单位：甲镇人民政府" in text and "请核对新收总计" in text and "审核日期：2024年3月1日" in text
    assert len(pypdf.PdfReader(tmp_path / "单.pdf").pages) == 1
    paragraphs = [p.text for p in docx.Document(tmp_path / "单.docx").paragraphs]
    assert "请补充五、存在的主要问题" in paragraphs and any(error.message in p for p in paragraphs)
    assert any(p.startswith("审核单位：某某县政务公开办") and "审核人：张三" in p for p in paragraphs)


def test_a_file_read_again_is_the_round_it_was_and_a_new_content_is_the_next(tmp_path):
    review = rv.Review()
    a, b = tmp_path / "v1.json", tmp_path / "v2.json"
    a.write_text("1", encoding="utf-8")
    b.write_text("2", encoding="utf-8")
    review.add_round("甲镇", a, [])
    review.add_round("甲镇", b, [])
    review.add_round("甲镇", a, [])  # the old file read again (both files in the folder): no third round
    assert [r.file for r in review.body("甲镇").rounds] == ["v1.json", "v2.json"]
    assert review.body("甲镇").comparison() is not None
