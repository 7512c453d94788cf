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
from dataclasses import dataclass, field, replace

from ..findings import WARNING, Finding
from ..formats import Format, Relation, TableDef
from ..normalise import Squeezed, skeleton
from ..values import Value, format_value
from .document import DocText, SourceDoc
from .labels import LabelMatch, RowSpec, all_labels, find_labels, row_specs, table_start
from .ocr_rows import OcrRows
from .splitting import narrow, split_runs
from .tokens import Token, to_value, tokenize

FUZZY_RATIO = 0.6
Candidates = list[dict[str, Value | None]]


@dataclass(frozen=True)
class TableOptions:
    """How one kind of file lays out a table's cells; ``TableOptions.for_kind("pdf")``."""

    covers_trail: bool = False  # empty cells after a row's numbers and a blank line are the next row's label cells
    lead_is_label: bool = False  # empty cells right after a row's label belong to that (merged) label
    ends_cleanly: bool = True  # False: the text stops in the middle of a number
    surplus_empties_are_merged: bool = False  # empty cells beyond a row's count are covered by a merged cell
    ocr: bool = False  # OCR text: every reading of a row's figures is a candidate; sums must confirm each cell

    @classmethod
    def for_kind(cls, kind: str, ends_cleanly: bool = True) -> TableOptions:
        """The options for a file of ``kind`` ("text", "html", "docx", "pdf")."""
        text = kind in ("text", "xlsx")  # rows given cell by cell, each ending with a row break
        return cls(
            covers_trail=text, lead_is_label=kind == "pdf", ends_cleanly=ends_cleanly, surplus_empties_are_merged=text
        )

    @classmethod
    def for_doc(cls, doc: SourceDoc) -> TableOptions:
        """The options for ``doc``: its kind, whether its text ends cleanly, whether it is OCR text."""
        options = cls.for_kind(doc.kind, doc.ends_cleanly)
        by_position = doc.cells_by_position  # every empty cell is a cell: none belongs to a merged label
        return replace(options, ocr=bool(doc.ocr_evidence), lead_is_label=options.lead_is_label and not by_position)


@dataclass
class Region:
    """Text between one label and the next, as tokens, and the row it belongs to."""

    match: LabelMatch | None
    tokens: list[Token]
    start: int  # squeezed position where the region starts (for locations)
    end: int
    owner: int | None = None  # index into the row list
    label_variant: str = ""
    text_from: int = 0  # the region's text in the normalised document text
    text_to: int = 0


@dataclass
class TableReading:
    """What was read for one table."""

    table: TableDef
    found: bool = False
    start: int | None = None  # squeezed position of the table's first label
    cells: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


