"""Word export: our importer reads it back cell for cell, and the document is one a clerk can edit.

Geometry and fonts are checked in the document's XML against GB/T 9704 and the issue's
requirements (A4, 37/28 mm margins, 22 lines × 28 characters, 仿宋 with East Asian font
names, styles rather than direct formatting); the tables against the format grid.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm

from export_cases import assert_same_report, numbered, sample
from nianbao.core.docx_export import STYLE_IDS, render_docx, write_docx
from nianbao.core.importer import import_report

DAY = dt.date(2023, 1, 20)
SIGNATURE_2021 = "某某县人民政府办公室\n2023年1月20日"


@pytest.fixture(scope="module")
def doc_2021():
    return docx.Document(io.BytesIO(render_docx(numbered("2021"), date=DAY)))


@pytest.mark.parametrize(
    "make", [lambda: numbered("2021"), lambda: numbered("2019"), sample], ids=["2021", "2019", "sample"]
)
def test_round_trip_through_our_importer(make, tmp_path):
    report = make()
    path = tmp_path / "报告.docx"
    write_docx(report, path, date=DAY)
    signature = f"{report.agency}\n2023年1月20日"
    assert_same_report(report, import_report(path), signature)
    assert len(report.cells) in (198, 200) and len(report.cells) == len(report.format.cells)


def test_round_trip_without_signature_keeps_texts_exactly(tmp_path):
    report = numbered("2021")
    path = tmp_path / "无落款.docx"
    write_docx(report, path, signature=False)
    assert_same_report(report, import_report(path))


def test_blank_cells_stay_blank(tmp_path):
    report = numbered("2021")
    blanks = ["t2.reg.made", "t3.new.np", "t3.r7_total.tot", "t4.review.maintain", "t2.fee.amount"]
    for cell_id in blanks:
        del report.cells[cell_id]
    path = tmp_path / "空白.docx"
    write_docx(report, path, signature=False)
    result = import_report(path)
    assert_same_report(report, result)
    assert all(result.report.cells.get(c) is None for c in blanks)


def test_page_is_gbt9704_a4_with_alternating_page_numbers(doc_2021):
    section = doc_2021.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    body_w = section.page_width - section.left_margin - section.right_margin
    body_h = section.page_height - section.top_margin - section.bottom_margin
    assert abs(body_w - Mm(156)) < Mm(0.5) and abs(body_h - Mm(225)) < Mm(0.5)
    assert doc_2021.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph, side in ((odd, "right"), (even, "left")):
        xml = paragraph._p.xml
        assert f'w:jc w:val="{side}"' in xml and "PAGE" in xml
        assert paragraph.text.startswith("\u2014 ") and paragraph.text.endswith(" \u2014")


def test_22_lines_of_28_characters(doc_2021):
    section = doc_2021.sections[0]
    body_h_pt = Length(section.page_height - section.top_margin - section.bottom_margin).pt
    body_w_pt = Length(section.page_width - section.left_margin - section.right_margin).pt
    normal = doc_2021.styles["Normal"]
    line = normal.paragraph_format.line_spacing.pt
    assert int(body_h_pt // line) == 22
    size = normal.font.size.pt
    tracking = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert size == 16  # 3号
    assert int(body_w_pt // (size + tracking)) == 28


def test_fonts_live_in_styles_with_east_asian_names(doc_2021):
    def east_asia(style_name):
        fonts = doc_2021.styles[style_name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia"))  # no theme font, no fallback
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == east_asia("Heading 2 Char") == "楷体"
    assert east_asia("Title") in ("方正小标宋简体", "宋体")
    assert doc_2021.styles["Title"].font.size.pt == 22  # 2号
    # Body runs carry no fonts of their own: changing 正文 once changes the whole document.
    runs = [r for p in doc_2021.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr is None or r._r.rPr.find(qn("w:rFonts")) is None for r in runs)
    styles = {p.style.name for p in doc_2021.paragraphs}
    assert {"Title", "Heading 1", "Normal", "Heading 2", "落款"} <= styles
    inline = [r for p in doc_2021.paragraphs for r in p.runs if r.style.name == "Heading 2 Char"]
    assert inline and inline[0].text == "（一）主动公开。"


def test_headings_and_paragraphs_in_order(doc_2021):
    texts = [(p.style.name, p.text) for p in doc_2021.paragraphs]
    headings = [t for s, t in texts if s == "Heading 1"]
    assert headings == [s.heading for s in numbered("2021").format.sections]
    assert ("Heading 2", "（二）依申请公开") in texts
    assert texts[0][0] == "Title" and "年度报告" in texts[0][1]
    assert texts[-2:] == [("落款", "某某县人民政府办公室"), ("落款", "2023年1月20日")]


def test_tables_have_every_merged_cell_repeated_headers_and_whole_rows(doc_2021):
    fmt = numbered("2021").format
    assert len(doc_2021.tables) == len(fmt.tables)
    for table_def, table in zip(fmt.tables, doc_2021.tables, strict=True):
        rows = table._tbl.tr_lst
        assert len(rows) == table_def.n_rows
        assert len(table.columns) == table_def.n_cols
        # Each grid item is one cell: its top-left tc has the item's spans.
        for item in table_def.items:
            tc = table.cell(item.row, item.col)._tc
            assert (tc.grid_span, _vertical_span(table, item.row, item.col)) == (item.colspan, item.rowspan), item
        headers = [r for r in rows if r.trPr is not None and r.trPr.find(qn("w:tblHeader")) is not None]
        assert len(headers) == table_def.header_rows()
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        # Numbers centred, one-row labels flush left: by style, not by direct formatting.
        for item in table_def.items:
            paragraph = table.cell(item.row, item.col).paragraphs[0]
            left = item.role == "label" and item.rowspan == 1
            assert paragraph.style.name == ("表格栏目" if left else "表格文字")
            assert paragraph.paragraph_format.alignment is None
    assert doc_2021.styles["表格文字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc_2021.styles["表格栏目"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT


def _vertical_span(table, row, col):
    n = 1
    tc = table.cell(row, col)._tc
    while row + n < len(table.rows):
        below = table.rows[row + n].cells[col]._tc
        if below is not tc:
            break
        n += 1
    return n


def test_nothing_needs_a_network_or_a_macro(tmp_path):
    path = tmp_path / "x.docx"
    write_docx(numbered("2021"), path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert not [n for n in names if "vba" in n.lower() or n.endswith(".bin")]
        for name in names:
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in archive.read(name)
        assert b"w:instrText" in archive.read("word/footer1.xml") or b"w:instrText" in archive.read("word/footer2.xml")
    properties = docx.Document(path).core_properties
    assert properties.title == numbered("2021").title and properties.author == "某某县人民政府办公室"


def test_style_ids_set_directly_name_the_styles(doc_2021):
    for name, style_id in STYLE_IDS.items():
        assert doc_2021.styles[name].style_id == style_id
