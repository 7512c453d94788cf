"""Words, text lines and ruled tables from a page's characters and drawn lines.

The rules are the ones the PDF import was built and tested with (pdfplumber's defaults, which
are Tabula's and Anssi Nurminen's): characters on one line when their tops are within 3 pt of each
other (chained), a new word at a blank or a gap wider than 3 pt; ruling lines within 3 pt of each
other are one line and pieces of one line less than 3 pt apart are joined; a cell is the smallest
rectangle whose four corners are crossings of lines that run along its sides; cells sharing a corner
form one table; a character belongs to the cell its centre lies in.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import NamedTuple, TypeVar

from .pdf_engine import Char, Edge

TOLERANCE = 3.0  # word gaps, line tops, snapping and joining ruling lines, crossings
MIN_EDGE = 3.0  # ruling lines shorter than this after joining are no ruling lines
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

T = TypeVar("T")
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


class Word(NamedTuple):
    """A run of characters without a blank or a wide gap."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[Char, ...]


class Line(NamedTuple):
    """The words of one text line, joined by single blanks."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[Char, ...]


class Table(NamedTuple):
    """A ruled table: its cells (x0, top, x1, bottom) and its extent."""

    cells: list[BBox]
    bbox: BBox


# ------------------------------------------------------------------------------------ clustering


def _cluster_ids(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each value's cluster: sorted values chained while each is within ``tolerance`` of the last."""
    ids: dict[float, int] = {}
    last: float | None = None
    n = -1
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            n += 1
        ids[value] = n
        last = value
    return ids


def _clusters(
    items: Sequence[T], key: Callable[[T], float], tolerance: float, keep_order: bool = False
) -> list[list[T]]:
    """``items`` grouped by the cluster of ``key``: in cluster order, or as runs in item order."""
    ids = _cluster_ids((key(i) for i in items), tolerance)
    ordered = items if keep_order else sorted(items, key=lambda i: ids[key(i)])
    return [list(group) for _, group in groupby(ordered, key=lambda i: ids[key(i)])]


# ----------------------------------------------------------------------------------------- text


def words(chars: Sequence[Char]) -> list[Word]:
    """The words of ``chars``, line by line (top to bottom), left to right in each line.

    Upright characters form lines by their tops; turned ones (a side title) by their left edges
    and read top to bottom.
    """
    out: list[Word] = []
    for upright, run in groupby(chars, key=lambda c: c.upright):
        items = list(run)
        lines = _clusters(items, (lambda c: c.top) if upright else (lambda c: c.x0), TOLERANCE)
        for line in lines:
            line.sort(key=(lambda c: c.x0) if upright else (lambda c: (c.top, c.bottom)))
            current: list[Char] = []
            for char in line:
                if char.text.isspace():
                    _flush(current, out)
                elif current and _new_word(current[-1], char, upright):
                    _flush(current, out)
                    current.append(char)
                else:
                    current.append(char)
            _flush(current, out)
    return out


def _new_word(prev: Char, char: Char, upright: bool) -> bool:
    if upright:
        return char.x0 < prev.x0 or char.x0 > prev.x1 + TOLERANCE or abs(char.top - prev.top) > TOLERANCE
    return char.top < prev.top or char.top > prev.bottom + TOLERANCE or abs(char.x0 - prev.x0) > TOLERANCE


def _flush(current: list[Char], out: list[Word]) -> None:
    if current:
        text = "".join(_LIGATURES.get(c.text, c.text) for c in current)
        x0, top, x1, bottom = _bbox(current)
        out.append(Word(text, x0, top, x1, bottom, tuple(current)))
        current.clear()


def _bbox(items: Iterable[Char | Word]) -> BBox:
    items = list(items)
    return (
        min(i.x0 for i in items),
        min(i.top for i in items),
        max(i.x1 for i in items),
        max(i.bottom for i in items),
    )


def text_lines(chars: Sequence[Char]) -> list[Line]:
    """The page's text lines: its words, in reading order, grouped by their tops."""
    found = words(chars)
    out = []
    for group in _clusters(found, lambda w: w.top, TOLERANCE, keep_order=True):
        members = tuple(c for w in group for c in w.chars)
        x0, top, x1, bottom = _bbox(group)
        out.append(Line(" ".join(w.text for w in group), x0, top, x1, bottom, members))
    return out


def text_of(chars: Sequence[Char]) -> str:
    """The text of some characters (a table cell): lines top to bottom, words joined by blanks."""
    lines = _clusters(words(chars), lambda w: w.top, TOLERANCE)
    return "\n".join(" ".join(w.text for w in line) for line in lines)


