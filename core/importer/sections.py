"""Where the six parts start, and their text as paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..formats import Format
from ..normalise import EMPTY, Squeezed
from .data import import_data

_SENTENCE_END = ("。", "；", "！", "？", "：", ":", ";", "!", "?", "）", ")")


@dataclass(frozen=True)
class Heading:
    """A section heading found in the squeezed text."""

    section: str
    start: int  # squeezed positions
    end: int


@cache
def _heading_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    data = import_data()["section_headings"]
    return {sid: tuple(re.compile(p) for p in pats) for sid, pats in data.items()}


def find_headings(fmt: Format, sq: Squeezed, begin: int = 0) -> list[Heading]:
    """The section headings in reading order; a heading that cannot be found is skipped."""
    found: list[Heading] = []
    pos = begin
    patterns = _heading_patterns()
    for section in fmt.sections:
        best: re.Match[str] | None = None
        for rx in patterns.get(section.id, ()):
            m = rx.search(sq.text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is not None:
            found.append(Heading(section.id, best.start(), best.end()))
            pos = best.end()
    return found


def paragraphs(text: str, join_wrapped: bool = False) -> str:
    """Clean text of a part: one paragraph per line, blank lines and empty-cell marks dropped.

    ``join_wrapped`` joins lines that do not end a sentence (text of a PDF, whose lines
    were wrapped at the page width).
    """
    lines = [ln.strip() for ln in text.replace(EMPTY, "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if not join_wrapped:
        return "\n".join(lines)
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_SENTENCE_END):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
