"""What every reader produces: the document as a sequence of pieces of text.

A piece is a line of text, a paragraph or one table cell. Joined with line breaks they
form one string in which labels, headings and values are found; each piece remembers
where it came from (line, page, table cell) so messages can point there.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..normalise import Squeezed, normalise, squeeze


@dataclass(frozen=True)
class Piece:
    """One line, paragraph or table cell and where it is in the file (e.g. "第12行")."""

    text: str
    where: str


@dataclass
class SourceDoc:
    """The readable content of one file, in reading order."""

    name: str
    kind: str  # "text" | "html" | "docx" | "pdf" | "xlsx"
    pieces: list[Piece] = field(default_factory=list)
    title_hint: str = ""  # a title given outside the body (HTML <title>, capture header)
    published_hint: str = ""  # ISO date given outside the body
    truncated_at: str = ""  # where a capture says the page was cut off
    ends_cleanly: bool = True  # False when the text stops in the middle of a number
    notes: list[str] = field(default_factory=list)  # Chinese remarks made while reading
    cells_by_position: bool = False  # a PDF's tables read by the columns their figures stand in (no rulings)
    ocr_evidence: str = ""  # where the text shows OCR marks ("第12行「1O」"): its figures need confirming

    def flat(self) -> tuple[str, list[int]]:
        """All pieces joined by line breaks, and the start offset of each piece."""
        starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for piece in self.pieces:
            starts.append(pos)
            parts.append(piece.text)
            pos += len(piece.text) + 1
        return "\n".join(parts), starts


def where_at(doc: SourceDoc, starts: list[int], offset: int) -> str:
    """The location (e.g. "第12行") of the piece holding ``offset`` of the flat text."""
    if not doc.pieces:
        return ""
    i = max(0, bisect.bisect_right(starts, offset) - 1)
    return doc.pieces[i].where


@dataclass(frozen=True)
class DocText:
    """A document's pieces as one text: original, normalised and squeezed, with locations."""

    doc: SourceDoc
    original: str
    starts: list[int]  # start offset of each piece in ``original``
    normalised: str
    sq: Squeezed

    @classmethod
    def of(cls, doc: SourceDoc) -> DocText:
        """Join the pieces of ``doc`` and build its normalised and squeezed copies."""
        original, starts = doc.flat()
        normalised = normalise(original)
        return cls(doc, original, starts, normalised, squeeze(normalised))

    @property
    def end(self) -> int:
        """The squeezed length (the position after the last character)."""
        return len(self.sq.text)

    def between(self, begin: int, end: int) -> str:
        """Original text between squeezed positions ``begin`` and ``end``."""
        return self.original[self.sq.start_of(begin) : self.sq.start_of(end)]

    def where(self, q: int) -> str:
        """The file and place of squeezed position ``q`` for messages, e.g. "「年报.txt」第12行"."""
        place = where_at(self.doc, self.starts, self.sq.start_of(q))
        return f"「{self.doc.name}」{place}" if place else f"「{self.doc.name}」"
