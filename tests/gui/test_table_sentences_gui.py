"""「插入数据说明」: sentences written from the tables, inserted at the cursor as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from gui_helpers import send_text


def _page(window, part):
    page = next(p for p in window.section_pages() if p.section.id == part)
    window.tabs.setCurrentWidget(page)
    return page


def _numbers(window, part):
    window.document.flush_checks()
    return [f for f in window.document.findings if f.rule in ("text.numbers", "text.zero_claim") and f.part == part]


def test_sentences_are_inserted_at_the_cursor_and_undone_in_one_step(window, qtbot):
    doc = window.document
    doc.edit_cells({"t3.new.np": 5, "t3.r1.np": 3, "t3.carry_out.np": 2}, "录入")
    page = _page(window, "applications")
    editor = page.text.editor
    assert page.text.sentences_button is not None
    before = doc.report.texts["applications"]  # 「该部分以表格形式报告。表格如下：」
    cursor = editor.textCursor()
    cursor.setPosition(len("该部分以表格形式报告。"))
    editor.setTextCursor(cursor)
    qtbot.mouseClick(page.text.sentences_button, Qt.MouseButton.LeftButton)
    text = doc.report.texts["applications"]
    head, tail = "该部分以表格形式报告。", "表格如下："
    assert text.startswith(head + "\n本年度共收到政府信息公开申请5件，其中自然人申请5件，法人或其他组织申请0件")
    assert "办理结果：予以公开3件，" in text and "2件结转下年度继续办理。" in text
    assert text.endswith("。" + tail)
    assert editor.toPlainText() == text
    assert editor.textCursor().position() == len(text) - len(tail)  # after the inserted sentences
    assert _numbers(window, "applications") == []  # the figures agree with the tables
    window.undo_action.trigger()
    assert doc.report.texts["applications"] == before  # one undo step


def test_editing_a_figure_in_the_inserted_sentences_is_checked(window, qtbot):
    doc = window.document
    doc.edit_cells({"t3.new.np": 5, "t3.r1.np": 3, "t3.carry_out.np": 2}, "录入")
    page = _page(window, "general")
    editor = page.text.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.mouseClick(page.text.sentences_button, Qt.MouseButton.LeftButton)
    assert "予以公开3件" in doc.report.texts["general"]
    # the sample's own 一 says 「未发生依申请公开」: with 5 applications in the table that is a contradiction
    assert [f.rule for f in _numbers(window, "general")] == ["text.zero_claim"]
    at = editor.toPlainText().index("予以公开3件") + len("予以公开")
    cursor = editor.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    send_text(editor, "4")
    assert "予以公开4件" in doc.report.texts["general"]
    (finding,) = [f for f in _numbers(window, "general") if f.rule == "text.numbers"]
    assert finding.cells == ("t3.r1.tot",) and "为 3" in finding.message
    assert doc.report.texts["general"][slice(*finding.span)] == "予以公开4件"


def test_blank_cells_are_said_to_be_blank_not_zero(window, qtbot):
    doc = window.document
    doc.edit_cells({"t3.r1.np": None}, "清除")
    page = _page(window, "applications")
    page.text.editor.selectAll()
    page.text.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.mouseClick(page.text.sentences_button, Qt.MouseButton.LeftButton)
    text = doc.report.texts["applications"]
    assert "予以公开件数未填写" in text and "办理结果总计未填写" in text
    assert "予以公开0件" not in text


def test_only_the_parts_written_from_tables_have_the_button(window):
    buttons = {p.section.id: p.text.sentences_button is not None for p in window.section_pages()}
    assert buttons == {
        "general": True,
        "proactive": True,
        "applications": True,
        "review": True,
        "problems": False,
        "other": False,
    }
