"""Every output through ``nianbao export`` and ``export_report``, and what bad input gets.

Bad input: a character no font has, a 20-page text part, an output folder that does not
exist or is read-only, a file open in another program. Each gets a Chinese message naming
the file, and nothing is half-written: the old file stays as it was, no temp file is left.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from export_cases import assert_same_report, numbered
from nianbao.core import atomic
from nianbao.core.draft import save
from nianbao.core.errors import ExitCode, ExportError
from nianbao.core.export import UnsupportedOutput, UnwritableCharacter, export_report, writer_for
from nianbao.core.importer import import_report

MISSING = "\U000f0000"  # a private-use character no font has
SUFFIXES = (".pdf", ".docx", ".html", ".xlsx", ".csv")
MAGIC = {".pdf": b"%PDF", ".docx": b"PK", ".xlsx": b"PK", ".html": b"<!DOCTYPE html>", ".csv": b"\xef\xbb\xbftable,"}


def nianbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.core.cli", *args], capture_output=True, text=True, encoding="utf-8"
    )


@pytest.fixture(autouse=True)
def _font_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_cli_picks_the_writer_by_suffix(suffix, sample_path, tmp_path):
    out = tmp_path / f"年报{suffix.upper() if suffix == '.docx' else suffix}"
    result = nianbao("export", str(sample_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(MAGIC[suffix]) and f"已导出「{out}」" in result.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_suffix_lists_the_known_ones(tmp_path):
    with pytest.raises(UnsupportedOutput) as info:
        writer_for(tmp_path / "x.odt")
    assert all(s in str(info.value) for s in SUFFIXES) and info.value.exit_code == ExitCode.UNREADABLE
    assert writer_for("报告.HTM").label == "网页"


@pytest.mark.parametrize("suffix", [".docx", ".html", ".xlsx"])
def test_a_character_no_font_has_names_file_character_and_place(suffix, tmp_path):
    report = numbered("2021")
    report.texts["other"] = f"无。\n第二段有{MISSING}字。"
    if suffix == ".xlsx":  # the workbook holds no text parts, but the 机关名称
        report.agency = f"某某{MISSING}局"
    out = tmp_path / f"报告{suffix}"
    with pytest.raises(UnwritableCharacter) as info:
        export_report(report, out)
    message = str(info.value)
    assert str(out) in message and "U+F0000" in message and "没有字形" in message
    where = "标题（机关名称和年度）" if suffix == ".xlsx" else "「六、其他需要报告的事项」第2段"
    assert where in message
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_character_no_font_has_from_the_command_line(tmp_path):
    report = numbered("2021")
    report.texts["problems"] = f"问题{MISSING}"
    draft = tmp_path / "草稿.json"
    save(report, draft)
    result = nianbao("export", str(draft), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == ExitCode.UNREADABLE and "U+F0000" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_a_twenty_page_text_part_round_trips(suffix, tmp_path):
    report = numbered("2021")
    sentence = "全年围绕群众关切，细化公开内容，丰富公开渠道，确保政府信息公开工作落到实处。"
    paragraph = sentence * 6
    report.texts["general"] = "\n".join(paragraph for _ in range(20 * 22 * 28 // len(paragraph) + 1))
    assert len(report.texts["general"]) > 20 * 22 * 28
    out = tmp_path / f"长{suffix}"
    export_report(report, out, signature=False)
    assert_same_report(report, import_report(out))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_missing_folder_names_file_and_folder(suffix, tmp_path):
    out = tmp_path / "U盘" / f"报告{suffix}"
    with pytest.raises(ExportError) as info:
        export_report(numbered("2021"), out)
    message = str(info.value)
    assert str(out) in message and f"文件夹「{out.parent}」不存在" in message
    assert info.value.exit_code == ExitCode.WRITE_FAILED


def test_missing_folder_from_the_command_line(sample_path, tmp_path):
    out = tmp_path / "没有" / "x.xlsx"
    result = nianbao("export", str(sample_path), "-o", str(out))
    assert result.returncode == ExitCode.WRITE_FAILED and "不存在" in result.stderr and str(out) in result.stderr


def _refuse(exc: OSError):
    def fail(*args, **kwargs):
        raise exc

    return fail


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_read_only_folder(suffix, tmp_path, monkeypatch):
    # Run as root the tests cannot make a folder unwritable; the OS's answer is simulated.
    monkeypatch.setattr(atomic.tempfile, "mkstemp", _refuse(PermissionError(errno.EACCES, "Permission denied")))
    out = tmp_path / f"报告{suffix}"
    with pytest.raises(ExportError) as info:
        export_report(numbered("2021"), out)
    assert str(out) in str(info.value) and "没有写入权限" in str(info.value)
    assert not out.exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_file_open_in_another_program_keeps_the_old_file(suffix, tmp_path, monkeypatch):
    out = tmp_path / f"报告{suffix}"
    out.write_bytes(b"old content")
    locked = PermissionError(errno.EACCES, "The process cannot access the file")
    locked.winerror = 32  # what Windows says while WPS/Word/Excel has the file open
    monkeypatch.setattr(atomic.os, "replace", _refuse(locked))
    with pytest.raises(ExportError) as info:
        export_report(numbered("2021"), out)
    assert str(out) in str(info.value) and "正被其他程序占用" in str(info.value)
    assert out.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # the temp file is gone


def test_read_only_folder_for_real(tmp_path):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="没有写入权限"):
            export_report(numbered("2021"), folder / "x.docx")
    finally:
        folder.chmod(0o700)
    assert list(Path(folder).iterdir()) == []
