"""From a file to a draft: read, find title and format, take over texts, fill tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import WARNING, Finding
from ..formats import Format, FormatRegistry, Section, default_registry
from ..report import PREFACE, Report
from .document import DocText, SourceDoc
from .labels import table_start
from .meta import detect_format, guess_level, read_published, read_title
from .reading import read_bytes, read_path
from .sections import Heading, find_headings, paragraphs
from .tables import TableOptions, read_table


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
    text = DocText.of(doc)
    findings: list[Finding] = [Finding(WARNING, "import.read", f"「{doc.name}」：{note}") for note in doc.notes]
    if doc.ocr_evidence:
        findings.append(
            Finding(
                WARNING,
                "import.ocr",
                f"「{doc.name}」像是扫描件经 OCR 识别的文字（{doc.ocr_evidence}等处有识别痕迹）：表格中的数字只在表格"
                "自身的合计关系能印证时才导入，其余保持空白；文字部分也请与原件核对",
            )
        )
    probe = find_headings(registry.formats[-1], text.sq)
    title = read_title(text.original, text.sq, probe[0].start if probe else text.end, doc.title_hint)
    fmt, hits = detect_format(text.sq, year or title.year, registry)
    report = Report(format=fmt)
    report.year = year if year is not None else title.year
    report.agency = agency if agency is not None else title.agency
    report.level = guess_level(report.agency)
    report.published = read_published(text.sq, doc.published_hint)
    findings += _meta_findings(doc.name, report, year, title.year, any(hits.values()))
    headings = find_headings(fmt, text.sq, title.end)
    findings += _PartReader(report, text, headings).read(title.end)
    findings += _structure_findings(doc, fmt, headings)
    return ImportResult(report, findings, doc.name, doc.kind)


def _meta_findings(
    name: str, report: Report, year: int | None, stated_year: int | None, format_seen: bool
) -> list[Finding]:
    """Year, agency and format that the file does not state (or that the caller overrode)."""
    out: list[Finding] = []
    if year is not None and stated_year is not None and year != stated_year:
        out.append(
            Finding(WARNING, "import.year", f"「{name}」标题中的年度是 {stated_year} 年，导入时按指定的 {year} 年处理")
        )
    if report.year is None:
        out.append(
            Finding(
                WARNING,
                "import.year",
                f"「{name}」中没有找到报告年度（标题中应有"
                "「XXXX年政府信息公开工作年度报告」）；请用 --year 指定或在草稿中填写",
            )
        )
    if not report.agency:
        out.append(
            Finding(WARNING, "import.agency", f"「{name}」的标题中没有找到机关名称；请用 --agency 指定或在草稿中填写")
        )
    if not format_seen:
        out.append(
            Finding(
                WARNING,
                "import.format",
                f"「{name}」中没有找到任何一种报告格式的特征标签，按年度使用{report.format.label}",
            )
        )
    return out


def _structure_findings(doc: SourceDoc, fmt: Format, headings: list[Heading]) -> list[Finding]:
    """Section headings not found, and a capture that says it was cut off."""
    out: list[Finding] = []
    found = {h.section for h in headings}
    missing = [s.heading for s in fmt.sections if s.id not in found]
    if missing:
        out.append(Finding(WARNING, "import.sections", f"「{doc.name}」中没有找到以下部分的标题：{'、'.join(missing)}"))
    if doc.truncated_at:
        out.append(
            Finding(WARNING, "import.truncated", f"「{doc.name}」在{doc.truncated_at}注明内容被截断，其后的内容缺失")
        )
    return out


class _PartReader:
    """Fills a report's texts and tables part by part, from the headings found."""

    def __init__(self, report: Report, text: DocText, headings: list[Heading]):
        self.report = report
        self.text = text
        self.headings = headings
        self.join_wrapped = text.doc.kind == "pdf"  # a PDF's lines were wrapped at the page width
        self.options = TableOptions.for_doc(text.doc)
        self.findings: list[Finding] = []

    def paragraphs(self, begin: int, end: int) -> str:
        return paragraphs(self.text.between(begin, end), self.join_wrapped)

    def read(self, text_start: int) -> list[Finding]:
        """Preface, then each part in format order; returns the tables' findings."""
        first = self.headings[0].start if self.headings else self.text.end
        preface = self.paragraphs(text_start, first)
        if preface:
            self.report.texts[PREFACE] = preface
        heading_of = {h.section: h for h in self.headings}
        previous_end = text_start
        for section in self.report.format.sections:
            previous_end = self.read_part(section, heading_of.get(section.id), previous_end)
        return self.findings

    def next_table_bound(self, section: Section, begin: int, end: int) -> int:
        """Where a later table starts when its part has no heading (a workbook of the tables only)."""
        fmt = self.report.format
        found = {h.section for h in self.headings}
        later = [s for s in fmt.sections[fmt.sections.index(section) + 1 :] if s.table and s.id not in found]
        if not later:
            return end
        sq, normalised = self.text.sq, self.text.normalised
        own = table_start(fmt.table(section.table or ""), sq, begin, end, normalised)
        if own is None:
            return end
        starts = (table_start(fmt.table(s.table or ""), sq, own + 1, end, normalised) for s in later)
        return min((q for q in starts if q is not None), default=end)

    def read_part(self, section: Section, heading: Heading | None, previous_end: int) -> int:
        """Read one part; returns where the next part without a heading would begin."""
        begin = heading.end if heading else previous_end
        later = [h.start for h in self.headings if h.start >= begin and h.section != section.id]
        end = min(later) if later else self.text.end
        if heading is None and section.table is None:
            return previous_end
        text_end = end
        if section.table:
            fmt = self.report.format
            end = self.next_table_bound(section, begin, end)
            reading = read_table(fmt, fmt.table(section.table), self.text, begin, end, self.options)
            self.report.cells.update(reading.cells)
            self.findings.extend(reading.findings)
            if reading.start is not None:  # else the next part without a heading starts where this one did
                text_end = reading.start
                previous_end = end
        else:
            previous_end = end
        if heading is not None:
            part = self.paragraphs(begin, text_end)
            if part:
                self.report.texts[section.id] = part
        return previous_end
