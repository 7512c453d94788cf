"""The report open in the window: edits go through an undo stack, checks run after each edit."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from nianbao.core.report import Report
from nianbao.core.rules import ERROR, Finding, check
from nianbao.core.values import Value, format_value

from .commands import ReplaceReportCommand, SetCellsCommand, SetMetaCommand, SetTextCommand
from .totals import TotalsIndex

EMPTY_RULE = "cell.empty"
READ_ONLY_NOTE = "这份报告只供查看，不能修改"
META_FIELDS = ("agency", "level", "year", "published")


def _same(a: Value | None, b: Value | None) -> bool:
    return (a is None) == (b is None) and format_value(a) == format_value(b)


class ReportDocument(QObject):
    """A :class:`Report` plus its undo stack, its totals index and the current findings.

    Views never change the report directly: they call the ``edit_*`` methods, which push
    undo commands; the commands call the ``apply_*`` methods, which change the report,
    recompute the totals the edit reaches, re-run the checks and emit what changed.
    """

    cells_changed = Signal(object)  # frozenset of cell ids whose value changed
    marks_changed = Signal(object)  # frozenset of cell ids whose findings changed
    findings_changed = Signal()
    text_changed = Signal(str)  # text id
    meta_changed = Signal(str)  # field name
    report_replaced = Signal()  # a new report object (e.g. another format)
    message = Signal(str)  # a short Chinese note for the status bar

    #: Text and name edits are checked once typing pauses for this long.
    CHECK_DELAY_MS = 300

    def __init__(self, report: Report, parent: QObject | None = None, *, read_only: bool = False):
        super().__init__(parent)
        self.read_only = read_only  # a report shown for review or a sum: every edit is refused
        self._report = report
        self._totals = TotalsIndex(report.format)
        self.undo_stack = QUndoStack(self)
        self.findings: list[Finding] = []
        self._marks: dict[str, tuple[Finding, ...]] = {}
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(self.CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.recheck)
        self.recheck()

    # ------------------------------------------------------------ queries

    @property
    def report(self) -> Report:
        """The report being edited (replace it only through :meth:`replace_report`)."""
        return self._report

    @property
    def totals(self) -> TotalsIndex:
        """The total relations of the report's format."""
        return self._totals

    def is_total(self, cell_id: str) -> bool:
        """Whether the window computes this cell (read-only)."""
        return self._totals.is_total(cell_id)

    def marks(self, cell_id: str) -> tuple[Finding, ...]:
        """Errors and warnings (other than "empty") that name this cell."""
        return self._marks.get(cell_id, ())

    def error_counts(self) -> dict[str, int]:
        """Errors per table id; errors naming no cell are counted under ``"meta"``."""
        counts: dict[str, int] = {}
        cells = self._report.format.cells
        for f in self.findings:
            if f.severity != ERROR:
                continue
            tables = {cells[c].table for c in f.cells if c in cells} or {"meta"}
            for t in tables:
                counts[t] = counts.get(t, 0) + 1
        return counts

    def empty_cell_count(self) -> int:
        """How many cells are reported empty."""
        return sum(len(f.cells) for f in self.findings if f.rule == EMPTY_RULE)

    # ------------------------------------------------------------ edits (undoable)

    def edit_cells(self, values: dict[str, Value | None], text: str) -> bool:
        """Set or clear cells as one undo step; totals are skipped, unchanged cells ignored."""
        if self._refused():
            return False
        changes = {k: v for k, v in values.items() if not self.is_total(k) and not _same(self._report.cells.get(k), v)}
        if not changes:
            return False
        self.undo_stack.push(SetCellsCommand(self, changes, text))
        return True

    def edit_text(self, text_id: str, text: str, mergeable: bool = True) -> bool:
        """Change a text part; consecutive typing merges into one undo step."""
        if self._refused():
            return False
        old = self._report.texts.get(text_id, "")
        if old == text:
            return False
        self.undo_stack.push(SetTextCommand(self, text_id, old, text, "修改文字", mergeable))
        return True

    def edit_meta(self, name: str, value: object, text: str) -> bool:
        """Change 机关名称, 层级, 年度 or 发布日期 (same format only)."""
        if name not in META_FIELDS:
            raise KeyError(name)
        if self._refused():
            return False
        old = getattr(self._report, name)
        if old == value:
            return False
        self.undo_stack.push(SetMetaCommand(self, name, old, value, text))
        return True

    def replace_report(self, report: Report, text: str) -> None:
        """Swap in another report (e.g. converted to another format) as one undo step."""
        if self._refused():
            return
        self.undo_stack.push(ReplaceReportCommand(self, self._report, report, text))

    def _refused(self) -> bool:
        """True (and a note for the status bar) when the document is read-only."""
        if self.read_only:
            self.message.emit(READ_ONLY_NOTE)
        return self.read_only

    # ------------------------------------------------------------ apply (called by commands)

    def apply_cells(self, values: dict[str, Value | None]) -> dict[str, Value | None]:
        """Set cells, recompute the totals they reach; returns the previous values for undo."""
        cells = self._report.cells
        touched = set(values) | self._totals.affected_cells(values)
        before = {k: cells.get(k) for k in touched}
        for k, v in values.items():
            self._report.set_value(k, v)
        changed = set(values) | self._totals.recompute(cells, values)
        self._cells_updated(changed)
        return before

    def restore_cells(self, before: dict[str, Value | None]) -> None:
        """Put back exactly the values an :meth:`apply_cells` replaced."""
        for k, v in before.items():
            self._report.set_value(k, v)
        self._cells_updated(set(before))

    def apply_text(self, text_id: str, text: str) -> None:
        """Set a text part and check once typing pauses."""
        if text:
            self._report.texts[text_id] = text
        else:
            self._report.texts.pop(text_id, None)
        self.text_changed.emit(text_id)
        self._check_timer.start()

    def apply_meta(self, name: str, value: object) -> None:
        """Set a meta field; the name is checked once typing pauses, the others at once."""
        setattr(self._report, name, value)
        self.meta_changed.emit(name)
        if name == "agency":
            self._check_timer.start()
        else:
            self.recheck()

    def apply_report(self, report: Report) -> None:
        """Make ``report`` the one being edited."""
        self._report = report
        if report.format is not self._totals.format:
            self._totals = TotalsIndex(report.format)
        self._marks = {}
        self.findings = []
        self.report_replaced.emit()
        self.recheck()

    def _cells_updated(self, ids: Iterable[str]) -> None:
        self.cells_changed.emit(frozenset(ids))
        self.recheck()

    # ------------------------------------------------------------ checks

    def recheck(self) -> None:
        """Run the rules now; emit which cell marks and whether the findings changed."""
        self._check_timer.stop()
        findings = check(self._report)
        if findings == self.findings:
            return
        marks: dict[str, list[Finding]] = {}
        for f in findings:
            if f.rule != EMPTY_RULE:
                for c in f.cells:
                    marks.setdefault(c, []).append(f)
        new_marks = {c: tuple(fs) for c, fs in marks.items()}
        changed = {c for c in new_marks.keys() | self._marks.keys() if new_marks.get(c) != self._marks.get(c)}
        self.findings = findings
        self._marks = new_marks
        if changed:
            self.marks_changed.emit(frozenset(changed))
        self.findings_changed.emit()

    def flush_checks(self) -> None:
        """Run a pending delayed check now (before saving or exporting)."""
        if self._check_timer.isActive():
            self.recheck()
