"""Text normalisation for matching labels: one punctuation form, whitespace made optional.

Published reports write the official labels with full- or half-width punctuation, with
spaces or line breaks inside labels ("商业 企业") and with "1、" for "1.". Matching is
done on a *squeezed* copy of the normalised text (whitespace removed) that remembers,
for every character, where it came from, so values and paragraphs can be read from the
original afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Marks a table cell that was present but empty (HTML, Word, PDF and tab-indented text).
EMPTY = "\u2400"
#: A blank line of plain text (whitespace, so labels match across it; it separates table rows).
ROW_BREAK = "\u2029"

_PAIRS = {
    "\u3000": " ",
    "\xa0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": " ",
    "\ufeff": " ",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "〔": "[",
    "〕": "]",
    "【": "[",
    "】": "]",
    "〈": "<",
    "〉": ">",
    "—": "-",
    "–": "-",
    "−": "-",
    "﹣": "-",
    "·": ".",
}
# Full-width ASCII (U+FF01..U+FF5E) to ASCII.
_PAIRS.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
_TABLE = str.maketrans(_PAIRS)
_DIGIT_COMMA = re.compile(r"(?<=\d)、")
_WHITESPACE = re.compile(r"\s+")
_ENUMERATOR = re.compile(r"^(\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


def normalise(text: str) -> str:
    """Half-width punctuation and digits, one kind of quote and dash; same length as ``text``."""
    return _DIGIT_COMMA.sub(".", text.translate(_TABLE))


def skeleton(text: str) -> str:
    """Normalised text without any whitespace: the form labels are compared in."""
    return _WHITESPACE.sub("", normalise(text))


@dataclass(frozen=True)
class Squeezed:
    """Normalised text without whitespace, with the original position of every character."""

    text: str
    origin: tuple[int, ...]
    length: int  # length of the text it was made from

    def start_of(self, q: int) -> int:
        """Original position of squeezed position ``q`` (a start; ``len`` maps to the end)."""
        return self.origin[q] if q < len(self.origin) else self.length

    def end_of(self, q: int) -> int:
        """Original position just after squeezed end position ``q``."""
        return self.origin[q - 1] + 1 if q > 0 else 0


def squeeze(normalised: str) -> Squeezed:
    """Drop whitespace from already-normalised text, keeping a map back to it."""
    keep = [i for i, ch in enumerate(normalised) if not ch.isspace()]
    return Squeezed("".join(normalised[i] for i in keep), tuple(keep), len(normalised))


@lru_cache(maxsize=4096)
def label_regex(label: str) -> str:
    """A regex (for squeezed text) matching ``label`` with its leading enumerator optional.

    "1.属于国家秘密" also matches "1、属于国家秘密" and "属于国家秘密"; "（一）予以公开" also
    "(一)予以公开" and "予以公开".
    """
    sk = skeleton(label)
    m = _ENUMERATOR.match(sk)
    if m and len(sk) > len(m.group(0)) + 1:
        return f"(?:{re.escape(m.group(0))})?{re.escape(sk[m.end() :])}"
    return re.escape(sk)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
