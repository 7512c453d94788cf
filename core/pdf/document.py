"""The report as a list of flowables: title, body, headings, tables and the 落款."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from ..formats import TableDef
from ..report import PREFACE, Report
from ..values import format_value
from .draftmark import findings_page
from .flow import Block, Gap
from .fonts import FANG, HEI, KAI, SONG, TITLE, FontSet, Run
from .page import BODY, BODY_HEIGHT, BODY_WIDTH, CHAR_PITCH, LINE_PITCH
from .page import TITLE as TITLE_STYLE
from .table import GridTable, TableStyle
from .text import Line, Style, TextBlock, draw_line, layout, shape
from .title import break_title

#: A paragraph that starts like "（一）" or "(一)" opens with a second-level heading (楷体).
SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")
SUBHEADING_END = re.compile(r"[。：:]")  # the heading run ends with the first of these (or the line)
SUBHEADING_MAX = 60  # longer than this without "。" or "：", the paragraph has no heading run
#: Invisible characters dropped silently: variation selectors (an emoji or ideographic
#: variant request) and the Mongolian free variation selectors; format characters (Cf:
#: zero-width space, joiners, BOM) are dropped with the control characters.
INVISIBLE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180d]")
STAMP_ROOM_LINES = 2  # blank lines between the body and the 署名: the stamp overlaps them
DATE_RIGHT_CHARS = 4  # 成文日期右空四字


@dataclass(frozen=True)
class Options:
    """What the caller may change about the document."""

    signature: bool = True  # 落款: 机关名称 and date at the end
    date: _dt.date | None = None  # date of the 落款; default 发布日期, else today
    draft_mark: bool = False  # 「草稿」 watermark and a last page listing the findings


def clean_text(text: str) -> str:
    """Line ends to ``\\n``, tabs to spaces; invisible control, format and variation characters dropped."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"))


def paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of a text part; leading and trailing spaces dropped (we indent)."""
    out = []
    for line in clean_text(text).split("\n"):
        line = line.strip(" \u3000\u00a0")
        if line:
            out.append(line)
    return out


def split_subheading(par: str) -> tuple[str, str]:
    """A paragraph's leading "（一）…" heading run and the rest.

    The heading run ends at the first "。" or "：", or with the paragraph, whichever
    comes first: 「（一）存在的主要问题：一是…。」 gives 「（一）存在的主要问题：」 and the rest.
    """
    if SUBHEADING.match(par):
        end = SUBHEADING_END.search(par)
        if end is None and len(par) <= SUBHEADING_MAX:
            return par, ""
        if end is not None and end.start() < SUBHEADING_MAX:
            return par[: end.end()], par[end.end() :]
    return "", par


def paragraph_runs(par: str, fonts: FontSet, where: str) -> list[Run]:
    """Runs of one body paragraph: its （一） heading run (:func:`split_subheading`) in 楷体, the rest 仿宋."""
    head, rest = split_subheading(par)
    return fonts.resolve(head, KAI, where) + fonts.resolve(rest, FANG, where)


def title_text(report: Report, fonts: FontSet) -> str:
    """The title, with line breaks between words where it needs more than one line (see :mod:`.title`)."""
    year = f"{report.year}年" if report.year else ""
    agency = clean_text(report.agency).strip()
    rest = [year, "政府信息公开工作", "年度报告"]
    if agency + "".join(rest) != report.title:
        return report.title

    def width(text: str) -> float:
        return sum(f.width(ch, TITLE_STYLE.size) for t, f in fonts.resolve(text, TITLE, "标题") for ch in t)

    return break_title(agency, rest, width, BODY_WIDTH)


def date_text(day: _dt.date) -> str:
    """ "2021年1月20日": Arabic numerals, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def signature_date(report: Report, options: Options) -> _dt.date:
    """The 落款 date: the option, else the 发布日期, else today."""
    return signature_date_and_source(report, options)[0]


def signature_date_and_source(report: Report, options: Options) -> tuple[_dt.date, str]:
    """The 落款 date and where it came from: "option", "published" or "today"."""
    if options.date is not None:
        return options.date, "option"
    try:
        return _dt.date.fromisoformat(report.published), "published"
    except (TypeError, ValueError):
        return _dt.date.today(), "today"


def date_note(report: Report, options: Options) -> str:
    """What the export says about the 落款 date it used (Chinese)."""
    day, source = signature_date_and_source(report, options)
    why = {
        "option": "导出时指定的日期",
        "published": "草稿中的发布日期",
        "today": "草稿未填写发布日期，使用了今天的日期；请在「基本信息」中填写发布日期",
    }[source]
    return f"落款日期：{date_text(day)}（{why}）"


