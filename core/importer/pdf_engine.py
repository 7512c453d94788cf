"""What a text PDF's pages hold, read with pypdfium2 (PDFium, C): characters with their boxes,
ruling lines and pictures.

Coordinates are PDF points with the origin at the page's top left (``top`` grows downwards), in
the page's own orientation (a page turned with /Rotate is read as it was drawn). A character's box
runs from the baseline's descent to one font size above it and is as wide as the character's
advance — the box pdfminer gives, so distances between characters mean what they meant when the
PDFs were read with pdfplumber. PDFium leaves out text objects that are nothing but blanks (their
box has no width); they come back as blank characters, because a blank between two figures
separates them.

PDFium is not thread-safe: every call goes through :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from ..errors import ImportFailed

#: Held around every use of PDFium in this process (the library must not be entered twice at once).
PDFIUM_LOCK = threading.RLock()

_GENERATED_OR_ERROR = (1, -1)
_HYPHEN = 0x2  # PDFium's code for a hyphen that ended a line ("-" in the file)
_EMPTY_WIDTH = 0.01  # PDFium skips text objects narrower than this


class Char(NamedTuple):
    """One character and its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the font size on the page (points)
    upright: bool


class Edge(NamedTuple):
    """A straight piece of a drawn path: "h" (horizontal) or "v" (vertical) and its extent."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Page:
    """The content of one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    images: int = 0


@contextmanager
def open_pdf(data: bytes, name: str) -> Iterator[Any]:
    """The PDF as a ``pypdfium2.PdfDocument`` (holding :data:`PDFIUM_LOCK`); refuses damaged and
    password-protected files with a Chinese message naming the file."""
    import pypdfium2
    import pypdfium2.raw as raw

    with PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            code = raw.FPDF_GetLastError()
            if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
                raise ImportFailed(
                    f"「{name}」设置了打开密码（已加密），本程序无法读取。请向发布单位索取未加密的 PDF，"
                    "或在 PDF 阅读器中输入密码后另存为不加密的 PDF 再导入"
                ) from exc
            raise ImportFailed(f"「{name}」已损坏，无法作为 PDF 读取（PDFium 错误 {code}）") from exc
        try:
            yield document
        finally:
            document.close()


def read_page(document: Any, index: int) -> Page:
    """Characters, ruling lines and pictures of page ``index`` (0-based); call inside :func:`open_pdf`."""
    import pypdfium2.raw as raw

    handle = raw.FPDF_LoadPage(document.raw, index)
    if not handle:
        raise ImportFailed(f"第 {index + 1} 页无法读取")
    try:
        box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        if not raw.FPDFPage_GetMediaBox(handle, *box):
            box[2].value, box[3].value = raw.FPDF_GetPageWidthF(handle), raw.FPDF_GetPageHeightF(handle)
        x0, y0, x1, y1 = (v.value for v in box)
        page = Page(index + 1, abs(x1 - x0), abs(y1 - y0))
        flip = max(y0, y1) - min(y0, y1)  # pdfplumber's "top" = height - y
        fonts: dict[int | None, float] = {}
        blanks: list[Char] = []
        _walk(raw, handle, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, _IDENTITY, flip, page, blanks, fonts)
        textpage = raw.FPDFText_LoadPage(handle)
        try:
            page.chars = _chars(raw, textpage, flip, fonts) + blanks
        finally:
            raw.FPDFText_ClosePage(textpage)
    finally:
        raw.FPDF_ClosePage(handle)
    return page


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(raw: Any, obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(
    raw: Any,
    holder: Any,
    count: Any,
    get: Any,
    outer: Matrix,
    flip: float,
    page: Page,
    blanks: list[Char],
    fonts: dict[int | None, float],
) -> None:
    """Paths, pictures and blank-only text objects of a page or form (forms recursively)."""
    for i in range(count(holder)):
        obj = get(holder, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            page.edges += _path_edges(raw, obj, _times(_matrix(raw, obj), outer), flip)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            page.images += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            _walk(
                raw,
                obj,
                raw.FPDFFormObj_CountObjects,
                raw.FPDFFormObj_GetObject,
                _times(_matrix(raw, obj), outer),
                flip,
                page,
                blanks,
                fonts,
            )
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            blank = _blank_object(raw, obj, outer, flip, fonts)
            if blank is not None:
                blanks.append(blank)


def _blank_object(raw: Any, obj: Any, outer: Matrix, flip: float, fonts: dict[int | None, float]) -> Char | None:
    """A text object PDFium's text page leaves out (no width: blanks only), as one blank character."""
    bounds = [ctypes.c_float() for _ in range(4)]
    if not raw.FPDFPageObj_GetBounds(obj, *bounds) or abs(bounds[2].value - bounds[0].value) >= _EMPTY_WIDTH:
        return None
    size = ctypes.c_float()
    if not raw.FPDFTextObj_GetFontSize(obj, size):
        return None
    a, b, c, d, e, f = _times(_matrix(raw, obj), outer)
    descent = _descent(raw, raw.FPDFTextObj_GetFont(obj), fonts)
    return _box(" ", e, f, a, b, c, d, size.value, descent, 0.25 * size.value, flip)


def _descent(raw: Any, font: Any, fonts: dict[int | None, float]) -> float:
    """The font's descent in ems (negative below the baseline), cached per font."""
    key = ctypes.cast(font, ctypes.c_void_p).value
    if key not in fonts:
        value = ctypes.c_float()
        fonts[key] = value.value if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), value) else 0.0
    return fonts[key]


