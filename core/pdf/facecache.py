"""A disk cache of parsed TrueType metrics, so a CJK font loads in milliseconds.

ReportLab parses a font's cmap, hmtx and loca tables in pure Python: about 0.07 s for
each 10,000-glyph Fandol font, most of an export's run time. The parsed face is plain
data, so it is stored with :mod:`marshal` (which can only rebuild ints, strings, bytes,
lists, tuples and dicts — never code) in the user's cache folder, keyed by the font
file's path, size and modification time and by the ReportLab version. Any problem with
the cache falls back to ReportLab's own parser.
"""

from __future__ import annotations

import marshal
import mmap
import os
import sys
from array import array
from hashlib import sha1
from pathlib import Path

from reportlab import Version as _RL_VERSION
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace

from ..atomic import write_bytes_atomic

CACHE_VERSION = 5
ENV_CACHE_DIR = "NIANBAO_CACHE_DIR"  # a folder, or "off" to disable the cache
_SKIP = ("_ttf_data", "_pdfScale")
_NAME_TAG = "__ttfname__"


def cache_dir() -> Path | None:
    """Where font metrics are cached, or None when caching is off."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "nianbao" / "cache" / "fonts"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "nianbao" / "fonts"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nianbao" / "fonts"


def _key(path: Path, index: int) -> str:
    st = path.stat()
    raw = f"{CACHE_VERSION}|{_RL_VERSION}|{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}"
    return sha1(raw.encode("utf-8")).hexdigest()


def _encode(value: object) -> object:
    if isinstance(value, TTFNameBytes):
        return (_NAME_TAG, bytes(value))
    return value


def _decode(value: object) -> object:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME_TAG:
        return TTFNameBytes(value[1])
    return value


def _scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _numbers(values: list) -> tuple[str, bytes]:
    """Pack numbers as 64-bit ints when they all are ints, else as doubles."""
    code = "q" if all(type(v) is int for v in values) else "d"
    return code, array(code, values).tobytes()


def _pack_tables(state: dict[str, object]) -> None:
    """Replace the large per-glyph tables by compact arrays (rebuilt by :func:`_unpack_tables`)."""
    c2g, widths, hm, pos, g2c = (
        state.get(k) for k in ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar")
    )
    if not (
        isinstance(c2g, dict)
        and isinstance(widths, dict)
        and isinstance(hm, list)
        and isinstance(pos, list)
        and isinstance(g2c, dict)
    ):
        return
    pairs = [(g, c) for g, codes in g2c.items() for c in codes]
    state["__packed__"] = {
        "g2c_glyphs": _numbers([g for g, _ in pairs]),
        "g2c_codes": _numbers([c for _, c in pairs]),
        "codes": _numbers(list(c2g)),
        "glyphs": _numbers(list(c2g.values())),
        "wcodes": _numbers(list(widths)),
        "widths": _numbers(list(widths.values())),
        "aw": _numbers([a for a, _ in hm]),
        "lsb": _numbers([b for _, b in hm]),
        "pos": _numbers(pos),
    }
    for k in ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar"):
        state.pop(k, None)


def _arr(packed: tuple[str, bytes]) -> array:
    values = array(packed[0])
    values.frombytes(packed[1])
    return values


class _Metrics:
    """``hmetrics`` as two arrays: ``m[glyph]`` is ``(advance, lsb)``, like ReportLab's list."""

    def __init__(self, advance: array, lsb: array):
        self._advance, self._lsb = advance, lsb

    def __getitem__(self, glyph: int) -> tuple[int | float, int | float]:
        return self._advance[glyph], self._lsb[glyph]

    def __len__(self) -> int:
        return len(self._advance)


class _GlyphToChar(dict):
    """ReportLab's glyph -> characters map, built on first use (only text shaping uses it)."""

    def __init__(self, codes: array, glyphs: array):
        """``codes[i]`` is drawn by ``glyphs[i]``, in ReportLab's order."""
        super().__init__()
        self._source: tuple[array, array] | None = (codes, glyphs)

    def _fill(self) -> None:
        if self._source is not None:
            codes, glyphs = self._source
            self._source = None
            for code, glyph in zip(codes, glyphs, strict=False):
                dict.setdefault(self, glyph, []).append(code)

    def __getitem__(self, key):
        self._fill()
        return dict.__getitem__(self, key)

    def __contains__(self, key) -> bool:
        self._fill()
        return dict.__contains__(self, key)

    def __iter__(self):
        self._fill()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def get(self, key, default=None):
        self._fill()
        return dict.get(self, key, default)

    def setdefault(self, key, default=None):
        self._fill()
        return dict.setdefault(self, key, default)

    def items(self):
        self._fill()
        return dict.items(self)

    def keys(self):
        self._fill()
        return dict.keys(self)

    def values(self):
        self._fill()
        return dict.values(self)


