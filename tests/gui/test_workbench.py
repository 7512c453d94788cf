"""The 汇总审核 window driven like a clerk of the county office would: load a folder, read the roster,
review a body, close and reopen, a second round, the 汇总 and its drill-down, the exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from nianbao.core import draft
from nianbao.core.findings import count
from nianbao.core.review import REVIEW_FILE
from nianbao.core.rules import check
from nianbao.gui.workbench.body_page import FINDING_ROLE
from nianbao.gui.workbench.roster_model import COLUMNS
from nianbao.gui.workbench.window import WorkbenchWindow
from workbench_batch import make_batch

BATCH_FILES = 11


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The batch, written once (the PDF and Word files take a moment)."""
    return make_batch(tmp_path_factory.mktemp("county") / "批次")


@pytest.fixture
def batch(made, tmp_path):
    """A fresh copy of the batch folder (modification times kept) and its 单位名单."""
    folder = tmp_path / "批次"
    shutil.copytree(made.folder, folder)
    shutil.copyfile(made.roster, tmp_path / "单位名单.txt")
    made.folder_copy = folder
    made.roster_copy = tmp_path / "单位名单.txt"
    return made


@pytest.fixture
def open_workbench(qtbot):
    """Build shown workbench windows on a folder, read to the end."""

    def make(folder: Path, roster: Path | None = None, **kwargs) -> WorkbenchWindow:
        window = WorkbenchWindow(**kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if roster is not None:
            assert window.load_roster(roster)
        window.add_folder(folder)
        qtbot.waitUntil(lambda: not window.is_busy(), timeout=120_000)
        return window

    return make


def rows_by_file(window):
    return {r.source: r for r in window.roster_model.rows() if r.source}


def roster_cell(window, source, column):
    """What the roster table shows for a file, through the view's (sortable) model."""
    model = window.roster_view.model()
    for r in range(model.rowCount()):
        if model.index(r, COLUMNS.index("来源文件")).data() == source:
            return model.index(r, COLUMNS.index(column)).data()
    raise KeyError(source)


def open_body(qtbot, window, source):
    """Double-click the roster row of a file: its body opens in 单位审核."""
    model = window.roster_view.model()
    for r in range(model.rowCount()):
        if model.index(r, COLUMNS.index("来源文件")).data() == source:
            index = model.index(r, 0)
            window.roster_view.scrollTo(index)
            rect = window.roster_view.visualRect(index)
            qtbot.mouseClick(window.roster_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.mouseDClick(window.roster_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert window.tabs.currentWidget() is window.body_page
            return window.body_page
    raise KeyError(source)


def row_of(page, finding):
    """The row of the findings list that shows ``finding``."""
    return next(i for i in page.items() if i.data(0, FINDING_ROLE) == finding)


# ---------------------------------------------------------------- the roster


def test_a_folder_of_mixed_files_fills_the_roster_while_the_window_keeps_running(batch, qtbot):
    window = WorkbenchWindow()
    qtbot.addWidget(window)
    window.show()
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(window.is_busy()))
    timer.start(20)
    assert window.load_roster(batch.roster_copy)
    assert window.add_folder(batch.folder_copy) == BATCH_FILES
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=120_000)
    assert ticks.count(True) >= 3  # the event loop ran while the files were read: no frozen window
    assert not window.progress.isVisible()

    rows = window.roster_model.rows()
    files = rows_by_file(window)
    assert len(files) == BATCH_FILES and len(rows) == BATCH_FILES + 2  # + 未报送 + listed twice
    assert [r.name for r in rows if r.status == "未报送"] == ["新华街道办事处"]
    assert [r.name for r in rows if "重复列出" in r.status] == ["城关镇人民政府"]
    assert "无法读取" in files["损坏.docx"].status and "损坏.docx" in files["损坏.docx"].status
    for name in ("河西乡.html", "河西乡-修改稿.txt"):
        assert "同一单位有 2 份 2020 年度的文件" in files[name].status
    assert "本批为 2020 年度：不计入汇总" in files["卫健委-2021.html"].status
    assert "上年度报告" in files["交通局-2019.html"].status
    assert "已与上年度「交通局-2019.html」配对" in files["交通局.html"].status
    assert "不在单位名单中" in files["财政局.json"].status
    assert [window.unmatched.item(i).text() for i in range(window.unmatched.count())] == ["某某县财政局（财政局.json）"]
    summary = window.roster_summary.text()
    assert "共 11 个文件：已读取 10 个，无法读取 1 个" in summary and "未报送 1 个" in summary

    # the roster's name is the list's spelling; the columns show what the file says
    assert roster_cell(window, "城关镇.json", "单位") == "城关镇"
    assert roster_cell(window, "教育局.pdf", "层级") == "县级部门"
    assert roster_cell(window, "卫健委-2021.html", "格式") == "2021年修订格式"
    # the draft's counts are those of the checks run here on the same report (it has no batch findings)
    errors, warnings = count(check(batch.report("城关镇.json")))
    assert (roster_cell(window, "城关镇.json", "错误"), roster_cell(window, "城关镇.json", "警告")) == (
        str(errors),
        str(warnings),
    )

    entries = {e.path.name: e for e in window.batch.read()}
    copied = [f for f in entries["东风镇.txt"].findings if f.rule == "batch.copied"]
    assert copied and "河西乡" in copied[0].message and "一、总体情况" in copied[0].message
    assert copied[0].part == "general"
    variant = [f for f in entries["河西乡-修改稿.txt"].findings if f.rule == "batch.name_variant"]
    assert variant and "河西乡人民政府" in variant[0].message
    cross = [f for f in entries["交通局.html"].findings if f.rule == "t3.carry_in_previous"]
    assert cross  # last year's file of the same batch was paired: the cross-year rule ran


def test_cancel_stops_reading_and_adding_again_reads_the_rest(batch, qtbot):
    window = WorkbenchWindow(workers=1)
    qtbot.addWidget(window)
    window.show()
    window.add_folder(batch.folder_copy)
    window.cancel()
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=60_000)
    assert len(window.batch.paths) < BATCH_FILES and "已取消读取" in window.statusBar().currentMessage()
    assert all(e is not None for e in window.batch.entries)  # the files not read are not left as 读取中
    window.add_folder(batch.folder_copy)
    qtbot.waitUntil(lambda: not window.is_busy(), timeout=120_000)
    assert len(rows_by_file(window)) == BATCH_FILES


