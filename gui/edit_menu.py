"""The 编辑 menu's 剪切 / 复制 / 粘贴 / 全选 / 清除, as in WPS: they act on whatever has the focus.

In a table they work on cells (a block of cells is copied as tab-separated text, a paste fills
from the selected cell, 清除 empties the cells one may type into); in a text field or editor
they work on the text. A text field handles its own keys first (Qt gives it the shortcut), so
the menu's keys reach the table, and the menu items reach both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QMenu, QPlainTextEdit, QWidget

from .table_view import ReportTableView

StandardKey = QKeySequence.StandardKey


def _text_widget(widget: QWidget | None) -> QLineEdit | QPlainTextEdit | None:
    """The text field or editor behind the focus (a spin box's line edit included)."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return widget
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def _table(widget: QWidget | None) -> ReportTableView | None:
    while widget is not None:
        if isinstance(widget, ReportTableView):
            return widget
        widget = widget.parentWidget()
    return None


def _delete_selected_text(text: QLineEdit | QPlainTextEdit) -> None:
    if isinstance(text, QLineEdit):
        if text.hasSelectedText():
            text.del_()
    else:
        text.textCursor().removeSelectedText()


def edit_command(name: str, focus: QWidget | None = None) -> bool:
    """Run 剪切/复制/粘贴/全选/清除 (``cut``, ``copy``, ``paste``, ``select_all``, ``clear``) on the
    focus widget; False when nothing there can do it."""
    focus = focus if focus is not None else QApplication.focusWidget()
    text = _text_widget(focus)
    if text is not None and not text.isReadOnly():
        actions: dict[str, Callable[[], None]] = {
            "cut": text.cut,
            "copy": text.copy,
            "paste": text.paste,
            "select_all": text.selectAll,
            "clear": lambda: _delete_selected_text(text),
        }
        actions[name]()
        return True
    table = _table(focus)
    if table is not None:
        {
            "cut": table.cut_selection,
            "copy": table.copy_selection,
            "paste": table.paste,
            "select_all": table.selectAll,
            "clear": table.clear_selection,
        }[name]()
        return True
    return False


EDIT_ITEMS = (
    ("cut", "剪切", StandardKey.Cut, "剪切所选的格子或文字"),
    ("copy", "复制", StandardKey.Copy, "复制所选的格子（可粘贴到 Excel/WPS）或文字"),
    ("paste", "粘贴", StandardKey.Paste, "从所选的格子起粘贴，或粘贴文字"),
    ("select_all", "全选", StandardKey.SelectAll, "选中整个表格或全部文字"),
    ("clear", "清除", StandardKey.Delete, "清除所选的格子或文字"),
)


def add_edit_actions(window: QWidget, menu: QMenu) -> dict[str, QAction]:
    """Add the five items to ``menu`` (window-wide keys); returns them by name."""
    actions: dict[str, QAction] = {}
    for name, text, key, tip in EDIT_ITEMS:
        action = QAction(text, window)
        action.setShortcut(key)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, n=name: edit_command(n))
        window.addAction(action)
        menu.addAction(action)
        actions[name] = action
    return actions
