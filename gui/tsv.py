"""Tab-separated blocks, the format Excel and WPS put on the clipboard (Qt-free)."""

from __future__ import annotations

import csv
import io


def parse_block(text: str) -> list[list[str]]:
    """Split clipboard text into rows of cells.

    Rows end with ``\\n``, ``\\r\\n`` or ``\\r``; the trailing line break Excel adds is
    ignored; cells quoted by Excel (``"…"``, holding tabs or line breaks) are unquoted.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip("\n"):
        return []
    return [row or [""] for row in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]


def format_block(rows: list[list[str]]) -> str:
    """Join rows of cells into clipboard text that ``parse_block`` reads back unchanged."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n").writerows(rows)
    return out.getvalue().removesuffix("\n")
