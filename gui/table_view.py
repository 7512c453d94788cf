"""A table view that behaves like a spreadsheet over one official table."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from nianbao.core.formats import GridItem

from . import grid_nav
from .cell_delegate import CellDelegate
from .paste import plan_fill, plan_paste
from .table_model import ReportTableModel
from .tsv import format_block, parse_block

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
    Ctrl+C / Ctrl+V copy and paste tab-separated blocks (Excel, WPS)."""

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self._model = model
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
        """Copy/paste/clear/fill as view actions: shortcuts while the table has focus, and a context menu."""
        specs = [
            ("复制", QKeySequence.StandardKey.Copy, self.copy_selection),
            ("粘贴", QKeySequence.StandardKey.Paste, self.paste),
            ("清除", QKeySequence.StandardKey.Delete, self.clear_selection),
        ]
        for text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        fill = QAction("本表空白单元格填0", self)
        fill.triggered.connect(self.fill_empty_with_zero)
        self.addAction(fill)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # ------------------------------------------------------------ layout

    def fit_to_contents(self) -> None:
        """Column widths and row heights from the labels, so merged headers wrap readably."""
        table = self._model.table
        plain = self.fontMetrics()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        char = plain.horizontalAdvance("国")
        pad = 16
        data_cols = {
            c for c in range(table.n_cols) if any(table.item_at(r, c).role == "data" for r in range(table.n_rows))
        }
        data_width = max(plain.horizontalAdvance("88888888") + pad, char * 4 + pad)
        widths = [data_width if c in data_cols else char * 3 + pad for c in range(table.n_cols)]

        def metrics(item: GridItem) -> QFontMetrics:
            return bold if item.role in ("header", "block") else plain

        labels = [it for it in table.items if it.role != "data"]
        for item in labels:
            if item.colspan != 1:
                continue
            text_width = metrics(item).horizontalAdvance(item.text) + pad
            if item.col in data_cols:
                cap = char * 7 + pad
            elif item.rowspan >= 3:
                cap = char * 4 + pad
            else:
                cap = char * 16 + pad
            widths[item.col] = max(widths[item.col], min(text_width, cap))
        for item in labels:
            if item.colspan == 1:
                continue
            cols = range(item.col, item.col + item.colspan)
            need = min(metrics(item).horizontalAdvance(item.text) + pad, char * 18 + pad)
            have = sum(widths[c] for c in cols)
            if have < need:
                free = [c for c in cols if c not in data_cols] or list(cols)
                extra = -(-(need - have) // len(free))
                for c in free:
                    widths[c] += extra
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)

        base = plain.height() + 12
        heights = [base] * table.n_rows

        def wrapped(item: GridItem) -> int:
            width = sum(widths[item.col : item.col + item.colspan]) - pad
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
            return metrics(item).boundingRect(QRect(0, 0, max(width, char), 100000), flags, item.text).height() + 12

        for item in sorted(labels, key=lambda it: it.rowspan):
            rows = range(item.row, item.row + item.rowspan)
            need = wrapped(item)
            have = sum(heights[r] for r in rows)
            if have < need:
                heights[rows[-1]] += need - have
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)

    def preferred_size(self) -> tuple[int, int]:
        """Width and height that show the whole table without scroll bars."""
        table = self._model.table
        width = sum(self.columnWidth(c) for c in range(table.n_cols)) + 2 * self.frameWidth() + 2
        height = sum(self.rowHeight(r) for r in range(table.n_rows)) + 2 * self.frameWidth() + 2
        return width, height

    # ------------------------------------------------------------ navigation

    def _editable(self, item: GridItem) -> bool:
        return self._model.is_editable(item)

    def _first_editable(self) -> QModelIndex:
        for item in sorted(self._model.table.items, key=lambda it: (it.row, it.col)):
            if self._editable(item):
                return self._model.index(item.row, item.col)
        return QModelIndex()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
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
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
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
