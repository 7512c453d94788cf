"""What a file on disk looked like when it was read or written: size, modification time, content hash.

The window keeps the stamp of the draft it opened or last saved; before saving it compares
the file's current stamp, so an edit made meanwhile by another window, another program or
another PC on a shared folder is noticed instead of overwritten. The hash catches a change
that keeps the size and falls within the modification time's resolution (2 s on FAT U盘).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from .inputs import NotAFile, TooLarge, read_limited

#: Files larger than this are compared by size and time only (no draft comes near it).
HASH_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class FileStamp:
    """Size, modification time (ns) and SHA-256 of a file's content."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, data: bytes, st: os.stat_result) -> FileStamp:
        """The stamp of ``data``, just read from or written to a file whose stat is ``st``."""
        return cls(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def current_stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The file's stamp now; None when it is gone. Unreadable files get an empty digest."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        data = read_limited(path, HASH_LIMIT)
    except (OSError, NotAFile, TooLarge):
        return FileStamp(st.st_size, st.st_mtime_ns, "")
    return FileStamp.of(data, st)
