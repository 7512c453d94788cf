"""The PDF engine (pypdfium2 + core/importer/pdf_layout.py) sees what pdfplumber sees.

pdfplumber (a test dependency only) is the oracle: the PDF import was built and pinned with it.
On our own exports, the three published PDFs, their redraws without rulings and PDFs drawn here
to exercise the odd cases (a blank drawn as its own text object, a table inside a form XObject,
rounded corners), every page must give the same words at the same places (within 0.05 pt: PDFium
keeps coordinates in single precision), the same ruled tables cell for cell and the same text
lines outside them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from export_cases import numbered, sample
from helpers import REAL_REPORTS, needs_shared
from import_forms import ROOT_FONTS, unruled_pdf, without_rulings
from nianbao.core.importer.pdf_engine import open_pdf, read_page
from nianbao.core.importer.pdf_layout import find_tables, outside, table_rows, text_lines, words
from nianbao.core.pdf_export import render_pdf

pdfplumber = pytest.importorskip("pdfplumber")

CLOSE = 0.05
REAL = ("huaian-city-2024", "hongze-district-2023", "hongze-district-2024")


def box(obj) -> tuple[float, float, float, float]:
    if isinstance(obj, dict):
        return (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    return (obj.x0, obj.top, obj.x1, obj.bottom)


def near(a, b) -> bool:
    return all(abs(x - y) <= CLOSE for x, y in zip(a, b, strict=True))


def plumber_view(data: bytes) -> list[dict]:
    """Per page, as the importer used to read it with pdfplumber."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = [t for t in page.find_tables() if max(len(r) for r in t.extract()) >= 2]
            rest = page
            for table in tables:
                rest = rest.outside_bbox(table.bbox, strict=False)
            out.append(
                {
                    "words": [(w["text"], box(w)) for w in page.extract_words()],
                    "tables": [(t.bbox, t.extract()) for t in tables],
                    "lines": [(ln["text"], box(ln)) for ln in rest.extract_text_lines()],
                }
            )
    return out


def engine_view(data: bytes) -> list[dict]:
    out = []
    with open_pdf(data, "x.pdf") as document:
        pages = [read_page(document, i) for i in range(len(document))]
    for page in pages:
        tables = [(t.bbox, table_rows(t, page.chars)) for t in find_tables(page.edges)]
        tables = [(bbox, rows) for bbox, rows in tables if max(len(r) for r in rows) >= 2]
        rest = outside(page.chars, [bbox for bbox, _ in tables])
        out.append(
            {
                "words": [(w.text, box(w)) for w in words(page.chars)],
                "tables": tables,
                "lines": [(ln.text, box(ln)) for ln in text_lines(rest)],
            }
        )
    return out


def assert_same_view(data: bytes) -> list[dict]:
    expected, got = plumber_view(data), engine_view(data)
    assert len(got) == len(expected)
    for number, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
        for part in ("words", "lines"):
            assert [t for t, _ in have[part]] == [t for t, _ in want[part]], (number, part)
            far = [(t, a, b) for (t, a), (_, b) in zip(want[part], have[part], strict=True) if not near(a, b)]
            assert not far, (number, part, far[:3])
        assert [rows for _, rows in have["tables"]] == [rows for _, rows in want["tables"]], number
        assert all(near(a, b) for (a, _), (b, _) in zip(want["tables"], have["tables"], strict=True)), number
    return got


@pytest.mark.parametrize("report", [numbered("2021"), numbered("2019"), sample()], ids=["2021", "2019", "sample"])
def test_our_exported_pdfs(report):
    pages = assert_same_view(render_pdf(report, system_fonts=False)[0])
    assert sum(len(p["tables"]) for p in pages) >= 3  # 表二, 表三 (over two pages), 表四


def test_our_export_drawn_without_rulings(tmp_path):
    path = tmp_path / "无框线.pdf"
    unruled_pdf(numbered("2021"), path)
    pages = assert_same_view(path.read_bytes())
    assert not any(p["tables"] for p in pages)


@needs_shared(REAL_REPORTS)
@pytest.mark.parametrize("name", REAL)
def test_the_published_pdfs(name):
    pages = assert_same_view((REAL_REPORTS / f"{name}.pdf").read_bytes())
    assert sum(len(p["tables"]) for p in pages) >= 3


@needs_shared(REAL_REPORTS)
@pytest.mark.parametrize("name", REAL)
def test_the_published_pdfs_redrawn_without_rulings(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    without_rulings(REAL_REPORTS / f"{name}.pdf", path)
    assert_same_view(path.read_bytes())


FONT = "FandolSong"  # embedded: PDFium's and pdfminer's metrics of the 14 standard fonts differ slightly


def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(ROOT_FONTS / "FandolSong-Regular.ttf")))
    return Canvas(str(path), pagesize=A4)


def test_a_blank_drawn_on_its_own_still_separates_figures(tmp_path):
    """PDFium's text page leaves out a text object holding only a blank; the gap it leaves (2.7 pt
    at 8 pt) is below the 3 pt that separates words, so without the blank "12" and "34" would
    read as one number."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path = tmp_path / "blank.pdf"
    canvas = _canvas(path)
    canvas.setFont(FONT, 8)
    x = 100.0
    for text in ("12", " ", "34"):
        canvas.drawString(x, 700, text)  # one text object each
        x += stringWidth(text, FONT, 8)
    canvas.drawString(100, 650, "56 78")  # the same in one text object
    canvas.showPage()
    canvas.save()
    (page,) = assert_same_view(path.read_bytes())
    assert [t for t, _ in page["words"]] == ["12", "34", "56", "78"]


def test_a_table_inside_a_form_with_rounded_corners_and_a_moved_origin(tmp_path):
    path = tmp_path / "form.pdf"
    canvas = _canvas(path)
    canvas.beginForm("table")
    canvas.setFont(FONT, 9)
    for r in range(4):
        for c in range(3):
            canvas.rect(c * 60, r * 20, 60, 20)  # a cell drawn as a rectangle ("re")
            canvas.drawString(c * 60 + 5, r * 20 + 6, f"{r}{c}" if (r, c) != (1, 1) else "")
    canvas.line(0, 80, 180, 80)
    canvas.roundRect(0, 100, 180, 30, 6)  # curves at the corners, straight sides
    canvas.drawString(5, 110, "rounded box")
    canvas.endForm()
    canvas.saveState()
    canvas.translate(120, 500)
    canvas.scale(1.5, 1.5)
    canvas.doForm("table")
    canvas.restoreState()
    canvas.setFont(FONT, 12)
    canvas.drawString(120, 470, "below the table")
    canvas.showPage()
    canvas.save()
    (page,) = assert_same_view(path.read_bytes())
    rows = [rows for _, rows in page["tables"]]
    assert [["30", "31", "32"], ["20", "21", "22"], ["10", "", "12"], ["00", "01", "02"]] in rows
    assert "below the table" in [t for t, _ in page["lines"]]
