"""What parts 一, 五 and 六 should say: the checks a reviewer makes by reading.

``text.empty_parts``, ``text.general_topics``, ``text.general_length``, ``text.problems_parts``,
``text.problems_short``, ``text.fee_statement``, ``text.fee_table`` and ``text.other_items``.
Keywords, thresholds and messages are in ``resources/content_checks.json``; what a format
requires (the topics of its 一, whether 六 must speak of 信息处理费, the cell of 表三（六）2) is
in the format file's ``text_checks``. Where a requirement is inferred from practice the
message says so (「通常应写明…」).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import FormatError
from .findings import Severity
from .formats import Format
from .prepared_text import Collector, Prepared, char_count, filled_sum, found, hits, part_name, resource_json
from .report import Report
from .values import format_value

_SEVERITIES = {s.value: s for s in Severity}


def config() -> dict[str, Any]:
    """The data of the content checks (``resources/content_checks.json``)."""
    return resource_json("content_checks.json")


def rule_on(rule: str) -> Severity | None:
    """The severity of ``rule``, or None when the data turns it off."""
    spec = config()["rules"][rule]
    if not spec.get("enabled", True):
        return None
    return _SEVERITIES[spec["severity"]]


def message(key: str, **values: object) -> str:
    """A message of ``content_checks.json`` with its fields filled in."""
    return str(config()["messages"][key]).format(**values)


def format_cells(fmt: Format, key: str, cells: list[str]) -> tuple[str, ...]:
    """``cells`` named by the format's ``text_checks.<key>``; a :class:`FormatError` if one is unknown."""
    for cell_id in cells:
        if cell_id not in fmt.cells:
            raise FormatError(
                f"格式定义文件「{fmt.source or fmt.id}」的 text_checks.{key} 中的单元格「{cell_id}」不存在",
                path=fmt.source,
                where=f"text_checks.{key}",
            )
    return tuple(cells)


@lru_cache(maxsize=256)
def _says_nothing(text: str) -> bool:
    spec = config()["empty_parts"]
    core = "".join(ch for ch in text if ch.isalnum())  # letters, digits and Chinese characters
    return len(core) < spec["min_chars"] or core in spec["placeholders"]


def is_empty(text: Prepared | None) -> bool:
    """Whether a part says nothing: empty, a placeholder such as 「无」, or a few characters."""
    return text is None or _says_nothing(text.text)


def opening(text: Prepared) -> tuple[str, tuple[int, int]]:
    """The quoted first words of a part and their raw span (where a 'missing' finding points)."""
    start, end = text.opening()
    return text.quote(start, end), text.raw_span(start, end)


def check_content(report: Report, prepared: dict[str, Prepared], out: Collector) -> None:
    """Run the content checks on the prepared text parts of ``report``."""
    _empty_parts(report, prepared, out)
    general = prepared.get("general")
    if general is not None and not is_empty(general):
        _general_topics(report, general, out)
        _general_length(report, general, out)
    problems = prepared.get(config()["problems"]["part"])
    if problems is not None and not is_empty(problems):
        _problems_parts(report, problems, out)
        _problems_short(report, problems, out)
    other = prepared.get(config()["fee"]["part"])
    if other is not None and not is_empty(other):
        _fee_statement(report, other, out)
        _fee_table(report, other, out)
        _other_items(report, other, out)


def _empty_parts(report: Report, prepared: dict[str, Prepared], out: Collector) -> None:
    severity = rule_on("text.empty_parts")
    if severity is None:
        return
    spec = config()["empty_parts"]
    hints = report.format.text_checks.get("part_hints", {})
    for part in spec["parts"]:
        text = prepared.get(part)
        if not is_empty(text):
            continue
        what = hints.get(part, spec["what"][part])
        name = part_name(report, part)
        if text is None:
            out.add(severity, "text.empty_parts", message("empty", part=name, what=what), part, (0, 0))
        else:
            quote = text.quote(0, len(text.text))
            span = text.raw_span(0, len(text.text))
            out.add(severity, "text.empty_parts", message("placeholder", part=name, quote=quote, what=what), part, span)


