"""ReportTableModel without a window (Vorta-style model tests)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nianbao.core import draft
from nianbao.gui.document import ReportDocument
from nianbao.gui.table_model import CELL_ID_ROLE, ITEM_ROLE, SEVERITY_ROLE, STYLE, ReportTableModel

EDITABLE = Qt.ItemFlag.ItemIsEditable


@pytest.fixture
def doc(sample_path, qapp):
    document = ReportDocument(draft.load(sample_path))
    document.messages = []
    document.message.connect(document.messages.append)
    return document


def test_the_grid_has_the_official_merged_headers_and_labels(doc):
    model = ReportTableModel(doc, doc.report.format.table("t3"))
    assert (model.rowCount(), model.columnCount()) == (26, 10)
    assert model.index(0, 3).data() == "申请人情况"
    assert model.index(1, 4).data() == "法人或其他组织"
    assert model.index(0, 4).flags() == Qt.ItemFlag.NoItemFlags  # inside the merged 申请人情况
    label = model.index(3, 0)
    assert label.data() == "一、本年新收政府信息公开申请数量" and not label.flags() & EDITABLE
    assert model.index(3, 3).data(CELL_ID_ROLE) == "t3.new.np"
    assert model.index(3, 3).flags() & EDITABLE


def test_totals_are_read_only_and_styled_apart(doc):
    model = ReportTableModel(doc, doc.report.format.table("t3"))
    total = model.index_of("t3.new.tot")
    assert not total.flags() & EDITABLE
    assert total.data(ITEM_ROLE) == "total"
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() == STYLE["total"][0]
    assert model.index_of("t3.new.np").data(Qt.ItemDataRole.BackgroundRole).color() == STYLE["data"][0]
    assert "自动计算" in total.data(Qt.ItemDataRole.ToolTipRole)
    assert model.setData(total, "5") is False
    assert doc.report.cells["t3.new.tot"] == 0


def test_set_data_normalises_numbers_and_updates_totals(doc, qtbot):
    model = ReportTableModel(doc, doc.report.format.table("t3"))
    total = model.index_of("t3.r1.tot")
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index_of("t3.r1.np"), " １，２３４ ")
    assert doc.report.cells["t3.r1.np"] == 1234
    assert model.index_of("t3.r1.np").data() == "1234"
    assert total.data() == "1234"
    assert model.index_of("t3.r7_total.tot").data() == "1234"


def test_refused_text_leaves_the_cell_and_says_why(doc):
    model = ReportTableModel(doc, doc.report.format.table("t3"))
    index = model.index_of("t3.r1.np")
    for text, reason in (("abc", "不是数字"), ("-1", "负数"), ("1.5", "小数")):
        assert model.setData(index, text) is False
        assert reason in doc.messages[-1]
    assert doc.report.cells["t3.r1.np"] == 0
    assert doc.undo_stack.count() == 0


def test_signed_and_decimal_kinds(doc):
    model = ReportTableModel(doc, doc.report.format.table("t2"))
    assert model.setData(model.index_of("t2.license.delta"), "-3")
    assert doc.report.cells["t2.license.delta"] == -3
    assert model.setData(model.index_of("t2.procurement.amount"), "1,234.50")
    assert str(doc.report.cells["t2.procurement.amount"]) == "1234.50"


def test_cells_in_an_error_are_marked_with_the_message(doc):
    model = ReportTableModel(doc, doc.report.format.table("t3"))
    assert model.index_of("t3.new.biz").data(SEVERITY_ROLE) is None
    assert model.setData(model.index_of("t3.carry_out.biz"), "3")
    for cell_id in ("t3.new.biz", "t3.carry_in.biz", "t3.r7_total.biz", "t3.carry_out.biz"):
        index = model.index_of(cell_id)
        assert index.data(SEVERITY_ROLE) == "error"
        assert index.data(Qt.ItemDataRole.BackgroundRole).color() == STYLE["error"][0]
        assert "错误：" in index.data(Qt.ItemDataRole.ToolTipRole)
        assert "相差 3" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of("t3.new.np").data(SEVERITY_ROLE) is None
    doc.undo_stack.undo()
    assert model.index_of("t3.new.biz").data(SEVERITY_ROLE) is None
