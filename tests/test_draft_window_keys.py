"""The two optional keys of schema 1 the window keeps with a draft: ``previous`` and ``import_findings``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nianbao.core.draft import DraftError, load, load_file, loads_file, save
from nianbao.core.findings import Finding, Severity

DATA = Path(__file__).parent / "data" / "drafts"


def test_reader_schema_1_without_the_optional_keys():
    """A draft written before the keys existed reads as before, with nothing beside the report."""
    loaded = load_file(DATA / "schema-1.json")
    assert loaded.previous is None and loaded.import_findings == ()
    assert loaded.report.agency == "吉尔格勒特郭楞蒙古民族乡" and len(loaded.report.cells) == 198


def test_reader_schema_1_with_the_optional_keys():
    loaded = load_file(DATA / "schema-1-window-keys.json")
    assert loaded.report.year == 2025 and loaded.report.cells["t3.new.np"] == 12
    expected = (DATA.parent / "2024" / "某某县某某镇人民政府2024年政府信息公开工作年度报告.json").resolve()
    assert loaded.previous is not None and loaded.previous.resolve() == expected  # relative to the draft
    first, second = loaded.import_findings
    assert first.severity is Severity.WARNING and first.rule == "import.split"
    assert first.cells == ("t3.new.np", "t3.new.tot") and "请与原文核对" in first.message
    assert second.cells == () and second.rule == "import.unplaced"
    assert load(DATA / "schema-1-window-keys.json").cells == loaded.report.cells  # plain load ignores them


def test_the_keys_round_trip_and_previous_stays_relative(tmp_path):
    loaded = load_file(DATA / "schema-1-window-keys.json")
    last_year = tmp_path / "2024" / "去年.json"
    last_year.parent.mkdir()
    shutil.copyfile(DATA / "schema-1.json", last_year)
    target = tmp_path / "2025" / "今年.json"
    target.parent.mkdir()
    save(loaded.report, target, previous=last_year, import_findings=loaded.import_findings[:1])
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["previous"] == "../2024/去年.json"
    assert raw["schema"] == 1 and len(raw["import_findings"]) == 1
    moved = tmp_path / "U盘"
    shutil.copytree(tmp_path / "2024", moved / "2024")
    shutil.copytree(tmp_path / "2025", moved / "2025")
    again = load_file(moved / "2025" / "今年.json")
    assert again.previous == moved / "2024" / "去年.json"  # the pair moved together still finds it
    assert again.import_findings == loaded.import_findings[:1]


def test_a_draft_without_extras_is_written_without_the_keys(tmp_path):
    loaded = load_file(DATA / "schema-1.json")
    save(loaded.report, tmp_path / "x.json")
    raw = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert "previous" not in raw and "import_findings" not in raw


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("previous", 5, "上一年度草稿"),
        ("import_findings", {"a": 1}, "应是一个列表"),
        ("import_findings", [{"severity": "fatal", "rule": "x", "message": "m"}], "第 1 项无效"),
        ("import_findings", [{"severity": "warning", "rule": "x"}], "第 1 项无效"),
    ],
)
def test_bad_optional_keys_are_refused_with_a_reason(key, value, says):
    data = json.loads((DATA / "schema-1-window-keys.json").read_text(encoding="utf-8"))
    data[key] = value
    with pytest.raises(DraftError) as caught:
        loads_file(json.dumps(data, ensure_ascii=False).encode("utf-8"), "今年.json")
    assert says in str(caught.value) and "今年.json" in str(caught.value)


def test_finding_dicts_keep_the_text_location():
    finding = Finding(Severity.WARNING, "import.read", "第3段无法识别", part="general", span=(4, 9))
    assert Finding.from_dict(finding.to_dict()) == finding
