"""Filling a table of the official format from the labels and numbers of a published report.

The official labels of a table (block titles, column headers, row labels) are found in
the squeezed text; the numbers between a row's label and the next label belong to that
row, in column order. Blank cells stay empty and are reported; a row whose numbers do not
fit is left empty and reported; digit runs without separators are split only where the
table's own arithmetic leaves exactly one reading.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from ..findings import WARNING, Finding
from ..formats import CellDef, Format, Relation, TableDef
from ..normalise import Squeezed, is_cjk, label_regex, skeleton
from ..values import Value, format_value
from .data import import_data
from .splitting import narrow, split_runs
from .tokens import Token, to_value, tokenize

FUZZY_RATIO = 0.6


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

    @property
    def name(self) -> str:
        """Row labels for messages, e.g. "第二十条第（一）项 / 规章"."""
        path = self.cells[0].row_path
        return " / ".join(path) if path else "数据行"


@dataclass
class Region:
    """Text between one label and the next, as tokens, and the row it belongs to."""

    match: LabelMatch | None
    tokens: list[Token]
    start: int  # squeezed position where the region starts (for locations)
    end: int
    owner: int | None = None  # index into the row list
    label_variant: str = ""


@dataclass
class TableReading:
    """What was read for one table."""

    table: TableDef
    found: bool = False
    start: int | None = None  # squeezed position of the table's first label
    cells: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


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
        for c in range(cells[0].col):
            item = table.item_at(r, c)
            if item.role == "label" and item.text not in labels:
                labels.append(item.text)
        anchor = labels[-1] if labels else None
        rows.append(RowSpec(r, cells, anchor, tuple(labels[:-1])))
    return rows


def _all_labels(table: TableDef) -> list[str]:
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
    raw: list[tuple[int, int, str]] = []
    for label in labels:
        for rx in _label_patterns(label):
            for m in rx.finditer(sq.text, begin, end):
                if m.end() <= m.start() or any(a < m.start() < b for a, b in notes):
                    continue
                if m.end() - m.start() <= 2 and normalised:
                    after = sq.end_of(m.end())
                    if after < len(normalised) and is_cjk(normalised[after]):
                        continue
                raw.append((m.start(), m.end(), label))
    raw.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[LabelMatch] = []
    for start, stop, label in raw:
        if out and out[-1].start == start and out[-1].end == stop:
            out[-1].labels.add(label)
        elif not out or start >= out[-1].end:
            out.append(LabelMatch(start, stop, {label}))
    return out


def table_start(table: TableDef, sq: Squeezed, begin: int, end: int, normalised: str = "") -> int | None:
    """Squeezed position where the table starts inside [begin, end), or None when absent."""
    starts = find_labels(sq, _start_labels(table), begin, end, normalised)
    if starts:
        return starts[0].start
    anchors = [r.anchor for r in row_specs(table) if r.anchor]
    found = find_labels(sq, anchors, begin, end, normalised)
    return found[0].start if found else None


class _Reader:
    """Reads one table; ``where`` turns a squeezed position into a Chinese location."""

    def __init__(
        self,
        fmt: Format,
        table: TableDef,
        sq: Squeezed,
        normalised: str,
        where: Callable[[int], str],
        at_end: bool,
        covers_trail: bool = False,
        ends_cleanly: bool = True,
        lead_is_label: bool = False,
    ):
        self.fmt = fmt
        self.table = table
        self.sq = sq
        self.normalised = normalised
        self.where = where
        self.at_end = at_end  # the region reaches the end of the document
        self.covers_trail = covers_trail  # empty cells after a row's numbers are covered label cells
        self.ends_cleanly = ends_cleanly  # False: the text stops in the middle of a number
        self.lead_is_label = lead_is_label  # empty cells before a row's numbers are label cells
        self.rows = row_specs(table)
        self.reading = TableReading(table)
        self.split = False

    # -- findings ---------------------------------------------------------------------
    def warn(self, rule: str, message: str, cells: tuple[str, ...] = ()) -> None:
        self.reading.findings.append(Finding(WARNING, rule, message, cells))

    def row_title(self, row: RowSpec) -> str:
        return f"{self.table.name}「{row.name}」行"

    # -- regions ----------------------------------------------------------------------
    def regions(self, begin: int, end: int) -> list[Region]:
        matches = find_labels(self.sq, _all_labels(self.table), begin, end, self.normalised)
        regions: list[Region] = []
        for i, m in enumerate(matches):
            stop = matches[i + 1].start if i + 1 < len(matches) else end
            text = self.normalised[self.sq.end_of(m.end) : self.sq.start_of(stop)]
            regions.append(Region(m, tokenize(text), m.end, stop))
        return regions

    def assign(self, regions: list[Region]) -> None:
        cursor = 0
        for index, row in enumerate(self.rows):
            if row.anchor is None:
                continue
            for k in range(cursor, len(regions)):
                match = regions[k].match
                if match is not None and row.anchor in match.labels and regions[k].owner is None:
                    regions[k].owner = index
                    cursor = k + 1
                    break
        # rows with no label of their own (table 四): the numbers after the last label
        for index, row in enumerate(self.rows):
            if row.anchor is None and regions and regions[-1].owner is None:
                regions[-1].owner = index
        self._fuzzy(regions)

    def _fuzzy(self, regions: list[Region]) -> None:
        """Rows whose label was not found: look for a similar leftover word before the next row."""
        owned = {r.owner for r in regions if r.owner is not None}
        for index, row in enumerate(self.rows):
            if index in owned or row.anchor is None:
                continue
            later = [k for k, r in enumerate(regions) if r.owner is not None and r.owner > index]
            earlier = [k for k, r in enumerate(regions) if r.owner is not None and r.owner < index]
            lo = earlier[-1] if earlier else 0
            hi = later[0] if later else len(regions)
            target = skeleton(row.anchor)
            best: tuple[float, int, int] | None = None
            for k in range(lo, hi):
                for t, token in enumerate(regions[k].tokens):
                    if token.kind != "text":
                        continue
                    ratio = difflib.SequenceMatcher(None, skeleton(token.text), target).ratio()
                    if ratio >= FUZZY_RATIO and (best is None or ratio > best[0]):
                        best = (ratio, k, t)
            if best is None:
                continue
            _, k, t = best
            region = regions[k]
            variant = region.tokens[t].text
            tail = Region(None, region.tokens[t + 1 :], region.start, region.end, index, variant)
            region.tokens = region.tokens[:t]
            regions.insert(k + 1, tail)
            owned.add(index)

    # -- values -----------------------------------------------------------------------
    def read(self, begin: int, end: int) -> TableReading:
        start = table_start(self.table, self.sq, begin, end, self.normalised)
        if start is None:
            self.warn(
                "import.table_missing",
                f"原文中没有找到{self.table.name}（{self.table.title}），其单元格全部为空",
                tuple(c.id for c in self.table.cells),
            )
            return self.reading
        self.reading.found = True
        self.reading.start = start
        regions = self.regions(start, end)
        self.assign(regions)
        candidates: dict[str, list[dict[str, Value | None]]] = {}
        split_rows: list[RowSpec] = []
        owned_by: dict[int, Region] = {r.owner: r for r in regions if r.owner is not None}
        missing: list[RowSpec] = []
        for index, row in enumerate(self.rows):
            region = owned_by.get(index)
            if region is None:
                missing.append(row)
                continue
            if region.label_variant:
                self.warn(
                    "import.label",
                    f"{self.row_title(row)}的标签在原文中写作「{region.label_variant}」，与官方格式"
                    f"「{row.anchor}」不一致，已按位置对应（{self.where(region.start)}）",
                    tuple(c.id for c in row.cells),
                )
            self.split = False
            options = self.row_values(row, region, region.end >= len(self.sq.text) and self.at_end)
            if options is None:
                continue
            if self.split:
                split_rows.append(row)
            candidates[str(row.grid_row)] = options
        self.resolve(candidates, split_rows)
        self.report_missing(missing)
        self.report_unplaced(regions, missing)
        return self.reading

    def row_values(self, row: RowSpec, region: Region, cut_off: bool) -> list[dict[str, Value | None]] | None:
        """Candidate readings of one row (one when unambiguous); None when nothing is taken."""
        n = len(row.cells)
        ids = tuple(c.id for c in row.cells)
        tokens = region.tokens
        values = [t for t in tokens if t.kind in ("num", "placeholder")]
        empties = [t for t in tokens if t.kind == "empty"]
        where = self.where(region.start)
        nums = [t for t in tokens if t.kind == "num"]
        if cut_off and values and values[-1].kind == "num" and not self.ends_cleanly:
            self.warn(
                "import.count",
                f"原文在{self.row_title(row)}的数字「{values[-1].text}」处结束，没有换行，"
                f"这个数字可能不完整；这一行未导入（{where}）",
                ids,
            )
            return None
        if len(values) == n and not any(_malformed(t.text) for t in nums):
            return [self.positional(row, values, where)]
        slots = [t for t in tokens if t.kind in ("num", "placeholder", "empty", "break")]
        while slots and (slots[0].kind == "break" or (slots[0].kind == "empty" and self.lead_is_label)):
            slots.pop(0)  # a PDF's empty cells right after a label belong to the merged label
        if self.covers_trail:  # empty cells after a blank line are covered cells of the next row's labels
            last = max((i for i, t in enumerate(slots) if t.kind in ("num", "placeholder")), default=-1)
            cut = next((i for i in range(last + 1, len(slots)) if slots[i].kind == "break"), None)
            if cut is not None:
                del slots[cut:]
            else:
                while slots and slots[-1].kind == "empty":
                    slots.pop()
        slots = [t for t in slots if t.kind != "break"]
        if empties and len(slots) == n and not any(_malformed(t.text) for t in nums):
            return [self.positional(row, slots, where)]
        if cut_off and len(values) < n:
            self.warn(
                "import.count",
                f"原文在{self.row_title(row)}处结束（不完整）：只有 {len(values)} 个数字，"
                f"应有 {n} 个；这一行未导入（{where}）",
                ids,
            )
            return None
        if not values:
            self.warn(
                "import.blank",
                f"{self.row_title(row)}的 {n} 个单元格在原文中都是空白（{where}）；空白不等于0，导入后保持空白",
                ids,
            )
            return None
        placeholders = [t for t in values if t.kind == "placeholder"]
        separated = any(t.hard_before for t in values[1:])  # one number per cell: nothing to split
        if len(values) < n and not placeholders and not separated:
            options = split_runs([t.text for t in nums], [self.fmt.kind_of(c.id) for c in row.cells])
            if options:
                self.split = True
                return [dict(zip(ids, o, strict=False)) for o in options]
            if options is None:
                self.warn(
                    "import.ambiguous",
                    f"{self.row_title(row)}的数字「{' '.join(t.text for t in nums)}」"
                    f"连在一起，可能的拆法太多，无法确定；这一行未导入（{where}）",
                    ids,
                )
                return None
        shown = " ".join(t.text for t in values)
        self.warn(
            "import.count",
            f"{self.row_title(row)}应有 {n} 个数字，原文中是 {len(values)} 个（{shown}），"
            f"无法确定对应关系；这一行未导入（{where}）",
            ids,
        )
        return None

    def positional(self, row: RowSpec, slots: list[Token], where: str) -> dict[str, Value | None]:
        out: dict[str, Value | None] = {}
        blanks: list[str] = []
        for cell, token in zip(row.cells, slots, strict=False):
            kind = self.fmt.kind_of(cell.id)
            if token.kind != "num":
                out[cell.id] = None
                blanks.append(cell.id)
                continue
            value = to_value(token.text, kind)
            if value is None:
                self.warn(
                    "import.value",
                    f"{self.table.name}「{cell.label}」的值「{token.text}」不是"
                    f"{kind.description}（或位数过多），未导入（{where}）",
                    (cell.id,),
                )
            elif token.unit == "元" and "万元" in " ".join(cell.col_path):
                self.warn(
                    "import.unit",
                    f"{self.table.name}「{cell.label}」原文写作「{token.text}元」，"
                    f"而表格单位是万元；已按原数字导入，请核对单位（{where}）",
                    (cell.id,),
                )
            out[cell.id] = value
        if blanks:
            self.warn(
                "import.blank",
                f"{self.row_title(row)}有 {len(blanks)} 个单元格在原文中为空白或「/」「—」等"
                f"占位符（{where}）；空白不等于0，导入后保持空白",
                tuple(blanks),
            )
        return out

    def resolve(self, candidates: dict[str, list[dict[str, Value | None]]], split_rows: list[RowSpec]) -> None:
        relations = [r for r in self.fmt.relations if _within(r, self.table) and r.op == "=" and not r.needs_previous]
        row_of = {c.id: str(c.row) for c in self.table.cells}
        narrowed = narrow(candidates, relations, row_of)
        split_ok = 0
        for row in self.rows:
            options = narrowed.get(str(row.grid_row))
            if not options:
                continue
            if len(options) > 1:
                shown = "、".join("/".join(format_value(v) for v in o.values()) for o in options[:3])
                more = "等" if len(options) > 3 else ""
                self.warn(
                    "import.ambiguous",
                    f"{self.row_title(row)}的数字连在一起没有分隔，有 {len(options)} 种拆法都符合表格的合计关系"
                    f"（如 {shown}{more}），无法确定；这一行未导入，请对照原文填写",
                    tuple(c.id for c in row.cells),
                )
                continue
            if row in split_rows:
                split_ok += 1
            for cell_id, value in options[0].items():
                if value is not None:
                    self.reading.cells[cell_id] = value
        if split_ok:
            self.warn(
                "import.split",
                f"{self.table.name}有 {split_ok} 行的数字在原文中连在一起没有分隔，已按表格自身的"
                "合计关系拆开（每行只有一种拆法符合），请与原文核对",
            )

    def report_missing(self, missing: list[RowSpec]) -> None:
        if not missing:
            return
        ids = tuple(c.id for row in missing for c in row.cells)
        names = "、".join(f"「{row.anchor or row.name}」" for row in missing[:3])
        more = f"等 {len(missing)} 行" if len(missing) > 3 else ""
        self.warn(
            "import.rows_missing",
            f"{self.table.name}中没有找到{names}{more}，这些单元格为空（原文不完整，或标签与官方格式差别太大）",
            ids,
        )

    def report_unplaced(self, regions: list[Region], missing: list[RowSpec]) -> None:
        for region in regions:
            nums = [t.text for t in region.tokens if t.kind == "num"]
            if region.owner is not None or not nums or region.match is None:
                continue
            label = sorted(region.match.labels, key=len)[-1]
            children = [row for row in missing if label in row.parents]
            where = self.where(region.start)
            if children:
                self.warn(
                    "import.layout",
                    f"{self.table.name}「{label}」在原文中只有一行数字（{' '.join(nums)}），而{self.fmt.label}"
                    f"在此处分为 {len(children)} 行（{'、'.join(r.anchor or '' for r in children)}），"
                    f"这是旧格式的写法；这些数字无法对应，未导入（{where}）",
                    tuple(c.id for row in children for c in row.cells),
                )
            else:
                self.warn(
                    "import.unplaced",
                    f"{self.table.name}中「{label}」之后的数字 {' '.join(nums)} 无法对应到"
                    f"任何单元格，未导入（{where}）",
                )


def _malformed(text: str) -> bool:
    """A digit run that cannot be one number (a leading zero, as in "000121")."""
    digits = text.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and not digits.startswith("0.")


def _within(rel: Relation, table: TableDef) -> bool:
    prefix = table.id + "."
    return all(t.cell.startswith(prefix) for t in rel.left + rel.right)


def read_table(
    fmt: Format,
    table: TableDef,
    sq: Squeezed,
    normalised: str,
    begin: int,
    end: int,
    where: Callable[[int], str],
    at_end: bool,
    covers_trail: bool = False,
    ends_cleanly: bool = True,
    lead_is_label: bool = False,
) -> TableReading:
    """Read ``table`` from squeezed positions [begin, end) of the document."""
    return _Reader(fmt, table, sq, normalised, where, at_end, covers_trail, ends_cleanly, lead_is_label).read(
        begin, end
    )
