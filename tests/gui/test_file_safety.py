"""Nothing lost: two windows on one draft, a draft changed on disk, damaged recovery copies,
a recovery folder that cannot be written, and numbers beyond every bound typed or pasted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from gui_helpers import editor, select, table_view, type_keys
from nianbao.core import draft
from nianbao.gui import main_window as main_window_module

B = QMessageBox.StandardButton


def edit_cell(qtbot, window, cell_id, text):
    window.activateWindow()  # keys go to the active window's focus
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view = table_view(window, cell_id.split(".")[0])
    select(view, cell_id)
    type_keys(qtbot, view, text)
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return)


def edit_text(window, part: str, text: str) -> None:
    page = next(p for p in window.section_pages() if p.section.id == part)
    window.tabs.setCurrentWidget(page)
    page.text.editor.setPlainText(text)
    window.document.flush_checks()


# ---------------------------------------------------------------- two windows, one draft


def test_opening_a_draft_open_in_another_window_says_so(make_window, sample_path, dialogs):
    first = make_window(sample_path)
    second = make_window()
    dialogs.answers.append(B.No)
    assert not second.open_path(sample_path, ask=False)
    kind, _title, text = dialogs.calls[-1]
    assert kind == "question" and "另一个窗口" in text and sample_path.name in text
    assert second.path is None
    dialogs.answers.append(B.Yes)
    assert second.open_path(sample_path, ask=False)  # the user may still open it
    assert second.path == sample_path and first.path == sample_path


def test_the_lock_follows_the_window(make_window, sample_path, tmp_path, dialogs):
    other = tmp_path / "另一份.json"
    other.write_bytes(sample_path.read_bytes())
    first = make_window(sample_path)
    assert first.open_path(other, ask=False)  # first now shows another draft: the sample is free
    second = make_window(sample_path)
    assert second.path == sample_path and dialogs.calls == []
    second.close()
    third = make_window(sample_path)  # a closed window keeps no lock either
    assert third.path == sample_path and dialogs.calls == []


def test_a_lock_left_by_a_crashed_program_is_taken_over(make_window, sample_path, data_dir, dialogs):
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from PySide6.QtCore import QCoreApplication
        from nianbao.gui.file_lock import DraftLock
        app = QCoreApplication([])
        lock = DraftLock(Path({str(data_dir / "locks")!r}))
        assert lock.take(Path({str(sample_path)!r}))
        os._exit(1)  # a crash: the lock file stays
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert list((data_dir / "locks").glob("*.lock"))
    window = make_window(sample_path)
    assert window.path == sample_path and dialogs.calls == []


# ---------------------------------------------------------------- the draft changed on disk


def two_windows_on(make_window, path, dialogs):
    first = make_window(path)
    dialogs.answers.append(B.Yes)  # "open it anyway"
    second = make_window(path)
    dialogs.calls.clear()
    return first, second


def test_the_second_save_of_two_windows_does_not_silently_drop_the_first(make_window, qtbot, sample_path, dialogs):
    first, second = two_windows_on(make_window, sample_path, dialogs)
    edit_cell(qtbot, first, "t3.r1.biz", "6")
    assert first.save()
    edit_text(second, "other", "第二个窗口写的文字。")
    assert not second.save()  # asked; the default answer is 取消
    assert dialogs.calls[-1][:2] == ("changed_on_disk", sample_path.name)
    on_disk = draft.load(sample_path)
    assert on_disk.cells["t3.r1.biz"] == 6 and on_disk.texts["other"] != "第二个窗口写的文字。"
    assert second.isWindowModified()  # nothing lost in the window either


def test_save_as_keeps_both_versions(make_window, qtbot, sample_path, tmp_path, dialogs):
    first, second = two_windows_on(make_window, sample_path, dialogs)
    edit_cell(qtbot, first, "t3.r1.biz", "6")
    assert first.save()
    edit_text(second, "other", "第二个窗口写的文字。")
    dialogs.disk_answers.append("save_as")
    dialogs.files.append(str(tmp_path / "第二份"))
    assert second.save()
    assert draft.load(sample_path).cells["t3.r1.biz"] == 6
    copy = draft.load(tmp_path / "第二份.json")
    assert copy.texts["other"] == "第二个窗口写的文字。" and copy.cells["t3.r1.biz"] != 6
    assert second.path == tmp_path / "第二份.json"


def test_overwrite_is_the_users_choice(make_window, qtbot, sample_path, dialogs):
    first, second = two_windows_on(make_window, sample_path, dialogs)
    edit_cell(qtbot, first, "t3.r1.biz", "6")
    assert first.save()
    edit_text(second, "other", "第二个窗口写的文字。")
    dialogs.disk_answers.append("overwrite")
    assert second.save()
    assert draft.load(sample_path).texts["other"] == "第二个窗口写的文字。"
    edit_text(second, "other", "再改一次。")
    assert second.save() and dialogs.kinds().count("changed_on_disk") == 1  # its own save is no change


def test_a_window_without_changes_can_reload_what_another_program_wrote(window, sample_path, dialogs):
    other = draft.load(sample_path)
    other.agency = "另一个程序改的机关名称"
    draft.save(other, sample_path)
    dialogs.disk_answers.append("reload")
    assert window.save()
    assert dialogs.calls[-1] == ("changed_on_disk", sample_path.name, "reload")
    assert window.document.report.agency == "另一个程序改的机关名称"
    assert not window.isWindowModified()


def test_the_question_offers_reload_only_without_unsaved_changes(window, qtbot, sample_path, monkeypatch):
    other = draft.load(sample_path)
    other.agency = "别处改的"
    draft.save(other, sample_path)
    edit_cell(qtbot, window, "t3.r1.np", "7")
    seen: list[list[str]] = []

    def answer() -> None:  # the real message box: read its buttons, click 取消
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        buttons = [b for b in box.findChildren(QPushButton) if b.text()]
        seen.append(sorted(b.text() for b in buttons))
        next(b for b in buttons if b.text() == "取消").click()

    from nianbao.gui import disk_conflict

    with monkeypatch.context() as real:
        real.setattr(main_window_module, "ask_changed_on_disk", disk_conflict.ask_changed_on_disk)
        QTimer.singleShot(0, answer)
        assert not window.save()
    assert seen == [sorted(["覆盖", "另存为…", "取消"])]
    assert draft.load(sample_path).agency == "别处改的"


# ---------------------------------------------------------------- recovery copies


def plant_copy(data_dir: Path, slot: str, content: bytes, saved_at: str | None = "2024-01-02 03:04") -> Path:
    folder = data_dir / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slot}.draft.json").write_bytes(content)
    if saved_at is not None:
        info = {"source": "", "saved_at": saved_at}
        (folder / f"{slot}.info.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"schema": 1, "format": "2019", "cells": {"t3.new.np": 1',
        b'{"schema": 1, "format": "2019", "texts": {"general": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
        b'{"schema": 1, "format": "2019", "cells": {"t3.new.np": ' + b"9" * 4301 + b"}}",
    ],
    ids=["empty", "truncated", "deep", "huge-number"],
)
def test_a_damaged_recovery_copy_is_reported_once_and_moved_aside(make_window, data_dir, dialogs, content):
    folder = plant_copy(data_dir, "a" * 32, content)
    window = make_window()
    assert not window.offer_recovery()
    kind, title, text = dialogs.calls[-1]
    assert kind == "warning" and title == "无法恢复"
    assert "2024-01-02 03:04" in text and "已移到" in text and "程序内部错误" not in text
    moved = list((folder / "damaged").glob("*.draft.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == content  # kept for support, unchanged
    assert not (folder / f"{'a' * 32}.draft.json").exists()
    dialogs.calls.clear()
    assert not make_window().offer_recovery() and dialogs.calls == []  # said once


def test_a_copy_that_breaks_the_reader_in_any_way_is_moved_aside_too(make_window, data_dir, dialogs, monkeypatch):
    folder = plant_copy(data_dir, "b" * 32, b"{}")

    def broken(path, registry=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(draft, "load_file", broken)
    window = make_window()
    assert not window.offer_recovery()
    assert dialogs.kinds() == ["warning"] and "程序内部错误" in dialogs.calls[-1][2]
    assert list((folder / "damaged").glob("*.draft.json"))
    assert not list(folder.glob("*.draft.json")) or all(
        p == window.autosave.draft_path for p in folder.glob("*.draft.json")
    )


def test_a_copy_without_its_info_file_is_offered(make_window, data_dir, sample_path, dialogs):
    plant_copy(data_dir, "c" * 32, sample_path.read_bytes(), saved_at=None)
    window = make_window()
    dialogs.answers.append(B.Yes)
    assert window.offer_recovery()
    _kind, title, text = dialogs.calls[-1]
    assert title == "恢复未保存的内容" and "说明文件已丢失" in text
    assert window.document.report.agency == draft.load(sample_path).agency


def test_an_unwritable_recovery_folder_says_autosave_is_off(make_window, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "recovery").write_text("a file where the folder should be")
    window = make_window()
    assert window.autosave_status.isVisible()
    assert "自动保存已关闭" in window.autosave_status.text() and "无法写入" in window.autosave_status.text()


def test_autosave_off_and_on_again_as_the_disk_fills_and_frees(window, qtbot, monkeypatch):
    import errno

    real_save = draft.save

    def full(*args, **kwargs):
        raise draft.DraftWriteError("无法保存") from OSError(errno.ENOSPC, "No space left on device")

    edit_cell(qtbot, window, "t3.r1.np", "3")
    monkeypatch.setattr(draft, "save", full)
    assert not window.autosave.write_now()
    assert window.autosave_status.isVisible() and "磁盘空间已满" in window.autosave_status.text()
    monkeypatch.setattr(draft, "save", real_save)
    assert window.autosave.write_now()
    assert not window.autosave_status.isVisible()


# ---------------------------------------------------------------- numbers beyond the bounds


def test_typing_or_pasting_4301_digits_is_refused_with_a_note(window, qtbot, dialogs):
    report = window.document.report
    before = report.cells.get("t3.r1.np")
    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    type_keys(qtbot, view, "9")
    field = editor(view)
    assert field is not None
    field.insert("9" * 4300)  # pasted into the cell editor
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert report.cells.get("t3.r1.np") == before
    assert "数字太大" in window.statusBar().currentMessage()
    select(view, "t3.r2.np")
    QGuiApplication.clipboard().setText("9" * 4301 + "\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert report.cells.get("t3.r2.np") != int("9" * 20)
    assert "critical" not in dialogs.kinds()


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_saving_a_symlinked_draft_from_the_window_keeps_the_link(make_window, qtbot, sample_path, tmp_path):
    link = tmp_path / "快捷方式.json"
    link.symlink_to(sample_path)
    window = make_window(link)
    edit_cell(qtbot, window, "t3.r1.biz", "6")
    assert window.save()
    assert link.is_symlink() and draft.load(sample_path).cells["t3.r1.biz"] == 6


# ---------------------------------------------------------------- export failures, in Chinese


def test_an_export_to_a_full_disk_says_so_naming_the_users_file(window, tmp_path, dialogs, monkeypatch):
    import errno

    from nianbao.core import pdf_export

    def full(path, data, **kwargs):  # what the OS says when the disk is full, about the hidden temp file
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".x.pdf.f26or53_.tmp"))

    monkeypatch.setattr(pdf_export, "write_bytes_atomic", full)
    dialogs.files.append(str(tmp_path / "x.pdf"))
    window.export_pdf_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "critical" and "磁盘空间已满" in text and str(tmp_path / "x.pdf") in text
    assert ".tmp" not in text and "No space" not in text


def test_an_export_to_a_removed_usb_stick_says_so(window, tmp_path, dialogs):
    dialogs.files.append(str(tmp_path / "U盘" / "表格.csv"))
    window.export_csv_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "critical" and "U盘是否已拔出" in text and "表格.csv" in text
    assert "No such file" not in text
