"""The 最近文件 list, kept in the settings (:data:`settings.RECENT_FILES`)."""

from __future__ import annotations

from pathlib import Path

from .settings import RECENT_FILES, Settings

LIMIT = 8


class RecentFiles:
    """Most recently opened or saved drafts, newest first."""

    def __init__(self, settings: Settings, limit: int = LIMIT):
        self._settings = settings
        self._limit = limit

    def paths(self) -> list[Path]:
        """The list, newest first."""
        return [Path(p) for p in self._settings.get(RECENT_FILES)]

    def _store(self, paths: list[Path]) -> None:
        self._settings.set(RECENT_FILES, [str(p) for p in paths[: self._limit]])
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
