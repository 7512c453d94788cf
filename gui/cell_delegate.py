"""The cell editor: keeps what is typed, never stores a number it cannot read, and says why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from nianbao.core.formats import Kind
from nianbao.core.values import MINUS_SIGNS, NUMBER_CHARACTERS, value_problem

from .cell_painting import paint_cell, tall_label_positions
from .table_model import ReportTableModel

PROBLEM_STYLE = "QLineEdit { border: 2px solid #b91c1c; background: #fdecec; }"


def hopeless(text: str, kind: Kind) -> bool:
    """Whether typing on cannot make ``text`` a value of ``kind`` (a letter; a minus in a count)."""
    if any(ch not in NUMBER_CHARACTERS for ch in text):
        return True
    return kind.minimum is not None and kind.minimum >= 0 and any(ch in MINUS_SIGNS for ch in text)


class CellEditor(QLineEdit):
    """A line edit over one cell. Nothing typed is dropped: a text that is not a value of the
    cell's kind stays in the editor, framed in red, with the reason beside it and in the status
    bar; the cell keeps its value until the text is corrected (or Esc gives up)."""

    def __init__(self, kind: Kind | None, say: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self._say = say
        self.problem: str | None = None
        self.setFrame(False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textEdited.connect(self._on_edited)

    def check(self) -> str | None:
        """Why the current text cannot be stored, or None."""
        return value_problem(self.text(), self.kind) if self.kind is not None else None

    def _on_edited(self, text: str) -> None:
        if self.kind is None:
            return
        if self.problem is not None or hopeless(text, self.kind):
            self.show_problem(self.check())

    def show_problem(self, problem: str | None) -> None:
        """Frame the editor in red and show ``problem`` next to it (None clears)."""
        changed = problem != self.problem
        self.problem = problem
        self.setToolTip(problem or "")
        if changed:
            self.setStyleSheet(PROBLEM_STYLE if problem else "")
        if problem:
            self._say(problem)
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), problem, self)
        elif changed:
            QToolTip.hideText()


class CellDelegate(QStyledItemDelegate):
    """Edits numbers; Enter and Tab commit only valid input, otherwise the editor stays open.

    Enter closes with the ``SubmitModelCache`` hint and Tab/Shift+Tab with
    ``EditNextItem``/``EditPreviousItem``; the view turns those into moves. Painting adds
    what the plain item delegate lacks (see :mod:`cell_painting`).
    """

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._index: QPersistentModelIndex | None = None
        self._tall: frozenset[tuple[int, int]] = frozenset()
        model = parent.model() if parent is not None and hasattr(parent, "model") else None
        if isinstance(model, ReportTableModel):
            self._tall = tall_label_positions(model)

    def _model(self) -> ReportTableModel | None:
        if self._index is None or not self._index.isValid():
            return None
        model = self._index.model()
        return model if isinstance(model, ReportTableModel) else None

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        paint_cell(self, painter, option, index, self._tall)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        model = index.model()
        self._index = QPersistentModelIndex(index)
        if isinstance(model, ReportTableModel):
            return CellEditor(model.kind(index), model.document.message.emit, parent)
        return CellEditor(None, lambda _text: None, parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, CellEditor):
            assert isinstance(event, QKeyEvent)
            hints = {
                Qt.Key.Key_Return: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                Qt.Key.Key_Enter: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                Qt.Key.Key_Tab: QAbstractItemDelegate.EndEditHint.EditNextItem,
                Qt.Key.Key_Backtab: QAbstractItemDelegate.EndEditHint.EditPreviousItem,
            }
            hint = hints.get(Qt.Key(event.key()))
            if hint is not None:
                problem = editor.check()
                if problem:
                    editor.show_problem(problem)
                    model = self._model()
                    if model is not None:
                        model.document.message.emit(f"请改正后再按回车（Esc 放弃修改）：{problem}")
                    return True
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint)
                return True
        return super().eventFilter(editor, event)
