"""Fonts for the PDF: the official faces when installed, else the bundled open ones.

Roles follow GB/T 9704: 仿宋 body, 黑体 first-level headings, 楷体 second-level
headings, 宋体 page numbers and tables, 小标宋 title. Each role has a chain of fonts —
the system font (simfang.ttf, simhei.ttf, simkai.ttf, simsun.ttc, 方正小标宋), the bundled
Fandol font, then WenQuanYi Micro Hei for wide coverage — and a piece of text uses,
character by character, the first font of its chain that has a glyph. Fonts are loaded
only when a character needs them.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ..errors import ExitCode, ExportError
from ..resources import resource_path
from .facecache import load_ttfont

FANG, HEI, KAI, SONG, TITLE = "fang", "hei", "kai", "song", "title"
ROLES = (FANG, HEI, KAI, SONG, TITLE)
ROLE_LABELS = {FANG: "仿宋", HEI: "黑体", KAI: "楷体", SONG: "宋体", TITLE: "小标宋"}

#: Official (proprietary) font files, by role; matched case-insensitively in the font folders.
SYSTEM_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    FANG: (("simfang.ttf", 0), ("仿宋_gb2312.ttf", 0), ("fs_gb2312.ttf", 0)),
    HEI: (("simhei.ttf", 0),),
    KAI: (("simkai.ttf", 0), ("楷体_gb2312.ttf", 0), ("kaiti_gb2312.ttf", 0)),
    SONG: (("simsun.ttc", 0), ("simsun.ttf", 0)),
    TITLE: (
        ("fzxbsjw.ttf", 0),
        ("方正小标宋简体.ttf", 0),
        ("fzxiaobiaosong-b05s.ttf", 0),
        ("方正小标宋_gbk.ttf", 0),
        ("fzxbsk.ttf", 0),
    ),
}
#: Bundled open fonts (resources/fonts), by role.
BUNDLED_FILES = {
    FANG: "FandolFang-Regular.ttf",
    HEI: "FandolHei-Regular.ttf",
    KAI: "FandolKai-Regular.ttf",
    SONG: "FandolSong-Regular.ttf",
    TITLE: "FandolSong-Bold.ttf",
}
FALLBACK_FILE = ("wqy-microhei.ttc", 0)


class PdfExportError(ExportError):
    """The PDF cannot be written; ``str()`` is a Chinese message for the user."""


class MissingGlyphError(PdfExportError):
    """A character has no glyph in any available font (the draft's content, not the disk)."""

    exit_code = ExitCode.UNREADABLE

    def __init__(self, char: str, where: str):
        self.char = char
        self.where = where
        super().__init__(
            f"无法导出 PDF：字符「{char}」（U+{ord(char):04X}）在所有可用字体中都没有字形，"
            f"位置：{where}。请改用其他写法后再导出。"
        )


@dataclass(frozen=True)
class FontFile:
    """One font file (and subfont of a TTC) that can fill a role."""

    path: Path
    index: int = 0
    bundled: bool = True

    @property
    def label(self) -> str:
        """e.g. "simfang.ttf（系统字体）" or "FandolFang-Regular.ttf（内置）"."""
        return f"{self.path.name}（{'内置' if self.bundled else '系统字体'}）"


class LoadedFont:
    """A registered ReportLab font with fast coverage and width look-ups."""

    def __init__(self, source: FontFile):
        self.source = source
        stem = re.sub(r"[^A-Za-z0-9]+", "", source.path.stem) or "Font"
        self.name = f"NB{stem}{source.index}-{zlib.crc32(str(source.path).encode()) % 100000:05d}"
        font = load_ttfont(self.name, source.path, source.index)
        pdfmetrics.registerFont(font)
        self.rl_font = font
        face = font.face
        self._glyphs = face.charToGlyph
        self._widths = face.charWidths
        self._default = face.defaultWidth
        self.ascent = face.ascent / 1000.0

    def covers(self, char: str) -> bool:
        """Whether the font has a real glyph for ``char``."""
        return bool(self._glyphs.get(ord(char)))

    def width(self, char: str, size: float) -> float:
        """Advance width of ``char`` at ``size`` points."""
        return self._widths.get(ord(char), self._default) * size / 1000.0


_LOADED: dict[FontFile, LoadedFont] = {}
_LOAD_LOCK = threading.Lock()


def load(source: FontFile) -> LoadedFont:
    """Load and register a font once per process (thread-safe)."""
    font = _LOADED.get(source)
    if font is None:
        with _LOAD_LOCK:
            font = _LOADED.get(source)
            if font is None:
                try:
                    font = LoadedFont(source)
                except Exception as exc:
                    raise PdfExportError(f"无法读取字体文件「{source.path}」：{exc}") from exc
                _LOADED[source] = font
    return font


def system_font_dirs() -> list[Path]:
    """Folders where the operating system and users install fonts."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), home / "Library" / "Fonts", Path("/System/Library/Fonts/Supplemental")]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local" / "share" / "fonts",
    ]


@lru_cache(maxsize=1)
def _system_index() -> dict[str, Path]:
    """Lower-cased file name -> path, for the font files we look for."""
    wanted = {name for files in SYSTEM_FILES.values() for name, _ in files}
    found: dict[str, Path] = {}
    for folder in system_font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                low = name.lower()
                if low in wanted and low not in found:
                    found[low] = Path(root) / name
    return found


def system_font(role: str) -> FontFile | None:
    """The installed official font for ``role``, if any."""
    index = _system_index()
    for name, sub in SYSTEM_FILES[role]:
        path = index.get(name)
        if path is not None:
            return FontFile(path, sub, bundled=False)
    return None


def bundled_font(role: str) -> FontFile:
    """The bundled open font for ``role``."""
    return FontFile(resource_path("fonts", BUNDLED_FILES[role]))


def fallback_font() -> FontFile:
    """The bundled wide-coverage fallback font."""
    return FontFile(resource_path("fonts", FALLBACK_FILE[0]), FALLBACK_FILE[1])


Run = tuple[str, LoadedFont]


@dataclass
class FontSet:
    """The font chains of one export; loads fonts lazily and records which were used."""

    use_system: bool = True
    overrides: dict[str, FontFile] = field(default_factory=dict)
    used: dict[str, list[str]] = field(default_factory=dict)
    _chains: dict[str, list[FontFile]] = field(default_factory=dict)

    def chain(self, role: str) -> list[FontFile]:
        """The fonts tried for ``role``, best first."""
        chain = self._chains.get(role)
        if chain is None:
            chain = []
            if role in self.overrides:
                chain.append(self.overrides[role])
            elif self.use_system:
                found = system_font(role)
                if found is not None:
                    chain.append(found)
            chain.append(bundled_font(role))
            chain.append(fallback_font())
            self._chains[role] = chain
        return chain

    def primary(self, role: str) -> LoadedFont:
        """The first loadable font of the role's chain."""
        last: PdfExportError | None = None
        for source in self.chain(role):
            try:
                return load(source)
            except PdfExportError as exc:
                last = exc
        assert last is not None
        raise last

    def resolve(self, text: str, role: str, where: str) -> list[Run]:
        """Split ``text`` into runs, each in the first font of the chain that has its glyphs.

        Raises :class:`MissingGlyphError` naming the character and ``where`` when no font
        has it.
        """
        runs: list[Run] = []
        if not text:
            return runs
        chain = self.chain(role)
        loaded: list[LoadedFont | None] = [None] * len(chain)
        failed = [False] * len(chain)
        cur_font: LoadedFont | None = None
        cur: list[str] = []
        for ch in text:
            font = None
            for i, source in enumerate(chain):
                if failed[i]:
                    continue
                f = loaded[i]
                if f is None:
                    try:
                        f = loaded[i] = load(source)
                    except PdfExportError:
                        failed[i] = True
                        continue
                if f.covers(ch):
                    font = f
                    break
            if font is None:
                raise MissingGlyphError(ch, where)
            if font is not cur_font:
                if cur:
                    runs.append(("".join(cur), cur_font))  # type: ignore[arg-type]
                cur, cur_font = [], font
                self.used.setdefault(role, [])
                if font.source.label not in self.used[role]:
                    self.used[role].append(font.source.label)
            cur.append(ch)
        runs.append(("".join(cur), cur_font))  # type: ignore[arg-type]
        return runs
