"""Zoom of the tables and text editors: Ctrl+= / Ctrl+- / Ctrl+0 and Ctrl+wheel, kept in the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QWidget

from .settings import ZOOM, Settings

#: The zoom steps, in per cent of the normal size.
STEPS = (60, 70, 80, 90, 100, 110, 125, 150, 175, 200, 250)
NORMAL = 100


def next_step(percent: int, direction: int) -> int:
    """The step after ``percent`` (direction +1) or before it (-1); the ends stay put."""
    if direction > 0:
        return next((s for s in STEPS if s > percent), STEPS[-1])
    return next((s for s in reversed(STEPS) if s < percent), STEPS[0])


class Zoom(QObject):
    """The current zoom, its three actions, and a Ctrl+wheel filter for any widget."""

    changed = Signal(int)  # per cent

    def __init__(self, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = settings
        self.percent = settings.get(ZOOM)
        self.zoom_in_action = self._action("放大", [QKeySequence("Ctrl+="), QKeySequence.StandardKey.ZoomIn], 1)
        self.zoom_out_action = self._action("缩小", [QKeySequence("Ctrl+-"), QKeySequence.StandardKey.ZoomOut], -1)
        self.reset_action = self._action("恢复原来大小", [QKeySequence("Ctrl+0")], 0)

    def _action(self, text: str, keys: list[object], direction: int) -> QAction:
        action = QAction(text, self)
        shortcuts: list[QKeySequence] = []
        for key in keys:
            for seq in QKeySequence.keyBindings(key) if not isinstance(key, QKeySequence) else [key]:  # type: ignore[arg-type]
                if not seq.isEmpty() and seq not in shortcuts:
                    shortcuts.append(seq)
        action.setShortcuts(shortcuts)
        action.setStatusTip("表格和文字" + text + "（也可按住 Ctrl 转动鼠标滚轮）")
        action.triggered.connect(lambda: self.step(direction))
        return action

    def actions(self) -> list[QAction]:
        """放大, 缩小, 恢复原来大小."""
        return [self.zoom_in_action, self.zoom_out_action, self.reset_action]

    def step(self, direction: int) -> None:
        """Zoom in (+1), out (-1) or back to normal (0)."""
        self.set_percent(NORMAL if direction == 0 else next_step(self.percent, direction))

    def set_percent(self, percent: int) -> None:
        """Set the zoom, keep it in the settings and tell the views."""
        percent = max(STEPS[0], min(STEPS[-1], percent))
        if percent == self.percent:
            return
        self.percent = percent
        self._settings.set(ZOOM, percent)
        self.changed.emit(percent)

    def watch(self, widget: QWidget) -> None:
        """Ctrl+wheel over ``widget`` (a table view or text editor with a ``wheel_zoom`` hook)
        zooms instead of scrolling. The hook, rather than an event filter on the scroll area's
        viewport: asking for the viewport at start-up costs PySide ~10 ms of lazy set-up."""
        widget.wheel_zoom = self.step  # type: ignore[attr-defined]


def wheel_zooms(event: QWheelEvent, step: Callable[[int], None] | None) -> bool:
    """Handle Ctrl+wheel as a zoom step; False when it is an ordinary wheel event."""
    if step is None or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    delta = event.angleDelta().y()
    if delta:
        step(1 if delta > 0 else -1)
    event.accept()
    return True