def _general_topics(report: Report, text: Prepared, out: Collector) -> None:
    topics: dict[str, str] = report.format.text_checks.get("general_topics", {})
    severity = rule_on("text.general_topics")
    if not topics or severity is None:
        return
    missing = [name for name, pattern in topics.items() if not found(pattern, text.text)]
    if missing:
        quote, span = opening(text)
        what = "、".join(f"「{m}」" for m in missing)
        name = part_name(report, "general")
        msg = message("general_topics", part=name, quote=quote, missing=what, format=report.format.name)
        out.add(severity, "text.general_topics", msg, "general", span)


def _general_length(report: Report, text: Prepared, out: Collector) -> None:
    severity = rule_on("text.general_length")
    limit = config()["rules"]["text.general_length"].get("max_chars")
    if severity is None or not limit:
        return
    count = char_count(text.raw)
    if count > int(limit):
        quote, span = opening(text)
        msg = message("general_length", part=part_name(report, "general"), count=count, max=limit, quote=quote)
        out.add(severity, "text.general_length", msg, "general", span)


def _problems_parts(report: Report, text: Prepared, out: Collector) -> None:
    severity = rule_on("text.problems_parts")
    if severity is None:
        return
    spec = config()["problems"]
    part = spec["part"]
    problem_hits = hits(spec["problem_words"], text.text)
    has_measures = found(spec["improvement_words"], text.text)
    if problem_hits and has_measures:
        return
    name = part_name(report, part)
    quote, span = opening(text)
    if problem_hits and not has_measures:
        first = problem_hits[0]
        quote = text.quote(first.context_start, first.end)
        msg = message("problems_no_measures", part=name, quote=quote)
        span = text.raw_span(first.start, first.end)
    elif has_measures:
        msg = message("problems_no_problems", part=name, quote=quote)
    else:
        msg = message("problems_neither", part=name, quote=quote)
    out.add(severity, "text.problems_parts", msg, part, span)


def _problems_short(report: Report, text: Prepared, out: Collector) -> None:
    severity = rule_on("text.problems_short")
    minimum = int(config()["rules"]["text.problems_short"]["min_chars"])
    count = char_count(text.raw)
    if severity is None or count >= minimum:
        return
    part = config()["problems"]["part"]
    quote, span = opening(text)
    msg = message("problems_short", part=part_name(report, part), count=count, quote=quote, min=minimum)
    out.add(severity, "text.problems_short", msg, part, span)


def _fee_statement(report: Report, text: Prepared, out: Collector) -> None:
    severity = rule_on("text.fee_statement")
    if severity is None or not report.format.text_checks.get("fee_statement"):
        return
    if found(config()["fee"]["mention"], text.text):
        return
    part = config()["fee"]["part"]
    quote, span = opening(text)
    out.add(
        severity, "text.fee_statement", message("fee_statement", part=part_name(report, part), quote=quote), part, span
    )


def _fee_table(report: Report, text: Prepared, out: Collector) -> None:
    """表三（六）2 counts applications dropped for an unpaid fee notice, while 六 says no fee at all."""
    spec = report.format.text_checks.get("fee_table")
    severity = rule_on("text.fee_table")
    if not spec or severity is None:
        return
    cells = format_cells(report.format, "fee_table", spec["cells"])
    total = filled_sum(report, cells)
    if not total:  # empty, or 0
        return
    fee = config()["fee"]
    claims = hits(fee["no_fee"], text.text)
    if not claims or found(fee["notice"], text.text):
        return
    claim = claims[0]
    part = fee["part"]
    msg = message(
        "fee_table",
        row=spec["row"],
        value=format_value(total),
        part=part_name(report, part),
        quote=text.quote(claim.context_start, claim.end),
    )
    out.add(severity, "text.fee_table", msg, part, text.raw_span(claim.start, claim.end), cells)


def _other_items(report: Report, text: Prepared, out: Collector) -> None:
    items: dict[str, str] = report.format.text_checks.get("other_items", {})
    severity = rule_on("text.other_items")
    if not items or severity is None:
        return
    missing = [name for name, pattern in items.items() if not found(pattern, text.text)]
    if missing:
        part = config()["fee"]["part"]
        quote, span = opening(text)
        what = "、".join(f"「{m}」" for m in missing)
        out.add(
            severity,
            "text.other_items",
            message("other_items", part=part_name(report, part), quote=quote, missing=what),
            part,
            span,
        )
