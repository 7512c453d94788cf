"""One tab per report section: its text, and its table if it has one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from nianbao.core.formats import Section

from .document import ReportDocument
from .table_model import ReportTableModel
from .table_view import ReportTableView
from .text_editors import TextPartEditor, heading_label
from .zoom import Zoom

TABLE_HINT = "白色格子填数字，浅蓝色为自动合计，没有发生的填0；鼠标停在行名上可看填报口径"
#: The lead-in editor of a table tab, when open, shows this many lines (it scrolls beyond).
LEAD_IN_LINES = 3


class ElidedLabel(QLabel):
    """One line of grey text that ends in 「…」 when the window is too narrow (the tooltip has it all)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment()), text)


class SectionPage(QWidget):
    """The heading, an editor for the section's text and, for 二/三/四, the table.

    The content is built when the tab is first shown or first asked for (``view``,
    ``model``, ``text``): the window paints its first tab sooner, and a tab never opened
    costs nothing. On a table tab everything but the table takes one line each (heading with
    the fill button, the lead-in while it is empty, a one-line hint), so that a small screen
    still shows the table's rows.
    """

    def __init__(
        self, document: ReportDocument, section: Section, parent: QWidget | None = None, zoom: Zoom | None = None
    ):
        super().__init__(parent)
        self.section = section
        self._zoom_control = zoom
        self._document = document
        self._built = False
        self._view: ReportTableView | None = None
        self._model: ReportTableModel | None = None
        self._text: TextPartEditor | None = None
        self._zoom = zoom.percent if zoom is not None else 100
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(4)

    @property
    def view(self) -> ReportTableView | None:
        """The table view (None for a section without a table)."""
        self.ensure_built()
        return self._view

    @property
    def model(self) -> ReportTableModel | None:
        """The table model (None for a section without a table)."""
        self.ensure_built()
        return self._model

    @property
    def text(self) -> TextPartEditor:
        """The editor of the section's text (the lead-in before a table)."""
        self.ensure_built()
        assert self._text is not None
        return self._text

    def set_zoom(self, percent: int) -> None:
        """Zoom the table and the editor (now if built, else when built)."""
        self._zoom = percent
        if self._built:
            if self._view is not None:
                self._view.set_zoom(percent)
            if self._text is not None:
                self._text.set_zoom(percent)

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Build the page's widgets (once)."""
        if self._built:
            return
        self._built = True
        document, section = self._document, self.section
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        heading = heading_label(section.heading)
        heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        heading.setToolTip(section.heading)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        widgets: list[QWidget] = [heading]
        if section.table:
            table = document.report.format.table(section.table)
            self._text = TextPartEditor(
                document,
                section.id,
                "表格前的说明文字",
                hint="例如：本部分以表格形式报告，情况如下。",
                lines=LEAD_IN_LINES,
                collapsible=True,
            )
            self._model = ReportTableModel(document, table, self)
            self._view = ReportTableView(self._model)
            fill = QPushButton("本表空白单元格填0")
            fill.setToolTip("把本表所有还空着的白色格子填为0（可撤销）")
            fill.clicked.connect(self._view.fill_empty_with_zero)
            fill.setMinimumWidth(fill.sizeHint().width() + fill.fontMetrics().horizontalAdvance("国"))
            hint = ElidedLabel(TABLE_HINT)
            hint.setStyleSheet("color: #555;")
            hint.setToolTip(TABLE_HINT)
            hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self._text.head.insertWidget(1, hint, 1)  # beside the lead-in's title: one line for all three
            self._text.head.addWidget(fill)
            layout.addLayout(top)
            layout.addWidget(self._text)
            layout.addWidget(self._view, 1)
            widgets += [fill, self._text, hint, self._view]
            self._view.set_zoom(self._zoom)
        else:
            self._text = TextPartEditor(
                document, section.id, "正文", outline=section.outline, hint="在这里输入本部分的内容。"
            )
            layout.addLayout(top)
            layout.addWidget(self._text, 1)
            widgets.append(self._text)
        self._text.set_zoom(self._zoom)
        if self._zoom_control is not None:  # Ctrl+wheel over the table or the text zooms
            self._zoom_control.watch(self._text.editor)
            if self._view is not None:
                self._zoom_control.watch(self._view)
        if self.isVisible():  # built while being shown: show the new children now, not an event later
            for widget in widgets:
                widget.show()
