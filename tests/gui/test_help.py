"""帮助 → 使用说明 and the 填报口径 tooltips: one help page per format, data in resources/help."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from helpers import ROOT, SHARED
from nianbao.core.formats import default_registry
from nianbao.core.report import new_report
from nianbao.gui.help_content import help_page, parse_help, scope_of, tab_label

FORMATS = ["2019", "2021"]
QUOTE = re.compile(r"原文[^「]{0,30}?：「(.+?)」")


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_row_label_of_every_table_has_its_scope(format_id):
    fmt = default_registry().get(format_id)
    for table in fmt.tables:
        labels = [it for it in table.items if it.role == "label"]
        assert labels or table.id == "t4"  # 表四 has column headings only
        for item in labels:
            scope = scope_of(fmt, table.id, item)
            assert scope, (table.name, item.text)
            assert scope.startswith(("原文", "说明")), (item.text, scope)  # official or plainly marked


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_table_3_result_row_and_the_columns_of_tables_2_and_4_are_explained(format_id):
    fmt = default_registry().get(format_id)
    t3 = fmt.table("t3")
    results = {c.row_path[-1] for c in t3.cells if c.row_path[0] == "三、本年度办理结果"}
    for label in results:
        item = next(it for it in t3.items if it.text == label)
        assert scope_of(fmt, "t3", item)
    for table_id in ("t2", "t4"):
        table = fmt.table(table_id)
        headers = [it for it in table.items if it.role == "header" and it.text != "信息内容"]
        assert all(scope_of(fmt, table_id, it) for it in headers), [
            it.text for it in headers if not scope_of(fmt, table_id, it)
        ]


def test_the_same_label_in_two_tables_gets_each_tables_scope():
    fmt = default_registry().get("2021")
    t3_total = next(it for it in fmt.table("t3").items if it.text == "总计")
    t4_total = next(it for it in fmt.table("t4").items if it.text == "总计")
    assert "六类申请人" in scope_of(fmt, "t3", t3_total)
    assert "本组各项" in scope_of(fmt, "t4", t4_total)
    numbered = [it for it in fmt.table("t3").items if it.text.startswith("1.")]
    assert len({scope_of(fmt, "t3", it) for it in numbered}) == len(numbered)  # 1. under 三/四/五/六 differ


def test_official_wording_is_quoted_only_where_the_reference_gives_it():
    reference = SHARED / "reference"
    if not reference.is_dir():
        pytest.skip("../shared/reference is not here")
    text = "".join(p.read_text(encoding="utf-8") for p in reference.glob("*.md"))
    quotes = [q for fmt_id in FORMATS for q in QUOTE.findall(help_page(fmt_id).markdown)]
    assert len(quotes) >= 6
    for quote in quotes:
        assert quote.rstrip("…") in text, quote


def test_tab_labels_come_from_the_help_page():
    fmt = default_registry().get("2021")
    assert [tab_label(fmt, s.heading) for s in fmt.sections] == [
        "一、总体情况",
        "二、主动公开",
        "三、依申请公开",
        "四、复议诉讼",
        "五、问题改进",
        "六、其他事项",
    ]
    assert tab_label(fmt, "七、没有这部分") == "七、没有这部分"


def test_parse_help_reads_entries_only_under_table_headings():
    page = parse_help(
        "## 窗口里的标签页\n\n| 标签页 | 报告中的部分 |\n|---|---|\n| 三、申请 | 三、收到和处理政府信息公开申请情况 |\n\n"
        "## 别的\n- **规章**：不是口径\n### 表二 主动公开\n- **规章**：说明：口径\n- **A / B**：说明：路径\n"
    )
    assert page.tabs == {"三、收到和处理政府信息公开申请情况": "三、申请"}
    assert page.scopes == {"表二": ((("规章",), "说明：口径"), (("A", "B"), "说明：路径"))}


def test_row_label_tooltips_show_the_scope(window):
    model = window.page_for_table("t3").model
    item = next(it for it in model.table.items if it.text.startswith("（二）部分公开"))
    tip = model.index(item.row, item.col).data(Qt.ItemDataRole.ToolTipRole)
    assert "填报口径" in tip and "只计在这一行" in tip and "原文" in tip


def test_help_menu_opens_the_page_of_the_current_format(window, qtbot):
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.help_action.trigger()
    dialog = window._help
    assert dialog is not None and dialog.isVisible() and "2019年试行格式" in dialog.windowTitle()
    shown = dialog.browser.toPlainText()
    for heading in ("填报口径", "勾稽关系", "空白和0不一样", "快捷键", "文件保存在哪里"):
        assert heading in shown
    assert "5 ＋ 1 ＝ 6" in shown  # the worked example
    assert str(window.data_dir / "recovery") in shown and "{recovery_dir}" not in shown
    assert "上一年项目数量" in shown  # 2019's 表二
    window.document.replace_report(new_report(2025), "another format")
    window.help_action.trigger()
    assert window._help is dialog and "2021年修订格式" in dialog.windowTitle()
    assert "本年制发件数" in dialog.browser.toPlainText()


def test_the_help_files_are_data_one_per_format():
    folder = ROOT / "resources" / "help"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(default_registry().ids())