def overlaps(a: BBox, b: BBox) -> bool:
    """Whether two boxes share any point (touching along a side counts)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width >= 0 and height >= 0 and width + height > 0


def outside(chars: Iterable[Char], boxes: Sequence[BBox]) -> list[Char]:
    """The characters that touch none of ``boxes``."""
    return [c for c in chars if not any(overlaps((c.x0, c.top, c.x1, c.bottom), box) for box in boxes)]


# --------------------------------------------------------------------------------------- tables


def find_tables(edges: Iterable[Edge]) -> list[Table]:
    """The ruled tables drawn by ``edges``, top to bottom (then left to right)."""
    lines = _merged([e for e in edges if _length(e) >= 1])
    lines = [e for e in lines if _length(e) >= MIN_EDGE]
    crossings = _crossings(lines)
    groups = _tables(_cells(crossings))
    return [Table(cells, _cell_bbox(cells)) for cells in groups]


def _length(edge: Edge) -> float:
    return edge.bottom - edge.top if edge.orientation == "v" else edge.x1 - edge.x0


def _merged(edges: list[Edge]) -> list[Edge]:
    """Lines within the tolerance of each other moved onto their mean, then overlapping pieces joined."""
    vertical = [e for e in edges if e.orientation == "v"]
    horizontal = [e for e in edges if e.orientation == "h"]
    snapped: list[Edge] = []
    for cluster in _clusters(vertical, lambda e: e.x0, TOLERANCE):
        mean = sum(e.x0 for e in cluster) / len(cluster)
        snapped += [e._replace(x0=mean, x1=e.x1 + (mean - e.x0)) for e in cluster]
    for cluster in _clusters(horizontal, lambda e: e.top, TOLERANCE):
        mean = sum(e.top for e in cluster) / len(cluster)
        snapped += [e._replace(top=mean, bottom=e.bottom + (mean - e.top)) for e in cluster]

    def line_of(e: Edge) -> tuple[str, float]:
        return (e.orientation, e.top if e.orientation == "h" else e.x0)

    out: list[Edge] = []
    for (orientation, _), group in groupby(sorted(snapped, key=line_of), key=line_of):
        start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
        joined: list[Edge] = []
        for e in sorted(group, key=lambda e: getattr(e, start)):
            if joined and getattr(e, start) <= getattr(joined[-1], end) + TOLERANCE:
                if getattr(e, end) > getattr(joined[-1], end):
                    joined[-1] = joined[-1]._replace(**{end: getattr(e, end)})
            else:
                joined.append(e)
        out += joined
    return out


Point = tuple[float, float]


def _crossings(edges: list[Edge]) -> dict[Point, tuple[set[BBox], set[BBox]]]:
    """Where a vertical and a horizontal line meet (within the tolerance): the point (the vertical's
    x, the horizontal's top) and the boxes of the vertical and horizontal lines through it."""
    vertical = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    horizontal = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    out: dict[Point, tuple[set[BBox], set[BBox]]] = {}
    for v in vertical:
        for h in horizontal:
            if (
                v.top <= h.top + TOLERANCE
                and v.bottom >= h.top - TOLERANCE
                and h.x0 - TOLERANCE <= v.x0 <= h.x1 + TOLERANCE
            ):
                vs, hs = out.setdefault((v.x0, h.top), (set(), set()))
                vs.add((v.x0, v.top, v.x1, v.bottom))
                hs.add((h.x0, h.top, h.x1, h.bottom))
    return out


def _cells(crossings: dict[Point, tuple[set[BBox], set[BBox]]]) -> list[BBox]:
    """For each crossing (in order), the smallest cell it is the top left corner of."""

    def joined(p: Point, q: Point) -> bool:
        if p[0] == q[0] and crossings[p][0] & crossings[q][0]:
            return True
        return p[1] == q[1] and bool(crossings[p][1] & crossings[q][1])

    points = sorted(crossings)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in points:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for p in points:
        below = [q for q in by_x[p[0]] if q > p]
        right = [q for q in by_y[p[1]] if q > p]
        cell = _smallest(p, below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(
    p: Point,
    below: list[Point],
    right: list[Point],
    crossings: dict[Point, tuple[set[BBox], set[BBox]]],
    joined: Callable[[Point, Point], bool],
) -> BBox | None:
    for b in below:
        if not joined(p, b):
            continue
        for r in right:
            if not joined(p, r):
                continue
            corner = (r[0], b[1])
            if corner in crossings and joined(corner, r) and joined(corner, b):
                return (p[0], p[1], corner[0], corner[1])
    return None


def _tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables: a cell sharing a corner with a table belongs to it."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[BBox] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            its = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in its):
                corners.update(its)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _cell_bbox(cells: Sequence[BBox]) -> BBox:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def table_rows(table: Table, chars: Sequence[Char]) -> list[list[str | None]]:
    """The table's text row by row: one entry per column edge of the table, None where a merged
    cell covers that column, "" for an empty cell."""
    xs = sorted({c[0] for c in table.cells})
    by_middle = sorted(range(len(chars)), key=lambda i: chars[i].top + chars[i].bottom)
    middles = [(chars[i].top + chars[i].bottom) / 2 for i in by_middle]
    out: list[list[str | None]] = []
    for _, row_cells in groupby(sorted(table.cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        by_x = {c[0]: c for c in row_cells}
        row = [by_x.get(x) for x in xs]
        extent = _cell_bbox([c for c in row if c is not None])
        band = sorted(by_middle[bisect_left(middles, extent[1]) : bisect_left(middles, extent[3])])
        row_chars = [chars[i] for i in band if _centre_in(chars[i], extent)]
        texts: list[str | None] = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            inside = [ch for ch in row_chars if _centre_in(ch, cell)]
            texts.append(text_of(inside) if inside else "")
        out.append(texts)
    return out


def _centre_in(char: Char, box: BBox) -> bool:
    x = (char.x0 + char.x1) / 2
    y = (char.top + char.bottom) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]
