"""The 最近文件 list, kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent_files"
LIMIT = 8


class RecentFiles:
    """Most recently opened or saved drafts, newest first."""

    def __init__(self, settings: QSettings, limit: int = LIMIT):
        self._settings = settings
        self._limit = limit

    def paths(self) -> list[Path]:
        """The list, newest first."""
        raw = self._settings.value(KEY, [])
        if isinstance(raw, str):  # QSettings returns a lone value as a string
            raw = [raw]
        items = raw if isinstance(raw, (list, tuple)) else []
        return [Path(str(p)) for p in items if p]

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(KEY, [str(p) for p in paths[: self._limit]])
        self._settings.sync()

    def add(self, path: Path) -> None:
        """Put ``path`` first."""
        path = path.resolve()
        self._store([path] + [p for p in self.paths() if p != path])

    def remove(self, path: Path) -> None:
        """Forget ``path`` (e.g. the file is gone)."""
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        """Forget all."""
        self._store([])
