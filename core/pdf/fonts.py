"""Fonts for the PDF: the official faces when installed, else the bundled open ones.

Roles follow GB/T 9704: 仿宋 body, 黑体 first-level headings, 楷体 second-level
headings, 宋体 page numbers and tables, 小标宋 title; digits and Latin letters in body,
tables and page numbers use Times New Roman (else the metric-compatible Liberation Serif).
A piece of text uses, character by character, the first font of its role's chain that has
a glyph:

1. the role's own face — the official font when installed, then the bundled Fandol font —
   then the other faces in order of likeness (仿宋 → 宋体 → 楷体 → 黑体 for the body), so a
   GBK character that 仿宋 lacks (喆, 堃) prints in 宋体, not in 黑体;
2. for characters outside the basic CJK block (Extension A/B, emoji): the system's
   extension fonts (SimSun-ExtB on Windows, what fontconfig lists on Linux);
3. the bundled wide-coverage fonts: Hanazono Mincho subsets (宋体 style: every CJK
   character Fandol lacks, Extension A, Extension B) and WenQuanYi Micro Hei (黑体 style).

Fonts are loaded only when a character needs them. A character no font has is collected
with where it is, and the export then stops naming every one of them.
"""

from __future__ import annotations

import lzma
import re
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts

from ..errors import ExitCode, ExportError
from ..resources import resource_path
from . import sysfonts
from .facecache import cache_dir, load_ttfont

