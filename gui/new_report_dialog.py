"""The 新建 dialog: a blank report, or one carried forward from last year's draft."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nianbao.core import draft
from nianbao.core.formats import default_registry, levels


@dataclass
class NewReportChoice:
    """What the user asked for."""

    year: int
    agency: str
    level: str
    previous: Path | None  # last year's draft to carry forward from, or None for blank


def default_year() -> int:
    """Reports are written early in the year for the year before."""
    return QDate.currentDate().year() - 1


class NewReportDialog(QDialog):
    """Year, agency, level, and blank vs. carried forward from last year's draft."""

    def __init__(self, agency: str = "", level: str = "", start_dir: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        self._start_dir = start_dir
        self.previous: Path | None = None

        self.year = QSpinBox()
        self.year.setRange(2008, 2099)
        self.year.setSuffix(" 年")
        self.year.setValue(default_year())
        self.format_label = QLabel()
        self.year.valueChanged.connect(self._show_format)
        self.agency = QLineEdit(agency)
        self.agency.setPlaceholderText("例如：某某县某某镇人民政府")
        self.level = QComboBox()
        self.level.addItem("（请选择）", "")
        for level_id, label in levels().items():
            self.level.addItem(label, level_id)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))

        self.blank = QRadioButton("空白报告")
        self.carry = QRadioButton("从上一年度的草稿结转（自动填入“上年结转”等数字）")
        self.blank.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.blank)
        group.addButton(self.carry)
        self.choose = QPushButton("选择上一年度的草稿…")
        self.choose.clicked.connect(self._choose_previous)
        self.previous_label = QLabel("（未选择）")
        self.previous_label.setWordWrap(True)
        self.carry.toggled.connect(self._update)

        form = QFormLayout()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.format_label, 1)
        form.addRow("报告年度：", year_row)
        form.addRow("机关名称：", self.agency)
        form.addRow("机关层级：", self.level)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose)
        choose_row.addWidget(self.previous_label, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.blank)
        layout.addWidget(self.carry)
        layout.addLayout(choose_row)
        layout.addWidget(self.buttons)
        self._show_format()
        self._update()

    def _show_format(self) -> None:
        self.format_label.setText(f"使用{default_registry().for_year(self.year.value()).label}")

    def _update(self) -> None:
        carry = self.carry.isChecked()
        self.choose.setEnabled(carry)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not carry or self.previous is not None)

    def _choose_previous(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择上一年度的草稿", self._start_dir, "年报草稿 (*.json);;所有文件 (*)"
        )
        if path:
            try:
                previous = draft.load(path)
            except draft.DraftError as exc:
                self.previous = None
                self.previous_label.setText(str(exc))
            else:
                self.previous = Path(path)
                self.previous_label.setText(path)
                if previous.year:
                    self.year.setValue(previous.year + 1)
                if not self.agency.text().strip():
                    self.agency.setText(previous.agency)
                if not self.level.currentData():
                    self.level.setCurrentIndex(max(0, self.level.findData(previous.level)))
        self._update()

    def choice(self) -> NewReportChoice:
        """The values entered."""
        return NewReportChoice(
            year=self.year.value(),
            agency=self.agency.text().strip(),
            level=self.level.currentData() or "",
            previous=self.previous if self.carry.isChecked() else None,
        )

    @staticmethod
    def ask(parent: QWidget | None, agency: str = "", level: str = "", start_dir: str = "") -> NewReportChoice | None:
        """Show the dialog; None when cancelled."""
        dialog = NewReportDialog(agency, level, start_dir, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
