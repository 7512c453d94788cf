"""``nianbao.core.cli.main([...])`` in this process: every command, every exit code.

``tests/test_cli.py`` runs the real ``nianbao`` process (the smoke test of the entry point);
this file calls ``main`` directly, so what it covers is measured, and it reaches the error
paths a process cannot be made to take (an internal error, Ctrl+C).
"""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest

from helpers import ROOT, filled, sample_t3, with_good_texts
from nianbao.core import cli, log
from nianbao.core.draft import load, save
from nianbao.core.errors import ExitCode, FormatError
from nianbao.core.formats import default_registry

HTML = ROOT / "tests" / "data" / "import" / "report-2021-format.html"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``nianbao ARGS``."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    """stderr of arguments argparse refuses (it exits with UNREADABLE)."""
    with pytest.raises(SystemExit) as exc:
        cli.main([str(a) for a in args])
    assert exc.value.code == ExitCode.UNREADABLE
    return capsys.readouterr().err


@pytest.fixture
def balanced(tmp_path: Path) -> Path:
    path = tmp_path / "balanced.json"
    save(with_good_texts(filled(default_registry().get("2021"), sample_t3())), path)
    return path


@pytest.fixture
def unbalanced(tmp_path: Path) -> Path:
    report = with_good_texts(filled(default_registry().get("2021"), sample_t3()))
    # 自然人 5 + 1 ≠ 4 + 1, and 结转下年度's 总计 2 ≠ the six applicant columns' 1: two errors
    report.cells["t3.carry_out.np"] = 1
    path = tmp_path / "unbalanced.json"
    save(report, path)
    return path


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The log file goes to a throw-away data folder."""
    monkeypatch.setenv(log.ENV_DATA_DIR, str(tmp_path / "data"))
    log.reset_for_tests()
    yield tmp_path / "data" / "logs"
    log.reset_for_tests()


def test_exit_code_names_and_values():
    assert {c.name: int(c) for c in ExitCode} == {
        "OK": 0,
        "FINDINGS": 1,
        "UNREADABLE": 2,
        "INTERNAL": 3,
        "OUTPUT_EXISTS": 4,
        "WRITE_FAILED": 5,
        "INTERRUPTED": 130,
    }


# ---------------------------------------------------------------- argument handling


