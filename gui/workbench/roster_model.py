"""The roster table: one row per file, one per expected body without a file (未报送)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from nianbao.core.batch_roster import ERRORS, EXCLUDED, MISSING, PENDING, UNREADABLE, WARNINGS, RosterRow

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("单位", "层级", "年度", "格式", "错误", "警告", "来源文件", "发布日期", "状态")
NUMBER_COLUMNS = (4, 5)
STATUS_COLUMN = 8
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the RosterRow
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

#: Row colours by state (background, text).
STATE_COLOURS = {
    UNREADABLE: (QColor("#f9d3d3"), QColor("#9b1c1c")),
    MISSING: (QColor("#eeeeee"), QColor("#6b7280")),
    ERRORS: (QColor("#fde8e8"), QColor("#111111")),
    EXCLUDED: (QColor("#eef2f7"), QColor("#4b5563")),
    WARNINGS: (QColor("#fff7dc"), QColor("#111111")),
    PENDING: (QColor("#ffffff"), QColor("#6b7280")),
}


class RosterModel(QAbstractTableModel):
    """Read-only rows of :meth:`core.batch_roster.Batch.rows`; the window replaces them as reading goes on."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[RosterRow] = []

    def set_rows(self, rows: list[RosterRow]) -> None:
        """Show these rows (same count: cells updated in place, so the selection stays)."""
        if len(rows) == len(self._rows):
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[RosterRow]:
        """The rows shown."""
        return list(self._rows)

    def row_at(self, row: int) -> RosterRow:
        """The roster row at model row ``row``."""
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _values(self, row: RosterRow) -> tuple[object, ...]:
        return (
            row.name,
            row.level,
            row.year,
            row.format,
            row.errors,
            row.warnings,
            row.source,
            row.published,
            row.status,
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        value = self._values(row)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return -1 if value is None else value if isinstance(value, int) else str(value)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.status if index.column() == STATUS_COLUMN or len(str(value)) > 16 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBER_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and row.state in STATE_COLOURS:
            background, foreground = STATE_COLOURS[row.state]
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and row.errors:
                return QBrush(QColor("#b91c1c"))
            return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else foreground)
        return None
