"""Saved web pages, read with the standard library's HTML parser (nothing is fetched or run).

Table cells become pieces in markup order, which is the reading order of a table with
row and column spans; an empty cell becomes an ``EMPTY`` piece. Character references
are the HTML ones only: a ``<!DOCTYPE>``/``<!ENTITY>`` declaration is ignored, never expanded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..normalise import EMPTY
from .document import Piece, SourceDoc
from .encoding import decode
from .limits import MAX_CHARS, MAX_PIECES, MAX_TAGS, too_much

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object"}
_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "tr",
    "caption",
    "center",
}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_ENCODINGS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "big5": "big5",
}


def decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode page bytes using the BOM, UTF-16, the declared charset, UTF-8, GB18030 or Big5."""
    m = _CHARSET.search(data[:4096])
    declared = _ENCODINGS.get(m.group(1).decode("ascii").lower()) if m else None
    text, note = decode(data, declared)
    return text, note.replace("文件", "网页", 1) if note else None


class _PageReader(HTMLParser):
    def __init__(self, doc: SourceDoc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.table_no = 0
        self.table_depth = 0
        self.row = 0
        self.col = 0
        self.cell_open = False
        self.buffer: list[str] = []
        self.paragraph = 0
        self.tags = 0
        self.chars = 0

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        if self.cell_open:
            return
        if text:
            self.paragraph += 1
            self.doc.pieces.append(Piece(text, f"网页正文第{self.paragraph}段"))

    def _end_cell(self) -> None:
        if not self.cell_open:
            return
        text = "".join(self.buffer).strip()
        self.buffer = []
        self.cell_open = False
        where = f"网页表格{self.table_no}第{self.row}行第{self.col}格"
        self.doc.pieces.append(Piece(text if text else EMPTY, where))

    def _count(self, tags: int, chars: int) -> None:
        """Stop a page beyond the limits (:mod:`limits`) before it costs more."""
        self.tags += tags
        self.chars += chars
        if self.tags > MAX_TAGS:
            raise too_much(self.doc.name, "标签", None, MAX_TAGS)
        if self.chars > MAX_CHARS:
            raise too_much(self.doc.name, "文字", None, MAX_CHARS)
        if len(self.doc.pieces) > MAX_PIECES:
            raise too_much(self.doc.name, "段落和表格单元格", None, MAX_PIECES)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count(1, 0)
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "table":
            self._end_cell()
            self._flush()
            self.table_depth += 1
            self.table_no += 1
            self.row = 0
        elif tag == "tr":
            self._end_cell()
            self.row += 1
            self.col = 0
        elif tag in ("td", "th"):
            self._end_cell()
            self._flush()
            self.cell_open = True
            self.col += 1
        elif tag in _BLOCK:
            if self.cell_open:
                self.buffer.append("\n")
            else:
                self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count(1, 0)
        if tag in _BLOCK and not self.skip_depth:
            if self.cell_open:
                self.buffer.append("\n")
            else:
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = False
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "table":
            self._end_cell()
            self.table_depth = max(0, self.table_depth - 1)
        elif tag in _BLOCK and not self.cell_open:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self._count(0, len(data))
        if self.in_title:
            self.title += data
            return
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._end_cell()
        self._flush()


def read_html(text: str, name: str) -> SourceDoc:
    """Pieces of a saved page: paragraphs outside tables and one piece per table cell."""
    doc = SourceDoc(name=name, kind="html")
    reader = _PageReader(doc)
    reader.feed(text)
    reader.close()
    doc.title_hint = " ".join(reader.title.split())
    return doc
