"""Open a written file with the system's program; when there is none, say where the file is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

_BUTTONS = QMessageBox.StandardButton


def open_with_system(parent: QWidget, path: Path, program: str) -> bool:
    """Open ``path`` (e.g. with 「系统的PDF阅读器」); if that fails, name the file's place and offer
    to open its folder. True when the file was opened."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    answer = QMessageBox.question(
        parent,
        "无法打开",
        f"没能用{program}打开「{path.name}」（这台电脑上可能没有安装）。\n\n文件已保存在：\n{path}\n\n"
        "现在打开它所在的文件夹吗？",
        _BUTTONS.Yes | _BUTTONS.No,
        _BUTTONS.Yes,
    )
    if answer == _BUTTONS.Yes and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        QMessageBox.information(parent, "无法打开", f"也没能打开文件夹。请在文件管理器中找到：\n{path.parent}")
    return False
