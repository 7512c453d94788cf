"""导出PDF… and 导出CSV… for the main window."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from nianbao.core.csv_export import write_csv
from nianbao.core.rules import count

if TYPE_CHECKING:
    from .main_window import MainWindow

PDF_MODULE = "nianbao.core.pdf_export"
_BUTTONS = QMessageBox.StandardButton


def _ask_path(window: MainWindow, title: str, suffix: str, file_filter: str) -> Path | None:
    report = window.document.report
    base = window.path.stem if window.path else (report.title or "年度报告")
    folder = window.path.parent if window.path else Path(window.last_dir())
    path, _ = QFileDialog.getSaveFileName(window, title, str(folder / f"{base}{suffix}"), file_filter)
    if not path:
        return None
    target = Path(path)
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def export_pdf(window: MainWindow) -> Path | None:
    """Warn about errors and empty cells (the user may go on), write the PDF, offer to open it."""
    document = window.document
    document.flush_checks()
    errors, _ = count(document.findings)
    empty = document.empty_cell_count()
    if errors or empty:
        parts = ([f"{errors} 个错误"] if errors else []) + ([f"{empty} 个空白单元格"] if empty else [])
        answer = QMessageBox.warning(
            window,
            "导出PDF",
            f"草稿中还有{'、'.join(parts)}（见窗口下方的“检查结果”）。\n"
            "正式报告中的空白单元格应填0，错误应改正后再发布。\n\n仍要导出PDF吗？",
            _BUTTONS.Yes | _BUTTONS.No,
            _BUTTONS.No,
        )
        if answer != _BUTTONS.Yes:
            return None
    try:
        write_pdf = importlib.import_module(PDF_MODULE).write_pdf
    except Exception:
        QMessageBox.warning(
            window, "导出PDF", "这个版本还不能导出PDF（缺少PDF导出组件）。\n可以先“导出CSV”，或保存草稿后用新版本导出。"
        )
        return None
    target = _ask_path(window, "导出PDF", ".pdf", "PDF 文件 (*.pdf)")
    if target is None:
        return None
    try:
        write_pdf(document.report, target)
    except Exception as exc:
        QMessageBox.critical(window, "导出PDF失败", f"无法导出「{target}」：{exc}\n\n草稿内容没有受到影响。")
        return None
    window.show_message(f"已导出「{target}」")
    answer = QMessageBox.question(
        window,
        "导出PDF",
        f"已导出「{target}」。\n\n现在用系统的PDF阅读器打开它吗？",
        _BUTTONS.Yes | _BUTTONS.No,
        _BUTTONS.Yes,
    )
    if answer == _BUTTONS.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


def export_csv(window: MainWindow) -> Path | None:
    """Write every table cell as CSV (UTF-8 with BOM, opens in Excel and WPS)."""
    target = _ask_path(window, "导出CSV", ".csv", "CSV 表格 (*.csv)")
    if target is None:
        return None
    try:
        write_csv(window.document.report, str(target))
    except OSError as exc:
        QMessageBox.critical(
            window, "导出CSV失败", f"无法写入「{target}」：{exc.strerror or exc}\n\n草稿内容没有受到影响。"
        )
        return None
    window.show_message(f"已导出「{target}」")
    return target
