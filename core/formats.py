"""Official report formats, loaded from the JSON files in ``resources/formats/``.

A format file describes the six sections, each table as a grid of merged cells (the
way the official template draws it), the kind of every data cell, named sets used to
write rules compactly, the consistency rules and the carry-forward recipe. This
module turns that data into plain, immutable objects; nothing about a particular
format is written in code, so a new official format is a new data file.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .errors import FormatError
from .findings import Severity
from .resources import resource_path

FORMAT_SCHEMA = 1


@dataclass(frozen=True)
class Kind:
    """What a data cell may hold: an integer or a decimal, with an optional minimum."""

    id: str
    type: str  # "integer" | "decimal"
    minimum: int | None
    description: str


@dataclass(frozen=True)
class GridItem:
    """One (possibly merged) cell of a table grid: a label or a data cell."""

    row: int
    col: int
    rowspan: int
    colspan: int
    role: str  # "header" | "block" | "label" | "data"
    text: str = ""
    cell_id: str | None = None


@dataclass(frozen=True)
class CellDef:
    """A data cell: its stable id, kind, place in the grid and official labels."""

    id: str
    table: str
    kind: str
    row: int
    col: int
    row_path: tuple[str, ...]
    col_path: tuple[str, ...]

    @property
    def label(self) -> str:
        """Row and column labels, e.g. "一、本年新收政府信息公开申请数量 / 申请人情况 / 自然人"."""
        return " / ".join(self.row_path + self.col_path)

    @property
    def short_label(self) -> str:
        """The innermost row and column labels, e.g. "（一）予以公开「自然人」"."""
        row = self.row_path[-1] if self.row_path else "".join(self.col_path[:-1])
        col = self.col_path[-1] if self.col_path else ""
        return f"{row}「{col}」"


@dataclass(frozen=True)
class TableDef:
    """One official table: its grid of merged cells and its data cells in reading order."""

    id: str
    name: str
    title: str
    n_rows: int
    n_cols: int
    items: tuple[GridItem, ...]
    cells: tuple[CellDef, ...]
    cover: tuple[tuple[int, ...], ...] = field(repr=False)  # grid position -> index into items
    #: Fixed width of every grid column in millimetres, as the official layout draws the table
    #: (the PDF scales them to its type area; the Word tables use them as they are). Empty when
    #: the format file gives none.
    column_widths: tuple[float, ...] = ()

    def item_at(self, row: int, col: int) -> GridItem:
        """The grid item covering a position (the top-left item of a merged area)."""
        return self.items[self.cover[row][col]]

    def header_rows(self) -> int:
        """Number of leading rows that hold only column headers."""
        n = 0
        for r in range(self.n_rows):
            if all(self.item_at(r, c).role == "header" for c in range(self.n_cols)):
                n = r + 1
            else:
                break
        return n


@dataclass(frozen=True)
class Section:
    """One of the six report parts; ``table`` names its table, if any."""

    id: str
    heading: str
    table: str | None = None
    outline: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """One summand of a rule side; ``previous`` means last year's report."""

    cell: str
    name: str
    sign: int = 1
    previous: bool = False


@dataclass(frozen=True)
class Relation:
    """A linear rule ``sum(left) op sum(right)`` with op ``=`` or ``<=``."""

    id: str
    severity: Severity
    subject: str
    explain: str
    op: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    left_name: str | None
    right_name: str | None
    is_total: bool  # left is a single total cell that the window computes from right

    @cached_property
    def needs_previous(self) -> bool:
        """Whether the rule compares with last year's report (asked on every check, so kept)."""
        return any(t.previous for t in self.left + self.right)


