"""The program's error families, their Chinese messages and the CLI's exit codes, in one place.

Every error a user can meet is a :class:`NianbaoError`: ``str()`` is a Chinese message for the
user that names the file (and the cell, line or key) it concerns. Each area has its own
subclass, so the CLI (:func:`nianbao.core.cli.main`) maps a whole family to one exit code; the
window shows the message as it is (it already names the file and place). Anything else that
escapes is a bug: the CLI says 程序内部错误 and the window's crash handler writes the traceback
to the log.
"""

from __future__ import annotations

import errno
import os
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``nianbao`` command (documented in the README)."""

    OK = 0
    FINDINGS = 1  # the report has errors (check, audit)
    UNREADABLE = 2  # an input file cannot be read, or the arguments are wrong
    INTERNAL = 3  # a bug: 程序内部错误
    OUTPUT_EXISTS = 4  # the output file exists and --force was not given
    WRITE_FAILED = 5  # an output could not be written (disk full, read-only, folder missing)
    INTERRUPTED = 130  # Ctrl+C


class NianbaoError(Exception):
    """Root of the program's errors: a Chinese message, and the file and place it concerns."""

    exit_code: ExitCode = ExitCode.UNREADABLE

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None = None, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        if path is not None or not hasattr(self, "path"):
            self.path = os.fspath(path) if path is not None else None
        if where or not hasattr(self, "where"):  # a subclass may have set it before calling us
            self.where = where  # cell id, line, table or key inside the file

    def __str__(self) -> str:
        return self.message


class DraftError(NianbaoError):
    """A draft that cannot be read or written."""


class DraftWriteError(DraftError):
    """A draft that cannot be written (the window keeps everything)."""

    exit_code = ExitCode.WRITE_FAILED


class FormatError(NianbaoError):
    """A format definition file is missing or malformed (names the file, the table or rule, the key)."""

    exit_code = ExitCode.INTERNAL


class ImportFailed(NianbaoError):
    """A file that cannot be imported at all."""


class ExportError(NianbaoError):
    """An output (PDF, CSV, Word, web page, Excel) that cannot be written."""

    exit_code = ExitCode.WRITE_FAILED


class OutputExists(NianbaoError):
    """The output file exists and the user did not ask to overwrite it."""

    exit_code = ExitCode.OUTPUT_EXISTS


class ValueParseError(NianbaoError, ValueError):
    """Text that is not a valid value for a cell (typed, pasted or read from a file)."""


_OS_REASONS = {
    errno.ENOENT: "文件夹不存在（U盘是否已拔出？）",
    errno.EACCES: "没有写入权限（文件或文件夹是只读的，或文件正被其他程序打开）",
    errno.EPERM: "没有写入权限（文件或文件夹是只读的）",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EIO: "读写磁盘时出错（U盘是否已拔出或损坏？）",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.ELOOP: "快捷方式（符号链接）绕成了一个圈，指不到真正的文件",
    errno.EEXIST: "该位置已有一个同名的文件（应是文件夹的地方是一个文件）",
}
# Windows reports a file open in another program (Word, WPS, a PDF reader) as these.
_WINERROR_REASONS = {32: "文件正被其他程序占用（请先在 WPS/Word/PDF 阅读器中关闭它）", 33: "文件的一部分被其他程序锁定"}


def os_reason(exc: OSError) -> str:
    """What an OS error means for the user, in Chinese (never the OS's own English text)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_REASONS:
        return _WINERROR_REASONS[winerror]
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误"


def write_failed(what: str, path: str | os.PathLike[str], exc: OSError) -> str:
    """A message for a failed write of ``what`` (e.g. "PDF") to the file the user chose."""
    target = os.fspath(path)
    if exc.errno == errno.ENOENT:
        folder = os.path.dirname(os.path.abspath(target))
        return f"无法导出{what}「{target}」：文件夹「{folder}」不存在（U盘是否已拔出？）"
    return f"无法导出{what}「{target}」：{os_reason(exc)}"
