"""Atomic writes through symlinks, and leftovers of killed writes cleaned on the next write."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers import filled
from nianbao.core.atomic import write_bytes_atomic
from nianbao.core.draft import load, save
from nianbao.core.formats import default_registry

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks and flock")


@posix_only
def test_saving_through_a_symlink_writes_the_real_file(tmp_path):
    real_folder = tmp_path / "共享盘"
    real_folder.mkdir()
    real = real_folder / "年报.json"
    report = filled(default_registry().get("2021"))
    save(report, real)
    link = tmp_path / "桌面快捷方式.json"
    link.symlink_to(real)
    report.agency = "改过的机关"
    save(report, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert load(real).agency == "改过的机关"
    assert not list(tmp_path.glob(".桌面快捷方式.json.*.tmp"))
    assert not list(real_folder.glob(".年报.json.*.tmp"))


@posix_only
def test_a_chain_of_links_and_a_dangling_link_are_written_through(tmp_path):
    real = tmp_path / "real.csv"
    middle = tmp_path / "middle.csv"
    middle.symlink_to(real)  # dangling until the first write
    first = tmp_path / "first.csv"
    first.symlink_to(middle)
    write_bytes_atomic(first, b"a,b\n")
    assert real.read_bytes() == b"a,b\n"
    assert first.is_symlink() and middle.is_symlink()


def _old(path: Path, seconds: float = 3600) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_leftover_temp_files_of_the_draft_are_removed_on_the_next_save(tmp_path):
    path = tmp_path / "d.json"
    report = filled(default_registry().get("2021"))
    save(report, path)
    for tag in ("abc12345", "zz_9x0q1"):
        stale = tmp_path / f".d.json.{tag}.tmp"
        stale.write_bytes(b"x" * 1000)
        _old(stale)
    fresh = tmp_path / ".d.json.fresh123.tmp"  # a write in progress right now
    fresh.write_bytes(b"partial")
    other = tmp_path / ".other.json.abc12345.tmp"  # another file's leftover: not ours to touch
    other.write_bytes(b"x")
    _old(other)
    lookalike = tmp_path / ".d.json.notatemp.txt"
    lookalike.write_bytes(b"x")
    _old(lookalike)
    save(report, path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["d.json", "d.json.bak", fresh.name, other.name, lookalike.name])


@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="flock semantics")
def test_a_temp_file_locked_by_its_writer_is_kept_however_old(tmp_path):
    import fcntl

    path = tmp_path / "d.csv"
    busy = tmp_path / ".d.csv.busy1234.tmp"
    busy.write_bytes(b"half")
    _old(busy)
    fd = os.open(busy, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        write_bytes_atomic(path, b"new")
        assert busy.exists()
    finally:
        os.close(fd)
    write_bytes_atomic(path, b"newer")
    assert not busy.exists()


SAVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from helpers import filled
    from nianbao.core.draft import save
    from nianbao.core.formats import default_registry
    report = filled(default_registry().get("2021"))
    report.texts["general"] = "长" * 3_000_000
    print("ready", flush=True)
    while True:
        save(report, sys.argv[1], keep_backup=False)
""")


def test_kills_during_save_leave_no_temp_files_after_the_next_save(tmp_path):
    path = tmp_path / "d.json"
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    for i in range(6):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(path), str(Path(__file__).parent)], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(0.05 + 0.04 * i)
        proc.kill()
        proc.wait()
    leftovers = list(tmp_path.glob(".d.json.*.tmp"))
    if not leftovers:
        pytest.skip("no kill landed during a write this time")
    for p in leftovers:
        _old(p)  # the killed writers are gone: nothing holds them
    save(filled(default_registry().get("2021")), path)
    assert not list(tmp_path.glob(".d.json.*.tmp"))
