"""The office's overview workbook of a batch (.xlsx): the roster, one row per finding, the comments.

Sheet 名册 is the roster as the window shows it (with the review's counts), 问题 one row per
finding of every file of the batch's year with the reviewer's decision and comment, 意见 the
free comments per body. Written with XlsxWriter (the report's Excel export uses it too),
atomically.
"""

from __future__ import annotations

import io
import os

from .atomic import write_bytes_atomic
from .batch_roster import Batch
from .errors import ExportError, write_failed
from .review import STATUS_LABELS, Review
from .review_sheet import where_text

ROSTER_HEADER = [
    "单位",
    "层级",
    "年度",
    "格式",
    "错误",
    "警告",
    "来源文件",
    "发布日期",
    "状态",
    "确认",
    "忽略",
    "未处理",
]
FINDINGS_HEADER = ["单位", "来源文件", "年度", "严重程度", "规则", "问题", "位置", "审核结论", "审核意见"]
COMMENTS_HEADER = ["单位", "意见"]


def overview_rows(batch: Batch, review: Review) -> tuple[list[list[object]], list[list[object]], list[list[object]]]:
    """(名册, 问题, 意见) rows, headers not included."""
    roster: list[list[object]] = []
    findings: list[list[object]] = []
    for row in batch.rows(review):
        counts: list[object] = ["", "", ""]
        if row.entry is not None and batch.is_reviewed(row.entry):
            key = review.key_for(batch.body_name(row.entry))
            if key in review.bodies:
                counts = list(review.bodies[key].counts())
        errors = "" if row.errors is None else row.errors
        warnings = "" if row.warnings is None else row.warnings
        roster.append(
            [
                row.name,
                row.level,
                row.year,
                row.format,
                errors,
                warnings,
                row.source,
                row.published,
                row.status,
                *counts,
            ]
        )
    for i, entry in enumerate(batch.entries):
        if entry is None or not batch.is_reviewed(i):
            continue
        name = batch.body_name(i)
        body = review.bodies.get(review.key_for(name))
        for f in entry.findings:
            decision = body.decision(f) if body is not None else None
            findings.append(
                [
                    name,
                    entry.path.name,
                    entry.report.year if entry.report else "",
                    f.severity.label,
                    f.rule,
                    f.message,
                    where_text(f, entry.report),
                    STATUS_LABELS[decision.status] if decision else "",
                    decision.comment if decision else "",
                ]
            )
    comments: list[list[object]] = [
        [name, c] for name, body in review.bodies.items() for c in body.comments if c.strip()
    ]
    return roster, findings, comments


def render_overview(batch: Batch, review: Review) -> bytes:
    """The workbook as bytes."""
    import xlsxwriter

    roster, findings, comments = overview_rows(batch, review)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DFE5EE", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    for title, header, rows, widths in (
        ("名册", ROSTER_HEADER, roster, [24, 10, 6, 14, 6, 6, 24, 11, 48, 6, 6, 7]),
        ("问题", FINDINGS_HEADER, findings, [22, 22, 6, 8, 20, 70, 40, 8, 30]),
        ("意见", COMMENTS_HEADER, comments, [24, 90]),
    ):
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, header, head)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        for r, values in enumerate(rows, 1):
            sheet.write_row(r, 0, values, wrap)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)
    book.set_properties({"title": "年度报告审核汇总", "comments": "nianbao"})
    book.close()
    return buffer.getvalue()


def write_overview(batch: Batch, review: Review, path: str | os.PathLike[str]) -> None:
    """Write the overview workbook atomically; raises :class:`ExportError` naming the file."""
    data = render_overview(batch, review)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise ExportError(write_failed("审核汇总表（Excel）", path, exc), path=path) from exc
