"""The report's outline as its texts state it: headings inside a part, and the number of parts
the preface announces (``text.headings``, ``text.part_count``).

The headings the program prints come from the format; a heading typed (or imported) inside a
text is compared with the official one of the part it names. The numeral before the title
says which part that is, and the title must match that part's topic (``part_topics`` of the
format's ``text_checks``), so a sub-heading such as 「二、改进措施」 inside 五 is left alone.
"""

from __future__ import annotations

from .content_checks import config, message, rule_on
from .formats import Format, Section
from .prepared_text import Collector, Prepared, found, hits, part_name, prepare
from .report import Report


def check_structure(report: Report, prepared: dict[str, Prepared], out: Collector) -> None:
    """Run ``text.headings`` and ``text.part_count`` on the prepared text parts."""
    fmt = report.format
    topics: dict[str, str] = fmt.text_checks.get("part_topics", {})
    if not topics:
        return
    heading_severity = rule_on("text.headings")
    if heading_severity is not None:
        for part, text in prepared.items():
            _headings(report, part, text, topics, out)
    if rule_on("text.part_count") is not None:
        for part in config()["part_count"]["parts"]:
            if part in prepared:
                _part_count(report, part, prepared[part], topics, out)


def _title(section: Section) -> str:
    """The official heading without its numeral: 「总体情况」 for 「一、总体情况」."""
    return section.heading.split("、", 1)[-1]


def _squeeze(title: str) -> str:
    """A title as the prepared text writes it (half-width punctuation, no spaces)."""
    return prepare(title).text


def _harmless(fmt: Format, section: Section, title: str) -> bool:
    variants = fmt.text_checks.get("heading_variants", {}).get(section.id, [])
    return _squeeze(title) in {_squeeze(_title(section)), *(_squeeze(v) for v in variants)}


def _headings(report: Report, part: str, text: Prepared, topics: dict[str, str], out: Collector) -> None:
    severity = rule_on("text.headings")
    assert severity is not None
    fmt = report.format
    spec = config()["headings"]
    numerals = config()["numerals"]
    sections = fmt.sections
    name = part_name(report, part)
    for hit in hits(spec["numbered"], text.text):
        index = numerals.index(hit.groups["num"] or "")
        title = hit.groups["title"] or ""
        if index >= len(sections) or not found(topics.get(sections[index].id, "$^"), title):
            continue  # a sub-heading, not the heading of a part
        section = sections[index]
        if section.id == part and _harmless(fmt, section, title):
            continue
        quote = text.quote(hit.start, hit.end)
        key = "heading_own" if section.id == part else "heading_other"
        msg = message(key, part=name, quote=quote, official=section.heading)
        out.add(severity, "text.headings", msg, part, text.raw_span(hit.start, hit.end))
    own = next((s for s in sections if s.id == part), None)
    if own is None:
        return
    for hit in hits(spec["first_line"], text.text):
        title = hit.groups["title"] or ""
        if found(topics.get(part, "$^"), title) and not _harmless(fmt, own, title):
            quote = text.quote(hit.start, hit.end)
            msg = message("heading_first_line", part=name, quote=quote, official=own.heading)
            out.add(severity, "text.headings", msg, part, text.raw_span(hit.start, hit.end))


def _number(word: str) -> int | None:
    """A small count written in digits or in Chinese numerals (一 … 十九)."""
    if word.isdigit():  # (not a count when too long, or digits int() does not read, such as "²")
        try:
            return int(word) if len(word) <= 18 else None
        except ValueError:
            return None
    digits = config()["numerals"]  # 一 … 十
    ten = digits[9]
    if word == ten:
        return 10
    if len(word) == 1 and word in digits:
        return digits.index(word) + 1
    if len(word) == 2 and word[0] == ten and word[1] in digits[:9]:
        return 10 + digits.index(word[1]) + 1
    if len(word) == 2 and word[1] == ten and word[0] in digits[:9]:
        return (digits.index(word[0]) + 1) * 10
    return None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (bounded by 。;!? and line breaks)."""
    a = start
    while a > 0 and text[a - 1] not in "。;!?\n":
        a -= 1
    b = end
    while b < len(text) and text[b] not in "。;!?\n":
        b += 1
    return a, b


def _part_count(report: Report, part: str, text: Prepared, topics: dict[str, str], out: Collector) -> None:
    severity = rule_on("text.part_count")
    assert severity is not None
    spec = config()["part_count"]
    sections = report.format.sections
    for hit in hits(spec["pattern"], text.text):
        stated = _number(hit.groups["n"] or "")
        a, b = _sentence(text.text, hit.start, hit.end)
        sentence = text.text[a:b]
        if stated is None or not found(spec["context"], sentence):
            continue
        listed = [s for s in sections if found(topics.get(s.id, "$^"), sentence)]
        name = part_name(report, part)
        quote = text.quote(a, b) if b - a <= 60 else text.quote(hit.context_start, hit.end)
        span = text.raw_span(hit.start, hit.end)
        if stated != len(sections):
            names = "、".join(_title(s) for s in sections)
            msg = message(
                "part_count",
                part=name,
                quote=quote,
                format=report.format.label,
                expected=len(sections),
                names=names,
                found=stated,
            )
            out.add(severity, "text.part_count", msg, part, span)
        elif spec["min_listed"] <= len(listed) < stated:
            missing = "、".join(_title(s) for s in sections if s not in listed)
            msg = message(
                "part_count_listed", part=name, quote=quote, found=stated, listed=len(listed), missing=missing
            )
            out.add(severity, "text.part_count", msg, part, span)
