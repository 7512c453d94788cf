"""Small and scaled screens: at 1280×720 and 1024×768 logical pixels, with the findings panel open,
every table tab shows at least 8 data rows (all of them when it has fewer) and every column of
its table without sideways scrolling, and every tab title is on the tab bar, whole."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from nianbao.core import draft
from nianbao.core.report import new_report
from nianbao.gui.fonts import UI_PREFERENCE, bundled_font_files, choose_ui_family, register_fonts
from nianbao.gui.section_page import SectionPage

SIZES = [(1280, 720), (1024, 768)]


@pytest.fixture(params=["system font", "bundled UI font"])
def ui_font(request, qapp):
    """The machine's UI font, or the bundled one a PC without Chinese fonts gets (taller lines)."""
    before = QFont(qapp.font())
    if request.param == "bundled UI font":
        family = choose_ui_family(register_fonts(bundled_font_files()))
        assert family == UI_PREFERENCE[0]
        font = QFont(before)
        font.setFamilies([family])
        qapp.setFont(font)
    yield request.param
    qapp.setFont(before)


def visible_data_rows(view) -> tuple[int, int]:
    """(data rows wholly inside the viewport, data rows in the table)."""
    table = view.table_model.table
    rows = sorted({c.row for c in table.cells})
    height = view.viewport().height()
    shown = [
        r
        for r in rows
        if view.rowViewportPosition(r) >= 0 and view.rowViewportPosition(r) + view.rowHeight(r) <= height
    ]
    return len(shown), len(rows)


def columns_fit(view) -> bool:
    table = view.table_model.table
    right = view.columnViewportPosition(table.n_cols - 1) + view.columnWidth(table.n_cols - 1)
    return view.horizontalScrollBar().maximum() == 0 and right <= view.viewport().width()


def settle(window, size):
    window.resize(*size)
    window.findings_dock.show()
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1024x768"])
@pytest.mark.parametrize("fmt_year", [2020, 2025], ids=["2019-format", "2021-format"])
def test_every_table_tab_shows_eight_rows_and_all_columns(ui_font, make_window, qtbot, size, fmt_year):
    window = make_window()
    window.set_report(new_report(fmt_year, "某某县某某镇人民政府", "township"), None)
    settle(window, size)
    assert window.findings_dock.isVisible() and window.findings.list.isVisible()
    for page in window.section_pages():
        if page.section.table is None:
            continue
        window.tabs.setCurrentWidget(page)
        settle(window, size)
        view = page.view
        shown, total = visible_data_rows(view)
        assert shown >= min(8, total), (page.section.table, size, shown, total)
        assert columns_fit(view), (page.section.table, size)


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1024x768"])
def test_every_tab_title_is_whole_on_the_bar_with_its_heading_as_tooltip(window, size):
    report = window.document.report
    window.document.edit_cells({"t3.r1.np": 99, "t2.reg.new_made": 5}, "errors in two tables")
    settle(window, size)
    bar = window.tabs.tabBar()
    assert sum(bar.tabSizeHint(i).width() for i in range(bar.count())) <= window.tabs.width()
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width()  # not squeezed or elided
    headings = [s.heading for s in report.format.sections]
    pages = window.section_pages()
    for page, heading in zip(pages, headings, strict=True):
        i = window.tabs.indexOf(page)
        assert window.tabs.tabToolTip(i).startswith(heading)
        assert len(window.tabs.tabText(i)) < len(heading) or heading == "一、总体情况"
    t3 = window.tabs.indexOf(window.page_for_table("t3"))
    assert window.tabs.tabText(t3) == "三、依申请公开（2）"  # short label (from the help page) and count


def test_an_empty_lead_in_is_one_line_and_opens_when_asked(make_window, qtbot):
    window = make_window()  # a blank report: every lead-in empty
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    settle(window, (1024, 768))
    lead_in = page.text
    assert not lead_in.is_open and not lead_in.editor.isVisible()
    assert lead_in.height() <= lead_in.toggle.sizeHint().height() + 8
    lead_in.toggle.click()
    assert lead_in.editor.isVisible() and lead_in.editor.hasFocus()
    one_line = lead_in.editor.height()
    lead_in.editor.setPlainText("本部分以表格形式报告。\n第二行\n第三行\n第四行")
    QApplication.processEvents()
    assert lead_in.editor.height() > one_line  # grows with its text, up to three lines
    assert lead_in.editor.height() <= 3 * lead_in.editor.fontMetrics().lineSpacing() + 30


def test_a_lead_in_with_text_is_open(window):
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    assert page.text.is_open and page.text.editor.toPlainText()


def test_long_labels_wrap_instead_of_widening_the_table(make_window):
    window = make_window()
    window.set_report(new_report(2025), None)
    settle(window, (1024, 768))
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    settle(window, (1024, 768))
    view = page.view
    fm = view.fontMetrics()
    long_label = next(it for it in view.table_model.table.items if it.text.startswith("2.申请人逾期未按收费通知"))
    assert view.columnWidth(long_label.col) < fm.horizontalAdvance(long_label.text)
    assert view.rowHeight(long_label.row) >= 2 * fm.lineSpacing()  # wrapped onto two lines or more
    assert columns_fit(view)


def test_a_tall_group_label_is_drawn_where_its_span_is_on_screen(window, qtbot):
    from nianbao.gui.cell_painting import sticky_rect

    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    settle(window, (1024, 600))
    view = page.view
    assert view.verticalScrollBar().maximum() > 0
    group = next(it for it in view.table_model.table.items if it.text == "三、本年度办理结果")
    index = view.table_model.index(group.row, group.col)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    QApplication.processEvents()
    span = view.visualRect(index)
    assert span.top() < 0  # the span starts above the visible part
    text_rect = sticky_rect(view, span)
    assert text_rect.top() >= 0 and text_rect.bottom() <= view.viewport().rect().bottom()
    assert text_rect.height() >= 3 * view.fontMetrics().lineSpacing()  # room for the wrapped label


def test_the_sample_opens_with_the_findings_panel_and_fits_at_1280x720(window):
    settle(window, (1280, 720))
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    settle(window, (1280, 720))
    shown, _ = visible_data_rows(page.view)
    assert shown >= 8 and columns_fit(page.view)
    assert isinstance(window.tabs.currentWidget(), SectionPage)
    assert draft.load  # the sample was opened from a draft file


def test_the_group_label_text_is_painted_in_the_visible_part(window, qtbot):
    """Scrolled so that the middle of 「三、本年度办理结果」 is above the view: its words are still drawn."""
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    settle(window, (1024, 440))
    view = page.view
    group = next(it for it in view.table_model.table.items if it.text == "三、本年度办理结果")
    index = view.table_model.index(group.row, group.col)
    bar = view.verticalScrollBar()
    bar.setValue(0)
    QApplication.processEvents()
    top, height = view.visualRect(index).top(), view.visualRect(index).height()
    assert bar.maximum() >= top + height * 55 // 100
    bar.setValue(top + height * 55 // 100)
    QApplication.processEvents()
    span = view.visualRect(index)
    assert span.center().y() < 0 < span.bottom()  # where the text used to be drawn is off screen
    visible = span.intersected(view.viewport().rect()).adjusted(2, 2, -2, -2)
    image = view.viewport().grab().toImage()
    ink = sum(
        1
        for x in range(visible.left(), visible.right())
        for y in range(visible.top(), visible.bottom())
        if image.pixelColor(x, y).lightness() < 180
    )
    assert ink > 40, ink  # 0 when the text is drawn at the middle of the span