# ---------------------------------------------------------------- reviewing a body


def test_a_review_with_comments_survives_closing_and_reopening(batch, qtbot, open_workbench):
    window = open_workbench(batch.folder_copy, batch.roster_copy)
    page = open_body(qtbot, window, "交通局.html")
    assert "某某县交通运输局" in page.header.text() and page.report_view.document.read_only
    entry = next(e for e in window.batch.read() if e.path.name == "交通局.html")
    items = page.items()
    assert [i.data(0, FINDING_ROLE) for i in items] == entry.findings
    confirmed, ignored = items[0].data(0, FINDING_ROLE), items[1].data(0, FINDING_ROLE)
    page.tree.setCurrentItem(row_of(page, confirmed))
    page.comment.setText("请核对表三的数字后重新报送")
    qtbot.keyClick(page.comment, Qt.Key.Key_Return)
    page.tree.setCurrentItem(row_of(page, ignored))
    qtbot.mouseClick(page.ignore_button, Qt.MouseButton.LeftButton)
    page.new_comment.setText("五、存在的主要问题写得过于简单")
    qtbot.keyClick(page.new_comment, Qt.Key.Key_Return)
    assert "已审核：确认 1 条，忽略 1 条" in roster_cell(window, "交通局.html", "状态")
    # the report is shown read-only: typing into a cell changes nothing
    view = page.report_view.page_for_table("t3").view
    cell = "t3.new.np"
    before = page.report_view.document.report.cells[cell]
    assert not view.model().setData(view.model().index_of(cell), "999")
    assert page.report_view.document.report.cells[cell] == before
    window.close()

    saved = json.loads((batch.folder_copy / REVIEW_FILE).read_text(encoding="utf-8"))
    assert saved["bodies"]["某某县交通运输局"]["comments"] == ["五、存在的主要问题写得过于简单"]

    again = open_workbench(batch.folder_copy, batch.roster_copy)
    page = open_body(qtbot, again, "交通局.html")
    shown = {item.data(0, FINDING_ROLE): (item.text(1), item.text(2)) for item in page.items()}
    assert shown[confirmed] == ("确认", "请核对表三的数字后重新报送")
    assert shown[ignored][0] == "忽略"
    assert [page.comments.item(i).text() for i in range(page.comments.count())] == ["五、存在的主要问题写得过于简单"]
    page.tree.setCurrentItem(row_of(page, confirmed))
    assert page.comment.text() == "请核对表三的数字后重新报送"
    assert "已审核：确认 1 条，忽略 1 条" in roster_cell(again, "交通局.html", "状态")


