"""文件 → 导出 ▸ PDF / Word / 网页 / Excel / CSV and 复制为网页, driven through the window's menu."""

from __future__ import annotations

import io

import openpyxl
import pytest
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from gui_helpers import select, table_view
from nianbao.core.export import export_report
from nianbao.core.importer import import_bytes, import_report

B = QMessageBox.StandardButton


def file_menu(window):
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title().startswith("文件"))


def test_file_menu_has_export_copy_and_print(window):
    texts = [a.text() for a in file_menu(window).actions()]
    assert "导出" in texts and "复制为网页" in texts and "打印预览…" in texts and "打印…" in texts
    assert texts.index("导出") < texts.index("复制为网页") < texts.index("打印预览…") < texts.index("打印…")
    assert [a.text() for a in window.export_menu.actions()] == [
        "PDF…",
        "PDF 审阅稿（带「草稿」水印和问题清单）…",
        "Word…",
        "网页…",
        "Excel…",
        "CSV…",
    ]
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.print_action.shortcut().toString() == "Ctrl+P"


@pytest.mark.parametrize(
    ("text", "suffix", "magic"),
    [("Word…", ".docx", b"PK"), ("网页…", ".html", b"<!DOCTYPE html>"), ("Excel…", ".xlsx", b"PK")],
)
def test_each_export_writes_its_file_and_offers_to_open_it(text, suffix, magic, window, tmp_path, dialogs, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    dialogs.files.append(str(tmp_path / "年报"))  # the suffix is added
    dialogs.answers.append(B.Yes)
    next(a for a in window.export_menu.actions() if a.text() == text).trigger()
    out = tmp_path / f"年报{suffix}"
    assert out.read_bytes().startswith(magic)
    assert dialogs.kinds() == ["save_file", "question"]  # the sample is complete: no warning first
    assert opened == [str(out)] and "已导出" in window.statusBar().currentMessage()
    report = window.document.report
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["基本信息"]
        assert any(row[1] == report.agency for row in sheet.iter_rows(values_only=True))
    else:
        back = import_report(out).report
        assert back.cells == report.cells and back.agency == report.agency


def test_word_export_warns_about_errors_first(window, qtbot, tmp_path, dialogs):
    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    qtbot.keyClick(view, "5")
    qtbot.keyClick(QApplication.focusWidget(), "\r")
    dialogs.answers.append(B.No)
    window.export_docx_action.trigger()
    kind, title, message = dialogs.calls[-1]
    assert kind == "warning" and title == "导出Word" and "个错误" in message
    assert dialogs.kinds() == ["warning"]


def test_export_failure_names_the_file_and_keeps_the_draft(window, tmp_path, dialogs):
    target = tmp_path / "拔出的U盘" / "年报.docx"
    dialogs.files.append(str(target))
    window.export_docx_action.trigger()
    kind, title, message = dialogs.calls[-1]
    assert kind == "critical" and title == "导出Word失败"
    assert str(target) in message and "不存在" in message and "草稿内容没有受到影响" in message
    assert not target.exists()


def test_copy_as_web_page_puts_html_and_text_on_the_clipboard(window):
    window.copy_html_action.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    markup, text = mime.html(), mime.text()
    report = window.document.report
    tallest = max(item.rowspan for item in report.format.table("t3").items)
    assert markup.count("<table") == 3 and f'rowspan="{tallest}"' in markup and "<script" not in markup
    assert report.title in markup and "复制为网页" in window.statusBar().currentMessage()
    for pasted, name in ((markup, "粘贴.html"), (text, "粘贴.txt")):
        back = import_bytes(pasted.encode("utf-8"), name).report
        assert back.cells == report.cells and back.texts["general"] == report.texts["general"]


def test_review_copy_pdf_has_the_draft_mark_and_says_which_date_it_used(window, qtbot, tmp_path, dialogs):
    """An internal review copy: no publication warning, the 「草稿」 mark and a findings page; the
    落款 date the export chose (the sample has no 发布日期: today) is said in the window."""
    import pypdf

    view = table_view(window, "t3")
    select(view, "t3.r1.np")
    qtbot.keyClick(view, "5")  # an error: a publication export would warn first
    qtbot.keyClick(QApplication.focusWidget(), "\r")
    dialogs.files.append(str(tmp_path / "审阅稿"))
    dialogs.answers.append(B.No)  # do not open it
    window.export_review_pdf_action.trigger()
    out = tmp_path / "审阅稿.pdf"
    assert dialogs.kinds() == ["save_file", "question"]
    marked = [page.extract_text() for page in pypdf.PdfReader(str(out)).pages]
    plain_path = tmp_path / "正式.pdf"
    export_report(window.document.report, plain_path)
    plain = [page.extract_text() for page in pypdf.PdfReader(str(plain_path)).pages]
    assert all("草稿" in page for page in marked) and not any("草稿" in page for page in plain)
    assert len(marked) > len(plain)  # the findings pages
    assert "错误：表三" in "".join(marked[len(plain) :])  # they list the new error
    message = window.statusBar().currentMessage()
    assert "已导出" in message and "落款日期" in message
    assert "落款日期" in dialogs.calls[-1][2]
