"""Importing published reports (web-page text, saved HTML, Word .docx, text PDF) into drafts.

The window and the command line call :func:`import_report`; it returns an
:class:`ImportResult` with the new report and the problems met (as rule ``Finding``s
with ids ``import.*``). A file that cannot be read at all raises :class:`ImportFailed`.
Nothing in an imported file is ever executed or fetched.
"""

from __future__ import annotations

from ..errors import ImportFailed
from .pipeline import ImportResult, build_report, import_bytes, import_report

__all__ = ["ImportFailed", "ImportResult", "build_report", "import_bytes", "import_report"]
