"""Word ``.docx`` export: an editable document on the GB/T 9704 page, built with python-docx.

The document is meant to be revised in WPS or Word before it is signed, so its look lives
in styles, not on the runs: 正文 (Normal: 3号仿宋, fixed 28.95 pt lines, two-character
indent), 标题 (Title: 2号小标宋), 标题 1 (Heading 1: 一、 headings in 黑体), 标题 2 and its
character style (Heading 2 / Heading 2 Char: （一） headings in 楷体), 表格文字 and 表格栏目
for the tables, 表格后 (half a line after a table) and 落款. Every font is named for East
Asian text too (``w:eastAsia``), so WPS does not fall back to 宋体, and the font table gives
the English names as alternates. The page is A4 with GB/T 9704 margins, 22 lines of 28
characters; page numbers 「— N —」 alternate sides in odd and even footers. Tables keep
every merged cell of the format grid, repeat their header rows on each page and never
split a row. No macro, no field that needs a network, no external reference.
"""

from __future__ import annotations

import datetime as _dt
import io
import os

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips

from . import __version__
from .export import Heading, Paragraph, Signature, Table, Title, plain_width, prepare, write_or_explain
from .report import Report

WHAT = "Word"
#: Font family per role: the names Chinese Windows and WPS install, and their English names.
FANG = ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed")
HEI = ("黑体", "SimHei", "02010609060101010101", "modern", "fixed")
KAI = ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed")
SONG = ("宋体", "SimSun", "02010600030101010101", "auto", "variable")
XBS = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "02000000000000000000", "script", "variable")

# Page geometry in twips (1/20 pt), as Word stores it: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_W, PAGE_H = 11906, 16838
TOP, LEFT, RIGHT, BOTTOM = 2098, 1587, 1474, 1984
LINE = (PAGE_H - TOP - BOTTOM) // 22  # 579 twips = 28.95 pt: 22 lines fill the 版心
#: 3号 is 16 pt but 28 characters of 156 mm are 15.79 pt: the body runs 0.25 pt tighter (in 1/20 pt).
#: (Character spacing, not Word's character grid: LibreOffice gives a character wider than its grid
#: cell two cells, so the grid would print 14 characters a line there.)
TRACKING = -5
CHAR_TWIPS = (PAGE_W - LEFT - RIGHT) / 28
FOOTER_DISTANCE = Mm(25.5)  # the 一字线 of the page number 7 mm below the 版心
STAMP_ROOM_LINES = 2
DATE_RIGHT_CHARS = 4


def _fonts(family: tuple[str, ...]) -> str:
    name = family[0]
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


