"""An internal review copy: a light 「草稿」 watermark on every page and a last page of findings.

Only with ``draft_mark=True`` (``nianbao export --draft-mark``); the default export is the
clean document to be signed and published.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..report import Report
from .flow import Block, PageBreak
from .fonts import FANG, HEI, FontSet
from .page import BODY, BODY_HEIGHT, PAGE_HEIGHT, PAGE_WIDTH
from .text import Style, TextBlock, draw_line, layout, shape

MARK_TEXT = "草稿"
MARK_SIZE = 150.0
MARK_GREY = 0.88  # light enough to read the text through, dark enough to survive a copier
MARK_ANGLE = 45.0
FINDINGS_HEADING = "附：检查结果（内部审阅稿，正式发布前请改正并去掉草稿标记）"


def draw_watermark(canvas: Canvas, fonts: FontSet) -> None:
    """「草稿」 across the middle of the page, under the page's text."""
    style = Style(MARK_SIZE, MARK_SIZE, None, 0.0, "left")
    line = layout(shape(fonts.resolve(MARK_TEXT, HEI, "草稿标记"), style), style, 1e9)[0]
    canvas.saveState()
    canvas.setFillGray(MARK_GREY)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(MARK_ANGLE)
    draw_line(canvas, line, -line.width / 2, -MARK_SIZE * 0.35, MARK_SIZE)
    canvas.restoreState()


def findings_page(report: Report, fonts: FontSet) -> list[Block]:
    """A new page listing every finding of ``check(report)``, or saying there are none."""
    from ..rules import check  # only a draft-marked export needs the rules here

    findings = check(report)
    heading = TextBlock(fonts.resolve(FINDINGS_HEADING, HEI, "草稿检查结果"), BODY)
    heading.keep_with_next = True
    blocks: list[Block] = [PageBreak(BODY_HEIGHT), heading]
    if not findings:
        blocks.append(TextBlock(fonts.resolve("未发现错误和警告。", FANG, "草稿检查结果"), BODY))
    for n, finding in enumerate(findings, 1):
        blocks.append(TextBlock(fonts.resolve(f"{n}. {finding.label}", FANG, f"草稿检查结果第{n}条"), BODY))
    return blocks
