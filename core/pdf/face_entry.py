"""The font-metrics cache entry: plain numbers and strings, checked field by field before use.

An entry is ``MAGIC``, the SHA-256 of the payload, and the payload: a JSON header (the face's
scalar fields — numbers, strings, byte strings and ReportLab's font names tagged, the table
directory — and the list of arrays) followed by the per-glyph tables as packed arrays of
64-bit integers or doubles. Nothing in it can hold code (no pickle, no marshal); decoding
refuses unknown tags, deep nesting, non-finite numbers and trailing bytes, and
:func:`tables` / :func:`check_fields` check every table against the face's own numbers
(glyph numbers below ``numGlyphs``, ``glyphPos`` increasing and inside the ``glyf`` table,
table offsets inside the font file).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from array import array
from typing import Any

from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

MAGIC = b"NBFACE6\n"
MAX_ENTRY = 64 * 1024 * 1024
MAX_HEADER = 1024 * 1024
_SKIP = ("_ttf_data", "_pdfScale", "makeSubset")
_TABLES = ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar")
_ARRAYS = ("codes", "glyphs", "wcodes", "widths", "aw", "lsb", "pos", "g2c_codes", "g2c_glyphs")
_CODES = {"q", "d"}  # 64-bit ints, doubles
_MAX_DEPTH = 4


class BadEntry(ValueError):
    """A cache entry that fails a check; it is ignored and rewritten."""


# ------------------------------------------------------------ plain data, both ways


def _plain(value: Any, depth: int = 0) -> Any:
    """A face field as JSON: scalars as they are, bytes/names/tuples/dicts tagged."""
    if depth > _MAX_DEPTH:
        raise BadEntry("too deep")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadEntry("not a finite number")
        return value
    if isinstance(value, TTFNameBytes):
        return {"$n": bytes(value).hex()}
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    if isinstance(value, tuple):
        return {"$t": [_plain(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in value):
        return {"$d": [[k, _plain(v, depth + 1)] for k, v in value.items()]}
    raise BadEntry(f"not plain data: {type(value).__name__}")


def _unplain(value: Any, depth: int = 0) -> Any:
    """The inverse of :func:`_plain`, refusing anything else."""
    if depth > _MAX_DEPTH:
        raise BadEntry("too deep")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadEntry("not a finite number")
        return value
    if isinstance(value, list):
        return [_unplain(v, depth + 1) for v in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise BadEntry("unexpected value")
    ((tag, inner),) = value.items()
    if tag in ("$n", "$b") and isinstance(inner, str):
        raw = bytes.fromhex(inner)
        return TTFNameBytes(raw) if tag == "$n" else raw
    if tag == "$t" and isinstance(inner, list):
        return tuple(_unplain(v, depth + 1) for v in inner)
    if tag == "$d" and isinstance(inner, list):
        out: dict[Any, Any] = {}
        for pair in inner:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], (str, int))):
                raise BadEntry("bad dict item")
            out[pair[0]] = _unplain(pair[1], depth + 1)
        return out
    raise BadEntry(f"unknown tag {tag!r}")


def _numbers(values: list[Any]) -> tuple[str, bytes]:
    """Pack numbers as 64-bit ints when they all are ints, else as doubles."""
    code = "q" if all(type(v) is int for v in values) else "d"
    return code, array(code, values).tobytes()


def encode_entry(face: TTFontFace) -> bytes:
    """A cache entry for ``face``: magic, SHA-256 of the payload, payload (header + arrays)."""
    state = face.__dict__
    c2g, widths, hm, pos, g2c = (state[k] for k in _TABLES)
    pairs = [(g, c) for g, codes in g2c.items() for c in codes]
    arrays = {
        "codes": _numbers(list(c2g)),
        "glyphs": _numbers(list(c2g.values())),
        "wcodes": _numbers(list(widths)),
        "widths": _numbers(list(widths.values())),
        "aw": _numbers([a for a, _ in hm]),
        "lsb": _numbers([b for _, b in hm]),
        "pos": _numbers(list(pos)),
        "g2c_codes": _numbers([c for _, c in pairs]),
        "g2c_glyphs": _numbers([g for g, _ in pairs]),
    }
    fields = {k: _plain(v) for k, v in state.items() if k not in _SKIP and k not in _TABLES}
    header = json.dumps(
        {"fields": fields, "arrays": [[name, code, len(raw) // 8] for name, (code, raw) in arrays.items()]},
        allow_nan=False,
    ).encode("utf-8")
    payload = len(header).to_bytes(4, "little") + header + b"".join(raw for _, raw in arrays.values())
    return MAGIC + hashlib.sha256(payload).digest() + payload


def decode_entry(data: bytes) -> tuple[dict[str, Any], dict[str, array]]:
    """The fields and arrays of an entry; :class:`BadEntry` for anything unexpected."""
    if len(data) > MAX_ENTRY or not data.startswith(MAGIC):
        raise BadEntry("not a cache entry")
    digest, payload = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise BadEntry("damaged (checksum)")
    size = int.from_bytes(payload[:4], "little")
    if not 0 < size <= min(MAX_HEADER, len(payload) - 4):
        raise BadEntry("bad header size")
    try:
        header = json.loads(payload[4 : 4 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadEntry("bad header") from exc
    if not isinstance(header, dict) or not isinstance(header.get("fields"), dict):
        raise BadEntry("bad header")
    fields = {str(k): _unplain(v) for k, v in header["fields"].items()}
    specs = header.get("arrays")
    if not isinstance(specs, list) or [s[0] for s in specs if isinstance(s, list)] != list(_ARRAYS):
        raise BadEntry("bad array list")
    arrays: dict[str, array] = {}
    offset = 4 + size
    for name, code, count in specs:
        if code not in _CODES or not isinstance(count, int) or count < 0 or offset + 8 * count > len(payload):
            raise BadEntry(f"bad array {name!r}")
        values = array(code)
        values.frombytes(payload[offset : offset + 8 * count])
        arrays[name] = values
        offset += 8 * count
    if offset != len(payload):
        raise BadEntry("trailing bytes")
    return fields, arrays


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


def tables(fields: dict[str, Any], arrays: dict[str, array]) -> dict[str, Any]:
    """The per-glyph tables from their arrays, after checking them against the face's fields."""
    glyphs = fields.get("numGlyphs")
    if not (isinstance(glyphs, int) and not isinstance(glyphs, bool) and 0 < glyphs <= 65536):
        raise BadEntry("numGlyphs")
    codes, targets, wcodes, widths = arrays["codes"], arrays["glyphs"], arrays["wcodes"], arrays["widths"]
    if len(codes) != len(targets) or len(wcodes) != len(widths) or len(arrays["aw"]) != len(arrays["lsb"]):
        raise BadEntry("table lengths")
    if len(arrays["g2c_codes"]) != len(arrays["g2c_glyphs"]):
        raise BadEntry("glyphToChar lengths")
    for name in ("codes", "wcodes", "g2c_codes"):
        values = arrays[name]
        if values.typecode != "q" or (values and not (0 <= min(values) and max(values) <= 0x10FFFF)):
            raise BadEntry(f"{name}: not character codes")
    for name in ("glyphs", "g2c_glyphs"):
        values = arrays[name]
        if values.typecode != "q" or (values and not (0 <= min(values) and max(values) < glyphs)):
            raise BadEntry(f"{name}: not glyph numbers")
    for name in ("widths", "aw", "lsb"):
        values = arrays[name]
        if values and not all(math.isfinite(v) and abs(v) <= 1e6 for v in (min(values), max(values))):
            raise BadEntry(f"{name}: not widths")
    pos = arrays["pos"]
    if pos.typecode != "q" or len(pos) != glyphs + 1 or not 0 < len(arrays["aw"]) <= glyphs:
        raise BadEntry("glyphPos/hmetrics length")
    if pos[0] < 0 or any(a > b for a, b in itertools.pairwise(pos)):
        raise BadEntry("glyphPos not increasing")
    glyf = fields.get("table", {}).get("glyf") if isinstance(fields.get("table"), dict) else None
    if not (isinstance(glyf, dict) and isinstance(glyf.get("length"), int) and pos[-1] <= glyf["length"]):
        raise BadEntry("glyphPos beyond the glyf table")
    return {
        "charToGlyph": dict(zip(codes.tolist(), targets.tolist(), strict=True)),
        "glyphToChar": _GlyphToChar(arrays["g2c_codes"], arrays["g2c_glyphs"]),
        "charWidths": dict(zip(wcodes.tolist(), widths.tolist(), strict=True)),
        "hmetrics": _Metrics(arrays["aw"], arrays["lsb"]),
        "glyphPos": pos,
    }


