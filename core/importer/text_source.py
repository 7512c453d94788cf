"""Plain text copied from a web page or a converter: cells one per line, tab-indented,
" | "-separated, a browser's tab-separated rows, or Markdown pipe tables.

A line of tab-separated fields (what a browser gives when a table is copied) and a row of a
Markdown table are one table row: every field is a cell, an empty field an empty cell, and
the row ends with a row break so the next row's cells are never taken for this one's.
"""

from __future__ import annotations

import re

from ..normalise import EMPTY, ROW_BREAK
from .document import Piece, SourceDoc
from .encoding import decode
from .ocr import ocr_evidence
from .pdf_source import tidy_line

_SEPARATOR_LINE = re.compile(r"^\s*={10,}(?:\s*正文\s*=+)?\s*$")
_ENVELOPE_START = re.compile(r"^\s*(?:https?://|SOURCE:)", re.IGNORECASE)
_META_LINE = re.compile(r"^\s*(标题|发布时间|发布日期)\s*[:：]\s*(.*?)\s*$")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TRUNCATED = re.compile(r"^\s*\[TRUNCATED\]\s*$")
_MD_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PAGE_NUMBER = re.compile(r"^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$")


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode text bytes (BOM, UTF-16, UTF-8, GB18030 or Big5); a note if it had to guess."""
    return decode(data)


def _strip_envelope(lines: list[str], doc: SourceDoc) -> int:
    """Skip a capture header (address, note, ==== line); returns the first body line index."""
    if not lines or not _ENVELOPE_START.match(lines[0]):
        return 0
    last = -1
    for i, line in enumerate(lines[:20]):
        if _SEPARATOR_LINE.match(line):
            last = i
    if last < 0:
        return 0
    for line in lines[1:last]:
        m = _META_LINE.match(line)
        if not m:
            continue
        if m.group(1) == "标题":
            doc.title_hint = m.group(2)
        else:
            d = _DATE.search(m.group(2))
            if d:
                doc.published_hint = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    return last + 1


def markdown_rows(lines: list[str]) -> set[int]:
    """Indices of the lines that are rows of a Markdown table (a run of "|" lines with a delimiter row)."""
    rows: set[int] = set()
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("|"):
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("|"):
            j += 1
        if any(_MD_DELIMITER.match(lines[k]) for k in range(i, j)):
            rows.update(range(i, j))
        i = j
    return rows


def markdown_cells(line: str) -> list[str]:
    """The cells of a Markdown table row; a cell repeating its left neighbour (a merged cell) once."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells: list[str] = []
    for raw in re.split(r"(?<!\\)\|", body):
        cell = _MD_EMPHASIS.sub("", _MD_BREAK.sub(" ", raw)).replace("\\|", "|").strip()
        if cell and cells and cell == cells[-1] and not cell.replace(".", "").isdigit():
            continue  # a merged cell the converter repeated in every column it spans
        cells.append(cell)
    return cells


def _row_pieces(doc: SourceDoc, cells: list[str], where: str) -> None:
    """One table row: a piece per cell (``EMPTY`` for an empty one), then a row break.

    A row with text in its first cell only is a label (a block title, or the first line of
    a label the converter broke over two rows): just its text, so the label reads on.
    """
    if cells and cells[0] and not any(cells[1:]):
        doc.pieces.append(Piece(cells[0], where))
        return
    for cell in cells:
        doc.pieces.append(Piece(cell if cell else EMPTY, where))
    doc.pieces.append(Piece(ROW_BREAK, where))


def read_text(text: str, name: str, kind: str = "text") -> SourceDoc:
    """Split text into pieces: one per line, lines cut at tabs and "|" (table cells)."""
    doc = SourceDoc(name=name, kind=kind)
    lines = text.splitlines()
    first = _strip_envelope(lines, doc)
    table_rows = markdown_rows(lines)
    doc.ocr_evidence = ocr_evidence(lines)
    stripped = text.rstrip(" ")
    doc.ends_cleanly = not (stripped[-1:].isdigit() and not stripped.endswith(("\n", "\r")))
    for number, line in enumerate(lines[first:], start=first + 1):
        if _TRUNCATED.match(line):
            doc.truncated_at = f"第{number}行"
            break
        where = f"第{number}行"
        if number - 1 in table_rows:
            if not _MD_DELIMITER.match(line):
                _row_pieces(doc, markdown_cells(line), where)
        elif not _PAGE_NUMBER.match(line):  # a page footer ("- 3 -") of a converted or scanned document
            if table_rows:  # a Markdown document: headings and emphasis marks are not text, nor a PDF's spaces
                line = tidy_line(_MD_EMPHASIS.sub("", _MD_HEADING.sub("", line)))
            _read_line(doc, line, where)
    return doc


def _read_line(doc: SourceDoc, line: str, where: str) -> None:
    """One line of plain text: a blank line, a row of tab-separated cells, a tab-indented cell, or text."""
    if not line.strip() and "\t" not in line:
        if doc.pieces and doc.pieces[-1].text != ROW_BREAK:
            doc.pieces.append(Piece(ROW_BREAK, where))
        return
    if "\t" in line:
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) >= 3 or (len(fields) == 2 and fields[0]):
            _row_pieces(doc, fields, where)  # a row copied from a browser: the tab positions are the cells
            return
        fields = fields[1:] if line.startswith("\t") else fields  # one tab-indented cell
        for part in fields:
            doc.pieces.append(Piece(part if part else EMPTY, where))
        return
    for part in [line] if doc.ocr_evidence else line.split("|"):  # in OCR text a "|" may be a 1
        part = part.strip()
        if part:
            doc.pieces.append(Piece(part, where))
