"""The numbers, placeholders and leftover words between two labels of a table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from ..formats import Kind
from ..normalise import EMPTY, ROW_BREAK, normalise
from ..values import Value, bound_problem
from .data import import_data

MAX_COUNT_DIGITS = 15

_ANNOTATION = re.compile(r"\((?=[^()]{2,}\))[^()]*[\u4e00-\u9fff][^()]*\)")
_OPEN_ANNOTATION = re.compile(r"\([^()]*[\u4e00-\u9fff][^()]*$")
_SEPARATORS = re.compile(rf"[\s|{EMPTY}]+|({EMPTY})")
_NUMBERISH = re.compile(r"^(?:[+-]?\d+(?:\.\d+)?)+(?P<unit>万元|元)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?(?P<unit>万元|元)?$")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_WORD_THEN_DIGITS = re.compile(r"^(?P<word>.*[^\d.+-])(?P<digits>\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Token:
    """One item of a value region: "num", "placeholder", "empty", "text" or "break" (blank line)."""

    kind: str
    text: str
    unit: str = ""
    hard_before: bool = False  # a line break, "|" or cell boundary separates it from the token before
    at: int = 0  # offset in the region's text


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(normalise(p) for p in import_data()["placeholders"])


def strip_annotations(text: str) -> str:
    """Remove explanations in brackets such as "(指2019年办件量)", also one cut off at the end."""
    previous = None
    while previous != text:  # each removed as spaces of its length, so offsets stay
        previous, text = text, _ANNOTATION.sub(_blank, text)
    return _OPEN_ANNOTATION.sub(_blank, text)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def tokenize(region: str) -> list[Token]:
    """Tokens of a value region (already normalised text, whitespace kept)."""
    out: list[Token] = []
    text = strip_annotations(region)
    previous_end = 0
    for m in re.finditer(rf"{EMPTY}|[^\s|{EMPTY}]+", text):
        chunk = m.group(0)
        gap = text[previous_end : m.start()]
        previous_end = m.end()
        if ROW_BREAK in gap and out:
            out.append(Token("break", ""))
        hard = bool(out) and (chunk == EMPTY or any(c in gap for c in "\n\t|") or out[-1].kind == "empty")
        if chunk == EMPTY:
            out.append(Token("empty", "", "", hard))
            continue
        if chunk in _placeholders() or (set(chunk) <= set("-_/~") and len(chunk) <= 4):
            out.append(Token("placeholder", chunk, "", hard))
            continue
        g = _GROUPED.match(chunk)
        if g:
            unit = g.group("unit") or ""
            out.append(Token("num", chunk[: len(chunk) - len(unit)].replace(",", ""), unit, hard))
            continue
        m2 = _NUMBERISH.match(chunk)
        if m2:
            unit = m2.group("unit") or ""
            body = chunk[: len(chunk) - len(unit)]
            numbers = _NUMBER.findall(body)
            for i, number in enumerate(numbers):
                out.append(Token("num", number, unit if i == len(numbers) - 1 else "", hard and i == 0))
            continue
        glued = _WORD_THEN_DIGITS.match(chunk)
        if glued:  # a label the page glued to its first number ("总计000000")
            out.append(Token("text", glued.group("word"), "", hard, m.start()))
            out.append(Token("num", glued.group("digits")))
            continue
        out.append(Token("text", chunk, "", hard, m.start()))
    if out and ROW_BREAK in text[previous_end:]:
        out.append(Token("break", ""))
    return out


def to_value(text: str, kind: Kind) -> Value | None:
    """The value of a number token for a cell of ``kind``; None when it cannot be stored there."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    digits = len(text.lstrip("+-").split(".")[0])
    if digits > MAX_COUNT_DIGITS:
        return None
    if kind.type == "integer":
        if number != number.to_integral_value():
            return None
    value: Value = int(number) if kind.type == "integer" else number
    return None if bound_problem(value, kind) else value  # a draft must load again