class Signature(Block):
    """落款: room for the stamp, the 机关名称 centred over the date, the date 右空四字."""

    def __init__(self, agency: list[Run], date: list[Run]):
        style = Style(BODY.size, BODY.leading, CHAR_PITCH, 0.0, "left")
        self.style = style
        self.agency = layout(shape(agency, style), style, BODY_WIDTH) if agency else []
        self.date = layout(shape(date, style), style, BODY_WIDTH)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = (STAMP_ROOM_LINES + len(self.agency) + len(self.date)) * LINE_PITCH
        return self.width, self.height

    def draw(self, canvas: Canvas, x0: float, y0: float) -> None:
        st = self.style
        offset = (st.leading - st.size) / 2 + st.ascent * st.size
        date_line = self.date[0]
        date_x = self.width - DATE_RIGHT_CHARS * CHAR_PITCH - date_line.width
        centre = date_x + date_line.width / 2
        rows: list[tuple[Line, float]] = []
        for line in self.agency:
            x = min(max(centre - line.width / 2, 0.0), self.width - line.width)
            rows.append((line, x))
        rows.append((date_line, date_x))
        top = y0 + self.height - STAMP_ROOM_LINES * LINE_PITCH
        for i, (line, x) in enumerate(rows):
            draw_line(canvas, line, x0 + x, top - i * LINE_PITCH - offset, st.size)


class SignatureTail(Block):
    """The last paragraph and the 落款, kept together: at least one line of the paragraph
    stands on the page of the 落款, so a page never holds the 署名 alone."""

    def __init__(self, paragraph: TextBlock, signature: Signature):
        self.paragraph = paragraph
        self.signature = signature

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = (
            self.paragraph.wrap(avail_width, avail_height)[1] + self.signature.wrap(avail_width, avail_height)[1]
        )
        return self.width, self.height

    def min_height(self, avail_width: float) -> float:
        lines = self.paragraph.lines_for(avail_width)
        if len(lines) < 2:
            return self.wrap(avail_width, 1e9)[1]
        return self.paragraph.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Block]:
        lines = self.paragraph.lines_for(avail_width)
        keep = min(int((avail_height + 0.01) // self.paragraph.style.leading), len(lines) - 1)
        if keep <= 0:
            return []
        style, runs = self.paragraph.style, self.paragraph.runs
        return [
            TextBlock(runs, style, lines[:keep]),
            SignatureTail(TextBlock(runs, style, lines[keep:]), self.signature),
        ]

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        self.paragraph.draw(canvas, x, y + self.signature.height)
        self.signature.draw(canvas, x, y)


def table_texts(report: Report, table_id: str, fonts: FontSet) -> tuple[dict[int, list[Run]], TableDef]:
    """Runs for every grid item of a table: the verbatim labels and the values as typed."""
    table = report.format.table(table_id)
    texts: dict[int, list[Run]] = {}
    for idx, item in enumerate(table.items):
        if item.role == "data":
            text = format_value(report.value(item.cell_id)) if item.cell_id else ""
            where = f"{table.name}「{report.format.cells[item.cell_id].label}」" if item.cell_id else table.name
        else:
            text = clean_text(item.text)
            where = f"{table.name}「{item.text}」"
        texts[idx] = fonts.resolve(text, SONG, where)
    return texts, table


def build_story(report: Report, fonts: FontSet, options: Options) -> list[Block]:
    """Every flowable of the report, with every character's font resolved (or an error)."""
    story: list[Block] = []
    title = TextBlock(fonts.resolve(title_text(report, fonts), TITLE, "标题（机关名称和年度）"), TITLE_STYLE)
    title.keep_with_next = True
    story += [title, Gap(LINE_PITCH)]
    for n, par in enumerate(paragraphs(report.texts.get(PREFACE, "")), 1):
        story.append(TextBlock(paragraph_runs(par, fonts, f"开头部分第{n}段"), BODY))
    tstyle = TableStyle()
    for section in report.format.sections:
        heading = TextBlock(fonts.resolve(section.heading, HEI, f"标题「{section.heading}」"), BODY)
        heading.keep_with_next = True
        story.append(heading)
        for n, par in enumerate(paragraphs(report.texts.get(section.id, "")), 1):
            story.append(TextBlock(paragraph_runs(par, fonts, f"「{section.heading}」第{n}段"), BODY))
        if section.table:
            story[-1].keep_with_next = True  # the lead-in stays with the table
            texts, table = table_texts(report, section.table, fonts)
            story.append(Gap(LINE_PITCH / 4))
            story.append(GridTable(table, texts, tstyle, BODY_HEIGHT))  # the next line goes back on the grid
    if options.signature:
        agency = clean_text(report.agency).strip()
        signature = Signature(
            fonts.resolve(agency, FANG, "落款（机关名称）") if agency else [],
            fonts.resolve(date_text(signature_date(report, options)), FANG, "落款（日期）"),
        )
        last = story[-1]
        if isinstance(last, TextBlock) and not last.keep_with_next:
            story[-1] = SignatureTail(last, signature)
        else:
            story.append(signature)
    if options.draft_mark:
        story += findings_page(report, fonts)
    fonts.raise_missing()
    return story
