"""Editors for the text parts: multi-line, with a character count and shared undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from nianbao.core.table_sentences import sentence_parts, table_sentences

from .document import ReportDocument
from .shortcuts import UndoShortcutFilter
from .zoom import wheel_zooms


def heading_label(text: str) -> QLabel:
    """A tab's heading (e.g. "三、收到和处理政府信息公开申请情况"): bold, 1.3 × the UI font."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


_NUMERALS = "一二三四五六七八九十"


def outline_text(topics: tuple[str, ...]) -> str:
    """The sub-topic headings the format names, one per line: "（一）主动公开" …"""
    return "".join(f"（{_NUMERALS[i] if i < len(_NUMERALS) else i + 1}）{t}\n" for i, t in enumerate(topics))


def _utf16_len(text: str) -> int:
    """Qt counts positions in UTF-16 units: a character beyond U+FFFF (𠮷) takes two."""
    return len(text.encode("utf-16-le")) // 2


def char_count(text: str) -> int:
    """Characters without spaces and line breaks (what 字数 means to a clerk)."""
    return sum(1 for ch in text if not ch.isspace())


class ZoomingTextEdit(QPlainTextEdit):
    """A plain-text editor whose Ctrl+wheel goes to the window's zoom (``wheel_zoom``)."""

    wheel_zoom: Callable[[int], None] | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zooms(event, self.wheel_zoom):
            super().wheelEvent(event)


