"""审核意见单: what the county office sends back to a body, as PDF and Word.

:func:`build_sheet` collects, for one body, the file reviewed, every finding the reviewer
confirmed — in plain Chinese, with the cells (and the values the file gives them) or the
words of the text it concerns — the reviewer's comment on each, the free comments, the
comparison with the previous round, the date and a 审核人 line. :func:`write_sheet_pdf` sets
it with the report's own PDF machinery (``core/pdf``: the same fonts, line breaking and
page flow) and :func:`write_sheet_docx` with python-docx; both write atomically.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from dataclasses import dataclass, field

from . import __version__
from .atomic import write_bytes_atomic
from .errors import ExportError, write_failed
from .findings import Finding
from .report import Report
from .review import BodyReview
from .values import format_value

TITLE = "政府信息公开工作年度报告审核意见单"
MAX_CELLS_NAMED = 4


@dataclass(frozen=True)
class SheetItem:
    """One confirmed finding: what is wrong, where, and what the reviewer said."""

    severity: str  # 错误 / 警告 / 提示
    message: str
    where: str
    comment: str


@dataclass
class ReviewSheet:
    """The content of one 审核意见单."""

    body: str
    file: str
    report_title: str
    date: _dt.date
    reviewer: str = ""
    office: str = ""
    round_no: int = 1
    items: list[SheetItem] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    progress: str = ""  # 与上一轮相比 …

    def lines(self) -> list[tuple[str, str]]:
        """The sheet as (style, text) lines: title, field, heading, item, text, sign — what both writers set."""
        out: list[tuple[str, str]] = [("title", TITLE)]
        out.append(("field", f"被审核单位：{self.body}"))
        out.append(("field", f"审核文件：{self.file}（{self.report_title}）"))
        out.append(("field", f"审核轮次：第 {self.round_no} 轮" + (f"。{self.progress}" if self.progress else "")))
        out.append(("heading", f"一、需要修改的问题（共 {len(self.items)} 条）"))
        if not self.items:
            out.append(("text", "经审核，未发现需要修改的问题。"))
        for n, item in enumerate(self.items, 1):
            out.append(("item", f"{n}．【{item.severity}】{item.message}"))
            if item.where:
                out.append(("detail", f"位置：{item.where}"))
            if item.comment:
                out.append(("detail", f"审核意见：{item.comment}"))
        out.append(("heading", "二、其他意见"))
        out += [("text", c) for c in self.comments] or [("text", "无。")]
        out.append(("text", "请根据以上意见修改后重新报送。"))
        office = f"审核单位：{self.office}　　" if self.office else ""
        out.append(("sign", f"{office}审核人：{self.reviewer or '＿＿＿＿＿＿'}"))
        out.append(("sign", f"审核日期：{self.date.year}年{self.date.month}月{self.date.day}日"))
        return out


def where_text(finding: Finding, report: Report | None) -> str:
    """Where a finding is, in words: the table and row/column labels with the file's values,
    the part of the text with the words quoted, or the field of 基本信息."""
    if report is None:
        return ""
    fmt = report.format
    cells = [c for c in finding.cells if c in fmt.cells]
    if cells:
        named = []
        for cell_id in cells[:MAX_CELLS_NAMED]:
            cell = fmt.cells[cell_id]
            value = report.cells.get(cell_id)
            shown = format_value(value) if value is not None else "空白"
            named.append(f"{fmt.table(cell.table).name}：{cell.short_label}＝{shown}")
        more = f"等 {len(cells)} 个单元格" if len(cells) > MAX_CELLS_NAMED else ""
        return "；".join(named) + more
    if finding.part is not None:
        from .prepared_text import part_name

        name = part_name(report, finding.part)
        text = report.texts.get(finding.part, "")
        if finding.span is not None and finding.span[1] > finding.span[0]:
            words = " ".join(text[finding.span[0] : finding.span[1]].split())
            return f"「{name}」：「{words}」"
        return f"「{name}」"
    if finding.meta is not None:
        labels = {"agency": "机关名称", "level": "层级", "year": "报告年度", "published": "发布日期"}
        return f"基本信息「{labels.get(finding.meta, finding.meta)}」"
    return ""


def build_sheet(
    body: str,
    review: BodyReview,
    report: Report | None,
    *,
    reviewer: str = "",
    office: str = "",
    date: _dt.date | None = None,
) -> ReviewSheet:
    """The 审核意见单 of ``body`` from its review: the latest round's confirmed findings and the comments."""
    latest = review.rounds[-1] if review.rounds else None
    sheet = ReviewSheet(
        body=body,
        file=latest.file if latest else "",
        report_title=report.title if report is not None else "",
        date=date or _dt.date.today(),
        reviewer=reviewer,
        office=office,
        round_no=len(review.rounds) or 1,
        comments=[c for c in review.comments if c.strip()],
    )
    for finding, decision in review.confirmed():
        sheet.items.append(
            SheetItem(finding.severity.label, finding.message, where_text(finding, report), decision.comment)
        )
    comparison = review.comparison()
    if comparison is not None:
        sheet.progress = (
            f"与上一轮相比：已改正 {len(comparison.fixed)} 条，仍存在 {len(comparison.still_open)} 条，"
            f"新发现 {len(comparison.new)} 条"
        )
    return sheet