@dataclass(frozen=True)
class LevelRule:
    """Cells that should be zero for the listed body levels."""

    id: str
    severity: Severity
    levels: tuple[str, ...]
    cells: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class CarryForward:
    """This year's cell = sum of last year's ``sources``."""

    cell: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Format:
    """An official report format, fully expanded from its data file."""

    id: str
    name: str
    document: str
    title: str
    year_from: int | None
    year_to: int | None
    sections: tuple[Section, ...]
    kinds: dict[str, Kind]
    tables: tuple[TableDef, ...]
    cells: dict[str, CellDef]
    relations: tuple[Relation, ...]
    level_rules: tuple[LevelRule, ...]
    carry_forward: tuple[CarryForward, ...]
    signatures: tuple[str, ...]
    source: Path | None = None
    #: The format's part of the text checks: ``figures`` maps a figure id of
    #: ``resources/text_checks.json`` to the cell lists and the table wording it is compared with.
    text_checks: dict[str, Any] = field(default_factory=dict)
    #: The total relations in dependency order: a total comes after every total it adds up.
    totals: tuple[Relation, ...] = ()

    def text_figure(self, figure_id: str) -> TextFigure:
        """The cells a text figure is compared with; a :class:`FormatError` if the format lacks it."""
        figures = self.text_checks.get("figures", {})
        if figure_id not in figures:
            raise FormatError(
                f"格式定义文件「{self.source or self.id}」的 text_checks.figures 中缺少「{figure_id}」"
                "（resources/text_checks.json 中的文字核对要用到它）",
                path=self.source,
                where=f"text_checks.figures.{figure_id}",
            )
        return figures[figure_id]

    def covers_year(self, year: int) -> bool:
        """Whether reports for ``year`` should use this format."""
        return _covers(year, self.year_from, self.year_to)

    def table(self, table_id: str) -> TableDef:
        """The table with this id."""
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def kind_of(self, cell_id: str) -> Kind:
        """The kind of a data cell."""
        return self.kinds[self.cells[cell_id].kind]

    @property
    def label(self) -> str:
        """Human-readable name with the document number, for messages and menus."""
        return f"{self.name}（{self.document}）"


# ---------------------------------------------------------------- loading


def _place_grid(table_id: str, n_cols: int, rows: list[list[Any]]) -> tuple[list[GridItem], list[list[int]]]:
    """Place HTML-like rows of cells (with rowspan/colspan) onto a rectangular grid."""
    items: list[GridItem] = []
    cover: list[list[int]] = []

    def ensure(r: int) -> None:
        while len(cover) <= r:
            cover.append([-1] * n_cols)

    for r, row in enumerate(rows):
        ensure(r)
        c = 0
        for raw in row:
            while c < n_cols and cover[r][c] != -1:
                c += 1
            spec = {"text": raw} if isinstance(raw, str) else dict(raw)
            rowspan = int(spec.get("rowspan", 1))
            colspan = int(spec.get("colspan", 1))
            if c + colspan > n_cols:
                raise FormatError(f"{table_id}: grid row {r} is wider than {n_cols} columns")
            if "id" in spec:
                item = GridItem(r, c, rowspan, colspan, "data", cell_id=spec["id"])
            else:
                role = spec.get("role", "label")
                if role not in ("header", "block", "label"):
                    raise FormatError(f"{table_id}: unknown role {role!r}")
                item = GridItem(r, c, rowspan, colspan, role, text=spec["text"])
            index = len(items)
            items.append(item)
            for rr in range(r, r + rowspan):
                ensure(rr)
                for cc in range(c, c + colspan):
                    if cover[rr][cc] != -1:
                        raise FormatError(f"{table_id}: grid cells overlap at row {rr}, column {cc}")
                    cover[rr][cc] = index
            c += colspan
    for r, line in enumerate(cover):
        if -1 in line:
            raise FormatError(f"{table_id}: grid row {r} has a hole at column {line.index(-1)}")
    return items, cover


