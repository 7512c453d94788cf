"""Tables of a text PDF drawn without ruling lines, read by the columns their figures stand in.

On a page without ruled tables, the words are grouped into lines; a run
of lines with figures (and the label lines around them) is a table block. The block's
columns are where its figures line up (right edges, centres or left edges, whichever
gives the fewest columns); each row then has one cell per column, empty where no figure
stands. A label line without figures belongs to the nearest row with figures, so a label
wrapped above or below its row's figures reads whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .pdf_layout import Word

_PAGE_NUMBER = re.compile(r"^[-—–]*\d{1,3}[-—–]*$|^第\d+页")
_FIGURE = re.compile(r"^(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-—/／_]{1,2})$")


@dataclass
class _Line:
    top: float
    bottom: float
    labels: list[Word] = field(default_factory=list)  # words that are not figures
    figures: list[Word] = field(default_factory=list)


@dataclass
class Block:
    """A table block: its vertical extent and its rows (label text, then one text per column)."""

    top: float
    bottom: float
    rows: list[list[str | None]]  # None: no label (a row of figures only)


def _lines(words: list[Word]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        height = word.bottom - word.top
        line = lines[-1] if lines and abs(lines[-1].top - word.top) < 0.5 * height else None
        if line is None:
            line = _Line(word.top, word.bottom)
            lines.append(line)
        line.bottom = max(line.bottom, word.bottom)
        (line.figures if _FIGURE.match(word.text) else line.labels).append(word)
    out = []
    for line in lines:
        words = sorted(line.labels + line.figures, key=lambda w: w.x0)
        if len(words) <= 3 and _PAGE_NUMBER.match("".join(w.text for w in words)):
            continue  # a page number ("- 3 -")
        if line.labels and line.figures and min(w.x0 for w in line.figures) < max(w.x1 for w in line.labels):
            line.labels = sorted(line.labels + line.figures, key=lambda w: w.x0)  # prose with figures in it
            line.figures = []
        out.append(line)
    return out


def _columns(lines: list[_Line], tolerance: float) -> tuple[str, list[float]]:
    """The anchor ("x0", "mid", "x1") and positions of the columns the figures line up in."""
    best: tuple[int, str, list[float]] | None = None
    for anchor in ("x1", "mid", "x0"):
        xs = sorted(_x(w, anchor) for line in lines for w in line.figures)
        columns: list[list[float]] = []
        for x in xs:
            if columns and x - columns[-1][-1] <= tolerance:
                columns[-1].append(x)
            else:
                columns.append([x])
        centres = [sum(c) / len(c) for c in columns]
        if best is None or len(centres) < best[0]:
            best = (len(centres), anchor, centres)
    assert best is not None
    return best[1], best[2]


def _x(word: Word, anchor: str) -> float:
    return float((word.x0 + word.x1) / 2 if anchor == "mid" else getattr(word, anchor))


def column_blocks(words: list[Word]) -> list[Block]:
    """The unruled table blocks of a page (given its words, :func:`pdf_layout.words`), top to bottom."""
    if not words:
        return []
    lines = _lines(words)
    size = sorted(w.bottom - w.top for w in words)[len(words) // 2]
    blocks: list[Block] = []
    run: list[_Line] = []
    start = 0
    for i, line in enumerate([*lines, None]):
        if line is not None and (line.figures or (run and _left_only(line, run, size))):
            run.append(line)
            continue
        while run and not run[-1].figures:
            run.pop()
        if run:
            blocks.append(_block(run, size, lines[max(0, start - 3) : start]))
        run = [line] if line is not None and line.figures else []
        start = i if line is not None and line.figures else i + 1
    return blocks


def _left_only(line: _Line, run: list[_Line], size: float) -> bool:
    """A line of label text only, in the block's label column (a wrapped label, a block title).

    Its words end left of every figure and start where the rows' labels do, not further right
    (a column header starts over its column).
    """
    figures = [w for ln in run for w in ln.figures]
    labels = [w for ln in run if ln.figures for w in ln.labels]
    if not line.labels or not figures:
        return False
    left = min(w.x0 for w in figures)
    label_end = max((w.x1 for w in labels), default=min(w.x0 for w in line.labels))
    return all(w.x1 < left and w.x0 < label_end + 2 * size for w in line.labels)


_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])")


def _block(run: list[_Line], size: float, above: list[_Line]) -> Block:
    """Rows of a block; with a single row of figures the header line above gives the columns."""
    anchor, columns = _columns(run, 0.8 * size)
    rows_at = [i for i, ln in enumerate(run) if ln.figures]
    if len(rows_at) == 1:  # the column headers (right of the row's label) stand over the columns
        label_end = max((w.x1 for w in run[rows_at[0]].labels), default=0.0)
        heads = [[w for w in ln.labels if w.x0 > label_end] for ln in above]
        header = max(heads, key=len, default=[])
        if len(header) > len(columns):  # a figure stands under the header whose span holds its centre
            anchor, columns = "span", [float(w.x0) for w in sorted(header, key=lambda w: w.x0)]
    labels: dict[int, list[str]] = {i: [] for i in rows_at}
    for i, row in _label_rows(run, rows_at, size):
        labels[row].append("".join(w.text for w in run[i].labels))
    rows: list[list[str | None]] = []
    for i in rows_at:
        cells: list[str | None] = [""] * len(columns)
        for word in run[i].figures:
            if anchor == "span":
                k = max(0, bisect_right(columns, _x(word, "mid")) - 1)  # the last column starting left of it
            else:
                k = _nearest(columns, _x(word, anchor))
            cells[k] = (f"{cells[k]} {word.text}").strip()
        rows.append(["".join(labels[i]) or None, *cells])
    return Block(run[0].top, run[-1].bottom, rows)


def _nearest(columns: list[float], x: float) -> int:
    """The index of the column nearest ``x`` (the first of two as near); ``columns`` ascend.

    By bisection: a line of thousands of figures made this quadratic (minutes for one page)."""
    k = bisect_left(columns, x)
    if k == len(columns) or (k > 0 and x - columns[k - 1] <= columns[k] - x):
        return k - 1
    return k


def _label_rows(run: list[_Line], rows_at: list[int], size: float) -> list[tuple[int, int]]:
    """(line, row) for every line with label text: which row of figures its text belongs to.

    A row whose figures stand on a line without a label of its own (only a one-character side
    title such as "三") takes the nearest label line that starts a label ("2.其他…"), within
    a line's height; another line starting a label goes to the next row; a line continuing a
    label goes to the row above.
    """
    bare = [r for r in rows_at if not any(len(w.text) >= 2 for w in run[r].labels)]
    out: list[tuple[int, int]] = []
    taken: set[int] = set()
    for i, line in enumerate(run):
        if i in rows_at:
            out.append((i, i))
            continue
        if not line.labels:
            continue
        starts = any(_ENUMERATED.match(w.text) for w in line.labels)  # "果 6.属于…": a side title, then a label
        near = [r for r in bare if r not in taken and abs(run[r].top - line.top) <= 1.5 * size]
        before = [r for r in rows_at if r < i]
        after = [r for r in rows_at if r > i]
        if starts and near:
            row = min(near, key=lambda r: abs(run[r].top - line.top))
            taken.add(row)
        elif (starts and after) or not before:
            row = after[0]
        else:
            row = before[-1]
        out.append((i, row))
    return sorted(out, key=lambda pair: run[pair[0]].top)
