"""Property tests: random balanced tables pass; any single changed leaf is caught in its column."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import APPLICANTS, T4_GROUPS, T4_PARTS, leaf_rows
from nianbao.core.formats import default_registry
from nianbao.core.report import Report
from nianbao.core.rules import ERROR, check

REG = default_registry()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def balanced(draw):
    """A report whose tables 三 and 四 balance, with totals added up here."""
    fmt = draw(st.sampled_from([REG.get("2019"), REG.get("2021")]))
    report = Report(format=fmt, year=2020 if fmt.id == "2019" else 2022, agency="某局", level="city_gov")
    for cell_id in fmt.cells:
        if cell_id.startswith("t2."):
            report.cells[cell_id] = 0
    leaves = leaf_rows(fmt)
    small = st.integers(min_value=0, max_value=50)
    for col in APPLICANTS:
        handled = 0
        for row in leaves:
            v = draw(small)
            report.cells[f"t3.{row}.{col}"] = v
            handled += v
        carry_out = draw(small)
        available = handled + carry_out
        carry_in = draw(st.integers(min_value=0, max_value=available))
        report.cells[f"t3.carry_out.{col}"] = carry_out
        report.cells[f"t3.carry_in.{col}"] = carry_in
        report.cells[f"t3.new.{col}"] = available - carry_in
        report.cells[f"t3.r7_total.{col}"] = handled
    for row in ["new", "carry_in", "carry_out", "r7_total", *leaves]:
        report.cells[f"t3.{row}.tot"] = sum(report.cells[f"t3.{row}.{c}"] for c in APPLICANTS)
    for group in T4_GROUPS:
        parts = [draw(small) for _ in T4_PARTS]
        for name, v in zip(T4_PARTS, parts, strict=False):
            report.cells[f"t4.{group}.{name}"] = v
        report.cells[f"t4.{group}.total"] = sum(parts)
    return report


@SETTINGS
@given(balanced())
def test_any_balanced_report_has_no_errors(report):
    assert [f for f in check(report) if f.severity == ERROR] == []


@SETTINGS
@given(balanced(), st.data(), st.integers(min_value=1, max_value=30))
def test_changing_one_leaf_is_reported_in_its_column(report, data, delta):
    fmt = report.format
    leaves = [
        c
        for c in fmt.cells
        if c.startswith(("t3.", "t4.")) and not c.endswith((".tot", ".total")) and ".r7_total." not in c
    ]
    cell_id = data.draw(st.sampled_from(leaves))
    report.cells[cell_id] += delta
    errors = [f for f in check(report) if f.severity == ERROR]
    naming = [f for f in errors if cell_id in f.cells]
    assert naming, f"changing {cell_id} went unnoticed"
    column_label = fmt.cells[cell_id].col_path[-1]
    group_label = fmt.cells[cell_id].col_path[0] if cell_id.startswith("t4.") else None
    assert any(column_label in f.message or (group_label and group_label in f.message) for f in naming)
