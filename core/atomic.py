"""Atomic file writes: a temp file in the target's folder, flushed, fsynced, then ``os.replace``.

A symlinked target is written through: the temp file goes beside the file the link points to
and replaces that file, so the link stays a link. A write killed half-way leaves its hidden
``.<name>.XXXXXXXX.tmp`` behind; the next write of the same file removes such leftovers once
they are older than :data:`STALE_SECONDS` and no writer holds them (each writer keeps an
exclusive lock on its temp file while it writes, where the system has ``flock``).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted anyway
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: A temp file older than this, and not locked by its writer, is a leftover of a killed write.
STALE_SECONDS = 60
_TEMP_TAIL = r"\.[a-z0-9_]{8}\.tmp"  # mkstemp's eight random characters
_cancel = threading.local()


class WriteCancelled(Exception):
    """A write in :func:`cancel_writes_when` found its event set: nothing was written."""


@contextmanager
def cancel_writes_when(event: threading.Event) -> Iterator[None]:
    """Writes of this thread made inside the block raise :class:`WriteCancelled` (and leave the
    target untouched) once ``event`` is set — how the window's 取消 stops an export in time."""
    previous = getattr(_cancel, "event", None)
    _cancel.event = event
    try:
        yield
    finally:
        _cancel.event = previous


def _check_cancelled() -> None:
    event = getattr(_cancel, "event", None)
    if event is not None and event.is_set():
        raise WriteCancelled()


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the new one, never part.

    ``durable`` also fsyncs the file and its folder (drafts and exports); caches may skip it.
    Raises OSError; on failure the temp file is removed and any existing file is untouched.
    """
    _check_cancelled()
    target = write_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temps(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # "being written": not a leftover (released on close)
        _give_usual_mode(fd, target)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        _check_cancelled()  # the last moment a 取消 can still keep the old file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(folder)


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write of ``path`` must replace: the end of its symlink chain, else ``path``."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def remove_stale_temps(path: str | os.PathLike[str]) -> int:
    """Remove leftover temp files of ``path`` (see the module's docstring); returns how many."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    pattern = re.compile(rf"^\.{re.escape(target.name)}{_TEMP_TAIL}$")
    removed = 0
    now = time.time()
    try:
        candidates = [e for e in os.scandir(folder) if pattern.match(e.name)]
    except OSError:
        return 0
    for entry in candidates:
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < STALE_SECONDS:
                continue
            if _held_by_a_writer(entry.path):
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue  # in use (Windows), or gone meanwhile
    if removed:
        log.info("removed %d leftover temp file(s) of %s", removed, target)
    return removed


def _held_by_a_writer(path: str) -> bool:
    if fcntl is None:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _give_usual_mode(fd: int, target: Path) -> None:
    """mkstemp makes owner-only files; keep the replaced file's mode, else the umask's default."""
    if os.name != "posix":
        return
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    os.fchmod(fd, mode)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
