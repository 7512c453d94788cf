"""The cell editor: a line edit that refuses impossible keys and keeps bad numbers open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nianbao.core.formats import Kind

from .table_model import ReportTableModel

_DIGITS = set("0123456789０１２３４５６７８９")
_NEUTRAL = set(",，.．+＋ 　")
_MINUS = set("-－−–—﹣")


class NumberValidator(QValidator):
    """Accepts what :func:`parse_value` may accept; refuses letters, and minus signs for counts."""

    def __init__(self, kind: Kind, refuse: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._kind = kind
        self._refuse = refuse
        self._signed = kind.minimum is None or kind.minimum < 0

    def validate(self, text: str, pos: int) -> object:
        for ch in text:
            if ch in _DIGITS or ch in _NEUTRAL:
                continue
            if ch in _MINUS:
                if self._signed:
                    continue
                self._refuse(f"这里应填{self._kind.description}，不能是负数")
            else:
                self._refuse(f"这里应填{self._kind.description}，不能输入「{ch}」")
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


class CellDelegate(QStyledItemDelegate):
    """Edits numbers; Enter and Tab commit only valid input, otherwise the editor stays open.

    Enter closes with the ``SubmitModelCache`` hint and Tab/Shift+Tab with
    ``EditNextItem``/``EditPreviousItem``; the view turns those into moves.
    """

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._index: QPersistentModelIndex | None = None

    def _model(self) -> ReportTableModel | None:
        if self._index is None or not self._index.isValid():
            return None
        model = self._index.model()
        return model if isinstance(model, ReportTableModel) else None

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        model = index.model()
        self._index = QPersistentModelIndex(index)
        if isinstance(model, ReportTableModel):
            kind = model.kind(index)
            if kind is not None:
                # the status bar hears refusals
                editor.setValidator(NumberValidator(kind, model.document.message.emit, editor))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            assert isinstance(event, QKeyEvent)
            hints = {
                Qt.Key.Key_Return: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                Qt.Key.Key_Enter: QAbstractItemDelegate.EndEditHint.SubmitModelCache,
                Qt.Key.Key_Tab: QAbstractItemDelegate.EndEditHint.EditNextItem,
                Qt.Key.Key_Backtab: QAbstractItemDelegate.EndEditHint.EditPreviousItem,
            }
            hint = hints.get(Qt.Key(event.key()))
            if hint is not None:
                model = self._model()
                problem = model.problem(self._index, editor.text()) if model is not None else None  # type: ignore[arg-type]
                if problem:
                    model.document.message.emit(f"请改正后再按回车：{problem}")  # type: ignore[union-attr]
                    return True
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint)
                return True
        return super().eventFilter(editor, event)
