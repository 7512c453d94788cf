"""Recovery copies: written every minute while the report has unsaved changes.

Each window owns a slot in the recovery folder: ``<slot>.draft.json`` (an ordinary
draft), ``<slot>.info.json`` (which file it belongs to, when it was written) and
``<slot>.lock``, a QLockFile held while the window lives. After a crash the lock is
stale, so the next start can take it over and offer the copy for restoring; copies of
windows that are still open stay locked and are left alone.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from nianbao.core import draft

INTERVAL_MS = 60_000


@dataclass
class RecoveryCopy:
    """A recovery copy left by a window that ended without saving."""

    draft_path: Path
    info_path: Path
    source: str  # the draft file it belongs to, or "" for a never-saved report
    saved_at: str  # local time, "YYYY-MM-DD HH:MM"
    lock: QLockFile

    def release(self, delete: bool) -> None:
        """Give the copy back (``delete`` removes it for good)."""
        if delete:
            for p in (self.draft_path, self.info_path):
                p.unlink(missing_ok=True)
        self.lock.unlock()


def find_recovery_copies(folder: Path) -> list[RecoveryCopy]:
    """Copies whose window is gone (their lock could be taken), newest first."""
    found: list[RecoveryCopy] = []
    if not folder.is_dir():
        return found
    for info_path in folder.glob("*.info.json"):
        slot = info_path.name[: -len(".info.json")]
        draft_path = folder / f"{slot}.draft.json"
        lock = QLockFile(str(folder / f"{slot}.lock"))
        lock.setStaleLockTime(0)  # stale only if its process is gone, however old the file
        if not lock.tryLock(0):
            continue  # its window is still open
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            source, saved_at = str(info.get("source", "")), str(info.get("saved_at", ""))
        except (OSError, ValueError, AttributeError):
            source, saved_at = "", ""
        if not draft_path.is_file():
            info_path.unlink(missing_ok=True)
            lock.unlock()
            continue
        found.append(RecoveryCopy(draft_path, info_path, source, saved_at, lock))
    found.sort(key=lambda c: c.saved_at, reverse=True)
    return found


class Autosave(QObject):
    """Writes the window's recovery copy every ``interval_ms`` while there are unsaved changes."""

    def __init__(
        self,
        folder: Path,
        snapshot: Callable[[], tuple[draft.DraftFile, Path | None]],
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.folder = folder
        self._snapshot = snapshot
        slot = os.urandom(16).hex()  # a random slot name (uuid would cost its import at start-up)
        self.draft_path = folder / f"{slot}.draft.json"
        self.info_path = folder / f"{slot}.info.json"
        self._lock = QLockFile(str(folder / f"{slot}.lock"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock.tryLock(0)
        except OSError:
            pass  # no recovery folder: autosave simply fails quietly
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.write_now)

    def set_modified(self, modified: bool) -> None:
        """Start writing copies while modified; drop the copy once the report is saved."""
        if modified:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
            self.discard()

    def write_now(self) -> bool:
        """Write the recovery copy now; False (and nothing else) if the folder is not writable."""
        content, source = self._snapshot()
        info = {"source": str(source) if source else "", "saved_at": _dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            draft.save(
                content.report,
                self.draft_path,
                keep_backup=False,
                previous=content.previous,
                import_findings=content.import_findings,
            )
            self.info_path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        except (draft.DraftError, OSError):
            return False
        return True

    def discard(self) -> None:
        """Remove this window's recovery copy."""
        for p in (self.info_path, self.draft_path):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                pass

    def shutdown(self) -> None:
        """The window closes normally: no copy is left behind."""
        self.timer.stop()
        self.discard()
        self._lock.unlock()

    def abandon(self) -> None:
        """Leave the copy as a crash would (for tests): stop, keep the files, free the lock."""
        self.timer.stop()
        self._lock.unlock()
