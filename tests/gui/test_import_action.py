"""文件 → 导入已发布的年报…: the window uses the same importer as `nianbao import`."""

from __future__ import annotations

import json

from helpers import SAMPLE_DRAFT, SEED_TEXT, needs_shared
from nianbao.core import draft


@needs_shared(SEED_TEXT)
def test_import_seed_text_gives_the_hand_typed_figures(make_window, dialogs, qtbot):
    window = make_window()
    dialogs.files.append(str(SEED_TEXT))
    window.import_action.trigger()
    report = window.document.report
    expected = draft.load(SAMPLE_DRAFT)
    assert report.cells == expected.cells
    assert report.year == 2020 and report.format.id == "2019"
    assert window.path is None and window.isWindowModified()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "information" and "198" in text and "尚未保存" in text


def test_unreadable_file_is_reported_and_the_window_keeps_its_report(make_window, dialogs, sample_path, tmp_path):
    window = make_window(sample_path)
    before = json.loads(draft.dumps(window.document.report))
    bad = tmp_path / "年报.docx"
    bad.write_bytes(b"this is not a zip file at all")
    dialogs.files.append(str(bad))
    window.import_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "warning" and "年报.docx" in text
    assert json.loads(draft.dumps(window.document.report)) == before
    assert window.path == sample_path
