"""A report written out in the forms users have it in: browser copy, Markdown, OCR text, workbook.

Each writer lays the official grid of the report's format out the way that tool does (a
browser's tab-separated rows without the cells covered by a merge, a converter's Markdown
with merged cells repeated or left empty, a workbook with merged ranges). The figures come
from the report given; the importer must read them back cell for cell.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from nianbao.core.formats import GridItem, TableDef
from nianbao.core.report import PREFACE, Report
from nianbao.core.values import format_value

ROOT_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def cell_text(report: Report, item: GridItem, blanks: frozenset[str] = frozenset()) -> str:
    """What the grid item shows: its label, or the figure of its cell ("" when blank or unset)."""
    if item.role != "data":
        return item.text
    if item.cell_id in blanks or item.cell_id not in report.cells:
        return ""
    return format_value(report.cells[item.cell_id])


def starts(table: TableDef) -> dict[tuple[int, int], GridItem]:
    """Grid position → the item whose top-left corner is there."""
    return {(i.row, i.col): i for i in table.items}


def document(report: Report, table_lines: Callable[[TableDef], Iterator[str]]) -> str:
    """The whole report as text: title, preface, then each part with its text or table."""
    out = [report.agency, f"{report.year}年政府信息公开工作年度报告", ""]
    if report.texts.get(PREFACE):
        out += [report.texts[PREFACE], ""]
    for section in report.format.sections:
        out.append(section.heading)
        if report.texts.get(section.id):
            out += report.texts[section.id].split("\n")
        if section.table:
            out += list(table_lines(report.format.table(section.table)))
        out.append("")
    return "\n".join(out) + "\n"


def browser_copy(report: Report, blanks: frozenset[str] = frozenset()) -> str:
    """What a browser gives for select-all and copy of the report page: one line per table row,
    cells joined by tabs, the cells covered by a merge left out, an empty cell an empty field."""

    def lines(table: TableDef) -> Iterator[str]:
        grid = starts(table)
        for r in range(table.n_rows):
            row = [cell_text(report, grid[(r, c)], blanks) for c in range(table.n_cols) if (r, c) in grid]
            if row:
                yield "\t".join(row)

    return document(report, lines)


def markdown(report: Report, blanks: frozenset[str] = frozenset(), repeat_merged: bool = False) -> str:
    """A PDF-to-Markdown converter's pipe tables: every grid position is a column; a merged
    cell's text is repeated in the positions it covers (``repeat_merged``) or they stay empty;
    the header rows come before the delimiter row; line breaks inside a cell are ``<br>``."""

    def lines(table: TableDef) -> Iterator[str]:
        grid = starts(table)
        for r in range(table.n_rows):
            cells = []
            for c in range(table.n_cols):
                item = table.item_at(r, c)
                own = grid.get((r, c)) is item
                text = cell_text(report, item, blanks) if own or (repeat_merged and item.role != "data") else ""
                cells.append(_wrap(text))
            yield "| " + " | ".join(cells) + " |"
            if r == max(table.header_rows(), 1) - 1:
                yield "|" + "|".join(["---"] * table.n_cols) + "|"

    return document(report, lines)


def _wrap(text: str, width: int = 12) -> str:
    """A long label broken over lines inside its cell, as a converter writes it (``<br>``)."""
    if len(text) <= width:
        return text
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def workbook(
    report: Report, path: Path, blanks: frozenset[str] = frozenset(), one_sheet: bool = False, title: str = ""
) -> None:
    """The three tables in an .xlsx laid out like the official tables (merged ranges, numbers as
    numbers), one sheet per table or all on one sheet with a blank row between them; ``title``
    in a merged first row of the first sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    top = 1
    if title:
        sheet.cell(row=1, column=1, value=title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for n, section in enumerate(s for s in report.format.sections if s.table):
        table = report.format.table(section.table)
        if not one_sheet:
            sheet = book.active if n == 0 else book.create_sheet()
            sheet.title = table.name
            top = 3 if title and n == 0 else 1
        elif n == 0 and title:
            top = 3
        for item in table.items:
            row, col = top + item.row, 1 + item.col
            text = cell_text(report, item, blanks)
            value: object = text
            if item.role == "data" and text:
                value = report.cells[item.cell_id]
            sheet.cell(row=row, column=col, value=value if text else None)
            if item.rowspan > 1 or item.colspan > 1:
                sheet.merge_cells(
                    start_row=row, start_column=col, end_row=row + item.rowspan - 1, end_column=col + item.colspan - 1
                )
        top += table.n_rows + 1
    book.save(path)


# ------------------------------------------------------------------------------ OCR noise

ZERO_LOOKALIKES = ("O", "o", "〇")
ONE_LOOKALIKES = ("l", "|", "I")
FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def ocr_text(report: Report, seed: int = 1, misread: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """The report as an OCR engine reads a scan of it: table rows as lines with borders read as
    "|", digits misread (O for 0, l or | for 1), full-width digits, a stray space inside a number,
    long labels split over two lines and characters misread (``misread``: right → wrong text).

    Returns the text and the ids of the cells whose figure was misread (the importer may take
    those only where the table's sums confirm them).
    """
    rnd = random.Random(seed)
    noisy: set[str] = set()

    def figure(cell_id: str, text: str) -> str:
        if not text:
            return ""
        out = text
        roll = rnd.random()
        if text == "0" and roll < 0.35:
            out = rnd.choice(ZERO_LOOKALIKES)
        elif "1" in text and roll < 0.5:
            out = text.replace("1", rnd.choice(("l", "|")), 1)
        elif len(text) >= 2 and roll < 0.6:
            out = text[0] + " " + text[1:]
        elif roll < 0.75:
            out = "".join(FULL_WIDTH.get(ch, ch) for ch in text)
        if out != text and out != "".join(FULL_WIDTH.get(ch, ch) for ch in text):
            noisy.add(cell_id)
        return out

    def lines(table: TableDef) -> Iterator[str]:
        grid = starts(table)
        for r in range(table.n_rows):
            labels: list[str] = []
            figures: list[str] = []
            for c in range(table.n_cols):
                item = grid.get((r, c))
                if item is None:
                    continue
                text = cell_text(report, item)
                if item.role == "data":
                    figures.append(figure(item.cell_id or "", text))
                else:
                    labels.append(_misread(text, misread))
            label = " ".join(labels)
            first, rest = (label[: len(label) // 2], label[len(label) // 2 :]) if len(label) > 24 else (label, "")
            yield " | ".join([first, *figures]) if figures else first
            if rest:
                yield rest

    return document(report, lines), noisy


def _misread(text: str, misread: dict[str, str] | None) -> str:
    for right, wrong in (misread or {}).items():
        text = text.replace(right, wrong)
    return text


# ------------------------------------------------------------------------------ from a real PDF


def pdf_tables_as_text(path: Path, style: str) -> str:
    """A published PDF as a user would paste its web version: prose lines as they are, each
    table row one line — ``"tabs"`` as a browser copies it (cells covered by a merge left out),
    ``"markdown"`` as a converter writes it (covered cells empty, a delimiter after the first row).
    """
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            outside = page
            for table in tables:
                outside = outside.outside_bbox(table.bbox, strict=False)
            items: list[tuple[float, list[str]]] = [(ln["top"], [ln["text"]]) for ln in outside.extract_text_lines()]
            for table in tables:
                items.append((table.bbox[1], _table_lines(table.extract(), style)))
            for _, lines in sorted(items, key=lambda item: item[0]):
                out += lines
    return "\n".join(out) + "\n"


def _table_lines(rows: list[list[str | None]], style: str) -> list[str]:
    lines = []
    for r, row in enumerate(rows):
        cells = [(c or "").replace("\n", "") for c in row]
        if style == "tabs":
            lines.append("\t".join((c or "").replace("\n", "") for c in row if c is not None))
        else:
            lines.append("|" + "|".join(cells) + "|")
            if r == 0:
                lines.append("|" + "|".join(["---"] * len(row)) + "|")
    return lines


# ------------------------------------------------------------------------------ PDF without rulings


def unruled_pdf(report: Report, path: Path, blanks: frozenset[str] = frozenset()) -> None:
    """The report as a text PDF whose tables have no ruling lines: each grid row a line (or more,
    where a long label wraps), figures right-aligned in their column, an empty cell left empty."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    font = "FandolSong"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(ROOT_FONTS / "FandolSong-Regular.ttf")))
    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    y = [height - 60]

    def line(text: str, x: float = 60, size: float = 10, step: float = 15) -> None:
        if y[0] < 60:
            canvas.showPage()
            y[0] = height - 60
        canvas.setFont(font, size)
        canvas.drawString(x, y[0], text)
        y[0] -= step

    for text in document(report, lambda table: iter(())).split("\n"):
        if not text:
            continue
        section = next((s for s in report.format.sections if s.heading == text and s.table), None)
        for chunk in _lines_of(text, 38):
            line(chunk)
        if section is None:
            continue
        table = report.format.table(section.table or "")
        grid = starts(table)
        left, right = 60.0, width - 50
        data_cols = sorted({c.col for c in table.cells})
        first = data_cols[0]
        label_width = 150 if first > 0 else 0
        col_w = (right - left - label_width) / max(1, table.n_cols - first)
        for r in range(table.n_rows):
            items = [grid[(r, c)] for c in range(table.n_cols) if (r, c) in grid]
            labels = [i for i in items if i.role != "data" and i.col < first]
            heads = [i for i in items if i.role != "data" and i.col >= first]
            data = [i for i in items if i.role == "data"]
            label_lines = _lines_of(" ".join(i.text for i in labels), 12) if labels else []
            head_width = {i.col: max(2, int(col_w * i.colspan / 9.5)) for i in heads}
            head_lines = max((len(_lines_of(i.text, head_width[i.col])) for i in heads), default=0)
            rows = max(1, len(label_lines), head_lines)
            if y[0] - rows * 13 < 60:
                canvas.showPage()
                y[0] = height - 60
            canvas.setFont(font, 9)
            for k, text in enumerate(label_lines):
                canvas.drawString(left, y[0] - k * 12, text)
            for item in heads:
                x = left + label_width + (item.col - first) * col_w
                for k, text in enumerate(_lines_of(item.text, head_width[item.col])):
                    canvas.drawString(x + 1, y[0] - k * 12, text)
            for item in data:
                text = cell_text(report, item, blanks)
                if text:
                    x = left + label_width + (item.col - first + 1) * col_w - 4
                    canvas.drawRightString(x, y[0], text)
            y[0] -= rows * 12 + 4
        y[0] -= 8
    canvas.save()


def _lines_of(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def without_rulings(pdf_path: Path, out: Path) -> None:
    """A published PDF drawn again with its words where they stood and no ruling lines: the
    same page, as a text PDF whose tables are laid out by whitespace only."""
    import pdfplumber
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    font = "FandolSong"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(ROOT_FONTS / "FandolSong-Regular.ttf")))
    with pdfplumber.open(pdf_path) as pdf:
        canvas = Canvas(str(out), pagesize=(pdf.pages[0].width, pdf.pages[0].height))
        for page in pdf.pages:
            for char in page.chars:
                canvas.setFont(font, char["size"])
                canvas.drawString(char["x0"], page.height - char["bottom"] + 0.2 * char["size"], char["text"])
            canvas.showPage()
        canvas.save()
