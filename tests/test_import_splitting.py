"""Splitting digit runs: every well-formed reading is a candidate; the table's sums decide."""

from __future__ import annotations

from decimal import Decimal

from nianbao.core.formats import default_registry
from nianbao.core.importer.splitting import narrow, split_runs

F21 = default_registry().get("2021")
COUNT, DELTA, AMOUNT = F21.kinds["count"], F21.kinds["delta"], F21.kinds["amount"]
COLS = ["np", "biz", "res", "ngo", "law", "oth", "tot"]
ROW_TOTAL = [r for r in F21.relations if r.id == "t3.row_total" and r.left[0].cell == "t3.new.tot"]


def test_candidates_are_well_formed_numbers_only():
    readings = split_runs(["007"], [COUNT] * 3)
    assert readings == [(0, 0, 7)]  # "00" or "07" is not a number
    assert split_runs(["35", "-15"], [COUNT, DELTA]) == [(35, -15)]
    assert split_runs(["-15"], [COUNT]) == []  # a count is never negative
    assert (1, Decimal("3575394432.52")) in split_runs(["13575394432.52"], [COUNT, AMOUNT])


def test_row_total_picks_the_single_reading():
    readings = split_runs(["713000074"], [COUNT] * 7)
    assert (71, 3, 0, 0, 0, 0, 74) in readings and len(readings) > 1
    candidates = {"new": [dict(zip((f"t3.new.{c}" for c in COLS), r, strict=False)) for r in readings]}
    row_of = {f"t3.new.{c}": "new" for c in COLS}
    kept = narrow(candidates, ROW_TOTAL, row_of)["new"]
    assert [tuple(k.values()) for k in kept] == [(71, 3, 0, 0, 0, 0, 74)]


def test_a_sum_that_no_reading_satisfies_does_not_filter():
    # a published row whose 总计 is wrong in every reading: the readings stay open (reported as ambiguous)
    readings = [(1, 0, 0, 0, 0, 0, 5), (2, 0, 0, 0, 0, 0, 7)]
    candidates = {"new": [dict(zip((f"t3.new.{c}" for c in COLS), r, strict=False)) for r in readings]}
    kept = narrow(candidates, ROW_TOTAL, {f"t3.new.{c}": "new" for c in COLS})["new"]
    assert kept == candidates["new"]


def test_too_many_readings_are_refused():
    assert split_runs(["1" * 60], [COUNT] * 15) is None
