"""Drafts that are huge, deep, not files at all, or carry numbers beyond every bound: a clear refusal
naming the file (and the cell), never a crash; and the stamp that notices a change on disk."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import SAMPLE_DRAFT, filled
from nianbao.core import draft
from nianbao.core.draft import DraftError, load, loads, save
from nianbao.core.formats import default_registry
from nianbao.core.rules import check

SAMPLE = json.loads(SAMPLE_DRAFT.read_text(encoding="utf-8"))
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


def with_cells(**cells: object) -> bytes:
    data = json.loads(json.dumps(SAMPLE))
    data["cells"].update({k.replace("__", "."): v for k, v in cells.items()})
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def raw_with_cell(cell_id: str, literal: str) -> bytes:
    """The sample with one cell's value replaced by a JSON literal written as is."""
    data = json.loads(json.dumps(SAMPLE))
    data["cells"][cell_id] = "@@"
    return json.dumps(data, ensure_ascii=False).replace('"@@"', literal).encode("utf-8")


def refusal(raw: bytes, name: str = "某单位草稿.json") -> str:
    with pytest.raises(DraftError) as info:
        loads(raw, name)
    message = str(info.value)
    assert name in message
    assert "Traceback" not in message
    return message


def test_an_integer_of_4301_digits_is_refused_naming_file_and_cell():
    message = refusal(raw_with_cell("t3.new.np", "9" * 4301))
    assert "t3.new.np" in message and "4301 位" in message


def test_counts_amounts_and_decimals_have_an_upper_bound():
    assert "t3.new.np" in refusal(with_cells(t3__new__np=10**10))
    assert "不能超过 9,999,999,999" in refusal(with_cells(t3__new__np=-(10**12)))
    message = refusal(with_cells(t2__procurement__amount="1000000000000.5"))
    assert "t2.procurement.amount" in message and "1,000,000,000,000" in message
    assert "小数位数太多" in refusal(with_cells(t2__procurement__amount="1.1234567"))
    assert "太长" in refusal(with_cells(t2__procurement__amount="1" * 5000))
    # within the bounds: kept exactly
    report = loads(with_cells(t3__new__np=10**10 - 1, t2__procurement__amount="999999999999.123456"))
    assert report.cells["t3.new.np"] == 10**10 - 1
    assert report.cells["t2.procurement.amount"] == Decimal("999999999999.123456")


def test_a_total_may_be_larger_than_one_cell_but_is_bounded_too():
    fmt = default_registry().get("2021")
    report = filled(fmt)
    for col in ("np", "biz", "res", "ngo", "law", "oth"):
        report.cells[f"t3.new.{col}"] = 10**10 - 1
    report.cells["t3.new.tot"] = 6 * (10**10 - 1)  # six full cells: more than one cell may hold
    back = loads(draft.dumps(report).encode("utf-8"), "总计.json")
    assert back.cells["t3.new.tot"] == 6 * (10**10 - 1)
    report.cells["t3.new.tot"] = 10**14
    assert "t3.new.tot" in refusal(draft.dumps(report).encode("utf-8"), "总计.json")


def with_general_text(literal: str) -> bytes:
    data = json.loads(json.dumps(SAMPLE))
    data["texts"]["general"] = "@@"
    return json.dumps(data).replace('"@@"', literal).encode("utf-8")


def test_deep_nesting_is_refused():
    assert "嵌套" in refusal(with_general_text("[" * 5000 + "]" * 5000))
    assert "texts.general" in refusal(with_general_text("[" * 900 + "]" * 900))


def test_a_long_number_in_a_text_is_checked_without_a_crash():
    report = load(SAMPLE_DRAFT)
    report.texts["general"] = "本年受理政府信息公开申请" + "1" * 5000 + "件。" + "2" * 5000 + "年，我镇"
    check(report)  # int() of 5 000 digits raised ValueError here


@pytest.mark.parametrize(
    "text",
    [
        '{"schema": 1,, }',
        '{"schema": 1 "format": "2019"}',
        '{"schema" 1}',
        "{schema: 1}",
        '{"schema": 1, "format": "2019}',
        '{"schema": 1, "format": "20\x0119"}',
        '{"schema": 1, "format": "\\x19"}',
        '{"schema": 1, "format": "\\u12"}',
        '{"schema": 1} {}',
        '{"schema": 1, "format": tru}',
    ],
)
def test_json_parser_messages_are_in_chinese_with_line_and_column(text):
    message = refusal(text.encode("utf-8"), "坏草稿.json")
    assert re.search(r"第 \d+ 行第 \d+ 列", message)
    assert not ENGLISH_WORD.search(message.replace("坏草稿.json", "")), message


def test_loads_has_the_same_size_limit_as_load(monkeypatch):
    monkeypatch.setattr(draft, "MAX_DRAFT_BYTES", 1000)
    raw = SAMPLE_DRAFT.read_bytes()
    assert len(raw) > 1000
    assert "太大" in refusal(raw, "大草稿.json")


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    stop = time.monotonic() + 3

    def unblock() -> None:  # before the fix the reader blocked in open(): give it an end
        while time.monotonic() < stop:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.05)
                continue
            os.close(fd)
            return

    writer = threading.Thread(target=unblock, daemon=True)
    writer.start()
    with pytest.raises(DraftError, match="命名管道") as info:
        load(fifo)
    assert str(fifo) in str(info.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_check_of_dev_zero_is_refused_at_once():
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from nianbao.core.cli import main\n"
        "sys.exit(main(['check', '/dev/zero']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "「/dev/zero」是一个设备文件" in done.stderr


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DraftError, match="文件夹"):
        load(tmp_path)


def test_the_stamp_changes_with_the_content_even_at_the_same_size_and_time(tmp_path):
    from nianbao.core.draft import load_stamped
    from nianbao.core.filestamp import current_stamp

    path = tmp_path / "d.json"
    saved = save(filled(default_registry().get("2021")), path)
    content, stamp = load_stamped(path)
    assert content.report.format.id == "2021"
    assert stamp == saved == current_stamp(path)
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[data.index(b'"agency": "') + 11] ^= 1  # same size
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same time (FAT's 2-second clock)
    now = current_stamp(path)
    assert now is not None and now != stamp
    assert (now.size, now.mtime_ns) == (stamp.size, stamp.mtime_ns)
    path.unlink()
    assert current_stamp(path) is None
