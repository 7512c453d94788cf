"""What the table's cells draw beyond the plain item delegate.

- A tall merged label (「三、本年度办理结果」 spans 22 rows, 「（三）不予公开」 8) draws its text in
  the part of the span that is on screen, so it stays readable wherever the table is scrolled.
- A cell an import asked the user to check has an orange corner (the tooltip says why).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint
from PySide6.QtGui import QColor, QPainter, QPolygon
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from .table_model import ReportTableModel

IMPORT_CORNER = QColor("#ea7a0c")
CORNER = 8  # px, the side of the orange triangle


def sticky_rect(view: QAbstractItemView, option_rect: Any) -> Any:
    """The part of a merged cell's rectangle that is inside the viewport (where its text goes)."""
    return option_rect.intersected(view.viewport().rect())


def tall_label_positions(model: ReportTableModel) -> frozenset[tuple[int, int]]:
    """Grid positions of the labels merged over several rows."""
    return frozenset((it.row, it.col) for it in model.table.items if it.rowspan > 1 and it.role != "data")


def paint_cell(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
    tall: frozenset[tuple[int, int]],
) -> None:
    """Paint one cell: the usual drawing, a sticky label text, an import corner (this runs for
    every cell painted: set lookups only)."""
    pos = (index.row(), index.column())
    rect = option.rect  # type: ignore[attr-defined]  # (missing from the PySide stubs)
    if pos in tall:
        view = delegate.parent()
        visible = sticky_rect(view, rect) if isinstance(view, QAbstractItemView) else rect
        if visible != rect and not visible.isEmpty():
            shifted = QStyleOptionViewItem(option)
            shifted.rect = visible  # type: ignore[attr-defined]
            QStyledItemDelegate.paint(delegate, painter, shifted, index)
            return
    QStyledItemDelegate.paint(delegate, painter, option, index)
    model = index.model()
    if isinstance(model, ReportTableModel) and pos in model.import_positions:
        r = rect
        corner = QPolygon(
            [QPoint(r.right() - CORNER, r.top()), QPoint(r.right(), r.top()), QPoint(r.right(), r.top() + CORNER)]
        )
        painter.save()
        painter.setPen(IMPORT_CORNER)
        painter.setBrush(IMPORT_CORNER)
        painter.drawPolygon(corner)
        painter.restore()
