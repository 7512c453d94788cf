"""The audit pairs consecutive years of one body and keeps going past unreadable files."""

from __future__ import annotations

from import_expected import ROOT
from nianbao.core.audit import audit_files, csv_rows, render_text, to_json

HTML = ROOT / "tests" / "data" / "import" / "report-2021-format.html"


def test_next_year_is_checked_against_last_years_carry_out(tmp_path):
    this_year = tmp_path / "2024.html"
    this_year.write_text(
        HTML.read_text(encoding="utf-8").replace("2023年政府信息公开", "2024年政府信息公开"), encoding="utf-8"
    )
    entries = audit_files([HTML, this_year, tmp_path / "missing.txt"])
    assert [e.report.year if e.report else None for e in entries] == [2023, 2024, None]
    carry = [f for f in entries[1].findings if f.rule == "t3.carry_in_previous"]
    # 2024 states 上年结转 1 (自然人, 总计) but the 2023 report carried 0 over
    assert len(carry) == 2 and all(f.severity == "error" for f in carry)
    assert not [f for f in entries[0].findings if f.rule == "t3.carry_in_previous"]
    assert entries[2].error and "missing.txt" in entries[2].error
    assert entries[2].counts == (1, 0)
    text = render_text(entries)
    assert "missing.txt\t（无法读取）" in text and "共 3 份报告" in text
    data = to_json(entries)
    assert data[2]["unreadable"] and data[1]["errors"] == 2
    assert sum(1 for r in csv_rows(entries) if r[0] == "2024.html" and r[5] == "t3.carry_in_previous") == 2


def test_cell_empty_warnings_already_explained_by_the_importer_are_not_repeated(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n", encoding="utf-8")
    entry = audit_files([short])[0]
    rules = [f.rule for f in entry.findings]
    assert "cell.empty" not in rules
    assert rules.count("import.table_missing") == 3
