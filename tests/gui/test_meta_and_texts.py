"""The 基本信息 tab (year change converts formats) and the text editors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui_helpers import send_text
from nianbao.gui import document as document_module
from nianbao.gui.meta_form import NO_YEAR
from nianbao.gui.text_editors import outline_text

B = QMessageBox.StandardButton


def set_year(qtbot, window, year):
    spin = window.meta_form.year
    window.tabs.setCurrentIndex(0)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(year))
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def test_year_change_converts_to_the_other_format_after_asking(window, qtbot, dialogs):
    report = window.document.report
    report_t3 = {k: v for k, v in report.cells.items() if k.startswith("t3.new")}
    dialogs.answers.append(B.Yes)
    set_year(qtbot, window, 2021)
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("question", "更换报告格式")
    assert "2021年修订格式" in text and "将被移除" in text
    converted = window.document.report
    assert converted.format.id == "2021" and converted.year == 2021
    assert {k: converted.cells[k] for k in report_t3} == report_t3  # same cells kept
    assert "t2.license.prev_items" not in converted.cells  # no such item in 2021
    assert converted.texts == report.texts
    assert window.page_for_table("t2").model.index_of("t2.reg.made").isValid()
    assert "2021年修订格式" in window.meta_form.format_label.text()
    assert window.page_for_table("t3").model.rowCount() == 28

    window.undo_action.trigger()
    assert window.document.report.format.id == "2019" and window.document.report.year == 2020
    assert window.meta_form.year.value() == 2020
    assert window.page_for_table("t3").model.rowCount() == 26


def test_declining_the_conversion_keeps_year_and_format(window, qtbot, dialogs):
    dialogs.answers.append(B.No)
    set_year(qtbot, window, 2022)
    assert window.document.report.format.id == "2019" and window.document.report.year == 2020
    assert window.meta_form.year.value() == 2020
    assert window.document.undo_stack.count() == 0


def test_year_change_within_a_format_is_a_plain_edit(window, qtbot, dialogs):
    set_year(qtbot, window, 2019)
    assert dialogs.calls == []
    assert window.document.report.year == 2019 and window.document.report.format.id == "2019"
    window.meta_form.year.setValue(NO_YEAR)
    assert window.document.report.year is None
    assert any(f.rule == "meta.year" for f in window.document.findings)


def test_meta_fields_edit_the_report(window, qtbot):
    form = window.meta_form
    form.level.setCurrentIndex(form.level.findData("county_dept"))
    form.level.activated.emit(form.level.currentIndex())
    assert window.document.report.level == "county_dept"
    form.agency.selectAll()
    form.agency.setFocus()
    qtbot.keyClick(form.agency, Qt.Key.Key_Delete)
    qtbot.wait(document_module.ReportDocument.CHECK_DELAY_MS + 100)
    assert window.document.report.agency == ""
    agency_findings = [f for f in window.findings.model._findings if f.rule == "meta.agency"]
    assert agency_findings
    window.tabs.setCurrentIndex(3)
    window.show_finding(agency_findings[0])
    assert window.tabs.currentIndex() == 0 and form.agency.hasFocus()
    form.published.edit.setText("2021-01-20")
    form.published.commit()
    assert window.document.report.published == "2021-01-20"


def test_preface_is_on_the_basic_info_tab(window):
    preface = window.meta_form.preface
    assert preface.editor.toPlainText() == window.document.report.texts["preface"]
    assert preface.count.text() == f"{len(''.join(preface.editor.toPlainText().split()))} 字"


def test_text_edits_count_characters_and_check_once_typing_pauses(window, qtbot, monkeypatch):
    calls = []
    real_check = document_module.check
    monkeypatch.setattr(document_module, "check", lambda report: calls.append(1) or real_check(report))
    page = window.section_pages()[5]  # 六、其他需要报告的事项
    window.tabs.setCurrentWidget(page)
    page.text.editor.setFocus()
    page.text.editor.selectAll()
    send_text(page.text.editor, "本年度无其他事项")
    assert window.document.report.texts["other"] == "本年度无其他事项"
    assert page.text.count.text() == "8 字"
    assert calls == []  # not per key press
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=2000)


def test_outline_is_inserted_only_when_asked(make_window, qtbot, dialogs):
    window = make_window()  # a blank report of last year: the 2021 format
    page = window.section_pages()[0]
    assert page.text.outline_button is not None
    assert window.document.report.texts.get("general", "") == ""
    window.tabs.setCurrentWidget(page)
    qtbot.mouseClick(page.text.outline_button, Qt.MouseButton.LeftButton)
    text = window.document.report.texts["general"]
    assert text == outline_text(("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"))
    assert text.startswith("（一）主动公开\n（二）依申请公开\n")
    assert page.text.editor.toPlainText() == text
    qtbot.mouseClick(page.text.outline_button, Qt.MouseButton.LeftButton)
    assert window.document.report.texts["general"] == text  # not twice
    assert "已经在正文中" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert window.document.report.texts.get("general", "") == ""


def test_the_2019_format_has_no_outline_button(window):
    assert window.section_pages()[0].text.outline_button is None


def test_a_text_finding_leads_to_its_text(window, qtbot):
    finding = next(f for f in window.document.findings if f.rule == "text.plan")  # the sample's 五 names 2020
    window.show_finding(finding)
    page = window.section_pages()[4]
    assert window.tabs.currentWidget() is page and page.text.editor.hasFocus()
    page.text.editor.setPlainText(page.text.editor.toPlainText().replace("(二) 2020年工作计划", "(二) 2021年工作计划"))
    qtbot.waitUntil(lambda: not any(f.rule == "text.plan" for f in window.document.findings), timeout=2000)


def test_a_text_finding_selects_its_phrase(window):
    finding = next(f for f in window.document.findings if f.rule == "text.plan")
    window.show_finding(finding)
    editor = window.section_pages()[4].text.editor
    assert editor.textCursor().selectedText() == "2020年工作计划"


def test_a_preface_finding_selects_its_phrase_beyond_the_basic_plane(window, qtbot):
    """Offsets are code points in the core and UTF-16 units in Qt: 𠮷 before the phrase must not shift it."""
    window.tabs.setCurrentWidget(window.meta_form)
    editor = window.meta_form.preface.editor
    editor.setPlainText("𠮷𠮷村。本报告统计期限为2019年1月1日至2019年12月31日。")
    window.document.flush_checks()
    finding = next(f for f in window.document.findings if f.rule == "text.year" and f.part == "preface")
    window.tabs.setCurrentIndex(1)
    window.show_finding(finding)
    assert window.tabs.currentWidget() is window.meta_form
    assert editor.textCursor().selectedText() == "2019年1月1日至2019年12月31日"
