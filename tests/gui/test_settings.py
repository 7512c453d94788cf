"""The settings table: typed values over QSettings, defaults when the file holds junk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from nianbao.gui import settings as s
from nianbao.gui.recent_files import RecentFiles


def test_every_kept_value_is_declared_once_with_a_default_and_a_type():
    keys = [setting.key for setting in s.SETTINGS]
    assert len(keys) == len(set(keys))
    assert {setting.key for setting in s.SETTINGS} >= {"window/geometry", "recent_files", "last_dir", "view/zoom"}
    for setting in s.SETTINGS:
        assert setting.doc and setting.type in (int, str, list, QByteArray)


def test_values_come_back_in_their_type(tmp_path):
    store = s.Settings(tmp_path / "settings.ini")
    assert store.get(s.ZOOM) == 100 and store.get(s.LAST_DIR) == "" and store.get(s.RECENT_FILES) == []
    store.set(s.ZOOM, 125)
    store.set(s.RECENT_FILES, ["/a/草稿.json"])
    store.set(s.GEOMETRY, QByteArray(b"\x01\x02"))
    store.sync()
    again = s.Settings(tmp_path / "settings.ini")
    assert again.get(s.ZOOM) == 125  # not the string "125" the INI file holds
    assert again.get(s.RECENT_FILES) == ["/a/草稿.json"]  # a one-item list, not a lone string
    assert again.get(s.GEOMETRY) == QByteArray(b"\x01\x02")


def test_junk_in_the_file_gives_the_default_or_the_nearest_allowed(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text("[view]\nzoom=abc\n", encoding="utf-8")
    assert s.Settings(path).get(s.ZOOM) == 100
    path.write_text("[view]\nzoom=9000\n", encoding="utf-8")
    assert s.Settings(path).get(s.ZOOM) == s.ZOOM.maximum


def test_undeclared_settings_are_refused(tmp_path):
    store = s.Settings(tmp_path / "settings.ini")
    with pytest.raises(KeyError):
        store.get(s.Setting("somewhere/else", 1, int, "undeclared"))


def test_recent_files_go_through_the_table(tmp_path):
    store = s.Settings(tmp_path / "settings.ini")
    recent = RecentFiles(store, limit=2)
    for name in ("a.json", "b.json", "c.json"):
        recent.add(tmp_path / name)
    assert [p.name for p in recent.paths()] == ["c.json", "b.json"]
    assert s.Settings(tmp_path / "settings.ini").get(s.RECENT_FILES) == [
        str(tmp_path / "c.json"),
        str(tmp_path / "b.json"),
    ]
