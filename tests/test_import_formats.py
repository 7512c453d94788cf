"""Importing each kind of file: web-page text (the seed report), saved HTML, Word .docx."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import SEED_TEXT as SEED
from helpers import needs_shared
from import_expected import ROOT, SAMPLE
from nianbao.core.draft import dumps, load, loads
from nianbao.core.formats import default_registry
from nianbao.core.importer import ImportFailed, import_bytes, import_report
from nianbao.core.rules import ERROR, check

HTML = ROOT / "tests" / "data" / "import" / "report-2021-format.html"
COLS = ["np", "biz", "res", "ngo", "law", "oth", "tot"]


def of_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


@needs_shared(SEED)
def test_seed_text_gives_the_hand_typed_sample_draft():
    result = import_report(SEED)
    sample = load(SAMPLE)
    report = result.report
    assert (report.agency, report.year, report.level, report.format.id) == (
        sample.agency,
        sample.year,
        sample.level,
        sample.format.id,
    )
    assert report.cells == sample.cells  # every table cell, totals included
    assert report.texts == sample.texts  # preface, the six parts and the lead-ins
    assert result.findings == []
    findings = check(report)
    assert [f for f in findings if f.severity == ERROR] == []
    plan = of_rule(findings, "text.plan")
    assert len(plan) == 1 and "2020年工作计划" in plan[0].message and "五、存在的主要问题及改进情况" in plan[0].message


def test_sample_draft_itself_gets_the_plan_year_warning_from_the_core_rules():
    findings = check(load(SAMPLE))
    # its 六 is 「无」; it has no 发布日期
    assert [f.rule for f in findings] == ["meta.published", "text.plan", "text.empty_parts"]


def test_saved_html_page_with_spans_and_label_variants():
    result = import_report(HTML)
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == (
        "测试县交通运输局",
        2023,
        "2021",
        "county_dept",
    )
    expected = {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.norm.made": 2,
        "t2.norm.repealed": 1,
        "t2.norm.valid": 9,
        "t2.license.decisions": 15,
        "t2.penalty.decisions": 3,
        "t2.coercion.decisions": 0,
    }
    rows = {
        "new": [3, 1, 0, 0, 1, 0, 5],
        "carry_in": [1, 0, 0, 0, 0, 0, 1],
        "r1": [2, 0, 0, 0, 0, 0, 2],
        "r2": [1, 1, 0, 0, 0, 0, 2],
        "r4_1": [1, 0, 0, 0, 0, 0, 1],
        "r6_3": [0, 0, 0, 0, 1, 0, 1],
        "r7_total": [4, 1, 0, 0, 1, 0, 6],
    }
    for cell in report.format.cells:
        if cell.startswith("t3."):
            row, col = cell.split(".")[1:]
            expected[cell] = rows.get(row, [0] * 7)[COLS.index(col)]
    expected.update(
        {
            f"t4.review.{o}": v
            for o, v in zip(["maintain", "correct", "other", "pending", "total"], [1, 0, 0, 0, 1], strict=False)
        }
    )
    expected.update(
        {
            f"t4.{g}.{o}": 0
            for g in ("lit_direct", "lit_after_review")
            for o in ("maintain", "correct", "other", "pending", "total")
        }
    )
    assert report.cells == expected
    blank = [f for f in result.findings if f.rule == "import.blank"]
    assert len(blank) == 1 and blank[0].cells == ("t2.fee.amount",) and "网页表格1" in blank[0].message
    assert len(result.findings) == 1
    assert (
        report.texts["general"] == "2023年，我局认真贯彻落实《条例》。\n本年度共收到政府信息公开申请6件，行政复议1件。"
    )
    assert report.texts["problems"].startswith("一是公开内容不够全面。")
    assert "&lol2;" in report.texts["preface"] and "lollol" not in report.texts["preface"]  # never expanded
    findings = check(report)
    assert [f for f in findings if f.severity == ERROR] == []
    assert of_rule(findings, "text.numbers") == []  # 6 = 5 new + 1 carried over; 行政复议 1 = 1


def _docx_2019(path: Path, blank: tuple[int, int] | None = None) -> None:
    """A 2019-format Word report whose tables follow the official grid, merged cells included."""
    import docx

    fmt = default_registry().get("2019")
    document = docx.Document()
    document.add_paragraph("测试乡人民政府")
    document.add_paragraph("2019年政府信息公开工作年度报告")
    for section in fmt.sections:
        document.add_paragraph(section.heading)
        if not section.table:
            document.add_paragraph(f"{section.heading[2:]}的内容。")
            continue
        table_def = fmt.table(section.table)
        table = document.add_table(rows=table_def.n_rows, cols=table_def.n_cols)
        for item in table_def.items:
            cell = table.cell(item.row, item.col)
            if item.rowspan > 1 or item.colspan > 1:
                cell = cell.merge(table.cell(item.row + item.rowspan - 1, item.col + item.colspan - 1))
            if item.role != "data":
                cell.text = item.text.replace("商业企业", "商业 企业")
            elif (item.row, item.col) != blank:
                cell.text = VALUES_2019.get(item.cell_id, "0")
    document.save(str(path))


# Hand-chosen figures for the Word fixture (everything else 0).
VALUES_2019 = {
    "t2.norm.new_made": "4",
    "t2.norm.new_published": "3",
    "t2.norm.total_public": "12",
    "t2.license.prev_items": "20",
    "t2.license.delta": "-2",
    "t2.license.decisions": "150",
    "t2.procurement.projects": "5",
    "t2.procurement.amount": "52.15",
    "t3.new.np": "2",
    "t3.new.tot": "2",
    "t3.r1.np": "1",
    "t3.r1.tot": "1",
    "t3.r6.np": "1",
    "t3.r6.tot": "1",
    "t3.r7_total.np": "2",
    "t3.r7_total.tot": "2",
}


def test_word_document_with_merged_cells(tmp_path):
    path = tmp_path / "年报.docx"
    _docx_2019(path)
    result = import_report(path)
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == ("测试乡人民政府", 2019, "2019", "township")
    assert result.findings == []
    assert len(report.cells) == 198
    assert report.cells["t2.license.delta"] == -2
    assert report.cells["t2.procurement.amount"] == Decimal("52.15")
    assert report.cells["t3.r6.np"] == 1 and report.cells["t3.r7_total.tot"] == 2
    assert sum(v for v in report.cells.values()) == Decimal("4") + 3 + 12 + 20 - 2 + 150 + 5 + Decimal("52.15") + 12
    assert report.texts["problems"] == "存在的主要问题及改进情况的内容。"
    # the fixture's 五 is one short sentence; the document gives no 发布日期
    assert [f.rule for f in check(report)] == ["meta.published", "text.problems_short"]


def test_word_document_blank_cell_stays_empty_and_is_named(tmp_path):
    path = tmp_path / "blank.docx"
    fmt = default_registry().get("2019")
    cell = fmt.cells["t3.r3_3.biz"]
    _docx_2019(path, blank=(cell.row, cell.col))
    result = import_report(path)
    assert "t3.r3_3.biz" not in result.report.cells
    assert result.report.cells["t3.r3_3.np"] == 0 and result.report.cells["t3.r3_3.tot"] == 0
    blank = of_rule(result.findings, "import.blank")
    assert len(blank) == 1 and blank[0].cells == ("t3.r3_3.biz",) and "Word 表格2" in blank[0].message


def test_overrides_and_draft_round_trip():
    result = import_report(HTML, agency="另一个局", year=2024)
    assert (result.report.agency, result.report.year) == ("另一个局", 2024)
    assert of_rule(result.findings, "import.year")
    again = loads(dumps(result.report).encode("utf-8"))
    assert again.cells == result.report.cells and again.texts == result.report.texts


def test_text_variants_half_width_spaces_and_pipes():
    text = (
        "某某街道办事处2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
        "第二十条 第(一)项 | | |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "规章 | 0 | 0 | 0 |\n行政 规范性文件 | 1 | — | 7 |\n第二十条第(五)项\n信息内容 | 本年处理决定数量\n"
        "行政许可 | 12 | 5 |\n"
    )
    result = import_bytes(text.encode("utf-8"), "variant.txt")
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == ("某某街道办事处", 2022, "2021", "township")
    assert report.cells == {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.norm.made": 1,
        "t2.norm.valid": 7,
    }
    assert of_rule(result.findings, "import.blank")[0].cells == ("t2.norm.repealed",)
    count = of_rule(result.findings, "import.count")
    assert len(count) == 1 and "行政许可" in count[0].message and "12 5" in count[0].message


def test_old_word_format_and_not_a_zip_are_clean_errors():
    with pytest.raises(ImportFailed, match="旧版 Word"):
        import_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.doc")
    with pytest.raises(ImportFailed, match="不是有效的 Word 文档"):
        import_bytes(b"this is not a zip at all", "fake.docx")
    with pytest.raises(ImportFailed, match="空文件"):
        import_bytes(b"   \n", "empty.txt")


def test_the_date_of_the_signature_block_is_the_publication_date(tmp_path):
    """A report that states no 发布日期 at the top is dated by its 落款 (the PDF and Word exports end so)."""
    from nianbao.core.export import export_report

    report = load(SAMPLE)
    report.published = "2021-01-20"
    for suffix in (".pdf", ".docx", ".html"):
        out = tmp_path / f"r{suffix}"
        export_report(report, out)
        assert import_report(out).report.published == "2021-01-20", suffix
    unsigned = tmp_path / "unsigned.pdf"
    export_report(report, unsigned, signature=False)
    assert import_report(unsigned).report.published == ""  # no 落款: no date invented
