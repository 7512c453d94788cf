"""From a file to a draft: read, find title and format, take over texts, fill tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import WARNING, Finding
from ..formats import FormatRegistry, default_registry
from ..normalise import normalise, squeeze
from ..report import PREFACE, Report
from .document import SourceDoc, where_at
from .meta import detect_format, guess_level, read_published, read_title
from .reading import read_bytes, read_path
from .sections import find_headings, paragraphs
from .tables import read_table


@dataclass
class ImportResult:
    """An imported report and the problems met while reading it (``Finding`` objects)."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    source: str = ""
    kind: str = ""

    @property
    def cells_found(self) -> int:
        """How many table cells got a value."""
        return len(self.report.cells)

    @property
    def cells_total(self) -> int:
        """How many table cells the format has."""
        return len(self.report.format.cells)

    @property
    def cells_summary(self) -> str:
        """「表格单元格找到 N 个，共 M 个」: the one sentence the CLI and the window both show."""
        return f"表格单元格找到 {self.cells_found} 个，共 {self.cells_total} 个"


def import_report(
    path: str | Path, agency: str | None = None, year: int | None = None, registry: FormatRegistry | None = None
) -> ImportResult:
    """Import a published report file (text, HTML, .docx or PDF) into a new report.

    Raises :class:`~nianbao.core.errors.ImportFailed` (Chinese message) when
    the file cannot be read at all; everything else is reported in ``findings``.
    """
    return build_report(read_path(path), agency, year, registry)


def import_bytes(
    data: bytes, name: str, agency: str | None = None, year: int | None = None, registry: FormatRegistry | None = None
) -> ImportResult:
    """Like :func:`import_report` for file content already in memory; ``name`` is for messages."""
    return build_report(read_bytes(data, name), agency, year, registry)


def build_report(
    doc: SourceDoc, agency: str | None = None, year: int | None = None, registry: FormatRegistry | None = None
) -> ImportResult:
    """Turn the pieces of a document into a report."""
    registry = registry or default_registry()
    original, starts = doc.flat()
    normalised = normalise(original)
    sq = squeeze(normalised)
    findings: list[Finding] = [Finding(WARNING, "import.read", f"「{doc.name}」：{note}") for note in doc.notes]

    def where(q: int) -> str:
        place = where_at(doc, starts, sq.start_of(q))
        return f"「{doc.name}」{place}" if place else f"「{doc.name}」"

    probe = find_headings(registry.formats[-1], sq)
    limit = probe[0].start if probe else len(sq.text)
    title = read_title(original, sq, limit, doc.title_hint)
    stated_year = title.year
    fmt, hits = detect_format(sq, year or stated_year, registry)
    report = Report(format=fmt)
    report.year = year if year is not None else stated_year
    report.agency = agency if agency is not None else title.agency
    report.level = guess_level(report.agency)
    report.published = read_published(sq, doc.published_hint)
    if year is not None and stated_year is not None and year != stated_year:
        findings.append(
            Finding(
                WARNING, "import.year", f"「{doc.name}」标题中的年度是 {stated_year} 年，导入时按指定的 {year} 年处理"
            )
        )
    if report.year is None:
        findings.append(
            Finding(
                WARNING,
                "import.year",
                f"「{doc.name}」中没有找到报告年度（标题中应有"
                "「XXXX年政府信息公开工作年度报告」）；请用 --year 指定或在草稿中填写",
            )
        )
    if not report.agency:
        findings.append(
            Finding(
                WARNING, "import.agency", f"「{doc.name}」的标题中没有找到机关名称；请用 --agency 指定或在草稿中填写"
            )
        )
    if not any(hits.values()):
        findings.append(
            Finding(
                WARNING, "import.format", f"「{doc.name}」中没有找到任何一种报告格式的特征标签，按年度使用{fmt.label}"
            )
        )

    headings = find_headings(fmt, sq, title.end)
    heading_of = {h.section: h for h in headings}
    text_start = title.end
    first = headings[0].start if headings else len(sq.text)
    preface = paragraphs(original[sq.start_of(text_start) : sq.start_of(first)], doc.kind == "pdf")
    if preface:
        report.texts[PREFACE] = preface
    previous_end = text_start
    for _i, section in enumerate(fmt.sections):
        heading = heading_of.get(section.id)
        begin = heading.end if heading else previous_end
        later = [h.start for h in headings if h.start >= begin and h.section != section.id]
        end = min(later) if later else len(sq.text)
        if heading is None and section.table is None:
            continue
        text_end = end
        if section.table:
            table = fmt.table(section.table)
            reading = read_table(
                fmt,
                table,
                sq,
                normalised,
                begin,
                end,
                where,
                end >= len(sq.text),
                covers_trail=doc.kind == "text",
                ends_cleanly=doc.ends_cleanly,
                lead_is_label=doc.kind == "pdf",
            )
            report.cells.update(reading.cells)
            findings.extend(reading.findings)
            if reading.start is not None:
                text_end = reading.start
                previous_end = end
        else:
            previous_end = end
        if heading is not None:
            text = paragraphs(original[sq.start_of(begin) : sq.start_of(text_end)], doc.kind == "pdf")
            if text:
                report.texts[section.id] = text
    missing = [s.heading for s in fmt.sections if s.id not in heading_of]
    if missing:
        findings.append(
            Finding(WARNING, "import.sections", f"「{doc.name}」中没有找到以下部分的标题：{'、'.join(missing)}")
        )
    if doc.truncated_at:
        findings.append(
            Finding(WARNING, "import.truncated", f"「{doc.name}」在{doc.truncated_at}注明内容被截断，其后的内容缺失")
        )
    return ImportResult(report, findings, doc.name, doc.kind)
