"""The 基本信息 tab: 机关名称, 层级, 报告年度 (which picks the format), 发布日期, and the preface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nianbao.core.formats import FormatRegistry, default_registry, levels
from nianbao.core.report import PREFACE, Report, compute_totals, convert_format

from .date_field import DateField
from .document import ReportDocument
from .shortcuts import UndoShortcutFilter
from .text_editors import TextPartEditor, heading_label

NO_YEAR = 2007  # the spin box minimum, shown as "未填写"
DRAFT_FILTER = "年报草稿 (*.json);;所有文件 (*)"
NO_PREVIOUS = "未选择。选择后，“上年结转”等跨年度核对随填写进行。"


def conversion_question(report: Report, year: int, target_label: str, dropped: list[str]) -> str:
    """The question asked before converting a draft to the format of another year."""
    fmt = report.format
    text = (
        f"报告年度改为 {year} 年，应使用{target_label}；现在的草稿用的是{fmt.label}。\n\n"
        "转换后，文字部分全部保留，两种格式中相同的表格项目保留已填的数字。"
    )
    if dropped:
        names = [f"{fmt.table(fmt.cells[c].table).name}{fmt.cells[c].short_label}" for c in dropped[:4]]
        more = "等" if len(dropped) > 4 else ""
        text += f"\n以下 {len(dropped)} 个已填的单元格在新格式中没有对应项目，将被移除：{'、'.join(names)}{more}。"
    text += "\n转换后可以用“撤销”（Ctrl+Z）恢复原样。\n\n是否转换为新格式？（选“否”则不改年度）"
    return text


class MetaForm(QWidget):
    """Meta data fields bound to the document, and the preface editor below them."""

    def __init__(
        self,
        document: ReportDocument,
        registry: FormatRegistry | None = None,
        parent: QWidget | None = None,
        start_dir: Callable[[], str] = str,
    ):
        super().__init__(parent)
        self._doc = document
        self._registry = registry or default_registry()
        self._start_dir = start_dir

        self.agency = QLineEdit()
        self.agency.setPlaceholderText("例如：某某县某某镇人民政府")
        self.agency.installEventFilter(UndoShortcutFilter(self.agency))
        self.agency.textEdited.connect(self._on_agency)

        self.level = QComboBox()
        self.level.addItem("（请选择）", "")
        for level_id, label in levels().items():
            self.level.addItem(label, level_id)
        self.level.activated.connect(self._on_level)

        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 2099)
        self.year.setSpecialValueText("未填写")
        self.year.setSuffix(" 年")
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(self._on_year)
        self.format_label = QLabel()
        self.format_label.setWordWrap(True)

        self.published = DateField(self._calendar_page)
        self.published.date_entered.connect(self._on_published)

        self.previous_label = QLabel(NO_PREVIOUS)
        self.previous_label.setWordWrap(True)
        self.choose_previous = QPushButton("选择…")
        self.choose_previous.setToolTip("选择上一年度的草稿，用于跨年度核对（上年结转、现行有效件数等）")
        self.choose_previous.clicked.connect(self.pick_previous)
        self.forget_previous = QPushButton("不核对")
        self.forget_previous.setToolTip("不再与上一年度的草稿核对")
        self.forget_previous.clicked.connect(lambda: self._doc.edit_previous(None))
        previous_row = QHBoxLayout()
        previous_row.addWidget(self.previous_label, 1)
        previous_row.addWidget(self.choose_previous)
        previous_row.addWidget(self.forget_previous)

        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.format_label, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("机关名称：", self.agency)
        form.addRow("机关层级：", self.level)
        form.addRow("报告年度：", year_row)
        form.addRow("发布日期：", self.published)
        form.addRow("上一年度草稿：", previous_row)

        self.preface = TextPartEditor(
            document,
            PREFACE,
            "报告开头（正文“一、总体情况”之前的导语）",
            hint="例如：本报告根据《中华人民共和国政府信息公开条例》要求编制，包括总体情况、主动公开政府信息情况……"
            "本报告统计时间为某年1月1日至12月31日。",
        )

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("基本信息"))
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.preface, 1)

        document.meta_changed.connect(self._load)
        document.report_replaced.connect(self._load)
        document.previous_changed.connect(self._show_previous)
        self._load()
        self._show_previous()

    def _load(self, *_: object) -> None:
        report = self._doc.report
        for widget in (self.level, self.year):
            widget.blockSignals(True)
        try:
            if self.agency.text() != report.agency:
                self.agency.setText(report.agency)
            self.level.setCurrentIndex(max(0, self.level.findData(report.level)))
            self.year.setValue(report.year if report.year is not None else NO_YEAR)
            if self.published.iso != report.published:
                self.published.set_iso(report.published)
        finally:
            for widget in (self.level, self.year):
                widget.blockSignals(False)
        self.format_label.setText(f"使用{report.format.label}")

    def _on_agency(self, text: str) -> None:
        self._doc.edit_meta("agency", text, "修改机关名称")

    def _on_level(self, index: int) -> None:
        self._doc.edit_meta("level", self.level.itemData(index) or "", "修改机关层级")

    def _on_published(self, iso: str) -> None:
        self._doc.edit_meta("published", iso, "修改发布日期")

    def _calendar_page(self) -> QDate:
        """Where the calendar opens for an empty date: January of the year after the report year."""
        year = self._doc.report.year
        return QDate(year + 1, 1, 1) if year is not None else QDate(QDate.currentDate().year(), 1, 1)

    def _show_previous(self) -> None:
        doc = self._doc
        path = doc.previous_path
        self.forget_previous.setEnabled(path is not None)
        if path is None:
            text, tip, style = NO_PREVIOUS, "", "color: #555;"
        elif doc.previous is not None:
            year = f"{doc.previous.year}年度，" if doc.previous.year else ""
            text, tip, style = f"「{path.name}」（{year}跨年度核对已开启）", str(path), "color: #166534;"
        else:
            text = f"{doc.previous_problem}。跨年度核对暂停，其他检查照常进行；找到文件后可重新选择。"
            tip, style = str(path), "color: #7a5200;"
        self.previous_label.setText(text)
        self.previous_label.setToolTip(tip)
        self.previous_label.setStyleSheet(style)

    def pick_previous(self) -> None:
        """选择…: choose last year's draft for the cross-year checks."""
        path, _ = QFileDialog.getOpenFileName(self, "选择上一年度的草稿", self._start_dir(), DRAFT_FILTER)
        if path:
            self._doc.edit_previous(Path(path))

    def _on_year(self, value: int) -> None:
        year = None if value == NO_YEAR else value
        report = self._doc.report
        if year == report.year:
            return
        target = self._registry.for_year(year) if year is not None else report.format
        if target.id == report.format.id:
            self._doc.edit_meta("year", year, "修改报告年度")
            return
        converted, dropped = convert_format(report, target)
        converted.year = year
        compute_totals(converted)
        answer = QMessageBox.question(
            self,
            "更换报告格式",
            conversion_question(report, value, target.label, dropped),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._doc.replace_report(converted, f"报告年度改为{value}年并转换为{target.name}")
        else:
            self._load()

    def focus_field(self, field: str) -> None:
        """Put the cursor in the meta field a finding is about (``Finding.meta``)."""
        widget = {
            "agency": self.agency,
            "year": self.year,
            "format": self.year,
            "level": self.level,
            "published": self.published,
        }.get(field, self.agency)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
