"""文件 → 导出 (PDF, Word, 网页, Excel, CSV), 复制为网页, 打印预览 and 打印… for the main window.

Each export is one call of the core writer that the file's suffix picks
(:func:`nianbao.core.export.export_report`), run on a pool thread (:mod:`workers`) with a copy
of the report taken when the user chose the file: the window keeps answering, edits made
meanwhile do not mix in, and 取消 before the end writes nothing (the write itself checks it,
:func:`nianbao.core.atomic.cancel_writes_when`). Failures say in Chinese what happened to the
file the user chose (磁盘已满, 文件夹只读, U盘已拔出, 文件被其他程序占用), never the temp file.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStyle

from nianbao.core.atomic import cancel_writes_when
from nianbao.core.errors import NianbaoError, write_failed
from nianbao.core.export import WRITERS, export_report
from nianbao.core.log import log_hint
from nianbao.core.report import Report
from nianbao.core.rules import count

from . import printing
from .open_file import open_with_system

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)
HTML_MODULE = "nianbao.core.html_export"
_BUTTONS = QMessageBox.StandardButton


@dataclass(frozen=True)
class Output:
    """One entry of the 导出 menu."""

    suffix: str
    attribute: str  # the window's action attribute, e.g. ``export_pdf_action``
    menu_text: str
    file_filter: str
    tip: str
    publishes: bool  # a document for publication: warn about errors and empty cells first
    opens_with: str  # what "open it now?" names; "" = do not offer
    draft_mark: bool = False  # PDF: the 「草稿」 watermark and a last page of findings (internal review copy)


OUTPUTS = (
    Output(".pdf", "export_pdf_action", "PDF…", "PDF 文件 (*.pdf)", "导出可打印的PDF", True, "系统的PDF阅读器"),
    Output(
        ".pdf",
        "export_review_pdf_action",
        "PDF 审阅稿（带「草稿」水印和问题清单）…",
        "PDF 文件 (*.pdf)",
        "供内部审阅：每页有浅色「草稿」水印，最后一页列出检查发现的问题；正式发布请用「PDF…」",
        False,
        "系统的PDF阅读器",
        draft_mark=True,
    ),
    Output(
        ".docx",
        "export_docx_action",
        "Word…",
        "Word 文档 (*.docx)",
        "导出可在 WPS/Word 中修改的文档（公文版式、样式、表格）",
        True,
        "WPS/Word",
    ),
    Output(
        ".html",
        "export_html_action",
        "网页…",
        "网页 (*.html)",
        "导出一个网页文件，可上传到政府信息公开专栏",
        True,
        "浏览器",
    ),
    Output(
        ".xlsx",
        "export_xlsx_action",
        "Excel…",
        "Excel 工作簿 (*.xlsx)",
        "导出官方表格样式的 Excel 工作簿（合计为公式）",
        False,
        "WPS/Excel",
    ),
    Output(
        ".csv",
        "export_csv_action",
        "CSV…",
        "CSV 表格 (*.csv)",
        "导出全部表格数据，每个单元格一行（供其他程序读取）",
        False,
        "",
    ),
)


def create_actions(window: MainWindow) -> None:
    """The export, copy and print actions, as attributes of the window (menus and toolbar use them)."""
    sp = QStyle.StandardPixmap
    for output in OUTPUTS:
        action = QAction(output.menu_text, window)
        action.setStatusTip(output.tip)
        action.triggered.connect(lambda _checked=False, o=output: export(window, o))
        setattr(window, output.attribute, action)
    window.export_pdf_action.setShortcut(QKeySequence("Ctrl+E"))
    window.export_pdf_action.setIcon(window.style().standardIcon(sp.SP_FileDialogDetailedView))
    window.export_pdf_action.setIconText("导出PDF")
    window.copy_html_action = QAction("复制为网页", window)
    window.copy_html_action.setStatusTip("把整篇报告（含表格）复制到剪贴板，可直接粘贴到网站后台的编辑器中")
    window.copy_html_action.triggered.connect(lambda: copy_as_web_page(window))
    window.print_preview_action = QAction("打印预览…", window)
    window.print_preview_action.setStatusTip("按导出PDF的版面预览每一页")
    window.print_preview_action.triggered.connect(lambda: printing.preview_report(window))
    window.print_action = QAction("打印…", window)
    window.print_action.setShortcut(QKeySequence.StandardKey.Print)
    window.print_action.setIcon(
        QIcon.fromTheme("document-print", window.style().standardIcon(sp.SP_FileDialogContentsView))
    )
    window.print_action.setIconText("打印")
    window.print_action.setStatusTip("按导出PDF的版面打印（A4）")
    window.print_action.triggered.connect(lambda: printing.print_report(window))


def fill_file_menu(window: MainWindow, file_menu: QMenu) -> None:
    """导出 ▸ PDF / Word / 网页 / Excel / CSV, 复制为网页, 打印预览…, 打印…"""
    window.export_menu = file_menu.addMenu("导出")
    window.export_menu.addActions([getattr(window, o.attribute) for o in OUTPUTS])
    file_menu.addAction(window.copy_html_action)
    file_menu.addSeparator()
    file_menu.addActions([window.print_preview_action, window.print_action])


def _ask_path(window: MainWindow, title: str, suffix: str, file_filter: str) -> Path | None:
    report = window.document.report
    base = window.path.stem if window.path else (report.title or "年度报告")
    folder = window.path.parent if window.path else Path(window.last_dir())
    path, _ = QFileDialog.getSaveFileName(window, title, str(folder / f"{base}{suffix}"), file_filter)
    if not path:
        return None
    target = Path(path)
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def _confirm_publication(window: MainWindow, title: str) -> bool:
    """Warn about errors and empty cells before a document for publication (the user may go on)."""
    document = window.document
    document.flush_checks()
    errors, _ = count(document.findings)
    empty = document.empty_cell_count()
    if not errors and not empty:
        return True
    parts = ([f"{errors} 个错误"] if errors else []) + ([f"{empty} 个空白单元格"] if empty else [])
    window.show_findings_panel()
    answer = QMessageBox.warning(
        window,
        title,
        f"草稿中还有{'、'.join(parts)}（已列在窗口下方的“检查结果”中）。\n"
        "正式报告中的空白单元格应填0，错误应改正后再发布。\n\n仍要导出吗？",
        _BUTTONS.Yes | _BUTTONS.No,
        _BUTTONS.No,
    )
    return answer == _BUTTONS.Yes


def snapshot(report: Report) -> Report:
    """A copy of ``report`` that later edits in the window do not change (the format is shared)."""
    return dataclasses.replace(report, texts=dict(report.texts), cells=dict(report.cells))


def failure_message(what: str, target: Path, exc: BaseException) -> str:
    """Why writing ``target`` failed, in Chinese, naming the user's file."""
    if isinstance(exc, OSError):
        return write_failed(what, target, exc)
    if isinstance(exc, NianbaoError):
        return str(exc)
    log.error("internal error exporting %s", target, exc_info=exc)
    return f"导出{what}「{target}」时出现程序内部错误（{type(exc).__name__}: {exc}）。{log_hint()}"