class TextPartEditor(QWidget):
    """One text part of the report (``texts[text_id]``).

    Every change goes to the document as an undoable edit (typing bursts merge into one
    step); the document's checks run once typing pauses, not per key press. A ``collapsible``
    editor (the optional lead-in before a table) shows only its title line while it is empty,
    so the table gets the room; a click on the title (or a text arriving) opens it.
    """

    def __init__(
        self,
        document: ReportDocument,
        text_id: str,
        title: str,
        hint: str = "",
        outline: tuple[str, ...] = (),
        lines: int = 0,
        collapsible: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._doc = document
        self.text_id = text_id
        self._outline = outline
        self._syncing = False
        self._lines = lines

        self.title = QLabel(title)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        self.toggle: QToolButton | None = None
        if collapsible:
            self.toggle = QToolButton()
            self.toggle.setAutoRaise(True)
            self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.toggle.setFont(bold)
            self.toggle.setText(title)
            self.toggle.setCheckable(True)
            self.toggle.toggled.connect(self._set_open)
            self.title.hide()
            head.addWidget(self.toggle)
        head.addWidget(self.title)
        self.head = head
        head.addStretch(1)
        self.outline_button: QPushButton | None = None
        if outline:
            self.outline_button = QPushButton("插入小标题（" + "、".join(outline) + "）")
            self.outline_button.setToolTip("在光标处插入本年度格式要求的各小标题，方便逐项填写；不需要时可以不用")
            self.outline_button.clicked.connect(self.insert_outline)
            head.addWidget(self.outline_button)
        self.sentences_button: QPushButton | None = None
        if text_id in sentence_parts(document.report.format):
            self.sentences_button = QPushButton("插入数据说明")
            self.sentences_button.setToolTip(
                "在光标处插入按表格数字写成的说明文字（空白单元格写作「未填写」）；插入后可以修改，程序仍会核对其中的数字"
            )
            self.sentences_button.clicked.connect(self.insert_table_sentences)
            head.addWidget(self.sentences_button)
        head.addWidget(self.count)

        self.editor = ZoomingTextEdit()
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)  # long Chinese paragraphs: a little larger
        self.editor.setFont(font)
        self.editor.setUndoRedoEnabled(False)  # one history for the whole report
        self.editor.installEventFilter(UndoShortcutFilter(self.editor))
        self.editor.setTabChangesFocus(True)
        if hint:
            self.editor.setPlaceholderText(hint)
        self._base_font = QFont(font)
        self.editor.document().documentLayout().documentSizeChanged.connect(self._fit_lines)
        self._fit_lines()
        self.editor.setPlainText(document.report.texts.get(text_id, ""))
        self.editor.textChanged.connect(self._on_edited)
        document.text_changed.connect(self._on_document_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.editor)
        self._update_count()
        if self.toggle is not None:
            self.toggle.setChecked(bool(self.editor.toPlainText()))
            self._set_open(self.toggle.isChecked())

    # ------------------------------------------------------------ size: zoom and collapsing

    def _fit_lines(self) -> None:
        """A ``lines`` editor is as tall as its text, one to ``lines`` lines (it scrolls beyond)."""
        if not self._lines:
            return
        layout_lines = 0
        block = self.editor.document().firstBlock()
        while block.isValid() and layout_lines < self._lines:
            layout = block.layout()
            layout_lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        shown = max(1, min(self._lines, layout_lines))
        margins = self.editor.contentsMargins()
        frame = 2 * self.editor.frameWidth() + margins.top() + margins.bottom()
        height = (
            self.editor.fontMetrics().lineSpacing() * shown + 2 * int(self.editor.document().documentMargin()) + frame
        )
        if self.editor.height() != height or self.editor.minimumHeight() != height:
            self.editor.setFixedHeight(height)

    def set_zoom(self, percent: int) -> None:
        """Scale the editor's font to ``percent`` of its normal size."""
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * percent / 100)
        if font != self.editor.font():
            self.editor.setFont(font)
            self._fit_lines()

    @property
    def is_open(self) -> bool:
        """Whether the editor is shown (always, unless collapsible and collapsed)."""
        return self.toggle is None or self.toggle.isChecked()

    def open(self) -> None:
        """Show the editor of a collapsed part."""
        if self.toggle is not None:
            self.toggle.setChecked(True)

    def _set_open(self, opened: bool) -> None:
        assert self.toggle is not None
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.toggle.setToolTip("收起" if opened else "展开，填写这段文字（可不填）")
        self.editor.setVisible(opened)
        self.count.setVisible(opened or bool(self.editor.toPlainText()))
        if opened and self.isVisible():
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_span(self, span: tuple[int, int] | None) -> None:
        """Focus the editor and select ``span`` (code-point offsets into the part's text)."""
        self.open()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if span is None:
            return
        text = self.editor.toPlainText()
        start, end = (min(max(0, i), len(text)) for i in span)
        cursor = self.editor.textCursor()
        cursor.setPosition(_utf16_len(text[:start]))
        cursor.setPosition(_utf16_len(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def _update_count(self) -> None:
        self.count.setText(f"{char_count(self.editor.toPlainText())} 字")

    def _on_edited(self) -> None:
        self._update_count()
        self._fit_lines()
        if not self._syncing:
            self._doc.edit_text(self.text_id, self.editor.toPlainText())

    def _on_document_changed(self, text_id: str) -> None:
        if text_id != self.text_id:
            return
        new = self._doc.report.texts.get(text_id, "")
        old = self.editor.toPlainText()
        if new == old:
            return
        prefix = 0
        while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        self._syncing = True
        try:
            self.editor.setPlainText(new)
        finally:
            self._syncing = False
        self._update_count()
        self._fit_lines()
        if new:
            self.open()
        cursor = self.editor.textCursor()
        cursor.setPosition(len(new) - suffix)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def insert_outline(self) -> None:
        """Insert the format's sub-topic headings at the cursor, as one undo step."""
        text = self.editor.toPlainText()
        missing = tuple(t for t in self._outline if t not in text)
        if not missing:
            self._doc.message.emit("各小标题已经在正文中了")
            return
        block = outline_text(self._outline)
        cursor = self.editor.textCursor()
        pos = cursor.position()
        if pos > 0 and text[pos - 1] != "\n":
            block = "\n" + block
        self._doc.edit_text(self.text_id, text[:pos] + block + text[pos:], mergeable=False)
        cursor = self.editor.textCursor()
        cursor.setPosition(min(pos + len(block), len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self.editor.moveCursor(QTextCursor.MoveOperation.Left)  # before the last line break
        self.editor.setFocus()

    def insert_table_sentences(self) -> None:
        """Insert the sentences written from the tables at the cursor, as one undo step."""
        block = table_sentences(self._doc.report, self.text_id)
        if not block:
            self._doc.message.emit("本部分没有可插入的数据说明")
            return
        text = self.editor.toPlainText()
        pos = min(self.editor.textCursor().position(), len(text))
        pos = len(text.encode("utf-16-le")[: pos * 2].decode("utf-16-le", errors="ignore"))  # Qt counts UTF-16
        if pos > 0 and text[pos - 1] != "\n":
            block = "\n" + block  # a paragraph of its own
        self._doc.edit_text(self.text_id, text[:pos] + block + text[pos:], mergeable=False)
        cursor = self.editor.textCursor()
        cursor.setPosition(_utf16_len(text[:pos] + block))
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
