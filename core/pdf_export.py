"""Print-ready PDF export (GB/T 9704-2012 page, official tables, embedded fonts).

``write_pdf(report, path)`` is what ``nianbao export DRAFT.json -o REPORT.pdf`` and the
window's 导出PDF call. Every character is checked against the fonts before anything is
written: a character no font can draw stops the export with a Chinese message naming
it and where it is, instead of printing an empty box.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .atomic import write_bytes_atomic
from .pdf.document import Options, build_story
from .pdf.flow import flow
from .pdf.fonts import FANG, ROLES, FontFile, FontSet, MissingGlyphError, PdfExportError
from .pdf.page import BODY_HEIGHT, BODY_WIDTH, BOTTOM_MARGIN, LEFT_MARGIN, PAGE_HEIGHT, PAGE_WIDTH, draw_page_number
from .report import Report

_EXPORT_LOCK = threading.Lock()

__all__ = ["MissingGlyphError", "PdfExportError", "PdfResult", "render_pdf", "write_pdf"]


@dataclass
class PdfResult:
    """What was written: the page count and, per font role, the font files used."""

    pages: int
    fonts: dict[str, list[str]] = field(default_factory=dict)


def _set_metadata(canvas: Canvas, report: Report) -> None:
    canvas.setTitle(report.title)
    canvas.setAuthor(report.agency)
    canvas.setSubject(f"政府信息公开工作年度报告（{report.format.label}）")
    canvas.setKeywords(["政府信息公开", "年度报告"] + ([f"{report.year}年度"] if report.year else []))
    canvas.setCreator(f"nianbao {__version__}")
    canvas.setViewerPreference("DisplayDocTitle", "true")


def render_pdf(
    report: Report,
    *,
    signature: bool = True,
    date: _dt.date | None = None,
    invariant: bool = False,
    system_fonts: bool = True,
    font_files: dict[str, str | os.PathLike[str]] | None = None,
) -> tuple[bytes, PdfResult]:
    """The PDF of ``report`` as bytes; see :func:`write_pdf` for the options."""
    overrides = {}
    for role, path in (font_files or {}).items():
        if role not in ROLES:
            raise PdfExportError(f"未知的字体用途「{role}」，可用的有：{'、'.join(ROLES)}")
        overrides[role] = FontFile(Path(path), 0, bundled=False)
    with _EXPORT_LOCK:  # ReportLab's font objects serve one document at a time
        return _render(
            report,
            FontSet(use_system=system_fonts, overrides=overrides),
            Options(signature=signature, date=date),
            invariant,
        )


def _render(report: Report, fonts: FontSet, options: Options, invariant: bool) -> tuple[bytes, PdfResult]:
    story = build_story(report, fonts, options)

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1 if invariant else 0,
        initialFontName=fonts.primary(FANG).name,
        initialFontSize=16,
        lang="zh-CN",
    )
    _set_metadata(canvas, report)
    pages = flow(
        story,
        canvas,
        (LEFT_MARGIN, BOTTOM_MARGIN, BODY_WIDTH, BODY_HEIGHT),
        lambda canv, number: draw_page_number(canv, number, fonts),
    )
    canvas.save()
    return buffer.getvalue(), PdfResult(pages=pages, fonts=dict(fonts.used))


def write_pdf(
    report: Report,
    out_path: str | os.PathLike[str],
    *,
    signature: bool = True,
    date: _dt.date | None = None,
    invariant: bool = False,
    system_fonts: bool = True,
    font_files: dict[str, str | os.PathLike[str]] | None = None,
) -> PdfResult:
    """Write the report as a print-ready PDF.

    ``signature``: end with the 落款 (机关名称 and date); ``date``: its date (default the
    发布日期, else today); ``invariant``: byte-identical output for identical input;
    ``system_fonts``: prefer installed official fonts (simfang.ttf …) over the bundled
    ones; ``font_files``: a font file per role ("fang", "hei", "kai", "song", "title"),
    e.g. the user's 方正小标宋. Raises :class:`PdfExportError` (Chinese message) and
    leaves any existing file untouched when the PDF cannot be made.
    """
    data, result = render_pdf(
        report, signature=signature, date=date, invariant=invariant, system_fonts=system_fonts, font_files=font_files
    )
    write_bytes_atomic(out_path, data)
    return result