def test_version_and_help(capsys):
    from nianbao.core import __version__

    for args, expected in ((["--version"], f"nianbao {__version__}"), (["--help"], "check")):
        with pytest.raises(SystemExit) as exc:
            cli.main(args)
        assert exc.value.code == 0 and expected in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["frobnicate"], "invalid choice"),
        (["check"], "DRAFT.json"),
        (["new", "--year", "abc", "--agency", "x", "-o", "y"], "--year"),
        (["new", "--year", "2022", "-o", "y"], "--agency"),
        (["new", "--year", "2022", "--agency", "x", "--level", "mayor", "-o", "y"], "--level"),
        (["export", "d.json"], "-o"),
        (["audit"], "FILE"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(capsys, args, reason):
    err = refused(capsys, *args)
    assert "nianbao：参数错误：" in err and reason in err and "usage:" in err


def test_no_arguments_a_draft_or_the_smoke_test_start_the_window(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(cli, "run_gui", lambda draft, smoke_test=False: calls.append((draft, smoke_test)) or 0)
    draft = tmp_path / "草稿.json"
    other = tmp_path / "报告"  # an existing file without the .json suffix opens too
    other.write_text("{}", encoding="utf-8")
    for args in ([], [str(draft)], [str(other)], ["--smoke-test"], ["--smoke-test", str(draft)]):
        assert cli.main(args) == ExitCode.OK
    assert calls == [(None, False), (str(draft), False), (str(other), False), (None, True), (str(draft), True)]


def test_run_gui_without_the_window_package_says_so(monkeypatch, capsys):
    def missing(name):
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(cli.importlib, "import_module", missing)
    assert cli.run_gui(None) == ExitCode.UNREADABLE
    err = capsys.readouterr().err
    assert "无法启动窗口" in err and "nianbao.gui.app" in err and "nianbao --help" in err


def test_run_gui_calls_the_window_or_its_smoke_test(monkeypatch):
    seen = []
    app = SimpleNamespace(
        main=lambda d: seen.append(("main", d)) or 0, smoke_test=lambda d: seen.append(("smoke", d)) or 7
    )
    monkeypatch.setattr(cli.importlib, "import_module", lambda name: app if name == "nianbao.gui.app" else None)
    assert cli.run_gui("a.json") == 0
    assert cli.run_gui(None, smoke_test=True) == 7
    assert seen == [("main", "a.json"), ("smoke", None)]


# ---------------------------------------------------------------- new


def test_new_blank_and_with_a_format(capsys, tmp_path):
    out = tmp_path / "d.json"
    code, stdout, _ = run(
        capsys, "new", "--year", "2022", "--agency", "某县交通运输局", "--level", "county_dept", "-o", out
    )
    assert code == ExitCode.OK and f"已新建草稿「{out}」" in stdout and "2021年修订格式" in stdout
    report = load(out)
    assert (report.format.id, report.year, report.agency, report.level) == (
        "2021",
        2022,
        "某县交通运输局",
        "county_dept",
    )
    assert report.cells == {}
    old = tmp_path / "old.json"
    assert run(capsys, "new", "--year", "2022", "--agency", "x", "--format", "2019", "-o", old)[0] == ExitCode.OK
    assert load(old).format.id == "2019"


def test_new_carries_forward_and_refuses_to_overwrite(capsys, tmp_path, balanced):
    out = tmp_path / "2023.json"
    code, _, _ = run(capsys, "new", "--year", "2023", "--agency", "某局", "--from", balanced, "-o", out)
    assert code == ExitCode.OK
    report = load(out)
    assert report.year == 2023 and report.level == "county_dept"  # the level comes from last year
    assert report.cells["t3.carry_in.np"] == 2 and report.cells["t3.carry_in.tot"] == 2

    code, _, err = run(capsys, "new", "--year", "2023", "--agency", "另一个", "-o", out)
    assert code == ExitCode.OUTPUT_EXISTS and f"文件「{out}」已存在" in err and "--force" in err
    assert load(out).agency == "某局"
    assert run(capsys, "new", "--year", "2023", "--agency", "另一个", "-o", out, "--force")[0] == ExitCode.OK
    assert load(out).agency == "另一个"


def test_new_from_with_another_format_is_refused_and_writes_nothing(capsys, tmp_path, balanced):
    out = tmp_path / "x.json"
    code, _, err = run(
        capsys, "new", "--year", "2023", "--agency", "x", "--from", balanced, "--format", "2019", "-o", out
    )
    assert code == ExitCode.UNREADABLE and "--from 与 --format 不能同时使用" in err
    assert not out.exists()


def test_new_into_a_missing_folder_is_a_write_failure(capsys, tmp_path):
    out = tmp_path / "U盘" / "d.json"
    code, _, err = run(capsys, "new", "--year", "2022", "--agency", "x", "-o", out)
    assert code == ExitCode.WRITE_FAILED and "无法保存草稿" in err and str(out) in err and "文件夹不存在" in err


# ---------------------------------------------------------------- check


def test_check_clean_draft(capsys, balanced):
    code, out, _ = run(capsys, "check", balanced)
    assert code == ExitCode.OK
    first, rest = out.split("\n", 1)
    assert first == f"{balanced}：测试局2022年政府信息公开工作年度报告，2021年修订格式（国办公开办函〔2021〕30号）"
    assert rest.strip() == "没有发现问题，勾稽关系全部平衡。"


def test_check_lists_errors_and_warnings_and_exits_1(capsys, unbalanced):
    report = load(unbalanced)
    del report.cells["t2.reg.made"]
    save(report, unbalanced)
    code, out, _ = run(capsys, "check", unbalanced)
    assert code == ExitCode.FINDINGS
    assert out.splitlines()[1] == "错误 2 个，警告 1 个："
    lines = [line.strip() for line in out.splitlines()[2:]]
    assert len(lines) == 3
    assert lines[0].startswith("[错误] 表三「自然人」列") and "= 6" in lines[0] and "= 5，相差 1" in lines[0]
    assert lines[1].startswith("[错误] 表三「四、结转下年度继续办理」行：总计 2") and "相差 1" in lines[1]
    assert lines[2].startswith("[警告] 表二「第二十条第（一）项 / 规章」行有 1 个单元格未填写")


def test_check_json(capsys, unbalanced):
    code, out, _ = run(capsys, "check", unbalanced, "--json")
    assert code == ExitCode.FINDINGS
    data = json.loads(out)
    assert (data["errors"], data["warnings"]) == (2, 0)
    balance, row_total = data["findings"]
    assert (balance["severity"], balance["rule"]) == ("error", "t3.balance")
    assert set(balance["cells"]) == {"t3.new.np", "t3.carry_in.np", "t3.r7_total.np", "t3.carry_out.np"}
    assert (row_total["severity"], row_total["rule"]) == ("error", "t3.row_total")
    assert "t3.carry_out.tot" in row_total["cells"]


def test_check_with_last_years_draft(capsys, tmp_path, balanced):
    this = tmp_path / "2023.json"
    report = filled(default_registry().get("2021"), {("new", "np"): 1, ("r1", "np"): 1}, year=2023)
    save(report, this)
    assert run(capsys, "check", this)[0] == ExitCode.OK
    code, out, _ = run(capsys, "check", this, "--previous", balanced)
    assert code == ExitCode.FINDINGS and "上一年度报告的结转下年度" in out  # 2 carried over, 0 carried in


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "找不到草稿文件"),
        (b'{"schema": 1, "format": ', "已损坏或不完整：第 1 行第 25 列"),
        (b"", "是空的"),
        (b'{"schema": 1, "format": "1999", "cells": {}}', "报告格式「1999」无法识别"),
    ],
)
def test_check_of_an_unreadable_draft_exits_2_naming_it(capsys, tmp_path, content, reason):
    path = tmp_path / "坏.json"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "check", path)
    assert code == ExitCode.UNREADABLE and out == ""
    assert err.startswith("nianbao：") and str(path) in err and reason in err


