"""PDF tables: fixed official column widths, values never broken, read back cell for cell.

Widths are compared with the format files' ``column_widths`` (mm), values with what the
test put into the report, and the round trip goes through the program's own importer,
which reads the ruled cells with pdfplumber like any published PDF.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pdfplumber
import pytest

from nianbao.core.draft import load
from nianbao.core.formats import default_registry
from nianbao.core.importer import import_report
from nianbao.core.pdf_export import render_pdf, write_pdf
from nianbao.core.report import Report

MM = 72 / 25.4
LEFT, TOP, BODY_W, BODY_H = 28 * MM, 37 * MM, 156 * MM, 225 * MM
PAGE_H = 297 * MM
PITCH = BODY_H / 22


@pytest.fixture(autouse=True)
def _font_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


def big_report(format_id: str, digits: int) -> Report:
    """Every cell a distinct number of ``digits`` digits (negative deltas, decimals with .25)."""
    fmt = default_registry().get(format_id)
    report = Report(
        format=fmt, year=2022 if format_id == "2021" else 2020, agency="某某县人民政府办公室", published="2023-01-20"
    )
    i = 0
    for table in fmt.tables:
        for cell in table.cells:
            kind = fmt.kind_of(cell.id)
            base = 10 ** (digits - 1) + i * 7919
            if kind.type == "decimal":
                report.cells[cell.id] = Decimal(f"{base}.25")
            else:
                report.cells[cell.id] = -base if kind.minimum is None else base
            i += 1
    report.texts = {"preface": "本报告依据《中华人民共和国政府信息公开条例》编制。"}
    return report


def table_pages(data: bytes) -> list[list]:
    """Per page, the pdfplumber tables (cells as text, lines joined with "\\n")."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_ten_digit_values_stay_whole_on_one_line(format_id):
    report = big_report(format_id, 10)
    data, _ = render_pdf(report, system_fonts=False)
    cells = [c for page in table_pages(data) for table in page for row in table for c in row if c]
    values = {str(report.cells[c.id]) for t in report.format.tables if t.id in ("t3", "t4") for c in t.cells}
    assert values <= set(cells)  # every value is one cell's whole text: never split, never wrapped
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        digits = [c for page in pdf.pages for c in page.chars if c["text"].isdigit() and c["size"] < 10]
    assert digits and min(c["size"] for c in digits) >= 7.5 - 1e-6  # shrunk at most to 六号


@pytest.mark.parametrize(("format_id", "digits", "expected"), [("2021", 8, 200), ("2019", 8, 198), ("2021", 10, 200)])
def test_the_importer_reads_every_cell_back(tmp_path, format_id, digits, expected):
    report = big_report(format_id, digits)
    path = tmp_path / "r.pdf"
    write_pdf(report, path, system_fonts=False)
    back = import_report(path).report.cells
    same = [cid for cid, value in report.cells.items() if back.get(cid) == value]
    assert len(report.cells) == expected
    assert len(same) == expected


def test_the_sample_reads_back_cell_for_cell(sample_path, tmp_path):
    report = load(sample_path)
    path = tmp_path / "sample.pdf"
    write_pdf(report, path, system_fonts=False)
    back = import_report(path).report.cells
    assert len(report.cells) == 198
    assert {cid: back.get(cid) for cid in report.cells} == report.cells


