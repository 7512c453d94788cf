"""An official table drawn from its format grid: merged cells, repeated header, whole rows.

Nothing here knows a particular table. Column widths are fixed by the format file
(``TableDef.column_widths``, in mm, as the official Word layout draws them) and never
depend on the data; row heights come from the wrapped labels, and a merged cell taller
than its rows grows them. Labels wrap without leaving one character alone on their last
line. A value is always one line: when it is too wide for its cell at the table's size,
its own font shrinks (down to :attr:`TableStyle.min_size`), and only then is it condensed
horizontally (as Word's 适应文字 does) — a number is never broken.

A table that does not fit on the page splits between rows, as low on the page as it can —
never inside a row, never right after a block title or header row — and every part
repeats the table's header rows; a merged cell cut by the split is drawn, with its text,
in both parts, its rows growing in a part where the text would not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from ..formats import GridItem, TableDef
from .flow import Block
from .fonts import Run
from .text import EPS, Line, Style, draw_line, layout, shape

MM = 72 / 25.4
MARKER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")  # "（三）" opening a row label


@dataclass(frozen=True)
class TableStyle:
    """Sizes of a table, in points."""

    size: float = 10.5  # 五号, tables of up to ``wide_columns - 1`` columns
    wide_size: float = 9.0  # 小五, tables with many columns (表三, 表四)
    wide_columns: int = 7
    min_size: float = 7.5  # 六号: the smallest a value is set before it is condensed
    line_spacing: float = 1.25  # leading as a multiple of the size
    pad_x: float = 2.0  # labels and headers
    data_pad_x: float = 1.0  # values
    pad_y: float = 2.5
    min_row: float = 18.0
    line_width: float = 0.5

    def size_for(self, table: TableDef) -> float:
        """The text size of a table."""
        return self.wide_size if table.n_cols >= self.wide_columns else self.size


@dataclass
class _Cell:
    item: GridItem
    style: Style
    lines: list[Line]
    hscale: float = 1.0


def _row_kinds(table: TableDef) -> list[str]:
    kinds = []
    for r in range(table.n_rows):
        roles = {table.item_at(r, c).role for c in range(table.n_cols)}
        kinds.append("header" if roles == {"header"} else "block" if "block" in roles else "body")
    return kinds


def column_widths(table: TableDef, width: float) -> list[float]:
    """The table's fixed column widths in points, scaled to fill ``width``."""
    mm = list(table.column_widths) or [1.0] * table.n_cols
    total = sum(mm)
    return [w * width / total for w in mm]


def fit_value(runs: list[Run], size: float, min_size: float, room: float) -> tuple[float, float]:
    """(font size, horizontal scale) that set ``runs`` on one line within ``room`` points."""
    natural = sum(font.width(ch, size) for text, font in runs for ch in text)
    if natural <= room + EPS or natural <= 0:
        return size, 1.0
    fitted = size * room / natural
    if fitted >= min_size:
        return fitted, 1.0
    return min_size, room / (natural * min_size / size)


def _label_lines(runs: list[Run], style: Style, width: float) -> list[Line]:
    """A label's lines: no one-character last line, and a wrapped "（三）不予公开" breaks after
    its "（三）" when that takes no more lines ("（三） / 不予公开", not "（三）不 / 予公开")."""
    lines = layout(shape(runs, style), style, width, min_last=2)
    text = "".join(t for t, _ in runs)
    marker = MARKER.match(text)
    if len(lines) > 1 and marker and marker.end() < len(text):
        cut, split, count = marker.end(), [], 0
        for t, font in runs:
            if count < cut <= count + len(t):
                split += [(t[: cut - count] + "\n" + t[cut - count :], font)]
            else:
                split.append((t, font))
            count += len(t)
        marked = layout(shape(split, style), style, width, min_last=2)
        if len(marked) <= len(lines):
            return marked
    return lines


