"""Helpers for driving the window like a user."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from nianbao.gui.main_window import MainWindow
from nianbao.gui.section_page import SectionPage
from nianbao.gui.table_view import ReportTableView


def table_view(window: MainWindow, table_id: str) -> ReportTableView:
    """Switch to the tab of a table and return its view, focused."""
    page = window.page_for_table(table_id)
    assert isinstance(page, SectionPage) and page.view is not None
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    return page.view


def select(view: ReportTableView, cell_id: str) -> None:
    """Make a cell current (and the only one selected)."""
    assert view.select_cells([cell_id])


def type_keys(qtbot: Any, view: ReportTableView, text: str) -> None:
    """Type like a user: the first key opens the editor, the rest go to whatever has focus."""
    for ch in text:
        target = QApplication.focusWidget() or view
        qtbot.keyClicks(target, ch)


def editor(view: ReportTableView) -> QLineEdit | None:
    """The open cell editor, if any."""
    focus = QApplication.focusWidget()
    return focus if isinstance(focus, QLineEdit) and view.isAncestorOf(focus) else None


def send_text(widget, text):
    """Key events carrying any text (QTest can only type Latin-1)."""
    for ch in text:
        target = QApplication.focusWidget() or widget
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
