"""An official table drawn from its format grid: merged cells, repeated header, whole rows.

Nothing here knows a particular table. Column widths come from the texts (an automatic
layout in the manner of HTML tables: every column gets at least its longest unbreakable
piece, the rest of the width goes where the texts are longest), row heights from the
wrapped texts, and a merged cell taller than its rows grows them. A table that does not
fit on the page splits between rows — never inside one, never right after a block title
or header row — and every part repeats the table's header rows; a merged cell cut by the
split is drawn, with its text, in both parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from ..formats import GridItem, TableDef
from .flow import Block
from .fonts import Run
from .text import EPS, Glyphs, Line, Style, break_points, draw_line, layout, shape


@dataclass(frozen=True)
class TableStyle:
    """Sizes of a table, in points."""

    size: float = 10.5  # 五号
    leading: float = 13.5
    pad_x: float = 3.0
    pad_y: float = 3.0
    min_row: float = 20.0
    min_col_chars: float = 2.0  # every column is at least this many full-width characters wide
    line_width: float = 0.5


@dataclass
class _Cell:
    item: GridItem
    glyphs: Glyphs
    style: Style
    lines: list[Line]


def _row_kinds(table: TableDef) -> list[str]:
    kinds = []
    for r in range(table.n_rows):
        roles = {table.item_at(r, c).role for c in range(table.n_cols)}
        kinds.append("header" if roles == {"header"} else "block" if "block" in roles else "body")
    return kinds


class GridTable(Block):
    """A :class:`TableDef` with its texts, laid out for the frame width."""

    def __init__(
        self,
        table: TableDef,
        texts: dict[int, list[Run]],
        tstyle: TableStyle,
        page_height: float,
        rows: tuple[int, int] | None = None,
        shared: dict | None = None,
    ):
        self.table = table
        self.texts = texts  # item index -> runs
        self.tstyle = tstyle
        self.page_height = page_height
        self.header = table.header_rows()
        self.rows = rows or (self.header, table.n_rows)
        self._shared = shared if shared is not None else {}

    # ------------------------------------------------------------ layout

    def _layout(self, width: float) -> dict:
        lay = self._shared
        if lay.get("width") is not None and abs(lay["width"] - width) <= EPS:
            return lay
        t, ts = self.table, self.tstyle
        cells: list[_Cell] = []
        for idx, item in enumerate(t.items):
            align = "left" if item.role == "label" and item.rowspan == 1 else "center"
            style = Style(ts.size, ts.leading, None, 0.0, align, 0.88)
            cells.append(_Cell(item, shape(self.texts.get(idx, []), style), style, []))
        widths = self._column_widths(cells, width)
        heights = [ts.min_row] * t.n_rows
        for cell in sorted(cells, key=lambda c: c.item.rowspan):
            it = cell.item
            inner = sum(widths[it.col : it.col + it.colspan]) - 2 * ts.pad_x
            cell.lines = layout(cell.glyphs, cell.style, inner)
            need = len(cell.lines) * ts.leading + 2 * ts.pad_y
            have = sum(heights[it.row : it.row + it.rowspan])
            if need > have + EPS:
                extra = (need - have) / it.rowspan
                for r in range(it.row, it.row + it.rowspan):
                    heights[r] += extra
        lay.clear()
        lay.update(width=width, cells=cells, widths=widths, heights=heights, kinds=_row_kinds(t))
        return lay

    def _column_widths(self, cells: list[_Cell], width: float) -> list[float]:
        """Column widths filling ``width``, from what each cell needs (see the module doc)."""
        ts = self.tstyle
        n = self.table.n_cols
        floor = ts.min_col_chars * ts.size + 2 * ts.pad_x
        lo, full, wrapped = [floor] * n, [floor] * n, [floor] * n

        def need(cell: _Cell) -> tuple[float, float, float]:
            """(narrowest, one line, comfortably wrapped) widths of a cell."""
            g = cell.glyphs
            ok = break_points(g.chars, g.natural, ts.size)
            longest = piece = 0.0
            for i, w in enumerate(g.advance):
                if ok[i]:
                    piece = 0.0
                piece += w
                longest = max(longest, piece)
            it = cell.item
            total = sum(g.advance)
            if it.role == "label" and it.rowspan >= 3:  # a tall merged label: 3 characters a line
                longest = max(longest, min(total, 3 * ts.size))
            # When space is short, headers may take two lines and tall merged labels three.
            lines = 2 if it.role == "header" else min(it.rowspan, 3) if it.role == "label" else 1
            pad = 2 * ts.pad_x
            return longest + pad, total + pad, max(longest, total / lines) + pad

        for span_pass in (False, True):
            for cell in cells:
                it = cell.item
                if (it.colspan > 1) != span_pass:
                    continue
                cols = range(it.col, it.col + it.colspan)
                for arr, want in zip((lo, full, wrapped), need(cell), strict=False):
                    have = sum(arr[c] for c in cols)
                    if want > have:
                        for c in cols:
                            arr[c] += (want - have) / it.colspan
        if sum(full) <= width:  # everything on one line: share the rest in proportion
            total = sum(full)
            return [w * width / total for w in full]
        hi = [max(h, low) for h, low in zip(wrapped, lo, strict=False)]
        if sum(hi) <= width:
            total = sum(hi)
            return [h * width / total for h in hi]
        if sum(lo) <= width:
            room = width - sum(lo)
            spread = sum(h - low for h, low in zip(hi, lo, strict=False)) or 1.0
            return [low + room * (h - low) / spread for h, low in zip(hi, lo, strict=False)]
        total = sum(lo)
        return [low * width / total for low in lo]

    # ------------------------------------------------------------ platypus protocol

    def _part_rows(self, a: int, b: int) -> list[int]:
        return list(range(self.header)) + list(range(a, b))

    def _height(self, a: int, b: int) -> float:
        heights = self._shared["heights"]
        return sum(heights[r] for r in self._part_rows(a, b))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._layout(avail_width)
        self.width = avail_width
        self.height = self._height(*self.rows)
        return self.width, self.height

    def min_height(self, avail_width: float) -> float:
        """The header rows and the body rows up to the first place the table may break."""
        self._layout(avail_width)
        a, end = self.rows
        for b in range(a + 1, end):
            if self._split_ok(b, strict=True):
                return self._height(a, b)
        return self._height(a, end)

    def _split_ok(self, b: int, strict: bool) -> bool:
        """Whether the table may break between rows ``b - 1`` and ``b``."""
        lay = self._shared
        if lay["kinds"][b - 1] != "body":
            return False
        if not strict:
            return True
        heights, ts = lay["heights"], self.tstyle
        for cell in lay["cells"]:
            it = cell.item
            if it.row < b < it.row + it.rowspan:
                need = len(cell.lines) * ts.leading + 2 * ts.pad_y
                if sum(heights[it.row : b]) < need - EPS or sum(heights[b : it.row + it.rowspan]) < need - EPS:
                    return False
        return True

    def split(self, avail_width: float, avail_height: float) -> list[Block]:
        self._layout(avail_width)
        a, end = self.rows
        strict_only = avail_height < 0.9 * self.page_height
        for strict in (True,) if strict_only else (True, False):
            for b in range(end - 1, a, -1):
                if self._height(a, b) <= avail_height + EPS and self._split_ok(b, strict):

                    def make(rows: tuple[int, int]) -> GridTable:
                        return GridTable(self.table, self.texts, self.tstyle, self.page_height, rows, self._shared)

                    return [make((a, b)), make((b, end))]
        return []

    def draw(self, canvas: Canvas, x0: float, y0: float) -> None:
        lay = self._shared
        heights, widths, ts = lay["heights"], lay["widths"], self.tstyle
        rows = self._part_rows(*self.rows)
        shown = set(rows)
        tops: dict[int, float] = {}
        y = y0 + self.height
        for r in rows:
            tops[r] = y
            y -= heights[r]
        canv = canvas
        canv.saveState()
        canv.setLineWidth(ts.line_width)
        for cell in lay["cells"]:
            it = cell.item
            visible = [r for r in range(it.row, it.row + it.rowspan) if r in shown]
            if not visible:
                continue
            x = x0 + sum(widths[: it.col])
            w = sum(widths[it.col : it.col + it.colspan])
            top = tops[visible[0]]
            h = sum(heights[r] for r in visible)
            canv.rect(x, top - h, w, h, stroke=1, fill=0)
            text_h = len(cell.lines) * ts.leading
            line_top = top - max((h - text_h) / 2, 0.0)
            offset = (ts.leading - ts.size) / 2 + cell.style.ascent * ts.size
            for i, line in enumerate(cell.lines):
                draw_line(canv, line, x + ts.pad_x, line_top - i * ts.leading - offset, ts.size)
        canv.restoreState()