class _Reader:
    """Reads one table of ``text`` (a document's squeezed text and its locations)."""

    def __init__(self, fmt: Format, table: TableDef, text: DocText, options: TableOptions):
        self.fmt = fmt
        self.table = table
        self.text = text
        self.sq = text.sq
        self.normalised = text.normalised
        self.where = text.where
        self.options = options
        self.rows = row_specs(table)
        self.reading = TableReading(table)
        self.split_rows: list[RowSpec] = []  # rows whose digits were split (candidates may still be narrowed)
        self.ocr = OcrRows(self) if options.ocr else None

    # -- findings ---------------------------------------------------------------------
    def warn(self, rule: str, message: str, cells: tuple[str, ...] = ()) -> None:
        self.reading.findings.append(Finding(WARNING, rule, message, cells))

    def row_title(self, row: RowSpec) -> str:
        return f"{self.table.name}「{row.name}」行"

    # -- regions ----------------------------------------------------------------------
    def regions(self, begin: int, end: int) -> list[Region]:
        matches = find_labels(self.sq, all_labels(self.table), begin, end, self.normalised)
        regions: list[Region] = []
        for i, m in enumerate(matches):
            stop = matches[i + 1].start if i + 1 < len(matches) else end
            a, b = self.sq.end_of(m.end), self.sq.start_of(stop)
            if self.options.ocr and i + 1 < len(matches):
                b -= _lost_enumerator(self.sq, matches[i + 1], self.normalised[a:b])
            regions.append(Region(m, tokenize(self.normalised[a:b]), m.end, stop, text_from=a, text_to=b))
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
            best = _most_similar(regions[lo:hi], skeleton(row.anchor))
            if best is None:
                continue
            k, t = lo + best[0], best[1]
            region = regions[k]
            token = region.tokens[t]
            cut = region.text_from + token.at
            tail = Region(None, region.tokens[t + 1 :], region.start, region.end, index, token.text)
            tail.text_from, tail.text_to = cut + len(token.text), region.text_to
            region.tokens, region.text_to = region.tokens[:t], cut
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
        owned_by: dict[int, Region] = {r.owner: r for r in regions if r.owner is not None}
        missing = [row for index, row in enumerate(self.rows) if index not in owned_by]
        candidates: dict[str, Candidates] = {}
        for index, row in enumerate(self.rows):
            region = owned_by.get(index)
            if region is None:
                continue
            self.report_variant(row, region)
            if self.ocr is not None:
                options = self.ocr.row_values(row, region)
            else:
                options = self.row_values(row, region, region.end >= self.text.end)
            if options is not None:
                candidates[str(row.grid_row)] = options
        self.resolve(candidates)
        self.report_missing(missing)
        self.report_unplaced(regions, missing)
        return self.reading

    def report_variant(self, row: RowSpec, region: Region) -> None:
        """A row found by similarity, not by its official label."""
        if region.label_variant:
            self.warn(
                "import.label",
                f"{self.row_title(row)}的标签在原文中写作「{region.label_variant}」，与官方格式"
                f"「{row.anchor}」不一致，已按位置对应（{self.where(region.start)}）",
                tuple(c.id for c in row.cells),
            )

    def row_values(self, row: RowSpec, region: Region, cut_off: bool) -> Candidates | None:
        """Candidate readings of one row (one when unambiguous); None when nothing is taken.

        ``cut_off``: the row's region reaches the end of the document.
        """
        values = [t for t in region.tokens if t.kind in ("num", "placeholder")]
        where = self.where(region.start)
        if cut_off and self.stops_mid_number(row, values, where):
            return None
        in_order = self.cells_in_order(row, region.tokens, values)
        if in_order is not None:
            return [self.positional(row, in_order, where)]
        if self.too_few(row, values, cut_off, where):
            return None
        return self.split_or_refuse(row, values, where)

    def stops_mid_number(self, row: RowSpec, values: list[Token], where: str) -> bool:
        """The document ends inside this row's last number (no line break after it): reported."""
        if self.options.ends_cleanly or not values or values[-1].kind != "num":
            return False
        self.warn_row(
            row,
            "import.count",
            f"原文在{self.row_title(row)}的数字「{values[-1].text}」处结束，没有换行，这个数字可能不完整；这一行未导入（{where}）",
        )
        return True

    def too_few(self, row: RowSpec, values: list[Token], cut_off: bool, where: str) -> bool:
        """A row cut off by the end of the document, or wholly blank: reported, nothing taken."""
        n = len(row.cells)
        if cut_off and len(values) < n:
            self.warn_row(
                row,
                "import.count",
                f"原文在{self.row_title(row)}处结束（不完整）：只有 {len(values)} 个数字，应有 {n} 个；这一行未导入（{where}）",
            )
            return True
        if not values:
            self.warn_row(
                row,
                "import.blank",
                f"{self.row_title(row)}的 {n} 个单元格在原文中都是空白（{where}）；空白不等于0，导入后保持空白",
            )
            return True
        return False

    def split_or_refuse(self, row: RowSpec, values: list[Token], where: str) -> Candidates | None:
        """Digit runs cut into the row's cells every well-formed way; else the count does not fit."""
        n = len(row.cells)
        if len(values) < n and _may_be_run_together(values):
            nums = [t.text for t in values]
            split = split_runs(nums, [self.fmt.kind_of(c.id) for c in row.cells])
            if split is None:
                self.warn_row(
                    row,
                    "import.ambiguous",
                    f"{self.row_title(row)}的数字「{' '.join(nums)}」连在一起，可能的拆法太多，无法确定；这一行未导入（{where}）",
                )
                return None
            if split:
                self.split_rows.append(row)
                return [dict(zip((c.id for c in row.cells), o, strict=False)) for o in split]
        shown = " ".join(t.text for t in values)
        self.warn_row(
            row,
            "import.count",
            f"{self.row_title(row)}应有 {n} 个数字，原文中是 {len(values)} 个（{shown}），无法确定对应关系；这一行未导入（{where}）",
        )
        return None

    def warn_row(self, row: RowSpec, rule: str, message: str) -> None:
        self.warn(rule, message, tuple(c.id for c in row.cells))

    def cells_in_order(self, row: RowSpec, tokens: list[Token], values: list[Token]) -> list[Token] | None:
        """One token per cell, in column order, when the row reads that way without doubt."""
        n = len(row.cells)
        if any(_malformed(t.text) for t in values if t.kind == "num"):
            return None
        if len(values) == n:
            return values
        if not any(t.kind == "empty" for t in tokens):
            return None
        slots = self.slots(tokens, n, row.anchor_span - 1)
        return slots if len(slots) == n else None

    def slots(self, tokens: list[Token], n: int, label_span: int = 0) -> list[Token]:
        """The tokens that stand for this row's cells: numbers, placeholders and empty cells.

        A PDF's empty cells right after a label belong to the merged label; in plain text,
        empty cells after a blank line are covered cells of the next row's labels; in a row
        copied cell by cell, empty cells beyond the row's ``n`` are the positions a merged cell covers.
        """
        slots = [t for t in tokens if t.kind in ("num", "placeholder", "empty", "break")]
        lead = 0
        while lead < len(slots) and (
            slots[lead].kind == "break" or (slots[lead].kind == "empty" and self.options.lead_is_label)
        ):
            lead += 1
        slots = slots[lead:]
        if self.options.covers_trail:
            slots = _without_covered_trail(slots)
        slots = [t for t in slots if t.kind != "break"]
        if self.options.surplus_empties_are_merged and len(slots) > n:
            slots = _without_merged_empties(slots, n, label_span)
        return slots

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

    def relations(self) -> list[Relation]:
        """The table's own equalities (row totals, column balances) that need no other year."""
        return [r for r in self.fmt.relations if _within(r, self.table) and r.op == "=" and not r.needs_previous]

    def resolve(self, candidates: dict[str, Candidates]) -> None:
        relations = self.relations()
        row_of = {c.id: str(c.row) for c in self.table.cells}
        narrowed = narrow(candidates, relations, row_of)
        if self.ocr is not None:
            self.ocr.resolve(narrowed, relations)
            return
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
            if row in self.split_rows:
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


