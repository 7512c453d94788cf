"""Import findings stay: in the 检查结果 panel as 来自导入, on their cells as an orange corner, in
the saved draft; until the user dismisses each (undoable)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nianbao.core import draft
from nianbao.gui.findings_panel import IMPORTED_ROLE
from nianbao.gui.table_model import IMPORT_ROLE

HTML = Path(__file__).resolve().parents[1] / "data" / "import" / "report-2021-format.html"


def import_html(window, dialogs):
    dialogs.files.append(str(HTML))
    window.import_action.trigger()
    return window.document.import_findings


def import_rows(window):
    model = window.findings.model
    return [r for r in range(model.rowCount()) if model.index(r).data(IMPORTED_ROLE)]


def test_import_findings_stay_in_their_own_group(make_window, dialogs):
    window = make_window()
    window.findings_dock.close()
    findings = import_html(window, dialogs)
    assert [f.rule for f in findings] == ["import.blank"] and findings[0].cells == ("t2.fee.amount",)
    kind, _title, text = dialogs.calls[-1]
    assert kind == "information" and "来自导入" in text and "nianbao import" not in text
    assert window.findings_dock.isVisible()
    model = window.findings.model
    heading = model.import_group_row()
    assert heading is not None and model.index(heading).data().startswith("来自导入（1 条）")
    assert [model.finding(r) for r in import_rows(window)] == list(findings)
    assert "来自导入 1 条" in window.findings.summary.text()

    window.document.edit_cells({"t3.new.np": 3}, "an edit")  # the live findings change …
    assert [model.finding(r) for r in import_rows(window)] == list(findings)  # … the import group stays


def test_their_cells_get_an_orange_corner_and_the_reason_as_tooltip(make_window, dialogs):
    window = make_window()
    findings = import_html(window, dialogs)
    model = window.page_for_table("t2").model
    index = model.index_of("t2.fee.amount")
    assert index.data(IMPORT_ROLE) is True
    assert f"来自导入：{findings[0].message}" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of("t2.reg.made").data(IMPORT_ROLE) is False


def test_they_are_saved_with_the_draft_and_come_back(make_window, dialogs, tmp_path):
    window = make_window()
    findings = import_html(window, dialogs)
    target = tmp_path / "导入.json"
    assert window.write_to(target)
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["schema"] == 1 and [f["rule"] for f in raw["import_findings"]] == ["import.blank"]
    window.close()  # one window per draft: the next one opens it without a question
    other = make_window(target)
    assert other.document.import_findings == findings
    assert other.page_for_table("t2").model.index_of("t2.fee.amount").data(IMPORT_ROLE) is True


def test_dismissing_one_is_an_undoable_edit_that_saves(make_window, dialogs, tmp_path, qtbot):
    window = make_window()
    import_html(window, dialogs)
    target = tmp_path / "导入.json"
    window.write_to(target)
    assert not window.isWindowModified()
    panel = window.findings
    row = import_rows(window)[0]
    panel.list.setCurrentIndex(panel.model.index(row))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert window.document.import_findings == () and import_rows(window) == []
    assert panel.model.import_group_row() is None
    assert window.page_for_table("t2").model.index_of("t2.fee.amount").data(IMPORT_ROLE) is False
    assert window.isWindowModified()
    window.save()
    assert "import_findings" not in json.loads(target.read_text(encoding="utf-8"))
    window.undo_action.trigger()
    assert len(window.document.import_findings) == 1 and len(import_rows(window)) == 1


def test_live_findings_cannot_be_dismissed(window, qtbot):
    window.document.edit_cells({"t3.r1.np": 99}, "an error")
    panel = window.findings
    panel.list.setCurrentIndex(panel.model.index(0))
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert any(f.rule == "t3.balance" for f in window.document.findings)
    assert "不能移除" in window.statusBar().currentMessage()


def test_activating_an_import_finding_shows_its_cell(make_window, dialogs):
    window = make_window()
    import_html(window, dialogs)
    panel = window.findings
    index = panel.model.index(import_rows(window)[0])
    panel.list.activated.emit(index)
    QApplication.processEvents()
    page = window.page_for_table("t2")
    assert window.tabs.currentWidget() is page
    assert page.view.currentIndex() == page.model.index_of("t2.fee.amount")


def test_a_recovery_copy_keeps_them(make_window, dialogs, data_dir):
    first = make_window()
    findings = import_html(first, dialogs)
    assert first.autosave.write_now()
    assert draft.load_file(first.autosave.draft_path).import_findings == findings
