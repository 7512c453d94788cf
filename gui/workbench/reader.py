"""Reading a batch in the background: a QThread drives :func:`core.batch.read_files`.

Each file read arrives as a signal (the roster shows it at once, checked on its own); when all
are read the window starts :class:`CheckThread`, which pairs last year's reports and runs the
cross-body checks. The window never waits on either: it only handles their signals.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from nianbao.core.batch import BatchEntry, check_entries, read_files
from nianbao.core.batch_roster import Batch

log = logging.getLogger(__name__)


class ReadThread(QThread):
    """Reads ``paths``; emits ``entry_read(tag, index, entry)`` per file as it is ready."""

    entry_read = Signal(str, int, object)  # tag, index into indices, BatchEntry
    failed = Signal(str)

    def __init__(self, tag: str, indices: list[int], paths: list[Path], workers: int | None, parent: QObject):
        super().__init__(parent)
        self.tag = tag
        self.indices = indices
        self.paths = paths
        self.workers = workers
        self._cancel = False

    def cancel(self) -> None:
        """Stop after the files already being read (their results still arrive)."""
        self._cancel = True

    @property
    def was_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel

    def run(self) -> None:
        def arrived(i: int, entry: BatchEntry) -> None:
            check_entries([entry])  # counts at once; last year and the batch checks come after
            self.entry_read.emit(self.tag, self.indices[i], entry)

        try:
            read_files(self.paths, on_entry=arrived, cancelled=lambda: self._cancel, workers=self.workers)
        except Exception as exc:  # the pool itself broke (not one file): tell the window
            log.exception("reading the batch failed")
            self.failed.emit(f"读取文件时出现程序内部错误（{type(exc).__name__}: {exc}）")


class CheckThread(QThread):
    """Runs :meth:`Batch.compute_findings` (no entry is changed there); emits ``done(findings)``."""

    done = Signal(object)  # dict entry index -> findings

    def __init__(self, batch: Batch, parent: QObject):
        super().__init__(parent)
        self.batch = batch

    def run(self) -> None:
        try:
            self.done.emit(self.batch.compute_findings())
        except Exception:
            log.exception("checking the batch failed")
            self.done.emit({})