def test_a_second_round_shows_which_findings_were_fixed(batch, qtbot, open_workbench, tmp_path):
    path = batch.folder_copy / "城关镇.json"
    wrong = draft.load(path)
    wrong.cells["t4.review.total"] = wrong.cells["t4.review.total"] + 3  # a 表四 total that does not add up
    draft.save(wrong, path)
    window = open_workbench(batch.folder_copy)
    page = open_body(qtbot, window, "城关镇.json")
    error = next(i for i in page.items() if "t4.review.total" in i.data(0, FINDING_ROLE).cells)
    page.tree.setCurrentItem(error)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    window.close()

    draft.save(batch.report("城关镇.json"), path)  # the body sends its corrected file
    again = open_workbench(batch.folder_copy)
    page = open_body(qtbot, again, "城关镇.json")
    groups = {
        page.tree.topLevelItem(i).text(0): page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())
    }
    fixed = next(item for title, item in groups.items() if title.startswith("已改正"))
    fixed_cells = [fixed.child(k).data(0, FINDING_ROLE).cells for k in range(fixed.childCount())]
    assert any("t4.review.total" in cells for cells in fixed_cells)
    assert all(fixed.child(k).text(1) == "已改正" for k in range(fixed.childCount()))
    assert "第 2 轮" in page.progress.text() and "已改正" in roster_cell(again, "城关镇.json", "状态")


# ---------------------------------------------------------------- 汇总


def shown_sum(window, cell_id):
    """The value the 汇总 tab shows in a cell (through the table model, as the view shows it)."""
    view = window.rollup_page.view
    page = view.page_for_table(view.document.report.format.cells[cell_id].table)
    return page.model.index_of(cell_id).data()


def test_the_sum_is_the_sum_computed_here_and_the_drill_down_lists_the_contributors(batch, qtbot, open_workbench):
    from workbench_batch import SUMMED, TOWNSHIPS

    window = open_workbench(batch.folder_copy)
    window.tabs.setCurrentWidget(window.rollup_page)
    page = window.rollup_page
    fmt = page.rollup.format
    reports = {name: batch.report(name) for name in SUMMED}
    for cell_id in fmt.cells:
        values = [r.cells[cell_id] for r in reports.values() if r.cells.get(cell_id) is not None]
        expected = str(sum(values)) if values else ""
        assert shown_sum(window, cell_id) == expected, cell_id
    assert page.rollup.incomplete["t2.norm.new_made"] == ("城关镇人民政府",)  # blank there: never read as 0

    # drill-down: click a cell of the summed 表三
    view = page.view.page_for_table("t3").view
    page.view.setCurrentWidget(page.view.page_for_table("t3"))
    index = view.model().index_of("t3.new.tot")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    listed = [
        (page.contributors.item(r, 0).text(), int(page.contributors.item(r, 1).text()))
        for r in range(page.contributors.rowCount())
    ]
    by_body = {reports[n].agency: reports[n].cells["t3.new.tot"] for n in SUMMED}
    assert sorted(listed) == sorted(by_body.items())
    assert [v for _, v in listed] == sorted(by_body.values(), reverse=True)
    assert page.cell_label.text().startswith("表三「一、本年新收")

    page.set_group("township")
    for cell_id in ("t3.new.np", "t4.review.total", "t2.norm.new_made"):
        values = [batch.report(n).cells.get(cell_id) for n in TOWNSHIPS]
        assert shown_sum(window, cell_id) == str(sum(v for v in values if v is not None))

    # another year's report, chosen in: its cells with the same id are added
    page.set_group("all")
    item = next(
        page.left_out.item(i)
        for i in range(page.left_out.count())
        if "卫健委-2021.html" in page.left_out.item(i).text()
    )
    item.setCheckState(Qt.CheckState.Checked)
    expected = sum(r.cells["t3.new.np"] for r in reports.values()) + batch.report("卫健委-2021.html").cells["t3.new.np"]
    assert shown_sum(window, "t3.new.np") == str(expected)
    assert "已选入汇总" in roster_cell(window, "卫健委-2021.html", "状态")