def _unpack_tables(state: dict[str, object]) -> None:
    packed = state.pop("__packed__", None)
    if not isinstance(packed, dict):
        return
    codes, glyphs = _arr(packed["codes"]), _arr(packed["glyphs"])
    state["charToGlyph"] = dict(zip(codes.tolist(), glyphs.tolist(), strict=False))
    state["glyphToChar"] = _GlyphToChar(_arr(packed["g2c_codes"]), _arr(packed["g2c_glyphs"]))
    state["charWidths"] = dict(zip(_arr(packed["wcodes"]).tolist(), _arr(packed["widths"]).tolist(), strict=False))
    state["hmetrics"] = _Metrics(_arr(packed["aw"]), _arr(packed["lsb"]))
    state["glyphPos"] = _arr(packed["pos"])


class _View:
    """A large table of the font file; slicing copies only the slice (one glyph, say)."""

    def __init__(self, view: memoryview):
        self._view = view

    def __getitem__(self, key):
        part = self._view[key]
        return bytes(part) if isinstance(part, memoryview) else part

    def __len__(self) -> int:
        return len(self._view)


class _FontData:
    """The font file's bytes as ReportLab reads them, without copying whole tables.

    ReportLab slices the complete ``glyf`` table (megabytes for a CJK font) once per
    256-glyph subset and then takes the few glyphs it needs; here such a large slice is
    a view, and the file is memory-mapped so only the pages used are read.
    """

    BIG = 1 << 18

    def __init__(self, buffer: bytes | mmap.mmap):
        self._buffer = buffer
        self._view = memoryview(buffer)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self._view))
            if stop - start >= self.BIG and key.step is None:
                return _View(self._view[start:stop])
            return self._buffer[key]
        return self._buffer[key]

    def __len__(self) -> int:
        return len(self._view)


def _map_file(path: Path) -> _FontData:
    """The font file's bytes, memory-mapped when possible."""
    with open(path, "rb") as fh:
        try:
            return _FontData(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):
            return _FontData(fh.read())


def _store(face: TTFontFace, target: Path) -> None:
    state = {k: _encode(v) for k, v in face.__dict__.items() if k not in _SKIP}
    _pack_tables(state)
    data = marshal.dumps(state)  # raises ValueError on anything marshal cannot hold
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, data, durable=False)


def _restore(path: Path, target: Path) -> TTFontFace:
    state = marshal.loads(target.read_bytes())
    if not isinstance(state, dict):
        raise ValueError("not a cache entry")
    _unpack_tables(state)
    if "charToGlyph" not in state or "unitsPerEm" not in state:
        raise ValueError("incomplete cache entry")
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update({k: _decode(v) for k, v in state.items()})
    face._ttf_data = _map_file(path)
    face._pdfScale = _scale(int(state["unitsPerEm"]))
    return face


def load_ttfont(name: str, path: Path, index: int = 0) -> TTFont:
    """A ReportLab ``TTFont`` for ``path`` (subfont ``index`` of a TTC), using the cache."""
    folder = cache_dir()
    target = None
    if folder is not None:
        try:
            target = folder / f"{_key(path, index)}.face"
            if target.is_file():
                font = TTFont.__new__(TTFont)
                # Build the font object the normal way around a restored face.
                face = _restore(path, target)
                _init_font(font, name, face)
                return font
        except Exception:
            pass
    font = TTFont(name, str(path), subfontIndex=index)
    if target is not None:
        try:
            _store(font.face, target)
        except Exception:
            pass
    return font


def _init_font(font: TTFont, name: str, face: TTFontFace) -> None:
    """Run ``TTFont.__init__`` with the face constructor short-circuited to ``face``."""
    import reportlab.pdfbase.ttfonts as ttfonts

    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *a, **k: face
    try:
        TTFont.__init__(font, name, str(face.filename))
    finally:
        ttfonts.TTFontFace = original
