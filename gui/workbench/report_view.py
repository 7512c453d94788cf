"""A report shown read-only in the normal tabs (基本信息, 一…六), for review or for the 汇总."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from nianbao.core.findings import Finding
from nianbao.core.report import PREFACE, Report

from ..document import ReportDocument
from ..meta_form import MetaForm
from ..section_page import SectionPage
from ..table_model import CELL_ID_ROLE


def lock(widget: QWidget) -> None:
    """Make every input under ``widget`` read-only (text stays selectable and copyable)."""
    edit: QPlainTextEdit
    line: QLineEdit
    spin: QAbstractSpinBox
    combo: QComboBox
    button: QPushButton
    for edit in widget.findChildren(QPlainTextEdit):
        edit.setReadOnly(True)
    for line in widget.findChildren(QLineEdit):
        line.setReadOnly(True)
    for spin in widget.findChildren(QAbstractSpinBox):
        spin.setReadOnly(True)
    for combo in widget.findChildren(QComboBox):
        combo.setEnabled(False)
    for button in widget.findChildren(QPushButton):
        button.hide()


class ReportView(QTabWidget):
    """The tabs of one report over a read-only :class:`ReportDocument`; ``cell_selected(cell_id)``
    follows the current cell of any table."""

    cell_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, meta: bool = True, tables_only: bool = False):
        super().__init__(parent)
        self.setUsesScrollButtons(True)
        self.document: ReportDocument | None = None
        self.meta_form: MetaForm | None = None
        self._meta = meta
        self._tables_only = tables_only

    def set_report(self, report: Report | None) -> None:
        """Show ``report`` (None: nothing)."""
        current = self.currentIndex()
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            page.deleteLater()
        old, self.document, self.meta_form = self.document, None, None
        if old is not None:
            old.deleteLater()
        if report is None:
            return
        self.document = ReportDocument(report, self, read_only=True)
        if self._meta:
            self.meta_form = MetaForm(self.document)
            lock(self.meta_form)
            self.addTab(self.meta_form, "基本信息")
        for section in report.format.sections:
            if self._tables_only and not section.table:
                continue
            page = SectionPage(self.document, section)
            page.ensure_built()
            lock(page)
            if page.view is not None:
                page.view.selectionModel().currentChanged.connect(self._current_changed)
            self.addTab(page, section.heading)
        self.setCurrentIndex(max(0, min(current, self.count() - 1)))

    def pages(self) -> list[SectionPage]:
        """The section tabs."""
        return [w for w in (self.widget(i) for i in range(self.count())) if isinstance(w, SectionPage)]

    def page_for_table(self, table_id: str) -> SectionPage | None:
        """The tab of a table."""
        return next((p for p in self.pages() if p.section.table == table_id), None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cell_id = current.data(CELL_ID_ROLE) if current.isValid() else None
        if cell_id:
            self.cell_selected.emit(str(cell_id))

    def select_cell(self, cell_id: str) -> bool:
        """Show the tab of a cell and make it current."""
        if self.document is None or cell_id not in self.document.report.format.cells:
            return False
        page = self.page_for_table(self.document.report.format.cells[cell_id].table)
        if page is None or page.view is None:
            return False
        self.setCurrentWidget(page)
        return page.view.select_cells([cell_id])

    def show_finding(self, finding: Finding) -> None:
        """Show where a finding is: its cells, its words in a text, or its field of 基本信息."""
        if self.document is None:
            return
        fmt = self.document.report.format
        cells = [c for c in finding.cells if c in fmt.cells]
        if cells:
            table_id = fmt.cells[cells[0]].table
            page = self.page_for_table(table_id)
            if page is not None and page.view is not None:
                self.setCurrentWidget(page)
                page.view.select_cells([c for c in cells if fmt.cells[c].table == table_id])
            return
        if finding.part == PREFACE and self.meta_form is not None:
            self.setCurrentWidget(self.meta_form)
            self.meta_form.preface.select_span(finding.span)
            return
        for page in self.pages():
            if page.section.id == finding.part:
                self.setCurrentWidget(page)
                page.text.select_span(finding.span)
                return
        if self.meta_form is not None:
            self.setCurrentWidget(self.meta_form)
            self.meta_form.focus_field(finding.meta or "")
