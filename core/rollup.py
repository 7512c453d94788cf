"""汇总: the county's figures, summed over the reports of its bodies.

Only reports of one format and one year are summed; any other is left out with the reason,
unless the caller chooses it (``include``: a late report of last year's figures, a body that
used the other format — its cells with the same id are summed). A cell that a body left blank is never read as 0: the sum is made of the bodies that filled it,
and the cell is reported as incomplete with the bodies that did not. Stated totals are summed
as stated (the rules run on the sum show where a body's totals do not add up), and for any cell
:meth:`Rollup.contributions` lists which bodies contribute how much.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from .findings import WARNING, Finding
from .formats import Format
from .report import PREFACE, Report, convert_format
from .resources import resource_path
from .rules import check
from .values import Value


@dataclass(frozen=True)
class Group:
    """A choice of bodies to sum: all of them, or those of some levels (乡镇 only, 县直 only …)."""

    id: str
    label: str
    levels: tuple[str, ...] | None  # None: every body

    def admits(self, level: str) -> bool:
        """Whether a body of ``level`` belongs to this group."""
        return self.levels is None or level in self.levels


@cache
def groups() -> tuple[Group, ...]:
    """The roll-up groups offered to the office (``rollup_groups`` in ``resources/roster.json``)."""
    data = json.loads(resource_path("roster.json").read_text(encoding="utf-8"))
    return tuple(
        Group(str(g["id"]), str(g["label"]), tuple(g["levels"]) if g.get("levels") is not None else None)
        for g in data["rollup_groups"]
    )


@dataclass(frozen=True)
class Member:
    """One body's report in a roll-up: its name, the file it came from, the report."""

    name: str
    source: str
    report: Report


@dataclass
class Rollup:
    """The summed report of several bodies, and what went into each cell."""

    format: Format
    year: int | None
    members: list[Member]
    report: Report
    excluded: list[tuple[Member, str]] = field(default_factory=list)
    incomplete: dict[str, tuple[str, ...]] = field(default_factory=dict)  # cell id -> bodies left blank
    _by_cell: dict[str, list[tuple[str, Value]]] = field(default_factory=dict, repr=False)
    chosen: list[tuple[Member, str]] = field(default_factory=list)  # summed although of another year/format

    def contributions(self, cell_id: str) -> list[tuple[str, Value]]:
        """The bodies that filled ``cell_id`` and their values, largest first (then by name)."""
        return self._by_cell.get(cell_id, [])

    def note(self) -> str:
        """The sentence that says which bodies the sum covers (and which were chosen in, or left out)."""
        names = "、".join(m.name for m in self.members)
        text = f"本汇总由 {len(self.members)} 个单位的报告相加而成：{names}。"
        if self.chosen:
            text += "其中" + "；".join(f"{m.name}{why}" for m, why in self.chosen) + "，经选择后计入。"
        if self.excluded:
            text += "未计入：" + "；".join(f"{m.name}（{why}）" for m, why in self.excluded) + "。"
        if self.incomplete:
            text += f"有 {len(self.incomplete)} 个单元格在部分单位的报告中未填写，汇总数不完整（空白未按0计）。"
        return text

    def draft(self, agency: str = "汇总", level: str = "") -> Report:
        """「汇总为新草稿」: a copy of the summed report, its preface naming the bodies it covers."""
        report = Report(self.format, self.year, agency, level, "", {}, dict(self.report.cells))
        report.texts[PREFACE] = self.note()
        return report

    def findings(self) -> list[Finding]:
        """The table rules run on the sum, plus one ``rollup.incomplete`` warning per row with blanks."""
        # The sum has figures only: the rules of its tables (blank cells are reported below, per body).
        out = [f for f in check(self.report) if f.cells and f.rule != "cell.empty"]
        rows: dict[tuple[str, int], list[str]] = {}
        for cell_id in self.incomplete:
            cell = self.format.cells[cell_id]
            rows.setdefault((cell.table, cell.row), []).append(cell_id)
        for ids in rows.values():
            first = self.format.cells[ids[0]]
            bodies = sorted({b for c in ids for b in self.incomplete[c]})
            table = self.format.table(first.table)
            label = " / ".join(first.row_path)
            out.append(
                Finding(
                    WARNING,
                    "rollup.incomplete",
                    f"{table.name}「{label}」行有 {len(ids)} 个单元格在以下单位的报告中未填写，汇总数不完整"
                    f"（空白未按0计）：{'、'.join(bodies)}",
                    tuple(ids),
                )
            )
        return out


def roll_up(
    members: Sequence[Member],
    format_id: str | None = None,
    year: int | None = None,
    include: Collection[str] = (),
) -> Rollup:
    """Sum the reports of ``members``.

    The format and year default to the most common ones among the members; reports of another
    format or year are left out (``Rollup.excluded``, with the reason) unless their ``source``
    is in ``include`` (``Rollup.chosen``; a report of the other format gives the cells whose id
    and kind both formats share).
    """
    if not members:
        raise ValueError("roll_up needs at least one report")
    fmt_id = format_id or _most_common([m.report.format.id for m in members])
    wanted_year = year if year is not None else _most_common([m.report.year for m in members])
    kept: list[Member] = []
    excluded: list[tuple[Member, str]] = []
    chosen: list[tuple[Member, str]] = []
    for m in members:
        if m.report.format.id != fmt_id:
            why = f"使用{m.report.format.label}，与汇总的格式不同"
        elif m.report.year != wanted_year:
            why = f"报告年度为 {m.report.year or '未填写'}，汇总的是 {wanted_year} 年度"
        else:
            kept.append(m)
            continue
        if m.source in include:
            kept.append(m)
            chosen.append((m, why))
        else:
            excluded.append((m, why))
    fmt = next((m.report.format for m in kept if m.report.format.id == fmt_id), None)
    if fmt is None:
        fmt = next(m.report.format for m in members if m.report.format.id == fmt_id)
    reports = {id(m): m.report if m.report.format is fmt else convert_format(m.report, fmt)[0] for m in kept}
    total = Report(format=fmt, year=wanted_year, agency="汇总", level="")
    by_cell: dict[str, list[tuple[str, Value]]] = {}
    incomplete: dict[str, tuple[str, ...]] = {}
    for cell_id in fmt.cells:
        present: list[tuple[str, Value]] = []
        blank: list[str] = []
        for m in kept:
            value = reports[id(m)].cells.get(cell_id)
            if value is None:
                blank.append(m.name)
            else:
                present.append((m.name, value))
        if present:
            total.cells[cell_id] = sum((v for _, v in present), start=_zero(present[0][1]))
            by_cell[cell_id] = sorted(present, key=lambda p: (-p[1], p[0]))
        if blank and kept:
            incomplete[cell_id] = tuple(blank)
    return Rollup(fmt, wanted_year, kept, total, excluded, incomplete, by_cell, chosen)


def _zero(example: Value) -> Value:
    return example - example


T = TypeVar("T")


def _most_common(values: list[T]) -> T:
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], str(v)))  # a tie goes the same way every time
