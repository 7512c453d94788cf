"""A table view that behaves like a spreadsheet over one official table."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from nianbao.core.formats import GridItem

from . import grid_nav, table_layout
from .cell_delegate import CellDelegate
from .paste import plan_fill, plan_paste
from .table_model import ReportTableModel
from .tsv import format_block, parse_block
from .zoom import wheel_zooms

_MOVES = {
    QAbstractItemView.CursorAction.MoveUp: grid_nav.UP,
    QAbstractItemView.CursorAction.MoveDown: grid_nav.DOWN,
    QAbstractItemView.CursorAction.MoveLeft: grid_nav.LEFT,
    QAbstractItemView.CursorAction.MoveRight: grid_nav.RIGHT,
    QAbstractItemView.CursorAction.MoveNext: grid_nav.NEXT,
    QAbstractItemView.CursorAction.MovePrevious: grid_nav.PREVIOUS,
}
_EDITOR_MOVES = {
    QAbstractItemDelegate.EndEditHint.SubmitModelCache: grid_nav.DOWN,
    QAbstractItemDelegate.EndEditHint.EditNextItem: grid_nav.NEXT,
    QAbstractItemDelegate.EndEditHint.EditPreviousItem: grid_nav.PREVIOUS,
}


class ReportTableView(QTableView):
    """Merged official headers; type to edit, Enter goes down, Tab goes right, Delete clears;
    Ctrl+C / Ctrl+V copy and paste tab-separated blocks (Excel, WPS); Ctrl+Home / Ctrl+End go to
    the first / last cell one can type into; columns fit the view's width (labels wrap)."""

    wheel_zoom: Callable[[int], None] | None = None  # Ctrl+wheel: the window's zoom

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self._base_font = QFont(self.font())
        self._fitted_for: tuple[int, str] | None = None
        self._tall_labels = [it for it in model.table.items if it.rowspan > 2 and it.role != "data"]
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for item in model.table.items:
            if item.rowspan > 1 or item.colspan > 1:
                self.setSpan(item.row, item.col, item.rowspan, item.colspan)
        self._add_actions()
        self.fit_to_contents()
        first = self._first_editable()
        if first.isValid():
            self.setCurrentIndex(first)

    @property
    def table_model(self) -> ReportTableModel:
        """The model of this view."""
        return self._model

    def _message(self, text: str) -> None:
        self._model.document.message.emit(text)

    def _add_actions(self) -> None:
        """Cut/copy/paste/clear/fill in the context menu (the keys belong to the window's 编辑 menu)."""
        specs = [
            ("剪切\tCtrl+X", self.cut_selection),
            ("复制\tCtrl+C", self.copy_selection),
            ("粘贴\tCtrl+V", self.paste),
            ("清除\tDelete", self.clear_selection),
        ]
        for text, slot in specs:
            action = QAction(text, self)
            action.triggered.connect(slot)
            self.addAction(action)
        fill = QAction("本表空白单元格填0", self)
        fill.triggered.connect(self.fill_empty_with_zero)
        self.addAction(fill)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # ------------------------------------------------------------ layout

    def fit_to_contents(self) -> None:
        """Column widths for the width the view has (labels wrap), row heights for the wrapped labels."""
        table = self._model.table
        plain = self.fontMetrics()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)

        def metrics(item: GridItem) -> QFontMetrics:
            return bold if item.role in ("header", "block") else plain

        def text_height(item: GridItem, width: int) -> int:
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
            return metrics(item).boundingRect(QRect(0, 0, width, 100000), flags, item.text).height()

        m = table_layout.Metrics(
            char=plain.horizontalAdvance("国"), digit=plain.horizontalAdvance("8"), line=plain.height()
        )
        widths = table_layout.column_widths(
            table, self.available_width(), m, lambda item: metrics(item).horizontalAdvance(item.text)
        )
        heights = table_layout.row_heights(table, widths, m, text_height)
        self._fitted_for = (self.available_width(), self.font().key())
        header = self.horizontalHeader()
        for c, w in enumerate(widths):
            if header.sectionSize(c) != w:
                self.setColumnWidth(c, w)
        rows = self.verticalHeader()
        for r, h in enumerate(heights):
            if rows.sectionSize(r) != h:
                self.setRowHeight(r, h)

    def available_width(self) -> int:
        """The width the columns may take: the view less its frame and a vertical scroll bar
        (always reserved, so that the bar coming and going does not re-lay out the table)."""
        return max(0, self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted_for != (self.available_width(), self.font().key()):
            self.fit_to_contents()

    def set_zoom(self, percent: int) -> None:
        """Scale the table's font to ``percent`` of the window's font and fit the columns again."""
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * percent / 100)
        else:
            font.setPixelSize(max(6, round(font.pixelSize() * percent / 100)))
        if font != self.font():
            self.setFont(font)
            self.fit_to_contents()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zooms(event, self.wheel_zoom):
            super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dy:
            self._repaint_tall_labels()

    def _repaint_tall_labels(self) -> None:
        """A tall merged label draws its text in its visible part: repaint it whole after a scroll
        (the scroll moved the old picture of it)."""
        viewport = self.viewport().rect()
        for item in self._tall_labels:
            rect = self.visualRect(self._model.index(item.row, item.col))
            if rect.intersects(viewport):
                self.viewport().update(rect.intersected(viewport))

    # ------------------------------------------------------------ navigation

    def _editable(self, item: GridItem) -> bool:
        return self._model.is_editable(item)

    def _first_editable(self) -> QModelIndex:
        for item in sorted(self._model.table.items, key=lambda it: (it.row, it.col)):
            if self._editable(item):
                return self._model.index(item.row, item.col)
        return QModelIndex()

    def _last_editable(self) -> QModelIndex:
        for item in sorted(self._model.table.items, key=lambda it: (it.row, it.col), reverse=True):
            if self._editable(item):
                return self._model.index(item.row, item.col)
        return QModelIndex()

    def _row_end(self, row: int, last: bool) -> QModelIndex:
        """The first (or last) cell of ``row`` one can type into, else the current one."""
        items = [it for it in self._model.table.items if it.row == row and self._editable(it)]
        if not items:
            return self.currentIndex()
        item = max(items, key=lambda it: it.col) if last else min(items, key=lambda it: it.col)
        return self._model.index(item.row, item.col)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        move = QAbstractItemView.CursorAction
        if action in (move.MoveHome, move.MoveEnd):
            end = action == move.MoveEnd
            if modifiers & Qt.KeyboardModifier.ControlModifier or not self.currentIndex().isValid():
                found = self._last_editable() if end else self._first_editable()
            else:
                found = self._row_end(self.currentIndex().row(), end)
            return found if found.isValid() else self.currentIndex()
        direction = _MOVES.get(action)
        current = self.currentIndex()
        if direction is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        accept: Callable[[GridItem], bool] = self._editable
        if direction not in (grid_nav.NEXT, grid_nav.PREVIOUS):
            accept = _is_data

        pos = grid_nav.step(self._model.table, current.row(), current.column(), direction, accept)
        return self._model.index(*pos) if pos else current

    def move_to_next(self, direction: str) -> None:
        """Go to the next cell the user can type into, in ``direction``."""
        current = self.currentIndex()
        if not current.isValid():
            self.setCurrentIndex(self._first_editable())
            return
        pos = grid_nav.step(self._model.table, current.row(), current.column(), direction, self._editable)
        if pos:
            self.setCurrentIndex(self._model.index(*pos))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        direction = _EDITOR_MOVES.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if direction else hint)
        if direction:
            self.move_to_next(direction)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
                self.clear_selection()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.move_to_next(grid_nav.DOWN)
                return
            if event.text().strip() and plain:
                item = self._model.item(self.currentIndex())
                if item is not None and not self._editable(item):
                    if item.role == "data":
                        self._message("合计由程序根据各项自动计算，不能直接填写")
                    else:
                        self._message("这是表格标签，请选择白色的单元格填写数字")
                    return
        super().keyPressEvent(event)

    def select_cells(self, cell_ids: list[str]) -> bool:
        """Select these cells (the first becomes current) and show them."""
        indexes = [i for i in (self._model.index_of(c) for c in cell_ids) if i.isValid()]
        if not indexes:
            return False
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        self.setCurrentIndex(indexes[0])
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(indexes[0])
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # ------------------------------------------------------------ clipboard and bulk edits

    def _selected_items(self) -> list[GridItem]:
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        items = [self._model.item(i) for i in indexes if i.isValid()]
        return [i for i in items if i is not None]

    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        items = self._selected_items()
        if not items:
            return None
        top = min(i.row for i in items)
        left = min(i.col for i in items)
        bottom = max(i.row + i.rowspan for i in items)
        right = max(i.col + i.colspan for i in items)
        return top, left, bottom, right

    def copy_selection(self) -> None:
        """Put the selected block on the clipboard as tab-separated text."""
        rect = self._selected_rect()
        if rect is None:
            return
        top, left, bottom, right = rect
        rows = []
        for r in range(top, bottom):
            row = []
            for c in range(left, right):
                text = self._model.data(self._model.index(r, c), Qt.ItemDataRole.DisplayRole)
                row.append(text or "")
            rows.append(row)
        QGuiApplication.clipboard().setText(format_block(rows))
        self._message(f"已复制 {bottom - top} 行 {right - left} 列")

    def paste(self) -> None:
        """Fill from the selected cell with the clipboard's block, or refuse it all with a reason."""
        block = parse_block(QGuiApplication.clipboard().text())
        if not block:
            self._message("剪贴板里没有可粘贴的内容")
            return
        doc = self._model.document
        report = doc.report
        editable = [i.cell_id for i in self._selected_items() if self._editable(i)]
        if len(block) == 1 and len(block[0]) == 1 and len(editable) > 1:
            plan = plan_fill(report, editable, block[0][0])  # type: ignore[arg-type]
        else:
            rect = self._selected_rect()
            if rect is None:
                return
            plan = plan_paste(report, self._model.table, doc.totals, rect[0], rect[1], block)
        if not plan.ok:
            self._message(plan.summary())
            return
        doc.edit_cells(plan.values, f"粘贴 {len(plan.values)} 个单元格")
        self._message(f"已粘贴 {plan.rows} 行 {plan.cols} 列")

    def cut_selection(self) -> None:
        """Copy the selected block, then clear the cells one may type into."""
        self.copy_selection()
        self.clear_selection()

    def clear_selection(self) -> None:
        """Empty the selected cells the user may type into (one undo step)."""
        items = self._selected_items()
        ids = [i.cell_id for i in items if self._editable(i)]
        if not ids:
            if any(i.role == "data" for i in items):
                self._message("合计由程序根据各项自动计算，不能清除")
            return
        self._model.document.edit_cells({c: None for c in ids}, f"清除 {len(ids)} 个单元格")  # type: ignore[misc]

    def fill_empty_with_zero(self) -> int:
        """Put 0 into every empty cell of this table the user may type into; returns how many."""
        doc = self._model.document
        fmt = doc.report.format
        values: dict[str, Any] = {}
        for cell in self._model.table.cells:
            if cell.id in doc.report.cells or doc.is_total(cell.id):
                continue
            values[cell.id] = Decimal(0) if fmt.kinds[cell.kind].type == "decimal" else 0
        if not values:
            self._message("本表没有空白单元格")
            return 0
        doc.edit_cells(values, f"{self._model.table.name}空白单元格填0")
        self._message(f"已把{self._model.table.name}的 {len(values)} 个空白单元格填为0")
        return len(values)


def _is_data(item: GridItem) -> bool:
    return item.role == "data"
