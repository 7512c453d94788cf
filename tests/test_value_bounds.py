"""Upper bounds of cell values at entry and paste (parse_value), in the checks (kind_problem), on import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.core.formats import default_registry
from nianbao.core.importer import import_bytes
from nianbao.core.values import ValueParseError, kind_problem, parse_value

FMT = default_registry().get("2021")
COUNT, DELTA, AMOUNT = FMT.kinds["count"], FMT.kinds["delta"], FMT.kinds["amount"]


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("9" * 4301, COUNT, "4301 位"),
        ("10000000000", COUNT, "9,999,999,999"),
        ("１００００００００００", COUNT, "9,999,999,999"),  # full-width digits
        ("10,000,000,000", COUNT, "9,999,999,999"),
        ("-10000000000", DELTA, "9,999,999,999"),
        ("1000000000000.01", AMOUNT, "1,000,000,000,000"),
        ("0.1234567", AMOUNT, "小数位数太多"),
        ("1" * 30 + ".5", AMOUNT, "太大"),
    ],
)
def test_typed_or_pasted_numbers_beyond_the_bound_are_refused(text, kind, words):
    with pytest.raises(ValueParseError, match=words):
        parse_value(text, kind)


def test_numbers_at_the_bound_are_taken():
    assert parse_value("9999999999", COUNT) == 10**10 - 1
    assert parse_value("-9999999999", DELTA) == -(10**10 - 1)
    assert parse_value("999999999999.123456", AMOUNT) == Decimal("999999999999.123456")


def test_kind_problem_knows_the_bounds_and_a_total_may_be_larger():
    assert "9,999,999,999" in (kind_problem(10**10, COUNT) or "")
    assert kind_problem(10**10, COUNT, total=True) is None
    assert "9,999,999,999,000" in (kind_problem(10**13, COUNT, total=True) or "")
    assert "1,000,000,000,000,000" in (kind_problem(Decimal(10**15 + 1), AMOUNT, total=True) or "")
    assert "小数" in (kind_problem(Decimal("1.0000001"), AMOUNT) or "")
    huge = 10**5000
    assert "位左右" in (kind_problem(-huge, COUNT) or "")  # str() of it would raise


def test_an_imported_number_beyond_the_bound_stays_out_of_the_draft():
    page = (
        "某某镇人民政府\n政府信息公开工作2021年度报告\n二、主动公开政府信息情况\n"
        "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t0.12345678\n"
    )
    result = import_bytes(page.encode("utf-8"), "收费.txt")
    assert "t2.fee.amount" not in result.report.cells
