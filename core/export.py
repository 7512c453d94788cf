"""The report's outputs: which writer a file's suffix picks, and the document they all write.

``export_report(report, path)`` is what ``nianbao export -o X`` and the window's 导出 menu
call; the suffix of ``path`` picks the writer (:data:`WRITERS`). Each writer is one call
``write_xxx(report, path, ...)`` in its own module, imported only when it is used.

The Word, web-page and plain-text writers share :func:`outline`: the report as a list of
blocks (title, section headings, paragraphs with their （一） heading, tables, 落款) built
the way the PDF builds its story, with every character checked against the PDF's fonts, so
a character that no font has stops every export with the same message.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ExitCode, ExportError, write_failed
from .formats import TableDef
from .report import PREFACE, Report
from .values import format_value

MM_PER_PT = 25.4 / 72
BODY_WIDTH_MM = 156.0  # GB/T 9704 版心


@dataclass(frozen=True)
class Writer:
    """One output: its suffix, the name users see, and the function that writes it."""

    suffix: str
    label: str  # "PDF", "Word", "网页", "Excel", "CSV"
    module: str
    function: str
    signature: bool  # takes ``signature=`` (the 落款)

    def load(self) -> Callable[..., Any]:
        """The writer function (its module is imported now)."""
        return getattr(importlib.import_module(self.module), self.function)


WRITERS: dict[str, Writer] = {
    w.suffix: w
    for w in (
        Writer(".pdf", "PDF", "nianbao.core.pdf_export", "write_pdf", True),
        Writer(".docx", "Word", "nianbao.core.docx_export", "write_docx", True),
        Writer(".html", "网页", "nianbao.core.html_export", "write_html", True),
        Writer(".xlsx", "Excel", "nianbao.core.xlsx_export", "write_xlsx", False),
        Writer(".csv", "CSV", "nianbao.core.csv_export", "write_csv", False),
    )
}


class UnsupportedOutput(ExportError):
    """The output file's suffix names no writer (a wrong argument, not a failed write)."""

    exit_code = ExitCode.UNREADABLE


class UnwritableCharacter(ExportError):
    """A character of the draft that no font can show (the draft's content, not the disk)."""

    exit_code = ExitCode.UNREADABLE


def writer_for(path: str | os.PathLike[str]) -> Writer:
    """The writer for a file name's suffix (``.htm`` counts as ``.html``)."""
    suffix = Path(path).suffix.lower()
    suffix = ".html" if suffix == ".htm" else suffix
    writer = WRITERS.get(suffix)
    if writer is None:
        known = "、".join(WRITERS)
        raise UnsupportedOutput(
            f"不支持的导出格式「{Path(path).suffix or '（无后缀）'}」：输出文件名应以 {known} 结尾", path=path
        )
    return writer


def export_report(
    report: Report, path: str | os.PathLike[str], *, signature: bool = True, draft_mark: bool = False
) -> list[str]:
    """Write ``report`` to ``path`` with the writer its suffix picks; returns the writer's notes
    for the user (the PDF says which 落款 date it used), possibly none.

    ``draft_mark`` (PDF only) adds the 「草稿」 watermark and a last page listing the findings.
    Raises :class:`ExportError` (Chinese message naming the file); on failure any
    existing file at ``path`` is untouched (every writer writes atomically).
    """
    writer = writer_for(path)
    function = writer.load()
    options: dict[str, Any] = {"signature": signature} if writer.signature else {}
    if draft_mark and writer.suffix == ".pdf":
        options["draft_mark"] = True
    try:
        result = function(report, path if writer.signature else os.fspath(path), **options)
    except OSError as exc:
        raise ExportError(write_failed(writer.label, path, exc), path=path) from exc
    return [str(n) for n in getattr(result, "notes", ())]


