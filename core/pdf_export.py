"""Print-ready PDF export (GB/T 9704-2012 page, official tables, embedded fonts).

``write_pdf(report, path)`` is what ``nianbao export DRAFT.json -o REPORT.pdf`` and the
window's 导出PDF call. Every character is checked against the fonts before anything is
written: characters no font can draw stop the export with a Chinese message naming
every one of them and where it is, instead of printing empty boxes.
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
from .errors import ExportError, write_failed
from .pdf.document import Options, build_story, date_note, signature_date_and_source
from .pdf.draftmark import draw_watermark
from .pdf.flow import flow
from .pdf.fonts import FANG, ROLES, FontFile, FontSet, MissingGlyphError, PdfExportError
from .pdf.page import (
    BODY_HEIGHT,
    BODY_WIDTH,
    BOTTOM_MARGIN,
    LEFT_MARGIN,
    LINE_PITCH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    draw_page_number,
)
from .report import Report

_EXPORT_LOCK = threading.Lock()

__all__ = ["MissingGlyphError", "PdfExportError", "PdfResult", "render_pdf", "write_pdf"]


@dataclass
class PdfResult:
    """What was written: the page count, per font role the font files used, the 落款 date.

    ``date_source`` is "option", "published" or "today" (None without a 落款); ``notes``
    are Chinese sentences for the user, e.g. which date the 落款 carries and why.
    """

    pages: int
    fonts: dict[str, list[str]] = field(default_factory=dict)
    date: _dt.date | None = None
    date_source: str | None = None
    notes: list[str] = field(default_factory=list)


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
    draft_mark: bool = False,
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
            FontSet(use_system=system_fonts, overrides=overrides, collect_missing=True),
            Options(signature=signature, date=date, draft_mark=draft_mark),
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

    def on_page(canv: Canvas, number: int) -> None:
        if options.draft_mark:
            draw_watermark(canv, fonts)
        draw_page_number(canv, number, fonts)

    pages = flow(story, canvas, (LEFT_MARGIN, BOTTOM_MARGIN, BODY_WIDTH, BODY_HEIGHT), on_page, grid=LINE_PITCH)
    canvas.save()
    result = PdfResult(pages=pages, fonts=dict(fonts.used))
    if options.signature:
        result.date, result.date_source = signature_date_and_source(report, options)
        result.notes.append(date_note(report, options))
    if options.draft_mark:
        result.notes.append("已加「草稿」水印，末页列出检查结果：仅供内部审阅，不能作为正式报告发布")
    return buffer.getvalue(), result


def write_pdf(
    report: Report,
    out_path: str | os.PathLike[str],
    *,
    signature: bool = True,
    date: _dt.date | None = None,
    invariant: bool = False,
    system_fonts: bool = True,
    font_files: dict[str, str | os.PathLike[str]] | None = None,
    draft_mark: bool = False,
) -> PdfResult:
    """Write the report as a print-ready PDF.

    ``signature``: end with the 落款 (机关名称 and date); ``date``: its date (default the
    发布日期, else today — :attr:`PdfResult.notes` says which); ``invariant``:
    byte-identical output for identical input; ``system_fonts``: prefer installed official
    fonts (simfang.ttf …) and the system's extension fonts over the bundled ones;
    ``font_files``: a font file per role ("fang", "hei", "kai", "song", "title", "latin"),
    e.g. the user's 方正小标宋; ``draft_mark``: a light 「草稿」 watermark and a last page
    listing the findings (an internal review copy). Raises :class:`PdfExportError` /
    :class:`~nianbao.core.errors.ExportError` (Chinese message naming the file or folder)
    and leaves any existing file untouched when the PDF cannot be made.
    """
    data, result = render_pdf(
        report,
        signature=signature,
        date=date,
        invariant=invariant,
        system_fonts=system_fonts,
        font_files=font_files,
        draft_mark=draft_mark,
    )
    try:
        write_bytes_atomic(out_path, data)
    except OSError as exc:
        raise ExportError(write_failed("PDF", out_path, exc), path=out_path) from exc
    return result
