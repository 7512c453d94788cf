"""A county batch for the 汇总审核 tests: ~10 mixed files made from the sample and generated reports.

Nothing here reads ``../shared``. Every report is kept, so a test can compute the sum on its own.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from helpers import ROOT
from nianbao.core import draft
from nianbao.core.docx_export import write_docx
from nianbao.core.pdf_export import write_pdf
from nianbao.core.report import Report, compute_totals

sys.path.insert(0, str(ROOT / "bench"))
from generate import random_report, render_html, render_text, sample

YEAR = 2020
#: 一、总体情况 of each body: different words, so only the planted copy is 雷同.
GENERAL = {
    "城关镇人民政府": "本镇坚持以公开为常态，围绕乡村振兴、集镇改造和民生实事，通过镇政府网站栏目和村务公开栏发布政策文件，"
    "组织镇村干部学习条例，按季度检查各村公开栏的更新情况。",
    "河西乡人民政府": "本乡把政务公开列入年度目标考核，重点公开扶贫资金使用、低保评审、危房改造名单等群众关心的事项，"
    "在各村设立公开监督员，收集群众意见后逐条答复。",
    "某某县教育局": "本局聚焦招生入学、教师招聘、学校收费和校园安全，在局门户网站开设专题，及时发布招生政策解读和划片结果，"
    "开通咨询电话，组织家长开放日。",
    "某某县民政局": "本局围绕社会救助、养老服务、殡葬管理和社会组织登记，公开救助标准和办事指南，"
    "在便民服务大厅设置查阅点，推进养老机构信息上网。",
    "某某县财政局": "本局按照预决算公开要求，督促各部门在规定时间内公开部门预算和决算、三公经费，"
    "对公开情况开展专项检查，通报存在的问题并限期整改。",
    "某某县交通运输局": "本局重点公开农村公路建设、客运班线调整、治超执法和道路养护计划，"
    "在局网站发布施工公告，对群众反映的道路问题通过热线逐件回复。",
    "某某县卫生健康委员会": "本委围绕疫情防控、医疗服务价格、家庭医生签约和健康扶贫，"
    "通过网站和公众号发布防控信息，公开定点医疗机构名单和收费标准。",
}
PROBLEMS = "存在的问题是更新还不够及时，下一步将加强培训，改进工作。"


@dataclass
class BatchFiles:
    """What was written: the folder, each file's report (None for the broken one), the name list."""

    folder: Path
    reports: dict[str, Report | None] = field(default_factory=dict)  # file name -> report written
    roster: Path | None = None

    def report(self, name: str) -> Report:
        found = self.reports[name]
        assert found is not None
        return found


def balance(report: Report) -> None:
    """表三 made to hold: per applicant, 新收 + 上年结转 = 予以公开 + 1 carried on (other results 0)."""
    fmt = report.format
    leaves = [c for c in fmt.table("t3").cells if c.id.split(".")[1].startswith("r") and "total" not in c.id]
    for cell in leaves:
        report.cells[cell.id] = 0
    for col in ("np", "biz", "res", "ngo", "law", "oth"):
        available = report.cells[f"t3.new.{col}"] + report.cells[f"t3.carry_in.{col}"]
        report.cells[f"t3.carry_out.{col}"] = min(1, available)
        report.cells[f"t3.r1.{col}"] = available - min(1, available)
    compute_totals(report)


def body(rng: random.Random, agency: str, level: str, year: int = YEAR) -> Report:
    """A complete generated report of ``agency`` with its own 一 (and a short 五, 六 「无」); 表三 holds."""
    report = random_report(rng, year=year)
    report.agency, report.level = agency, level
    balance(report)
    report.texts["general"] = GENERAL.get(agency, "")
    report.texts["problems"] = PROBLEMS
    report.texts["other"] = "无。"
    return report


def make_batch(folder: Path, seed: int = 17) -> BatchFiles:
    """11 files: drafts, web pages, text, Word, PDF; a broken one; two files for one body (its name
    spelled differently); last year's report of one body; one of another year and format; a copied 一.
    Plus 单位名单.txt with a body that sent nothing and a name listed twice."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = BatchFiles(folder)

    seed_report = sample()
    seed_report.agency = "城关镇人民政府"
    seed_report.texts["general"] = GENERAL["城关镇人民政府"]
    del seed_report.cells["t2.norm.new_made"]  # one blank cell: the sum is incomplete there
    draft.save(seed_report, folder / "城关镇.json")
    out.reports["城关镇.json"] = seed_report

    hexi = body(rng, "河西乡人民政府", "township")
    (folder / "河西乡.html").write_text(render_html(hexi), encoding="utf-8")
    out.reports["河西乡.html"] = hexi

    hexi2 = body(rng, "河西乡政府", "township")  # a second file of 河西乡, its name spelled otherwise
    hexi2.texts["general"] = GENERAL["河西乡人民政府"]
    (folder / "河西乡-修改稿.txt").write_text(render_text(hexi2), encoding="utf-8")
    newer = (folder / "河西乡.html").stat().st_mtime + 60
    os.utime(folder / "河西乡-修改稿.txt", (newer, newer))  # sent later: the newer file counts
    out.reports["河西乡-修改稿.txt"] = hexi2

    dongfeng = body(rng, "东风镇人民政府", "township")
    dongfeng.texts["general"] = GENERAL["河西乡人民政府"].replace("本乡", "本镇")  # copied from 河西乡
    (folder / "东风镇.txt").write_text(render_text(dongfeng), encoding="utf-8")
    out.reports["东风镇.txt"] = dongfeng

    edu = body(rng, "某某县教育局", "county_dept")
    write_pdf(edu, folder / "教育局.pdf", invariant=True, system_fonts=False)
    out.reports["教育局.pdf"] = edu

    civil = body(rng, "某某县民政局", "county_dept")
    write_docx(civil, folder / "民政局.docx")
    out.reports["民政局.docx"] = civil

    finance = body(rng, "某某县财政局", "county_dept")
    draft.save(finance, folder / "财政局.json")
    out.reports["财政局.json"] = finance

    transport_last = body(rng, "某某县交通运输局", "county_dept", year=YEAR - 1)
    (folder / "交通局-2019.html").write_text(render_html(transport_last), encoding="utf-8")
    out.reports["交通局-2019.html"] = transport_last
    transport = body(rng, "某某县交通运输局", "county_dept")
    (folder / "交通局.html").write_text(render_html(transport), encoding="utf-8")
    out.reports["交通局.html"] = transport

    health = body(rng, "某某县卫生健康委员会", "county_dept", year=2021)  # another year and format
    (folder / "卫健委-2021.html").write_text(render_html(health), encoding="utf-8")
    out.reports["卫健委-2021.html"] = health

    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out.reports["损坏.docx"] = None

    roster = folder.parent / "单位名单.txt"
    roster.write_text(
        "\n".join(
            [
                "城关镇",
                "河西乡人民政府",
                "东风镇",
                "新华街道办事处",  # sent nothing: 未报送
                "县教育局",
                "县民政局",
                "县交通运输局",
                "县卫生健康委员会",
                "城关镇人民政府",  # listed twice
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out.roster = roster
    return out


#: The files whose figures make the 2020 sum of all bodies: the batch's year and format, one file per body
#: (of 河西乡's two files the newer one counts), 财政局 included (not on the list, still a body).
SUMMED = ("城关镇.json", "河西乡-修改稿.txt", "东风镇.txt", "教育局.pdf", "民政局.docx", "财政局.json", "交通局.html")
TOWNSHIPS = ("城关镇.json", "河西乡-修改稿.txt", "东风镇.txt")