FANG, HEI, KAI, SONG, TITLE, LATIN = "fang", "hei", "kai", "song", "title", "latin"
ROLES = (FANG, HEI, KAI, SONG, TITLE, LATIN)
ROLE_LABELS = {FANG: "仿宋", HEI: "黑体", KAI: "楷体", SONG: "宋体", TITLE: "小标宋", LATIN: "西文（Times New Roman）"}
#: Faces tried for a role, most alike first.
STYLE_ORDER = {
    FANG: (FANG, SONG, KAI, HEI),
    SONG: (SONG, FANG, KAI, HEI),
    KAI: (KAI, FANG, SONG, HEI),
    HEI: (HEI, SONG, FANG, KAI),
    TITLE: (TITLE, SONG, FANG, KAI, HEI),
    LATIN: (LATIN,),
}
#: Roles whose digits and Latin letters are set in the Latin face (the title and 黑体 keep their own).
LATIN_ROLES = frozenset((FANG, KAI, SONG))
#: Bundled open fonts (resources/fonts), by role.
BUNDLED_FILES = {
    FANG: "FandolFang-Regular.ttf",
    HEI: "FandolHei-Regular.ttf",
    KAI: "FandolKai-Regular.ttf",
    SONG: "FandolSong-Regular.ttf",
    TITLE: "FandolSong-Bold.ttf",
    LATIN: "LiberationSerif-Regular.ttf",
}
FALLBACK_FILE = ("wqy-microhei.ttc", 0)
RARE_BMP_FILE = "HanaMin-Rare-BMP.ttf.xz"  # CJK characters Fandol lacks, Extension A, emoji (宋体 style)
RARE_EXTB_FILE = "HanaMin-Rare-ExtB.ttf.xz"  # Extension B (宋体 style)
UNPACKED_DIR = "unpacked"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond the BMP written as UTF-16 pairs.

    ReportLab 5.1 writes every code point as four hex digits, so 𠮷 (U+20BB7) came out of
    text extraction (copy, search, our importer) as another character.
    """

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    chars = [f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *chars,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def is_latin(char: str) -> bool:
    """Digits, Latin letters, ASCII punctuation and space: set in the Latin face."""
    code = ord(char)
    return 0x20 <= code <= 0x7E or (0xC0 <= code <= 0x24F and code not in (0xD7, 0xF7))


def is_basic_cjk(char: str) -> bool:
    """A character of the CJK Unified Ideographs block (not an extension)."""
    return 0x4E00 <= ord(char) <= 0x9FFF


class PdfExportError(ExportError):
    """The PDF cannot be written; ``str()`` is a Chinese message for the user."""


class MissingGlyphError(PdfExportError):
    """Characters no available font has (the draft's content, not the disk): all of them, with where."""

    exit_code = ExitCode.UNREADABLE

    def __init__(self, missing: list[tuple[str, str]] | str, where: str = ""):
        if isinstance(missing, str):
            missing = [(missing, where)]
        self.missing = missing
        self.char, self.where = missing[0]
        by_char: dict[str, list[str]] = {}
        for char, place in missing:
            places = by_char.setdefault(char, [])
            if place not in places:
                places.append(place)
        items = [f"「{c}」（U+{ord(c):04X}，位置：{'；'.join(p)}）" for c, p in by_char.items()]
        head = "字符" if len(items) == 1 else f"以下 {len(items)} 个字符"
        super().__init__(
            f"无法导出 PDF：{head}在所有可用字体中都没有字形：{'、'.join(items)}。"
            "请检查是否输入有误；如确需使用，请安装含有这些字符的字体后再导出。",
            where=self.where,
        )


@dataclass(frozen=True)
class FontFile:
    """One font file (and subfont of a TTC) that can fill a role; ``.xz`` files are unpacked on first use."""

    path: Path
    index: int = 0
    bundled: bool = True

    @property
    def label(self) -> str:
        """e.g. "simfang.ttf（系统字体）" or "FandolFang-Regular.ttf（内置）"."""
        name = self.path.name.removesuffix(".xz")
        return f"{name}（{'内置' if self.bundled else '系统字体'}）"


def _unpacked(path: Path) -> Path:
    """The TrueType file inside ``path`` (an ``.xz`` file), unpacked once into the cache folder."""
    stat = path.stat()
    name = f"{path.name.removesuffix('.xz')}-{stat.st_size}-{stat.st_mtime_ns}.ttf"
    base = cache_dir()
    folder = (base / UNPACKED_DIR) if base is not None else Path(tempfile.gettempdir()) / "nianbao-fonts"
    target = folder / name
    if target.is_file():
        return target
    data = lzma.decompress(path.read_bytes())
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{name}.{threading.get_ident()}.tmp"
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


class LoadedFont:
    """A registered ReportLab font with fast coverage and width look-ups."""

    def __init__(self, source: FontFile):
        self.source = source
        stem = re.sub(r"[^A-Za-z0-9]+", "", source.path.name.split(".")[0]) or "Font"
        self.name = f"NB{stem}{source.index}-{zlib.crc32(str(source.path).encode()) % 100000:05d}"
        path = _unpacked(source.path) if source.path.suffix == ".xz" else source.path
        font = load_ttfont(self.name, path, source.index)
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
_FAILED: set[FontFile] = set()
_LOAD_LOCK = threading.Lock()


def load(source: FontFile) -> LoadedFont:
    """Load and register a font once per process (thread-safe)."""
    font = _LOADED.get(source)
    if font is None:
        with _LOAD_LOCK:
            font = _LOADED.get(source)
            if font is None:
                if source in _FAILED:
                    raise PdfExportError(f"无法读取字体文件「{source.path}」")
                try:
                    font = LoadedFont(source)
                except Exception as exc:
                    _FAILED.add(source)
                    raise PdfExportError(f"无法读取字体文件「{source.path}」：{exc}") from exc
                _LOADED[source] = font
    return font


def system_font(role: str) -> FontFile | None:
    """The installed official font for ``role``, if any."""
    found = sysfonts.official_file(role)
    return FontFile(found[0], found[1], bundled=False) if found else None


def bundled_font(role: str) -> FontFile:
    """The bundled open font for ``role``."""
    return FontFile(resource_path("fonts", BUNDLED_FILES[role]))


def fallback_font() -> FontFile:
    """The bundled wide-coverage 黑体-style fallback font."""
    return FontFile(resource_path("fonts", FALLBACK_FILE[0]), FALLBACK_FILE[1])


def rare_fonts(role: str) -> list[FontFile]:
    """The bundled wide-coverage fonts, the face most like ``role`` first."""
    song = [FontFile(resource_path("fonts", RARE_BMP_FILE))]
    extb = FontFile(resource_path("fonts", RARE_EXTB_FILE))
    return [fallback_font(), *song, extb] if role == HEI else [*song, fallback_font(), extb]


Run = tuple[str, LoadedFont]


@dataclass
class FontSet:
    """The font chains of one export; loads fonts lazily and records which were used.

    A character no font has raises :class:`MissingGlyphError` at once; with
    ``collect_missing`` it is left out of the runs and recorded in ``missing`` as
    ``(character, where)`` instead, and :meth:`raise_missing` then names all of them.
    """

    use_system: bool = True
    overrides: dict[str, FontFile] = field(default_factory=dict)
    collect_missing: bool = False
    used: dict[str, list[str]] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)
    _chains: dict[str, list[FontFile]] = field(default_factory=dict)
    _font_for: dict[tuple[str, str], LoadedFont | None] = field(default_factory=dict)

    def _own(self, role: str) -> list[FontFile]:
        out = []
        if role in self.overrides:
            out.append(self.overrides[role])
        elif self.use_system:
            found = system_font(role)
            if found is not None:
                out.append(found)
        out.append(bundled_font(role))
        return out

    def chain(self, role: str) -> list[FontFile]:
        """The faces tried for ``role`` before any extension font, best first."""
        chain = self._chains.get(role)
        if chain is None:
            chain = [f for r in STYLE_ORDER[role] for f in self._own(r)]
            self._chains[role] = chain
        return chain

    def _extension(self, char: str) -> list[FontFile]:
        if not self.use_system or is_basic_cjk(char):
            return []
        found = sysfonts.extension_files() + list(sysfonts.fontconfig_files(char))
        return [FontFile(path, index, bundled=False) for path, index in found]

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

    def _find(self, char: str, role: str) -> LoadedFont | None:
        key = (char, role)
        if key in self._font_for:
            return self._font_for[key]
        candidates = self.chain(role)
        if role in LATIN_ROLES and is_latin(char):
            candidates = self.chain(LATIN) + candidates
        found = self._first(char, candidates)
        if found is None:
            found = self._first(char, self._extension(char)) or self._first(char, rare_fonts(role))
        self._font_for[key] = found
        return found

    @staticmethod
    def _first(char: str, sources: list[FontFile]) -> LoadedFont | None:
        for source in sources:
            try:
                font = load(source)
            except PdfExportError:
                continue
            if font.covers(char):
                return font
        return None

    def resolve(self, text: str, role: str, where: str) -> list[Run]:
        """Split ``text`` into runs, each in the first font of the chain that has its glyphs.

        A character no font has raises :class:`MissingGlyphError` naming it and ``where``,
        or (``collect_missing``) is left out and recorded in :attr:`missing`.
        """
        runs: list[Run] = []
        cur_font: LoadedFont | None = None
        cur: list[str] = []
        for ch in text:
            key = (ch, role)
            font = self._font_for[key] if key in self._font_for else self._find(ch, role)
            if font is None:
                if not self.collect_missing:
                    raise MissingGlyphError([(ch, where)])
                if (ch, where) not in self.missing:
                    self.missing.append((ch, where))
                continue
            if font is not cur_font:
                if cur:
                    runs.append(("".join(cur), cur_font))  # type: ignore[arg-type]
                cur, cur_font = [], font
                labels = self.used.setdefault(role, [])
                if font.source.label not in labels:
                    labels.append(font.source.label)
            cur.append(ch)
        if cur:
            runs.append(("".join(cur), cur_font))  # type: ignore[arg-type]
        return runs

    def raise_missing(self) -> None:
        """Raise :class:`MissingGlyphError` for every character no font had, if any."""
        if self.missing:
            raise MissingGlyphError(list(self.missing))
