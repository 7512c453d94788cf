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
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from ..errors import ImportFailed

log = logging.getLogger(__name__)

#: Held around every use of PDFium in this process (the library must not be entered twice at once).
PDFIUM_LOCK = threading.RLock()

_MADE_UP = (0x20, 0x0D, 0x0A, 0x02)  # what PDFium's generated characters can be
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
            log.info("PDFium cannot open %s (error %s)", name, code)
            raise ImportFailed(
                f"「{name}」已损坏或不完整，无法作为 PDF 读取（可能没有下载完整）。请重新下载，或向发布单位索取原文件"
            ) from exc
        try:
            yield document
        finally:
            document.close()


def read_page(document: Any, index: int) -> Page:
    """Characters, ruling lines and pictures of page ``index`` (0-based); call inside :func:`open_pdf`."""
    api = _api()
    handle = api.FPDF_LoadPage(ctypes.cast(document.raw, ctypes.c_void_p).value, index)
    if not handle:
        raise ImportFailed(f"第 {index + 1} 页无法读取")
    try:
        box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        if api.FPDFPage_GetMediaBox(handle, *box):
            x0, y0, x1, y1 = (v.value for v in box)
        else:
            x0, y0, x1, y1 = 0.0, 0.0, api.FPDF_GetPageWidthF(handle), api.FPDF_GetPageHeightF(handle)
        page = Page(index + 1, abs(x1 - x0), abs(y1 - y0))
        reader = _PageReader(api, page.height)  # pdfplumber's "top" is the page height minus y
        reader.walk(handle, api.FPDFPage_CountObjects, api.FPDFPage_GetObject, _IDENTITY, page)
        textpage = api.FPDFText_LoadPage(handle)
        try:
            page.chars = reader.chars(textpage) + reader.blanks
        finally:
            api.FPDFText_ClosePage(textpage)
    finally:
        api.FPDF_ClosePage(handle)
    return page


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_FUNCTIONS = (
    "FPDF_LoadPage FPDF_ClosePage FPDFPage_GetMediaBox FPDF_GetPageWidthF FPDF_GetPageHeightF "
    "FPDFPage_CountObjects FPDFPage_GetObject FPDFFormObj_CountObjects FPDFFormObj_GetObject "
    "FPDFPageObj_GetType FPDFPageObj_GetMatrix FPDFPageObj_GetBounds FPDFTextObj_GetFont FPDFTextObj_GetFontSize "
    "FPDFFont_GetDescent FPDFFont_GetGlyphWidth FPDFPath_GetDrawMode FPDFPath_CountSegments FPDFPath_GetPathSegment "
    "FPDFPathSegment_GetPoint FPDFPathSegment_GetType FPDFPathSegment_GetClose FPDFText_LoadPage FPDFText_ClosePage "
    "FPDFText_CountChars FPDFText_IsGenerated FPDFText_IsHyphen FPDFText_GetUnicode FPDFText_GetFontSize "
    "FPDFText_GetMatrix FPDFText_GetCharOrigin FPDFText_GetTextObject FPDFText_GetLooseCharBox"
).split()


class _Api:
    """The PDFium functions this module calls, with handles as plain integers (pypdfium2's own
    bindings wrap each handle in a ctypes pointer object, which costs more than the call itself
    when it is made for every character)."""

    def __init__(self) -> None:
        import pypdfium2  # noqa: F401  (initialises the library)
        import pypdfium2.raw as raw

        def plain(t: Any) -> Any:
            return ctypes.c_void_p if getattr(t, "__name__", "").startswith("LP_struct_fpdf") else t

        for name in _FUNCTIONS:
            bound = getattr(raw, name)
            prototype = ctypes.CFUNCTYPE(plain(bound.restype), *(plain(t) for t in bound.argtypes))
            address = ctypes.cast(bound, ctypes.c_void_p).value
            if not address:
                raise ImportFailed(f"PDFium 缺少函数 {name}（pypdfium2 版本不符）")
            setattr(self, name, prototype(address))
        self.raw = raw

    def __getattr__(self, name: str) -> Any:  # for the type checker: every function is set in __init__
        raise AttributeError(name)


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