def _rpr(family: tuple[str, ...], half_points: int, bold: bool = False, tracking: int = 0) -> str:
    b = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (
        f'<w:rPr {nsdecls("w")}>{_fonts(family)}{b}<w:color w:val="000000"/>'
        f'<w:spacing w:val="{tracking}"/><w:kern w:val="0"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def _ppr(inner: str) -> str:
    return f"<w:pPr {nsdecls('w')}>{inner}</w:pPr>"


_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
_BODY_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0" w:leftChars="0" w:left="0"/>'


def _set_style(style, ppr: str | None, rpr: str | None) -> None:
    """Replace a style's paragraph and run properties (the template's theme colours and fonts go)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    if ppr is not None:
        el.append(parse_xml(ppr))
    if rpr is not None:
        el.append(parse_xml(rpr))


#: The template's styles that the document uses; the other ~150 (table designs, lists) go.
KEEP_STYLES = {
    "Normal",
    "Title",
    "Title Char",
    "Heading 1",
    "Heading 1 Char",
    "Heading 2",
    "Heading 2 Char",
    "Header",
    "Header Char",
    "Footer",
    "Footer Char",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Table Grid",
}


def _styles(document, title_font: tuple[str, ...], title_bold: bool) -> None:
    styles = document.styles
    for style in list(styles):
        if style.name not in KEEP_STYLES:
            style.element.getparent().remove(style.element)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr_default.remove(rpr_default.find(qn("w:rPr")))
    rpr_default.append(
        parse_xml(
            f'<w:rPr {nsdecls("w")}>{_fonts(FANG)}<w:sz w:val="32"/><w:szCs w:val="32"/>'
            '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
        )
    )
    ppr_default = defaults.find(qn("w:pPrDefault"))
    ppr_default.remove(ppr_default.find(qn("w:pPr")))
    ppr_default.append(parse_xml(_ppr('<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>')))

    normal = styles["Normal"]
    _set_style(
        normal,
        _ppr(f'<w:widowControl w:val="0"/><w:jc w:val="both"/>{_EXACT}{_BODY_INDENT}'),
        _rpr(FANG, 32, tracking=TRACKING),
    )
    _set_style(
        styles["Title"],
        _ppr(
            f'<w:jc w:val="center"/><w:spacing w:before="0" w:after="{LINE}" w:line="{LINE}" w:lineRule="exact"/>{_NO_INDENT}'
        ),
        _rpr(title_font, 44, bold=title_bold),
    )
    _set_style(styles["Title Char"], None, _rpr(title_font, 44, bold=title_bold))
    _set_style(styles["Heading 1"], _ppr('<w:keepNext/><w:outlineLvl w:val="0"/>'), _rpr(HEI, 32, tracking=TRACKING))
    _set_style(styles["Heading 1 Char"], None, _rpr(HEI, 32, tracking=TRACKING))
    _set_style(styles["Heading 2"], _ppr('<w:keepNext/><w:outlineLvl w:val="1"/>'), _rpr(KAI, 32, tracking=TRACKING))
    _set_style(styles["Heading 2 Char"], None, _rpr(KAI, 32, tracking=TRACKING))
    _set_style(
        styles["Footer"],
        _ppr(f'<w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/>{_NO_INDENT}'),
        _rpr(SONG, 28),
    )
    cell = styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _set_style(
        cell,
        _ppr(
            '<w:snapToGrid w:val="0"/><w:jc w:val="center"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="270" w:lineRule="exact"/>{_NO_INDENT}'
        ),
        _rpr(SONG, 21),
    )
    label = styles.add_style("表格栏目", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = cell
    _set_style(label, _ppr('<w:jc w:val="left"/>'), None)
    gap = styles.add_style("表格后", WD_STYLE_TYPE.PARAGRAPH)  # half a line between a table and the text
    gap.base_style = normal
    _set_style(gap, _ppr(f'<w:spacing w:before="0" w:after="0" w:line="{LINE // 2}" w:lineRule="exact"/>'), None)
    sign = styles.add_style("落款", WD_STYLE_TYPE.PARAGRAPH)
    sign.base_style = normal
    _set_style(sign, _ppr(f'<w:keepNext/><w:jc w:val="right"/>{_NO_INDENT}'), None)


def _font_table(document) -> None:
    """Declare our fonts with their English names, GB2312 charset and PANOSE (for substitution)."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt, panose, family, pitch in (FANG, HEI, KAI, SONG, XBS):
        if name in have:
            continue
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="{family}"/>'
                f'<w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(root)


def _page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin, section.bottom_margin = Twips(TOP), Twips(BOTTOM)
    section.left_margin, section.right_margin = Twips(LEFT), Twips(RIGHT)
    section.gutter = Twips(0)
    section.header_distance = Mm(15)
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE))
    document.settings.odd_and_even_pages_header_footer = True
    # Odd pages: right, one character in; even pages: left, one character in (GB/T 9704 7.5).
    _page_number(section.footer.paragraphs[0], "right")
    _page_number(section.even_page_footer.paragraphs[0], "left")


def _page_number(paragraph, side: str) -> None:
    _style(paragraph, "Footer")
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{side}"/>'))
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:{side}Chars="100" w:{side}="280"/>'))
    paragraph.add_run("\u2014 ")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run("1")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    paragraph.add_run(" \u2014")


#: Style names -> style ids, set directly on paragraphs and runs (python-docx looks a name up
#: through every style of the document on each assignment; a test checks the ids).
STYLE_IDS = {
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Heading 2 Char": "Heading2Char",
    "Footer": "Footer",
    "表格文字": "表格文字",
    "表格栏目": "表格栏目",
    "落款": "落款",
    "表格后": "表格后",
}


def _style(paragraph, name: str) -> None:
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[name]


def _paragraph(document, text: str, style: str):
    paragraph = document.add_paragraph(text)
    _style(paragraph, style)
    return paragraph


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _table(document, block: Table) -> None:
    table_def = block.table
    n_rows, n_cols = table_def.n_rows, table_def.n_cols
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.table_direction = WD_TABLE_DIRECTION.LTR
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        )
    )
    widths = [Mm(w) for w in block.widths_mm]
    for c, column in enumerate(table.columns):
        column.width = widths[c]
    header = table_def.header_rows()
    kinds = _row_kinds(table_def)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        if r < header:
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        tr_pr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="400" w:hRule="atLeast"/>'))
    grid = [list(row.cells) for row in table.rows]  # before any merge: one cell per grid position
    for item, text in zip(table_def.items, block.texts, strict=True):
        cell = grid[item.row][item.col]
        _span(grid, item, sum(widths[item.col : item.col + item.colspan]))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        _style(paragraph, "表格栏目" if item.role == "label" and item.rowspan == 1 else "表格文字")
        if text:
            paragraph.add_run(text)
        if kinds[item.row] != "body":  # never break right after a header or block-title row
            _keep_with_next(paragraph)