#: Fields a restored face must have, with their types (ReportLab reads them while embedding).
_REQUIRED: dict[str, tuple[type, ...]] = {
    "unitsPerEm": (int,),
    "ascent": (int, float),
    "descent": (int, float),
    "capHeight": (int, float),
    "italicAngle": (int, float),
    "stemV": (int, float),
    "defaultWidth": (int, float),
    "flags": (int,),
    "name": (TTFNameBytes,),
    "subfontNameX": (bytes,),
    "filename": (str,),
    "bbox": (list,),
    "table": (dict,),
}


def check_fields(fields: dict[str, Any], font_size: int) -> None:
    for name, types in _REQUIRED.items():
        value = fields.get(name)
        if not isinstance(value, types) or isinstance(value, bool):
            raise BadEntry(f"{name}: wrong type")
    if not 16 <= fields["unitsPerEm"] <= 16384:
        raise BadEntry("unitsPerEm")
    if len(fields["bbox"]) != 4 or not all(isinstance(v, (int, float)) for v in fields["bbox"]):
        raise BadEntry("bbox")
    for tag, entry in fields["table"].items():
        if not (
            isinstance(entry, dict) and isinstance(entry.get("offset"), int) and isinstance(entry.get("length"), int)
        ):
            raise BadEntry(f"table {tag!r}")
        if entry["offset"] < 0 or entry["length"] < 0 or entry["offset"] + entry["length"] > font_size:
            raise BadEntry(f"table {tag!r} beyond the font file")
