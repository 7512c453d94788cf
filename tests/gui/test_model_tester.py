"""Qt's QAbstractItemModelTester over every item model in gui/, through edits, resets and paste.

The tester checks the model's answers (rowCount, index/parent, data per role, flags) when it is
attached and again on every signal the model emits (dataChanged, modelReset, …). It runs in
``Warning`` mode: each broken promise is a ``qt.modeltest`` warning, which the ``model_tester``
fixture turns into a test failure (``Fatal`` would abort the whole test run).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester

import nianbao.gui
from gui_helpers import select, table_view
from helpers import SAMPLE_DRAFT
from nianbao.core import draft
from nianbao.core.report import new_report
from nianbao.gui.document import ReportDocument
from nianbao.gui.findings_panel import FindingsModel
from nianbao.gui.table_model import ReportTableModel
from nianbao.gui.workbench.roster_model import COLUMNS, RosterModel

#: Every QAbstractItemModel subclass defined in gui/ must be exercised below.
MODELS_TESTED = {ReportTableModel, FindingsModel, RosterModel}
TABLES = ("t2", "t3", "t4")


class ModelTester:
    """Attaches QAbstractItemModelTester to models and collects what it reports."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self._testers: list[QAbstractItemModelTester] = []
        self._previous: Any = None

    def _handler(self, mode: QtMsgType, context: Any, message: str) -> None:
        if context.category == "qt.modeltest" and mode != QtMsgType.QtDebugMsg:
            self.failures.append(message)
        elif self._previous is not None:
            self._previous(mode, context, message)

    def install(self) -> None:
        self._previous = qInstallMessageHandler(self._handler)

    def uninstall(self) -> None:
        for tester in self._testers:
            if shiboken6.isValid(tester):
                shiboken6.delete(tester)
        self._testers.clear()
        qInstallMessageHandler(self._previous)

    def watch(self, model: QAbstractItemModel) -> QAbstractItemModel:
        """Check ``model`` now and on every signal it emits from here on."""
        self._testers.append(QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning))
        return model

    def assert_clean(self) -> None:
        assert self.failures == [], "\n".join(self.failures[:10])


@pytest.fixture
def model_tester(qapp: Any) -> Iterator[ModelTester]:
    tester = ModelTester()
    tester.install()
    try:
        yield tester
    finally:
        tester.uninstall()
    tester.assert_clean()


