"""Importing published reports (web-page text, saved HTML, Word .docx, text PDF) into drafts.

The window and the command line call :func:`import_report`; it returns an
:class:`ImportResult` with the new report and the problems met (as rule ``Finding``s
with ids ``import.*``). A file that cannot be read at all raises :class:`ImportFailed`.
Nothing in an imported file is ever executed or fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .document import ImportFailed

if TYPE_CHECKING:
    from .pipeline import ImportResult, build_report, import_bytes, import_report

__all__ = ["ImportFailed", "ImportResult", "build_report", "import_bytes", "import_report"]

#: Loaded on first use: the text checks use ``normalise`` on every check, and the window
#: should not load the readers (HTML, Word, PDF) before it is asked to import a file.
_PIPELINE_NAMES = ("ImportResult", "build_report", "import_bytes", "import_report")


def __getattr__(name: str) -> Any:
    if name in _PIPELINE_NAMES:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
