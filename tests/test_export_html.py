"""Web-page export: self-contained, tables as the official grid, read back cell for cell."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from export_cases import assert_same_report, numbered, sample
from nianbao.core.html_export import render_fragment, render_html, render_text, write_html
from nianbao.core.importer import import_bytes, import_report

DAY = dt.date(2023, 1, 20)


class _Tables(HTMLParser):
    """Every table's rows as lists of (tag, rowspan, colspan, text), and every tag and attribute seen."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[tuple[str, int, int, str]]]] = []
        self.tags: list[tuple[str, dict]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, int(a.get("rowspan", 1)), int(a.get("colspan", 1)), ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[3] += data


def parsed(markup: str) -> _Tables:
    reader = _Tables()
    reader.feed(markup)
    return reader


@pytest.mark.parametrize(
    "make", [lambda: numbered("2021"), lambda: numbered("2019"), sample], ids=["2021", "2019", "sample"]
)
def test_round_trip_through_our_importer(make, tmp_path):
    report = make()
    path = tmp_path / "报告.html"
    write_html(report, path, date=DAY)
    assert_same_report(report, import_report(path), f"{report.agency}\n2023年1月20日")


def test_round_trip_of_the_plain_text_version():
    report = numbered("2021")
    text = render_text(report, signature=False)
    assert_same_report(report, import_bytes(text.encode("utf-8"), "粘贴.txt"))


def test_blank_cells_stay_blank(tmp_path):
    report = numbered("2019")
    for cell_id in ("t2.reg.new_made", "t3.r7_total.tot", "t4.review.pending"):
        del report.cells[cell_id]
    assert len(report.cells) == len(report.format.cells) - 3
    path = tmp_path / "空白.html"
    write_html(report, path, signature=False)
    assert_same_report(report, import_report(path))


def test_tables_span_exactly_as_the_official_grid():
    report = numbered("2021")
    reader = parsed(render_html(report))
    assert len(reader.tables) == len(report.format.tables)
    for table_def, rows in zip(report.format.tables, reader.tables, strict=True):
        assert len(rows) == table_def.n_rows
        expected = [
            [(it.rowspan, it.colspan) for it in table_def.items if it.row == r] for r in range(table_def.n_rows)
        ]
        assert [[(c[1], c[2]) for c in row] for row in rows] == expected
        labels = [c[3] for row in rows for c in row if c[0] == "th"]
        assert labels == [it.text for it in table_def.items if it.role != "data"]
        # every row covers the full width once row spans from above are counted
        covered = [0] * table_def.n_rows
        for r, row in enumerate(rows):
            for _tag, rowspan, colspan, _text in row:
                for rr in range(r, r + rowspan):
                    covered[rr] += colspan
        assert covered == [table_def.n_cols] * table_def.n_rows


def test_self_contained_no_script_no_external_resources():
    markup = render_html(numbered("2021"))
    reader = parsed(markup)
    tags = {t for t, _ in reader.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "style", "svg"}
    for _tag, attrs in reader.tags:
        assert not {"src", "href", "srcset"} & set(attrs)
        assert not any(k.startswith("on") for k in attrs)
    assert "url(" not in markup and "@import" not in markup and "http" not in markup.replace("http-equiv", "")
    assert re.search(r'<meta charset="utf-8">', markup)
    assert markup.encode("utf-8").decode("utf-8") == markup


def test_styles_are_inline_and_numbers_centred():
    reader = parsed(render_fragment(numbered("2021")))
    cells = [a for t, a in reader.tags if t in ("td", "th")]
    assert cells and all("border:1px solid #000" in a["style"] for a in cells)
    data = [a for t, a in reader.tags if t == "td"]
    assert data and all("text-align:center" in a["style"] for a in data)
    tables = [a for t, a in reader.tags if t == "table"]
    assert all(a.get("border") == "1" for a in tables)  # for editors that drop styles
    assert [t for t, _ in reader.tags][:2] == ["div", "h1"]
    headings = [t for t, _ in reader.tags if t in ("h1", "h2", "h3")]
    assert headings.count("h1") == 1 and headings.count("h2") == 6 and "h3" in headings


def test_text_is_escaped():
    report = numbered("2021")
    report.texts["other"] = '<script>alert("x")</script> & 其他'
    markup = render_html(report)
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "&amp; 其他" in markup
