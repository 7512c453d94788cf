"""The log file: a rotating ``nianbao.log`` in the user data folder (``logs/``).

Modules log with ``logging.getLogger(__name__)``; :func:`setup_logging` attaches the file once
per process (the window at start, the command line when something goes wrong). A windowed
Windows build has no stderr, so the log is where a traceback goes and what support asks for.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

ENV_DATA_DIR = "NIANBAO_DATA_DIR"  # overrides the user data folder (tests, portable use)
LOG_NAME = "nianbao.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_log_file: Path | None = None


def user_data_dir() -> Path:
    """The user data folder: settings, recovery copies and the log.

    The same folder Qt's ``QStandardPaths.AppDataLocation`` gives for the application name
    ``nianbao``: ``%APPDATA%\\nianbao`` on Windows, ``~/.local/share/nianbao`` on Linux.
    """
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "nianbao"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nianbao"


def setup_logging(data_dir: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Attach the rotating log file (once); returns its path, or None if it cannot be written."""
    global _log_file
    if _log_file is not None:
        return _log_file
    folder = (data_dir or user_data_dir()) / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None  # a read-only home must not stop the program; the message says so
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger("nianbao")
    root.addHandler(handler)
    root.setLevel(level)
    _log_file = folder / LOG_NAME
    return _log_file


def log_file() -> Path | None:
    """The log file in use, or None before :func:`setup_logging` (or when it failed)."""
    return _log_file


def log_hint() -> str:
    """A sentence for error messages that says where the details were written."""
    path = setup_logging()
    return f"详细情况已写入日志文件「{path}」。" if path else ""


def reset_for_tests() -> None:
    """Detach the log file (tests that point the data folder elsewhere)."""
    global _log_file
    root = logging.getLogger("nianbao")
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    _log_file = None
