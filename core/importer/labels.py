"""Finding the official labels of a table (block titles, headers, row labels) in the squeezed text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..formats import CellDef, TableDef
from ..normalise import Squeezed, is_cjk, label_regex, skeleton
from .data import import_data


@dataclass
class LabelMatch:
    """A label found in the squeezed text; one span may carry several label texts."""

    start: int
    end: int
    labels: set[str]


@dataclass
class RowSpec:
    """A grid row holding data cells, with the label that introduces it."""

    grid_row: int
    cells: list[CellDef]
    anchor: str | None
    parents: tuple[str, ...]
    anchor_span: int = 1  # grid columns the row's own label covers

    @property
    def name(self) -> str:
        """Row labels for messages, e.g. "第二十条第（一）项 / 规章"."""
        path = self.cells[0].row_path
        return " / ".join(path) if path else "数据行"


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    return {skeleton(k): tuple(v) for k, v in import_data()["label_aliases"].items()}


@cache
def _label_patterns(label: str) -> tuple[re.Pattern[str], ...]:
    texts = (label, *_aliases().get(skeleton(label), ()))
    return tuple(re.compile(label_regex(t)) for t in texts if len(skeleton(t)) >= 2)


def row_specs(table: TableDef) -> list[RowSpec]:
    """The grid rows that hold data cells, in order, with their innermost row label."""
    rows: list[RowSpec] = []
    by_row: dict[int, list[CellDef]] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda c: c.col)
        labels: list[str] = []
        span = 1
        for c in range(cells[0].col):
            item = table.item_at(r, c)
            if item.role == "label" and item.text not in labels:
                labels.append(item.text)
                span = item.colspan
        anchor = labels[-1] if labels else None
        rows.append(RowSpec(r, cells, anchor, tuple(labels[:-1]), span))
    return rows


def all_labels(table: TableDef) -> list[str]:
    """Every label text of the table (headers, blocks, row labels), once each."""
    out: list[str] = []
    for item in table.items:
        if item.role != "data" and item.text and item.text not in out:
            out.append(item.text)
    return out


def _start_labels(table: TableDef) -> list[str]:
    """Labels that open the table: header and block labels long enough not to occur in prose."""
    out = [i.text for i in table.items if i.role in ("header", "block") and len(skeleton(i.text)) >= 4]
    return out or [i.text for i in table.items if i.role != "data" and len(skeleton(i.text)) >= 3]


_NOTE = re.compile(r"\((?:指|注)[^()]*\)?")


def find_labels(sq: Squeezed, labels: list[str], begin: int, end: int, normalised: str = "") -> list[LabelMatch]:
    """Non-overlapping label matches, leftmost first, the longest where two start together.

    Words inside an explanation such as "(指行政许可以外…)" are not labels; a two-character
    match ("其他", "总计") glued to a following Chinese character is part of another word.
    """
    notes = [(m.start(), m.end()) for m in _NOTE.finditer(sq.text, begin, end)]
    raw = [
        (m.start(), m.end(), label)
        for label in labels
        for rx in _label_patterns(label)
        for m in rx.finditer(sq.text, begin, end)
        if _is_label_match(m, notes, sq, normalised)
    ]
    raw.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[LabelMatch] = []
    for start, stop, label in raw:
        if out and out[-1].start == start and out[-1].end == stop:
            out[-1].labels.add(label)
        elif not out or start >= out[-1].end:
            out.append(LabelMatch(start, stop, {label}))
    return out


def _is_label_match(m: re.Match[str], notes: list[tuple[int, int]], sq: Squeezed, normalised: str) -> bool:
    """Not empty, not inside an explanation, and (two characters or fewer) not the start of a longer word."""
    if m.end() <= m.start() or any(a < m.start() < b for a, b in notes):
        return False
    if m.end() - m.start() <= 2 and normalised:
        after = sq.end_of(m.end())
        if after < len(normalised) and is_cjk(normalised[after]):
            return False
    return True


def table_start(table: TableDef, sq: Squeezed, begin: int, end: int, normalised: str = "") -> int | None:
    """Squeezed position where the table starts inside [begin, end), or None when absent."""
    starts = find_labels(sq, _start_labels(table), begin, end, normalised)
    if starts:
        return starts[0].start
    anchors = [r.anchor for r in row_specs(table) if r.anchor]
    found = find_labels(sq, anchors, begin, end, normalised)
    return found[0].start if found else None
