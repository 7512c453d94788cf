"""Bundled CJK fonts: registered with Qt so the window renders on machines without Chinese fonts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from nianbao.core.resources import resource_path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
#: Bundled families that suit a user interface, best first (sans-serif before serif).
UI_PREFERENCE = ("WenQuanYi Micro Hei", "文泉驿微米黑", "FandolHei", "WenQuanYi Zen Hei")

_registered: dict[Path, list[str]] = {}


def bundled_font_files(folder: Path | None = None) -> list[Path]:
    """The font files shipped in ``resources/fonts`` (or ``folder``)."""
    folder = folder if folder is not None else resource_path("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def register_fonts(files: list[Path]) -> list[str]:
    """Register font files with Qt (each once); returns the families they provide."""
    families: list[str] = []
    for path in files:
        if path not in _registered:
            font_id = QFontDatabase.addApplicationFont(str(path))
            _registered[path] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        families += [f for f in _registered[path] if f not in families]
    return families


def system_has_cjk() -> bool:
    """Whether an installed (not bundled) font covers Simplified Chinese."""
    bundled = {f for fams in _registered.values() for f in fams}
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return any(f not in bundled for f in families)


def choose_ui_family(families: list[str]) -> str | None:
    """The bundled family to use for the interface."""
    for name in UI_PREFERENCE:
        if name in families:
            return name
    return families[0] if families else None


def setup_fonts(app: QApplication, folder: Path | None = None) -> str | None:
    """Make Chinese text render; returns the bundled family now used for the UI, if any.

    Without an installed Chinese font the bundled fonts are registered before the window
    is built and one becomes the application font. With one, nothing is registered: the
    bundled fonts are the PDF's print faces (仿宋, 宋体 …), and once registered Qt would
    prefer them over the system's UI font for every Chinese glyph (measured: FandolFang
    replaced Droid Sans Fallback), which reads worse on screen. The PDF writer loads its
    font files itself.
    """
    if system_has_cjk():
        return None
    files = bundled_font_files(folder)
    if not files:
        return None
    family = choose_ui_family(register_fonts(files))
    if family:
        font = QFont(app.font())
        font.setFamilies([family])
        app.setFont(font)
    return family
