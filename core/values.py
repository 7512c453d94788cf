"""Cell values: parsing what a user types or a page shows, checking kinds and bounds, formatting.

Every value has an upper bound (README, "Draft file format"): a count or a 增减 is at most
:data:`MAX_COUNT` in size, an amount at most :data:`MAX_AMOUNT` 万元 with at most
:data:`MAX_DECIMALS` decimals. A total, being the sum of many cells, may be up to
:data:`TOTAL_FACTOR` times that. No real report comes near these; they keep a hostile or
mistyped number (4 301 digits, 1E+999999) from ever reaching a sum or a conversion.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import ValueParseError
from .formats import Kind

Value = int | Decimal

MAX_COUNT = 10**10 - 1  # ten digits (the PDF's widest table columns are made for them)
MAX_AMOUNT = Decimal(10) ** 12
MAX_DECIMALS = 6  # 万元 to the 分
TOTAL_FACTOR = 1000
#: Longer number texts are refused before any conversion (their digits alone exceed every bound).
MAX_NUMBER_CHARS = 24

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
    if len(s) > MAX_NUMBER_CHARS:
        raise ValueParseError(f"数字太大（{sum(ch.isdigit() for ch in s)} 位），{limit_text(kind)}")
    try:
        number = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueParseError(f"「{shown}」不是数字") from exc
    if kind.minimum is not None and number < kind.minimum:
        raise ValueParseError(f"这里应填{kind.description}，不能是负数")
    if kind.type == "integer":
        if number != number.to_integral_value():
            raise ValueParseError(f"这里应填{kind.description}，不能有小数")
    value: Value = int(number) if kind.type == "integer" else number
    problem = bound_problem(value, kind)
    if problem:
        raise ValueParseError(problem)
    return value


def value_problem(text: str, kind: Kind) -> str | None:
    """Why ``text`` cannot be a value of ``kind`` (Chinese), or None when it can."""
    try:
        parse_value(text, kind)
    except ValueParseError as exc:
        return str(exc)
    return None


def value_limit(kind: Kind, total: bool = False) -> Decimal:
    """The largest size (absolute value) a cell of ``kind`` may hold; a total's is larger."""
    limit = Decimal(MAX_COUNT) if kind.type == "integer" else MAX_AMOUNT
    return limit * TOTAL_FACTOR if total else limit


def limit_text(kind: Kind, total: bool = False) -> str:
    """「不能超过 9,999,999,999」: the bound of ``kind`` in words."""
    limit = f"{int(value_limit(kind, total)):,}"
    if kind.type == "integer":
        return f"不能超过 {limit}"
    return f"不能超过 {limit}（万元），最多 {MAX_DECIMALS} 位小数"


def bound_problem(value: Value, kind: Kind, total: bool = False) -> str | None:
    """Why a number of the right type is out of bounds for ``kind`` (Chinese), or None."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f"应为{kind.description}，现为「{value}」"
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            return f"小数位数太多（{-exponent} 位），最多 {MAX_DECIMALS} 位小数"
    limit = value_limit(kind, total)
    if value > limit or value < -limit:
        return f"数字超出上限：{limit_text(kind, total)}"
    return None


def kind_problem(value: object, kind: Kind, total: bool = False) -> str | None:
    """Why ``value`` does not fit ``kind`` or its bounds (Chinese), or None when it fits."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return f"应为{kind.description}，现为「{value}」"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"应为{kind.description}，现为「{value}」"
    if kind.type == "integer" and not isinstance(value, int):
        return f"应为{kind.description}，现为 {_shown(value)}"
    if kind.minimum is not None and value < kind.minimum:
        return f"应为{kind.description}，现为 {_shown(value)}"
    return bound_problem(value, kind, total)


def _shown(value: Value) -> str:
    """A value for a message: a number too long to show whole is cut (str() of a huge int fails)."""
    if isinstance(value, int) and abs(value) > 10**30:
        return f"一个 {value.bit_length() * 3 // 10} 位左右的数"
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}…（共 {len(text)} 个字符）"


def format_value(value: Value | None) -> str:
    """Text shown for a value: integers plainly, decimals exactly as stored."""
    if value is None:
        return ""
    return str(value)
