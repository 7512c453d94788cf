"""One QAbstractTableModel per official table, over the format's grid of merged cells."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from nianbao.core.formats import CellDef, GridItem, Kind, TableDef
from nianbao.core.rules import ERROR
from nianbao.core.values import ValueParseError, format_value, parse_value

from .document import ReportDocument
from .help_content import scope_of

AnyIndex = QModelIndex | QPersistentModelIndex

CELL_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell id of a data cell, else None
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # "header" | "block" | "label" | "data" | "total"
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 3  # "error" | "warning" | None
IMPORT_ROLE = Qt.ItemDataRole.UserRole + 4  # True when an import asked to check this cell

#: Colours of the cell styles (background, text).
STYLE = {
    "header": (QColor("#dfe5ee"), QColor("#1f2d3d")),
    "block": (QColor("#cfd8e6"), QColor("#1f2d3d")),
    "label": (QColor("#f1f3f6"), QColor("#1f2d3d")),
    "data": (QColor("#ffffff"), QColor("#111111")),
    "total": (QColor("#e4effa"), QColor("#184a7a")),
    "error": (QColor("#f9d3d3"), QColor("#9b1c1c")),
    "warning": (QColor("#fff0c2"), QColor("#7a5200")),
}

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportTableModel(QAbstractTableModel):
    """The grid of one table: labels read-only, totals computed, the rest editable.

    Each grid position is one model index; a merged item answers at its top-left position
    (the view spans it) and positions it covers are empty and disabled.
    """

    def __init__(self, document: ReportDocument, table: TableDef, parent: Any = None):
        super().__init__(parent)
        self._doc = document
        self.table = table
        self._fmt = document.report.format
        self._positions = {c.id: (c.row, c.col) for c in table.cells}
        self._bold = QFont()
        self._bold.setBold(True)
        self.import_positions: frozenset[tuple[int, int]] = frozenset()  # cells with an orange corner
        self._update_import_positions()
        document.cells_changed.connect(self._refresh_cells)
        document.marks_changed.connect(self._refresh_cells)
        document.import_findings_changed.connect(self._update_import_positions)

    @property
    def document(self) -> ReportDocument:
        """The document this table shows."""
        return self._doc

    # ------------------------------------------------------------ structure

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else self.table.n_rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else self.table.n_cols

    def item(self, index: AnyIndex) -> GridItem | None:
        """The grid item whose top-left position is ``index`` (None inside a merged item)."""
        if not index.isValid():
            return None
        item = self.table.item_at(index.row(), index.column())
        if (item.row, item.col) != (index.row(), index.column()):
            return None
        return item

    def cell(self, index: AnyIndex) -> CellDef | None:
        """The data cell at ``index``, if any."""
        item = self.item(index)
        return self._fmt.cells[item.cell_id] if item is not None and item.cell_id else None

    def kind(self, index: AnyIndex) -> Kind | None:
        """The kind of the data cell at ``index``."""
        cell = self.cell(index)
        return self._fmt.kinds[cell.kind] if cell else None

    def index_of(self, cell_id: str) -> QModelIndex:
        """The model index of a cell of this table (invalid if it is not in this table)."""
        pos = self._positions.get(cell_id)
        return self.index(*pos) if pos else QModelIndex()

    def is_editable(self, item: GridItem) -> bool:
        """Whether the user may type into this grid item."""
        if self._doc.read_only:
            return False
        return item.role == "data" and not self._doc.is_total(item.cell_id)  # type: ignore[arg-type]

    def style_of(self, item: GridItem) -> str:
        """The style name of an item: its role, or "total" for computed cells."""
        if item.role == "data" and self._doc.is_total(item.cell_id):  # type: ignore[arg-type]
            return "total"
        return item.role

    # ------------------------------------------------------------ data

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        item = self.item(index)
        if item is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(item):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        cell_id = item.cell_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(self._doc.report.cells.get(cell_id)) if cell_id else item.text
        if role == CELL_ID_ROLE:
            return cell_id
        if role == ITEM_ROLE:
            return self.style_of(item)
        if role == SEVERITY_ROLE:
            return self._severity(cell_id)
        if role == IMPORT_ROLE:
            return bool(cell_id and self._doc.import_marks(cell_id))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if item.role == "data":
                return _RIGHT
            return _LEFT if item.role == "label" and item.rowspan == 1 else _CENTER
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            style = self._severity(cell_id) or self.style_of(item)
            background, foreground = STYLE[style]
            return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else foreground)
        if role == Qt.ItemDataRole.FontRole:
            if item.role in ("header", "block") or self.style_of(item) == "total":
                return self._bold
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        return None

    def _severity(self, cell_id: str | None) -> str | None:
        if not cell_id:
            return None
        marks = self._doc.marks(cell_id)
        if not marks:
            return None
        return ERROR if any(f.severity == ERROR for f in marks) else "warning"

    def _tooltip(self, item: GridItem) -> str | None:
        if not item.cell_id:
            scope = scope_of(self._fmt, self.table.id, item)
            if scope:
                return f"{item.text}\n填报口径　{scope}\n（帮助 → 使用说明 中有全部口径）"
            return item.text if len(item.text) > 12 else None
        cell = self._fmt.cells[item.cell_id]
        lines = [cell.label]
        if self._doc.is_total(cell.id):
            lines.append("合计：由程序根据各项自动计算，不能直接填写")
        else:
            lines.append(f"填写{self._fmt.kinds[cell.kind].description}；空白表示未填写，没有发生的请填0")
        for f in self._doc.marks(cell.id):
            lines.append(f.label)
        for f in self._doc.import_marks(cell.id):
            lines.append(f"来自导入：{f.message}")
        return "\n".join(lines)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item(index)
        if role != Qt.ItemDataRole.EditRole or item is None or not self.is_editable(item):
            return False
        cell = self._fmt.cells[item.cell_id]  # type: ignore[index]
        if isinstance(value, str):
            try:
                value = parse_value(value, self._fmt.kinds[cell.kind])
            except ValueParseError as exc:
                self._doc.message.emit(f"没有填入「{cell.short_label}」：{exc}")
                return False
        verb = "清除" if value is None else "填写"
        self._doc.edit_cells({cell.id: value}, f"{verb}{cell.short_label}")
        return True

    # ------------------------------------------------------------ updates

    def _update_import_positions(self) -> None:
        marks = self._doc.import_marks
        self.import_positions = frozenset(pos for cell_id, pos in self._positions.items() if marks(cell_id))

    def _refresh_cells(self, ids: frozenset[str]) -> None:
        """Announce changed cells one by one, so the view repaints just those cells
        (a bounding range would repaint everything between them); many at once as one range."""
        positions = [self._positions[i] for i in ids if i in self._positions]
        if len(positions) <= 40:
            for r, c in positions:
                index = self.index(r, c)
                self.dataChanged.emit(index, index)
        else:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
