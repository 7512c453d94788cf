"""The window's settings: one declarative table of keys, defaults and types over QSettings.

Every value the window keeps between runs is a :class:`Setting` in :data:`SETTINGS`; code reads
and writes them only through :meth:`Settings.get` / :meth:`Settings.set`, which convert what the
INI file holds (QSettings gives back strings for numbers, a lone string for a one-item list) to
the declared type and fall back to the default when the stored value is unusable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

FILE_NAME = "settings.ini"


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One kept value: its INI key, default, type and (for numbers) allowed range."""

    key: str
    default: T
    type: type
    doc: str
    minimum: int | None = None
    maximum: int | None = None


GEOMETRY: Setting[QByteArray | None] = Setting("window/geometry", None, QByteArray, "窗口的位置和大小")
STATE: Setting[QByteArray | None] = Setting("window/state", None, QByteArray, "工具栏和“检查结果”面板的布置")
LAST_DIR: Setting[str] = Setting("last_dir", "", str, "上次打开或保存草稿的文件夹")
RECENT_FILES: Setting[list[str]] = Setting("recent_files", [], list, "最近打开或保存的草稿，最新的在前")
ZOOM: Setting[int] = Setting("view/zoom", 100, int, "表格和文字的缩放比例（百分数）", minimum=60, maximum=250)

#: Every setting the window keeps, in one place.
SETTINGS: tuple[Setting[Any], ...] = (GEOMETRY, STATE, LAST_DIR, RECENT_FILES, ZOOM)


def _convert(setting: Setting[T], raw: object) -> T:
    """``raw`` as read from the file, in the setting's type (the default when unusable)."""
    kind = setting.type
    if raw is None:
        return list(setting.default) if kind is list else setting.default  # type: ignore[call-overload]
    value: Any
    if kind is int:
        try:
            value = int(str(raw))
        except ValueError:
            return setting.default
        if setting.minimum is not None:
            value = max(setting.minimum, value)
        if setting.maximum is not None:
            value = min(setting.maximum, value)
    elif kind is str:
        value = str(raw)
    elif kind is list:
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, (list, tuple)) else []
        value = [str(item) for item in items if item]
    elif kind is QByteArray:
        value = raw if isinstance(raw, QByteArray) else setting.default
    else:  # pragma: no cover - the table above only uses these types
        raise TypeError(kind)
    return value


class Settings:
    """Typed access to the settings file (``settings.ini`` in the user data folder)."""

    def __init__(self, path: Path):
        self.path = path
        self._store = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        """The stored value, or the default."""
        if setting not in SETTINGS:
            raise KeyError(setting.key)
        return _convert(setting, self._store.value(setting.key))

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a value (written to disk at the next :meth:`sync`)."""
        if setting not in SETTINGS:
            raise KeyError(setting.key)
        if setting.type is list:
            self._store.setValue(setting.key, [str(v) for v in value])  # type: ignore[attr-defined]
        else:
            self._store.setValue(setting.key, value)

    def sync(self) -> None:
        """Write pending changes to the file."""
        self._store.sync()
