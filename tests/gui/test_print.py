"""打印… (Ctrl+P) and 打印预览 print exactly the PDF export's pages.

The print dialog is answered by the test with a PDF printer (QPrinter in PdfFormat, as
offscreen as it gets); the printed file is compared with the export page by page: the
same number of A4 pages, and each printed page looks like the exported one (both are
the image on each printed sheet is compared pixel by pixel with the exported page
rasterised by pypdfium2 at the same resolution; another page differs clearly, so the
comparison can fail).
"""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog

from nianbao.core.pdf_export import render_pdf
from nianbao.gui import printing

DPI = 72  # printing.MAX_DPI in these tests


@pytest.fixture(autouse=True)
def _low_resolution(monkeypatch, tmp_path_factory):
    monkeypatch.setattr(printing, "MAX_DPI", DPI)  # keeps the printed test PDF small and quick
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


def exported_pages(data: bytes) -> list[list[int]]:
    """Each page of the exported PDF rasterised in grey at the printing resolution of the test."""
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    out = []
    for page in pdf:
        bitmap = page.render(scale=DPI / 72, grayscale=True)
        raw = bytes(bitmap.buffer)
        out.append([raw[r * bitmap.stride + c] for r in range(bitmap.height) for c in range(bitmap.width)])
    pdf.close()
    return out


def printed_pages(path) -> list[list[int]]:
    """The image on each printed page (grey, as Qt embedded it), after checking it fills the A4 sheet."""
    pdf = pypdfium2.PdfDocument(str(path))
    out = []
    for page in pdf:
        assert tuple(round(x) for x in page.get_size()) == (595, 842)  # A4 in points
        (image,) = page.get_objects(filter=(pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,))
        left, bottom, right, top = image.get_bounds()
        assert max(abs(left), abs(bottom), abs(right - 595.3), abs(top - 841.9)) < 1.5  # the whole sheet
        bitmap = image.get_bitmap(render=False)
        raw, step = bytes(bitmap.buffer), bitmap.n_channels
        out.append([raw[r * bitmap.stride + step * c] for r in range(bitmap.height) for c in range(bitmap.width)])
    pdf.close()
    return out


def difference(a: list[int], b: list[int]) -> float:
    """Mean absolute grey difference (0–255) of two pages of the same size."""
    assert len(a) == len(b)
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def answer_print_dialog(monkeypatch, out, page_range=None):
    def fake_exec(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        if page_range:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*page_range)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)


def test_ctrl_p_prints_the_pages_of_the_pdf_export(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "打印.pdf"
    answer_print_dialog(monkeypatch, out)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.exists(), "Ctrl+P did not print"
    exported, _ = render_pdf(window.document.report)
    printed, pages = printed_pages(out), exported_pages(exported)
    assert len(printed) == len(pages) == 6
    for on_paper, page in zip(printed, pages, strict=True):
        assert difference(on_paper, page) < 1.0
    assert difference(printed[0], pages[1]) > 10  # another page is clearly another page
    assert "已发送 6 页到打印机" in window.statusBar().currentMessage()


def test_print_a_page_range(window, tmp_path, monkeypatch):
    out = tmp_path / "第2-3页.pdf"
    answer_print_dialog(monkeypatch, out, (2, 3))
    window.print_action.trigger()
    exported, _ = render_pdf(window.document.report)
    printed, pages = printed_pages(out), exported_pages(exported)
    assert len(printed) == 2
    assert difference(printed[0], pages[1]) < 1.0 and difference(printed[1], pages[2]) < 1.0


def test_cancelled_print_dialog_prints_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert printing.print_report(window) == 0


def test_print_preview_shows_every_exported_page(window, qtbot, monkeypatch):
    seen = {}

    def fake_exec(dialog):
        dialog.show()
        preview = dialog.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=5000)
        seen["pages"] = preview.pageCount()
        seen["title"] = dialog.windowTitle()
        dialog.done(0)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.print_preview_action.trigger()
    assert seen["pages"] == 6 and "共 6 页" in seen["title"]


def test_a_character_no_font_has_is_explained_before_printing(window, dialogs, monkeypatch):
    window.document.report.texts["other"] = "无\U000f0000"
    called = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: called.append(1) or QDialog.DialogCode.Accepted)
    assert printing.print_report(window) == 0
    kind, title, text = dialogs.calls[-1]
    assert kind == "critical" and title == "无法打印" and "U+F0000" in text
    assert called == []
