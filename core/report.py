"""The report being written: meta data, text parts and table cells."""

from __future__ import annotations

import datetime as _dt
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field

from .formats import Format, FormatRegistry, Relation, default_registry
from .values import Value

#: Text parts besides the sections: the opening paragraph(s) before 一、总体情况.
PREFACE = "preface"


@dataclass
class Report:
    """One annual report. ``cells`` maps cell ids of ``format`` to values; empty cells are absent."""

    format: Format
    year: int | None = None
    agency: str = ""
    level: str = ""
    published: str = ""  # ISO date YYYY-MM-DD, or empty
    texts: dict[str, str] = field(default_factory=dict)
    cells: dict[str, Value] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The document title, e.g. "某某乡人民政府2020年政府信息公开工作年度报告"."""
        year = f"{self.year}年" if self.year else ""
        return f"{self.agency}{year}政府信息公开工作年度报告"

    def text_ids(self) -> list[str]:
        """Ids of every text part in reading order: the preface, then each section."""
        return [PREFACE] + [s.id for s in self.format.sections]

    def value(self, cell_id: str) -> Value | None:
        """The value of a cell, None when empty."""
        return self.cells.get(cell_id)

    def set_value(self, cell_id: str, value: Value | None) -> None:
        """Set or clear a cell (``None`` clears)."""
        if cell_id not in self.format.cells:
            raise KeyError(cell_id)
        if value is None:
            self.cells.pop(cell_id, None)
        else:
            self.cells[cell_id] = value


def new_report(
    year: int, agency: str = "", level: str = "", format_id: str | None = None, registry: FormatRegistry | None = None
) -> Report:
    """A blank report; the year picks the format unless ``format_id`` overrides it."""
    registry = registry or default_registry()
    if format_id is None:
        fmt = registry.for_year(year)
    else:
        found = registry.get(format_id)
        if found is None:
            raise ValueError(f"没有「{format_id}」这种报告格式，可用的有：{'、'.join(registry.ids())}")
        fmt = found
    return Report(format=fmt, year=year, agency=agency, level=level)


def carry_forward(previous: Report, year: int | None = None, registry: FormatRegistry | None = None) -> Report:
    """Start next year's report from last year's.

    Meta data is copied; cells named by the new format's carry-forward recipe (上年结转
    from 结转下年度, and in the 2019 format 上一年项目数量 from last year's 上一年项目数量 +
    本年增/减) are filled; everything else starts empty.
    """
    year = year if year is not None else (previous.year or _dt.date.today().year - 1) + 1
    report = new_report(year, previous.agency, previous.level, registry=registry)
    for recipe in report.format.carry_forward:
        parts = [previous.cells.get(src) for src in recipe.sources]
        if parts and all(p is not None for p in parts):
            report.cells[recipe.cell] = sum(parts)  # type: ignore[arg-type]
    return report


def convert_format(report: Report, target: Format) -> tuple[Report, list[str]]:
    """Copy a report into another format; returns it and the ids of cells that were dropped.

    Cells are kept where the target has a cell with the same id and kind; texts and meta
    data are always kept.
    """
    converted = Report(target, report.year, report.agency, report.level, report.published, dict(report.texts))
    dropped: list[str] = []
    for cell_id, value in report.cells.items():
        cell = target.cells.get(cell_id)
        if cell is not None and cell.kind == report.format.cells[cell_id].kind:
            converted.cells[cell_id] = value
        else:
            dropped.append(cell_id)
    return converted, dropped


def compute_totals(report: Report) -> set[str]:
    """Fill every total cell (rules marked ``total``) from its parts; returns the ids changed.

    A total whose parts are all empty is cleared; empty parts count as nothing, and the
    checker warns about them separately.
    """
    return settle_totals(report.cells, report.format.totals)


def settle_totals(cells: MutableMapping[str, Value], totals: Sequence[Relation]) -> set[str]:
    """Recompute the given total relations in ``cells`` in one pass; returns the ids changed.

    ``totals`` must be in dependency order — :attr:`Format.totals` or a subsequence of it
    (the format orders them once, at load) — so totals of totals (表三 （七）总计「总计」) see
    their parts already settled.
    """
    changed: set[str] = set()
    for rel in totals:
        target = rel.left[0].cell
        present = [t.sign * v for t in rel.right if (v := cells.get(t.cell)) is not None]
        new = sum(present) if present else None
        if cells.get(target) != new:
            if new is None:
                cells.pop(target, None)
            else:
                cells[target] = new
            changed.add(target)
    return changed
