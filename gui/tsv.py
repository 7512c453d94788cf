"""Tab-separated blocks, the format Excel and WPS put on the clipboard (Qt-free)."""

from __future__ import annotations


def parse_block(text: str) -> list[list[str]]:
    """Split clipboard text into rows of cells.

    Rows end with ``\\n``, ``\\r\\n`` or ``\\r``; one trailing line break (Excel always adds
    one) is ignored. Cells quoted by Excel (``"…"``) are unquoted.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [[_unquote(cell) for cell in line.split("\t")] for line in text.split("\n")]


def _unquote(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def format_block(rows: list[list[str]]) -> str:
    """Join rows of cells into clipboard text that ``parse_block`` reads back unchanged."""
    return "\n".join("\t".join(_quote(cell) for cell in row) for row in rows)


def _quote(cell: str) -> str:
    if any(ch in cell for ch in '\t\n\r"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
