"""Bundled CJK fonts: registered with Qt so the window renders on machines without Chinese fonts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from nianbao.core.resources import resource_path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
#: Bundled families that suit a user interface, best first (sans-serif before serif).
UI_PREFERENCE = ("WenQuanYi Micro Hei", "文泉驿微米黑", "FandolHei", "WenQuanYi Zen Hei")
#: The bundled UI face, registered on every machine as the last fallback of the UI font: an
#: installed Chinese font may lack characters of official texts (Droid Sans Fallback has no 〈 〉).
UI_FALLBACK_FILE = "wqy-microhei.ttc"
#: Marks of official texts that are not ideographs (nested title marks, brackets, dashes …): an
#: installed Chinese font that lacks one of them gets the bundled UI face behind it.
OFFICIAL_MARKS = "〈〉《》「」『』【】〔〕〖〗（）［］｛｝、。，；：！？“”‘’—…·－／％＋＝～０１２３４５６７８９"
#: Installed Chinese UI fonts, best first; any other installed Chinese family comes after these.
SYSTEM_CJK_PREFERENCE = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)

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


def _system_cjk_families() -> list[str]:
    bundled = {f for fams in _registered.values() for f in fams}
    return [f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese) if f not in bundled]


def system_has_cjk() -> bool:
    """Whether an installed (not bundled) font covers Simplified Chinese."""
    return bool(_system_cjk_families())


def system_cjk_family() -> str | None:
    """The installed Chinese family the UI falls back to (the best known one, else the first)."""
    installed = _system_cjk_families()
    return next((f for f in SYSTEM_CJK_PREFERENCE if f in installed), installed[0] if installed else None)


def ui_families(primary: str, *fallbacks: str | None) -> list[str]:
    """The UI font's family list: Qt takes each character from the first family that has it."""
    out: list[str] = []
    for family in (primary, *fallbacks):
        if family and family not in out:
            out.append(family)
    return out


def choose_ui_family(families: list[str]) -> str | None:
    """The bundled family to use for the interface."""
    for name in UI_PREFERENCE:
        if name in families:
            return name
    return families[0] if families else None


def covers(families: list[str], text: str) -> bool:
    """Whether every character of ``text`` is in one of ``families``."""
    metrics = [QFontMetrics(QFont(f)) for f in families]
    return all(any(m.inFontUcs4(ord(ch)) for m in metrics) for ch in text)


def setup_fonts(app: QApplication, folder: Path | None = None) -> str | None:
    """Make every character of the reports render; returns the bundled family now used for the UI, if any.

    Without an installed Chinese font the bundled fonts are registered before the window is
    built and one becomes the application font (the other bundled faces behind it). With one,
    the installed font stays and only the bundled UI face is registered, as the last family of
    the UI font: the bundled print faces (仿宋, 宋体 …) once registered would be preferred over
    the system's UI font for every Chinese glyph (measured: FandolFang replaced Droid Sans
    Fallback), which reads worse on screen, while an installed font may lack a character that
    official texts use (Droid Sans Fallback has no 〈 〉): then the bundled UI face is registered
    (about 8 ms) and put last. The PDF writer loads its font files itself.
    """
    files = bundled_font_files(folder)
    font = QFont(app.font())
    if system_has_cjk():
        installed = system_cjk_family()
        fallback = None
        if not covers(ui_families(font.family(), installed), OFFICIAL_MARKS):
            fallback = choose_ui_family(register_fonts([f for f in files if f.name == UI_FALLBACK_FILE]))
        font.setFamilies(ui_families(font.family(), installed, fallback))
        app.setFont(font)
        return None
    if not files:
        return None
    registered = register_fonts(files)
    family = choose_ui_family(registered)
    if family:
        others = [f for f in (*UI_PREFERENCE, "FandolSong") if f in registered]
        font.setFamilies(ui_families(family, *others))
        app.setFont(font)
    return family