class Signals:
    """Counts what a model announced (so a test knows the path it meant to check was taken)."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self.changed = 0
        self.resets = 0
        model.dataChanged.connect(self._on_changed)
        model.modelReset.connect(self._on_reset)

    def _on_changed(self, *args: Any) -> None:
        self.changed += 1

    def _on_reset(self) -> None:
        self.resets += 1


def documents() -> list[ReportDocument]:
    """The 2020 sample (2019 format) and a blank 2022 report (2021 format)."""
    return [ReportDocument(draft.load(SAMPLE_DRAFT)), ReportDocument(new_report(2022, "测试局", "county_dept"))]


# ---------------------------------------------------------------- the harness itself


class _BrokenModel(QAbstractTableModel):
    """Claims rows under every parent, so the tree never ends."""

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 2

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: Any, role: int = 0) -> Any:
        return "x"


def test_the_harness_reports_a_broken_model(qapp):
    tester = ModelTester()
    tester.install()
    try:
        tester.watch(_BrokenModel())
    finally:
        tester.uninstall()
    assert any(m.startswith("FAIL!") for m in tester.failures)


def test_every_item_model_in_gui_is_checked_here():
    found = set()
    for info in pkgutil.walk_packages(nianbao.gui.__path__, "nianbao.gui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QAbstractItemModel) and cls.__module__.startswith("nianbao.gui"):
                found.add(cls)
    assert found == MODELS_TESTED


# ---------------------------------------------------------------- table models


@pytest.mark.parametrize("table_id", TABLES)
@pytest.mark.parametrize("fmt_index", [0, 1], ids=["2019", "2021"])
def test_table_model_through_edits_clears_undo_and_bulk_changes(model_tester, fmt_index, table_id):
    doc = documents()[fmt_index]
    model = ReportTableModel(doc, doc.report.format.table(table_id))
    model_tester.watch(model)
    signals = Signals(model)
    editable = [model.index_of(c.id) for c in model.table.cells if not doc.is_total(c.id)]
    assert editable
    for n, index in enumerate(editable):  # every editable cell once: each position announced
        assert model.setData(index, str(n + 1))
    assert model.setData(editable[0], "不是数字") is False
    assert model.setData(editable[0], "")  # clears the cell
    assert index.data() == str(len(editable))
    for _ in range(3):
        doc.undo_stack.undo()
    for _ in range(3):
        doc.undo_stack.redo()
    # More than 40 cells at once are announced as one range over the whole grid.
    doc.edit_cells({c.id: None for c in model.table.cells}, "清除全部")
    doc.edit_cells({c.id: 0 for c in model.table.cells}, "全部填0")
    doc.undo_stack.undo()
    assert signals.changed >= len(editable)
    model_tester.assert_clean()


# ---------------------------------------------------------------- findings model


def test_findings_model_through_resets_row_updates_and_another_document(model_tester):
    doc, other = documents()
    model = FindingsModel(doc)
    model_tester.watch(model)
    signals = Signals(model)
    start = model.rowCount()
    doc.edit_cells({"t3.carry_out.biz": 3}, "结转")  # new errors: the list is reset
    assert model.rowCount() > start and signals.resets == 1
    doc.edit_cells({"t3.carry_out.biz": 4}, "结转")  # the same findings with other numbers
    assert signals.resets == 1 and signals.changed >= 1
    assert any("相差 4" in model.index(i).data() for i in range(model.rowCount()))
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert model.rowCount() == start
    model.set_document(other)  # a blank report: hundreds of empty-cell warnings
    assert model.rowCount() > 0 and signals.resets >= 3
    other.edit_cells({c: 0 for c in other.report.format.cells}, "全部填0")
    model_tester.assert_clean()


# ---------------------------------------------------------------- the workbench's roster


def test_roster_model_through_rows_arriving_updates_and_a_sorting_proxy(model_tester):
    from PySide6.QtCore import QSortFilterProxyModel, Qt

    from nianbao.core.batch_roster import RosterRow
    from nianbao.gui.workbench.roster_model import SORT_ROLE

    model = RosterModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    model_tester.watch(model)
    model_tester.watch(proxy)
    signals = Signals(model)
    pending = [RosterRow(f"{i}", source=f"{i}.pdf", state="pending", entry=i) for i in range(3)]
    model.set_rows(pending)
    read = [
        RosterRow(f"单位{i}", "县级部门", "2023", "2021年修订格式", i, 2, f"{i}.pdf", "", "已读取", "errors", i)
        for i in range(3)
    ]
    model.set_rows(read)  # the same rows, read: updated in place
    model.set_rows([*read, RosterRow("乙乡", status="未报送", state="missing")])
    proxy.sort(COLUMNS.index("错误"), Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COLUMNS.index("错误")).data() == "2" and proxy.index(3, 4).data() == ""
    assert signals.resets == 2 and signals.changed == 1
    model.set_rows([])
    model_tester.assert_clean()


# ---------------------------------------------------------------- in the window


@pytest.mark.parametrize("table_id", TABLES)
def test_window_models_through_paste_fill_and_format_conversion(make_window, sample_path, model_tester, table_id):
    window = make_window(sample_path)
    model_tester.watch(window.findings.model)
    view = table_view(window, table_id)
    model = view.table_model
    model_tester.watch(model)
    editable = [c.id for c in model.table.cells if not window.document.is_total(c.id)]
    # Copy the table, labels included, and paste it back over itself from the top-left corner.
    view.selectAll()
    view.copy_selection()
    view.selectionModel().clearSelection()
    view.setCurrentIndex(model.index(0, 0))
    view.paste()
    assert window.statusBar().currentMessage().startswith("已粘贴"), window.statusBar().currentMessage()
    # A block of numbers from Excel at the first editable cell; one value over a selection.
    QGuiApplication.clipboard().setText("7\t8\n")
    select(view, editable[0])
    view.paste()
    assert view.table_model.index_of(editable[0]).data() == "7"
    QGuiApplication.clipboard().setText("5")
    assert view.select_cells(editable[:3])
    view.paste()
    assert [model.index_of(c).data() for c in editable[:3]] == ["5", "5", "5"]
    view.clear_selection()
    view.fill_empty_with_zero()
    window.document.undo_stack.undo()
    # 报告年度 2020 → 2022 converts to the 2021 format: new pages, new table models.
    window.tabs.setCurrentWidget(window.meta_form)
    window.meta_form.year.setValue(2022)
    assert window.document.report.format.id == "2021"
    converted = table_view(window, table_id)
    model_tester.watch(converted.table_model)
    QGuiApplication.clipboard().setText("3")
    select(converted, next(c.id for c in converted.table_model.table.cells if not window.document.is_total(c.id)))
    converted.paste()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.report.format.id == "2019"
    model_tester.watch(table_view(window, table_id).table_model)
    window.document.undo_stack.redo()
    model_tester.assert_clean()
