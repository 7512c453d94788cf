"""GB/T 9704-2012 page geometry, text styles and the page-number footer."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .fonts import SONG, FontSet
from .text import Style, draw_line, layout, shape

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = A4
TOP_MARGIN = 37 * MM  # 天头
LEFT_MARGIN = 28 * MM  # 订口
BODY_WIDTH = 156 * MM  # 版心
BODY_HEIGHT = 225 * MM
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - BODY_HEIGHT  # 35 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = BODY_HEIGHT / LINES_PER_PAGE  # 28.99 pt
CHAR_PITCH = BODY_WIDTH / CHARS_PER_LINE  # 15.79 pt

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_GAP = 7 * MM  # 一字线上距版心下边缘 7 mm
DASH_TOP = 0.31  # top of the 一字线 above the baseline, in em (宋体)

BODY = Style(BODY_SIZE, LINE_PITCH, CHAR_PITCH, 2 * CHAR_PITCH, "justify")
TITLE = Style(TITLE_SIZE, LINE_PITCH, None, 0.0, "center")


def page_number_text(number: int) -> str:
    """ "— 3 —": half-width digits between two 一字线."""
    return f"\u2014 {number} \u2014"


def draw_page_number(canvas: Canvas, number: int, fonts: FontSet) -> None:
    """4号宋体 "— N —" below the type area: odd pages right, even pages left, one character in."""
    style = Style(PAGE_NUMBER_SIZE, PAGE_NUMBER_SIZE, None, 0.0, "left")
    runs = fonts.resolve(page_number_text(number), SONG, "页码")
    line = layout(shape(runs, style), style, BODY_WIDTH)[0]
    if number % 2:
        x = LEFT_MARGIN + BODY_WIDTH - PAGE_NUMBER_SIZE - line.width
    else:
        x = LEFT_MARGIN + PAGE_NUMBER_SIZE
    baseline = BOTTOM_MARGIN - PAGE_NUMBER_GAP - DASH_TOP * PAGE_NUMBER_SIZE
    draw_line(canvas, line, x, baseline, PAGE_NUMBER_SIZE)
