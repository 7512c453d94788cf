"""发布日期: a text field that takes the date as people type it, with a calendar and 今天.

Typing works from empty: 20260120, 2026-01-20, 2026/1/20, 2026.1.20, 2026年1月20日 (full-width
digits too). A text that is not a date stays in the field with the reason beside it; the draft
keeps its date until the text is corrected. The calendar opens at the shown date, else at
January of the year after the report year (when reports are published).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from nianbao.core.values import DIGITS

_ASCII_DIGITS = str.maketrans({ch: str(i % 10) for i, ch in enumerate(DIGITS)})
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年－／．]\s*(\d{1,2})\s*[-/.月－／．]\s*(\d{1,2})\s*日?$")
DISPLAY = "{d.year}年{d.month}月{d.day}日"
PLACEHOLDER = "未填写（例如 2026年1月20日 或 20260120）"
PROBLEM_STYLE = "QLineEdit { border: 2px solid #b91c1c; background: #fdecec; }"


class DateTextError(ValueError):
    """A typed date that cannot be read; the message is Chinese."""


def parse_date_text(text: str) -> _dt.date | None:
    """The date in ``text`` (None for empty); raises :class:`DateTextError` with the reason."""
    s = text.strip().translate(_ASCII_DIGITS)
    if not s:
        return None
    m = _COMPACT.match(s) or _SEPARATED.match(s)
    if not m:
        raise DateTextError(f"「{text.strip()}」不是日期，请写成 2026年1月20日、2026-01-20 或 20260120")
    year, month, day = (int(g) for g in m.groups())
    try:
        return _dt.date(year, month, day)
    except ValueError as exc:
        raise DateTextError(f"{year}年{month}月{day}日不是有效的日期") from exc


def display_text(iso: str) -> str:
    """「2026年1月20日」 for "2026-01-20" ("" for empty)."""
    return DISPLAY.format(d=_dt.date.fromisoformat(iso)) if iso else ""


class DateField(QWidget):
    """The date as text, a 日历 button, a 今天 button; emits ``date_entered`` with an ISO date or ""."""

    date_entered = Signal(str)

    def __init__(self, default_page: Callable[[], QDate], parent: QWidget | None = None):
        super().__init__(parent)
        self._default_page = default_page
        self._iso = ""
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(PLACEHOLDER) + 24)
        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(self._on_edited)
        self._calendar: QCalendarWidget | None = None  # built when first opened (start-up is sooner)
        self.menu = QMenu(self)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("日历…")
        self.calendar_button.setToolTip("在日历上选择发布日期")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setMenu(self.menu)
        self.today_button = QToolButton()
        self.today_button.setText("今天")
        self.today_button.setToolTip("填入今天的日期")
        self.today_button.clicked.connect(lambda: self._picked(QDate.currentDate()))
        self.clear_button = QToolButton()
        self.clear_button.setText("清除")
        self.clear_button.clicked.connect(self.clear)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b91c1c;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.edit, self.calendar_button, self.today_button, self.clear_button):
            row.addWidget(widget)
        row.addWidget(self.problem, 10)
        row.addStretch(1)  # the buttons stay beside the field while no problem is shown

    @property
    def iso(self) -> str:
        """The date shown, as stored ("" when empty)."""
        return self._iso

    def set_iso(self, iso: str) -> None:
        """Show a stored date (no signal)."""
        self._iso = iso
        self.edit.setText(display_text(iso))
        self._show_problem("")

    def clear(self) -> None:
        """Empty the date."""
        self.edit.clear()
        self.commit()

    def commit(self) -> None:
        """Read the typed text: a date (or nothing) is entered, anything else is shown as a problem."""
        try:
            date = parse_date_text(self.edit.text())
        except DateTextError as exc:
            self._show_problem(str(exc))
            return
        iso = date.isoformat() if date else ""
        self._show_problem("")
        self.edit.setText(display_text(iso))
        if iso != self._iso:
            self._iso = iso
            self.date_entered.emit(iso)

    def _on_edited(self, _text: str) -> None:
        if self.problem.isVisible():  # a shown problem follows the correction
            try:
                parse_date_text(self.edit.text())
            except DateTextError as exc:
                self._show_problem(str(exc))
            else:
                self._show_problem("")

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.edit.setStyleSheet(PROBLEM_STYLE if text else "")
        self.edit.setToolTip(text)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar of the 日历 button."""
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.setGridVisible(True)
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
            holder = QWidgetAction(self.menu)
            holder.setDefaultWidget(self._calendar)
            self.menu.addAction(holder)
        return self._calendar

    def _prepare_calendar(self) -> None:
        shown = QDate.fromString(self._iso, Qt.DateFormat.ISODate) if self._iso else self._default_page()
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())

    def _picked(self, date: QDate) -> None:
        self.menu.hide()
        self.edit.setText(DISPLAY.format(d=_dt.date(date.year(), date.month(), date.day())))
        self.commit()
