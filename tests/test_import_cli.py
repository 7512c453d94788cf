"""``nianbao import`` and ``nianbao audit`` run as real processes."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

from helpers import REAL_REPORTS as REAL
from helpers import SEED_TEXT as SEED
from helpers import needs_shared
from import_expected import ROOT, SAMPLE
from nianbao.core.draft import load

HTML = ROOT / "tests" / "data" / "import" / "report-2021-format.html"
shared = needs_shared(REAL, SEED)


def nianbao(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.core.cli", *args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


@shared
def test_import_writes_the_draft_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "draft.json"
    result = nianbao("import", str(SEED), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        "找到 198 个，共 198 个" in result.stdout and "错误 0 个，警告 3 个" in result.stdout
    )  # text.plan, 六 is 「无」, meta.published (the seed page has no 发布日期)
    assert load(out).cells == load(SAMPLE).cells
    again = nianbao("import", str(SEED), "-o", str(out))
    assert again.returncode == 4 and "已存在" in again.stderr and "--force" in again.stderr
    forced = nianbao("import", str(HTML), "-o", str(out), "--force", "--agency", "某局", "--year", "2023")
    assert forced.returncode == 0 and load(out).agency == "某局"


def test_import_of_an_unreadable_file_is_a_clean_error(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    result = nianbao("import", str(bad), "-o", str(tmp_path / "d.json"))
    assert result.returncode == 2 and "x.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "d.json").exists()


@shared
def test_audit_lists_each_report_then_findings_and_writes_csv(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    files = [REAL / "pingtan-2019.txt", REAL / "pingtan-2020.txt", broken, REAL / "09-changchun-veterans-2023.txt"]
    out = tmp_path / "audit.csv"
    result = nianbao("audit", *map(str, files), "--csv", str(out))
    assert result.returncode == 2  # one file could not be read; the others were audited
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["文件", "机关", "年度", "格式", "错误数", "警告数"]
    assert lines[1].split("\t")[:5] == ["pingtan-2019.txt", "平潭综合实验区", "2019", "2019", "0"]
    assert lines[2].split("\t")[:5] == ["pingtan-2020.txt", "平潭综合实验区", "2020", "2019", "2"]
    assert lines[3].startswith("broken.pdf\t（无法读取）")
    assert lines[4].split("\t")[:3] == ["09-changchun-veterans-2023.txt", "（未识别）", "2023"]
    assert "受理政府信息公开申请2件" in result.stdout
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["file", "agency", "year", "format", "severity", "rule", "message", "cells"]
    assert {r[0] for r in rows[1:]} == {f.name for f in files}
    errors = [r for r in rows[1:] if r[0] == "pingtan-2020.txt" and r[4] == "error"]
    assert [r[5] for r in errors] == ["t3.result_total", "t3.result_total"]
    assert any(r[0] == "broken.pdf" and r[5] == "import.unreadable" for r in rows)


@shared
def test_audit_json_checks_consecutive_years_of_one_body(tmp_path):
    copy = tmp_path / "hongze-2024.pdf"
    shutil.copyfile(REAL / "hongze-district-2024.pdf", copy)
    result = nianbao("audit", "--json", str(REAL / "hongze-district-2023.pdf"), str(copy))
    assert result.returncode == 1  # the 2023 report's table 四 does not add up
    data = json.loads(result.stdout)
    assert [(d["file"], d["year"], d["errors"]) for d in data] == [
        ("hongze-district-2023.pdf", 2023, 2),
        ("hongze-2024.pdf", 2024, 0),
    ]
    rules_2024 = {f["rule"] for f in data[1]["findings"]}
    assert "t3.carry_in_previous" not in rules_2024 and "t2.valid_previous" not in rules_2024
    assert "text.numbers" in rules_2024


def test_audit_of_a_clean_html_report_exits_zero():
    result = nianbao("audit", str(HTML))
    assert result.returncode == 0, result.stdout
    assert "report-2021-format.html\t测试县交通运输局\t2023\t2021\t0\t" in result.stdout
