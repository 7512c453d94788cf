"""The rule engine: checks a report against its format's rules and returns findings."""

from __future__ import annotations

from decimal import Decimal

from .amount_checks import check_amounts
from .findings import ERROR, WARNING, Finding, count, sort_findings
from .formats import Relation, Term, levels
from .report import Report
from .text_checks import check_texts
from .values import Value, format_value, kind_problem


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings for ``report``: errors first, then warnings, each in table order.

    ``previous`` is last year's report of the same body; with it the cross-year rules run.
    """
    findings: list[Finding] = []
    findings += _check_meta(report)
    bad_cells: set[str] = set()
    for f in _check_kinds(report):
        bad_cells.update(f.cells)
        findings.append(f)
    findings += _check_empty(report)
    for rel in report.format.relations:
        if rel.needs_previous and previous is None:
            continue
        found = _check_relation(rel, report, previous, bad_cells)
        if found:
            findings.append(found)
    findings += _check_levels(report)
    findings += check_amounts(report)
    findings += check_texts(report, previous)
    sort_findings(findings)
    return findings


def _check_meta(report: Report) -> list[Finding]:
    out = []
    if not report.agency.strip():
        out.append(Finding(WARNING, "meta.agency", "「机关名称」未填写", meta="agency"))
    if report.year is None:
        out.append(Finding(WARNING, "meta.year", "「报告年度」未填写", meta="year"))
    else:
        fmt = report.format
        if not fmt.covers_year(report.year):
            out.append(
                Finding(
                    WARNING,
                    "meta.format_year",
                    f"本报告使用{fmt.label}，它适用于{_year_range(fmt.year_from, fmt.year_to)}的报告，"
                    f"与报告年度 {report.year} 年不符",
                    meta="year",
                )
            )
    if not report.published.strip():
        out.append(
            Finding(
                WARNING,
                "meta.published",
                "「发布日期」未填写：导出的 PDF 落款将使用导出当天的日期",
                meta="published",
            )
        )
    if report.level and report.level not in levels():
        out.append(Finding(WARNING, "meta.level", f"「机关层级」的值「{report.level}」无法识别", meta="level"))
    return out


def _year_range(start: int | None, end: int | None) -> str:
    if start is None:
        return f"{end}年度及以前"
    if end is None:
        return f"{start}年度及以后"
    return f"{start}—{end}年度"


def _check_kinds(report: Report) -> list[Finding]:
    out = []
    fmt = report.format
    for cell_id, value in report.cells.items():
        cell = fmt.cells[cell_id]
        kind = fmt.kinds[cell.kind]
        if type(value) is int and (kind.minimum is None or value >= kind.minimum):
            continue  # the common case, decided without kind_problem (this runs on every edit)
        problem = kind_problem(value, kind)
        if problem:
            table = fmt.table(cell.table)
            out.append(Finding(ERROR, "cell.kind", f"{table.name}「{cell.label}」{problem}", (cell_id,)))
    return out


def _check_empty(report: Report) -> list[Finding]:
    out = []
    for table in report.format.tables:
        rows: dict[int, list[str]] = {}
        for cell in table.cells:
            if cell.id not in report.cells:
                rows.setdefault(cell.row, []).append(cell.id)
        for ids in rows.values():
            first = report.format.cells[ids[0]]
            where = f"「{' / '.join(first.row_path)}」行" if first.row_path else ""
            out.append(
                Finding(
                    WARNING,
                    "cell.empty",
                    f"{table.name}{where}有 {len(ids)} 个单元格未填写（空白不等于0；没有发生的请填0）",
                    tuple(ids),
                )
            )
    return out


def _describe(terms: tuple[Term, ...], values: list[Value], name: str | None, total: Value) -> str:
    if name:
        return f"{name} {format_value(total)}"
    parts = []
    for i, (t, v) in enumerate(zip(terms, values, strict=False)):
        sign = "" if i == 0 and t.sign > 0 else (" − " if t.sign < 0 else " + ")
        parts.append(f"{sign}{t.name} {format_value(v)}")
    text = "".join(parts)
    return f"{text} = {format_value(total)}" if len(terms) > 1 else text


def _side(
    terms: tuple[Term, ...], cells: dict[str, Value], previous: dict[str, Value] | None, bad: set[str]
) -> tuple[list[Value], Value] | None:
    """The values of one rule side and their signed sum; None if a cell is empty or unreadable."""
    values: list[Value] = []
    total: Value = 0
    for t in terms:
        if t.previous:
            if previous is None:
                return None
            v = previous.get(t.cell)
        elif t.cell in bad:
            return None
        else:
            v = cells.get(t.cell)
        if v is None:
            return None  # an empty or unreadable cell: reported on its own
        values.append(v)
        total += t.sign * v
    return values, total


def _check_relation(rel: Relation, report: Report, previous: Report | None, bad: set[str]) -> Finding | None:
    prev_cells = previous.cells if previous is not None else None
    left_side = _side(rel.left, report.cells, prev_cells, bad)
    if left_side is None:
        return None
    right_side = _side(rel.right, report.cells, prev_cells, bad)
    if right_side is None:
        return None
    (left, lsum), (right, rsum) = left_side, right_side
    if (rel.op == "=" and lsum == rsum) or (rel.op == "<=" and lsum <= rsum):
        return None
    ldesc = _describe(rel.left, left, rel.left_name, lsum)
    rdesc = _describe(rel.right, right, rel.right_name, rsum)
    diff = abs(Decimal(lsum) - Decimal(rsum))
    if rel.op == "=":
        message = f"{rel.subject}：{ldesc}，但{rdesc}，相差 {format_value(diff)}"
    else:
        message = f"{rel.subject}：{ldesc}，超过了{rdesc}，多 {format_value(diff)}"
    if rel.explain:
        message += f"（{rel.explain}）"
    cells = tuple(t.cell for t in rel.left + rel.right if not t.previous)
    return Finding(rel.severity, rel.id, message, cells)


def _check_levels(report: Report) -> list[Finding]:
    out = []
    for rule in report.format.level_rules:
        if report.level not in rule.levels:
            continue
        nonzero = tuple(c for c in rule.cells if report.cells.get(c) not in (None, 0))
        if nonzero:
            message = rule.message.replace("{level}", levels().get(report.level, report.level))
            out.append(Finding(rule.severity, rule.id, message, nonzero))
    return out


__all__ = ["ERROR", "WARNING", "Finding", "check", "count"]
