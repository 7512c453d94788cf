"""Text-based PDF files: ruled tables cell by cell, the rest as paragraphs (pages read by
:mod:`.pdf_engine`, laid out by :mod:`.pdf_layout`; tables without rulings by :mod:`.pdf_columns`).

Lines outside tables are joined into paragraphs by their indentation (a line that starts
further right than the page's left margin, or follows a short line, begins a paragraph).
Page-number lines such as "- 3 -" are dropped.
"""

from __future__ import annotations

import re

from ..errors import ImportFailed
from ..normalise import EMPTY
from . import pdf_limits
from .document import Piece, SourceDoc
from .pdf_columns import Block, column_blocks
from .pdf_engine import Page, open_pdf, read_page
from .pdf_layout import BBox, Line, find_tables, outside, table_rows, text_lines, words

MAX_PAGES = 80
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d+[-—–\s]*$|^第\s*\d+\s*页")
_CJK_PUNCT = "\u4e00-\u9fff，。；：、（）《》“”！？"
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK_PUNCT}])[ \t]+(?=[{_CJK_PUNCT}0-9A-Za-z%])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[0-9A-Za-z%.])[ \t]+(?=[{_CJK_PUNCT}])")


def tidy_line(text: str) -> str:
    """Drop the spaces a PDF puts between Chinese characters and digits ("2024 年" → "2024年")."""
    return _SPACE_BEFORE_CJK.sub("", _SPACE_AFTER_CJK.sub("", text.strip()))


def read_pdf(data: bytes, name: str) -> SourceDoc:
    """Pieces of a PDF: paragraphs and table cells of every page, top to bottom."""
    doc = SourceDoc(name=name, kind="pdf")
    with open_pdf(data, name) as document:
        count = len(document)
        if count > MAX_PAGES:
            doc.notes.append(f"PDF 共 {count} 页，只读取了前 {MAX_PAGES} 页")
        pages: list[Page] = []
        chars = 0
        try:
            for i in range(min(count, MAX_PAGES)):
                pages.append(read_page(document, i))
                chars = pdf_limits.check_page(name, pages[-1], chars)  # bounded work: before any layout
        except ImportFailed:
            raise
        except Exception as exc:  # PDFium met something it could not read
            raise ImportFailed(f"「{name}」读取 PDF 内容时出错（{exc or type(exc).__name__}），文件可能已损坏") from exc
    ruled = _read_pages(pages, doc)
    if not ruled:
        blocks = [column_blocks(words(page.chars)) for page in pages]
        if any(blocks):
            doc.pieces.clear()  # no ruled table anywhere: read the tables by their columns
            _read_pages(pages, doc, blocks)
            doc.cells_by_position = True
    if not any(p.text.strip() and p.text != EMPTY for p in doc.pieces):
        if any(page.images for page in pages):
            raise ImportFailed(
                f"「{name}」是扫描件：{len(pages)} 页都只有图片，没有文字层，本程序读不出图片中的文字"
                "（文件本身没有损坏）。请向发布单位索取可复制文字的 PDF、Word 文档或网页版；或用 WPS「图片转文字」等"
                " OCR 工具识别后，把识别出的文字存为 .txt 再导入（识别有误的数字只在表格自身的合计能印证时才采用）"
            )
        raise ImportFailed(f"「{name}」中没有可读取的文字（可能是扫描件或图片），无法导入")
    return doc


def _read_pages(pages: list[Page], doc: SourceDoc, blocks: list[list[Block]] | None = None) -> int:
    """Read every page into ``doc`` (with each page's unruled ``blocks``); returns how many ruled tables were found."""
    paragraph: list[str] = []
    where = ""
    ruled = 0
    for page in pages:
        where, found = _read_page(page, doc, paragraph, where, blocks[page.number - 1] if blocks else [])
        ruled += found
    if paragraph:
        doc.pieces.append(Piece("".join(paragraph), where))
    return ruled


Rows = list[list[str | None]]


def _tables_and_lines(page: Page, blocks: list[Block], doc_name: str) -> tuple[list[tuple[BBox, Rows]], list[Line]]:
    """The page's tables (ruled ones, then the unruled ``blocks``) and its text lines outside them."""
    tables: list[tuple[BBox, Rows]] = []
    for table in find_tables(page.edges):
        pdf_limits.check_table(doc_name, page.number, len(table.cells))
        rows = table_rows(table, page.chars)
        if rows and max(len(r) for r in rows) >= 2:
            tables.append((table.bbox, rows))
    chars = outside(page.chars, [bbox for bbox, _ in tables]) if tables else page.chars
    tables += [((0.0, b.top, page.width, b.bottom), b.rows) for b in blocks]
    lines = [
        ln
        for ln in text_lines(chars)
        if ln.text.strip()
        and not _PAGE_NUMBER.match(ln.text)
        and not any(b.top - 1 <= ln.top <= b.bottom + 1 for b in blocks)
    ]
    return tables, lines


def _read_page(page: Page, doc: SourceDoc, paragraph: list[str], where: str, blocks: list[Block]) -> tuple[str, int]:
    tables, lines = _tables_and_lines(page, blocks, doc.name)
    ruled = len(tables) - len(blocks)
    items: list[tuple[float, int, Line | Rows]] = [(ln.top, 1, ln) for ln in lines]
    items += [(bbox[1], 0, rows) for bbox, rows in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    margin = min((ln.x0 for ln in lines), default=0.0)
    right = max((ln.x1 for ln in lines), default=0.0)
    sizes = sorted(ln.chars[0].size for ln in lines if ln.chars)
    size = sizes[len(sizes) // 2] if sizes else 12.0
    previous_short = True
    for _, _, item in items:
        if not isinstance(item, Line):
            if paragraph:
                doc.pieces.append(Piece("".join(paragraph), where))
                paragraph.clear()
            _table_pieces(item, page.number, doc)
            previous_short = True
            continue
        starts_paragraph = item.x0 > margin + 0.8 * size or previous_short
        if starts_paragraph and paragraph:
            doc.pieces.append(Piece("".join(paragraph), where))
            paragraph.clear()
        if not paragraph:
            where = f"PDF第{page.number}页"
        paragraph.append(tidy_line(item.text))
        previous_short = item.x1 < right - 2 * size
    return where, ruled


def _table_pieces(rows: Rows, page_no: int, doc: SourceDoc) -> None:
    """One piece per cell (a merged cell once, an empty one as :data:`EMPTY`), row by row."""
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            text = cell.strip()
            doc.pieces.append(Piece(text if text else EMPTY, f"PDF第{page_no}页表格第{r}行第{c}格"))
