"""Test helpers that build reports by hand (independently of the program's own totals)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nianbao.core.formats import Format
from nianbao.core.report import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DRAFT = ROOT / "resources" / "samples" / "seed-2020.json"
#: The team's reference folder (real published reports, the seed text): beside the clone, or
#: wherever ``NIANBAO_SHARED`` says. A plain clone has none; the tests that need it skip.
SHARED_ENV = "NIANBAO_SHARED"
SHARED = Path(os.environ.get(SHARED_ENV) or ROOT.parent / "shared")
SEED_TEXT = SHARED / "samples" / "seed-2020-report.txt"
REAL_REPORTS = SHARED / "real-reports"


def needs_shared(*paths: Path) -> pytest.MarkDecorator:
    """Skip unless every path (files or folders under :data:`SHARED`) exists."""
    missing = [p for p in paths if not p.exists()]
    names = ", ".join(str(p.relative_to(SHARED)) if p.is_relative_to(SHARED) else str(p) for p in missing)
    reason = f"needs {names} from the shared folder {SHARED} (absent; set {SHARED_ENV} to its path)"
    return pytest.mark.skipif(bool(missing), reason=reason)


APPLICANTS = ["np", "biz", "res", "ngo", "law", "oth"]
T4_GROUPS = ["review", "lit_direct", "lit_after_review"]
T4_PARTS = ["maintain", "correct", "other", "pending"]


def leaf_rows(fmt: Format) -> list[str]:
    """The result rows of table 三 that are summed into （七）总计."""
    rows = []
    for cell in fmt.table("t3").cells:
        row = cell.id.split(".")[1]
        if row.startswith("r") and row != "r7_total" and row not in rows:
            rows.append(row)
    return rows


def filled(
    fmt: Format, t3: dict[tuple[str, str], int] | None = None, year: int | None = None, level: str = "county_dept"
) -> Report:
    """A complete, balanced report: zeros except the given table-三 leaf values.

    ``t3`` maps (row, applicant column) to a value for rows new, carry_in, carry_out and the
    leaf result rows; totals are added up here, by the test, not by the program.
    """
    year = year or (2020 if fmt.id == "2019" else 2022)
    report = Report(format=fmt, year=year, agency="测试局", level=level, published=f"{year + 1}-01-20")
    for cell_id in fmt.cells:
        report.cells[cell_id] = 0
    t3 = t3 or {}
    for (row, col), v in t3.items():
        report.cells[f"t3.{row}.{col}"] = v
    rows = ["new", "carry_in", "carry_out", *leaf_rows(fmt)]
    for row in rows:
        report.cells[f"t3.{row}.tot"] = sum(report.cells[f"t3.{row}.{c}"] for c in APPLICANTS)
    for col in [*APPLICANTS, "tot"]:
        report.cells[f"t3.r7_total.{col}"] = sum(report.cells[f"t3.{r}.{col}"] for r in leaf_rows(fmt))
    return report


def sample_t3() -> dict[tuple[str, str], int]:
    """Balanced figures: 自然人 5 new + 1 carried = 4 handled + 2 carried on; 商业企业 2 = 2."""
    return {
        ("new", "np"): 5,
        ("carry_in", "np"): 1,
        ("r1", "np"): 2,
        ("r2", "np"): 1,
        ("r4_1", "np"): 1,
        ("carry_out", "np"): 2,
        ("new", "biz"): 2,
        ("r1", "biz"): 1,
        ("r5_2", "biz"): 1,
    }


#: Texts for 一, 五 and 六 that every content check accepts (2021 format: all five topics of 一).
GOOD_TEXTS = {
    "general": "本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好主动公开、依申请公开、"
    "政府信息管理、政府信息公开平台建设和监督保障等各项工作。",
    "problems": "（一）存在的主要问题：一是公开内容不够全面，二是信息更新不够及时，三是工作人员业务能力有待提高。"
    "（二）改进措施：下一步，本局将加强业务培训，完善信息发布审核机制，及时更新公开内容，"
    "切实提升政府信息公开工作的质量和水平，更好地服务人民群众。",
    "other": "本年度未收取信息处理费。本局认真办理人大代表建议和政协提案，并按要求公开办理结果；认真落实年度政务公开工作要点。",
}


def with_good_texts(report: Report) -> Report:
    """``report`` with :data:`GOOD_TEXTS` as its 一, 五 and 六 (so only table findings remain)."""
    report.texts.update(GOOD_TEXTS)
    return report