def _span(grid, item, width) -> None:
    """Merge the grid cells an item covers: ``gridSpan`` across, ``vMerge`` down (as Word does).

    Done on the cells' own properties; python-docx's ``merge()`` re-measures the whole table
    on every call (a third of the export's time).
    """
    for r in range(item.row, item.row + item.rowspan):
        tc = grid[r][item.col]._tc
        tc.width = width
        if item.colspan > 1:
            tc.grid_span = item.colspan
            for c in range(item.col + 1, item.col + item.colspan):
                swallowed = grid[r][c]._tc
                swallowed.getparent().remove(swallowed)
        if item.rowspan > 1:
            tc.vMerge = "restart" if r == item.row else "continue"


def _row_kinds(table_def) -> list[str]:
    kinds = []
    for r in range(table_def.n_rows):
        roles = {table_def.item_at(r, c).role for c in range(table_def.n_cols)}
        kinds.append("header" if roles == {"header"} else "block" if "block" in roles else "body")
    return kinds


def _signature(document, block: Signature) -> None:
    date_w = plain_width(block.date)
    date_right = DATE_RIGHT_CHARS
    agency_right = max(0.0, date_right + (date_w - plain_width(block.agency)) / 2)
    first = True
    for text, right in ((block.agency, agency_right), (block.date, date_right)):
        if not text:
            continue
        paragraph = _paragraph(document, text, "落款")
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:ind {nsdecls("w")} w:rightChars="{round(right * 100)}" w:right="{round(right * CHAR_TWIPS)}"/>'
            )
        )
        if first:
            paragraph.paragraph_format.space_before = Twips(STAMP_ROOM_LINES * LINE)
            first = False


def _title_font() -> tuple[tuple[str, ...], bool]:
    """方正小标宋简体 when this machine has it (as the PDF does), else bold 宋体."""
    from .pdf.fonts import TITLE, system_font

    return (XBS, False) if system_font(TITLE) is not None else (SONG, True)


def render_docx(
    report: Report, *, signature: bool = True, date: _dt.date | None = None, path: str | os.PathLike[str] | None = None
) -> bytes:
    """The Word document as bytes (see :func:`write_docx`)."""
    blocks = prepare(report, WHAT, path, signature=signature, date=date)
    document = docx.Document()
    title_font, title_bold = _title_font()
    _styles(document, title_font, title_bold)
    _font_table(document)
    _page(document)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    last_text = None
    for block in blocks:
        match block:
            case Title(lines):
                paragraph = _paragraph(document, "", "Title")
                for i, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if i < len(lines) - 1:
                        run.add_break()
                _keep_with_next(paragraph)
            case Heading(text):
                _keep_with_next(_paragraph(document, text, "Heading 1"))
            case Paragraph(head, rest, lead_in):
                if head and not rest:
                    paragraph = _paragraph(document, head, "Heading 2")
                else:
                    paragraph = document.add_paragraph()
                    if head:
                        paragraph.add_run(head)._r.get_or_add_rPr().style = STYLE_IDS["Heading 2 Char"]
                    paragraph.add_run(rest)
                if lead_in:
                    _keep_with_next(paragraph)
                last_text = paragraph
            case Table():
                _table(document, block)
                _paragraph(document, "", "表格后")
                last_text = None
            case Signature():
                if last_text is not None:  # the 落款 never stands alone on a page
                    _keep_with_next(last_text)
                _signature(document, block)
    _properties(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _properties(document, report: Report) -> None:
    props = document.core_properties
    props.title = report.title
    props.author = report.agency
    props.subject = f"政府信息公开工作年度报告（{report.format.label}）"
    props.keywords = "政府信息公开；年度报告" + (f"；{report.year}年度" if report.year else "")
    props.language = "zh-CN"
    props.comments = f"nianbao {__version__}"
    props.last_modified_by = report.agency
    props.revision = 1
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


def write_docx(
    report: Report, path: str | os.PathLike[str], *, signature: bool = True, date: _dt.date | None = None
) -> None:
    """Write the report as an editable Word document (``.docx``), atomically.

    ``signature``: end with the 落款; ``date``: its date (default the 发布日期, else today).
    Raises :class:`~nianbao.core.errors.ExportError` with a Chinese message naming the
    file; an existing file is untouched on failure.
    """
    write_or_explain(WHAT, path, render_docx(report, signature=signature, date=date, path=path))
