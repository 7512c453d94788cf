"""Column widths and row heights of an official table, fitted to the width the window has.

Data columns get room for a 7-digit number (at least 6 when space is short); label columns get
room for their labels up to a cap and wrap the rest; when the view is narrower than that, label
columns give way first, then data columns, down to their minimums; when it is wider, labels that
wrap get the room (up to one line). Row heights follow the wrapped labels. Qt-free: the view
passes in how wide and how tall a text is in its fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nianbao.core.formats import GridItem, TableDef

TextWidth = Callable[[GridItem], int]  # one-line width of a label's text
TextHeight = Callable[[GridItem, int], int]  # height of a label's text wrapped at a width


@dataclass(frozen=True)
class Metrics:
    """Sizes in the view's font, in pixels."""

    char: int  # a CJK character
    digit: int  # a digit
    line: int  # a line of text
    pad: int = 14  # left + right padding of a cell
    row_pad: int = 6  # top + bottom padding of a cell (spreadsheet density: small screens show more rows)


def data_columns(table: TableDef) -> set[int]:
    """Columns that hold data cells."""
    return {c.col for c in table.cells} | {
        col for it in table.items if it.role == "data" for col in range(it.col, it.col + it.colspan)
    }


def _limits(table: TableDef, m: Metrics, text_width: TextWidth) -> tuple[list[int], list[int], list[int]]:
    """(preferred, minimum, unwrapped) width of every column."""
    data = data_columns(table)
    data_pref = max(m.digit * 7 + m.pad, m.char * 2 + m.pad)
    data_min = max(m.digit * 6 + m.pad // 2, m.char * 2 + m.pad // 2)
    pref = [data_pref if c in data else m.char * 3 + m.pad for c in range(table.n_cols)]
    low = [data_min if c in data else m.char * 2 + m.pad for c in range(table.n_cols)]
    wide = list(pref)
    labels = [it for it in table.items if it.role != "data"]
    for item in labels:
        if item.colspan != 1:
            continue
        if item.col in data:
            cap = m.char * 7 + m.pad
            wide[item.col] = max(wide[item.col], min(text_width(item) + m.pad, m.char * 10 + m.pad))
        elif item.rowspan >= 3:
            cap = m.char * 4 + m.pad  # a group label beside its rows: narrow, it wraps
            wide[item.col] = max(wide[item.col], min(text_width(item) + m.pad, m.char * 5 + m.pad))
        else:
            cap = m.char * 16 + m.pad
            low[item.col] = max(low[item.col], min(text_width(item) + m.pad, m.char * 6 + m.pad))
            wide[item.col] = max(wide[item.col], text_width(item) + m.pad)
        pref[item.col] = max(pref[item.col], min(text_width(item) + m.pad, cap))
    for item in labels:
        if item.colspan == 1:
            continue
        cols = range(item.col, item.col + item.colspan)
        need = min(text_width(item) + m.pad, m.char * 18 + m.pad)
        have = sum(pref[c] for c in cols)
        if have < need:
            free = [c for c in cols if c not in data] or list(cols)
            extra = -(-(need - have) // len(free))
            for c in free:
                pref[c] += extra
    wide = [max(w, p) for w, p in zip(wide, pref, strict=True)]
    for item in labels:  # a merged label that wraps: its last label column may take the rest
        own = [c for c in range(item.col, item.col + item.colspan) if c not in data]
        missing = text_width(item) + m.pad - sum(wide[c] for c in range(item.col, item.col + item.colspan))
        if item.colspan > 1 and item.role == "label" and own and missing > 0:
            wide[own[-1]] += missing
    return pref, low, wide


def _shrink(widths: list[int], low: list[int], cols: list[int], excess: int) -> int:
    """Take up to ``excess`` pixels from ``cols`` in proportion to their slack; returns what is left."""
    slack = sum(widths[c] - low[c] for c in cols)
    if excess <= 0 or slack <= 0:
        return excess
    take = min(excess, slack)
    taken = 0
    for c in cols:
        share = (widths[c] - low[c]) * take // slack
        widths[c] -= share
        taken += share
    for c in cols:  # rounding: a pixel at a time
        if taken >= take:
            break
        if widths[c] > low[c]:
            widths[c] -= 1
            taken += 1
    return excess - taken


def column_widths(table: TableDef, available: int, m: Metrics, text_width: TextWidth) -> list[int]:
    """Widths that fit ``available`` pixels when the minimums allow (labels give way first)."""
    pref, low, wide = _limits(table, m, text_width)
    widths = list(pref)
    data = data_columns(table)
    label_cols = [c for c in range(table.n_cols) if c not in data]
    excess = sum(widths) - available
    if excess < 0:  # room to spare: labels that wrap get it (row labels first), up to one line
        spare = -excess
        for c in label_cols + sorted(data):
            grow = min(spare, wide[c] - widths[c])
            if grow > 0:
                widths[c] += grow
                spare -= grow
        return widths
    excess = _shrink(widths, low, label_cols, excess)
    _shrink(widths, low, sorted(data), excess)
    return widths


def row_heights(table: TableDef, widths: list[int], m: Metrics, text_height: TextHeight) -> list[int]:
    """Heights that show every wrapped label whole (a merged label shares its rows' heights)."""
    heights = [m.line + m.row_pad] * table.n_rows
    labels = sorted((it for it in table.items if it.role != "data"), key=lambda it: it.rowspan)
    for item in labels:
        width = sum(widths[item.col : item.col + item.colspan]) - m.pad + 2  # +2: no wrap at an exact fit
        need = text_height(item, max(width, m.char)) + m.row_pad
        rows = range(item.row, item.row + item.rowspan)
        have = sum(heights[r] for r in rows)
        if have < need:
            heights[rows[-1]] += need - have
    return heights
