"""The 检查结果 panel: the live errors and warnings, then what the import asked to check.

Live findings come and go with every edit. Import findings (「来自导入」) are a group of their
own below them: they are saved with the draft and stay until the user dismisses each one
(Delete, or the context menu), as one undoable edit. Activating a finding shows its place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
IMPORTED_ROLE = Qt.ItemDataRole.UserRole + 2  # True on the rows of the 来自导入 group

BALANCED = "勾稽关系全部平衡"
IMPORT_GROUP = "来自导入"
IMPORT_COLOUR = QColor("#9a4a00")


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
    """The document's findings, errors first; then a heading row and the import findings."""

    def __init__(self, document: ReportDocument, parent: Any = None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._imported: tuple[Finding, ...] = ()
        style = QApplication.style()
        self._icons = {
            ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            IMPORT_GROUP: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_document(document)

    def set_document(self, document: ReportDocument) -> None:
        """Follow another document."""
        self._document = document
        document.findings_changed.connect(self._reload)
        document.import_findings_changed.connect(self._reload_imported)
        self.beginResetModel()
        self._findings = list(document.findings)
        self._imported = document.import_findings
        self.endResetModel()

    def _reload_imported(self) -> None:
        self.beginResetModel()
        self._imported = self._document.import_findings
        self.endResetModel()

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

    # ------------------------------------------------------------ rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._findings) + (1 + len(self._imported) if self._imported else 0)

    def _heading_row(self) -> int:
        return len(self._findings)

    def finding(self, row: int) -> Finding | None:
        """The finding shown on ``row`` (None on the 来自导入 heading)."""
        if row < len(self._findings):
            return self._findings[row]
        i = row - len(self._findings) - 1
        return self._imported[i] if 0 <= i < len(self._imported) else None

    def is_imported(self, row: int) -> bool:
        """Whether ``row`` is an import finding."""
        return row > self._heading_row() and self.finding(row) is not None

    def import_group_row(self) -> int | None:
        """The row of the 来自导入 heading, if there are import findings."""
        return self._heading_row() if self._imported else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and index.row() == self._heading_row():
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row == self._heading_row():
            return self._heading_data(role)
        f = self.finding(row)
        if f is None:
            return None
        imported = row > self._heading_row()
        if role == Qt.ItemDataRole.DisplayRole:
            return f.message if imported else f.label
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "\n双击或按回车，跳到相关的单元格" if f.cells else ""
            done = "\n核对后，选中它按 Delete（或右键“移除”）" if imported else ""
            return f.message + where + done
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[IMPORT_GROUP] if imported else self._icons.get(f.severity, self._icons["warning"])
        if role == Qt.ItemDataRole.ForegroundRole:
            if imported:
                return QBrush(IMPORT_COLOUR)
            if f.severity == ERROR:
                return QBrush(QColor("#9b1c1c"))
        if role == FINDING_ROLE:
            return f
        if role == IMPORTED_ROLE:
            return imported
        return None

    def _heading_data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{IMPORT_GROUP}（{len(self._imported)} 条）：导入时请您与原文核对的地方，核对后可逐条移除"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(IMPORT_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#fdf0e2"))
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


class _FindingsList(QListView):
    """Delete removes the selected import findings (the key is the list's, not the 编辑 menu's)."""

    dismiss_requested = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.dismiss_requested.emit()
            return
        super().keyPressEvent(event)


class FindingsPanel(QWidget):
    """Counts on top, the findings below; emits ``finding_activated`` to show a finding's place."""

    finding_activated = Signal(object)  # Finding

    def __init__(self, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.list = _FindingsList()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(_CachedSizeDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.model = FindingsModel(document, self)
        self.list.setModel(self.model)
        self.list.activated.connect(self._activate)
        self.list.dismiss_requested.connect(self.dismiss_selected)
        self.dismiss_action = QAction("移除所选的导入提示（已与原文核对）", self)
        self.dismiss_action.triggered.connect(self.dismiss_selected)
        self.dismiss_all_action = QAction("移除全部导入提示", self)
        self.dismiss_all_action.triggered.connect(self.dismiss_all)
        self.list.addActions([self.dismiss_action, self.dismiss_all_action])
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
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
        document.import_findings_changed.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self) -> None:
        findings = self._document.findings
        text = summary_text(findings)
        imported = len(self._document.import_findings)
        if imported:
            text += f"；{IMPORT_GROUP} {imported} 条待核对"
        if findings or imported:
            text += "。双击一条，可跳到相关的地方。"
        if text != self.summary.text():
            self.summary.setText(text)
        self.dismiss_all_action.setEnabled(bool(imported))

    def show_import_group(self) -> None:
        """Scroll to the 来自导入 group (after an import)."""
        row = self.model.import_group_row()
        if row is not None:
            self.list.scrollTo(self.model.index(row), QAbstractItemView.ScrollHint.PositionAtTop)

    def selected_import_findings(self) -> list[Finding]:
        """The selected rows of the 来自导入 group."""
        rows = sorted({i.row() for i in self.list.selectionModel().selectedIndexes()})
        found = [self.model.finding(r) for r in rows if self.model.is_imported(r)]
        return [f for f in found if f is not None]

    def dismiss_selected(self) -> None:
        """Remove the selected import findings (undoable)."""
        chosen = self.selected_import_findings()
        if chosen:
            self._document.dismiss_import_findings(chosen)
        else:
            self._document.message.emit("请先选中“来自导入”一组中的一条（检查结果会随填写自动更新，不能移除）")

    def dismiss_all(self) -> None:
        """Remove every import finding (undoable)."""
        self._document.dismiss_import_findings(self._document.import_findings)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            finding = self.model.finding(index.row())
            if finding is not None:
                self.finding_activated.emit(finding)
