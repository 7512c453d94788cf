"""OCR text of scanned reports: figures taken only where the table's own sums confirm them.

Two kinds of input: the sample draft and 淮安 2024's hand-typed figures written out with
OCR noise by ``import_forms.ocr_text`` (O for 0, l or | for 1, full-width digits, a stray
space inside a number, labels split over lines and misread, borders read as "|"), and the
real Tesseract output of the two published PDFs rendered at 200 dpi (tests/data/import).
Whatever is taken must be right, every figure read through an OCR mark must be named with
its line, and nothing the sums cannot confirm is taken.
"""

from __future__ import annotations

import pytest

from import_expected import HONGZE_2024, HUAIAN_2024, ROOT, SAMPLE
from import_forms import ocr_text
from nianbao.core.draft import load
from nianbao.core.formats import default_registry
from nianbao.core.importer import ImportResult, import_bytes, import_report
from nianbao.core.importer.ocr import ocr_evidence, row_readings
from nianbao.core.report import Report

DATA = ROOT / "tests" / "data" / "import"
MISREAD = {"申请数量": "申清数量", "予以公开": "子以公开"}


def huaian() -> Report:
    return Report(format=default_registry().get("2021"), year=2024, agency="淮安市人民政府", cells=dict(HUAIAN_2024))


def ocr_findings(result: ImportResult) -> list:
    return [f for f in result.findings if f.rule == "import.ocr"]


def assert_nothing_wrong(result: ImportResult, expected: dict) -> None:
    got = result.report.cells
    assert set(got) <= set(expected)
    assert {k: v for k, v in got.items() if expected[k] != v} == {}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("source", ["sample-2019", "huaian-2021"])
def test_noisy_copy_takes_only_confirmed_figures_and_names_each_mark(source, seed):
    report = load(SAMPLE) if source == "sample-2019" else huaian()
    text, noisy = ocr_text(report, seed, MISREAD)
    assert "申清数量" in text and "子以公开" in text and noisy
    result = import_bytes(text.encode("utf-8"), "扫描识别.txt")
    assert_nothing_wrong(result, report.cells)
    taken = set(result.report.cells)
    assert len(taken & noisy) >= 20  # the sums confirm many a misread figure
    reported = {c for f in ocr_findings(result) for c in f.cells}
    assert taken & noisy <= reported  # each of them is named
    for f in ocr_findings(result):
        if "识别痕迹：" in f.message:
            assert "第" in f.message and "行「" in f.message and "读作" in f.message
    first = ocr_findings(result)[0]
    assert "OCR" in first.message and "扫描识别.txt" in first.message and not first.cells
    # table 二 has no sum inside it: none of its figures is taken, all are reported
    t2 = {c for c in report.cells if c.startswith("t2.")}
    assert not taken & t2 and t2 <= reported
    # the misread row label is still found, by similarity
    assert any("申清数量" in f.message for f in result.findings if f.rule == "import.label")
    # every cell either taken or reported: nothing is silently dropped
    assert set(report.cells) <= taken | reported | {
        c for f in result.findings if f.rule == "import.rows_missing" for c in f.cells
    }


@pytest.mark.parametrize(
    ("name", "expected", "at_least"),
    [("huaian-2024-tesseract.txt", HUAIAN_2024, 130), ("hongze-2024-tesseract.txt", HONGZE_2024, 50)],
)
def test_real_tesseract_text_of_the_published_pdfs(name, expected, at_least):
    result = import_report(DATA / name)
    assert (result.report.year, result.report.format.id) == (2024, "2021")
    assert_nothing_wrong(result, expected)
    assert len(result.report.cells) >= at_least
    assert ocr_findings(result)[0].message.startswith(f"「{name}」像是扫描件经 OCR 识别的文字")


def test_tesseract_misreads_that_the_sums_catch_are_left_out():
    """淮安 2024 line 107 reads 「34 0 0 0 0 0 24」 (the PDF prints 34 as the total): the column
    balance 一+二 = 三+四 confirms 34 0 0 0 0 0, neither the row total nor the 总计 column holds 24."""
    result = import_report(DATA / "huaian-2024-tesseract.txt")
    cells = result.report.cells
    assert [cells[f"t3.carry_in.{c}"] for c in ("np", "biz", "res", "ngo", "law", "oth")] == [34, 0, 0, 0, 0, 0]
    assert "t3.carry_in.tot" not in cells
    left = [f for f in ocr_findings(result) if "上年结转政府信息公开申请数量" in f.message]
    assert len(left) == 1 and "第107行「34 0 0 0 0 0 24" in left[0].message and "t3.carry_in.tot" in left[0].cells
    # table 四 line 159: 「72 |64 |178 137 1351 …」 — "137" may be |37 and "178" 1|78: two readings balance
    assert "t4.review.total" not in result.report.cells
    (t4,) = [f for f in ocr_findings(result) if f.message.startswith("表四")]
    assert "第159行「72 |64 |178 137 1351" in t4.message and "t4.review.total" in t4.cells


def test_glued_borders_in_real_tesseract_text_are_read_and_reported():
    """洪泽 2024 line 77 reads 「501010101010150」 for 50|0|0|0|0|0|50 (borders read as 1)."""
    result = import_report(DATA / "hongze-2024-tesseract.txt")
    row = [f"t3.r1.{c}" for c in ("np", "biz", "res", "ngo", "law", "oth", "tot")]
    assert [result.report.cells[c] for c in row] == [50, 0, 0, 0, 0, 0, 50]
    (mark,) = [f for f in ocr_findings(result) if "（一）予以公开" in f.message and "识别痕迹" in f.message]
    assert "第77行「501010101010150」读作 50、0、0、0、0、0、50" in mark.message


def test_readings_of_one_row():
    kinds = [
        default_registry().get("2021").kind_of(f"t3.new.{c}") for c in ("np", "biz", "res", "ngo", "law", "oth", "tot")
    ]
    values = {tuple(p.value for p in r) for r in row_readings("3 O 0 0 l 0 4", 0, kinds)}
    assert values == {(3, 0, 0, 0, 1, 0, 4)}  # no border mark, one figure per cell: read as printed
    noisy = {p.original for p in row_readings("3 O 0 0 l 0 4", 0, kinds)[0] if p.noisy}
    assert noisy == {"O", "l"}
    values = {tuple(p.value for p in r) for r in row_readings("1 2 0 0 0 0 0 12", 0, kinds)}
    assert (12, 0, 0, 0, 0, 0, 12) in values and len(values) > 1  # "1 2" may be one figure: the sums decide
    assert row_readings("", 0, kinds) == []


def test_clean_text_is_never_taken_for_ocr():
    assert ocr_evidence(["推行O2O模式，共3家，办理12件", "二〇三五年远景目标 2 3", "规章 | 0 | 0 | 0"]) == ""
    assert ocr_evidence(["行政处罚 | l2 | 3"]) == "第1行「l2」"
    assert ocr_evidence(["一、本年新收 3 O 0"]) == "第1行「O」"