def test_check_of_a_folder(capsys, tmp_path):
    code, _, err = run(capsys, "check", tmp_path)
    assert code == ExitCode.UNREADABLE and "是一个文件夹" in err


# ---------------------------------------------------------------- export


def test_export_csv(capsys, tmp_path, sample_path):
    out = tmp_path / "表.CSV"  # the suffix is matched without case
    code, stdout, err = run(capsys, "export", sample_path, "-o", out)
    assert code == ExitCode.OK and stdout == f"已导出「{out}」\n" and err == ""
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["table", "row", "column", "id", "value"]
    assert {r[3]: r[4] for r in rows[1:]}["t2.norm.new_made"] == "76"


def test_export_pdf_with_and_without_signature(capsys, tmp_path, sample_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "cache"))
    report = load(sample_path)
    report.published = "2021-01-20"
    save(report, sample_path)
    texts = {}
    for name, extra in (("signed.pdf", []), ("unsigned.pdf", ["--no-signature"])):
        out = tmp_path / name
        code, stdout, _ = run(capsys, "export", sample_path, "-o", out, *extra)
        assert code == ExitCode.OK and f"已导出「{out}」" in stdout
        texts[name] = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    date = "2021年1月20日"  # the draft's 发布日期, printed under the name in the 落款
    assert date in texts["signed.pdf"].replace(" ", "") and date not in texts["unsigned.pdf"].replace(" ", "")


def test_export_of_a_draft_with_errors_still_exports_and_says_so(capsys, tmp_path, unbalanced):
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "export", unbalanced, "-o", out)
    assert code == ExitCode.OK and out.stat().st_size > 0
    assert "注意：草稿中有 2 个错误，仍已导出；请用 nianbao check 查看" in err


def test_export_unknown_suffix(capsys, tmp_path, sample_path):
    for name, shown in (("x.odt", ".odt"), ("x", "（无后缀）")):
        code, _, err = run(capsys, "export", sample_path, "-o", tmp_path / name)
        assert code == ExitCode.UNREADABLE and f"不支持的导出格式「{shown}」" in err and ".docx" in err
        assert not (tmp_path / name).exists()