def _dedup(texts: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for t in texts:
        if not out or out[-1] != t:
            out.append(t)
    return tuple(out)


def _build_table(spec: dict[str, Any], kinds: dict[str, Kind]) -> TableDef:
    table_id = spec["id"]
    n_cols = int(spec["columns"])
    items, cover = _place_grid(table_id, n_cols, spec["grid"])
    kind_of: dict[str, str] = {}
    for raw_row in spec["grid"]:
        for raw in raw_row:
            if isinstance(raw, dict) and "id" in raw:
                kind_of[raw["id"]] = raw.get("kind", "count")

    def row_kind(r: int) -> str:
        roles = {items[i].role for i in cover[r]}
        if "data" in roles:
            return "body"
        if roles == {"header"}:
            return "header"
        if "block" in roles:
            return "block"
        return "body"

    kinds_by_row = [row_kind(r) for r in range(len(cover))]
    cells: list[CellDef] = []
    for item in items:
        if item.role != "data":
            continue
        r, c = item.row, item.col
        # Row path: the block title above, then the labels left of the cell on this row.
        block = next((items[cover[rr][0]].text for rr in range(r, -1, -1) if kinds_by_row[rr] == "block"), None)
        labels = [items[cover[r][cc]].text for cc in range(c) if items[cover[r][cc]].role == "label"]
        row_path = _dedup(([block] if block else []) + labels)
        # Column path: the contiguous header rows right above the body rows that hold the cell.
        rr = r
        while rr >= 0 and kinds_by_row[rr] == "body":
            rr -= 1
        head: list[str] = []
        while rr >= 0 and kinds_by_row[rr] == "header":
            head.insert(0, items[cover[rr][c]].text)
            rr -= 1
        col_path = _dedup(head)
        kind = kind_of[item.cell_id]  # type: ignore[index]
        if kind not in kinds:
            raise FormatError(f"{table_id}: cell {item.cell_id} has unknown kind {kind!r}")
        cells.append(CellDef(item.cell_id, table_id, kind, r, c, row_path, col_path))  # type: ignore[arg-type]
    cells.sort(key=lambda d: (d.row, d.col))
    widths = tuple(float(w) for w in spec.get("column_widths", ()))
    if widths and (len(widths) != n_cols or min(widths) <= 0):
        raise FormatError(f"{table_id}: column_widths must give {n_cols} positive widths in mm, got {list(widths)}")
    return TableDef(
        id=table_id,
        name=spec["name"],
        title=spec["title"],
        n_rows=len(cover),
        n_cols=n_cols,
        items=tuple(items),
        cells=tuple(cells),
        cover=tuple(tuple(line) for line in cover),
        column_widths=widths,
    )


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _expand_over(over: str | None, sets: dict[str, list[list[str]]]) -> list[dict[str, tuple[str, str]]]:
    """Bindings for an ``over`` clause such as ``"c:t3_columns"`` (var -> (key, label))."""
    if not over:
        return [{}]
    bindings: list[dict[str, tuple[str, str]]] = [{}]
    for clause in over.split(","):
        var, set_name = (p.strip() for p in clause.split(":"))
        if set_name not in sets:
            raise FormatError(f"unknown set {set_name!r}")
        bindings = [dict(b, **{var: (key, label)}) for b in bindings for key, label in sets[set_name]]
    return bindings


def _fill(template: str, binding: dict[str, tuple[str, str]], use_label: bool) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in binding:
            raise FormatError(f"placeholder {{{name}}} is not bound in {template!r}")
        return binding[name][1 if use_label else 0]

    return _PLACEHOLDER.sub(sub, template)


def _terms(
    specs: list[dict[str, Any]],
    binding: dict[str, tuple[str, str]],
    sets: dict[str, list[list[str]]],
    cells: dict[str, CellDef],
) -> tuple[Term, ...]:
    out: list[Term] = []
    for spec in specs:
        for inner in _expand_over(spec.get("over"), sets):
            b = dict(binding, **inner)
            ref = _fill(spec["cell"], b, use_label=False)
            previous = ref.startswith("prev:")
            cell_id = ref[5:] if previous else ref
            if not previous and cell_id not in cells:
                raise FormatError(f"rule refers to unknown cell {cell_id!r}")
            name = _fill(spec["name"], b, use_label=True) if "name" in spec else cells[cell_id].short_label
            out.append(Term(cell_id, name, int(spec.get("sign", 1)), previous))
    return tuple(out)


def _build_rules(
    specs: list[dict[str, Any]], sets: dict[str, list[list[str]]], cells: dict[str, CellDef], place: list[str]
) -> tuple[list[Relation], list[LevelRule]]:
    relations: list[Relation] = []
    level_rules: list[LevelRule] = []
    for n, spec in enumerate(specs, 1):
        place[0] = f"rules 第 {n} 条（{spec.get('id', '无 id')}）"
        try:
            severity = Severity(spec["severity"])
        except ValueError:
            raise FormatError(f"rule {spec['id']}: severity must be error, warning or note") from None
        if spec.get("type") == "nonzero_for_levels":
            ids: list[str] = []
            for pattern in spec["cells"]:
                rx = re.compile("^" + re.escape(pattern).replace(r"\*", "[^.]+") + "$")
                matched = [c for c in cells if rx.match(c)]
                if not matched:
                    raise FormatError(f"rule {spec['id']}: pattern {pattern!r} matches no cell")
                ids.extend(matched)
            level_rules.append(LevelRule(spec["id"], severity, tuple(spec["levels"]), tuple(ids), spec["message"]))
            continue
        op = spec["op"]
        if op not in ("=", "<="):
            raise FormatError(f"rule {spec['id']}: unknown op {op!r}")
        for binding in _expand_over(spec.get("over"), sets):
            relations.append(
                Relation(
                    id=spec["id"],
                    severity=severity,
                    subject=_fill(spec["subject"], binding, use_label=True),
                    explain=spec.get("explain", ""),
                    op=op,
                    left=_terms(spec["left"], binding, sets, cells),
                    right=_terms(spec["right"], binding, sets, cells),
                    left_name=spec.get("left_name"),
                    right_name=spec.get("right_name"),
                    is_total=bool(spec.get("total", False)),
                )
            )
    return relations, level_rules


def parse_format(data: dict[str, Any], source: Path | None = None) -> Format:
    """Build a :class:`Format` from the parsed JSON of a format file."""
    where = str(source) if source else "format data"
    place = ["文件顶层"]  # the part being read, for the message when something is wrong
    try:
        if data.get("format_schema") != FORMAT_SCHEMA:
            raise FormatError(f"{where}: format_schema must be {FORMAT_SCHEMA}")
        place[0] = "kinds"
        kinds = {k: Kind(k, v["type"], v.get("min"), v["description"]) for k, v in data["kinds"].items()}
        for k in kinds.values():
            if k.type not in ("integer", "decimal"):
                raise FormatError(f"{where}: kind {k.id} has unknown type {k.type!r}")
        tables_list = []
        for n, spec in enumerate(data["tables"], 1):
            place[0] = f"tables 第 {n} 个表（{spec.get('id', '无 id') if isinstance(spec, dict) else '?'}）"
            tables_list.append(_build_table(spec, kinds))
        tables = tuple(tables_list)
        place[0] = "sections"
        cells: dict[str, CellDef] = {}
        for t in tables:
            for c in t.cells:
                if c.id in cells:
                    raise FormatError(f"{where}: duplicate cell id {c.id}")
                cells[c.id] = c
        sections = tuple(
            Section(s["id"], s["heading"], s.get("table"), tuple(s.get("outline", ()))) for s in data["sections"]
        )
        table_ids = {t.id for t in tables}
        for s in sections:
            if s.table and s.table not in table_ids:
                raise FormatError(f"{where}: section {s.id} names unknown table {s.table}")
        sets = data.get("sets", {})
        relations, level_rules = _build_rules(data.get("rules", []), sets, cells, place)
        place[0] = "rules（合计关系的先后顺序）"
        totals = order_totals([r for r in relations if r.is_total])
        place[0] = "carry_forward"
        carry: list[CarryForward] = []
        for spec in data.get("carry_forward", []):
            for b in _expand_over(spec.get("over"), sets):
                target = _fill(spec["cell"], b, use_label=False)
                if target not in cells:
                    raise FormatError(f"{where}: carry_forward names unknown cell {target}")
                carry.append(CarryForward(target, tuple(_fill(s, b, use_label=False) for s in spec["from"])))
        place[0] = "text_checks"
        text_checks = _build_text_checks(data.get("text_checks", {}), cells, where)
        place[0] = "文件顶层"
        years = data["years"]
        return Format(
            id=str(data["id"]),
            name=data["name"],
            document=data["document"],
            title=data["title"],
            year_from=years.get("from"),
            year_to=years.get("to"),
            sections=sections,
            kinds=kinds,
            tables=tables,
            cells=cells,
            relations=tuple(relations),
            level_rules=tuple(level_rules),
            carry_forward=tuple(carry),
            signatures=tuple(data.get("signatures", ())),
            source=source,
            text_checks=text_checks,
            totals=totals,
        )
    except FormatError as exc:
        raise FormatError(f"格式定义文件「{where}」有误，位置：{place[0]}：{exc}", path=source, where=place[0]) from exc
    except KeyError as exc:
        raise FormatError(
            f"格式定义文件「{where}」有误，位置：{place[0]}：缺少键「{exc.args[0]}」", path=source, where=place[0]
        ) from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise FormatError(
            f"格式定义文件「{where}」有误，位置：{place[0]}：值的类型或写法不对（{exc}）", path=source, where=place[0]
        ) from exc


@dataclass(frozen=True)
class TextFigure:
    """What a figure stated in the text is compared with: cell lists (any may match) and their name."""

    cells: tuple[tuple[str, ...], ...]
    table: str


def _build_text_checks(spec: dict[str, Any], cells: dict[str, CellDef], where: str) -> dict[str, Any]:
    """The format's ``text_checks`` object with its figures checked against the format's cells."""
    out = {k: v for k, v in spec.items() if not k.startswith("_")}
    figures = {}
    for figure_id, fig in spec.get("figures", {}).items():
        lists = tuple(tuple(ids) for ids in fig["cells"])
        for cell_id in (c for ids in lists for c in ids):
            if cell_id not in cells:
                raise FormatError(
                    f"{where}: text_checks.figures.{figure_id} names unknown cell {cell_id}",
                    path=where,
                    where=f"text_checks.figures.{figure_id}",
                )
        figures[figure_id] = TextFigure(lists, fig["table"])
    out["figures"] = figures
    return out


def order_totals(totals: list[Relation]) -> tuple[Relation, ...]:
    """Total relations ordered so each comes after the totals among its parts (stable otherwise).

    Raises :class:`FormatError` when totals depend on each other in a circle.
    """
    by_target = {r.left[0].cell: r for r in totals}
    ordered: list[Relation] = []
    state: dict[str, int] = {}  # 1 = being placed, 2 = placed

    def place(rel: Relation, path: tuple[str, ...]) -> None:
        target = rel.left[0].cell
        if state.get(target) == 2:
            return
        if state.get(target) == 1:
            raise FormatError(f"合计关系循环依赖：{' → '.join((*path, target))}")
        state[target] = 1
        for term in rel.right:
            part = by_target.get(term.cell)
            if part is not None and not term.previous:
                place(part, (*path, target))
        state[target] = 2
        ordered.append(rel)

    for rel in totals:
        place(rel, ())
    return tuple(ordered)


def _covers(year: int, start: int | None, end: int | None) -> bool:
    return (start is None or year >= start) and (end is None or year <= end)


def _read_format_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(f"{path}: cannot read format definition ({exc})") from exc
    if not isinstance(data, dict):
        raise FormatError(f"{path}: malformed format definition (not an object)")
    return data


class _Entry:
    """A format known by its id and years, expanded into a :class:`Format` on first use."""

    def __init__(self, format_id: str, year_from: int | None, year_to: int | None, data: dict[str, Any], source: Path):
        self.id, self.year_from, self.year_to = format_id, year_from, year_to
        self._data: dict[str, Any] | None = data
        self._source = source
        self._parsed: Format | None = None
        self._lock = threading.Lock()

    def covers_year(self, year: int) -> bool:
        return _covers(year, self.year_from, self.year_to)

    def format(self) -> Format:
        """The expanded format (one object per registry, so identity comparisons hold)."""
        with self._lock:
            if self._parsed is None:
                assert self._data is not None
                self._parsed = parse_format(self._data, self._source)
                self._data = None
            return self._parsed


class FormatRegistry:
    """All formats found in a folder, ordered by the first year they apply to.

    A format file is read at once but expanded (grids, rules: about 10 ms each) only when
    that format is first asked for; a command or a window mostly needs one.
    """

    def __init__(self, entries: list[_Entry]):
        if not entries:
            raise FormatError("no report formats found")
        self._entries = sorted(entries, key=lambda e: e.year_from if e.year_from is not None else -1)
        self._by_id = {e.id: e for e in self._entries}
        if len(self._by_id) != len(self._entries):
            raise FormatError("two format files share one id")

    @classmethod
    def from_dir(cls, directory: Path) -> FormatRegistry:
        """Every ``*.json`` format file in ``directory``."""
        entries = []
        for path in sorted(directory.glob("*.json")):
            data = _read_format_file(path)
            try:
                years = data["years"]
                entries.append(_Entry(str(data["id"]), years.get("from"), years.get("to"), data, path))
            except (KeyError, TypeError, AttributeError) as exc:
                raise FormatError(f"{path}: malformed format definition ({exc!r})") from exc
        return cls(entries)

    @property
    def formats(self) -> list[Format]:
        """All formats, oldest first (expands every one)."""
        return [e.format() for e in self._entries]

    def get(self, format_id: str) -> Format | None:
        """The format with this id, or None."""
        entry = self._by_id.get(format_id)
        return entry.format() if entry is not None else None

    def ids(self) -> list[str]:
        """All format ids, oldest first."""
        return [e.id for e in self._entries]

    def for_year(self, year: int) -> Format:
        """The format that reports for ``year`` must use (the newest one covering it)."""
        matches = [e for e in self._entries if e.covers_year(year)]
        return (matches[-1] if matches else self._entries[0]).format()


@cache
def default_registry() -> FormatRegistry:
    """The formats shipped in ``resources/formats``."""
    return FormatRegistry.from_dir(resource_path("formats"))


@cache
def levels() -> dict[str, str]:
    """Body levels (id -> Chinese label), from ``resources/levels.json``."""
    data = json.loads(resource_path("levels.json").read_text(encoding="utf-8"))
    return {item["id"]: item["label"] for item in data["levels"]}
