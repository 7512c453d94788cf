"""Files a clerk is sent besides the published page: workbooks, old Word/WPS files, scans, unruled PDFs.

The workbooks are written from the sample draft and from 淮安 2024's hand-typed figures
(``import_forms.workbook``); the .doc and .xls in tests/data/import were saved by LibreOffice
from the Word fixture of test_import_formats and from a sample workbook; the scans are pages
rendered to pictures (pypdfium2, which pdfplumber brings) and saved as an image-only PDF.
"""

from __future__ import annotations

import io
import random

import pytest

from import_expected import HONGZE_2023, HONGZE_2024, HUAIAN_2024, ROOT, SAMPLE, SHARED
from import_forms import unruled_pdf, without_rulings, workbook
from nianbao.core.draft import load
from nianbao.core.formats import default_registry
from nianbao.core.importer import ImportFailed, import_bytes, import_report
from nianbao.core.report import Report

DATA = ROOT / "tests" / "data" / "import"
REAL = SHARED / "real-reports"


def huaian() -> Report:
    return Report(format=default_registry().get("2021"), year=2024, agency="淮安市人民政府", cells=dict(HUAIAN_2024))


@pytest.mark.parametrize("one_sheet", [False, True])
@pytest.mark.parametrize("source", ["sample-2019", "huaian-2021"])
def test_workbook_of_the_tables_reads_back_cell_for_cell(tmp_path, source, one_sheet):
    report = load(SAMPLE) if source == "sample-2019" else huaian()
    blanks = frozenset(random.Random(7).sample(sorted(report.cells), 25))
    path = tmp_path / "三张表.xlsx"
    workbook(report, path, blanks, one_sheet=one_sheet)
    result = import_report(path)
    assert result.kind == "xlsx" and result.report.format.id == report.format.id
    assert result.report.cells == {k: v for k, v in report.cells.items() if k not in blanks}
    blank = {c for f in result.findings if f.rule == "import.blank" for c in f.cells}
    assert blank == blanks
    assert "工作表「" in next(f for f in result.findings if f.rule == "import.blank").message
    # a workbook of tables only: no title, so year and agency are asked for; no text parts
    assert {f.rule for f in result.findings} == {"import.blank", "import.year", "import.agency", "import.sections"}


def test_wps_et_saved_as_ooxml_with_a_title_row(tmp_path):
    path = tmp_path / "表格.xlsx"
    workbook(huaian(), path, title="淮安市人民政府2024年政府信息公开工作年度报告")
    result = import_bytes(path.read_bytes(), "年报表格.et")
    assert (result.report.agency, result.report.year) == ("淮安市人民政府", 2024)
    assert result.report.cells == HUAIAN_2024
    assert {f.rule for f in result.findings} == {"import.sections"}


@pytest.mark.parametrize("name", ["年报.doc", "年报.wps", "年报"])
def test_old_word_and_wps_files_are_told_to_save_as_docx(name):
    data = (DATA / "report-2019.doc").read_bytes()
    with pytest.raises(ImportFailed) as caught:
        import_bytes(data, name)
    message = str(caught.value)
    assert f"「{name}」" in message and "另存为" in message and ".docx" in message
    assert "损坏" in message and "没有损坏" in message  # not read as a damaged file


@pytest.mark.parametrize("name", ["表格.xls", "表格.et"])
def test_old_excel_and_wps_et_files_are_told_to_save_as_xlsx(name):
    with pytest.raises(ImportFailed, match=r"另存为」Excel 工作簿（\.xlsx）"):
        import_bytes((DATA / "tables-2019.xls").read_bytes(), name)


def test_rtf_is_told_to_save_as_docx():
    with pytest.raises(ImportFailed, match="RTF 格式"):
        import_bytes(b"{\\rtf1\\ansi 2023\\u24180?}", "年报.doc")


def _image_only_pdf(pdf_bytes: bytes, pages: int = 2) -> bytes:
    """The pages of a PDF as pictures in a new PDF: what a scanner gives (no text layer)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    images = [document[i].render(scale=100 / 72).to_pil().convert("RGB") for i in range(min(pages, len(document)))]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=100)
    return out.getvalue()


def _assert_scan_message(data: bytes, pages: int) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_bytes(data, "扫描件.pdf")
    message = str(caught.value)
    assert "「扫描件.pdf」是扫描件" in message and f"{pages} 页都只有图片，没有文字层" in message
    assert "没有损坏" in message and "OCR" in message


def test_scanned_sample_export_says_it_is_a_scan():
    from nianbao.core.pdf_export import render_pdf

    data, _ = render_pdf(load(SAMPLE), system_fonts=False)
    _assert_scan_message(_image_only_pdf(data), 2)


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/real-reports is not beside the clone")
def test_scanned_real_report_says_it_is_a_scan():
    _assert_scan_message(_image_only_pdf((REAL / "huaian-city-2024.pdf").read_bytes(), 3), 3)


# ------------------------------------------------------------------ text PDFs without ruling lines


@pytest.mark.parametrize("source", ["sample-2019", "huaian-2021"])
def test_unruled_pdf_is_read_by_column_positions(tmp_path, source):
    report = load(SAMPLE) if source == "sample-2019" else huaian()
    path = tmp_path / "无框线.pdf"
    unruled_pdf(report, path)
    result = import_report(path)
    assert result.report.cells == report.cells
    assert {f.rule for f in result.findings} <= {"import.label"}  # a label wrapped at the column's width
    # blank cells stay blank, by the column they are missing from; nothing is shifted
    blanks = frozenset(random.Random(3).sample(sorted(c for c in report.cells if not c.startswith("t4.")), 25))
    unruled_pdf(report, path, blanks)
    result = import_report(path)
    assert result.report.cells == {k: v for k, v in report.cells.items() if k not in blanks}
    assert {c for f in result.findings if f.rule == "import.blank" for c in f.cells} == blanks


def test_unruled_pdf_single_row_table_with_blanks_is_refused_not_shifted(tmp_path):
    """表四 is one row of figures under a two-level header: with blanks its columns cannot be told."""
    report = huaian()
    path = tmp_path / "无框线.pdf"
    unruled_pdf(report, path, frozenset({"t4.review.maintain", "t4.lit_direct.total"}))
    result = import_report(path)
    assert not any(c.startswith("t4.") for c in result.report.cells)
    (count,) = [f for f in result.findings if f.rule == "import.count"]
    assert "表四" in count.message and "应有 15 个数字" in count.message


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/real-reports is not beside the clone")
@pytest.mark.parametrize(
    ("name", "expected", "rules"),
    [
        ("huaian-city-2024", HUAIAN_2024, set()),
        ("hongze-district-2024", HONGZE_2024, {"import.label", "import.layout", "import.rows_missing"}),
        ("hongze-district-2023", HONGZE_2023, {"import.label", "import.layout", "import.rows_missing"}),
    ],
)
def test_real_pdfs_drawn_again_without_rulings(tmp_path, name, expected, rules):
    path = tmp_path / f"{name}.pdf"
    without_rulings(REAL / f"{name}.pdf", path)
    result = import_report(path)
    assert result.report.cells == expected  # the same cells as the ruled original gives
    assert {f.rule for f in result.findings} == rules