@pytest.mark.parametrize("suffix", ["csv", "pdf"])
def test_export_into_a_missing_folder_is_a_write_failure(capsys, tmp_path, sample_path, suffix, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "U盘" / f"报告.{suffix}"
    code, _, err = run(capsys, "export", sample_path, "-o", out)
    assert code == ExitCode.WRITE_FAILED
    assert f"无法导出{suffix.upper()}「{out}」" in err and f"文件夹「{out.parent}」不存在" in err


def test_export_of_an_unreadable_draft(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    code, _, err = run(capsys, "export", bad, "-o", tmp_path / "x.csv")
    assert code == ExitCode.UNREADABLE and str(bad) in err and not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------- import


def test_import_html(capsys, tmp_path):
    out = tmp_path / "d.json"
    code, stdout, _ = run(capsys, "import", HTML, "-o", out)
    assert code == ExitCode.OK
    assert f"已导入「{HTML}」→「{out}」：测试县交通运输局2023年政府信息公开工作年度报告，使用2021年修订格式" in stdout
    n = len(default_registry().get("2021").cells)
    assert f"表格单元格找到 {n - 1} 个，共 {n} 个" in stdout  # 行政事业性收费 is "/" on the page
    assert "检查：错误 0 个" in stdout
    report = load(out)
    assert report.cells["t3.new.np"] == 3 and report.cells["t2.norm.valid"] == 9


def test_import_lists_what_it_could_not_take_over(capsys, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n", encoding="utf-8")
    code, stdout, _ = run(capsys, "import", short, "-o", tmp_path / "d.json")
    assert code == ExitCode.OK
    assert "表格单元格找到 0 个" in stdout and "导入时发现" in stdout
    assert sum(line.startswith("  [警告]") for line in stdout.splitlines()) >= 3  # three tables missing


def test_import_overrides_and_refuses_to_overwrite(capsys, tmp_path):
    out = tmp_path / "d.json"
    out.write_text("my draft", encoding="utf-8")
    code, _, err = run(capsys, "import", HTML, "-o", out)
    assert code == ExitCode.OUTPUT_EXISTS and "已存在" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "my draft"
    code, _, _ = run(capsys, "import", HTML, "-o", out, "--force", "--agency", "某局", "--year", "2024")
    assert code == ExitCode.OK
    report = load(out)
    assert (report.agency, report.year) == ("某局", 2024)
    assert Path(f"{out}.bak").read_text(encoding="utf-8") == "my draft"  # --force keeps the old file


def test_import_year_out_of_range(capsys, tmp_path):
    code, _, err = run(capsys, "import", HTML, "-o", tmp_path / "d.json", "--year", "20231")
    assert code == ExitCode.UNREADABLE and "--year 应是四位数的年份，现为「20231」" in err
    assert not (tmp_path / "d.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("x.docx", b"not a zip", "x.docx"), ("empty.txt", b"", "是空文件"), ("missing.txt", None, "找不到文件")],
)
def test_import_of_an_unreadable_file(capsys, tmp_path, name, content, reason):
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    code, _, err = run(capsys, "import", src, "-o", tmp_path / "d.json")
    assert code == ExitCode.UNREADABLE and reason in err
    assert not (tmp_path / "d.json").exists()


# ---------------------------------------------------------------- audit


def broken_total(tmp_path: Path) -> Path:
    """The HTML report with （一）予以公开's 总计 misprinted (2 → 9)."""
    html = HTML.read_text(encoding="utf-8")
    row = "（一）予以公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td>"
    assert row in html
    path = tmp_path / "错的.html"
    path.write_text(html.replace(row, row[:-10] + "<td>9</td>"), encoding="utf-8")
    return path


def test_audit_clean_report(capsys):
    code, out, _ = run(capsys, "audit", HTML)
    assert code == ExitCode.OK
    assert out.splitlines()[0].split("\t") == ["文件", "机关", "年度", "格式", "错误数", "警告数"]
    assert out.splitlines()[1].split("\t")[:5] == ["report-2021-format.html", "测试县交通运输局", "2023", "2021", "0"]


def test_audit_with_errors_exits_1_and_writes_csv(capsys, tmp_path):
    bad, out = broken_total(tmp_path), tmp_path / "audit.csv"
    code, stdout, _ = run(capsys, "audit", HTML, bad, "--csv", out)
    assert code == ExitCode.FINDINGS
    assert stdout.splitlines()[2].split("\t")[:5] == ["错的.html", "测试县交通运输局", "2023", "2021", "2"]
    assert f"已写入「{out}」" in stdout
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    errors = sorted(r[5] for r in rows[1:] if r[0] == "错的.html" and r[4] == "error")
    assert errors == ["t3.result_total", "t3.row_total"]  # the row, and the 总计 column that sums it


def test_audit_json_with_an_unreadable_file_exits_2(capsys, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    out = tmp_path / "audit.csv"
    code, stdout, _ = run(capsys, "audit", "--json", "--csv", out, HTML, broken)
    assert code == ExitCode.UNREADABLE  # the readable one is still audited
    data = json.loads(stdout)  # nothing else on stdout with --json
    assert [(d["file"], bool(d["unreadable"])) for d in data] == [
        ("report-2021-format.html", False),
        ("broken.pdf", True),
    ]
    assert "broken.pdf" in data[1]["unreadable"]
    assert out.is_file()


# ---------------------------------------------------------------- rollup


@pytest.fixture
def bodies(tmp_path: Path) -> Path:
    """A folder with the drafts of a township and a county department (自然人 5 new each) and a broken file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, level in (("甲镇人民政府", "township"), ("县教育局", "county_dept")):
        report = filled(default_registry().get("2021"), sample_t3(), level=level)
        report.agency = name
        save(report, folder / f"{name}.json")
    (folder / "坏.json").write_text("{", encoding="utf-8")
    return folder


def test_rollup_of_one_level_to_csv_skips_the_unreadable_file(capsys, tmp_path, bodies):
    out = tmp_path / "汇总.csv"
    code, stdout, err = run(capsys, "rollup", bodies, "--level", "township", "-o", out)
    assert code == ExitCode.OK
    assert stdout.startswith(f"已汇总 1 个单位（2022年度，2021年修订格式（国办公开办函〔2021〕30号））→「{out}」")
    assert "已跳过：" in err and "坏.json" in err
    rows = {r[3]: r[4] for r in csv.reader(out.read_text(encoding="utf-8-sig").splitlines())}
    assert rows["t3.new.np"] == "5" and rows["t3.new.tot"] == "7"


def test_rollup_of_every_body_to_pdf(capsys, tmp_path, bodies, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "汇总.pdf"
    code, stdout, _ = run(capsys, "rollup", bodies, "-o", out)
    assert code == ExitCode.OK and "已汇总 2 个单位" in stdout
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages).replace(" ", "").replace("\n", "")
    assert "甲镇人民政府、县教育局" in text or "县教育局、甲镇人民政府" in text  # the preface names the bodies


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (["--level", "province_gov", "-o", "x.json"], ExitCode.UNREADABLE, "没有可汇总的报告"),
        (["-o", "x.doc"], ExitCode.UNREADABLE, "不支持的导出格式「.doc」"),
        (["-o", "U盘/x.csv"], ExitCode.WRITE_FAILED, "无法导出CSV"),
        (["-o", "U盘/x.json"], ExitCode.WRITE_FAILED, "无法保存草稿"),
    ],
)
def test_rollup_refusals(capsys, tmp_path, bodies, args, code, reason):
    args = [str(tmp_path / a) if a.endswith((".json", ".doc", ".csv")) else a for a in args]
    got, _, err = run(capsys, "rollup", bodies, *args)
    assert got == code and reason in err
    assert not Path(args[-1]).exists()


# ---------------------------------------------------------------- the error families, mapped in one place


def bug(args):
    raise ZeroDivisionError("division by zero")


def test_a_bug_is_an_internal_error_naming_the_log_file(capsys, monkeypatch, log_dir, sample_path):
    monkeypatch.setitem(cli.HANDLERS, "check", bug)
    code, out, err = run(capsys, "check", sample_path)
    assert code == ExitCode.INTERNAL and out == ""
    assert "程序内部错误（ZeroDivisionError: division by zero）" in err and "草稿文件没有被修改" in err
    assert f"详细情况已写入日志文件「{log_dir / log.LOG_NAME}」" in err


def test_a_bug_is_written_to_the_log_file_it_names(capsys, monkeypatch, log_dir, sample_path):
    monkeypatch.setitem(cli.HANDLERS, "check", bug)
    assert run(capsys, "check", sample_path)[0] == ExitCode.INTERNAL
    logged = (log_dir / log.LOG_NAME).read_text(encoding="utf-8")
    assert "internal error in the command line" in logged and "ZeroDivisionError" in logged and "Traceback" in logged


def test_a_broken_format_file_is_an_internal_error_naming_it(capsys, monkeypatch, sample_path):
    def broken(*args, **kwargs):
        raise FormatError("2021.json：表 t3 的规则 t3.balance 缺少 op", path="2021.json", where="t3.balance")

    monkeypatch.setattr(cli, "check", broken)
    code, _, err = run(capsys, "check", sample_path)
    assert code == ExitCode.INTERNAL and err == "nianbao：2021.json：表 t3 的规则 t3.balance 缺少 op\n"


def test_an_os_error_outside_the_families_is_explained_in_chinese(capsys, monkeypatch, sample_path):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/media/u盘/x.csv")

    monkeypatch.setattr(cli, "load", denied)
    code, _, err = run(capsys, "check", sample_path)
    assert code == ExitCode.UNREADABLE
    assert (
        err
        == "nianbao：文件操作失败：没有写入权限（文件或文件夹是只读的，或文件正被其他程序打开）（/media/u盘/x.csv）\n"
    )


def test_ctrl_c(capsys, monkeypatch, sample_path):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.HANDLERS, "check", interrupted)
    assert run(capsys, "check", sample_path)[0] == ExitCode.INTERRUPTED


def test_the_real_command_reads_sys_argv_and_freezes_the_collector_when_done(capsys, monkeypatch, sample_path):
    frozen = []
    monkeypatch.setattr(cli.sys, "argv", ["nianbao", "check", str(sample_path)])
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    assert cli.main() == ExitCode.OK
    assert (
        frozen == [True] and "错误 0 个，警告 3 个" in capsys.readouterr().out
    )  # text.plan, text.empty_parts, meta.published
    assert cli.main(["check", str(sample_path)]) == ExitCode.OK
    assert frozen == [True]  # called as a function (tests, scripts): the collector is left alone
