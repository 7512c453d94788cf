"""The machinery every text check shares: a text part prepared for patterns, pattern hits
cached per text, findings collected with their location, and the JSON data of the checks.

A text part is matched with punctuation made half-width and whitespace removed (line breaks
kept as "\\n"), so "2024 年" and "（二） 2020年工作计划" are found as well; :class:`Prepared`
maps every character back to the user's raw text, so a finding carries the span of the
user's own words and quotes them, not the normalised form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .findings import Finding, Severity
from .normalise import normalise
from .report import PREFACE, Report
from .resources import resource_path
from .values import Value

SNIPPET = 24
#: Characters that end a line for the patterns (they become "\n" in the prepared text).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Characters that end a sentence in a prepared text.
SENTENCE_END = "。;!?\n"
#: Punctuation a quote does not start with.
_LEADING_PUNCTUATION = frozenset(",、:)]>》」\"'")


@cache
def resource_json(name: str) -> dict[str, Any]:
    """A JSON file of ``resources/`` (read once)."""
    return json.loads(resource_path(name).read_text(encoding="utf-8"))


@cache
def rx(pattern: str) -> re.Pattern[str]:
    """The compiled pattern (compiled once)."""
    return re.compile(pattern)


@dataclass(frozen=True)
class Prepared:
    """A text part as the patterns see it, with the position in the raw text of each character."""

    raw: str
    text: str
    origin: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw text that prepared ``text[start:end]`` came from."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else len(self.raw)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The user's own words for prepared ``text[start:end]``, on one line."""
        a, b = self.raw_span(start, end)
        return " ".join(self.raw[a:b].split())

    def opening(self, limit: int = SNIPPET) -> tuple[int, int]:
        """Prepared offsets of the text's first words: up to the first sentence end or ``limit``."""
        end = 0
        while end < len(self.text) and end < limit and self.text[end] not in SENTENCE_END:
            end += 1
        if end < len(self.text) and self.text[end] in "。;!?" and end < limit:
            end += 1
        return 0, end


@lru_cache(maxsize=256)
def prepare(raw: str) -> Prepared:
    """Punctuation made half-width, whitespace removed, line breaks kept as "\\n".

    Cached: a check runs on every cell edit, while the text parts rarely change between checks.
    """
    norm = normalise(raw)  # same length as raw
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(norm):
        if ch in _LINE_BREAKS:
            if ch == "\n" and i > 0 and norm[i - 1] == "\r":
                continue  # \r\n is one break
            chars.append("\n")
            origin.append(i)
        elif not ch.isspace():
            chars.append(ch)
            origin.append(i)
    return Prepared(raw, "".join(chars), tuple(origin))


@dataclass(frozen=True)
class Hit:
    """One match of a pattern in a prepared text: where, its named groups, the words around it."""

    start: int
    end: int
    groups: dict[str, str | None]
    context_start: int  # where the quoted words begin (a little of the sentence before)


@lru_cache(maxsize=4096)
def hits(pattern: str, text: str) -> tuple[Hit, ...]:
    """Every match of ``pattern`` in a prepared ``text`` (a pure function of both, so cached)."""
    return tuple(
        Hit(m.start(), m.end(), m.groupdict(), _context_start(text, m.start(), m.end()))
        for m in rx(pattern).finditer(text)
    )


@lru_cache(maxsize=4096)
def found(pattern: str, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` (cached)."""
    return rx(pattern).search(text) is not None


def _context_start(text: str, start: int, end: int) -> int:
    """Start of the quoted words: up to 12 characters of the sentence before the match."""
    at = start
    while at > 0 and text[at - 1] not in SENTENCE_END and start - at < 12:
        at -= 1
    while at < start and text[at] in _LEADING_PUNCTUATION:
        at += 1
    return max(at, end - SNIPPET)


def part_name(report: Report, part: str) -> str:
    """The name of a text part in messages: 「报告开头」 or the section heading."""
    if part == PREFACE:
        return str(resource_json("text_checks.json")["preface_name"])
    for section in report.format.sections:
        if section.id == part:
            return section.heading
    return part


def filled_sum(report: Report, cells: tuple[str, ...]) -> Value | None:
    """The sum of ``cells``, or None when one of them is empty (never a partial sum)."""
    total: Value = 0
    for cell_id in cells:
        value = report.cells.get(cell_id)
        if value is None:
            return None
        total += value
    return total


@lru_cache(maxsize=256)
def char_count(text: str) -> int:
    """字数 as a clerk counts it: characters without spaces and line breaks."""
    return sum(1 for ch in text if not ch.isspace())


class Collector:
    """Findings of one check run: one per rule, place and cells, each with its part and raw span."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, str, int, tuple[str, ...]]] = set()
        self._places: set[tuple[str, str, int]] = set()

    def add(
        self,
        severity: Severity,
        rule: str,
        message: str,
        part: str,
        span: tuple[int, int],
        cells: tuple[str, ...] = (),
    ) -> None:
        """Add a finding unless the same rule already reported this place about these cells."""
        key = (rule, part, span[0], cells)
        if key not in self._seen:
            self._seen.add(key)
            self._places.add((rule, part, span[0]))
            self.findings.append(Finding(severity, rule, message, cells, part=part, span=span))

    def has(self, rule: str, part: str, span_start: int) -> bool:
        """Whether ``rule`` already reported this place."""
        return (rule, part, span_start) in self._places
