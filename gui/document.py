"""The report open in the window: edits go through an undo stack, checks run after each edit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from nianbao.core import draft
from nianbao.core.report import Report
from nianbao.core.rules import ERROR, Finding, check
from nianbao.core.values import Value, format_value

from .commands import (
    ReplaceReportCommand,
    SetCellsCommand,
    SetImportFindingsCommand,
    SetMetaCommand,
    SetPreviousCommand,
    SetTextCommand,
)
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
    import_findings_changed = Signal()
    previous_changed = Signal()  # last year's draft picked, found, or missing

    #: Text and name edits are checked once typing pauses for this long.
    CHECK_DELAY_MS = 300

    def __init__(
        self,
        report: Report,
        parent: QObject | None = None,
        *,
        read_only: bool = False,
        previous: Path | None = None,
        import_findings: tuple[Finding, ...] = (),
    ):
        super().__init__(parent)
        self.read_only = read_only  # a report shown for review or a sum: every edit is refused
        self._report = report
        self._totals = TotalsIndex(report.format)
        self.undo_stack = QUndoStack(self)
        self.findings: list[Finding] = []
        self._marks: dict[str, tuple[Finding, ...]] = {}
        self._import_findings: tuple[Finding, ...] = ()
        self._import_marks: dict[str, tuple[Finding, ...]] = {}
        self._previous_path: Path | None = None
        self._previous: Report | None = None
        self.previous_problem = ""  # why last year's draft is not used (Chinese), "" when it is
        self._load_previous(previous)
        self.apply_import_findings(import_findings, announce=False)
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

    @property
    def import_findings(self) -> tuple[Finding, ...]:
        """What the import of this draft asked the user to check, until dismissed (saved with it)."""
        return self._import_findings

    def import_marks(self, cell_id: str) -> tuple[Finding, ...]:
        """Import findings that name this cell (the orange corner)."""
        return self._import_marks.get(cell_id, ())

    @property
    def previous_path(self) -> Path | None:
        """Last year's draft, which the cross-year rules compare with (saved with the draft)."""
        return self._previous_path

    @property
    def previous(self) -> Report | None:
        """Last year's report when its draft was found and read, else None."""
        return self._previous

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

    def dismiss_import_findings(self, findings: Iterable[Finding]) -> bool:
        """Remove import findings from the panel (one undo step)."""
        gone = list(findings)
        after = tuple(f for f in self._import_findings if f not in gone)
        if after == self._import_findings:
            return False
        n = len(self._import_findings) - len(after)
        self.undo_stack.push(SetImportFindingsCommand(self, self._import_findings, after, f"移除 {n} 条导入提示"))
        return True

    def edit_previous(self, path: Path | None) -> bool:
        """Pick last year's draft (None: compare with none), as one undo step."""
        if path == self._previous_path:
            return False
        text = "选择上一年度草稿" if path is not None else "不再与上一年度草稿核对"
        self.undo_stack.push(SetPreviousCommand(self, self._previous_path, path, text))
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
        if name == "year" and self._previous_path is not None:
            self._load_previous(self._previous_path)  # is it still last year's?
            self.previous_changed.emit()
        self.meta_changed.emit(name)
        if name == "agency":
            self._check_timer.start()
        else:
            self.recheck()

    def apply_import_findings(self, findings: tuple[Finding, ...], announce: bool = True) -> None:
        """Set the import findings and the cells they mark."""
        old = self._import_marks
        marks: dict[str, list[Finding]] = {}
        for f in findings:
            for c in f.cells:
                marks.setdefault(c, []).append(f)
        self._import_findings = tuple(findings)
        self._import_marks = {c: tuple(fs) for c, fs in marks.items()}
        if announce:
            self.marks_changed.emit(frozenset(old.keys() | self._import_marks.keys()))
            self.import_findings_changed.emit()

    def apply_previous(self, path: Path | None) -> None:
        """Use last year's draft at ``path`` (read now) and re-run the checks."""
        self._load_previous(path)
        self.previous_changed.emit()
        self.recheck()

    def reload_previous(self) -> None:
        """Read last year's draft again (it may have been found or changed since)."""
        self.apply_previous(self._previous_path)

    def _load_previous(self, path: Path | None) -> None:
        self._previous_path = path
        self._previous = None
        self.previous_problem = ""
        if path is None:
            return
        if not path.exists():
            self.previous_problem = f"找不到上一年度的草稿「{path.name}」（可能已移动或改名）"
            return
        try:
            previous = draft.load(path)
        except draft.DraftError as exc:
            self.previous_problem = str(exc)
            return
        year = self._report.year
        if year is not None and previous.year is not None and previous.year != year - 1:
            self.previous_problem = f"「{path.name}」是{previous.year}年度的草稿，不是上一年度（{year - 1}年）的"
            return
        self._previous = previous

    def apply_report(self, report: Report) -> None:
        """Make ``report`` the one being edited."""
        self._report = report
        if report.format is not self._totals.format:
            self._totals = TotalsIndex(report.format)
        self._marks = {}
        self.findings = []
        if self._previous_path is not None:
            self._load_previous(self._previous_path)
            self.previous_changed.emit()
        self.report_replaced.emit()
        self.recheck()

    def _cells_updated(self, ids: Iterable[str]) -> None:
        self.cells_changed.emit(frozenset(ids))
        self.recheck()

    # ------------------------------------------------------------ checks

    def recheck(self) -> None:
        """Run the rules now; emit which cell marks and whether the findings changed."""
        self._check_timer.stop()
        findings = check(self._report, self._previous) if self._previous is not None else check(self._report)
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
