"""Text an OCR engine made of a scanned report: every way a row's figures can be read.

OCR misreads figures in known ways: O or 〇 for 0, l, I, | or ! for 1, a table border read
as | or I (or as a 1 glued to the figure beside it), a stray space inside a number. A row of
such text has several readings; which one is right is decided by the table's own sums
(``splitting.narrow`` and the confirmation in ``tables``), never by taste. Each figure of a
reading remembers the original text it came from, so a message can name line and text.

A document is taken for OCR text when a line of figures shows such marks (``ocr_evidence``);
then every figure of its tables must be confirmed by a sum that holds, clean-looking or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..formats import Kind
from ..values import Value
from .data import import_data

MAX_READINGS = 20_000  # readings of one row; beyond this the row is too ambiguous to narrow
MAX_DIGITS = 12
MAX_STEPS = 500_000  # steps of the search over one row's readings


@cache
def _lookalikes() -> dict[str, str]:
    """Character → the digit OCR took it for (from ``import_labels.json``)."""
    out: dict[str, str] = {}
    for digit, chars in import_data()["ocr_lookalikes"].items():
        out.update({ch: digit for ch in chars})
    return out


@cache
def _borders() -> frozenset[str]:
    """Characters a table border is read as (they may also be a 1)."""
    return frozenset(import_data()["ocr_borders"])


@cache
def _chunk_pattern() -> re.Pattern[str]:
    """A run of digits, look-alikes and border marks (a "|" glued to a figure may be a 1 or a border)."""
    chars = "".join(sorted(set(_lookalikes()) | _borders()))
    return re.compile(f"[0-9.{re.escape(chars)}]+")


@cache
def _sign_pattern() -> re.Pattern[str]:
    """A figure with a look-alike letter glued in ("1O", "l2", "0o0"), or one (or "!") standing alone."""
    letters = re.escape("".join(sorted(ch for ch in _lookalikes() if ch.isascii() and ch.isalpha())))
    edge = "A-Za-z\u4e00-\u9fff"  # not inside a word or next to Chinese ("O2O模式", "二〇三五")
    return re.compile(
        rf"(?<![{edge}])(?:\d+[{letters}][\d{letters}]*|[{letters}]+\d[\d{letters}]*|[{letters}])(?![{edge}])"
        r"|(?<![^\s|])!(?![^\s|])"  # a "!" standing alone among figures (a 1 misread)
    )


_FIGURE = re.compile(r"(?<![A-Za-z\d])\d+(?![A-Za-z\d])")


def ocr_evidence(lines: Sequence[str]) -> str:
    """Where a text shows OCR marks in a line of figures ("第12行「1O」"), or "" for clean text.

    A line counts when it has a plain figure and a figure with a look-alike letter (O, l, I)
    glued in, or such a letter or a "!" standing alone, not next to Chinese or inside a word
    ("O2O模式", "二〇三五" are prose); a "|" is a web page's separator, never a sign.
    """
    for number, line in enumerate(lines, start=1):
        if not _FIGURE.search(line):
            continue
        sign = _sign_pattern().search(line)
        if sign:
            return f"第{number}行「{sign.group(0)}」"
    return ""


@dataclass(frozen=True)
class Part:
    """One figure of a reading: its value, the original text it was read from, and where."""

    value: Value
    original: str  # the whole run of characters it was read from ("501010101010150")
    offset: int  # offset of ``original`` in the text that was read
    noisy: bool  # read through a look-alike, a removed border or a joined space


@dataclass(frozen=True)
class _Chunk:
    text: str
    offset: int
    space_after: bool  # exactly one space separates it from the next chunk
    original: str = ""  # as printed, when ``text`` had a space taken out


def chunks(text: str, base: int = 0) -> list[_Chunk]:
    """Runs of digits, look-alikes and border marks in ``text`` (other characters end a run)."""
    found = [m for m in _chunk_pattern().finditer(text) if m.group(0).strip(".")]
    out = []
    for i, m in enumerate(found):
        gap = text[m.end() : found[i + 1].start()] if i + 1 < len(found) else ""
        lead = len(m.group(0)) - len(m.group(0).lstrip("."))  # "2." of a label, ".5" cut off
        out.append(_Chunk(m.group(0).strip("."), base + m.start() + lead, gap == " "))
    return out


def _number(text: str, kind: Kind) -> Value | None:
    if not text or len(text.replace(".", "")) > MAX_DIGITS:
        return None
    if kind.type == "integer":
        return int(text) if re.fullmatch(r"0|[1-9]\d*", text) else None
    if not re.fullmatch(r"(0|[1-9]\d*)(\.\d+)?", text):
        return None
    value = Decimal(text)
    return value if kind.minimum is None or value >= kind.minimum else None


def _chunk_splits(chunk: _Chunk, cut_ones: str, bar_is_one: bool) -> Iterator[list[tuple[str, str, int, bool]]]:
    """Every way to cut a chunk at border marks: (digits, original, offset, noisy) per piece.

    A border mark (|, I, [, ] …) may be a border (cut out) or, where it looks like one, a 1.
    ``cut_ones``: "leading" — 1s at the start may be a ruling line glued to the figure
    ("137" for |37); "any" — any 1 may be one (figures glued together: "501010" for 5|0|0).
    """
    text, look = chunk.text, _lookalikes()
    original = chunk.original or text
    if set(text) <= _borders():  # a border mark alone: a border, or a 1 the row is short of
        yield []
        if bar_is_one and len(text) == 1 and look.get(text) == "1":
            yield [("1", original, chunk.offset, True)]
        return
    borders = _border_positions(text, cut_ones)
    for mask in range(1 << len(borders)):
        yield _cut(chunk, original, {borders[k] for k in range(len(borders)) if mask >> k & 1})


def _border_positions(text: str, cut_ones: str) -> list[int]:
    """Where a chunk may hold a border: its marks, and (``cut_ones``) leading or any 1s."""
    if cut_ones == "any":
        return [i for i, ch in enumerate(text) if ch in _borders() or ch == "1"][:14]
    borders = [i for i, ch in enumerate(text) if ch in _borders() and not ch.isdigit()][:14]
    if cut_ones == "leading":
        lead = len(text) - len(text.lstrip("1" + "".join(_borders())))
        borders = sorted(set(borders) | set(range(min(lead, len(text) - 1))))
    return borders


def _cut(chunk: _Chunk, original: str, cut: set[int]) -> list[tuple[str, str, int, bool]]:
    """The pieces of a chunk with the characters at ``cut`` taken for borders."""
    look = _lookalikes()
    pieces: list[tuple[str, str, int, bool]] = []
    start = 0
    for i in [*sorted(cut), len(chunk.text)]:
        if i > start:
            raw = chunk.text[start:i]
            digits = "".join(look.get(ch, ch) for ch in raw)
            noisy = digits != raw or (start - 1) in cut or i in cut
            pieces.append((digits, original, chunk.offset, noisy))
        start = i + 1
    return pieces


def _chunk_options(chunk: _Chunk, cut_ones: str, bar_is_one: bool) -> list[list[tuple[str, str, int, bool]]]:
    options = []
    for pieces in _chunk_splits(chunk, cut_ones, bar_is_one):
        if all(re.fullmatch(r"\d+(?:\.\d+)?", p[0]) for p in pieces):
            options.append(pieces)
        if len(options) > MAX_READINGS:
            break
    return options


def _joined(items: list[_Chunk]) -> Iterator[list[_Chunk]]:
    """The chunks as they are, and with pairs of plain digit runs one space apart joined ("1 24")."""
    yield items
    for i in range(len(items) - 1):
        a, b = items[i], items[i + 1]
        if a.space_after and a.text.isdigit() and b.text.isdigit():
            merged = _Chunk(a.text + " " + b.text, a.offset, b.space_after)
            yield [*items[:i], merged, *items[i + 2 :]]


def row_readings(text: str, base: int, kinds: Sequence[Kind]) -> list[list[Part]] | None:
    """Every reading of ``text`` (a row's figures) as ``len(kinds)`` figures of those kinds.

    A row that shows no border mark and has one figure per cell is read as printed (look-alike
    letters mapped to digits); otherwise borders may be glued to figures, marks may be 1s and
    figures one space apart may be one. Returns None when there are too many readings to narrow.
    """
    n = len(kinds)
    items = chunks(text, base)
    marks = any(ch in _borders() and not ch.isdigit() for c in items for ch in c.text)
    plain = sum(1 for c in items if not set(c.text) <= _borders())
    simple = not marks and plain == n
    cut_ones = "none" if simple else "any" if plain < n else "leading"
    out: list[list[Part]] = []
    seen: set[tuple[Value, ...]] = set()
    budget = [MAX_STEPS]
    for variant in [items] if simple else list(_joined(items)):
        options = [
            _chunk_options(_Chunk(c.text.replace(" ", ""), c.offset, False, c.text), cut_ones, plain < n)
            for c in variant
        ]
        joined = {c.offset for c in variant if " " in c.text}
        low, high = [0] * (len(options) + 1), [0] * (len(options) + 1)
        for i in range(len(options) - 1, -1, -1):
            counts = [len(o) for o in options[i]] or [0]
            low[i], high[i] = low[i + 1] + min(counts), high[i + 1] + max(counts)
        if not options or low[0] <= n <= high[0]:
            if not _walk(options, joined, kinds, n, [], out, seen, budget, (low, high)):
                return None
    return out


def _walk(
    options: list[list[list[tuple[str, str, int, bool]]]],
    joined: set[int],
    kinds: Sequence[Kind],
    n: int,
    acc: list[Part],
    out: list[list[Part]],
    seen: set[tuple[Value, ...]],
    budget: list[int],
    bounds: tuple[list[int], list[int]],
    at: int = 0,
) -> bool:
    """Depth-first over the chunks' options; False when the reading or step budget is spent.

    ``bounds``: the fewest and most figures the chunks from each index on can give (pruning).
    """
    budget[0] -= 1
    if budget[0] < 0:
        return False
    low, high = bounds
    if not low[at] <= n - len(acc) <= high[at]:
        return True
    if at == len(options):
        if len(acc) == n:
            key = tuple(p.value for p in acc)
            if key not in seen:
                seen.add(key)
                out.append(list(acc))
        return len(out) <= MAX_READINGS
    for pieces in options[at]:
        if not low[at + 1] <= n - len(acc) - len(pieces) <= high[at + 1]:
            continue
        parts: list[Part] = []
        for digits, raw, offset, noisy in pieces:
            value = _number(digits, kinds[len(acc) + len(parts)])
            if value is None:
                break
            parts.append(Part(value, raw, offset, noisy or offset in joined))
        else:
            acc.extend(parts)
            ok = _walk(options, joined, kinds, n, acc, out, seen, budget, bounds, at + 1)
            del acc[len(acc) - len(parts) :]
            if not ok:
                return False
    return True
