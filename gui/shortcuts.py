"""Let the window's undo/redo shortcuts reach the report's undo stack from text fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence

CTRL_Y = QKeySequence("Ctrl+Y")


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo keys plus Ctrl+Y, without duplicates."""
    keys: list[QKeySequence] = []
    for seq in [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), CTRL_Y]:
        if seq not in keys:
            keys.append(seq)
    return keys


def is_undo_or_redo(event: QKeyEvent) -> bool:
    """Whether a key event is one of the undo/redo shortcuts."""
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or QKeySequence(event.keyCombination()) == CTRL_Y
    )


class UndoShortcutFilter(QObject):
    """Text widgets keep Ctrl+Z/Ctrl+Y for their own undo; this hands them to the window instead.

    Install on a QLineEdit or QPlainTextEdit whose own undo is off, so that undo works
    across cells and texts in one history (the report's QUndoStack).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and is_undo_or_redo(event):
            return True  # not accepted by the widget: the window's shortcut fires
        return super().eventFilter(watched, event)