def export(window: MainWindow, output: Output) -> Path | None:
    """Ask where, write the file with the core writer in the background, report the result (and
    offer to open it). Returns the file chosen (being written), or None."""
    if window.jobs.busy:
        window.show_message("请等当前的任务完成，或先点状态栏中的「取消」")
        return None
    writer = WRITERS[output.suffix]
    title = f"导出{writer.label}"
    if output.publishes and not _confirm_publication(window, title):
        return None
    try:
        writer.load()
    except Exception:
        log.exception("writer %s cannot be loaded", writer.module)
        QMessageBox.warning(
            window,
            title,
            f"这个版本还不能导出{writer.label}（缺少{writer.label}导出组件）。\n可以先导出其他格式，或保存草稿后用新版本导出。",
        )
        return None
    target = _ask_path(window, title, output.suffix, output.file_filter)
    if target is None:
        return None
    report = snapshot(window.document.report)

    notes: list[str] = []

    def write(cancelled: threading.Event) -> None:
        with cancel_writes_when(cancelled):
            notes.extend(export_report(report, target, draft_mark=output.draft_mark))

    def done(_: object) -> None:
        window.show_message(" ".join([f"已导出「{target}」。", *notes]))
        if not output.opens_with:
            return
        answer = QMessageBox.question(
            window,
            title,
            "\n\n".join([f"已导出「{target}」。", *notes, f"现在用{output.opens_with}打开它吗？"]),
            _BUTTONS.Yes | _BUTTONS.No,
            _BUTTONS.Yes,
        )
        if answer == _BUTTONS.Yes:
            open_with_system(window, target, output.opens_with)

    def failed(exc: BaseException) -> None:
        message = failure_message(writer.label, target, exc)
        QMessageBox.critical(window, f"{title}失败", f"{message}\n\n草稿内容没有受到影响。")

    window.jobs.start(
        f"正在导出{writer.label}「{target.name}」…",
        write,
        done,
        failed,
        lambda: window.show_message(f"已取消导出「{target.name}」，没有写入文件"),
    )
    return target


def export_pdf(window: MainWindow) -> Path | None:
    """导出PDF… (also Ctrl+E)."""
    return export(window, OUTPUTS[0])


def export_csv(window: MainWindow) -> Path | None:
    """导出CSV…: every table cell, one row each (UTF-8 with BOM, opens in Excel and WPS)."""
    return export(window, OUTPUTS[-1])


def copy_as_web_page(window: MainWindow) -> bool:
    """复制为网页: the report as HTML (inline styles, real tables) and as plain text, on the clipboard."""
    html_export = importlib.import_module(HTML_MODULE)
    report = window.document.report
    try:
        markup = html_export.render_fragment(report)
        text = html_export.render_text(report)
    except NianbaoError as exc:
        QMessageBox.critical(window, "复制为网页", f"{exc}\n\n草稿内容没有受到影响。")
        return False
    mime = QMimeData()
    mime.setHtml(markup)
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)
    window.show_message("已复制为网页：在网站后台的编辑器中粘贴即可（表格一并粘贴）")
    return True
