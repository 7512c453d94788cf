"""Auditing many published reports at once: import each in memory, check it, collect findings.

Reports of the same body for consecutive years are checked against each other (上年结转
against last year's 结转下年度, and the other cross-year rules). One unreadable file is
reported and the others go on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .batch import combine, last_year_index
from .importer import ImportFailed, ImportResult, import_report
from .report import Report
from .rules import ERROR, WARNING, Finding, check, count

CSV_HEADER = ["file", "agency", "year", "format", "severity", "rule", "message", "cells"]


@dataclass
class AuditEntry:
    """The audit of one file: the imported report and its findings, or why it was unreadable."""

    path: Path
    result: ImportResult | None = None
    error: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def report(self) -> Report | None:
        """The imported report (None when the file was unreadable)."""
        return self.result.report if self.result else None

    @property
    def counts(self) -> tuple[int, int]:
        """(errors, warnings); an unreadable file counts as one error."""
        if self.error:
            return 1, 0
        return count(self.findings)


def audit_files(paths: Iterable[str | Path]) -> list[AuditEntry]:
    """Import and check every file; the entries keep the order of ``paths``."""
    entries: list[AuditEntry] = []
    for raw in paths:
        entry = AuditEntry(Path(raw))
        try:
            entry.result = import_report(entry.path)
        except ImportFailed as exc:
            entry.error = str(exc)
        except Exception as exc:
            entry.error = f"「{entry.path.name}」导入时出现程序内部错误（{type(exc).__name__}），已跳过"
        entries.append(entry)
    reports = [e.report for e in entries]
    for entry in entries:
        if entry.result is None:
            continue
        found = last_year_index(entry.report, reports)
        previous = reports[found] if found is not None else None
        entry.findings = combine(entry.result.findings, check(entry.result.report, previous))
    return entries


def summary_line(entry: AuditEntry) -> list[str]:
    """The columns of an entry's line: 文件, 机关, 年度, 格式, 错误数, 警告数."""
    report = entry.report
    if report is None:
        return [entry.path.name, "（无法读取）", "", "", "1", "0"]
    errors, warnings = entry.counts
    return [
        entry.path.name,
        report.agency or "（未识别）",
        str(report.year or "（未识别）"),
        report.format.id,
        str(errors),
        str(warnings),
    ]


def render_text(entries: Sequence[AuditEntry]) -> str:
    """The plain-text audit: a table of all reports, then each report's findings."""
    lines = ["文件\t机关\t年度\t格式\t错误数\t警告数"]
    lines += ["\t".join(summary_line(e)) for e in entries]
    for entry in entries:
        lines.append("")
        head = summary_line(entry)
        lines.append(f"== {head[0]}" if entry.error else f"== {head[0]}（{head[1]}，{head[2]}年度）")
        if entry.error:
            lines.append(f"  [错误] {entry.error}")
            continue
        if not entry.findings:
            lines.append("  没有发现问题。")
        for f in entry.findings:
            lines.append(f"  [{f.severity.label}] {f.message}")
    errors = sum(e.counts[0] for e in entries)
    warnings = sum(e.counts[1] for e in entries)
    lines.append("")
    lines.append(
        f"共 {len(entries)} 份报告：错误 {errors} 个，警告 {warnings} 个，无法读取 "
        f"{sum(1 for e in entries if e.error)} 份"
    )
    return "\n".join(lines) + "\n"


def to_json(entries: Sequence[AuditEntry]) -> list[dict[str, object]]:
    """JSON-ready audit: one object per file."""
    out: list[dict[str, object]] = []
    for entry in entries:
        report = entry.report
        errors, warnings = entry.counts
        out.append(
            {
                "file": entry.path.name,
                "agency": report.agency if report else None,
                "year": report.year if report else None,
                "format": report.format.id if report else None,
                "errors": errors,
                "warnings": warnings,
                "unreadable": entry.error or None,
                "findings": [f.to_dict() for f in entry.findings],
            }
        )
    return out


def csv_rows(entries: Sequence[AuditEntry]) -> list[list[str]]:
    """One row per finding (and one per unreadable file), with the file name."""
    rows: list[list[str]] = []
    for entry in entries:
        report = entry.report
        if report is None:
            rows.append([entry.path.name, "", "", "", ERROR, "import.unreadable", entry.error, ""])
            continue
        base = [entry.path.name, report.agency, str(report.year or ""), report.format.id]
        for f in entry.findings:
            rows.append([*base, f.severity, f.rule, f.message, " ".join(f.cells)])
    return rows


def write_csv(entries: Sequence[AuditEntry], path: str | Path) -> None:
    """Write the findings as CSV (UTF-8 with BOM, so Excel and WPS open it correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(entries))
    Path(path).write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


__all__ = [
    "CSV_HEADER",
    "WARNING",
    "AuditEntry",
    "audit_files",
    "combine",
    "csv_rows",
    "render_text",
    "summary_line",
    "to_json",
    "write_csv",
]
