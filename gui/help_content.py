"""The 使用说明 of each format (``resources/help/<format id>.md``) and what the window takes from it.

The help page is data, one Markdown file per format. Two parts of it are also read here:

- the table under 「## 窗口里的标签页」: its first column is a tab's short label, its second
  the section heading it stands for (the tab's tooltip shows the full heading);
- the 填报口径 entries: under a heading that starts with a table's name (「### 表三 …」), lines
  ``- **<label>**：<text>``, where ``<label>`` is a label of that official table, optionally with
  its group (「（三）不予公开 / 1.属于国家秘密」); each table label's tooltip shows the text of the
  most specific entry that matches it.

Qt-free: the window renders the Markdown in a QTextBrowser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nianbao.core.formats import Format, GridItem, TableDef
from nianbao.core.resources import resource_path

TABS_HEADING = "## 窗口里的标签页"
_ENTRY = re.compile(r"^- \*\*(?P<key>[^*]+)\*\*[：:]\s*(?P<text>.+)$")
_HEADING = re.compile(r"^#+\s*(?P<table>表[一二三四五六七八九十]+)?")
_PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class HelpPage:
    """One format's help: the Markdown, the short tab labels and the 口径 entries."""

    markdown: str
    tabs: dict[str, str]  # section heading -> short tab label
    scopes: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # table name -> ((label path, text), …)


def _table_rows(lines: list[str], heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table after ``heading``."""
    rows: list[list[str]] = []
    try:
        start = lines.index(heading)
    except ValueError:
        return rows
    in_table = False
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if in_table and not all(set(c) <= set("-: ") for c in cells):
                rows.append(cells)
            in_table = True
        elif in_table:
            break
    return rows


def parse_help(markdown: str) -> HelpPage:
    """Read the tab labels and the 口径 entries out of a help page."""
    lines = markdown.splitlines()
    tabs = {row[1]: row[0] for row in _table_rows(lines, TABS_HEADING) if len(row) >= 2}
    scopes: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    table: str | None = None
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            table = heading.group("table")
            continue
        m = _ENTRY.match(line.strip())
        if m and table:
            path = tuple(p.strip() for p in m.group("key").split(_PATH_SEPARATOR))
            scopes.setdefault(table, []).append((path, m.group("text").strip()))
    return HelpPage(markdown, tabs, {k: tuple(v) for k, v in scopes.items()})


@cache
def help_page(format_id: str) -> HelpPage | None:
    """The help of a format (None when the program has none for it)."""
    path = resource_path("help", f"{format_id}.md")
    if not path.is_file():
        return None
    return parse_help(path.read_text(encoding="utf-8"))


def tab_label(fmt: Format, heading: str) -> str:
    """The short label of a section's tab (the heading itself when the help names none)."""
    page = help_page(fmt.id)
    return page.tabs.get(heading, heading) if page is not None else heading


def _item_paths(table: TableDef, item: GridItem) -> list[tuple[str, ...]]:
    """Label paths that run through ``item``, cut after it (row paths, column paths, block rows)."""
    paths = []
    rows = range(item.row, item.row + item.rowspan)
    cols = range(item.col, item.col + item.colspan)
    for cell in table.cells:
        for path, near in ((cell.row_path, cell.row in rows), (cell.col_path, cell.col in cols)):
            if item.text in path and (near or item.role == "block"):
                paths.append(path[: path.index(item.text) + 1])
    return paths or [(item.text,)]


def _matches(path: tuple[str, ...], key: tuple[str, ...]) -> bool:
    return len(key) <= len(path) and path[len(path) - len(key) :] == key


_scope_tables: dict[tuple[str, str, str], dict[tuple[int, int], str]] = {}


def _scope_table(fmt: Format, table_id: str) -> dict[tuple[int, int], str]:
    key = (fmt.id, str(fmt.source), table_id)
    cached = _scope_tables.get(key)
    if cached is not None:
        return cached
    page = help_page(fmt.id)
    found: dict[tuple[int, int], str] = {}
    _scope_tables[key] = found
    if page is None:
        return found
    table = fmt.table(table_id)
    for item in table.items:
        if item.role == "data" or not item.text:
            continue
        paths = _item_paths(table, item)
        best: tuple[int, str] | None = None
        for entry, text in page.scopes.get(table.name, ()):
            if any(_matches(p, entry) for p in paths) and (best is None or len(entry) > best[0]):
                best = (len(entry), text)  # the most specific entry wins
        if best is not None:
            found[(item.row, item.col)] = best[1]
    return found


def scope_of(fmt: Format, table_id: str, item: GridItem) -> str | None:
    """The 填报口径 the help gives for a table label (None when it gives none)."""
    return _scope_table(fmt, table_id).get((item.row, item.col))
