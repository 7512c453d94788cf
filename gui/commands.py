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


class SetTextCommand(QUndoCommand):
    """Change one text part; a typing burst in the same part merges into one step."""

    def __init__(self, document: ReportDocument, text_id: str, old: str, new: str, text: str,
                 mergeable: bool = True):
        super().__init__(text)
        self._document = document
        self.text_id = text_id
        self._old = old
        self._new = new
        self._mergeable = mergeable
        self._stamp = time.monotonic()

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _TEXT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (isinstance(other, SetTextCommand) and other.text_id == self.text_id
                and self._mergeable and other._mergeable and other._stamp - self._stamp < MERGE_SECONDS):
            return False
        self._new = other._new
        self._stamp = other._stamp
        self.setObsolete(self._new == self._old)
        return True

    def redo(self) -> None:
        self._document.apply_text(self.text_id, self._new)

    def undo(self) -> None:
        self._document.apply_text(self.text_id, self._old)


class SetMetaCommand(QUndoCommand):
    """Change one field of the meta data (机关名称, 层级, 年度, 发布日期)."""

    def __init__(self, document: ReportDocument, name: str, old: Any, new: Any, text: str):
        super().__init__(text)
        self._document = document
        self.name = name
        self._old = old
        self._new = new
        self._stamp = time.monotonic()

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _META_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (isinstance(other, SetMetaCommand) and other.name == self.name == "agency"
                and other._stamp - self._stamp < MERGE_SECONDS):
            return False
        self._new = other._new
        self._stamp = other._stamp
        self.setObsolete(self._new == self._old)
        return True

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