class _PageReader:
    """Reads one page's objects and characters (page coordinates flipped at ``height``)."""

    def __init__(self, api: _Api, height: float) -> None:
        self.api = api
        self.flip = height
        self.blanks: list[Char] = []
        self.descents: dict[int | None, float] = {}
        self.widths: dict[tuple[int | None, int], float | None] = {}
        self.matrix = api.raw.FS_MATRIX()
        self.bounds = [ctypes.c_float() for _ in range(4)]

    def object_matrix(self, obj: int) -> Matrix:
        m = self.matrix
        if not self.api.FPDFPageObj_GetMatrix(obj, m):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def walk(self, holder: int, count: Any, get: Any, outer: Matrix, page: Page) -> None:
        """Paths, pictures and blank-only text objects of a page or form (forms recursively)."""
        api, raw = self.api, self.api.raw
        for i in range(count(holder)):
            obj = get(holder, i)
            kind = api.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self.blank(obj, outer)
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                page.edges += self.path_edges(obj, _times(self.object_matrix(obj), outer))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                page.images += 1
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                inner = _times(self.object_matrix(obj), outer)
                self.walk(obj, api.FPDFFormObj_CountObjects, api.FPDFFormObj_GetObject, inner, page)

    def blank(self, obj: int, outer: Matrix) -> None:
        """A text object PDFium's text page leaves out (no width: blanks only), as one blank character."""
        api, bounds = self.api, self.bounds
        if not api.FPDFPageObj_GetBounds(obj, *bounds) or abs(bounds[2].value - bounds[0].value) >= _EMPTY_WIDTH:
            return
        size = ctypes.c_float()
        if not api.FPDFTextObj_GetFontSize(obj, size):
            return
        a, b, c, d, e, f = _times(self.object_matrix(obj), outer)
        descent = self.descent(api.FPDFTextObj_GetFont(obj))
        self.blanks.append(_box(" ", e, f, a, b, c, d, size.value, descent, 0.25 * size.value, self.flip))

    def descent(self, font: int | None) -> float:
        """The font's descent in ems (negative below the baseline), cached per font."""
        if font not in self.descents:
            value = ctypes.c_float()
            ok = font and self.api.FPDFFont_GetDescent(font, 1.0, value)
            self.descents[font] = value.value if ok else 0.0
        return self.descents[font]

    def width(self, font: int | None, code: int) -> float | None:
        """The character's advance in ems from the font's widths (as pdfminer reads them), if known;
        negative for a vertically written font."""
        key = (font, code)
        if key not in self.widths:
            value = ctypes.c_float()
            ok = font and self.api.FPDFFont_GetGlyphWidth(font, code, 1.0, value) and value.value != 0
            self.widths[key] = float(value.value) if ok else None
        return self.widths[key]

    def chars(self, textpage: int) -> list[Char]:
        """The text page's characters in PDFium's order, without the blanks and line breaks it made up."""
        api, flip = self.api, self.flip
        generated, unicode_of, object_of = api.FPDFText_IsGenerated, api.FPDFText_GetUnicode, api.FPDFText_GetTextObject
        origin_of = api.FPDFText_GetCharOrigin
        out: list[Char] = []
        m = api.raw.FS_MATRIX()
        loose = api.raw.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        high = 0
        last: int | None = None
        font: int | None = None
        size = descent = 0.0
        a = b = c = d = 0.0
        for i in range(api.FPDFText_CountChars(textpage)):
            code = unicode_of(textpage, i)
            if code in _MADE_UP and generated(textpage, i):  # a blank or line break PDFium made up
                continue
            if 0xD800 <= code < 0xDC00:  # UTF-16 (Windows): the high half of a pair
                high = code
                continue
            if 0xDC00 <= code < 0xE000 and high:
                code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
            if code == _HYPHEN and api.FPDFText_IsHyphen(textpage, i) == 1:
                code = 0x2D
            if code in (0, 0xFFFE, 0xFFFF) or not origin_of(textpage, i, ox, oy):
                continue
            obj = object_of(textpage, i)
            if obj != last or obj is None:  # one matrix, font and size per text object
                if not api.FPDFText_GetMatrix(textpage, i, m):
                    continue
                last = obj
                a, b, c, d = m.a, m.b, m.c, m.d
                font = api.FPDFTextObj_GetFont(obj) if obj else None
                size = api.FPDFText_GetFontSize(textpage, i)
                descent = self.descent(font)
            width = self.width(font, code)
            if width is None:
                api.FPDFText_GetLooseCharBox(textpage, i, loose)
                advance = _advance(a, b, ox.value, oy.value, loose)
            elif width < 0:  # vertical writing: PDFium's origin is the box's lower left
                out.append(_vertical(chr(code), ox.value, oy.value, a, d, size, flip))
                continue
            else:
                advance = width * size
            out.append(_box(chr(code), ox.value, oy.value, a, b, c, d, size, descent, advance, flip))
        return out

    def path_edges(self, obj: int, matrix: Matrix) -> list[Edge]:
        """The horizontal and vertical pieces of a filled or stroked path (page coordinates).

        Each subpath is a line through its points (a curve's end points only, as pdfminer does): a
        single segment is one edge (horizontal if flat, else counted vertical, as pdfplumber does);
        a longer subpath gives each of its axis-parallel segments.
        """
        api, raw = self.api, self.api.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not api.FPDFPath_GetDrawMode(obj, fill, stroke) or (fill.value == 0 and not stroke.value):
            return []
        a, b, c, d, e, f = matrix
        subpaths: list[list[tuple[float, float]]] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        bezier = 0
        for i in range(api.FPDFPath_CountSegments(obj)):
            segment = api.FPDFPath_GetPathSegment(obj, i)
            kind = api.FPDFPathSegment_GetType(segment)
            if not api.FPDFPathSegment_GetPoint(segment, x, y):
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
            if api.FPDFPathSegment_GetClose(segment):
                subpaths[-1].append(subpaths[-1][0])
        return [edge for points in subpaths for edge in _edges(points, self.flip)]


def _edges(points: list[tuple[float, float]], flip: float) -> list[Edge]:
    """The edges of one subpath (see :meth:`_PageReader.path_edges`)."""

    def edge(orientation: str, p: tuple[float, float], q: tuple[float, float]) -> Edge:
        return Edge(orientation, min(p[0], q[0]), flip - max(p[1], q[1]), max(p[0], q[0]), flip - min(p[1], q[1]))

    if len(points) == 2 or (len(points) == 3 and points[2] == points[0]):
        return [edge("h" if points[0][1] == points[1][1] else "v", points[0], points[1])]
    return [edge("v" if p[0] == q[0] else "h", p, q) for p, q in pairwise(points) if p[0] == q[0] or p[1] == q[1]]


def _advance(a: float, b: float, ox: float, oy: float, loose: Any) -> float:
    """The character's advance in text space, from its loose box (which ends at the advance, or
    further where the glyph's ink reaches beyond it) measured from its origin along the baseline."""
    if abs(a) >= abs(b):
        extent = loose.right - ox if a > 0 else ox - loose.left
        return max(0.0, extent / abs(a)) if a else 0.0
    extent = loose.top - oy if b > 0 else oy - loose.bottom
    return max(0.0, extent / abs(b))


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
