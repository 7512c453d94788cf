"""A disk cache of parsed TrueType metrics, so a CJK font loads in milliseconds.

ReportLab parses a font's cmap, hmtx and loca tables in pure Python: about 0.07 s for
each 10,000-glyph Fandol font, most of an export's run time. The parsed face is stored in
the user's cache folder, keyed by the font file's path, size and modification time and by
the ReportLab version.

The cache is untrusted data (any program of the user can write there, a disk can corrupt
it): an entry holds plain numbers and strings only — a JSON header of scalar fields and
packed arrays of 64-bit numbers for the per-glyph tables — behind a SHA-256 of its content,
and every field is checked for type, size and consistency with the font file before use
(no pickle or marshal: marshal can build code objects). An entry that fails any check is
ignored and rewritten from a fresh parse. If a restored face fails anyway while a PDF is
being made (a subset cannot be built), the font file is parsed again on the spot, the face
repaired in place (a running window heals too) and the entry rewritten.
"""

from __future__ import annotations

import logging
import mmap
import os
import sys
from collections.abc import Callable
from hashlib import sha1
from pathlib import Path
from typing import Any

from reportlab import Version as _RL_VERSION
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from ..atomic import write_bytes_atomic
from .face_entry import MAX_ENTRY, BadEntry, check_fields, decode_entry, encode_entry, tables

log = logging.getLogger(__name__)

CACHE_VERSION = 6
ENV_CACHE_DIR = "NIANBAO_CACHE_DIR"  # a folder, or "off" to disable the cache


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


def _scale(units_per_em: int) -> Callable[[float], float]:
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


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
    data = encode_entry(face)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, data, durable=False)


def _restore(path: Path, target: Path) -> TTFontFace:
    """A face rebuilt from its entry; :class:`BadEntry` (or OSError) when it cannot be trusted."""
    with open(target, "rb") as fh:
        data = fh.read(MAX_ENTRY + 1)
    fields, arrays = decode_entry(data)
    font_data = _map_file(path)
    check_fields(fields, len(font_data))
    if Path(fields["filename"]).resolve() != path.resolve():
        raise BadEntry("another font file's entry")
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(fields)
    face.__dict__.update(tables(fields, arrays))
    face._ttf_data = font_data
    face._pdfScale = _scale(int(fields["unitsPerEm"]))
    return face


def _parse(path: Path, index: int) -> TTFontFace:
    return TTFontFace(str(path), subfontIndex=index)


def _heal_on_failure(face: TTFontFace, path: Path, index: int, target: Path) -> None:
    """If building a subset from the restored ``face`` fails, parse the font file, repair ``face``
    in place (everything holding it — a running window — gets the repair) and rewrite the entry."""

    def make_subset(subset: Any) -> Any:
        try:
            return TTFontFace.makeSubset(face, subset)
        except Exception:
            log.warning("cached metrics of %s failed while embedding it; parsing the font again", path, exc_info=True)
        fresh = _parse(path, index)
        for key, value in fresh.__dict__.items():
            current = face.__dict__.get(key)
            if key in ("charToGlyph", "charWidths") and isinstance(current, dict) and isinstance(value, dict):
                current.clear()  # LoadedFont keeps these very dicts for coverage and widths
                current.update(value)
            else:
                face.__dict__[key] = value
        face.__dict__.pop("makeSubset", None)
        try:
            _store(fresh, target)
        except Exception:
            log.warning("could not rewrite the font-metrics cache entry %s", target, exc_info=True)
        return TTFontFace.makeSubset(face, subset)

    face.makeSubset = make_subset


def load_ttfont(name: str, path: Path, index: int = 0) -> TTFont:
    """A ReportLab ``TTFont`` for ``path`` (subfont ``index`` of a TTC), using the cache."""
    folder = cache_dir()
    target = None
    if folder is not None:
        try:
            target = folder / f"{_key(path, index)}.face"
            if target.is_file():
                face = _restore(path, target)
                font = TTFont.__new__(TTFont)
                _init_font(font, name, face)  # the font object built the normal way around the face
                _heal_on_failure(face, path, index, target)
                return font
        except Exception as exc:
            log.info("font-metrics cache entry for %s not used (%s); parsing the font", path, exc)
    font = TTFont(name, str(path), subfontIndex=index)
    if target is not None:
        try:
            _store(font.face, target)
        except Exception:
            log.info("could not write the font-metrics cache entry %s", target, exc_info=True)
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
