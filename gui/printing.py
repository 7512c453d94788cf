"""打印… and 打印预览: exactly the pages of the PDF export, on A4, at the printer's resolution.

The report is rendered to PDF in memory (the same ``render_pdf`` as 导出PDF, so the same
fonts and page breaks), its pages are rasterised with pypdfium2 at the printer's resolution
(capped at :data:`MAX_DPI`; the preview uses :data:`PREVIEW_DPI`) and painted onto the
whole sheet, with no margins added: the GB/T 9704 margins are in the page itself. No
system PDF reader is involved.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMessageBox

from nianbao.core.errors import NianbaoError
from nianbao.core.report import Report

if TYPE_CHECKING:
    from .main_window import MainWindow

from nianbao.core.importer.pdf_engine import PDFIUM_LOCK

log = logging.getLogger(__name__)

PDF_MODULE = "nianbao.core.pdf_export"
MAX_DPI = 600  # a 600 dpi grey A4 page is 35 MB; finer adds nothing to 3号 text
PREVIEW_DPI = 150


class PrintJob:
    """The report's exported pages, ready to paint onto any ``QPrinter``."""

    def __init__(self, report: Report):
        import pypdfium2

        data, result = importlib.import_module(PDF_MODULE).render_pdf(report)
        with PDFIUM_LOCK:
            self.pdf = pypdfium2.PdfDocument(data)
        self.page_count = result.pages
        self.title = report.title or "年度报告"

    def close(self) -> None:
        """Release the rendered PDF."""
        with PDFIUM_LOCK:
            self.pdf.close()

    def page_image(self, index: int, dpi: float) -> QImage:
        """Page ``index`` (0-based) as a grey image at ``dpi``."""
        with PDFIUM_LOCK:  # PDFium is not thread-safe; the batch reader may use it in a thread
            page = self.pdf[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False)
                buffer = bitmap.buffer
                image = QImage(buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_Grayscale8)
                return image.copy()  # own the pixels before pdfium frees the bitmap
            finally:
                page.close()

    def paint(self, printer: QPrinter) -> int:
        """Paint the pages the printer asks for (its page range, copies); returns how many."""
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(1, printer.fromPage()), min(self.page_count, printer.toPage() or self.page_count)
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("打印机无法开始打印")
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if preview else min(printer.resolution(), MAX_DPI)
        sheet = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
        sheet.moveTo(0, 0)
        painted = 0
        try:
            for _copy in range(copies):
                for number in range(first, last + 1):
                    if painted:
                        printer.newPage()
                    painter.drawImage(sheet, self.page_image(number - 1, dpi))
                    painted += 1
        finally:
            painter.end()
        return painted


def new_printer(title: str) -> QPrinter:
    """A printer set to A4 portrait, the whole sheet addressable (the page holds its margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)
    printer.setDocName(title)
    return printer


def _job(window: MainWindow) -> PrintJob | None:
    document = window.document
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return PrintJob(document.report)
    except NianbaoError as exc:
        QMessageBox.critical(window, "无法打印", f"{exc}\n\n草稿内容没有受到影响。")
    except Exception as exc:
        log.exception("print job failed")
        QMessageBox.critical(window, "无法打印", f"无法准备打印的页面：{exc}\n\n草稿内容没有受到影响。")
    finally:
        QGuiApplication.restoreOverrideCursor()
    return None


def print_report(window: MainWindow) -> int:
    """打印…: the print dialog (printer, page range, copies), then the pages; returns pages printed."""
    job = _job(window)
    if job is None:
        return 0
    try:
        printer = new_printer(job.title)
        dialog = QPrintDialog(printer, window)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, job.page_count)
        dialog.setFromTo(1, job.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = job.paint(dialog.printer())
        except Exception as exc:
            log.exception("printing failed")
            QMessageBox.critical(window, "打印失败", f"打印没有完成：{exc}")
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        window.show_message(f"已发送 {pages} 页到打印机")
        return pages
    finally:
        job.close()


def preview_report(window: MainWindow) -> QPrintPreviewDialog | None:
    """打印预览: the exported pages in Qt's preview, which can also print them."""
    job = _job(window)
    if job is None:
        return None
    printer = new_printer(job.title)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle(f"打印预览 — {job.title}（共 {job.page_count} 页）")
    dialog.resize(900, min(1000, max(600, window.height())))
    dialog.paintRequested.connect(job.paint)
    dialog.finished.connect(job.close)
    dialog.exec()
    return dialog
