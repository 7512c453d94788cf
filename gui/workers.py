"""Long work off the GUI thread: import, PDF and the other exports, with a progress bar and 取消.

The window stays responsive while a file is read or written: the work runs on a pool thread
(``QThreadPool``), its result comes back to the GUI thread as a queued signal, and the status
bar shows what is being done with a 取消 button. Python threads cannot be stopped from outside,
so 取消 means: the window forgets the job at once, and the work — told through the
``threading.Event`` it receives — skips what it has not begun (an export never writes its file
after 取消). The core's limits keep every such job short (README, **Bounded work**).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

log = logging.getLogger(__name__)

Work = Callable[[threading.Event], Any]

#: Run jobs at once on the calling thread (the GUI tests that check what an export or import
#: produces set this; the tests of the threads themselves leave it off).
INLINE = False


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    """Runs ``work`` on a pool thread and reports back through its signals."""

    def __init__(self, work: Work, cancelled: threading.Event):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (and its signals) alive until it has reported
        self.work, self.cancelled = work, cancelled
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(self.cancelled)
        except BaseException as exc:  # reported to the window, which says what happened
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)
        finally:
            _RUNNING.discard(self)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window is gone: nobody is waiting for the result
            pass


_RUNNING: set[_Runnable] = set()


class JobBar(QWidget):
    """The status bar's "正在导入「x」… [====] 取消" while a job runs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the readers cannot say how far they are
        self.bar.setMaximumWidth(140)
        self.bar.setMaximumHeight(14)
        self.cancel_button = QPushButton("取消")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()


class Jobs(QObject):
    """At most one background job of a window at a time."""

    def __init__(self, bar: JobBar, parent: QObject | None = None):
        super().__init__(parent)
        self.bar = bar
        self.bar.cancel_button.clicked.connect(self.cancel)
        self._current: _Runnable | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._done: Callable[[Any], None] = _nothing
        self._failed: Callable[[BaseException], None] = _nothing

    @property
    def busy(self) -> bool:
        """Whether a job runs (the window refuses to start a second one)."""
        return self._current is not None

    def start(
        self,
        label: str,
        work: Work,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        cancelled: Callable[[], None] | None = None,
    ) -> bool:
        """Run ``work(cancel_event)``; ``done(result)`` or ``failed(exc)`` follow on the GUI thread."""
        if self._current is not None:
            return False
        if INLINE:
            try:
                result = work(threading.Event())
            except Exception as exc:
                failed(exc)
            else:
                done(result)
            return True
        runnable = _Runnable(work, threading.Event())
        # Bound methods of this QObject (GUI thread): the results are queued to the GUI thread.
        runnable.signals.finished.connect(self._finished)
        runnable.signals.failed.connect(self._failed_with)
        self._current, self._on_cancel = runnable, cancelled
        self._done, self._failed = done, failed
        self.bar.label.setText(label)
        self.bar.show()
        _RUNNING.add(runnable)
        QThreadPool.globalInstance().start(runnable)
        return True

    def cancel(self) -> None:
        """取消: forget the job now; its result, when it comes, is dropped."""
        runnable, on_cancel = self._current, self._on_cancel
        if runnable is None:
            return
        runnable.cancelled.set()
        self._current, self._on_cancel = None, None
        self.bar.hide()
        if on_cancel is not None:
            on_cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every pool thread (tests, and the window's close)."""
        return QThreadPool.globalInstance().waitForDone(msecs)

    def _finished(self, result: object) -> None:
        if self._take(self.sender()):
            self._done(result)

    def _failed_with(self, exc: object) -> None:
        if self._take(self.sender()):
            assert isinstance(exc, BaseException)
            self._failed(exc)

    def _take(self, signals: QObject | None) -> bool:
        """Whether ``signals`` belong to the current job (not one cancelled meanwhile); ends it."""
        if self._current is None or signals is not self._current.signals:
            return False
        self._current, self._on_cancel = None, None
        self.bar.hide()
        return True


def _nothing(_: object) -> None:
    pass