def _box(
    text: str,
    ox: float,
    oy: float,
    a: float,
    b: float,
    c: float,
    d: float,
    size: float,
    descent: float,
    advance: float,
    flip: float,
) -> Char:
    """pdfminer's box of a character at origin (ox, oy): the matrix applied to (0, descent) and
    (advance, descent + 1 em), ``advance`` in unscaled text space units."""
    low, high = descent * size, (descent + 1.0) * size
    xa, ya = ox + c * low, oy + d * low
    xb, yb = ox + a * advance + c * high, oy + b * advance + d * high
    x0, x1 = min(xa, xb), max(xa, xb)
    y0, y1 = min(ya, yb), max(ya, yb)
    return Char(text, x0, flip - y1, x1, flip - y0, y1 - y0, a * d > 0 and b * c <= 0)


def _vertical(text: str, ox: float, oy: float, a: float, d: float, size: float, flip: float) -> Char:
    """A character of a vertically written font: one em wide and high above PDFium's origin
    (pdfminer's box for such a font; its size is the width)."""
    width, height = abs(a) * size, abs(d) * size
    return Char(text, ox, flip - oy - height, ox + width, flip - oy, width, a * d > 0)


def _chars(raw: Any, textpage: Any, flip: float, fonts: dict[int | None, float]) -> list[Char]:
    """The text page's characters in PDFium's order, without the blanks and line breaks it made up."""
    out: list[Char] = []
    loose = raw.FS_RECTF()
    m = raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    high = 0
    widths: dict[tuple[int | None, int], float | None] = {}
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i) in _GENERATED_OR_ERROR:
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        if 0xD800 <= code < 0xDC00:  # UTF-16 (Windows): the high half of a pair
            high = code
            continue
        if 0xDC00 <= code < 0xE000 and high:
            code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
        if code == _HYPHEN and raw.FPDFText_IsHyphen(textpage, i) == 1:
            code = 0x2D
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        size = raw.FPDFText_GetFontSize(textpage, i)
        if not raw.FPDFText_GetMatrix(textpage, i, m) or not raw.FPDFText_GetCharOrigin(textpage, i, ox, oy):
            continue
        font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, i))
        key = (ctypes.cast(font, ctypes.c_void_p).value, code)
        width = widths.get(key)
        if width is None:
            width = widths[key] = _width(raw, font, code)
        if width is not None and width < 0:  # vertical writing: PDFium's origin is the box's lower left
            out.append(_vertical(chr(code), ox.value, oy.value, m.a, m.d, size, flip))
            continue
        if width is None:
            raw.FPDFText_GetLooseCharBox(textpage, i, loose)
            advance = _advance(m.a, m.b, ox.value, oy.value, loose)
        else:
            advance = width * size
        descent = _descent(raw, font, fonts)
        out.append(_box(chr(code), ox.value, oy.value, m.a, m.b, m.c, m.d, size, descent, advance, flip))
    return out


def _width(raw: Any, font: Any, code: int) -> float | None:
    """The character's advance in ems from the font's widths (as pdfminer reads them), if known;
    negative for a vertically written font."""
    value = ctypes.c_float()
    if not font or not raw.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1.0), value) or value.value == 0:
        return None
    return float(value.value)


def _advance(a: float, b: float, ox: float, oy: float, loose: Any) -> float:
    """The character's advance in text space, from its loose box (which ends at the advance, or
    further where the glyph's ink reaches beyond it) measured from its origin along the baseline."""
    if abs(a) >= abs(b):
        extent = loose.right - ox if a > 0 else ox - loose.left
        return max(0.0, extent / abs(a))
    extent = loose.top - oy if b > 0 else oy - loose.bottom
    return max(0.0, extent / abs(b))


def _path_edges(raw: Any, obj: Any, matrix: Matrix, flip: float) -> list[Edge]:
    """The horizontal and vertical pieces of a filled or stroked path (page coordinates).

    Each subpath is a line through its points (a curve's end points only, as pdfminer does): a
    single segment is one edge (horizontal if flat, else counted vertical, as pdfplumber does);
    a longer subpath gives each of its axis-parallel segments.
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or (fill.value == 0 and not stroke.value):
        return []
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            bezier = 0
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # two control points, then the end point
                subpaths[-1].append(point)
        else:
            subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(subpaths[-1][0])
    edges: list[Edge] = []
    for points in subpaths:
        if len(points) == 2 or (len(points) == 3 and points[2] == points[0]):
            (xa, ya), (xb, yb) = points[0], points[1]
            kind_of = "h" if ya == yb else "v"
            edges.append(Edge(kind_of, min(xa, xb), flip - max(ya, yb), max(xa, xb), flip - min(ya, yb)))
            continue
        for (xa, ya), (xb, yb) in pairwise(points):
            if xa == xb or ya == yb:
                edges.append(
                    Edge("v" if xa == xb else "h", min(xa, xb), flip - max(ya, yb), max(xa, xb), flip - min(ya, yb))
                )
    return edges
