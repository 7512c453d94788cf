"""After 导出PDF: the warning opens the findings panel; 「用PDF阅读器打开」 checks that it worked."""

from __future__ import annotations

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

B = QMessageBox.StandardButton


def test_the_warning_opens_the_closed_findings_panel(window, dialogs):
    window.findings_dock.close()
    window.document.edit_cells({"t3.r1.np": 99}, "an error")
    assert not window.findings_dock.isVisible()
    dialogs.answers.append(B.No)
    window.export_pdf_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "warning" and "检查结果" in text and "见窗口下方" not in text
    assert window.findings_dock.isVisible()


def test_no_pdf_reader_says_where_the_file_is_and_offers_its_folder(window, tmp_path, dialogs, monkeypatch):
    asked = []

    def open_url(url):
        asked.append(url.toLocalFile())
        return url.toLocalFile() == str(tmp_path)  # no PDF reader; the folder opens

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    dialogs.files.append(str(tmp_path / "年报.pdf"))
    dialogs.answers += [B.Yes, B.Yes]  # open it now? — open the folder?
    window.export_pdf_action.trigger()
    out = tmp_path / "年报.pdf"
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("question", "无法打开") and str(out) in text and "文件夹" in text
    assert asked == [str(out), str(tmp_path)]


def test_when_the_folder_cannot_open_either_its_path_is_given(window, tmp_path, dialogs, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    dialogs.files.append(str(tmp_path / "年报.pdf"))
    dialogs.answers += [B.Yes, B.Yes]
    window.export_pdf_action.trigger()
    kind, _title, text = dialogs.calls[-1]
    assert kind == "information" and str(tmp_path) in text
