"""Draft files: round trip, atomic save with backup, and every corrupt-file case."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import filled, sample_t3
from nianbao.core.draft import DraftError, load, save
from nianbao.core.formats import default_registry

DATA = Path(__file__).parent / "data" / "drafts"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reader_schema_1():
    """Every schema version ever written keeps a reader test (novelWriter's rule)."""
    report = load(DATA / "schema-1.json")
    assert report.format.id == "2019"
    assert report.agency == "吉尔格勒特郭楞蒙古民族乡"
    assert report.level == "township" and report.year == 2020
    assert report.cells["t2.norm.new_made"] == 76
    assert report.cells["t2.procurement.projects"] == 276
    assert report.cells["t2.procurement.amount"] == Decimal("799100")
    assert isinstance(report.cells["t2.procurement.amount"], Decimal)
    assert report.texts["other"] == "无"
    assert len(report.cells) == 198


def test_round_trip(tmp_path):
    report = filled(default_registry().get("2021"), sample_t3())
    report.cells["t2.fee.amount"] = Decimal("190.457379")
    del report.cells["t2.license.decisions"]
    report.texts["general"] = "第一段。\n第二段，含“引号”与\t制表符。"
    report.published = "2023-01-20"
    path = tmp_path / "d.json"
    save(report, path)
    back = load(path)
    assert back.cells == report.cells
    assert back.texts == report.texts
    assert (back.agency, back.level, back.year, back.published, back.format.id) == (
        report.agency,
        report.level,
        report.year,
        report.published,
        "2021",
    )
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema"] == 1
    assert raw["cells"]["t2.fee.amount"] == "190.457379"  # decimals as strings
    assert raw["cells"]["t3.new.np"] == 5  # counts as integers
    assert "t2.license.decisions" not in raw["cells"]  # empty cell absent
    assert "“引号”" in path.read_text(encoding="utf-8")  # readable UTF-8, not \u escapes


def test_save_keeps_previous_version_as_backup(tmp_path):
    fmt = default_registry().get("2021")
    path = tmp_path / "d.json"
    first = filled(fmt)
    save(first, path)
    first_bytes = path.read_bytes()
    second = filled(fmt, sample_t3())
    save(second, path)
    assert (tmp_path / "d.json.bak").read_bytes() == first_bytes
    assert load(path).cells["t3.new.np"] == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_save_to_missing_folder_explains_and_leaves_nothing(tmp_path):
    report = filled(default_registry().get("2021"))
    with pytest.raises(DraftError, match=r"无法保存草稿.*U盘"):
        save(report, tmp_path / "gone" / "d.json")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_save_to_read_only_folder(tmp_path):
    report = filled(default_registry().get("2021"))
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DraftError, match=r"只读|权限"):
            save(report, folder / "d.json")
    finally:
        folder.chmod(0o700)


def _good_json() -> dict:
    return json.loads((DATA / "schema-1.json").read_text(encoding="utf-8"))


CORRUPT_CASES = {
    "truncated": lambda: (DATA / "schema-1.json").read_bytes()[:500],
    "empty": lambda: b"",
    "not_json": lambda: b"this is not json",
    "not_utf8": lambda: (DATA / "schema-1.json").read_text(encoding="utf-8").encode("gb18030"),
    "binary": lambda: bytes(range(256)),
    "array": lambda: b"[1, 2, 3]",
    "newer_schema": lambda: json.dumps({**_good_json(), "schema": 2}).encode(),
    "no_schema": lambda: json.dumps({k: v for k, v in _good_json().items() if k != "schema"}).encode(),
    "unknown_format": lambda: json.dumps({**_good_json(), "format": "1999"}).encode(),
    "unknown_cell": lambda: json.dumps({**_good_json(), "cells": {"t3.bogus.np": 1}}).encode(),
    "string_count": lambda: json.dumps({**_good_json(), "cells": {"t3.new.np": "5"}}).encode(),
    "float_value": lambda: b'{"schema": 1, "format": "2019", "cells": {"t3.new.np": 1.5}}',
    "bool_value": lambda: json.dumps({**_good_json(), "cells": {"t3.new.np": True}}).encode(),
    "bad_decimal": lambda: json.dumps({**_good_json(), "cells": {"t2.procurement.amount": "12万"}}).encode(),
    "year_text": lambda: json.dumps({**_good_json(), "meta": {"year": "二〇二〇"}}).encode(),
    "bad_date": lambda: json.dumps({**_good_json(), "meta": {"published": "2021-13-45"}}).encode(),
    "bad_level": lambda: json.dumps({**_good_json(), "meta": {"level": "village"}}).encode(),
    "unknown_text": lambda: json.dumps({**_good_json(), "texts": {"appendix": "x"}}).encode(),
    "unknown_key": lambda: json.dumps({**_good_json(), "extra": 1}).encode(),
    "nan": lambda: b'{"schema": 1, "format": "2019", "cells": {"t3.new.np": NaN}}',
}


@pytest.mark.parametrize("case", sorted(CORRUPT_CASES))
def test_corrupt_file_gives_chinese_error_and_is_untouched(tmp_path, case):
    path = tmp_path / f"{case}.json"
    path.write_bytes(CORRUPT_CASES[case]())
    before = digest(path)
    mtime = path.stat().st_mtime_ns
    with pytest.raises(DraftError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "Traceback" not in message
    assert digest(path) == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_error_names_the_place():
    bad = {**_good_json(), "cells": {"t3.new.np": "5"}}
    with pytest.raises(DraftError, match=r"t3\.new\.np"):
        from nianbao.core.draft import loads

        loads(json.dumps(bad).encode(), "x.json")
    with pytest.raises(DraftError, match="第 1 行"):
        from nianbao.core.draft import loads

        loads(b'{"schema": 1,, }', "x.json")


def test_missing_file():
    with pytest.raises(DraftError, match="找不到"):
        load("/nonexistent/草稿.json")


KILLER = textwrap.dedent("""
    import sys
    from nianbao.core.draft import load, save
    from nianbao.core.formats import default_registry
    sys.path.insert(0, sys.argv[3])
    from helpers import filled, sample_t3
    report = filled(default_registry().get("2021"), sample_t3())
    report.texts["general"] = "长" * int(sys.argv[2])
    print("ready", flush=True)
    while True:
        save(report, sys.argv[1])
""")


def test_kill_during_save_leaves_old_or_new(tmp_path):
    """Kill a process that saves in a loop, many times: the draft is always old or new, never torn."""
    path = tmp_path / "d.json"
    old = filled(default_registry().get("2021"))
    save(old, path)
    old_bytes = path.read_bytes()
    script = tmp_path / "saver.py"
    script.write_text(KILLER, encoding="utf-8")
    tests_dir = str(Path(__file__).parent)
    seen_new = 0
    for i in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(path), str(200_000 + i), tests_dir], stdout=subprocess.PIPE
        )
        assert proc.stdout.readline().strip() == b"ready"
        import time

        time.sleep(0.01 + 0.013 * i)
        proc.kill()
        proc.wait()
        data = path.read_bytes()
        if data == old_bytes:
            continue
        report = load(path)  # must parse: a complete new version
        assert report.texts["general"].startswith("长")
        seen_new += 1
    assert seen_new > 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_files_get_the_usual_permissions(tmp_path):
    """Atomic saves must not leave owner-only files behind (mkstemp's default)."""
    report = filled(default_registry().get("2021"))
    path = tmp_path / "d.json"
    old_mask = os.umask(0o022)
    try:
        save(report, path)
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o664)
        save(report, path)
        assert path.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old_mask)
