"""Text PDFs as the importer meets them: our own exports read back cell for cell, and the files it
must refuse or cut short (password, damage, too many pages, too large) refused with the file's name.

The figures compared are the report's own (tests/export_cases.py builds them by hand); nothing
here compares the importer with itself.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import threading
from decimal import Decimal

import pytest

from export_cases import assert_same_report, numbered, sample
from helpers import ROOT
from import_forms import ROOT_FONTS
from nianbao.core.importer import ImportFailed, import_bytes
from nianbao.core.importer.pdf_source import MAX_PAGES, read_pdf
from nianbao.core.pdf_export import render_pdf

pypdf = pytest.importorskip("pypdf")


def exported(report, **options) -> bytes:
    return render_pdf(report, system_fonts=False, **options)[0]


def rewritten(data: bytes, change) -> bytes:
    """The PDF's pages copied by pypdf into a new file, ``change(writer)`` applied."""
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdf_2021() -> bytes:
    return exported(numbered("2021"), signature=False)


def test_our_2021_export_reads_back_200_of_200(pdf_2021):
    report = numbered("2021")
    result = import_bytes(pdf_2021, "年报.pdf")
    assert (result.cells_found, result.cells_total) == (200, 200)
    assert result.report.cells == report.cells
    assert result.findings == []


def test_our_2019_sample_export_reads_back_whole():
    report = sample()
    result = import_bytes(exported(report, signature=False), "样例.pdf")
    assert (result.cells_found, result.cells_total) == (198, 198)
    assert_same_report(report, result)


def test_blank_cells_of_an_export_stay_blank_and_are_named():
    report = numbered("2021")
    blanks = [c for c in sorted(report.cells) if c.startswith(("t2.", "t4."))][::4]
    for cell_id in blanks:
        del report.cells[cell_id]
    result = import_bytes(exported(report), "有空格.pdf")
    assert result.report.cells == report.cells
    named = {c for f in result.findings if f.rule == "import.blank" for c in f.cells}
    assert named == set(blanks)
    assert {f.rule for f in result.findings} == {"import.blank"}


def test_an_empty_ruled_cell_is_one_empty_piece_in_its_place():
    from nianbao.core.normalise import EMPTY

    report = numbered("2021")
    del report.cells["t3.r1.np"]  # 表三（一）予以公开 / 自然人
    pieces = [p.text for p in read_pdf(exported(report), "空格.pdf").pieces]
    at = pieces.index("（一）予以公开")
    assert pieces[at + 1 : at + 8] == [
        EMPTY,
        *(str(report.cells[f"t3.r1.{c}"]) for c in ("biz", "res", "ngo", "law", "oth", "tot")),
    ]


def test_pages_turned_with_rotate_read_as_drawn(pdf_2021):
    def turn(writer):
        for i, page in enumerate(writer.pages):
            page.rotate(90 if i % 2 else 270)

    result = import_bytes(rewritten(pdf_2021, turn), "旋转.pdf")
    assert result.report.cells == numbered("2021").cells


def test_a_password_protected_pdf_is_refused_naming_the_file(pdf_2021):
    data = rewritten(pdf_2021, lambda w: w.encrypt(user_password="mima", owner_password="x", algorithm="RC4-128"))
    with pytest.raises(ImportFailed) as caught:
        import_bytes(data, "加密年报.pdf")
    message = str(caught.value)
    assert "「加密年报.pdf」" in message and "密码" in message and "Error" not in message


def test_a_pdf_restricted_only_by_an_owner_password_is_read(pdf_2021):
    """Copy/print restrictions without an opening password: every reader opens such a file."""
    data = rewritten(pdf_2021, lambda w: w.encrypt(user_password="", owner_password="x", algorithm="RC4-128"))
    assert import_bytes(data, "限制复制.pdf").report.cells == numbered("2021").cells


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"%PDF-1.7\n" + bytes(range(256)) * 20,
        lambda data: data[: len(data) // 2],  # a download cut off half way
        lambda data: data[:1500],
    ],
    ids=["garbage", "half", "head-only"],
)
def test_a_damaged_pdf_is_refused_naming_the_file(pdf_2021, damage):
    with pytest.raises(ImportFailed) as caught:
        import_bytes(damage(pdf_2021), "坏文件.pdf")
    message = str(caught.value)
    assert "「坏文件.pdf」" in message and "损坏" in message


def test_only_the_first_80_pages_are_read(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "很长.pdf"
    canvas = Canvas(str(path))
    for n in range(1, MAX_PAGES + 2):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 700, f"sheet {n} of many")
        canvas.showPage()
    canvas.save()
    doc = read_pdf(path.read_bytes(), path.name)
    text = "\n".join(p.text for p in doc.pieces)
    assert f"sheet {MAX_PAGES} of many" in text and f"sheet {MAX_PAGES + 1} of many" not in text
    assert doc.notes == [f"PDF 共 {MAX_PAGES + 1} 页，只读取了前 {MAX_PAGES} 页"]
    result = import_bytes(path.read_bytes(), path.name)
    assert any(f.rule == "import.read" and "「很长.pdf」" in f.message for f in result.findings)


def test_a_pdf_over_50_mb_is_refused_before_it_is_parsed():
    data = b"%PDF-1.7\n" + b" " * (50 * 1024 * 1024)
    with pytest.raises(ImportFailed) as caught:
        import_bytes(data, "巨大.pdf")
    assert "「巨大.pdf」太大" in str(caught.value)


def test_two_threads_importing_at_once_both_read_correctly(pdf_2021):
    """PDFium must not be entered twice at once (the engine's lock); both results are whole."""
    results: list[dict] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(import_bytes(pdf_2021, "并发.pdf").report.cells)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 6 and all(cells == numbered("2021").cells for cells in results)


def test_pdf_import_needs_neither_pdfplumber_nor_pdfminer(tmp_path, pdf_2021):
    """They are test dependencies only: the import runs with both made unimportable."""
    path = tmp_path / "年报.pdf"
    path.write_bytes(pdf_2021)
    script = textwrap.dedent(
        f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("pdfplumber", "pdfminer"):
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        from nianbao.core.importer import import_report
        result = import_report({str(path)!r})
        print(result.cells_found, result.cells_total)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("pdfplumber", "pdfminer")))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["200 200", "[]"]


def test_decimal_cells_keep_their_places(pdf_2021):
    cells = import_bytes(pdf_2021, "年报.pdf").report.cells
    decimals = {k: v for k, v in numbered("2021").cells.items() if isinstance(v, Decimal)}
    assert decimals and all(cells[k] == v and str(cells[k]) == str(v) for k, v in decimals.items())


def test_a_heading_drawn_twice_for_bold_reads_once(tmp_path):
    """Some producers make bold (a font without a bold face) by drawing the text twice, a fraction
    of a point apart; PDFium drops the copy (pdfplumber read 「一一、、总总体体情情况况」)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if "FandolSong" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("FandolSong", str(ROOT_FONTS / "FandolSong-Regular.ttf")))
    path = tmp_path / "加粗.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("FandolSong", 16)
    canvas.drawString(100, 700, "一、总体情况")
    canvas.drawString(100.4, 700, "一、总体情况")
    canvas.setFont("FandolSong", 12)
    canvas.drawString(124, 670, "本年度共收到申请3件。")  # indented: a new paragraph
    canvas.showPage()
    canvas.save()
    assert [p.text for p in read_pdf(path.read_bytes(), path.name).pieces] == ["一、总体情况", "本年度共收到申请3件。"]
