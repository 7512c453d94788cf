"""One window per draft on this PC: a lock in the user data folder for the draft a window has open.

``locks/<hash of the draft's full path>.lock`` is a ``QLockFile`` (it records the process, the
host and the program): a second window of this program — in this process or another — that
opens the same draft finds it held and says so. A lock whose process is gone (a crash) is
stale and simply taken over, as the recovery copies' locks are. Changes made by another PC
on a shared folder are not seen here; the save-time check (:mod:`nianbao.core.filestamp`)
catches those.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_file(folder: Path, draft_path: Path) -> Path:
    """Where the lock of ``draft_path`` lives (one name per full path, case-folded where the OS is)."""
    key = os.path.normcase(str(draft_path.resolve()))
    return folder / f"{hashlib.sha1(key.encode('utf-8')).hexdigest()}.lock"


class DraftLock:
    """The lock one window holds on the draft it shows (at most one at a time)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path: Path | None = None
        self._lock: QLockFile | None = None

    def take(self, path: Path) -> bool:
        """Hold ``path``'s lock instead of the current one; False if another window holds it.

        True also when the lock cannot be made at all (a read-only data folder): the lock only
        warns, it must never keep a user from their draft.
        """
        if self.path is not None and self._same(path):
            return True
        lock = QLockFile(str(lock_file(self.folder, path)))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however old
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.release()
            return True
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return False
            self.release()
            return True  # no lock possible here; the save-time check still protects the file
        self.release()
        self._lock, self.path = lock, path
        return True

    def held_elsewhere(self, path: Path) -> bool:
        """Whether another window (of any process on this PC) has ``path`` open."""
        if self.path is not None and self._same(path):
            return False
        probe = QLockFile(str(lock_file(self.folder, path)))
        probe.setStaleLockTime(0)
        if probe.tryLock(0):
            probe.unlock()
            return False
        return probe.error() == QLockFile.LockError.LockFailedError

    def release(self) -> None:
        """Give the lock up (the window shows another report, or closes)."""
        if self._lock is not None:
            self._lock.unlock()
        self._lock, self.path = None, None

    def _same(self, path: Path) -> bool:
        return self.path is not None and lock_file(self.folder, self.path) == lock_file(self.folder, path)
