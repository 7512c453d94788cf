"""Reading an input file whole, safely: regular files only, never more than a limit.

``/dev/zero`` would be read without end and a named pipe (FIFO) blocks until someone writes
to it; both, folders and sockets are refused before a byte is read, and a file that grows
past the limit while it is read is refused too. The stat, open and fstat all look at the
same file, so a file swapped for a pipe in between is caught as well.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "一个文件夹"),
    (stat.S_ISCHR, "一个设备文件"),
    (stat.S_ISBLK, "一个设备文件"),
    (stat.S_ISFIFO, "一个命名管道（FIFO）"),
    (stat.S_ISSOCK, "一个套接字"),
)


class NotAFile(Exception):
    """The path is not a regular file; ``kind`` says what it is, in Chinese (e.g. "一个命名管道（FIFO）")."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file is larger than the limit; ``size`` is what was seen (bytes)."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def _require_regular(st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise NotAFile(kind)
    raise NotAFile("一个特殊文件")


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``limit`` of them.

    Raises :class:`NotAFile`, :class:`TooLarge` or ``OSError`` (missing, no permission, …).
    """
    p = Path(path)
    st = os.stat(p)
    _require_regular(st)
    if st.st_size > limit:
        raise TooLarge(st.st_size)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(p, flags)
    with os.fdopen(fd, "rb") as fh:
        _require_regular(os.fstat(fh.fileno()))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def size_text(size: int) -> str:
    """A file size for a message: "61 MB", "900 KB"."""
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} MB"
    return f"{max(1, size // 1024)} KB"