# ---------------------------------------------------------------- PDF


def render_sheet_pdf(sheet: ReviewSheet) -> bytes:
    """The sheet as a PDF (A4, the report's fonts and line breaking)."""
    from reportlab.pdfgen.canvas import Canvas

    from .pdf.flow import Block, Gap, flow
    from .pdf.fonts import FANG, HEI, FontSet
    from .pdf.fonts import TITLE as TITLE_ROLE
    from .pdf.page import BODY_HEIGHT, BODY_WIDTH, BOTTOM_MARGIN, LEFT_MARGIN, PAGE_HEIGHT, PAGE_WIDTH, draw_page_number
    from .pdf.text import Style, TextBlock

    size = 14.0  # 4号: one or two pages for a sheet of a dozen findings
    styles = {
        "title": (TITLE_ROLE, Style(20.0, 34.0, None, 0.0, "center")),
        "field": (FANG, Style(size, 24.0, size, 0.0, "left")),
        "heading": (HEI, Style(size, 28.0, size, 0.0, "left")),
        "item": (FANG, Style(size, 24.0, size, 0.0, "justify")),
        "detail": (FANG, Style(size, 24.0, size, 2 * size, "justify")),
        "text": (FANG, Style(size, 24.0, size, 2 * size, "justify")),
        "sign": (FANG, Style(size, 30.0, size, 0.0, "right")),
    }
    fonts = FontSet()
    blocks: list[Block] = []
    last = ""
    for n, (style_name, text) in enumerate(sheet.lines()):
        role, style = styles[style_name]
        if style_name in ("heading", "sign") and last not in ("heading", "sign"):
            blocks.append(Gap(10.0 if style_name == "heading" else 24.0))
        block = TextBlock(fonts.resolve(text, role, f"审核意见单第{n + 1}行"), style)
        block.keep_with_next = style_name in ("heading", "item", "title")
        blocks.append(block)
        last = style_name
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), lang="zh-CN")
    canvas.setTitle(f"{TITLE}（{sheet.body}）")
    canvas.setAuthor(sheet.office or sheet.reviewer)
    canvas.setSubject(sheet.report_title)
    canvas.setCreator(f"nianbao {__version__}")
    flow(
        blocks,
        canvas,
        (LEFT_MARGIN, BOTTOM_MARGIN, BODY_WIDTH, BODY_HEIGHT),
        lambda canv, number: draw_page_number(canv, number, fonts),
    )
    canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------- Word


def render_sheet_docx(sheet: ReviewSheet) -> bytes:
    """The sheet as a Word document (A4, 仿宋/黑体/宋体 as the report's Word export names them)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(30)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    fonts = {"title": ("宋体", 20, True), "heading": ("黑体", 14, False)}
    align = {
        "title": WD_ALIGN_PARAGRAPH.CENTER,
        "sign": WD_ALIGN_PARAGRAPH.RIGHT,
        "item": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "detail": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "text": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    for style_name, text in sheet.lines():
        paragraph = document.add_paragraph()
        if style_name in align:
            paragraph.alignment = align[style_name]
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(12 if style_name == "title" else 3)
        if style_name in ("heading",):
            fmt.space_before = Pt(9)
            fmt.keep_with_next = True
        if style_name in ("detail", "text"):
            fmt.first_line_indent = Pt(28)
        if style_name == "item":
            fmt.keep_with_next = True
        family, points, bold = fonts.get(style_name, ("仿宋", 14, False))
        run = paragraph.add_run(text)
        run.font.size = Pt(points)
        run.font.bold = bold
        run.font.name = family
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    props = document.core_properties
    props.title = f"{TITLE}（{sheet.body}）"
    props.author = sheet.office or sheet.reviewer
    props.subject = sheet.report_title
    props.language = "zh-CN"
    props.comments = f"nianbao {__version__}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_sheet(sheet: ReviewSheet, path: str | os.PathLike[str]) -> None:
    """Write the sheet as .pdf or .docx (by the suffix), atomically; raises :class:`ExportError`."""
    suffix = os.fspath(path).lower().rsplit(".", 1)[-1]
    if suffix == "pdf":
        data, what = render_sheet_pdf(sheet), "审核意见单（PDF）"
    elif suffix == "docx":
        data, what = render_sheet_docx(sheet), "审核意见单（Word）"
    else:
        raise ExportError(f"不支持的审核意见单格式「{path}」：文件名应以 .pdf 或 .docx 结尾", path=path)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise ExportError(write_failed(what, path, exc), path=path) from exc
