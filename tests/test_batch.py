"""Reading a batch for the county office: drafts and published reports, bad files, year pairs."""

from __future__ import annotations

import sys

from helpers import ROOT, filled, sample_t3
from nianbao.core import draft
from nianbao.core.batch import check_entries, read_files, report_files
from nianbao.core.formats import default_registry

sys.path.insert(0, str(ROOT / "bench"))
from generate import render_html

F21 = default_registry().get("2021")


def make_batch(folder):
    last = filled(F21, sample_t3(), year=2022)
    last.agency = "甲镇人民政府"
    this = filled(F21, {**sample_t3(), ("carry_in", "np"): 2, ("r1", "np"): 3}, year=2023)
    this.agency = "甲镇人民政府"  # 上年结转 2, but last year's 结转下年度 is 2 too: consistent
    this.cells["t3.carry_in.np"] = 1  # ... now not
    other = filled(F21, sample_t3(), year=2023)
    other.agency = "某某县教育局"
    draft.save(last, folder / "甲镇2022.json")
    draft.save(this, folder / "甲镇2023.json")
    (folder / "教育局.html").write_text(render_html(other), encoding="utf-8")
    (folder / "坏文件.docx").write_bytes(b"not a zip")
    (folder / "说明.png").write_bytes(b"\x89PNG")  # not a report file: not listed
    return last, this, other


def test_a_mixed_folder_reads_in_parallel_and_keeps_going_past_a_bad_file(tmp_path):
    make_batch(tmp_path)
    paths = report_files(tmp_path)
    assert [p.name for p in paths] == sorted(["甲镇2022.json", "甲镇2023.json", "教育局.html", "坏文件.docx"])
    seen = []
    entries = read_files(paths, on_entry=lambda i, e: seen.append(i), workers=2)
    assert sorted(seen) == [0, 1, 2, 3]
    by_name = {e.path.name: e for e in entries}
    assert "坏文件.docx" in by_name["坏文件.docx"].error and by_name["坏文件.docx"].counts == (1, 0)
    assert by_name["教育局.html"].report.agency == "某某县教育局" and not by_name["教育局.html"].is_draft
    assert by_name["甲镇2023.json"].is_draft
    check_entries(entries)
    carry = [f for f in by_name["甲镇2023.json"].findings if f.rule == "t3.carry_in_previous"]
    assert carry and "t3.carry_in.np" in carry[0].cells  # paired with 2022 by body and year
    assert not [f for f in by_name["甲镇2022.json"].findings if f.rule == "t3.carry_in_previous"]


def test_cancel_stops_reading(tmp_path):
    make_batch(tmp_path)
    paths = report_files(tmp_path)
    entries = read_files(paths, cancelled=lambda: True, workers=1)
    assert entries == [None] * len(paths)
