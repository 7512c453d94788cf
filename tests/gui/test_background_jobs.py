"""Nothing frozen: import and exports run off the GUI thread; the window answers clicks meanwhile; 取消 works."""

from __future__ import annotations

import dataclasses
import sys
import threading
import types

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from helpers import SEED_TEXT
from nianbao.core import export, importer

B = QMessageBox.StandardButton


@pytest.fixture
def gate(monkeypatch):
    """A slow import: it waits until the test opens the gate (never longer than 20 s)."""
    opened = threading.Event()
    started = threading.Event()
    real = importer.import_report

    def slow_import(path, *args, **kwargs):
        started.set()
        opened.wait(20)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(importer, "import_report", slow_import)
    yield types.SimpleNamespace(open=opened.set, started=started)
    opened.set()


def click_tab(qtbot, window, index: int) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_the_window_answers_clicks_while_a_slow_import_runs(window, qtbot, dialogs, gate, threaded_jobs):
    if not SEED_TEXT.is_file():
        pytest.skip("shared/samples is not beside the clone")
    dialogs.files.append(str(SEED_TEXT))
    window.import_action.trigger()  # returns at once
    assert gate.started.wait(10)
    assert window.jobs.busy and window.job_bar.isVisible()
    assert "正在导入" in window.job_bar.label.text()
    click_tab(qtbot, window, 3)  # the user looks around meanwhile
    assert window.tabs.currentIndex() == 3
    click_tab(qtbot, window, 0)
    assert window.tabs.currentIndex() == 0
    window.meta_form.agency.setFocus()
    qtbot.keyClicks(window.meta_form.agency, "X")  # and even types
    assert window.document.report.agency.endswith("X")
    window.import_action.trigger()  # a second job is refused while one runs
    assert "请等当前的任务完成" in window.statusBar().currentMessage()
    dialogs.answers.append(B.Discard)  # the window was edited meanwhile: asked before it is replaced
    gate.open()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)
    assert window.document.report.year == 2020 and len(window.document.report.cells) == 198
    assert dialogs.kinds()[-2:] == ["question", "information"]
    assert not window.job_bar.isVisible()


def test_cancel_drops_the_import(window, qtbot, dialogs, gate, tmp_path, threaded_jobs):
    page = tmp_path / "年报.txt"
    page.write_text("某某镇人民政府\n政府信息公开工作2020年度报告\n", encoding="utf-8")
    before = dict(window.document.report.cells)
    dialogs.files.append(str(page))
    window.import_action.trigger()
    assert gate.started.wait(10)
    qtbot.mouseClick(window.job_bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.jobs.busy and not window.job_bar.isVisible()
    assert "已取消导入" in window.statusBar().currentMessage()
    gate.open()
    window.jobs.wait(20_000)
    qtbot.wait(50)  # let a (dropped) result arrive
    assert window.document.report.cells == before and dialogs.kinds() == ["open_file"]


def slow_writer(monkeypatch, suffix: str, write):
    """Make the 导出 writer for ``suffix`` call ``write(report, path, **options)``."""
    module = f"nianbao.core.slow_writer_{suffix[1:]}"
    monkeypatch.setitem(sys.modules, module, types.SimpleNamespace(write=write))
    writer = dataclasses.replace(export.WRITERS[suffix], module=module, function="write")
    monkeypatch.setitem(export.WRITERS, suffix, writer)


def test_pdf_export_runs_in_the_background_and_cancel_writes_nothing(
    window, qtbot, dialogs, tmp_path, monkeypatch, threaded_jobs
):
    from nianbao.core.pdf_export import write_pdf

    opened, started = threading.Event(), threading.Event()

    def slow_pdf(report, path, **options):
        started.set()
        opened.wait(20)
        return write_pdf(report, path, **options)  # the real write, after 取消 or not

    slow_writer(monkeypatch, ".pdf", slow_pdf)
    target = tmp_path / "年报.pdf"
    try:
        dialogs.files.append(str(target))
        window.export_pdf_action.trigger()
        assert started.wait(10) and window.jobs.busy
        click_tab(qtbot, window, 2)
        assert window.tabs.currentIndex() == 2
        qtbot.mouseClick(window.job_bar.cancel_button, Qt.MouseButton.LeftButton)
        assert "没有写入文件" in window.statusBar().currentMessage()
    finally:
        opened.set()
    window.jobs.wait(60_000)
    qtbot.wait(50)
    assert not target.exists()  # the write itself saw the 取消
    assert not list(tmp_path.glob(".年报.pdf.*.tmp"))
    started.clear()
    dialogs.files.append(str(target))
    dialogs.answers.append(B.No)  # do not open it
    window.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_an_export_uses_the_report_as_it_was_when_started(window, qtbot, dialogs, tmp_path, monkeypatch, threaded_jobs):
    seen = {}
    opened, started = threading.Event(), threading.Event()

    def slow_csv(report, path):
        started.set()
        opened.wait(20)
        seen["agency"] = report.agency

    slow_writer(monkeypatch, ".csv", slow_csv)
    dialogs.files.append(str(tmp_path / "表格.csv"))
    agency = window.document.report.agency
    try:
        window.export_csv_action.trigger()
        assert started.wait(10)
        window.meta_form.agency.setFocus()
        qtbot.keyClicks(window.meta_form.agency, "Later")
        assert window.document.report.agency.endswith("Later")
    finally:
        opened.set()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=60_000)
    assert seen["agency"] == agency


def test_closing_the_window_during_a_job_does_not_crash(make_window, qtbot, dialogs, gate, tmp_path, threaded_jobs):
    window = make_window()
    page = tmp_path / "年报.txt"
    page.write_text("某某镇人民政府\n", encoding="utf-8")
    dialogs.files.append(str(page))
    window.import_action.trigger()
    assert gate.started.wait(10)
    window.close()
    gate.open()
    window.jobs.wait(20_000)
    qtbot.wait(50)
    assert not window.isVisible()


def test_the_job_bar_sits_in_the_status_bar(window):
    assert window.job_bar.parent() is not None
    assert window.statusBar().isAncestorOf(window.job_bar)
    assert not window.job_bar.isVisible()
    assert window.job_bar.mapTo(window, QPoint(0, 0)).y() >= window.statusBar().mapTo(window, QPoint(0, 0)).y()