class GridTable(Block):
    """A :class:`TableDef` with its texts, laid out for the frame width."""

    snap_after = True  # the text after a table goes back onto the line grid

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
        size = ts.size_for(t)
        leading = size * ts.line_spacing
        widths = column_widths(t, width)
        heights = [max(ts.min_row, leading + 2 * ts.pad_y)] * t.n_rows
        cells: list[_Cell] = []
        for idx, item in enumerate(t.items):
            runs = self.texts.get(idx, [])
            cell_width = sum(widths[item.col : item.col + item.colspan])
            if item.role == "data":
                fsize, hscale = fit_value(runs, size, ts.min_size, cell_width - 2 * ts.data_pad_x)
                style = Style(fsize, leading, None, 0.0, "left")
                lines = layout(shape(runs, style), style, 1e9)[:1] if runs else []
                cells.append(_Cell(item, style, lines, hscale))
                continue
            align = "left" if item.role == "label" and item.rowspan == 1 else "center"
            style = Style(size, leading, None, 0.0, align)
            cells.append(_Cell(item, style, _label_lines(runs, style, cell_width - 2 * ts.pad_x)))
        for cell in sorted(cells, key=lambda c: c.item.rowspan):
            it = cell.item
            need = len(cell.lines) * leading + 2 * ts.pad_y
            have = sum(heights[it.row : it.row + it.rowspan])
            if need > have + EPS:
                extra = (need - have) / it.rowspan
                for r in range(it.row, it.row + it.rowspan):
                    heights[r] += extra
        lay.clear()
        lay.update(width=width, cells=cells, widths=widths, heights=heights, kinds=_row_kinds(t), leading=leading)
        return lay

    # ------------------------------------------------------------ flow protocol

    def _part_rows(self, a: int, b: int) -> list[int]:
        return list(range(self.header)) + list(range(a, b))

    def _part_heights(self, a: int, b: int) -> dict[int, float]:
        """Row heights of the part with body rows ``a``–``b``: a merged cell cut by a split
        grows its rows in this part until its text fits."""
        lay = self._shared
        key = ("part", a, b)
        if key in lay:
            return lay[key]
        heights = {r: lay["heights"][r] for r in self._part_rows(a, b)}
        ts, leading = self.tstyle, lay["leading"]
        for cell in sorted(lay["cells"], key=lambda c: c.item.rowspan):
            it = cell.item
            visible = [r for r in range(max(it.row, a), min(it.row + it.rowspan, b))]
            if not visible or len(visible) == it.rowspan:
                continue
            need = len(cell.lines) * leading + 2 * ts.pad_y
            have = sum(heights[r] for r in visible)
            if need > have + EPS:
                for r in visible:
                    heights[r] += (need - have) / len(visible)
        lay[key] = heights
        return heights

    def _height(self, a: int, b: int) -> float:
        return sum(self._part_heights(a, b).values())

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
            if self._split_ok(b):
                return self._height(a, b)
        return self._height(a, end)

    def _split_ok(self, b: int) -> bool:
        """Whether the table may break between rows ``b - 1`` and ``b`` (not after a header or block title)."""
        return self._shared["kinds"][b - 1] == "body"

    def _lone_row(self, b: int) -> bool:
        """Whether breaking before row ``b`` carries only the last row of a merged group over to
        the next page (a widow such as 「3.其他」 alone under 「（六）其他处理」; groups spanning
        most of the table do not count)."""
        body = self.table.n_rows - self.header
        for cell in self._shared["cells"]:
            it = cell.item
            if not 2 < it.rowspan <= body // 2 or not it.row < b < it.row + it.rowspan:
                continue
            if it.row + it.rowspan - b == 1:
                return True
        return False

    def split(self, avail_width: float, avail_height: float) -> list[Block]:
        """The most rows that fit ``avail_height`` (the page is filled), and the rest.

        A break that carries only the last row of a merged group over is taken only when no
        other fits."""
        self._layout(avail_width)
        a, end = self.rows
        for lone_ok in (False, True):
            for b in range(end - 1, a, -1):
                if not self._split_ok(b) or (self._lone_row(b) and not lone_ok):
                    continue
                if self._height(a, b) <= avail_height + EPS:

                    def make(rows: tuple[int, int]) -> GridTable:
                        return GridTable(self.table, self.texts, self.tstyle, self.page_height, rows, self._shared)

                    return [make((a, b)), make((b, end))]
        return []

    def draw(self, canvas: Canvas, x0: float, y0: float) -> None:
        lay = self._shared
        widths, ts, leading = lay["widths"], self.tstyle, lay["leading"]
        heights = self._part_heights(*self.rows)
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
            st = cell.style
            text_h = len(cell.lines) * leading
            line_top = top - max((h - text_h) / 2, 0.0)
            offset = (leading - st.size) / 2 + st.ascent * st.size
            for i, line in enumerate(cell.lines):
                # labels are aligned by layout() inside the padding; values are centred here
                lx = x + (w - line.width * cell.hscale) / 2 if it.role == "data" else x + ts.pad_x
                draw_line(canv, line, lx, line_top - i * leading - offset, st.size, cell.hscale)
        canv.restoreState()