def _vertical_edges(data: bytes) -> list[list[float]]:
    """Per table found, the sorted x positions of its column edges (points)."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            # small snapping: two tables on one page have edges 1 pt apart
            for table in page.find_tables({"snap_tolerance": 0.3, "join_tolerance": 0.3}):
                out.append(sorted({round(x, 1) for c in table.cells for x in (c[0], c[2])}))
    return out


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_column_widths_come_from_the_format_file_not_from_the_data(format_id):
    empty = big_report(format_id, 1)
    empty.cells.clear()
    full = big_report(format_id, 10)
    edges_empty = _vertical_edges(render_pdf(empty, system_fonts=False)[0])
    edges_full = _vertical_edges(render_pdf(full, system_fonts=False)[0])
    assert edges_empty == edges_full
    fmt = default_registry().get(format_id)
    for table in fmt.tables:
        widths = table.column_widths
        assert len(widths) == table.n_cols and sum(widths) == pytest.approx(156)
        expected = [round(LEFT + sum(widths[:i]) * MM, 1) for i in range(len(widths) + 1)]
        assert any(edges == pytest.approx(expected, abs=0.15) for edges in edges_full), table.id


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_no_label_ends_with_a_single_character_line(format_id):
    data, _ = render_pdf(big_report(format_id, 10), system_fonts=False)
    labels = {i.text for t in default_registry().get(format_id).tables for i in t.items if i.role != "data"}
    wrapped = 0
    for page in table_pages(data):
        for table in page:
            for row in table:
                for cell in row:
                    if not cell or "\n" not in cell or cell.replace("\n", "") not in labels:
                        continue
                    wrapped += 1
                    last = cell.split("\n")[-1].strip()
                    assert len(last) >= 2, cell
    assert wrapped >= 10


def _baselines(data: bytes, size: float) -> list[list[float]]:
    """Per page, the baselines (points from the page top) of the lines set in ``size`` points."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            sorted({round(PAGE_H - c["matrix"][5], 2) for c in page.chars if abs(c["size"] - size) < 0.01})
            for page in pdf.pages
        ]


@pytest.mark.parametrize("lines_before", [0, 3, 7, 12])
def test_text_after_a_table_is_back_on_the_line_grid(lines_before):
    report = big_report("2021", 4)
    report.texts["preface"] = "\n".join(["政府信息公开工作年度报告编制说明"] * (lines_before + 1))
    report.texts["problems"] = "公开内容还不够全面。"
    data, _ = render_pdf(report, system_fonts=False)
    pages = _baselines(data, 16.0)
    first = pages[0][0]
    for baselines in pages:
        for b in baselines:
            phase = (b - first) / PITCH
            assert abs(phase - round(phase)) * PITCH < 0.1, (b, first)
            assert TOP <= b <= TOP + BODY_H


def _body_row_heights(table) -> list[float]:
    """Heights of a pdfplumber table's rows that hold numbers (below the repeated header)."""
    texts = table.extract()
    return [
        row.bbox[3] - row.bbox[1]
        for row, cells in zip(table.rows, texts, strict=False)
        if any(c and re.fullmatch(r"-?[\d.]+", c.strip()) for c in cells)
    ]


@pytest.mark.parametrize("lines_before", [0, 2, 4, 6, 8, 10, 12, 14])
def test_a_table_split_fills_its_page_and_goes_on_at_the_top(lines_before):
    report = big_report("2021", 4)
    report.texts["preface"] = "\n".join(["政府信息公开工作年度报告编制说明"] * (lines_before + 1))
    data, _ = render_pdf(report, system_fonts=False)
    splits = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page, following in zip(pdf.pages, pdf.pages[1:], strict=False):
            tables, next_tables = page.find_tables(), following.find_tables()
            if not tables or not next_tables:
                continue
            bottom = max(t.bbox[3] for t in tables)
            first = min(next_tables, key=lambda t: t.bbox[1])
            if any(c["size"] == 16 and c["top"] < first.bbox[1] for c in following.chars):
                continue  # the next page does not go on with this table
            splits += 1
            assert first.bbox[1] == pytest.approx(TOP, abs=0.6)  # the rest starts right at the top
            room = TOP + BODY_H - bottom
            h1, h2 = [*_body_row_heights(first), 0.0, 0.0][:2]
            # Filled: not even the next row fits — or it would, but only by carrying the last
            # row of its merged group over alone (a widow), and the two together do not fit.
            assert room < max(1.5 * PITCH, h1) or room < h1 + h2, (lines_before, room / PITCH)
    assert splits >= 1
