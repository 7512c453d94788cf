"""Bounded work on a PDF: what a page may hold before the layout is worked out.

PDFium reads a page fast, but the layout that follows is Python: a page of 16 000 figures on
one line, or a 150 × 150 grid of ruled lines (22 500 table cells a page, 80 pages), took minutes.
These counts are checked as each page is read, so such a file is refused before that work
(a page of the 淮安 or 洪泽 reports: ≤ 700 characters, ≤ 200 path segments, tables of ≤ 300
cells). The PDF reader reads at most 80 pages (:data:`pdf_source.MAX_PAGES`).
"""

from __future__ import annotations

from ..errors import ImportFailed
from .pdf_engine import Page

MAX_PAGE_CHARS = 10_000
MAX_CHARS = 150_000
MAX_PAGE_EDGES = 20_000  # straight pieces of drawn paths (ruling lines, rectangle sides)
MAX_TABLE_CELLS = 2_000  # one ruled table (the official ones: 50–300)


def _refuse(name: str, where: str, what: str, found: int, limit: int) -> ImportFailed:
    return ImportFailed(
        f"「{name}」{where}的{what}太多（{found:,} 个，上限 {limit:,} 个），不像是一份年度报告；"
        "为免程序长时间没有响应，已拒绝导入",
        path=name,
    )


def check_page(name: str, page: Page, chars_so_far: int) -> int:
    """Refuse a page beyond the limits; returns the characters read so far including this page."""
    where = f"第{page.number}页"
    if len(page.chars) > MAX_PAGE_CHARS:
        raise _refuse(name, where, "文字", len(page.chars), MAX_PAGE_CHARS)
    if len(page.edges) > MAX_PAGE_EDGES:
        raise _refuse(name, where, "线条", len(page.edges), MAX_PAGE_EDGES)
    total = chars_so_far + len(page.chars)
    if total > MAX_CHARS:
        raise _refuse(name, f"前 {page.number} 页", "文字合计", total, MAX_CHARS)
    return total


def check_table(name: str, page_number: int, cells: int) -> None:
    """Refuse a ruled table with more cells than a report's table can have."""
    if cells > MAX_TABLE_CELLS:
        raise _refuse(name, f"第{page_number}页", "表格格子", cells, MAX_TABLE_CELLS)
