"""Recovery copies: written every minute while the report has unsaved changes.

Each window owns a slot in the recovery folder: ``<slot>.draft.json`` (an ordinary
draft), ``<slot>.info.json`` (which file it belongs to, when it was written, and the stamp
of that file when the window read it) and ``<slot>.lock``, a QLockFile held while the window
lives. After a crash the lock is stale, so the next start can take it over and offer the
copy for restoring; copies of windows that are still open stay locked and are left alone.
A copy whose info file is missing is offered too (its time from the file). A copy that
cannot be read is moved to ``damaged/`` (never deleted: support may want it), and the
window says so once. When the folder cannot be written, :attr:`Autosave.problem` says why
and the window shows that autosave is off.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from nianbao.core import draft
from nianbao.core.errors import os_reason
from nianbao.core.filestamp import FileStamp

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000
DAMAGED = "damaged"
_DRAFT, _INFO, _LOCK = ".draft.json", ".info.json", ".lock"

#: What the window gives: its draft (report and optional keys), the file it belongs to, and that
#: file's stamp as the window read or wrote it.
Snapshot = Callable[[], tuple[draft.DraftFile, Path | None, FileStamp | None]]


@dataclass
class RecoveryCopy:
    """A recovery copy left by a window that ended without saving."""

    draft_path: Path
    info_path: Path
    source: str  # the draft file it belongs to, or "" for a never-saved report
    saved_at: str  # local time, "YYYY-MM-DD HH:MM"
    lock: QLockFile
    stamp: FileStamp | None = None  # the source file as the window had read it
    has_info: bool = True

    def release(self, delete: bool) -> None:
        """Give the copy back (``delete`` removes it for good)."""
        if delete:
            for p in (self.draft_path, self.info_path):
                p.unlink(missing_ok=True)
        self.lock.unlock()

    def move_aside(self) -> Path:
        """Move the copy (and its info) into ``damaged/`` for support; returns where it went."""
        folder = self.draft_path.parent / DAMAGED
        stem = f"{_dt.datetime.now():%Y%m%d-%H%M%S}-{self.draft_path.name[: -len(_DRAFT)]}"
        target = folder / f"{stem}{_DRAFT}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.replace(self.draft_path, target)
            if self.info_path.exists():
                os.replace(self.info_path, folder / f"{stem}{_INFO}")
        except OSError:
            log.warning(
                "could not move the damaged recovery copy %s aside; deleting it", self.draft_path, exc_info=True
            )
            self.release(delete=True)  # never offered again, whatever happens
            return self.draft_path
        self.lock.unlock()
        return target


def _read_info(info_path: Path) -> tuple[str, str, FileStamp | None]:
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        source, saved_at = str(info.get("source", "")), str(info.get("saved_at", ""))
    except (OSError, ValueError, AttributeError, RecursionError):
        return "", "", None
    raw = info.get("stamp")
    try:
        stamp = FileStamp(int(raw["size"]), int(raw["mtime_ns"]), str(raw["digest"])) if raw else None
    except (TypeError, KeyError, ValueError):
        stamp = None
    return source, saved_at, stamp


def find_recovery_copies(folder: Path) -> list[RecoveryCopy]:
    """Copies whose window is gone (their lock could be taken), newest first."""
    found: list[RecoveryCopy] = []
    if not folder.is_dir():
        return found
    slots = {p.name[: -len(_INFO)] for p in folder.glob(f"*{_INFO}")} | {
        p.name[: -len(_DRAFT)] for p in folder.glob(f"*{_DRAFT}")
    }
    for slot in sorted(slots):
        draft_path, info_path = folder / f"{slot}{_DRAFT}", folder / f"{slot}{_INFO}"
        lock = QLockFile(str(folder / f"{slot}{_LOCK}"))
        lock.setStaleLockTime(0)  # stale only if its process is gone, however old the file
        if not lock.tryLock(0):
            continue  # its window is still open
        if not draft_path.is_file():
            info_path.unlink(missing_ok=True)
            lock.unlock()
            continue
        has_info = info_path.is_file()
        source, saved_at, stamp = _read_info(info_path) if has_info else ("", "", None)
        if not saved_at:
            try:
                saved_at = _dt.datetime.fromtimestamp(draft_path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            except OSError:
                saved_at = "（时间不详）"
        found.append(RecoveryCopy(draft_path, info_path, source, saved_at, lock, stamp, has_info))
    found.sort(key=lambda c: c.saved_at, reverse=True)
    return found


class Autosave(QObject):
    """Writes the window's recovery copy every ``interval_ms`` while there are unsaved changes."""

    #: The reason autosave is off (Chinese), or "" once it works again.
    status_changed = Signal(str)

    def __init__(
        self,
        folder: Path,
        snapshot: Snapshot,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.folder = folder
        self._snapshot = snapshot
        slot = os.urandom(16).hex()  # a random slot name (uuid would cost its import at start-up)
        self.draft_path = folder / f"{slot}{_DRAFT}"
        self.info_path = folder / f"{slot}{_INFO}"
        self._lock = QLockFile(str(folder / f"{slot}{_LOCK}"))
        self.problem = ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not self._lock.tryLock(0):
                self.problem = self._off("无法在其中建立文件")
        except OSError as exc:
            self.problem = self._off(os_reason(exc))
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.write_now)

    def _off(self, reason: str) -> str:
        return f"自动保存已关闭：恢复副本文件夹无法写入（{reason}）"

    def set_modified(self, modified: bool) -> None:
        """Start writing copies while modified; drop the copy once the report is saved."""
        if modified:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
            self.discard()

    def write_now(self) -> bool:
        """Write the recovery copy now; False (and :attr:`problem` says why) if it cannot be written."""
        content, source, stamp = self._snapshot()
        info: dict[str, object] = {
            "source": str(source) if source else "",
            "saved_at": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        }
        if stamp is not None:
            info["stamp"] = {"size": stamp.size, "mtime_ns": stamp.mtime_ns, "digest": stamp.digest}
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
        except draft.DraftError as exc:
            cause = exc.__cause__
            self._set_problem(self._off(os_reason(cause) if isinstance(cause, OSError) else str(exc)))
            return False
        except OSError as exc:
            self._set_problem(self._off(os_reason(exc)))
            return False
        self._set_problem("")
        return True

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.status_changed.emit(problem)

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
