"""Entry details a clerk meets in the first hour: 发布日期 typing, 1 000, Ctrl+Home/End, the 编辑
menu, zoom."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication

from gui_helpers import editor, select, send_text, table_view, type_keys
from nianbao.gui.date_field import DateTextError, parse_date_text
from nianbao.gui.settings import ZOOM
from nianbao.gui.table_model import CELL_ID_ROLE


def enter(qtbot, widget):
    qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Return)


def current_id(view):
    return view.currentIndex().data(CELL_ID_ROLE)


# ------------------------------------------------------------ 发布日期


@pytest.mark.parametrize(
    "typed",
    ["20260120", "2026-01-20", "2026年1月20日", "2026/1/20", "2026.1.20", "２０２６年１月２０日", " 2026-1-20 "],
)
def test_date_text_forms(typed):
    assert parse_date_text(typed) == _dt.date(2026, 1, 20)


@pytest.mark.parametrize(
    ("typed", "says"), [("2026-02-30", "不是有效的日期"), ("1月20日", "不是日期"), ("2026", "不是日期")]
)
def test_date_text_refusals_say_why(typed, says):
    with pytest.raises(DateTextError, match=says):
        parse_date_text(typed)


@pytest.mark.parametrize("typed", ["20260120", "2026-01-20", "2026/1/20", "2026年1月20日"])
def test_the_date_can_be_typed_from_empty(window, qtbot, typed):
    form = window.meta_form
    assert window.document.report.published == ""  # the sample has no date
    window.tabs.setCurrentWidget(form)
    field = form.published.edit
    field.setFocus()
    send_text(field, typed)
    enter(qtbot, field)
    assert window.document.report.published == "2026-01-20"
    assert field.text() == "2026年1月20日"
    window.undo_action.trigger()
    assert window.document.report.published == "" and field.text() == ""


def test_a_wrong_date_stays_with_its_reason_and_the_draft_keeps_its_date(window, qtbot):
    form = window.meta_form
    window.tabs.setCurrentWidget(form)
    field = form.published.edit
    field.setFocus()
    send_text(field, "2026-02-30")
    enter(qtbot, field)
    assert window.document.report.published == ""
    assert field.text() == "2026-02-30" and "不是有效的日期" in form.published.problem.text()
    assert not form.published.problem.isHidden()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    send_text(field, "28")
    assert form.published.problem.isHidden()  # the shown problem follows the correction
    enter(qtbot, field)
    assert window.document.report.published == "2026-02-28"


def test_the_calendar_opens_in_january_after_the_report_year_and_offers_today(window, qtbot):
    form = window.meta_form
    assert window.document.report.year == 2020
    form.published.menu.aboutToShow.emit()
    calendar = form.published.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2021, 1)
    form.published.today_button.click()
    assert window.document.report.published == _dt.date.today().isoformat()
    form.published.menu.aboutToShow.emit()
    today = _dt.date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)  # a set date opens there
    form.published.clear_button.click()
    assert window.document.report.published == ""


# ------------------------------------------------------------ numbers


def test_spaces_as_thousands_separators_are_accepted(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.r2.biz")
    type_keys(qtbot, view, "1 000")
    enter(qtbot, view)
    assert window.document.report.cells["t3.r2.biz"] == 1000


def test_a_signed_cell_keeps_its_minus(window, qtbot):
    view = table_view(window, "t2")
    select(view, "t2.license.delta")
    type_keys(qtbot, view, "-3")
    assert editor(view).problem is None  # a minus is fine where the kind allows it
    enter(qtbot, view)
    assert window.document.report.cells["t2.license.delta"] == -3


# ------------------------------------------------------------ keys


def test_ctrl_home_and_ctrl_end_go_to_the_first_and_last_cell_one_can_type_into(window, qtbot):
    view = table_view(window, "t3")
    select(view, "t3.r3_4.law")
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert current_id(view) == "t3.carry_out.oth"  # 结转下年度's last column before the computed 总计
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert current_id(view) == "t3.new.np"  # not the header corner
    select(view, "t3.r3_4.law")
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert current_id(view) == "t3.r3_4.np"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert current_id(view) == "t3.r3_4.oth"


def test_edit_menu_on_table_cells(window, qtbot):
    view = table_view(window, "t3")
    actions = window.edit_actions
    assert [a.text() for a in actions.values()] == ["剪切", "复制", "粘贴", "全选", "清除"]
    window.document.edit_cells({"t3.r1.np": 4}, "set")
    select(view, "t3.r1.np")
    actions["cut"].trigger()
    assert QGuiApplication.clipboard().text().strip() == "4"
    assert "t3.r1.np" not in window.document.report.cells
    select(view, "t3.r2.np")
    actions["paste"].trigger()
    assert window.document.report.cells["t3.r2.np"] == 4
    actions["copy"].trigger()
    assert QGuiApplication.clipboard().text().strip() == "4"
    actions["clear"].trigger()
    assert "t3.r2.np" not in window.document.report.cells
    actions["select_all"].trigger()
    assert len(view.selectionModel().selectedIndexes()) > 100
    window.undo_action.trigger()  # 清除 was one step
    assert window.document.report.cells["t3.r2.np"] == 4


def test_edit_menu_on_text(window, qtbot):
    page = window.section_pages()[5]  # 六
    window.tabs.setCurrentWidget(page)
    text = page.text.editor
    text.setFocus()
    before = text.toPlainText()
    window.edit_actions["select_all"].trigger()
    assert text.textCursor().selectedText() == before
    window.edit_actions["cut"].trigger()
    assert text.toPlainText() == "" and QGuiApplication.clipboard().text() == before
    window.edit_actions["paste"].trigger()
    assert text.toPlainText() == before
    window.edit_actions["select_all"].trigger()
    window.edit_actions["clear"].trigger()
    assert text.toPlainText() == ""
    qtbot.keyClicks(text, "ab")
    qtbot.keyClick(text, Qt.Key.Key_Left)
    qtbot.keyClick(text, Qt.Key.Key_Delete)  # Delete in a text deletes a character, not cells
    assert text.toPlainText() == "a"


# ------------------------------------------------------------ zoom


def font_size(widget):
    return widget.font().pointSizeF()


def test_zoom_keys_scale_tables_and_editors_and_are_kept(window, make_window, qtbot):
    view = table_view(window, "t3")
    editor_widget = window.section_pages()[2].text.editor
    normal_table, normal_text = font_size(view), font_size(editor_widget)
    row = view.table_model.index_of("t3.new.np").row()
    height = view.rowHeight(row)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom.percent == 110
    assert font_size(view) == pytest.approx(normal_table * 1.1)
    assert font_size(editor_widget) == pytest.approx(normal_text * 1.1)
    assert view.rowHeight(row) > height  # the rows follow the font
    window.zoom.zoom_in_action.trigger()
    assert window.zoom.percent == 125 and window.settings.get(ZOOM) == 125
    window.settings.sync()
    other = make_window()
    assert other.zoom.percent == 125
    other_view = table_view(other, "t3")
    assert font_size(other_view) == pytest.approx(normal_table * 1.25)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom.percent == 100 and font_size(view) == pytest.approx(normal_table)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom.percent == 90


def test_ctrl_wheel_zooms_over_a_table_and_a_text(window, qtbot):
    view = table_view(window, "t3")

    def wheel(widget, up):
        event = QWheelEvent(
            QPointF(10, 10),
            QPointF(widget.mapToGlobal(QPoint(10, 10))),
            QPoint(0, 0),
            QPoint(0, 120 if up else -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)

    wheel(view.viewport(), up=True)
    assert window.zoom.percent == 110
    page = window.section_pages()[5]
    window.tabs.setCurrentWidget(page)
    wheel(page.text.editor.viewport(), up=False)
    wheel(page.text.editor.viewport(), up=False)
    assert window.zoom.percent == 90
    assert page.text.editor.font().pointSizeF() == pytest.approx(page.text._base_font.pointSizeF() * 0.9)
