"""How much of a file the importer reads: the limits that keep any import within 10 s and 500 MB.

A published report has a few thousand characters in a few hundred pieces (the largest real
one here: 6 000 characters, 300 pieces); the limits are a hundred times that and more, and a
file beyond them is refused with a message that says which limit it met, before the work
that would make the window stop answering. The PDF reader has its own counts
(:mod:`pdf_guard`), the Word reader its unpacking limits (:mod:`docx_source`).
"""

from __future__ import annotations

from ..errors import ImportFailed

MAX_FILE_BYTES = 50 * 1024 * 1024  # any file (a saved page may carry pictures inline)
MAX_CHARS = 1_000_000  # characters of text, after decoding (a report: 3 000–20 000)
MAX_PIECES = 100_000  # lines, paragraphs and table cells (a report: 100–1 000)
MAX_TAGS = 150_000  # HTML start tags (a saved page: 2 000–20 000)


def too_much(name: str, what: str, found: int | None, limit: int) -> ImportFailed:
    """「x」的文字太多（超过 100 万个字符）…: a refusal naming the limit met."""
    seen = f"{found:,} 个，" if found is not None else ""
    return ImportFailed(
        f"「{name}」的{what}太多（{seen}上限 {limit:,} 个），不像是一份年度报告；为免程序长时间没有响应，已拒绝导入",
        path=name,
    )
