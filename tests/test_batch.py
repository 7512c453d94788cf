"""Reading a batch for the county office: drafts and published reports, bad files, year pairs."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import ROOT, filled, sample_t3
from nianbao.core import draft
from nianbao.core.batch import BatchEntry, check_entries, read_files, report_files
from nianbao.core.batch_checks import copied_between, name_variants
from nianbao.core.batch_roster import Batch
from nianbao.core.formats import default_registry
from nianbao.core.rollup import groups

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


# ---------------------------------------------------------------- the roster and the checks only a batch can do


GENERAL_A = (
    "本乡把政务公开列入年度目标考核，重点公开扶贫资金使用、低保评审、危房改造名单等群众关心的事项，"
    "在各村设立公开监督员，收集群众意见后逐条答复。"
)
GENERAL_B = (
    "本局聚焦招生入学、教师招聘、学校收费和校园安全，在局门户网站开设专题，及时发布招生政策解读和划片结果，"
    "开通咨询电话，组织家长开放日。"
)


def entry(tmp_path, name, agency, year=2023, general=GENERAL_B, level="county_dept"):
    report = filled(F21, sample_t3(), year=year, level=level)
    report.agency = agency
    report.texts["general"] = general
    path = tmp_path / name
    draft.save(report, path)
    return BatchEntry(path, report, is_draft=True)


def test_a_part_copied_between_two_bodies_is_named_on_both_and_one_body_is_not_compared_with_itself(tmp_path):
    a = entry(tmp_path, "a.json", "河西乡人民政府", general=GENERAL_A)
    b = entry(tmp_path, "b.json", "东风镇人民政府", general=GENERAL_A.replace("本乡", "本镇").replace("2023", "2022"))
    c = entry(tmp_path, "c.json", "某某县教育局")
    d = entry(tmp_path, "d.json", "河西乡政府", general=GENERAL_A)  # the same body's other file
    found = copied_between([a, b, c, d], year=2023)
    assert 2 not in found  # a different text
    on_a = [f.message for f in found[0]]
    assert len(on_a) == 1 and "东风镇人民政府" in on_a[0] and "b.json" in on_a[0] and "一、总体情况" in on_a[0]
    assert {f.part for f in found[1]} == {"general"} and len(found[1]) == 2  # 河西乡's two files
    assert ["东风镇人民政府" in f.message for f in found[3]] == [True]  # not compared with a.json: the same body


def test_one_body_spelled_differently_in_its_files_is_flagged():
    fmt = F21
    files = [BatchEntry(Path(f"{i}.json"), filled(fmt, sample_t3())) for i in range(3)]
    for e, name in zip(files, ["某某县城关镇人民政府", "城关镇政府", "某某县教育局"], strict=True):
        e.report.agency = name
    found = name_variants(files)
    assert sorted(found) == [0, 1]
    assert "城关镇政府" in found[0][0].message and found[0][0].meta == "agency"


def test_the_roster_flags_missing_duplicates_other_years_and_what_is_chosen(tmp_path):
    batch = Batch()
    entries = [
        entry(tmp_path, "甲镇.json", "甲镇人民政府", level="township"),
        entry(tmp_path, "甲镇-2.json", "甲镇政府", level="township"),
        entry(tmp_path, "甲镇-2022.json", "甲镇人民政府", year=2022, level="township"),
        entry(tmp_path, "教育局.json", "某某县教育局"),
        entry(tmp_path, "民政局-2021.json", "某某县民政局", year=2021),
    ]
    batch.add_paths(e.path for e in entries)
    assert batch.add_paths([entries[0].path]) == []  # the same file twice is one row
    for i, e in enumerate(entries):
        batch.set_entry(i, e)
    batch.apply_findings(batch.compute_findings())
    batch.expected = ["甲镇", "县教育局", "乙乡", "甲镇人民政府"]
    rows = {r.source or r.name: r for r in batch.rows()}
    assert batch.main_year() == 2023
    assert "同一单位有 2 份 2023 年度的文件" in rows["甲镇.json"].status and "duplicate" in rows["甲镇-2.json"].flags
    assert "previous" in rows["甲镇-2022.json"].flags and rows["甲镇-2022.json"].state == "excluded"
    assert "已与上年度「甲镇-2022.json」配对" in rows["甲镇.json"].status
    assert "other_year" in rows["民政局-2021.json"].flags and "不在单位名单中" in rows["民政局-2021.json"].status
    assert rows["乙乡"].status == "未报送" and rows["甲镇人民政府"].status == "单位名单中重复列出"
    assert rows["甲镇.json"].name == "甲镇"  # the list's spelling
    rollup = batch.roll_up(next(g for g in groups() if g.id == "all"))
    assert sorted(m.source for m in rollup.members) in (["教育局.json", "甲镇-2.json"], ["教育局.json", "甲镇.json"])
    batch.chosen.add("民政局-2021.json")
    assert "已选入汇总" in {r.source: r for r in batch.rows()}["民政局-2021.json"].status
    rollup = batch.roll_up(next(g for g in groups() if g.id == "all"))
    assert "民政局-2021.json" in [m.source for m in rollup.members]
    townships = batch.roll_up(next(g for g in groups() if g.id == "township"))
    assert {m.report.level for m in townships.members} == {"township"}
