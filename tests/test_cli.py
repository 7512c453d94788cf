"""The nianbao command line, run as a real process."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import filled, sample_t3
from nianbao.core.draft import load, save
from nianbao.core.formats import default_registry


def nianbao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.core.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def test_version():
    from nianbao.core import __version__

    result = nianbao("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_check_sample_passes(sample_path):
    result = nianbao("check", str(sample_path))
    assert result.returncode == 0, result.stderr
    assert "错误" not in result.stdout.split("\n", 1)[1] or "错误 0" in result.stdout


def test_check_json_shape_and_exit_code(tmp_path):
    report = filled(default_registry().get("2021"), sample_t3())
    report.cells["t3.carry_out.np"] = 1
    path = tmp_path / "bad.json"
    save(report, path)
    result = nianbao("check", str(path), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data) == {"errors", "warnings", "findings"}
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"]) >= 1
    for f in data["findings"]:
        assert (
            {"severity", "rule", "message", "cells"}
            <= set(f)
            <= {"severity", "rule", "message", "cells", "part", "span"}
        )
    assert any("t3.carry_out.np" in f["cells"] for f in data["findings"])


def test_check_with_previous(tmp_path):
    fmt = default_registry().get("2021")
    last, this = tmp_path / "2021.json", tmp_path / "2022.json"
    save(filled(fmt, sample_t3(), year=2021), last)
    save(filled(fmt, {("carry_in", "np"): 1, ("new", "np"): 1, ("r1", "np"): 2}, year=2022), this)
    assert nianbao("check", str(this)).returncode == 0
    result = nianbao("check", str(this), "--previous", str(last))
    assert result.returncode == 1 and "上一年度报告的结转下年度" in result.stdout


def test_unreadable_draft_exit_2_chinese_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 1, "format": ', encoding="utf-8")
    for args in (
        ("check", str(bad)),
        ("export", str(bad), "-o", str(tmp_path / "x.csv")),
        ("check", str(tmp_path / "missing.json")),
    ):
        result = nianbao(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr and "nianbao：" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_new_and_carry_forward(tmp_path):
    last = tmp_path / "last.json"
    save(filled(default_registry().get("2019"), sample_t3(), year=2020), last)
    out = tmp_path / "new.json"
    result = nianbao(
        "new",
        "--year",
        "2021",
        "--agency",
        "某某镇人民政府",
        "--level",
        "township",
        "--from",
        str(last),
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    report = load(out)
    assert report.format.id == "2021" and report.agency == "某某镇人民政府" and report.level == "township"
    assert report.cells["t3.carry_in.np"] == 2
    again = nianbao("new", "--year", "2021", "--agency", "x", "-o", str(out))
    assert again.returncode == 4 and "已存在" in again.stderr
    assert load(out).agency == "某某镇人民政府"


def test_new_with_explicit_format_is_reported(tmp_path):
    out = tmp_path / "d.json"
    assert nianbao("new", "--year", "2022", "--agency", "x", "--format", "2019", "-o", str(out)).returncode == 0
    result = nianbao("check", str(out), "--json")
    assert any(f["rule"] == "meta.format_year" for f in json.loads(result.stdout)["findings"])


def test_export_csv(sample_path, tmp_path):
    out = tmp_path / "out.csv"
    result = nianbao("export", str(sample_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["table", "row", "column", "id", "value"]
    assert len(rows) == 1 + 198
    by_id = {r[3]: r for r in rows[1:]}
    assert by_id["t2.norm.new_made"][4] == "76"
    assert by_id["t2.procurement.amount"][4] == "799100"
    assert by_id["t3.r3_1.biz"][1] == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"
    assert by_id["t3.r3_1.biz"][2] == "申请人情况 / 法人或其他组织 / 商业企业"


def test_export_empty_cells_and_error_count(tmp_path):
    report = filled(default_registry().get("2021"), sample_t3())
    del report.cells["t3.new.biz"]
    report.cells["t3.r1.tot"] = 9
    path = tmp_path / "d.json"
    save(report, path)
    out = tmp_path / "o.csv"
    result = nianbao("export", str(path), "-o", str(out))
    assert result.returncode == 0
    assert "2 个错误" in result.stderr  # 「（一）予以公开」row total and the 总计 column sum
    rows = {r[3]: r[4] for r in csv.reader(out.read_text(encoding="utf-8-sig").splitlines())}
    assert rows["t3.new.biz"] == ""


def test_export_unknown_suffix(sample_path, tmp_path):
    result = nianbao("export", str(sample_path), "-o", str(tmp_path / "x.odt"))
    assert result.returncode == 2 and ".csv" in result.stderr and ".docx" in result.stderr


@pytest.mark.parametrize("args", [("frobnicate",), ("check",), ("new", "--year", "abc", "--agency", "x", "-o", "y")])
def test_bad_arguments(args):
    result = nianbao(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
