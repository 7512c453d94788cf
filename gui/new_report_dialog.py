"""The 新建 dialog: a blank report, or one carried forward from last year's draft.

Carried forward: the year defaults to last year's + 1, the agency and level come from last
year's draft when empty, last year's texts can be taken over part by part (all ticked but
五、存在的主要问题及改进情况, which is new every year), and a different 机关名称 is pointed out.
The level follows the name (「…镇人民政府」 → 乡镇/街道) as the importer infers it, until the
user picks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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
from nianbao.core.report import PREFACE, Report

#: Text parts not ticked by default when carrying last year's texts forward.
FRESH_EVERY_YEAR = ("problems",)
PREFACE_NAME = "报告开头"


@dataclass
class NewReportChoice:
    """What the user asked for."""

    year: int
    agency: str
    level: str
    previous: Path | None  # last year's draft to carry forward from, or None for blank
    texts: tuple[str, ...] = field(default=())  # text parts to take over from last year's draft


def default_year() -> int:
    """Reports are written early in the year for the year before."""
    return QDate.currentDate().year() - 1


def infer_level(agency: str) -> str:
    """The level a body's name implies, as the importer reads it ("" when unclear)."""
    from nianbao.core.importer.meta import guess_level  # lazy: the importer is not needed at start-up

    return guess_level(agency)


def text_parts(report: Report) -> list[tuple[str, str]]:
    """(id, name) of the text parts of ``report`` that have text, in reading order."""
    names = {PREFACE: PREFACE_NAME} | {s.id: s.heading for s in report.format.sections}
    return [(t, names[t]) for t in report.text_ids() if report.texts.get(t, "").strip()]


class NewReportDialog(QDialog):
    """Year, agency, level, and blank vs. carried forward from last year's draft."""

    def __init__(self, agency: str = "", level: str = "", start_dir: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        self._start_dir = start_dir
        self.previous: Path | None = None
        self.previous_report: Report | None = None
        self._level_chosen = bool(level)

        self.year = QSpinBox()
        self.year.setRange(2008, 2099)
        self.year.setSuffix(" 年")
        self.year.setValue(default_year())
        self.format_label = QLabel()
        self.year.valueChanged.connect(self._show_format)
        self.agency = QLineEdit(agency)
        self.agency.setPlaceholderText("例如：某某县某某镇人民政府")
        self.agency.textEdited.connect(self._on_agency)
        self.level = QComboBox()
        self.level.addItem("（请选择）", "")
        for level_id, label in levels().items():
            self.level.addItem(label, level_id)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.level.activated.connect(self._on_level_chosen)

        self.blank = QRadioButton("空白报告")
        self.carry = QRadioButton("从上一年度的草稿结转（自动填入“上年结转”等数字，可沿用各部分文字）")
        self.blank.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.blank)
        group.addButton(self.carry)
        self.choose = QPushButton("选择上一年度的草稿…")
        self.choose.clicked.connect(self._choose_previous)
        self.previous_label = QLabel("（未选择）")
        self.previous_label.setWordWrap(True)
        self.carry.toggled.connect(self._update)
        self.agency_warning = QLabel()
        self.agency_warning.setWordWrap(True)
        self.agency_warning.setStyleSheet("color: #7a5200;")
        self.agency_warning.hide()

        self.texts_box = QGroupBox("沿用上一年度的文字（沿用后请把其中的年份改成本年度的，检查结果会逐一指出）")
        self.texts_layout = QVBoxLayout(self.texts_box)
        self.text_boxes: dict[str, QCheckBox] = {}
        self.texts_box.hide()

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
        layout.addWidget(self.agency_warning)
        layout.addWidget(self.texts_box)
        layout.addWidget(self.buttons)
        self._show_format()
        self._update()
        if agency and not level:
            self._on_agency(agency)

    def _show_format(self) -> None:
        self.format_label.setText(f"使用{default_registry().for_year(self.year.value()).label}")

    def _update(self) -> None:
        carry = self.carry.isChecked()
        self.choose.setEnabled(carry)
        self.texts_box.setVisible(carry and bool(self.text_boxes))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not carry or self.previous is not None)
        self._check_agency()

    def _on_level_chosen(self, _index: int) -> None:
        self._level_chosen = True

    def _on_agency(self, text: str) -> None:
        if not self._level_chosen:
            level = infer_level(text.strip())
            self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self._check_agency()

    def _check_agency(self) -> None:
        last = self.previous_report.agency.strip() if self.previous_report is not None else ""
        now = self.agency.text().strip()
        differs = self.carry.isChecked() and bool(last) and bool(now) and last != now
        self.agency_warning.setText(
            f"注意：上一年度草稿的机关名称是「{last}」，与这里填写的「{now}」不同。请确认选的是本机关的草稿。"
            if differs
            else ""
        )
        self.agency_warning.setVisible(differs)

    def _choose_previous(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择上一年度的草稿", self._start_dir, "年报草稿 (*.json);;所有文件 (*)"
        )
        if path:
            self.use_previous(Path(path))
        self._update()

    def use_previous(self, path: Path) -> bool:
        """Take ``path`` as last year's draft (False, with the reason shown, if it cannot be read)."""
        try:
            previous = draft.load(path)
        except draft.DraftError as exc:
            self.previous = None
            self.previous_report = None
            self.previous_label.setText(str(exc))
            self._fill_texts(None)
            self._update()
            return False
        self.previous = path
        self.previous_report = previous
        self.previous_label.setText(str(path))
        if previous.year:
            self.year.setValue(previous.year + 1)
        if not self.agency.text().strip():
            self.agency.setText(previous.agency)
        if not self.level.currentData():
            level = previous.level or infer_level(self.agency.text().strip())
            self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self._fill_texts(previous)
        self._update()
        return True

    def _fill_texts(self, previous: Report | None) -> None:
        for box in self.text_boxes.values():
            self.texts_layout.removeWidget(box)
            box.deleteLater()
        self.text_boxes = {}
        for text_id, name in text_parts(previous) if previous is not None else []:
            box = QCheckBox(name)
            box.setChecked(text_id not in FRESH_EVERY_YEAR)
            if text_id in FRESH_EVERY_YEAR:
                box.setToolTip("问题和改进每年不同，默认不沿用")
            self.texts_layout.addWidget(box)
            self.text_boxes[text_id] = box

    def choice(self) -> NewReportChoice:
        """The values entered."""
        carry = self.carry.isChecked()
        return NewReportChoice(
            year=self.year.value(),
            agency=self.agency.text().strip(),
            level=self.level.currentData() or "",
            previous=self.previous if carry else None,
            texts=tuple(t for t, box in self.text_boxes.items() if box.isChecked()) if carry else (),
        )

    @staticmethod
    def ask(parent: QWidget | None, agency: str = "", level: str = "", start_dir: str = "") -> NewReportChoice | None:
        """Show the dialog; None when cancelled."""
        dialog = NewReportDialog(agency, level, start_dir, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
