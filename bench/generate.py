"""Report files for the benchmarks, generated from the formats and the bundled sample.

Nothing here needs ``../shared``: a fresh clone can make every file it times.

- :func:`random_report`: a report of either format with every table cell filled (totals
  consistent, so the audit finds only what is planted) and the sample's paragraphs.
- :func:`render_html` / :func:`render_text`: the report as a saved web page (``<table>``
  with ``rowspan``/``colspan``) or as web-page text (one table row per line, cells
  " | "-separated), the two forms the importer meets most.
- :func:`worst_case_report`: every cell an 8-digit number and about 30 pages of text.
"""

from __future__ import annotations

import html
import random
from decimal import Decimal

from nianbao.core.draft import load
from nianbao.core.formats import TableDef
from nianbao.core.report import PREFACE, Report, compute_totals, new_report
from nianbao.core.resources import resource_path
from nianbao.core.values import format_value

SAMPLE = ("samples", "seed-2020.json")
#: GB/T 9704 body: 22 lines of 28 characters.
CHARS_PER_PAGE = 22 * 28
AGENCIES = ("某某镇人民政府", "某某县交通运输局", "某某街道办事处", "某某县民政局", "某某市生态环境局")
LEVELS = ("township", "county_dept", "township", "county_dept", "city_dept")


def sample() -> Report:
    """The bundled sample draft (the seed report of 2020)."""
    return load(resource_path(*SAMPLE))


def _paragraphs() -> list[str]:
    texts = sample().texts
    return [p for part in ("preface", "general", "problems") for p in texts.get(part, "").splitlines() if p.strip()]


def random_report(rng: random.Random, year: int | None = None) -> Report:
    """A complete report for a year of 2019–2024 (either format) with random, balanced figures."""
    year = year if year is not None else rng.randint(2019, 2024)
    i = rng.randrange(len(AGENCIES))
    report = new_report(year, AGENCIES[i], LEVELS[i])
    report.published = f"{year + 1}-01-{rng.randint(10, 28)}"
    totals = {rel.left[0].cell for rel in report.format.relations if rel.is_total}
    for cell_id, cell in report.format.cells.items():
        if cell_id in totals:
            continue
        kind = report.format.kinds[cell.kind]
        if kind.type == "decimal":
            report.cells[cell_id] = Decimal(f"{rng.randint(0, 999)}.{rng.randint(0, 99):02d}")
        elif kind.minimum is None:
            report.cells[cell_id] = rng.randint(-20, 40)
        else:
            report.cells[cell_id] = rng.choice((0, 0, 0, 1, 2, 3, rng.randint(0, 200)))
    compute_totals(report)
    paragraphs = _paragraphs()
    for part in report.text_ids():
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(1, 3)))
        report.texts[part] = "\n".join(p.replace("2020", str(year)) for p in chosen)
    return report


def worst_case_report(pages: int = 30, digits: int = 8) -> Report:
    """The sample with every data cell an ``digits``-digit number and ``pages`` pages of text."""
    report = sample()
    big = int("9" * digits)
    for n, (cell_id, cell) in enumerate(report.format.cells.items()):
        value = big - n * 1234
        kind = report.format.kinds[cell.kind]
        report.cells[cell_id] = Decimal(value) / 100 if kind.type == "decimal" else value
    paragraphs = _paragraphs()
    parts = report.text_ids()
    budget = pages * CHARS_PER_PAGE
    texts: dict[str, list[str]] = {p: [] for p in parts}
    written = 0
    n = 0
    while written < budget:
        paragraph = paragraphs[n % len(paragraphs)]
        texts[parts[n % len(parts)]].append(paragraph)
        written += len(paragraph) + 28  # a paragraph ends on a part-filled line
        n += 1
    report.texts = {p: "\n".join(ps) for p, ps in texts.items()}
    return report


def _table_rows(table: TableDef, report: Report) -> list[list[tuple[str, int, int]]]:
    """Each grid row as (text, rowspan, colspan) of the items that start on it."""
    rows: list[list[tuple[str, int, int]]] = [[] for _ in range(table.n_rows)]
    for item in table.items:
        text = format_value(report.cells.get(item.cell_id)) if item.cell_id else item.text
        rows[item.row].append((text, item.rowspan, item.colspan))
    return rows  # items come in reading order, so each row is already left to right


def _section_tables(report: Report) -> dict[str, TableDef]:
    return {s.id: report.format.table(s.table) for s in report.format.sections if s.table}


def render_html(report: Report) -> str:
    """The report as a saved web page."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title></head><body>",
        f"<h1>{esc(report.title)}</h1>",
    ]
    out += [f"<p>{esc(p)}</p>" for p in report.texts.get(PREFACE, "").splitlines()]
    tables = _section_tables(report)
    for section in report.format.sections:
        out.append(f"<h2>{esc(section.heading)}</h2>")
        out += [f"<p>{esc(p)}</p>" for p in report.texts.get(section.id, "").splitlines()]
        if section.id in tables:
            out.append('<table border="1">')
            for row in _table_rows(tables[section.id], report):
                cells = "".join(
                    f"<td{f' rowspan={rs}' if rs > 1 else ''}{f' colspan={cs}' if cs > 1 else ''}>{esc(text)}</td>"
                    for text, rs, cs in row
                )
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
    out.append(f"<p>{esc(report.agency)}</p><p>{esc(report.published)}</p></body></html>")
    return "\n".join(out)


def render_text(report: Report) -> str:
    """The report as text copied from a web page: cells of a table row " | "-separated."""
    out = [report.agency, "", f"政府信息公开工作{report.year}年度报告", ""]
    out += [*report.texts.get(PREFACE, "").splitlines(), ""]
    tables = _section_tables(report)
    for section in report.format.sections:
        out += [section.heading, ""]
        out += [*report.texts.get(section.id, "").splitlines(), ""]
        if section.id in tables:
            for row in _table_rows(tables[section.id], report):
                out.append(" | ".join(text for text, _, _ in row))
            out.append("")
    out += [report.agency, report.published]
    return "\n".join(out) + "\n"


def check_round_trip(n: int = 20, seed: int = 7) -> list[str]:
    """Problems met when the importer reads generated files back (an empty list means none)."""
    from nianbao.core.importer import import_bytes

    problems = []
    rng = random.Random(seed)
    for i in range(n):
        report = random_report(rng)
        for name, body in ((f"{i}.html", render_html(report)), (f"{i}.txt", render_text(report))):
            result = import_bytes(body.encode("utf-8"), name)
            got = result.report
            if got.format.id != report.format.id or got.cells != report.cells:
                missing = sorted(set(report.cells) - set(got.cells))[:5]
                problems.append(
                    f"{name} ({report.format.id} {report.year}): "
                    f"{result.cells_found}/{result.cells_total} cells, e.g. missing {missing}; "
                    f"{[f.message for f in result.findings][:3]}"
                )
    return problems


if __name__ == "__main__":
    for line in check_round_trip() or ["generated reports import back cell for cell"]:
        print(line)
