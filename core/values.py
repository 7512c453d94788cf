"""Cell values: parsing what a user types or a page shows, checking kinds, formatting."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import ValueParseError
from .formats import Kind

Value = int | Decimal

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．，　", "0123456789-+., ")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalise_number_text(text: str) -> str:
    """Full-width digits and signs to ASCII, surrounding spaces removed."""
    return text.translate(_FULL_WIDTH).translate(_MINUS_SIGNS).strip()


def parse_value(text: str, kind: Kind) -> Value | None:
    """Parse typed or pasted text into a value of ``kind``; empty text gives None.

    Accepts full-width digits, thousands separators and surrounding spaces. Raises
    :class:`ValueParseError` with a Chinese message for anything else.
    """
    s = normalise_number_text(text)
    if not s:
        return None
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise ValueParseError(f"「{text.strip()}」不是数字，这里应填{kind.description}")
    try:
        number = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueParseError(f"「{text.strip()}」不是数字") from exc
    if kind.minimum is not None and number < kind.minimum:
        raise ValueParseError(f"这里应填{kind.description}，不能是负数")
    if kind.type == "integer":
        if number != number.to_integral_value():
            raise ValueParseError(f"这里应填{kind.description}，不能有小数")
        return int(number)
    return number


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
