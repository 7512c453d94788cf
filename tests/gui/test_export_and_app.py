"""Export actions, 关于, start-up (main, --smoke-test), fonts and Chinese for Qt's own texts."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from gui_helpers import select, table_view
from nianbao.core import __version__, draft, export
from nianbao.gui import app as app_module
from nianbao.gui import fonts
from nianbao.gui import main_window as main_window_module

B = QMessageBox.StandardButton
ROOT = Path(__file__).resolve().parents[2]


def test_export_csv(window, tmp_path, dialogs):
    dialogs.files.append(str(tmp_path / "表格"))
    window.export_csv_action.trigger()
    out = tmp_path / "表格.csv"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"t3.r7_total.tot" in raw
    assert "已导出" in window.statusBar().currentMessage()


def test_export_pdf_writes_and_offers_to_open(window, tmp_path, dialogs, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    dialogs.files.append(str(tmp_path / "年报.pdf"))
    dialogs.answers.append(B.Yes)
    window.export_pdf_action.trigger()
    out = tmp_path / "年报.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert dialogs.kinds() == ["save_file", "question"]  # the sample is complete: no warning first
    assert opened == [str(out)]


def test_export_pdf_warns_about_errors_and_empty_cells_first(window, qtbot, tmp_path, dialogs):
    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    qtbot.keyClick(view, "5")
    qtbot.keyClick(QApplication.focusWidget(), "\r")
    view.clear_selection()
    select(view, "t3.r2.np")
    view.clear_selection()
    dialogs.answers.append(B.No)
    window.export_pdf_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "warning" and "个错误" in text and "1 个空白单元格" in text
    assert dialogs.kinds() == ["warning"]  # declined: nothing else happens

    dialogs.answers += [B.Yes, B.No]
    dialogs.files.append(str(tmp_path / "仍然导出.pdf"))
    window.export_pdf_action.trigger()
    assert (tmp_path / "仍然导出.pdf").exists()


def test_export_pdf_without_the_pdf_component(window, dialogs, monkeypatch):
    missing = dataclasses.replace(export.WRITERS[".pdf"], module="nianbao.core.no_such_pdf_module")
    monkeypatch.setitem(export.WRITERS, ".pdf", missing)
    window.export_pdf_action.trigger()
    assert dialogs.calls[-1][0] == "warning" and "还不能导出PDF" in dialogs.calls[-1][2]


def test_export_pdf_failure_is_explained(window, tmp_path, dialogs, monkeypatch):
    def fail(report, path, **options):
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(sys.modules, "nianbao.core.fake_pdf", types.SimpleNamespace(write_pdf=fail))
    monkeypatch.setitem(
        export.WRITERS, ".pdf", dataclasses.replace(export.WRITERS[".pdf"], module="nianbao.core.fake_pdf")
    )
    dialogs.files.append(str(tmp_path / "x.pdf"))
    window.export_pdf_action.trigger()
    assert dialogs.calls[-1][0] == "critical" and "磁盘已满" in dialogs.calls[-1][2]


def test_about_shows_the_version(window, dialogs):
    window.about_action.trigger()
    assert dialogs.calls[-1][0] == "about" and __version__ in dialogs.calls[-1][2]


def test_qt_dialog_texts_are_chinese():
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"
    assert QCoreApplication.translate("QPlatformTheme", "Discard") == "不保存"


def test_main_opens_the_draft(sample_path, tmp_path, monkeypatch, dialogs):
    monkeypatch.setattr(main_window_module, "default_data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(app_module, "setup_fonts", lambda app: None)  # tested below; keeps this test fast
    seen = {}

    def fake_exec():
        QCoreApplication.processEvents()
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, main_window_module.MainWindow) and w.isVisible() and w.path == sample_path
        )
        seen["title"] = window.windowTitle()
        seen["cells"] = len(window.document.report.cells)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.main(str(sample_path)) == 0
    assert seen == {"title": "seed-2020.json[*]", "cells": len(draft.load(sample_path).cells)}
    assert dialogs.calls == []  # no recovery copy, nothing asked


def test_an_unexpected_error_keeps_a_recovery_copy_and_is_explained(window, dialogs, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.install_excepthook(window)
    try:
        raise ValueError("意外")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("critical", "程序内部错误") and "恢复副本" in text
    assert draft.load(window.autosave.draft_path).cells == window.document.report.cells


def test_smoke_test_command(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "d"),
        XDG_CONFIG_HOME=str(tmp_path / "c"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "nianbao.core.cli", "--smoke-test"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "自检通过" in done.stdout and "seed-2020.json" in done.stdout
    assert "Traceback" not in done.stderr and "rror" not in done.stderr and "propagateSizeHints" not in done.stderr
    assert not (tmp_path / "d").exists()  # nothing written to the user's folders
    bad = subprocess.run(
        [sys.executable, "-m", "nianbao.core.cli", "--smoke-test", str(tmp_path / "missing.json")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "找不到草稿文件" in bad.stderr


def test_bundled_fonts_register_and_one_is_chosen_for_the_ui(tmp_path):
    system = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not system.exists():
        pytest.skip("no DejaVu font to stand in for a bundled one")
    shutil.copy(system, tmp_path / "Bundled.ttf")
    (tmp_path / "readme.txt").write_text("not a font")
    files = fonts.bundled_font_files(tmp_path)
    assert files == [tmp_path / "Bundled.ttf"]
    families = fonts.register_fonts(files)
    assert "DejaVu Sans" in families
    assert fonts.register_fonts(files) == families  # once only
    assert fonts.choose_ui_family(["FandolFang", "FandolHei", "WenQuanYi Micro Hei"]) == "WenQuanYi Micro Hei"
    assert fonts.choose_ui_family(["FandolFang", "FandolHei"]) == "FandolHei"
    assert fonts.choose_ui_family([]) is None


def test_bundled_font_becomes_the_ui_font_only_without_system_cjk(tmp_path, monkeypatch, qapp):
    system = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not system.exists():
        pytest.skip("no DejaVu font to stand in for a bundled one")
    shutil.copy(system, tmp_path / "Bundled.ttf")
    before = qapp.font()
    monkeypatch.setattr(fonts, "system_has_cjk", lambda: True)
    monkeypatch.setattr(fonts, "system_cjk_family", lambda: "Droid Sans Fallback")
    try:
        assert fonts.setup_fonts(qapp, tmp_path) is None  # no bundled UI face in this folder
        assert qapp.font().families() == [before.family(), "Droid Sans Fallback"]
        monkeypatch.setattr(fonts, "system_has_cjk", lambda: False)
        qapp.setFont(before)
        assert fonts.setup_fonts(qapp, tmp_path) == "DejaVu Sans"
        assert qapp.font().families() == ["DejaVu Sans"]
    finally:
        qapp.setFont(before)


def test_the_shipped_fonts_folder_is_found():
    shipped = fonts.bundled_font_files()
    assert all(p.suffix.lower() in fonts.FONT_SUFFIXES for p in shipped)
    assert shipped == sorted(shipped)
