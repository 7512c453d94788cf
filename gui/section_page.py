"""One tab per report section: its text, and its table if it has one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from nianbao.core.formats import Section

from .document import ReportDocument
from .table_model import ReportTableModel
from .table_view import ReportTableView
from .text_editors import TextPartEditor, heading_label

TABLE_HINT = (
    "白色格子填数字，浅蓝色的合计由程序自动计算。直接输入即可，回车向下、Tab 向右、Delete 清除；"
    "可以从 Excel/WPS 复制一整块，选中起始格后按 Ctrl+V 粘贴。没有发生的事项请填0，不要空着。"
)


class SectionPage(QWidget):
    """The heading, an editor for the section's text and, for 二/三/四, the table.

    The content is built when the tab is first shown or first asked for (``view``,
    ``model``, ``text``, ``splitter``): the window paints its first tab sooner, and a
    tab never opened costs nothing.
    """

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        self.section = section
        self._document = document
        self._built = False
        self._view: ReportTableView | None = None
        self._model: ReportTableModel | None = None
        self._text: TextPartEditor | None = None
        self._splitter: QSplitter | None = None
        QVBoxLayout(self)

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

    @property
    def splitter(self) -> QSplitter | None:
        """The divider between the lead-in and the table (None without a table)."""
        self.ensure_built()
        return self._splitter

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
        layout.addWidget(heading)
        if section.table:
            table = document.report.format.table(section.table)
            self._text = TextPartEditor(
                document, section.id, "表格前的说明文字（可不填）", hint="例如：本部分以表格形式报告，情况如下。"
            )
            self._model = ReportTableModel(document, table, self)
            self._view = ReportTableView(self._model)
            caption = QLabel(f"{table.name}　{table.title}")
            bold = caption.font()
            bold.setBold(True)
            caption.setFont(bold)
            fill = QPushButton("本表空白单元格填0")
            fill.setToolTip("把本表所有还空着的白色格子填为0（可撤销）")
            fill.clicked.connect(self._view.fill_empty_with_zero)
            fill.setMinimumWidth(fill.sizeHint().width() + fill.fontMetrics().horizontalAdvance("国"))
            bar = QHBoxLayout()
            bar.addWidget(caption)
            bar.addStretch(1)
            bar.addWidget(fill)
            hint = QLabel(TABLE_HINT)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            table_part = QWidget()
            table_layout = QVBoxLayout(table_part)
            table_layout.setContentsMargins(0, 4, 0, 0)
            table_layout.addLayout(bar)
            table_layout.addWidget(hint)
            table_layout.addWidget(self._view, 1)
            # The user can drag the divider: a longer lead-in, or more of the table on a small screen.
            self._splitter = QSplitter(Qt.Orientation.Vertical)
            self._splitter.addWidget(self._text)
            self._splitter.addWidget(table_part)
            self._splitter.setChildrenCollapsible(False)
            self._splitter.setStretchFactor(1, 1)
            line = self._text.editor.fontMetrics().lineSpacing()
            self._text.editor.setMinimumHeight(line + 14)
            self._splitter.setSizes([self._text.title.sizeHint().height() + line * 2 + 18, 10_000])
            layout.addWidget(self._splitter, 1)
            body: QWidget = self._splitter
        else:
            self._text = TextPartEditor(
                document, section.id, "正文", outline=section.outline, hint="在这里输入本部分的内容。"
            )
            layout.addWidget(self._text, 1)
            body = self._text
        if self.isVisible():  # built while being shown: show the new children now, not an event later
            heading.show()
            body.show()
