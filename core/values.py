"""Cell values: parsing what a user types or a page shows, checking kinds, formatting."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import ValueParseError
from .formats import Kind

Value = int | Decimal

#: The characters a number may be typed or pasted with: defined here once, the window's cell
#: editor and the paste check use the same definition (through :func:`parse_value`).
DIGITS = "0123456789０１２３４５６７８９"
DECIMAL_POINTS = ".．"
#: Thousands separators: comma, full-width comma, and spaces (1,000 / 1，000 / 1 000 / 1 000).
GROUP_SEPARATORS = ",，\u0020\u00a0\u2009\u202f\u3000"
PLUS_SIGNS = "+＋"
MINUS_SIGNS = "-－−–—﹣"
NUMBER_CHARACTERS = frozenset(DIGITS + DECIMAL_POINTS + GROUP_SEPARATORS + PLUS_SIGNS + MINUS_SIGNS)

_TO_ASCII = str.maketrans(
    {
        **{ch: str(i % 10) for i, ch in enumerate(DIGITS)},
        **dict.fromkeys(DECIMAL_POINTS, "."),
        **dict.fromkeys(GROUP_SEPARATORS, ","),
        **dict.fromkeys(PLUS_SIGNS, "+"),
        **dict.fromkeys(MINUS_SIGNS, "-"),
    }
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_SPACES = "".join(ch for ch in GROUP_SEPARATORS if ch.isspace())


def normalise_number_text(text: str) -> str:
    """ASCII digits, signs and points; surrounding spaces removed; every separator as ","."""
    return text.strip(_SPACES).translate(_TO_ASCII)


def parse_value(text: str, kind: Kind) -> Value | None:
    """Parse typed or pasted text into a value of ``kind``; empty text gives None.

    Accepts full-width digits, thousands separators (「1,000」「1，000」「1 000」) and
    surrounding spaces. Raises :class:`ValueParseError` with a Chinese message for anything
    else: a stray character, a minus sign in a count, a decimal in a count.
    """
    shown = text.strip(_SPACES)
    s = normalise_number_text(text)
    if not s:
        return None
    stray = next((ch for ch in shown if ch not in NUMBER_CHARACTERS), None)
    if stray is not None:
        which = f"（其中的「{stray}」不是数字）" if shown != stray else ""
        raise ValueParseError(f"「{shown}」不是数字{which}，这里应填{kind.description}")
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise ValueParseError(f"「{shown}」不是数字，这里应填{kind.description}")
    try:
        number = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueParseError(f"「{shown}」不是数字") from exc
    if kind.minimum is not None and number < kind.minimum:
        raise ValueParseError(f"这里应填{kind.description}，不能是负数")
    if kind.type == "integer":
        if number != number.to_integral_value():
            raise ValueParseError(f"这里应填{kind.description}，不能有小数")
        return int(number)
    return number


def value_problem(text: str, kind: Kind) -> str | None:
    """Why ``text`` cannot be a value of ``kind`` (Chinese), or None when it can."""
    try:
        parse_value(text, kind)
    except ValueParseError as exc:
        return str(exc)
    return None


def kind_problem(value: object, kind: Kind) -> str | None:
    """Why ``value`` does not fit ``kind`` (Chinese), or None when it fits."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return f"应为{kind.description}，现为「{value}」"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"应为{kind.description}，现为「{value}」"
    if kind.type == "integer" and not isinstance(value, int):
        return f"应为{kind.description}，现为 {value}"
    if kind.minimum is not None and value < kind.minimum:
        return f"应为{kind.description}，现为 {value}"
    return None


def format_value(value: Value | None) -> str:
    """Text shown for a value: integers plainly, decimals exactly as stored."""
    if value is None:
        return ""
    return str(value)
