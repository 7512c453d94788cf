"""One body's review: its report read-only in the normal tabs, its findings with 确认/忽略 and a
comment each, free comments, the comparison with the previous round, the 审核意见单."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nianbao.core.batch_roster import Batch
from nianbao.core.errors import NianbaoError
from nianbao.core.findings import Finding
from nianbao.core.review import CONFIRMED, IGNORED, STATUS_LABELS, BodyReview, Review
from nianbao.core.review_sheet import build_sheet, where_text, write_sheet

from .report_view import ReportView

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("问题", "审核", "审核意见")
STATUS_COLOURS = {CONFIRMED: QColor("#9b1c1c"), IGNORED: QColor("#6b7280")}
FIXED_COLOUR = QColor("#166534")


class BodyPage(QWidget):
    """The review of the body of one roster row; ``changed`` after every decision or comment."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, batch: Batch, review: Review, parent: QWidget | None = None):
        super().__init__(parent)
        self.batch = batch
        self.review = review
        self.index: int | None = None
        self.name = ""

        self.header = QLabel("在「名册」中双击一个单位，在这里审核它的报告。")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_view = ReportView()

        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 52)
        header.resizeSection(2, 150)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemActivated.connect(self._activated)

        self.confirm_button = QPushButton("确认")
        self.confirm_button.setToolTip("这是需要单位修改的问题：写入审核意见单")
        self.ignore_button = QPushButton("忽略")
        self.ignore_button.setToolTip("这一条不需要修改（不写入审核意见单）")
        self.undo_button = QPushButton("撤销结论")
        self.confirm_button.clicked.connect(lambda: self.decide(CONFIRMED))
        self.ignore_button.clicked.connect(lambda: self.decide(IGNORED))
        self.undo_button.clicked.connect(self.undecide)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("对选中问题的审核意见，回车保存（未确认的问题会同时标为确认）")
        self.comment.returnPressed.connect(self.save_comment)
        decide_row = QHBoxLayout()
        for b in (self.confirm_button, self.ignore_button, self.undo_button):
            decide_row.addWidget(b)
        decide_row.addStretch(1)

        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        self.comments.setMaximumHeight(110)
        self.new_comment = QLineEdit()
        self.new_comment.setPlaceholderText("其他意见（不针对某一条问题），回车添加")
        self.new_comment.returnPressed.connect(self.add_comment)
        remove = QPushButton("删除所选意见")
        remove.clicked.connect(self.remove_comment)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.new_comment, 1)
        comment_row.addWidget(remove)

        self.pdf_button = QPushButton("审核意见单（PDF）…")
        self.docx_button = QPushButton("审核意见单（Word）…")
        self.pdf_button.clicked.connect(lambda: self.export_sheet(".pdf"))
        self.docx_button.clicked.connect(lambda: self.export_sheet(".docx"))
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.pdf_button)
        export_row.addWidget(self.docx_button)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.progress)
        side_layout.addWidget(self.tree, 1)
        side_layout.addWidget(self.detail)
        side_layout.addLayout(decide_row)
        side_layout.addWidget(self.comment)
        side_layout.addWidget(QLabel("其他意见："))
        side_layout.addWidget(self.comments)
        side_layout.addLayout(comment_row)
        side_layout.addLayout(export_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.report_view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self._enable(False)

    # ------------------------------------------------------------ showing a body

    def _enable(self, on: bool) -> None:
        for w in (
            self.confirm_button,
            self.ignore_button,
            self.undo_button,
            self.comment,
            self.new_comment,
            self.pdf_button,
            self.docx_button,
        ):
            w.setEnabled(on)

    def body_review(self) -> BodyReview:
        """This body's part of the review."""
        return self.review.body(self.review.key_for(self.name))

    def show_entry(self, index: int | None) -> None:
        """Show the file at batch index ``index`` (None: nothing)."""
        self.index = index
        entry = self.batch.entries[index] if index is not None else None
        if entry is None or entry.report is None or index is None:
            self.name = ""
            self.report_view.set_report(None)
            self.tree.clear()
            self.comments.clear()
            self.progress.setText("")
            self.header.setText(entry.error if entry is not None else "在「名册」中双击一个单位，在这里审核它的报告。")
            self._enable(False)
            return
        self.name = self.batch.body_name(index)
        report = entry.report
        self.report_view.set_report(report)
        kind = "草稿" if entry.is_draft else "已发布的年报"
        self.header.setText(
            f"<b>{self.name}</b>　{report.year or '（年度未识别）'}年度，{report.format.name}　"
            f"来源文件：{entry.path.name}（{kind}）"
        )
        self._enable(self.batch.is_reviewed(index))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the findings, decisions and comments of the body shown."""
        if self.index is None or not self.name:
            return
        entry = self.batch.entries[self.index]
        if entry is None:
            return
        body = self.body_review()
        current = self.current_finding()
        self.tree.clear()
        comparison = body.comparison() if self.batch.is_reviewed(self.index) else None
        if comparison is None:
            for f in entry.findings:
                self.tree.addTopLevelItem(self._item(f, body))
            rounds = len(body.rounds)
            self.progress.setText(
                f"共 {len(entry.findings)} 条问题（第 {max(rounds, 1)} 轮）。双击一条，在左边看它的位置。"
                if entry.findings
                else "没有发现问题。"
            )
        else:
            groups = (
                ("新发现", comparison.new, False),
                ("仍存在", comparison.still_open, False),
                ("已改正（上一轮有，本轮已没有）", comparison.fixed, True),
            )
            for title, found, fixed in groups:
                top = QTreeWidgetItem([f"{title}（{len(found)}）"])
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                self.tree.addTopLevelItem(top)
                for f in found:
                    top.addChild(self._item(f, body, fixed))
                top.setExpanded(True)
            self.progress.setText(
                f"第 {len(body.rounds)} 轮（上一轮：{body.rounds[-2].file}）：已改正 {len(comparison.fixed)} 条，"
                f"仍存在 {len(comparison.still_open)} 条，新发现 {len(comparison.new)} 条。"
            )
        self.comments.clear()
        self.comments.addItems(body.comments)
        if current is not None:
            self._select(current)

    def _item(self, f: Finding, body: BodyReview, fixed: bool = False) -> QTreeWidgetItem:
        decision = body.decision(f)
        status = STATUS_LABELS[decision.status] if decision and not fixed else ("已改正" if fixed else "")
        item = QTreeWidgetItem([f.label, status, decision.comment if decision and not fixed else ""])
        item.setData(0, FINDING_ROLE, f)
        entry = self.batch.entries[self.index] if self.index is not None else None
        where = where_text(f, entry.report if entry is not None else None)
        item.setToolTip(0, f.label + (f"\n位置：{where}" if where else ""))
        if fixed:
            item.setData(0, FINDING_ROLE + 1, True)
            for c in range(len(COLUMNS)):
                item.setForeground(c, QBrush(FIXED_COLOUR))
        elif decision is not None:
            item.setForeground(1, QBrush(STATUS_COLOURS[decision.status]))
        return item

    def items(self) -> list[QTreeWidgetItem]:
        """Every finding row, in the order shown."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, FINDING_ROLE) is not None:
                out.append(top)
            out += [top.child(k) for k in range(top.childCount())]
        return out

    def current_finding(self) -> Finding | None:
        """The finding of the current row (None for a group row or a fixed one)."""
        item = self.tree.currentItem()
        if item is None or item.data(0, FINDING_ROLE + 1):
            return None
        found = item.data(0, FINDING_ROLE)
        return found if isinstance(found, Finding) else None

    def _select(self, finding: Finding) -> None:
        for item in self.items():
            if item.data(0, FINDING_ROLE) == finding and not item.data(0, FINDING_ROLE + 1):
                self.tree.setCurrentItem(item)
                return

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self.detail.setText(current.toolTip(0) if current is not None else "")
        finding = self.current_finding()
        decision = self.body_review().decision(finding) if finding is not None and self.name else None
        self.comment.setText(decision.comment if decision else "")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        found = item.data(0, FINDING_ROLE)
        if isinstance(found, Finding):
            self.report_view.show_finding(found)

    # ------------------------------------------------------------ decisions and comments

    def decide(self, status: str) -> bool:
        """Mark the current finding 确认 / 忽略 (its comment kept)."""
        finding = self.current_finding()
        if finding is None:
            self.message.emit("请先在列表中选中一条问题")
            return False
        old = self.body_review().decision(finding)
        self.body_review().decide(finding, status, old.comment if old else self.comment.text().strip())
        self._after_change(finding)
        return True

    def undecide(self) -> None:
        """Take back the decision on the current finding."""
        finding = self.current_finding()
        if finding is not None:
            self.body_review().undecide(finding)
            self._after_change(finding)

    def save_comment(self) -> None:
        """Store the comment typed for the current finding (an undecided finding becomes 确认)."""
        finding = self.current_finding()
        if finding is None:
            self.message.emit("请先在列表中选中一条问题")
            return
        old = self.body_review().decision(finding)
        self.body_review().decide(finding, old.status if old else CONFIRMED, self.comment.text().strip())
        self._after_change(finding)

    def add_comment(self) -> None:
        """Add the free comment typed below the list."""
        text = self.new_comment.text().strip()
        if not text or not self.name:
            return
        self.body_review().comments.append(text)
        self.new_comment.clear()
        self._after_change(None)

    def remove_comment(self) -> None:
        """Remove the selected free comment."""
        row = self.comments.currentRow()
        body = self.body_review()
        if 0 <= row < len(body.comments):
            del body.comments[row]
            self._after_change(None)

    def _after_change(self, finding: Finding | None) -> None:
        self.refresh()
        if finding is not None:
            self._select(finding)
        self.changed.emit()

    # ------------------------------------------------------------ 审核意见单

    def export_sheet(self, suffix: str, path: str | None = None) -> bool:
        """Write this body's 审核意见单 (.pdf or .docx); asks where unless ``path`` is given."""
        if self.index is None or not self.name:
            return False
        entry = self.batch.entries[self.index]
        if path is None:
            folder = entry.path.parent if entry is not None else ""
            suggested = f"{folder}/审核意见单-{self.name}{suffix}"
            kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Word 文档 (*.docx)"
            path, _ = QFileDialog.getSaveFileName(self, "导出审核意见单", suggested, kind)
            if not path:
                return False
            if not path.lower().endswith(suffix):
                path += suffix
        sheet = build_sheet(
            self.name,
            self.body_review(),
            entry.report if entry is not None else None,
            reviewer=self.review.reviewer,
            office=self.review.office,
        )
        try:
            write_sheet(sheet, path)
        except NianbaoError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return False
        self.message.emit(f"已导出审核意见单「{path}」（{len(sheet.items)} 条问题）")
        return True
