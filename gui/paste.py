"""Plan a paste of a tab-separated block into a table, all or nothing (Qt-free).

A block copied from Excel or WPS fills the grid from the selected cell. Every value
must parse for the kind of the cell it lands on; labels may be pasted over only with
their own text (so a block copied from this window, labels included, pastes back);
totals are computed by the window, so a pasted total must equal what its parts add up
to. Anything else is a problem, and a plan with problems is not applied at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nianbao.core.formats import TableDef
from nianbao.core.report import Report
from nianbao.core.values import Value, ValueParseError, format_value, parse_value

from .totals import TotalsIndex


@dataclass
class PastePlan:
    """Values to set (None clears a cell) and the problems that forbid the paste."""

    values: dict[str, Value | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    cols: int = 0

    @property
    def ok(self) -> bool:
        """Whether the paste may be applied."""
        return not self.problems

    def summary(self, limit: int = 2) -> str:
        """The problems as one status-bar message (Chinese)."""
        shown = "；".join(self.problems[:limit])
        more = len(self.problems) - limit
        return f"没有粘贴：{shown}" + (f"；另有 {more} 处问题" if more > 0 else "")


def _squash(text: str) -> str:
    return "".join(text.split())


def plan_paste(
    report: Report, table: TableDef, totals: TotalsIndex, top: int, left: int, block: list[list[str]]
) -> PastePlan:
    """Plan pasting ``block`` with its first cell at grid position (top, left)."""
    fmt = report.format
    plan = PastePlan(rows=len(block), cols=max((len(r) for r in block), default=0))
    stated_totals: list[tuple[str, Value, str]] = []
    overflow = False
    for i, row in enumerate(block):
        for j, raw in enumerate(row):
            text = raw.strip()
            where = f"第{i + 1}行第{j + 1}列"
            r, c = top + i, left + j
            if not (r < table.n_rows and c < table.n_cols):
                overflow = overflow or bool(text)
                continue
            item = table.item_at(r, c)
            if (item.row, item.col) != (r, c):
                if text:
                    plan.problems.append(f"{where}「{text}」落在合并单元格的中间")
                continue
            if item.role != "data":
                if text and _squash(text) != _squash(item.text):
                    plan.problems.append(f"{where}「{text}」落在表格标签「{item.text}」上")
                continue
            cell = fmt.cells[item.cell_id]  # type: ignore[index]
            try:
                value = parse_value(text, fmt.kinds[cell.kind])
            except ValueParseError as exc:
                plan.problems.append(f"{where}（{cell.short_label}）{exc}")
                continue
            if totals.is_total(cell.id):
                if value is not None:
                    stated_totals.append((cell.id, value, where))
                continue
            plan.values[cell.id] = value
    if overflow:
        plan.problems.insert(0, f"粘贴的内容有 {plan.rows} 行 {plan.cols} 列，从所选单元格起放不下（超出了表格）")
    if plan.problems:
        return plan
    after = dict(report.cells)
    for cell_id, value in plan.values.items():
        if value is None:
            after.pop(cell_id, None)
        else:
            after[cell_id] = value
    totals.recompute(after, plan.values)
    for cell_id, stated, where in stated_totals:
        computed = after.get(cell_id)
        if computed != stated:
            plan.problems.append(
                f"{where}是自动计算的合计「{fmt.cells[cell_id].short_label}」，粘贴的 {format_value(stated)} "
                f"与各项之和 {format_value(computed) or '（空）'} 不符；请核对来源数据，或只复制合计以外的各列"
            )
    return plan


def plan_fill(report: Report, cell_ids: Iterable[str], text: str) -> PastePlan:
    """Plan putting one pasted value into every cell of a selection."""
    fmt = report.format
    plan = PastePlan(rows=1, cols=1)
    for cell_id in cell_ids:
        cell = fmt.cells[cell_id]
        try:
            plan.values[cell_id] = parse_value(text, fmt.kinds[cell.kind])
        except ValueParseError as exc:
            plan.problems.append(f"（{cell.short_label}）{exc}")
            break
    return plan
