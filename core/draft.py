"""The draft file: a versioned UTF-8 JSON file, saved atomically, loaded with full validation.

Schema 1::

    {
      "schema": 1,
      "generator": "nianbao 0.1.0",
      "format": "2021",
      "meta": {"agency": "…", "level": "township", "year": 2021, "published": "2022-01-20"},
      "texts": {"preface": "…", "general": "…", "proactive": "…", …},
      "cells": {"t3.new.np": 5, "t2.fee.amount": "1.25", …},
      "previous": "../2024/某某镇2024年政府信息公开工作年度报告.json",
      "import_findings": [{"severity": "warning", "rule": "import.split", "message": "…", "cells": […]}]
    }

Counts are JSON integers, decimals are strings, an empty cell is absent. ``previous`` (last
year's draft, relative to this file's folder where possible) and ``import_findings`` (what an
import asked the user to check, until dismissed) are optional: files without them read as before.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import write_bytes_atomic
from .errors import DraftError, DraftWriteError, os_reason
from .filestamp import FileStamp
from .findings import Finding
from .formats import Format, FormatRegistry, default_registry, levels
from .inputs import NotAFile, TooLarge, read_limited
from .report import Report
from .values import Value, bound_problem

SCHEMA = 1
MAX_DRAFT_BYTES = 20 * 1024 * 1024
BACKUP_SUFFIX = ".bak"
PREVIOUS_KEY = "previous"
IMPORT_FINDINGS_KEY = "import_findings"
_TOP_KEYS = {"schema", "generator", "format", "meta", "texts", "cells", PREVIOUS_KEY, IMPORT_FINDINGS_KEY}
_META_KEYS = {"agency", "level", "year", "published"}


@dataclass
class DraftFile:
    """A draft with what the window keeps beside the report (both optional keys of schema 1)."""

    report: Report
    previous: Path | None = None  # last year's draft (carried forward from, or picked in 基本信息)
    import_findings: tuple[Finding, ...] = ()  # import findings the user has not dismissed yet


def _previous_text(previous: Path, folder: Path | None) -> str:
    """``previous`` relative to the draft's folder when it can be (drafts move together), else absolute."""
    if folder is not None:
        try:
            return Path(os.path.relpath(Path(previous).resolve(), folder.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            pass
    return str(Path(previous).resolve())


def report_to_dict(
    report: Report,
    *,
    previous: Path | None = None,
    import_findings: tuple[Finding, ...] = (),
    folder: Path | None = None,
) -> dict[str, Any]:
    """The JSON-ready content of a draft; ``folder`` is where it will be saved (for ``previous``)."""
    cells: dict[str, Any] = {}
    for cell in (c for t in report.format.tables for c in t.cells):  # table order: readable diffs
        value = report.cells.get(cell.id)
        if value is not None:
            cells[cell.id] = value if isinstance(value, int) else str(value)
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": f"nianbao {__version__}",
        "format": report.format.id,
        "meta": {"agency": report.agency, "level": report.level, "year": report.year, "published": report.published},
        "texts": {k: v for k, v in report.texts.items() if v},
        "cells": cells,
    }
    if previous is not None:
        data[PREVIOUS_KEY] = _previous_text(previous, folder)
    if import_findings:
        data[IMPORT_FINDINGS_KEY] = [f.to_dict() for f in import_findings]
    return data


def dumps(
    report: Report,
    *,
    previous: Path | None = None,
    import_findings: tuple[Finding, ...] = (),
    folder: Path | None = None,
) -> str:
    """The draft file text."""
    data = report_to_dict(report, previous=previous, import_findings=import_findings, folder=folder)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save(
    report: Report,
    path: str | os.PathLike[str],
    keep_backup: bool = True,
    *,
    previous: Path | None = None,
    import_findings: tuple[Finding, ...] = (),
) -> FileStamp:
    """Write the draft atomically (see :mod:`atomic`); the previous file is kept as ``<name>.bak``.

    ``previous`` and ``import_findings`` are the optional keys of :class:`DraftFile`. A symlinked
    draft is written through to the file it points to. Returns the stamp of the file as written
    (see :mod:`filestamp`). On failure the old file is untouched and :class:`DraftWriteError`
    explains why in Chinese.
    """
    target = Path(path)
    data = dumps(report, previous=previous, import_findings=import_findings, folder=target.parent).encode("utf-8")
    try:
        if keep_backup and target.is_file():
            write_bytes_atomic(target.with_name(target.name + BACKUP_SUFFIX), target.read_bytes())
        write_bytes_atomic(target, data)
        return FileStamp.of(data, os.stat(target))
    except OSError as exc:
        raise DraftWriteError(f"无法保存草稿「{target}」：{os_reason(exc)}。", path=target) from exc


def load(path: str | os.PathLike[str], registry: FormatRegistry | None = None) -> Report:
    """Read and validate a draft; raises :class:`DraftError` (Chinese, names file and place)."""
    return load_file(path, registry).report


def load_file(path: str | os.PathLike[str], registry: FormatRegistry | None = None) -> DraftFile:
    """Like :func:`load`, with the optional keys (``previous`` resolved against the draft's folder)."""
    return load_stamped(path, registry)[0]


def load_stamped(path: str | os.PathLike[str], registry: FormatRegistry | None = None) -> tuple[DraftFile, FileStamp]:
    """Like :func:`load_file`, and the stamp of the bytes read (to notice later changes on disk).

    Regular files only (a folder, a device such as ``/dev/zero`` or a named pipe is refused before
    anything is read), at most :data:`MAX_DRAFT_BYTES`.
    """
    p = Path(path)
    try:
        raw = read_limited(p, MAX_DRAFT_BYTES)
        st = os.stat(p)
    except TooLarge as exc:
        raise DraftError(_too_large(str(p), exc.size), path=p) from exc
    except NotAFile as exc:
        raise DraftError(f"「{p}」是{exc.kind}，不是草稿文件", path=p) from exc
    except FileNotFoundError as exc:
        raise DraftError(f"找不到草稿文件「{p}」", path=p) from exc
    except OSError as exc:
        raise DraftError(f"无法读取草稿文件「{p}」：{os_reason(exc)}", path=p) from exc
    return loads_file(raw, str(p), registry, folder=p.parent), FileStamp.of(raw, st)


def _too_large(name: str, size: int) -> str:
    limit = MAX_DRAFT_BYTES // (1024 * 1024)
    return f"草稿文件「{name}」太大（{size // (1024 * 1024)} MB，草稿最大 {limit} MB），不是本程序保存的草稿"


def loads(raw: bytes, name: str = "草稿", registry: FormatRegistry | None = None) -> Report:
    """Parse draft bytes; ``name`` is used in error messages."""
    return loads_file(raw, name, registry).report


def loads_file(
    raw: bytes, name: str = "草稿", registry: FormatRegistry | None = None, folder: Path | None = None
) -> DraftFile:
    """Parse draft bytes with the optional keys; ``folder`` resolves a relative ``previous``.

    The same limits as :func:`load`: at most :data:`MAX_DRAFT_BYTES`; integers longer than
    :data:`MAX_INT_CHARS` digits and nesting deeper than Python's recursion limit are refused
    (not converted), and every refusal is a :class:`DraftError` naming ``name``.
    """
    if len(raw) > MAX_DRAFT_BYTES:
        raise DraftError(_too_large(name, len(raw)), path=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError(
            f"草稿文件「{name}」不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节无法识别），"
            "可能已损坏或不是本程序保存的草稿",
            path=name,
        ) from exc
    if not text.strip():
        raise DraftError(f"草稿文件「{name}」是空的", path=name)
    try:
        data = json.loads(text, parse_float=_reject_float, parse_constant=_reject_constant, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise DraftError(
            f"草稿文件「{name}」已损坏或不完整：第 {exc.lineno} 行第 {exc.colno} 列{_json_reason(exc)}", path=name
        ) from exc
    except _FloatInDraft as exc:
        raise DraftError(
            f'草稿文件「{name}」中的数字「{exc}」带小数点却没有加引号；金额等小数应写成字符串，例如 "1.25"', path=name
        ) from exc
    except RecursionError as exc:
        raise DraftError(
            f"草稿文件「{name}」已损坏：括号嵌套的层数太多（草稿只有三层），不是本程序保存的草稿", path=name
        ) from exc
    bad = _lone_surrogate(data)
    if bad is not None:
        raise DraftError(
            f"草稿文件「{name}」已损坏：文字中有无效的字符（单独的 \\u{ord(bad):04x}，不是完整的汉字或符号），"
            "不是本程序保存的草稿",
            path=name,
        )
    return _from_dict(data, name, registry or default_registry(), folder)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(data: Any) -> str | None:
    """A lone UTF-16 surrogate in any string of the parsed draft (JSON's ``\\udc14`` makes one; it
    could never be saved again), or None. Walks the data without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and (m := _SURROGATE.search(item)):
                return m.group(0)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class _FloatInDraft(ValueError):
    pass


class LongNumber:
    """A JSON integer too long to be any cell's value, not converted (that could take seconds and
    fails past 4 300 digits); every check refuses it, and it shows as「99999999…（4301 位数字）」."""

    def __init__(self, text: str):
        self.digits = len(text.lstrip("-"))
        self._head = text[:8]

    def __str__(self) -> str:
        return f"{self._head}…（{self.digits} 位数字）"

    __repr__ = __str__


#: JSON integers with more characters than this stay :class:`LongNumber` (bounds are far below).
MAX_INT_CHARS = 40


def _parse_int(text: str) -> int | LongNumber:
    return LongNumber(text) if len(text) > MAX_INT_CHARS else int(text)


def _reject_float(text: str) -> Any:
    raise _FloatInDraft(text if len(text) <= 30 else f"{text[:12]}…")


def _reject_constant(text: str) -> Any:
    raise _FloatInDraft(text)


#: The JSON parser's messages (its English prefixes) in Chinese; the line and column stay.
_JSON_REASONS = (
    ("Expecting value", "缺少一个值"),
    ("Expecting property name enclosed in double quotes", "应是用双引号括起的项名"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Unterminated string", "文字缺少结尾的双引号"),
    ("Invalid control character", "文字中有不允许的控制字符（如未转义的换行或制表符）"),
    ("Invalid \\uXXXX escape", "\\u 转义写法不对"),
    ("Invalid \\escape", "反斜杠 \\ 转义写法不对"),
    ("Extra data", "内容结束后还有多余的字符"),
    ("Illegal trailing comma", "最后一项后面多了逗号"),
)


def _json_reason(exc: json.JSONDecodeError) -> str:
    msg = exc.msg
    if "Expecting" in msg and exc.pos >= len(exc.doc.rstrip()):
        return "：文件在此处意外结束（文件不完整）"
    for prefix, reason in _JSON_REASONS:
        if msg.startswith(prefix):
            return f"格式错误：{reason}"
    return "格式错误"


def _from_dict(data: Any, name: str, registry: FormatRegistry, folder: Path | None) -> DraftFile:
    def fail(what: str) -> DraftError:
        return DraftError(f"草稿文件「{name}」有误：{what}", path=name)

    if not isinstance(data, dict):
        raise fail("最外层应是一个 JSON 对象 {…}")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise fail('缺少格式版本号 "schema"，不是本程序保存的草稿')
    if schema > SCHEMA:
        raise fail(
            f"它由更新版本的程序保存（草稿格式版本 {schema}，本程序只认识到版本 {SCHEMA}），请升级本程序后再打开"
        )
    if schema < 1:
        raise fail(f"草稿格式版本 {schema} 无效")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise fail(f"有无法识别的项「{'、'.join(sorted(unknown))}」")

    format_id = data.get("format")
    if not isinstance(format_id, str):
        raise fail('"format"（报告格式）应是文字，例如 "2021"')
    fmt = registry.get(format_id)
    if fmt is None:
        raise fail(f"报告格式「{format_id}」无法识别，可用的格式有：{'、'.join(registry.ids())}")

    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise fail('"meta" 应是一个对象')
    unknown = set(meta) - _META_KEYS
    if unknown:
        raise fail(f'"meta" 中有无法识别的项「{"、".join(sorted(unknown))}」')
    agency = meta.get("agency", "")
    if not isinstance(agency, str):
        raise fail("meta.agency（机关名称）应是文字")
    level = meta.get("level", "")
    if not isinstance(level, str) or (level and level not in levels()):
        raise fail(f"meta.level（机关层级）「{level}」无法识别，可用的有：{'、'.join(levels())}")
    year = meta.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999):
        raise fail(f"meta.year（报告年度）应是四位数的年份，现为「{year}」")
    published = meta.get("published", "")
    if not isinstance(published, str):
        raise fail('meta.published（发布日期）应是文字，例如 "2022-01-20"')
    if published:
        try:
            _dt.date.fromisoformat(published)
        except ValueError as exc:
            raise fail(f"meta.published（发布日期）「{published}」不是有效日期，应写成 2022-01-20 的形式") from exc

    texts = data.get("texts", {})
    if not isinstance(texts, dict):
        raise fail('"texts" 应是一个对象')
    report = Report(format=fmt, year=year, agency=agency, level=level, published=published)
    allowed_texts = set(report.text_ids())
    for key, value in texts.items():
        if key not in allowed_texts:
            raise fail(f"texts 中有无法识别的文字部分「{key}」")
        if not isinstance(value, str):
            raise fail(f"texts.{key} 应是文字")
        report.texts[key] = value

    cells = data.get("cells", {})
    if not isinstance(cells, dict):
        raise fail('"cells" 应是一个对象')
    totals = {rel.left[0].cell for rel in fmt.totals}
    for cell_id, raw_value in cells.items():
        cell = fmt.cells.get(cell_id)
        if cell is None:
            raise fail(f"cells 中的单元格「{cell_id}」在{fmt.label}中不存在")
        report.cells[cell_id] = _bounded(
            _cell_value(
                raw_value,
                fmt.kinds[cell.kind].type,
                lambda what, c=cell: fail(f"单元格「{c.id}」（{fmt.table(c.table).name} {c.label}）{what}"),
            ),
            cell_id,
            fmt,
            cell_id in totals,
            fail,
        )
    return DraftFile(report, _previous(data.get(PREVIOUS_KEY), folder, fail), _import_findings(data, fail))


def _previous(raw: Any, folder: Path | None, fail: Any) -> Path | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise fail(f'"{PREVIOUS_KEY}"（上一年度草稿）应是文件路径文字')
    path = Path(raw)
    if not path.is_absolute() and folder is not None:
        path = folder / path
    return Path(os.path.normpath(path))


def _import_findings(data: dict[str, Any], fail: Any) -> tuple[Finding, ...]:
    raw = data.get(IMPORT_FINDINGS_KEY, [])
    if not isinstance(raw, list):
        raise fail(f'"{IMPORT_FINDINGS_KEY}"（导入时发现的问题）应是一个列表 […]')
    findings = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("message"), str):
            raise fail(f"{IMPORT_FINDINGS_KEY} 第 {i} 项无效")
        try:
            findings.append(Finding.from_dict(item))
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            raise fail(f"{IMPORT_FINDINGS_KEY} 第 {i} 项无效") from exc
    return tuple(findings)


def _bounded(value: Value, cell_id: str, fmt: Format, total: bool, fail: Callable[[str], DraftError]) -> Value:
    """``value`` if it is within its cell's bounds (:mod:`values`); else the draft is refused.

    (A value of the wrong sign stays: the checks report it as ``cell.kind`` in the window.)
    """
    cell = fmt.cells[cell_id]
    problem = bound_problem(value, fmt.kinds[cell.kind], total)
    if problem is not None:
        raise fail(f"单元格「{cell_id}」（{fmt.table(cell.table).name} {cell.label}）{problem}")
    return value


def _cell_value(raw: Any, kind_type: str, fail: Any) -> Value:
    if isinstance(raw, bool) or raw is None:
        raise fail(f"的值「{json.dumps(raw)}」不是数字")
    if isinstance(raw, LongNumber):
        raise fail(f"的数字太长（{raw.digits} 位），超出上限")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and kind_type == "decimal":
        shown = raw if len(raw) <= 30 else f"{raw[:12]}…（共 {len(raw)} 个字符）"
        if len(raw.strip()) > MAX_INT_CHARS:
            raise fail(f"的值「{shown}」太长，超出上限")
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or "e" in raw.lower():
            raise fail(f"的值「{shown}」不是数字")
        return value
    if isinstance(raw, str):
        shown = raw if len(raw) <= 30 else f"{raw[:12]}…（共 {len(raw)} 个字符）"
        raise fail(f"应是整数（不加引号），现为「{shown}」")
    raise fail(f"的值类型不对（{_json_type(raw)}）")


def _json_type(raw: Any) -> str:
    if isinstance(raw, dict):
        return "对象 {…}"
    return "列表 […]" if isinstance(raw, list) else type(raw).__name__