def test_exports_open_with_their_libraries_and_read_back(batch, qtbot, open_workbench, tmp_path, monkeypatch):
    import docx
    import openpyxl
    import pypdf

    from nianbao.core.importer import import_report

    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "cache"))
    window = open_workbench(batch.folder_copy, batch.roster_copy)
    page = window.rollup_page
    page.title_name.setText("某某县")
    summed = page.rollup.report.cells
    out = tmp_path / "out"
    out.mkdir()
    for suffix in (".xlsx", ".docx", ".pdf"):
        target = out / f"汇总{suffix}"
        assert page.export(suffix, target)
        back = import_report(target).report  # our importer reads the official layout back
        assert {k: v for k, v in back.cells.items() if k in summed} == summed, suffix
    assert "某某县" in "".join(p.text for p in docx.Document(out / "汇总.docx").paragraphs)

    assert page.save_draft(out / "汇总草稿.json")
    saved = draft.load(out / "汇总草稿.json")
    assert saved.cells == summed and "城关镇人民政府" in saved.texts["preface"] and saved.agency == "某某县"

    body = open_body(qtbot, window, "交通局.html")
    finding = body.items()[0].data(0, FINDING_ROLE)
    body.tree.setCurrentItem(row_of(body, finding))
    body.comment.setText("请改正")
    qtbot.keyClick(body.comment, Qt.Key.Key_Return)
    window.reviewer.setText("张三")
    window.reviewer.editingFinished.emit()
    message = finding.message
    assert body.export_sheet(".pdf", str(out / "意见单.pdf"))
    assert body.export_sheet(".docx", str(out / "意见单.docx"))
    text = (
        "".join(p.extract_text() for p in pypdf.PdfReader(out / "意见单.pdf").pages).replace("\n", "").replace(" ", "")
    )
    assert "审核意见单" in text and "某某县交通运输局" in text and "请改正" in text and "审核人：张三" in text
    assert message[:12].replace(" ", "") in text
    paragraphs = [p.text for p in docx.Document(out / "意见单.docx").paragraphs]
    assert any(message in p for p in paragraphs) and "审核意见：请改正" in paragraphs

    assert window.export_overview(out / "审核汇总表.xlsx")
    book = openpyxl.load_workbook(out / "审核汇总表.xlsx", read_only=True)
    roster = list(book["名册"].iter_rows(values_only=True))
    assert roster[0][:9] == COLUMNS and len(roster) == 1 + BATCH_FILES + 2
    problems = list(book["问题"].iter_rows(values_only=True))
    decided = [row for row in problems if row[0] == "某某县交通运输局" and row[7] == "确认"]
    assert [row[8] for row in decided] == ["请改正"]
    book.close()


def test_the_main_window_opens_the_workbench_from_the_file_menu(window):
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "文件(&F)")
    action = next(a for a in menu.actions() if a.text() == "汇总审核…")
    action.trigger()
    assert isinstance(window.workbench, WorkbenchWindow) and window.workbench.isVisible()
    window.workbench.close()
