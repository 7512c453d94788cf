"""Typing, moving, pasting and undoing in the real window's tables, like a user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from gui_helpers import editor, select, send_text, table_view, type_keys
from nianbao.gui.table_model import CELL_ID_ROLE, SEVERITY_ROLE


@pytest.fixture
def window(window):
    """The sample, without its 「未发生依申请公开」: these tests type applications into 表三, which would
    make that sentence a text.zero_claim error (a true one) and hide what they look at."""
    doc = window.document
    doc.edit_text("general", doc.report.texts["general"].replace("未发生依申请公开", "依申请公开工作规范"))
    doc.flush_checks()
    doc.undo_stack.clear()
    doc.undo_stack.setClean()
    return window


def panel_errors(window):
    model = window.findings.model
    return [model.index(i).data() for i in range(model.rowCount()) if model.index(i).data().startswith("错误")]


def enter(qtbot, view):
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return)


def current_id(view):
    return view.currentIndex().data(CELL_ID_ROLE)


def shown(view, cell_id):
    return view.table_model.index_of(cell_id).data()


def test_typing_updates_row_total_grand_total_and_findings(window, qtbot):
    view = table_view(window, "t3")
    panel = window.findings
    assert panel_errors(window) == []
    assert window.status_summary.text().startswith("勾稽关系全部平衡")
    select(view, "t3.r1.np")
    type_keys(qtbot, view, "25")
    assert editor(view) is not None and editor(view).text() == "25"
    enter(qtbot, view)
    assert editor(view) is None
    assert current_id(view) == "t3.r2.np"  # Enter moves down
    assert shown(view, "t3.r1.np") == "25"
    assert shown(view, "t3.r1.tot") == "25"  # the row total
    assert shown(view, "t3.r7_total.np") == "25"  # （七）总计
    assert shown(view, "t3.r7_total.tot") == "25"
    messages = [panel.model.index(i).data() for i in range(panel.model.rowCount())]
    assert any("「自然人」列" in m and "相差 25" in m for m in messages)
    assert window.status_summary.text().startswith("错误 2 个")
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("（2）")
    assert window.isWindowModified()

    select(view, "t3.new.np")
    type_keys(qtbot, view, "25")
    enter(qtbot, view)
    assert shown(view, "t3.new.tot") == "25"
    assert panel_errors(window) == []
    assert window.status_summary.text().startswith("勾稽关系全部平衡")
    assert window.tabs.tabText(window.tabs.currentIndex()) == "三、依申请公开"  # the short label, no count


def test_unbalanced_column_marks_the_cell_and_the_finding_leads_to_it(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.carry_out.biz")
    type_keys(qtbot, view, "3")
    enter(qtbot, view)
    new_biz = view.table_model.index_of("t3.new.biz")
    assert new_biz.data(SEVERITY_ROLE) == "error"
    assert "相差 3" in new_biz.data(Qt.ItemDataRole.ToolTipRole)
    panel = window.findings
    rows = [panel.model.index(i).data() for i in range(panel.model.rowCount())]
    row = next(i for i, text in enumerate(rows) if text.startswith("错误") and "「商业企业」列" in text)

    window.tabs.setCurrentIndex(0)
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(row))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # activate the finding
    assert window.tabs.currentWidget() is window.page_for_table("t3")
    assert current_id(view) == "t3.new.biz"
    selected = {i.data(CELL_ID_ROLE) for i in view.selectionModel().selectedIndexes()}
    assert selected == {"t3.new.biz", "t3.carry_in.biz", "t3.r7_total.biz", "t3.carry_out.biz"}


def test_pasting_a_3x7_block_fills_it_as_one_undo_step(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.new.np")
    QGuiApplication.clipboard().setText("1\t2\t0\t0\t0\t0\t3\r\n0\t0\t1\t0\t0\t0\t1\r\n1\t2\t1\t0\t0\t0\t4\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    cells = window.document.report.cells
    assert [cells[f"t3.new.{c}"] for c in ("np", "biz", "res", "tot")] == [1, 2, 0, 3]
    assert cells["t3.carry_in.res"] == 1 and cells["t3.carry_in.tot"] == 1
    assert cells["t3.r1.tot"] == 4 and cells["t3.r7_total.tot"] == 4
    assert "已粘贴 3 行 7 列" in window.statusBar().currentMessage()
    assert panel_errors(window) == []  # 3 + 1 = 4 + 0: balanced
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cells["t3.new.np"] == 0 and cells["t3.new.tot"] == 0 and cells["t3.r7_total.tot"] == 0


def test_a_block_that_does_not_fit_or_parse_is_refused_whole(window, qtbot, dialogs):
    view = table_view(window, "t3")
    select(view, "t3.new.np")
    QGuiApplication.clipboard().setText("1\t2\t3\n4\t五\t6\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    message = window.statusBar().currentMessage()
    assert message.startswith("没有粘贴") and "第2行第2列" in message
    assert window.document.report.cells["t3.new.np"] == 0  # nothing half-applied
    select(view, "t3.new.oth")
    QGuiApplication.clipboard().setText("1\t2\t3\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "放不下" in window.statusBar().currentMessage()
    assert window.document.undo_stack.count() == 0
    assert dialogs.calls == []  # status bar only, no modal dialog


def test_copy_gives_the_same_format_back(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.new.np")
    QGuiApplication.clipboard().setText("5\t0\t0\t0\t0\t0\t5\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    model = view.table_model
    start, end = model.index_of("t3.new.np"), model.index_of("t3.carry_in.tot")
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    view.selectionModel().select(QItemSelection(start, end), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text == "5\t0\t0\t0\t0\t0\t5\n0\t0\t0\t0\t0\t0\t0"
    select(view, "t3.r1.np")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.document.report.cells["t3.r1.tot"] == 5


def test_refused_input_keeps_the_cell_and_the_editor_open_with_the_reason(window, qtbot, dialogs):
    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    type_keys(qtbot, view, "-1")
    assert editor(view).text() == "-1"  # nothing typed is dropped (it used to store 1)
    assert "不能是负数" in window.statusBar().currentMessage()  # said at once: no digit can fix it
    assert "不能是负数" in editor(view).toolTip() and editor(view).problem
    enter(qtbot, view)
    assert editor(view) is not None and editor(view).text() == "-1"
    assert "不能是负数" in window.statusBar().currentMessage()
    assert window.document.report.cells["t3.r1.np"] == 0
    qtbot.keyClick(editor(view), Qt.Key.Key_Home)
    qtbot.keyClick(editor(view), Qt.Key.Key_Delete)  # corrected: the red frame goes
    assert editor(view).text() == "1" and editor(view).problem is None and editor(view).toolTip() == ""
    qtbot.keyClick(editor(view), Qt.Key.Key_Escape)
    assert window.document.report.cells["t3.r1.np"] == 0

    type_keys(qtbot, view, "1a")
    assert editor(view).text() == "1a" and "不是数字" in editor(view).toolTip()
    qtbot.keyClick(editor(view), Qt.Key.Key_Tab)
    assert editor(view) is not None and current_id(view) == "t3.r1.np"  # Tab does not leave it either
    qtbot.keyClick(editor(view), Qt.Key.Key_Escape)
    assert window.document.report.cells["t3.r1.np"] == 0

    type_keys(qtbot, view, "1.5")
    enter(qtbot, view)
    assert editor(view) is not None  # stays open to be corrected
    assert "不能有小数" in window.statusBar().currentMessage()
    qtbot.keyClick(editor(view), Qt.Key.Key_Escape)
    assert window.document.report.cells["t3.r1.np"] == 0
    assert window.document.undo_stack.count() == 0
    assert dialogs.calls == []


def test_full_width_digits_and_separators_are_normalised(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.r2.biz")
    send_text(view, "１，２３４")
    enter(qtbot, view)
    assert window.document.report.cells["t3.r2.biz"] == 1234
    assert shown(view, "t3.r2.biz") == "1234"


def test_tab_moves_right_past_totals_and_delete_clears(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.new.oth")
    type_keys(qtbot, view, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.document.report.cells["t3.new.oth"] == 7
    assert current_id(view) == "t3.carry_in.np"  # past the computed 总计
    select(view, "t3.r6.np")
    type_keys(qtbot, view, "1")
    enter(qtbot, view)
    assert current_id(view) == "t3.carry_out.np"  # past the computed （七）总计 row
    select(view, "t3.new.oth")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    cells = window.document.report.cells
    assert "t3.new.oth" not in cells and cells["t3.new.tot"] == 0
    select(view, "t3.new.tot")
    type_keys(qtbot, view, "9")
    assert "自动计算" in window.statusBar().currentMessage()
    assert editor(view) is None


def test_fill_empty_cells_with_zero(make_window, qtbot):
    window = make_window()  # a blank report
    view = table_view(window, "t4")
    empty_before = window.document.empty_cell_count()
    assert empty_before > 0
    page = window.page_for_table("t4")
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in page.findChildren(QPushButton) if b.text() == "本表空白单元格填0")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    cells = window.document.report.cells
    assert cells["t4.review.maintain"] == 0 and cells["t4.review.total"] == 0
    assert not any(f.rule == "cell.empty" and f.cells[0].startswith("t4.") for f in window.document.findings)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.empty_cell_count() == empty_before


def test_undo_redo_across_cells_pastes_and_texts(window, qtbot):
    report = window.document.report
    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    type_keys(qtbot, view, "4")
    enter(qtbot, view)
    select(view, "t3.new.np")
    QGuiApplication.clipboard().setText("4\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    page = window.section_pages()[4]  # 五、存在的主要问题及改进情况
    window.tabs.setCurrentWidget(page)
    page.text.editor.setFocus()
    page.text.editor.moveCursor(page.text.editor.textCursor().MoveOperation.End)
    old_text = report.texts["problems"]
    qtbot.keyClicks(page.text.editor, "ABC")
    assert report.texts["problems"] == old_text + "ABC"
    assert window.document.undo_stack.count() == 3  # the typing burst is one step

    qtbot.keyClick(page.text.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert report.texts["problems"] == old_text and page.text.editor.toPlainText() == old_text
    qtbot.keyClick(page.text.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert report.cells["t3.new.np"] == 0
    qtbot.keyClick(page.text.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert report.cells["t3.r1.np"] == 0 and report.cells["t3.r7_total.tot"] == 0
    assert not window.isWindowModified()
    for _ in range(3):
        qtbot.keyClick(page.text.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert report.cells["t3.r1.np"] == 4 and report.cells["t3.new.np"] == 4
    assert report.texts["problems"] == old_text + "ABC"
    assert panel_errors(window) == []
