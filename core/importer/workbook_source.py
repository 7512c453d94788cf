"""Workbooks of the tables (.xlsx, and WPS .et saved as OOXML), read with openpyxl.

Offices exchange the three tables as a workbook laid out like the official tables: labels
in merged cells, one figure per cell. Every sheet is read row by row; a merged range is read
once (its top-left cell), an empty cell inside the used range is an empty cell, and each row
ends with a row break, as a row pasted from a browser does. Formulas are not evaluated: the
value Excel/WPS saved with the formula is taken (a formula saved without one reads as blank).
The zip container is checked like a .docx before openpyxl opens it.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..errors import ImportFailed
from ..normalise import EMPTY, ROW_BREAK
from .document import Piece, SourceDoc
from .docx_source import check_container

MAX_CELLS = 200_000  # rows × columns read per sheet; the official tables have a few hundred


def _text(value: Any) -> str:
    """A cell value as the text a user sees (numbers without a float's noise)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def read_workbook(data: bytes, name: str) -> SourceDoc:
    """Pieces of a workbook: every sheet's rows, cell by cell, in sheet order."""
    check_container(data, name, "xl/workbook.xml", "Excel/WPS 工作簿", ".xlsx")
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ImportFailed(f"「{name}」无法作为 Excel 工作簿读取（{type(exc).__name__}），文件可能已损坏") from exc
    doc = SourceDoc(name=name, kind="xlsx")
    for sheet in book.worksheets:
        covered = {
            (r, c)
            for rng in sheet.merged_cells.ranges
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
            if (r, c) != (rng.min_row, rng.min_col)
        }
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            doc.notes.append(f"工作表「{sheet.title}」过大（{sheet.max_row} 行 × {sheet.max_column} 列），未读取")
            continue
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_text(v) for c, v in enumerate(row, start=1) if (r, c) not in covered]
            _add_row(doc, cells, f"工作表「{sheet.title}」第{r}行")
    if not any(p.text not in (EMPTY, ROW_BREAK) for p in doc.pieces):
        raise ImportFailed(f"「{name}」的工作表都是空的，没有可导入的内容")
    return doc


def _add_row(doc: SourceDoc, cells: list[str], where: str) -> None:
    if not any(cells):
        if doc.pieces and doc.pieces[-1].text != ROW_BREAK:
            doc.pieces.append(Piece(ROW_BREAK, where))
        return
    if cells[0] and not any(cells[1:]):  # a title or label on its own
        doc.pieces.append(Piece(cells[0], where))
        return
    for cell in cells:
        doc.pieces.append(Piece(cell if cell else EMPTY, where))
    doc.pieces.append(Piece(ROW_BREAK, where))
