"""Drafts in the window: save, reopen, prompts, failures, recent files, 新建, recovery copies."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui_helpers import select, table_view, type_keys
from nianbao.core import draft
from nianbao.gui import main_window as main_window_module
from nianbao.gui.autosave import INTERVAL_MS, find_recovery_copies
from nianbao.gui.new_report_dialog import NewReportChoice, NewReportDialog

B = QMessageBox.StandardButton


def edit_cell(qtbot, window, cell_id, text):
    view = table_view(window, cell_id.split(".")[0])
    select(view, cell_id)
    type_keys(qtbot, view, text)
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)


def test_save_then_reopen_gives_the_same_report(window, qtbot, sample_path, make_window, dialogs):
    edit_cell(qtbot, window, "t3.r1.biz", "6")
    edit_cell(qtbot, window, "t2.procurement.amount", "12.5")
    window.meta_form.agency.setFocus()
    qtbot.keyClicks(window.meta_form.agency, "X")
    assert window.windowTitle() == "seed-2020.json[*]" and window.isWindowModified()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert dialogs.calls == []
    saved = draft.dumps(window.document.report)
    assert sample_path.with_name("seed-2020.json.bak").exists()
    window.close()  # one window per draft: the next one opens it without a question
    reopened = make_window(sample_path)
    assert draft.dumps(reopened.document.report) == saved
    report = reopened.document.report
    assert report.cells["t3.r1.biz"] == 6 and report.cells["t3.r1.tot"] == 6
    assert str(report.cells["t2.procurement.amount"]) == "12.5"
    assert report.agency.endswith("X")


def test_save_as_and_recent_files(window, tmp_path, dialogs):
    target = tmp_path / "新文件夹"
    target.mkdir()
    dialogs.files.append(str(target / "2020年报"))
    assert window.save_as()
    assert window.path == target / "2020年报.json"
    assert window.windowTitle() == "2020年报.json[*]"
    assert window.recent.paths()[0] == (target / "2020年报.json").resolve()
    window._fill_recent_menu()
    assert "2020年报.json" in window.recent_menu.actions()[0].text()


def test_unsaved_changes_prompt_on_close(window, qtbot, sample_path, dialogs):
    edit_cell(qtbot, window, "t4.review.correct", "2")
    before = sample_path.read_bytes()
    dialogs.answers.append(B.Cancel)
    window.close()
    assert window.isVisible() and window.isWindowModified()
    assert dialogs.calls[-1][:2] == ("question", "保存修改")
    assert "seed-2020.json" in dialogs.calls[-1][2]
    dialogs.answers.append(B.Discard)
    window.close()
    assert not window.isVisible()
    assert sample_path.read_bytes() == before


def test_unsaved_changes_prompt_save_and_open_another(window, qtbot, sample_path, tmp_path, dialogs):
    other = tmp_path / "other.json"
    other.write_bytes(sample_path.read_bytes())
    edit_cell(qtbot, window, "t4.review.correct", "2")
    dialogs.answers.append(B.Save)
    dialogs.files.append(str(other))
    window.open_file()
    assert dialogs.kinds() == ["question", "open_file"]
    assert draft.load(sample_path).cells["t4.review.correct"] == 2  # saved before opening
    assert window.path == other and not window.isWindowModified()


def test_saving_to_a_removed_usb_stick_keeps_everything(window, qtbot, tmp_path, sample_path, dialogs):
    edit_cell(qtbot, window, "t3.r1.np", "8")
    dialogs.files.append(str(tmp_path / "U盘" / "年报.json"))
    assert not window.save_as()
    kind, title, text = dialogs.calls[-1]
    assert kind == "critical" and title == "保存失败" and "U盘是否已拔出" in text
    assert window.path == sample_path and window.isWindowModified()
    assert window.document.report.cells["t3.r1.np"] == 8


def test_saving_a_read_only_file_says_so(window, qtbot, monkeypatch, dialogs):
    edit_cell(qtbot, window, "t3.r1.np", "8")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)  # root ignores file modes, so refuse like Windows would
    assert not window.save()
    assert "只读" in dialogs.calls[-1][2]
    assert window.isWindowModified() and window.document.report.cells["t3.r1.np"] == 8


def test_open_recent_missing_file_is_dropped(window, tmp_path, dialogs):
    gone = tmp_path / "gone.json"
    window.recent.add(gone)
    window.open_recent(gone.resolve())
    assert dialogs.calls[-1][0] == "warning" and "找不到" in dialogs.calls[-1][2]
    assert gone.resolve() not in window.recent.paths()


def test_new_report_carried_forward_from_last_years_draft(window, monkeypatch, sample_path):
    monkeypatch.setattr(
        NewReportDialog,
        "ask",
        staticmethod(lambda *a, **k: NewReportChoice(2021, "吉尔格勒特郭楞蒙古民族乡", "township", sample_path)),
    )
    window.new_file()
    report = window.document.report
    assert report.format.id == "2021" and report.year == 2021
    assert window.path is None and window.windowTitle() == "未命名[*]"
    assert report.cells["t3.carry_in.np"] == 0  # 2020's 结转下年度
    assert "t3.new.np" not in report.cells
    assert window.page_for_table("t2").model.index_of("t2.reg.made").isValid()
    assert "结转" in window.statusBar().currentMessage()


def test_autosave_runs_every_minute_while_modified(window, qtbot, sample_path):
    assert not window.autosave.timer.isActive()
    edit_cell(qtbot, window, "t3.r1.np", "3")
    assert window.autosave.timer.isActive() and window.autosave.timer.interval() == INTERVAL_MS == 60_000
    window.autosave.timer.timeout.emit()  # a minute passes
    assert draft.load(window.autosave.draft_path).cells["t3.r1.np"] == 3
    window.save()
    assert not window.autosave.timer.isActive()
    assert not window.autosave.draft_path.exists()


def test_recovery_copy_is_offered_after_a_crash(make_window, qtbot, sample_path, data_dir, dialogs):
    first = make_window(sample_path)
    edit_cell(qtbot, first, "t3.r2.ngo", "9")
    first.autosave.write_now()
    second = make_window()
    assert not second.offer_recovery()  # the first window is alive: its copy is not offered
    assert dialogs.calls == []

    first.autosave.abandon()  # the program crashes
    third = make_window()
    dialogs.answers.append(B.Yes)
    assert third.offer_recovery()
    _kind, title, text = dialogs.calls[-1]
    assert title == "恢复未保存的内容" and str(sample_path) in text
    assert third.document.report.cells["t3.r2.ngo"] == 9
    assert third.path == sample_path and third.isWindowModified()
    assert third.windowTitle() == "seed-2020.json[*]"
    assert draft.load(sample_path).cells["t3.r2.ngo"] == 0  # the file itself is untouched until saved
    third.autosave.shutdown()
    assert find_recovery_copies(data_dir / "recovery") == []


def test_declined_recovery_copy_is_deleted(make_window, qtbot, data_dir, dialogs):
    first = make_window()
    edit_cell(qtbot, first, "t3.r2.ngo", "9")
    first.autosave.write_now()
    first.autosave.abandon()
    second = make_window()
    dialogs.answers.append(B.Cancel)
    assert not second.offer_recovery()
    assert "尚未保存过的新报告" in dialogs.calls[-1][2]
    dialogs.answers.append(B.No)
    assert not second.offer_recovery()
    assert not list((data_dir / "recovery").glob("*.draft.json")) or all(
        p == second.autosave.draft_path for p in (data_dir / "recovery").glob("*.draft.json")
    )
    assert not second.offer_recovery()
    assert len(dialogs.calls) == 2


def test_default_data_dir_comes_from_qstandardpaths():
    # test mode (set in conftest) keeps even the default away from the real user folders
    assert ".qttest" in main_window_module.default_data_dir().parts


def test_new_report_dialog_carry_forward_choice(qtbot, sample_path, dialogs):
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.carry.setChecked(True)
    assert not ok.isEnabled()  # carry forward needs last year's draft
    dialogs.files.append(str(sample_path))
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert ok.isEnabled()
    choice = dialog.choice()
    every_part_but_problems = ("preface", "general", "proactive", "applications", "review", "other")
    assert choice == NewReportChoice(2021, "吉尔格勒特郭楞蒙古民族乡", "township", sample_path, every_part_but_problems)
    assert "2021年修订格式" in dialog.format_label.text()


def test_a_real_crash_leaves_a_copy_the_next_start_can_take(tmp_path, sample_path, data_dir):
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from nianbao.gui.main_window import MainWindow
        app = QApplication([])
        window = MainWindow(data_dir=Path({str(data_dir)!r}))
        window.open_path(Path({str(sample_path)!r}), ask=False)
        window.document.edit_cells({{"t3.r3_1.np": 7}}, "typing")
        assert window.autosave.write_now()
        os._exit(1)  # no clean shutdown: the lock file stays behind
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert list((data_dir / "recovery").glob("*.lock"))  # as a crash leaves it
    copies = find_recovery_copies(data_dir / "recovery")
    assert len(copies) == 1 and copies[0].source == str(sample_path)
    assert draft.load(copies[0].draft_path).cells["t3.r3_1.np"] == 7
    copies[0].release(delete=True)
