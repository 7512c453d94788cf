"""Last year's draft: 新建 from it (numbers, texts, agency, level, year), the cross-year rules live in
the window, the file a draft was carried forward from, and a year change that unbinds the file."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from helpers import filled, sample_t3
from nianbao.core import draft
from nianbao.core.formats import default_registry
from nianbao.core.report import PREFACE
from nianbao.gui.new_report_dialog import NewReportChoice, NewReportDialog

B = QMessageBox.StandardButton
AGENCY = "某某县某某镇人民政府"


@pytest.fixture
def last_year(tmp_path):
    """A complete 2024 draft (2021 format): 自然人 结转下年度 2, texts in every part."""
    report = filled(default_registry().get("2021"), sample_t3(), year=2024, level="township")
    report.agency = AGENCY
    report.texts = {
        PREFACE: "本报告统计期限为2024年1月1日至2024年12月31日。",
        "general": "2024年，我镇认真贯彻落实条例。",
        "problems": "2024年存在的问题：公开不够及时。",
        "other": "无。",
    }
    path = tmp_path / "2024" / f"{AGENCY}2024年政府信息公开工作年度报告.json"
    path.parent.mkdir()
    draft.save(report, path)
    return path


def carry(window, last_year, texts=("preface", "general", "other")):
    choice = NewReportChoice(2025, AGENCY, "township", last_year, texts)
    assert window.create_report(choice)
    return window.document


def rules(document):
    return {f.rule for f in document.findings}


def test_new_from_last_year_takes_numbers_and_the_ticked_texts(make_window, last_year):
    window = make_window()
    doc = carry(window, last_year)
    report = doc.report
    assert report.year == 2025 and report.cells["t3.carry_in.np"] == 2
    assert report.texts["general"] == "2024年，我镇认真贯彻落实条例。" and "problems" not in report.texts
    assert window.isWindowModified() and window.windowTitle() == "未命名[*]"  # closing will ask
    assert "text.year" in rules(doc)  # the stale years of the texts taken over are pointed at
    stale = [f for f in doc.findings if f.rule == "text.year"]
    assert {f.part for f in stale} >= {"preface", "general"}


def test_cross_year_rules_run_live_against_the_file_carried_from(make_window, last_year):
    window = make_window()
    doc = carry(window, last_year)
    assert doc.previous_path == last_year and doc.previous is not None
    assert "t3.carry_in_previous" not in rules(doc)
    doc.edit_cells({"t3.carry_in.np": 5}, "a wrong carry-in")  # last year carried 2 forward
    finding = next(f for f in doc.findings if f.rule == "t3.carry_in_previous")
    assert "t3.carry_in.np" in finding.cells
    doc.undo_stack.undo()
    assert "t3.carry_in_previous" not in rules(doc)
    assert "跨年度核对已开启" in window.meta_form.previous_label.text()


def test_the_draft_remembers_it_and_a_missing_file_is_said_once_calmly(make_window, last_year, tmp_path, dialogs):
    window = make_window()
    carry(window, last_year)
    target = tmp_path / "2025" / "今年.json"
    target.parent.mkdir()
    assert window.write_to(target)
    assert json.loads(target.read_text(encoding="utf-8"))["previous"] == f"../2024/{last_year.name}"
    window.close()  # one window per draft: the next one opens it without a question
    reopened = make_window(target)
    assert reopened.document.previous is not None
    reopened.document.edit_cells({"t3.carry_in.np": 5}, "wrong")
    assert "t3.carry_in_previous" in rules(reopened.document)

    shutil.move(last_year, tmp_path / "别处.json")
    reopened.document.undo_stack.setClean()
    reopened.close()
    calls = len(dialogs.calls)
    again = make_window(target)
    assert len(dialogs.calls) == calls  # no dialog
    note = again.statusBar().currentMessage()
    assert f"找不到上一年度的草稿「{last_year.name}」" in note and "跨年度核对暂停" in note
    label = again.meta_form.previous_label.text()
    assert "找不到" in label and "其他检查照常进行" in label
    later = []
    again.statusBar().messageChanged.connect(later.append)
    again.document.edit_cells({"t3.carry_in.np": 5}, "an edit")
    again.document.edit_cells({"t3.new.np": 5}, "another")
    assert "t3.carry_in_previous" not in rules(again.document)  # quietly paused …
    assert len(dialogs.calls) == calls and not any("找不到" in m for m in later)  # … and said once


def test_last_years_draft_can_be_picked_in_basic_info(window, last_year, dialogs, tmp_path):
    # the sample is 2020: a 2024 draft is not last year's
    dialogs.files.append(str(last_year))
    window.meta_form.choose_previous.click()
    doc = window.document
    assert doc.previous_path == last_year and doc.previous is None
    assert "不是上一年度" in window.meta_form.previous_label.text()
    assert window.isWindowModified()
    last_2019 = filled(default_registry().get("2019"), sample_t3(), year=2019)
    path_2019 = tmp_path / "2019.json"
    draft.save(last_2019, path_2019)
    dialogs.files.append(str(path_2019))
    window.meta_form.choose_previous.click()
    assert doc.previous is not None and "跨年度核对已开启" in window.meta_form.previous_label.text()
    assert "t3.carry_in_previous" in rules(doc)  # the sample's 上年结转 0 ≠ 2019's 结转下年度 2
    window.meta_form.forget_previous.click()
    assert doc.previous_path is None and "t3.carry_in_previous" not in rules(doc)
    window.undo_action.trigger()
    assert doc.previous_path == path_2019


def test_a_year_change_unbinds_the_file(window, sample_path, qtbot, dialogs):
    before = sample_path.read_bytes()
    spin = window.meta_form.year
    spin.setValue(2019)  # same format: a plain edit
    assert window.path is None and window.windowTitle().startswith("未命名")
    assert "不会覆盖" in window.statusBar().currentMessage()
    dialogs.files.append("")  # 另存为 is offered, and cancelled
    assert not window.save()
    kind, _title, proposed = dialogs.calls[-1]
    assert kind == "save_file"
    assert proposed == str(sample_path.parent / "吉尔格勒特郭楞蒙古民族乡2019年政府信息公开工作年度报告.json")
    assert sample_path.read_bytes() == before  # Ctrl+S did not overwrite last year's file
    window.undo_action.trigger()
    assert window.path == sample_path  # the year is back: so is the file


def test_a_year_change_that_converts_the_format_unbinds_too(window, sample_path, dialogs):
    dialogs.answers.append(B.Yes)
    window.meta_form.year.setValue(2021)
    assert window.document.report.format.id == "2021"
    assert window.path is None
    window.undo_action.trigger()
    assert window.path == sample_path


def test_the_dialog_defaults_year_agency_level_and_ticks_all_but_problems(qtbot, last_year, dialogs):
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    dialog.carry.setChecked(True)
    assert dialog.use_previous(last_year)
    assert dialog.year.value() == 2025  # last year + 1
    assert dialog.agency.text() == AGENCY and dialog.level.currentData() == "township"
    boxes = dialog.text_boxes
    assert [dialog.text_boxes[t].text() for t in boxes] == [
        "报告开头",
        "一、总体情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [b.isChecked() for b in boxes.values()] == [True, True, False, True]
    assert dialog.choice().texts == ("preface", "general", "other")
    assert not dialog.agency_warning.isVisible()


def test_the_dialog_warns_when_last_years_agency_differs(qtbot, last_year):
    dialog = NewReportDialog("某某县另一个镇人民政府", "")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.carry.setChecked(True)
    dialog.use_previous(last_year)
    assert dialog.agency_warning.isVisible()
    assert AGENCY in dialog.agency_warning.text() and "不同" in dialog.agency_warning.text()
    dialog.agency.setText(AGENCY)
    dialog.agency.textEdited.emit(AGENCY)
    assert not dialog.agency_warning.isVisible()


def test_typing_the_name_infers_the_level_until_one_is_chosen(qtbot):
    named = NewReportDialog("某某县民政局")
    qtbot.addWidget(named)
    assert named.level.currentData() == "county_dept"  # as the importer infers it
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    dialog.agency.setText("某某市人民政府")
    dialog.agency.textEdited.emit("某某市人民政府")
    assert dialog.level.currentData() == "city_gov"
    dialog.level.setCurrentIndex(dialog.level.findData("other"))
    dialog.level.activated.emit(dialog.level.currentIndex())
    dialog.agency.textEdited.emit("某某镇人民政府")
    assert dialog.level.currentData() == "other"  # the user's choice stays


def test_closing_a_new_draft_asks_first(make_window, last_year, dialogs):
    window = make_window()
    carry(window, last_year)
    dialogs.answers.append(B.Cancel)
    window.close()
    assert window.isVisible() and dialogs.calls[-1][1] == "保存修改"
