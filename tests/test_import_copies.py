"""Reports pasted as text: a browser's copy of the page (tab-separated rows) and Markdown tables.

The sample draft and the real reports' hand-typed figures are written out the way a browser
or a converter lays the official grid out (``import_forms``); the real converter output of
淮安 2024 (pymupdf4llm) is kept in tests/data/import. Every cell must come back, every blank
cell must stay blank and be named.
"""

from __future__ import annotations

import random

import pytest

from import_expected import HONGZE_2024, HUAIAN_2024, ROOT, SAMPLE, SHARED
from import_forms import browser_copy, markdown, pdf_tables_as_text
from nianbao.core.draft import load
from nianbao.core.formats import default_registry
from nianbao.core.importer import ImportResult, import_bytes, import_report
from nianbao.core.report import Report

REAL = SHARED / "real-reports"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="shared/real-reports is not beside the clone")
CONVERTED = ROOT / "tests" / "data" / "import" / "huaian-2024-pymupdf4llm.md"


def huaian() -> Report:
    return Report(format=default_registry().get("2021"), year=2024, agency="淮安市人民政府", cells=dict(HUAIAN_2024))


def blanks_of(result: ImportResult) -> set[str]:
    return {c for f in result.findings if f.rule == "import.blank" for c in f.cells}


def assert_reads_back(result: ImportResult, report: Report, blanks: frozenset[str] = frozenset()) -> None:
    expected = {k: v for k, v in report.cells.items() if k not in blanks}
    assert result.report.cells == expected
    assert blanks_of(result) == set(blanks)
    assert {f.rule for f in result.findings} <= {"import.blank"}


@pytest.mark.parametrize("form", ["tabs", "markdown", "markdown-repeated"])
@pytest.mark.parametrize("source", ["sample-2019", "huaian-2021"])
def test_every_cell_and_every_blank_comes_back(form, source):
    report = load(SAMPLE) if source == "sample-2019" else huaian()
    ids = sorted(report.cells)
    for seed in range(3):
        blanks = frozenset(random.Random(seed).sample(ids, 20 * seed))
        if form == "tabs":
            text = browser_copy(report, blanks)
        else:
            text = markdown(report, blanks, repeat_merged=form == "markdown-repeated")
        result = import_bytes(text.encode("utf-8"), "粘贴.txt")
        assert (result.report.agency, result.report.year) == (report.agency, report.year)
        assert_reads_back(result, report, blanks)


def test_sample_copy_keeps_the_texts():
    report = load(SAMPLE)
    for text in (browser_copy(report), markdown(report)):
        result = import_bytes(text.encode("utf-8"), "粘贴.txt")
        assert result.report.texts == report.texts
        assert result.findings == []


def test_the_issue_row_with_five_blank_cells():
    """「1.信访举报投诉类申请⇥23⇥1⇥⇥⇥⇥⇥」: seven cells, five of them blank."""
    report = huaian()
    row = [f"t3.r5_1.{c}" for c in ("np", "biz", "res", "ngo", "law", "oth", "tot")]
    report.cells.update({row[0]: 23, row[1]: 1})
    blanks = frozenset(row[2:])
    text = browser_copy(report, blanks)
    assert "1.信访举报投诉类申请\t23\t1\t\t\t\t\t\n" in text
    result = import_bytes(text.encode("utf-8"), "copy.txt")
    assert_reads_back(result, report, blanks)
    (blank,) = [f for f in result.findings if f.rule == "import.blank"]
    assert blank.cells == tuple(row[2:]) and "5 个单元格" in blank.message and "第" in blank.message


def test_a_line_of_tabs_is_one_row_even_when_every_cell_is_blank():
    report = huaian()
    row = tuple(f"t3.r2.{c}" for c in ("np", "biz", "res", "ngo", "law", "oth", "tot"))
    result = import_bytes(browser_copy(report, frozenset(row)).encode("utf-8"), "copy.txt")
    assert_reads_back(result, report, frozenset(row))
    (blank,) = [f for f in result.findings if f.rule == "import.blank"]
    assert blank.cells == row and "都是空白" in blank.message


def test_real_converter_markdown_of_huaian_2024():
    """pymupdf4llm's output: headers split over rows, <br> in cells, a label broken over two rows,
    page footers between table rows, a table continued on the next page."""
    text = CONVERTED.read_text(encoding="utf-8")
    assert "<br>" in text and "|1、申请人无正当理由逾期不补||||||||" in text and "- 4 -" in text
    result = import_report(CONVERTED)
    report = result.report
    assert (report.agency, report.year, report.format.id) == ("淮安市人民政府", 2024, "2021")
    assert report.cells == HUAIAN_2024
    assert result.findings == []
    assert report.texts["general"].startswith("2024年，我市坚持以习近平新时代中国特色社会主义思想为指导")


@needs_real
@pytest.mark.parametrize("style", ["tabs", "markdown"])
@pytest.mark.parametrize(
    ("name", "expected"), [("huaian-city-2024", HUAIAN_2024), ("hongze-district-2024", HONGZE_2024)]
)
def test_real_pdf_tables_pasted_as_text(name, expected, style):
    text = pdf_tables_as_text(REAL / f"{name}.pdf", style)
    result = import_bytes(text.encode("utf-8"), f"{name}.txt")
    assert result.report.cells == expected
    rules = sorted({f.rule for f in result.findings})
    assert rules == ([] if name.startswith("huaian") else ["import.label", "import.layout", "import.rows_missing"])


def test_pipe_lines_without_a_delimiter_row_are_not_markdown():
    """A web capture's " | " lines keep their old reading: stray "||" are not blank cells."""
    text = "某局\n2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n| 行政许可 | 4 | ||\n"
    result = import_bytes(text.encode("utf-8"), "page.txt")
    assert result.report.cells["t2.license.decisions"] == 4
    assert not blanks_of(result) & {"t2.license.decisions"}
