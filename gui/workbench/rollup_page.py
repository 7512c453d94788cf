"""汇总: the sum of 表二/表三/表四 over a group of bodies, read-only in the report's own table widgets,
with the rules run on the sum, the contributions to any cell, exports and 「汇总为新草稿」."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nianbao.core import draft
from nianbao.core.batch_roster import Batch
from nianbao.core.errors import NianbaoError
from nianbao.core.rollup import Rollup, groups
from nianbao.core.values import format_value

from .report_view import ReportView

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
EXPORTS = (("Excel", ".xlsx"), ("Word", ".docx"), ("PDF", ".pdf"), ("CSV", ".csv"))


class RollupPage(QWidget):
    """The 汇总 tab; ``chosen_changed`` when a report of another year or format is chosen in or out."""

    chosen_changed = Signal()
    message = Signal(str)

    def __init__(self, batch: Batch, parent: QWidget | None = None):
        super().__init__(parent)
        self.batch = batch
        self.rollup: Rollup | None = None
        self.open_draft: Callable[[Path], object] | None = None  # the window opens a saved 汇总 draft
        self._current_cell = ""

        self.group = QComboBox()
        for g in groups():
            self.group.addItem(g.label, g.id)
        self.group.currentIndexChanged.connect(lambda _i: self.recompute())
        self.title_name = QLineEdit("汇总")
        self.title_name.setToolTip("导出的汇总表和汇总草稿标题中的名称，例如「某某县」")
        self.title_name.setMaximumWidth(220)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("汇总范围："))
        top.addWidget(self.group)
        top.addSpacing(12)
        top.addWidget(QLabel("名称："))
        top.addWidget(self.title_name)
        top.addStretch(1)
        for label, suffix in EXPORTS:
            button = QPushButton(f"导出{label}…")
            button.clicked.connect(lambda _=False, s=suffix: self.export(s))
            top.addWidget(button)
        self.draft_button = QPushButton("汇总为新草稿…")
        self.draft_button.setToolTip("把汇总的数字保存为一份新草稿（开头注明包括哪些单位），可在编辑窗口中继续编写")
        self.draft_button.clicked.connect(lambda: self.save_draft())
        top.addWidget(self.draft_button)

        self.view = ReportView(meta=False, tables_only=True)
        self.view.cell_selected.connect(self.drill_down)

        self.cell_label = QLabel("点击汇总表中的一个单元格，这里列出各单位的数字。")
        self.cell_label.setWordWrap(True)
        self.contributors = QTableWidget(0, 2)
        self.contributors.setHorizontalHeaderLabels(["单位", "数值"])
        self.contributors.horizontalHeader().setStretchLastSection(True)
        self.contributors.setColumnWidth(0, 220)
        self.contributors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.contributors.verticalHeader().setVisible(False)
        self.blank_label = QLabel()
        self.blank_label.setWordWrap(True)
        self.blank_label.setStyleSheet("color: #7a5200;")
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.left_out = QListWidget()
        self.left_out.setWordWrap(True)
        self.left_out.setToolTip("其他年度或格式的报告不计入汇总；勾选后计入")
        self.left_out.itemChanged.connect(self._choice_changed)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.cell_label)
        side_layout.addWidget(self.contributors, 2)
        side_layout.addWidget(self.blank_label)
        side_layout.addWidget(QLabel("汇总表检查结果："))
        side_layout.addWidget(self.findings, 1)
        side_layout.addWidget(QLabel("未计入汇总的报告（勾选可计入）："))
        side_layout.addWidget(self.left_out, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------ the sum

    def current_group(self) -> str:
        """The id of the group summed."""
        return str(self.group.currentData())

    def set_group(self, group_id: str) -> None:
        """Sum another group (all, 乡镇 only, …)."""
        self.group.setCurrentIndex(max(0, self.group.findData(group_id)))

    def recompute(self) -> None:
        """Sum the batch again (after reading, a change of group or of the chosen reports)."""
        group = next(g for g in groups() if g.id == self.current_group())
        self.rollup = self.batch.roll_up(group)
        rollup = self.rollup
        self.left_out.blockSignals(True)
        self.left_out.clear()
        if rollup is None:
            self.view.set_report(None)
            self.summary.setText(f"「{group.label}」中还没有可汇总的报告。")
            self.findings.clear()
            self.left_out.blockSignals(False)
            return
        cell = self._current_cell
        self.view.set_report(rollup.report)
        incomplete = (
            f"；{len(rollup.incomplete)} 个单元格有单位未填写（汇总数不完整，空白未按0计）" if rollup.incomplete else ""
        )
        self.summary.setText(
            f"{group.label}：{len(rollup.members)} 个单位计入 {rollup.year or ''}年度汇总（{rollup.format.name}）"
            f"，{len(rollup.excluded)} 份报告未计入{incomplete}。"
        )
        for member, reason in [*((m, why) for m, why in rollup.chosen), *rollup.excluded]:
            item = QListWidgetItem(f"{member.name}（{member.source}）：{reason}")
            item.setData(SOURCE_ROLE, member.source)
            if member.source not in self._twice(rollup):
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = member.source in self.batch.chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.left_out.addItem(item)
        self.left_out.blockSignals(False)
        self.findings.clear()
        self.findings.addItems([f.label for f in rollup.findings()])
        if cell:
            self.view.select_cell(cell)
            self.drill_down(cell)

    @staticmethod
    def _twice(rollup: Rollup) -> set[str]:
        """Files left out because a newer file of the same body counts (they cannot be chosen in)."""
        return {
            m.source
            for m, _ in rollup.excluded
            if m.report.year == rollup.year and m.report.format.id == rollup.format.id
        }

    def drill_down(self, cell_id: str) -> list[tuple[str, str]]:
        """List which bodies contribute how much to ``cell_id`` (largest first); returns the rows shown."""
        self._current_cell = cell_id
        rollup = self.rollup
        if rollup is None or cell_id not in rollup.format.cells:
            return []
        cell = rollup.format.cells[cell_id]
        total = rollup.report.cells.get(cell_id)
        self.cell_label.setText(
            f"{rollup.format.table(cell.table).name}「{cell.label}」：汇总 {format_value(total) if total is not None else '空白'}"
        )
        rows = [(name, format_value(value)) for name, value in rollup.contributions(cell_id)]
        self.contributors.setRowCount(len(rows))
        for r, (name, value) in enumerate(rows):
            self.contributors.setItem(r, 0, QTableWidgetItem(name))
            number = QTableWidgetItem(value)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.contributors.setItem(r, 1, number)
        blank = rollup.incomplete.get(cell_id, ())
        self.blank_label.setText(f"未填写（未按0计）：{'、'.join(blank)}" if blank else "")
        return rows

    def _choice_changed(self, item: QListWidgetItem) -> None:
        source = str(item.data(SOURCE_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self.batch.chosen.add(source)
        else:
            self.batch.chosen.discard(source)
        self.recompute()
        self.chosen_changed.emit()

    # ------------------------------------------------------------ outputs

    def _ask(self, title: str, suffix: str, kind: str) -> Path | None:
        folder = self.batch.paths[0].parent if self.batch.paths else Path.home()
        name = f"{self.title_name.text().strip() or '汇总'}{self.rollup.year if self.rollup else ''}年度汇总{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), f"{kind} (*{suffix})")
        if not path:
            return None
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    def export(self, suffix: str, path: Path | None = None) -> bool:
        """Export the summed tables (.xlsx, .docx, .pdf, .csv) with the official layout."""
        from nianbao.core.export import export_report, writer_for

        if self.rollup is None:
            self.message.emit("还没有可汇总的报告")
            return False
        target = path or self._ask("导出汇总表", suffix, writer_for(f"x{suffix}").label)
        if target is None:
            return False
        try:
            export_report(self.rollup.draft(self.title_name.text().strip() or "汇总"), target, signature=False)
        except NianbaoError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return False
        self.message.emit(f"已导出汇总表「{target}」")
        return True

    def save_draft(self, path: Path | None = None) -> bool:
        """「汇总为新草稿」: save the sum as a new draft and offer to open it in the editing window."""
        if self.rollup is None:
            self.message.emit("还没有可汇总的报告")
            return False
        target = path or self._ask("汇总为新草稿", ".json", "年报草稿")
        if target is None:
            return False
        report = self.rollup.draft(self.title_name.text().strip() or "汇总")
        try:
            draft.save(report, target)
        except NianbaoError as exc:
            QMessageBox.warning(self, "保存失败", str(exc))
            return False
        self.message.emit(f"已保存汇总草稿「{target}」")
        if path is None and self.open_draft is not None:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self,
                "汇总为新草稿",
                f"已保存「{target.name}」（{len(self.rollup.members)} 个单位的汇总）。\n是否在编辑窗口中打开它？",
                buttons.Yes | buttons.No,
                buttons.Yes,
            )
            if answer == buttons.Yes:
                self.open_draft(target)
        return True
