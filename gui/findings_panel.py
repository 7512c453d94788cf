"""The list of errors and warnings, with counts; activating one shows its cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from nianbao.core.rules import ERROR, Finding, count

from .document import ReportDocument

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1

BALANCED = "勾稽关系全部平衡"


def summary_text(findings: list[Finding]) -> str:
    """ "勾稽关系全部平衡" or the counts, for the status bar and the panel."""
    errors, warnings = count(findings)
    if errors:
        return f"错误 {errors} 个，警告 {warnings} 个"
    if warnings:
        return f"{BALANCED}（警告 {warnings} 个）"
    return BALANCED


def _key(finding: Finding) -> tuple[str, str, tuple[str, ...]]:
    return finding.severity, finding.rule, finding.cells


class FindingsModel(QAbstractListModel):
    """The document's findings, errors first."""

    def __init__(self, document: ReportDocument, parent: Any = None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        style = QApplication.style()
        self._icons = {
            ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self.set_document(document)

    def set_document(self, document: ReportDocument) -> None:
        """Follow another document."""
        self._document = document
        document.findings_changed.connect(self._reload)
        self._reload()

    def _reload(self) -> None:
        new = list(self._document.findings)
        old = self._findings
        if [_key(f) for f in new] != [_key(f) for f in old]:
            self.beginResetModel()
            self._findings = new
            self.endResetModel()
            return
        # Same findings, new numbers in the messages: update those rows only (no relayout).
        self._findings = new
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def finding(self, row: int) -> Finding:
        """The finding shown on ``row``."""
        return self._findings[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.message + ("\n双击或按回车，跳到相关的单元格" if f.cells else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(f.severity, self._icons["warning"])
        if role == Qt.ItemDataRole.ForegroundRole and f.severity == ERROR:
            return QBrush(QColor("#9b1c1c"))
        if role == FINDING_ROLE:
            return f
        return None


class _CachedSizeDelegate(QStyledItemDelegate):
    """Remembers each message's wrapped height per width: the list re-lays out all rows whenever
    the findings change, and most messages come back unchanged."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sizes: dict[tuple[str, int], QSize] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        key = (index.data(Qt.ItemDataRole.DisplayRole) or "", option.rect.width())  # type: ignore[attr-defined]
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 2000:
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return size


class FindingsPanel(QWidget):
    """Counts on top, the findings below; emits ``finding_activated`` to show a finding's place."""

    finding_activated = Signal(object)  # Finding

    def __init__(self, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListView()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(_CachedSizeDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.model = FindingsModel(document, self)
        self.list.setModel(self.model)
        self.list.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        self._document = document
        self.set_document(document)

    def set_document(self, document: ReportDocument) -> None:
        """Show another document's findings."""
        if document is not self._document:
            self.model.set_document(document)
        self._document = document
        document.findings_changed.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self) -> None:
        findings = self._document.findings
        text = summary_text(findings)
        if findings:
            text += "。双击一条，可跳到相关的单元格。"
        if text != self.summary.text():
            self.summary.setText(text)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.finding_activated.emit(self.model.finding(index.row()))