def write_or_explain(what: str, path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` atomically; an OS error becomes :class:`ExportError` naming the file."""
    from .atomic import write_bytes_atomic

    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise ExportError(write_failed(what, path, exc), path=path) from exc


# ---------------------------------------------------------------- the shared document


@dataclass(frozen=True)
class Title:
    """The title; ``lines`` are broken where the PDF breaks them."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading such as "一、总体情况" (黑体)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``head`` is its leading "（一）…。" heading (楷体), possibly empty."""

    head: str
    rest: str
    lead_in: bool = False  # the last paragraph before a table: keep it with the table


@dataclass(frozen=True)
class Table:
    """An official table: its grid and, per grid item (same order as ``table.items``), the text."""

    table: TableDef
    texts: tuple[str, ...]
    widths_mm: tuple[float, ...]


@dataclass(frozen=True)
class Signature:
    """落款: the 机关名称 centred over the date, the date 右空四字."""

    agency: str
    date: str


Block = Title | Heading | Paragraph | Table | Signature


def split_subheading(par: str) -> tuple[str, str]:
    """A paragraph's leading "（一）…。" heading and the rest, as the PDF sets them."""
    from .pdf.document import SUBHEADING, SUBHEADING_MAX

    if SUBHEADING.match(par):
        cut = par.find("。")
        if cut == -1 and len(par) <= SUBHEADING_MAX:
            return par, ""
        if 0 <= cut < SUBHEADING_MAX:
            return par[: cut + 1], par[cut + 1 :]
    return "", par


def column_widths_mm(table: TableDef) -> tuple[float, ...]:
    """Column widths in mm that fill the 版心: the format's own, else shared by text length.

    A format file may give ``column_widths`` (mm) per table; without them each column gets
    a share by the longest label that stands in it alone (tall merged labels count four
    characters, headers three, data columns two and a half), so long row labels get room and numbers do not.
    """
    given = getattr(table, "column_widths", None)
    if given and len(given) == table.n_cols and all(w > 0 for w in given):
        total = float(sum(given))
        scale = BODY_WIDTH_MM / total if total > BODY_WIDTH_MM else 1.0
        return tuple(float(w) * scale for w in given)
    weights = [2.6] * table.n_cols
    for item in table.items:
        if item.colspan != 1:
            continue
        if item.role == "data":
            want = 2.5
        elif item.role == "label" and item.rowspan >= 3:
            want = min(len(item.text), 4)
        elif item.role == "header":
            want = min(len(item.text), 3)
        else:
            want = min(len(item.text), 14)
        weights[item.col] = max(weights[item.col], want + 0.6)  # + the cell's padding
    total = sum(weights)
    return tuple(BODY_WIDTH_MM * w / total for w in weights)


def outline(report: Report, *, signature: bool = True, date: _dt.date | None = None) -> list[Block]:
    """The report as blocks, in reading order, with texts cleaned as for the PDF (title on one line)."""
    from .pdf.document import Options, clean_text, date_text, paragraphs, signature_date

    blocks: list[Block] = [Title((report.title,))]
    blocks += [Paragraph(*split_subheading(p)) for p in paragraphs(report.texts.get(PREFACE, ""))]
    for section in report.format.sections:
        blocks.append(Heading(section.heading))
        pars = [Paragraph(*split_subheading(p)) for p in paragraphs(report.texts.get(section.id, ""))]
        if section.table and pars:
            pars[-1] = Paragraph(pars[-1].head, pars[-1].rest, lead_in=True)
        blocks += pars
        if section.table:
            table = report.format.table(section.table)
            texts = tuple(
                format_value(report.value(item.cell_id)) if item.cell_id else clean_text(item.text)
                for item in table.items
            )
            blocks.append(Table(table, texts, column_widths_mm(table)))
    if signature:
        day = signature_date(report, Options(signature=True, date=date))
        blocks.append(Signature(clean_text(report.agency).strip(), date_text(day)))
    return blocks


def prepare(
    report: Report,
    what: str,
    path: str | os.PathLike[str] | None,
    *,
    signature: bool = True,
    date: _dt.date | None = None,
) -> list[Block]:
    """:func:`outline` with every character checked and the title broken where the PDF breaks it.

    Raises :class:`UnwritableCharacter` naming the file, the character and where it is
    when no font (the official ones installed, the bundled ones, the fallback) has it.
    """
    from .pdf.document import title_text
    from .pdf.fonts import FANG, HEI, KAI, SONG, TITLE, FontSet, MissingGlyphError

    fonts = FontSet()
    blocks = outline(report, signature=signature, date=date)
    for where, text, role in _texts(report, blocks, (FANG, HEI, KAI, SONG, TITLE)):
        try:
            fonts.resolve(text, role, where)
        except MissingGlyphError as exc:
            target = f"「{os.fspath(path)}」" if path is not None else ""
            raise UnwritableCharacter(
                f"无法导出{what}{target}：字符「{exc.char}」（U+{ord(exc.char):04X}）在所有可用字体中都没有字形，"
                f"位置：{where}。请改用其他写法后再导出。",
                path=path,
                where=where,
            ) from exc
    blocks[0] = Title(tuple(title_text(report, fonts).split("\n")))  # every character is known to be there
    return blocks


def _texts(report: Report, blocks: list[Block], roles: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(where, text, font role) of every text in the blocks, with the PDF's place names."""
    fang, hei, kai, song, title = roles
    out: list[tuple[str, str, str]] = []
    part = "开头部分"
    n = 0
    for block in blocks:
        match block:
            case Title(lines):
                out.append(("标题（机关名称和年度）", "".join(lines), title))
            case Heading(text):
                part, n = f"「{text}」", 0
                out.append((f"标题{part}", text, hei))
            case Paragraph(head, rest):
                n += 1
                out += [(f"{part}第{n}段", head, kai), (f"{part}第{n}段", rest, fang)]
            case Table(table, texts):
                for item, text in zip(table.items, texts, strict=True):
                    label = report.format.cells[item.cell_id].label if item.cell_id else item.text
                    out.append((f"{table.name}「{label}」", text, song))
            case Signature(agency, day):
                out += [("落款（机关名称）", agency, fang), ("落款（日期）", day, fang)]
    return out


def plain_width(text: str) -> float:
    """Width of ``text`` in full-width characters (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)
