"""Number characters are defined once (core/values.py) and parse_value accepts what README says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.core.formats import Kind
from nianbao.core.values import (
    DIGITS,
    GROUP_SEPARATORS,
    MINUS_SIGNS,
    NUMBER_CHARACTERS,
    ValueParseError,
    parse_value,
    value_problem,
)

COUNT = Kind("count", "integer", 0, "不小于0的整数")
DELTA = Kind("delta", "integer", None, "整数（减少用负数表示）")
AMOUNT = Kind("amount", "decimal", 0, "不小于0的数（可带小数）")


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("1 000", COUNT, 1000),
        ("1,000", COUNT, 1000),
        ("1，000", COUNT, 1000),
        ("1\u3000000", COUNT, 1000),  # ideographic space
        ("1\u00a0000\u00a0000", COUNT, 1_000_000),
        ("１２３４", COUNT, 1234),
        (" 12 ", COUNT, 12),
        ("+3", COUNT, 3),
        ("-1", DELTA, -1),
        ("－５", DELTA, -5),
        ("−2", DELTA, -2),
        ("1,000.50", AMOUNT, Decimal("1000.50")),
        ("．5", AMOUNT, Decimal("0.5")),
        ("", COUNT, None),
    ],
)
def test_accepted(typed, kind, value):
    assert parse_value(typed, kind) == value


@pytest.mark.parametrize(
    ("typed", "kind", "says"),
    [
        ("-1", COUNT, "不能是负数"),  # the sign is never dropped
        ("－1", COUNT, "不能是负数"),
        ("1.5", COUNT, "不能有小数"),
        ("12 34", COUNT, "不是数字"),  # a space inside a group is a typo, not a separator
        ("1,00", COUNT, "不是数字"),
        ("1a", COUNT, "「a」不是数字"),
        ("x", COUNT, "「x」不是数字"),
        ("-0.5", AMOUNT, "不能是负数"),
    ],
)
def test_refused_with_a_reason(typed, kind, says):
    with pytest.raises(ValueParseError, match=says):
        parse_value(typed, kind)
    assert says in value_problem(typed, kind)


def test_the_character_sets_are_the_ones_parse_value_reads():
    assert {"0", "９", "-", "－", "，", " ", "\u3000", "."} <= NUMBER_CHARACTERS
    assert "a" not in NUMBER_CHARACTERS and "。" not in NUMBER_CHARACTERS
    for ch in DIGITS:
        assert parse_value(ch, COUNT) == int(ch.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    for sep in GROUP_SEPARATORS:
        assert parse_value(f"2{sep}500", COUNT) == 2500
    for minus in MINUS_SIGNS:
        assert parse_value(f"{minus}7", DELTA) == -7


def test_the_cell_editor_has_no_characters_of_its_own():
    """The delegate uses the core's definition (issue 10): no second list of digits or signs."""
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "gui" / "cell_delegate.py").read_text(encoding="utf-8")
    assert "０" not in source and "－" not in source and "NUMBER_CHARACTERS" in source
