"""Web-page export: one self-contained UTF-8 ``.html`` file for the site's 政府信息公开专栏.

The page has no script, no style sheet, font or image of its own or from elsewhere: every
style is inline, so it survives being pasted into a CMS editor (UEditor, KindEditor, …),
and the tables also carry ``border``/``cellpadding`` attributes for editors that drop
styles. Headings are ``h1`` (title), ``h2`` (一、), ``h3`` (a paragraph that is only a
（一） heading); paragraphs are ``p``; the official tables are real ``<table>``s with
``rowspan``/``colspan`` exactly as the format grid, header rows in ``<thead>``.

:func:`render_html` gives the markup, :func:`render_fragment` only the part inside
``<body>`` (what 复制为网页 puts on the clipboard), :func:`render_text` the same report as
plain text (paragraphs, and table rows with tab-separated cells) for editors that take
no markup.
"""

from __future__ import annotations

import datetime as _dt
import html
import os

from . import __version__
from .export import Block, Heading, Paragraph, Signature, Table, Title, plain_width, prepare, write_or_explain
from .report import Report

WHAT = "网页"
FANG = "FangSong, 仿宋, STFangsong, 'Fandol Fang', serif"
HEI = "SimHei, 黑体, 'Microsoft YaHei', 'PingFang SC', sans-serif"
KAI = "KaiTi, 楷体, STKaiti, serif"
SONG = "SimSun, 宋体, 'Songti SC', serif"
TITLE = SONG  # 小标宋 is rarely on a reader's machine; a synthesised bold of it would be worse
DATE_RIGHT_CHARS = 4

_BODY = f"font-family:{FANG};font-size:16pt;line-height:1.8;color:#000;max-width:160mm;margin:0 auto"
_P = "margin:0;text-indent:2em;text-align:justify"
_H1 = f"font-family:{TITLE};font-size:22pt;font-weight:bold;line-height:1.5;text-align:center;margin:0 0 0.8em 0"
_H2 = f"font-family:{HEI};font-size:16pt;font-weight:normal;margin:0;text-indent:2em"
_H3 = f"font-family:{KAI};font-size:16pt;font-weight:normal;margin:0;text-indent:2em"
_TABLE = (
    f"border-collapse:collapse;width:100%;font-family:{SONG};font-size:10.5pt;line-height:1.3;"
    "margin:0.4em 0 0.8em 0;table-layout:fixed"
)
_CELL = "border:1px solid #000;padding:3px 4px;font-weight:normal;vertical-align:middle"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _table(block: Table) -> list[str]:
    table = block.table
    header = table.header_rows()
    out = [f'<table border="1" cellspacing="0" cellpadding="4" style="{_TABLE}">']
    total = sum(block.widths_mm)
    out.append(
        "<colgroup>" + "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in block.widths_mm) + "</colgroup>"
    )
    by_row: dict[int, list[int]] = {}
    for index, item in enumerate(table.items):
        by_row.setdefault(item.row, []).append(index)
    for r in range(table.n_rows):
        if r == 0 and header:
            out.append("<thead>")
        if r == header:
            out.append("</thead><tbody>" if header else "<tbody>")
        cells = []
        for index in by_row.get(r, []):
            item = table.items[index]
            tag = "td" if item.role == "data" else "th"
            align = "left" if item.role == "label" and item.rowspan == 1 else "center"
            span = (f' rowspan="{item.rowspan}"' if item.rowspan > 1 else "") + (
                f' colspan="{item.colspan}"' if item.colspan > 1 else ""
            )
            scope = ' scope="row"' if item.role == "label" else ' scope="col"' if item.role == "header" else ""
            cells.append(f'<{tag}{span}{scope} style="{_CELL};text-align:{align}">{_e(block.texts[index])}</{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def _blocks_html(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        match block:
            case Title(lines):
                out.append(f'<h1 style="{_H1}">{_e("".join(lines))}</h1>')
            case Heading(text):
                out.append(f'<h2 style="{_H2}">{_e(text)}</h2>')
            case Paragraph(head, rest):
                if head and not rest:
                    out.append(f'<h3 style="{_H3}">{_e(head)}</h3>')
                else:
                    lead = f'<span style="font-family:{KAI}">{_e(head)}</span>' if head else ""
                    out.append(f'<p style="{_P}">{lead}{_e(rest)}</p>')
            case Table():
                out += _table(block)
            case Signature(agency, day):
                date_w = plain_width(day)
                agency_right = max(0.0, DATE_RIGHT_CHARS + (date_w - plain_width(agency)) / 2)
                out.append('<div style="margin-top:3.6em;text-align:right">')
                if agency:
                    out.append(f'<p style="margin:0 {agency_right:.2f}em 0 0;text-align:right">{_e(agency)}</p>')
                out.append(f'<p style="margin:0 {DATE_RIGHT_CHARS}em 0 0;text-align:right">{_e(day)}</p>')
                out.append("</div>")
    return out


def render_fragment(
    report: Report, *, signature: bool = True, date: _dt.date | None = None, path: str | os.PathLike[str] | None = None
) -> str:
    """The report as one ``<div>`` with inline styles: what a CMS editor takes when pasted."""
    blocks = prepare(report, WHAT, path, signature=signature, date=date)
    return "\n".join([f'<div style="{_BODY}">', *_blocks_html(blocks), "</div>"])


def render_html(
    report: Report, *, signature: bool = True, date: _dt.date | None = None, path: str | os.PathLike[str] | None = None
) -> str:
    """The whole page (see :func:`write_html`)."""
    fragment = render_fragment(report, signature=signature, date=date, path=path)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="nianbao {_e(__version__)}">',
            f'<meta name="author" content="{_e(report.agency)}">',
            f"<title>{_e(report.title)}</title>",
            "</head>",
            '<body style="margin:2em 1em;background:#fff">',
            fragment,
            "</body>",
            "</html>",
            "",
        ]
    )


def render_text(
    report: Report, *, signature: bool = True, date: _dt.date | None = None, path: str | os.PathLike[str] | None = None
) -> str:
    """The report as plain text: indented paragraphs, table rows with tab-separated cells."""
    blocks = prepare(report, WHAT, path, signature=signature, date=date)
    lines: list[str] = []
    for block in blocks:
        match block:
            case Title(lines=title):
                lines += ["".join(title), ""]
            case Heading(text):
                lines.append(f"\u3000\u3000{text}")
            case Paragraph(head, rest):
                lines.append(f"\u3000\u3000{head}{rest}")
            case Table(table, texts):
                by_row: dict[int, list[str]] = {}
                for item, text in zip(table.items, texts, strict=True):
                    by_row.setdefault(item.row, []).append(text)
                lines += ["\t".join(by_row.get(r, [])) for r in range(table.n_rows)]
            case Signature(agency, day):
                lines += ["", ""] + ([agency] if agency else []) + [day]
    return "\n".join(lines) + "\n"


def write_html(
    report: Report, path: str | os.PathLike[str], *, signature: bool = True, date: _dt.date | None = None
) -> None:
    """Write the report as a self-contained web page (UTF-8 ``.html``), atomically.

    ``signature``: end with the 落款; ``date``: its date (default the 发布日期, else today).
    Raises :class:`~nianbao.core.errors.ExportError` with a Chinese message naming the file.
    """
    page = render_html(report, signature=signature, date=date, path=path)
    write_or_explain(WHAT, path, page.encode("utf-8"))
