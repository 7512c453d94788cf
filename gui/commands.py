"""Undoable edits of the report (QUndoCommand subclasses), applied through the document."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from nianbao.core.report import Report
from nianbao.core.values import Value

if TYPE_CHECKING:
    from .document import ReportDocument

#: Consecutive keystrokes in one text field within this many seconds are one undo step.
MERGE_SECONDS = 2.0

_TEXT_ID = 1
_META_ID = 2


class SetCellsCommand(QUndoCommand):
    """Set or clear table cells (typing, paste, clear, fill with 0); totals follow."""

    def __init__(self, document: ReportDocument, values: dict[str, Value | None], text: str):
        super().__init__(text)
        self._document = document
        self._values = dict(values)
        self._before: dict[str, Value | None] = {}

    def redo(self) -> None:
        self._before = self._document.apply_cells(self._values)

    def undo(self) -> None:
        self._document.restore_cells(self._before)


class _TypingCommand(QUndoCommand):
    """Change one named field from ``old`` to ``new``; a typing burst in the same field is one step."""

    command_id = 0

    def __init__(self, document: ReportDocument, name: str, old: Any, new: Any, text: str):
        super().__init__(text)
        self._document = document
        self.name = name
        self._old = old
        self._new = new
        self._stamp = time.monotonic()

    def id(self) -> int:
        return self.command_id

    def _mergeable_with(self, other: QUndoCommand) -> bool:
        return type(other) is type(self) and other.name == self.name and other._stamp - self._stamp < MERGE_SECONDS

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not self._mergeable_with(other):
            return False
        self._new = other._new  # type: ignore[attr-defined]
        self._stamp = other._stamp  # type: ignore[attr-defined]
        self.setObsolete(self._new == self._old)
        return True


class SetTextCommand(_TypingCommand):
    """Change one text part; a typing burst in the same part merges into one step."""

    command_id = _TEXT_ID

    def __init__(self, document: ReportDocument, text_id: str, old: str, new: str, text: str, mergeable: bool = True):
        super().__init__(document, text_id, old, new, text)
        self._mergeable = mergeable

    @property
    def text_id(self) -> str:
        """The text part this command changes."""
        return self.name

    def _mergeable_with(self, other: QUndoCommand) -> bool:
        return self._mergeable and other._mergeable and super()._mergeable_with(other)  # type: ignore[attr-defined]

    def redo(self) -> None:
        self._document.apply_text(self.name, self._new)

    def undo(self) -> None:
        self._document.apply_text(self.name, self._old)


class SetMetaCommand(_TypingCommand):
    """Change one field of the meta data (机关名称, 层级, 年度, 发布日期); only 机关名称 typing merges."""

    command_id = _META_ID

    def _mergeable_with(self, other: QUndoCommand) -> bool:
        return self.name == "agency" and super()._mergeable_with(other)

    def redo(self) -> None:
        self._document.apply_meta(self.name, self._new)

    def undo(self) -> None:
        self._document.apply_meta(self.name, self._old)


class ReplaceReportCommand(QUndoCommand):
    """Swap the whole report, e.g. when a year change converts it to another format."""

    def __init__(self, document: ReportDocument, before: Report, after: Report, text: str):
        super().__init__(text)
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._document.apply_report(self._after)

    def undo(self) -> None:
        self._document.apply_report(self._before)


class SetImportFindingsCommand(QUndoCommand):
    """Dismiss import findings (they are saved with the draft, so this is an edit like any other)."""

    def __init__(self, document: ReportDocument, before: tuple[Any, ...], after: tuple[Any, ...], text: str):
        super().__init__(text)
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._document.apply_import_findings(self._after)

    def undo(self) -> None:
        self._document.apply_import_findings(self._before)


class SetPreviousCommand(QUndoCommand):
    """Pick (or forget) last year's draft, which the cross-year rules compare with."""

    def __init__(self, document: ReportDocument, before: Any, after: Any, text: str):
        super().__init__(text)
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._document.apply_previous(self._after)

    def undo(self) -> None:
        self._document.apply_previous(self._before)
