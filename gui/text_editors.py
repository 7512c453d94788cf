"""Editors for the text parts: multi-line, with a character count and shared undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from nianbao.core.table_sentences import sentence_parts, table_sentences

from .document import ReportDocument
from .shortcuts import UndoShortcutFilter


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


class TextPartEditor(QWidget):
    """One text part of the report (``texts[text_id]``).

    Every change goes to the document as an undoable edit (typing bursts merge into one
    step); the document's checks run once typing pauses, not per key press.
    """

    def __init__(
        self,
        document: ReportDocument,
        text_id: str,
        title: str,
        hint: str = "",
        outline: tuple[str, ...] = (),
        lines: int = 0,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._doc = document
        self.text_id = text_id
        self._outline = outline
        self._syncing = False

        self.title = QLabel(title)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.addWidget(self.title)
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

        self.editor = QPlainTextEdit()
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)  # long Chinese paragraphs: a little larger
        self.editor.setFont(font)
        self.editor.setUndoRedoEnabled(False)  # one history for the whole report
        self.editor.installEventFilter(UndoShortcutFilter(self.editor))
        self.editor.setTabChangesFocus(True)
        if hint:
            self.editor.setPlaceholderText(hint)
        if lines:
            height = self.editor.fontMetrics().lineSpacing() * lines + 16
            self.editor.setFixedHeight(height)
        self.editor.setPlainText(document.report.texts.get(text_id, ""))
        self.editor.textChanged.connect(self._on_edited)
        document.text_changed.connect(self._on_document_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.editor)
        self._update_count()

    def select_span(self, span: tuple[int, int] | None) -> None:
        """Focus the editor and select ``span`` (code-point offsets into the part's text)."""
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