def _lost_enumerator(sq: Squeezed, match: LabelMatch, region: str) -> int:
    """OCR dropped the dot of the next label's number ("4 保护第三方合法权益"): how many characters
    at the end of this region are that number, so it is not taken for a figure of this row."""
    for label in match.labels:
        m = re.match(r"(\d+)\.", skeleton(label))
        if m and not sq.text.startswith(m.group(1), match.start):
            tail = re.search(rf"(?:^|\s){m.group(1)}\s*$", region)
            if tail:
                return len(region) - tail.start() - (1 if tail.group(0)[0].isspace() else 0)
    return 0


def _most_similar(regions: list[Region], target: str) -> tuple[int, int] | None:
    """(region, token) index of the leftover word most similar to ``target`` (ratio ≥ FUZZY_RATIO)."""
    best: tuple[float, int, int] | None = None
    for k, region in enumerate(regions):
        for t, token in enumerate(region.tokens):
            if token.kind != "text":
                continue
            ratio = difflib.SequenceMatcher(None, skeleton(token.text), target).ratio()
            if ratio >= FUZZY_RATIO and (best is None or ratio > best[0]):
                best = (ratio, k, t)
    return None if best is None else (best[1], best[2])


def _without_covered_trail(slots: list[Token]) -> list[Token]:
    """Plain text: cut the slots at the first blank line after the last value, else drop trailing empties."""
    last = max((i for i, t in enumerate(slots) if t.kind in ("num", "placeholder")), default=-1)
    cut = next((i for i in range(last + 1, len(slots)) if slots[i].kind == "break"), None)
    if cut is not None:
        return slots[:cut]
    end = len(slots)
    while end and slots[end - 1].kind == "empty":
        end -= 1
    return slots[:end]


def _without_merged_empties(slots: list[Token], n: int, lead: int) -> list[Token]:
    """A row with more slots than cells: drop the surplus empties a merged cell explains.

    All on one side: before the numbers they are the label's merged positions, after them a
    merged data cell's. On both sides, only the split the grid gives (``lead``: the positions
    the row's label covers beyond its own) is taken; otherwise the row stays as it is.
    """
    surplus = len(slots) - n
    lead_empty = all(t.kind == "empty" for t in slots[:surplus])
    trail_empty = all(t.kind == "empty" for t in slots[-surplus:])
    if lead_empty != trail_empty:
        return slots[surplus:] if lead_empty else slots[:n]
    if lead <= surplus and all(t.kind == "empty" for t in slots[:lead] + slots[lead + n :]):
        return slots[lead : lead + n]
    return slots


def _may_be_run_together(values: list[Token]) -> bool:
    """Numbers that may be digit runs to split: no placeholder, nothing separates them."""
    return not any(t.kind == "placeholder" for t in values) and not any(t.hard_before for t in values[1:])


def _malformed(text: str) -> bool:
    """A digit run that cannot be one number (a leading zero, as in "000121")."""
    digits = text.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and not digits.startswith("0.")


def _within(rel: Relation, table: TableDef) -> bool:
    prefix = table.id + "."
    return all(t.cell.startswith(prefix) for t in rel.left + rel.right)


def read_table(
    fmt: Format, table: TableDef, text: DocText, begin: int, end: int, options: TableOptions | None = None
) -> TableReading:
    """Read ``table`` from squeezed positions [begin, end) of ``text``."""
    return _Reader(fmt, table, text, options or TableOptions.for_doc(text.doc)).read(begin, end)
