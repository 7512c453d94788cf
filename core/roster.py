"""单位名单: matching the bodies a county office expects against the reports it received.

Names are compared tolerantly: full name or short name (「城关镇」 for 「某某县城关镇人民政府」),
with or without the county prefix and the suffixes that official names carry (人民政府,
办事处, …; the list is data in ``resources/roster.json``). Every expected body ends up matched
to its files, or 未报送; files that match no expected body are listed apart; a body matched by
two files, and a name listed twice, are flagged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import ImportFailed
from .normalise import skeleton
from .resources import resource_path


@cache
def _data() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(resource_path("roster.json").read_text(encoding="utf-8"))
    return data


def name_key(name: str) -> str:
    """The comparable core of a body's name: no whitespace or punctuation variants, no suffix."""
    key = skeleton(name)
    key = re.sub(r"[()\[\]<>\"'.,:;、，。]", "", key)
    changed = True
    while changed:
        changed = False
        for suffix in _data()["suffixes"]:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


def same_body(a: str, b: str) -> bool:
    """Whether two names denote one body: equal cores, or one core ends the other (a prefix added)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    if len(short) >= 3 and short[0] in "县市区" and not long.startswith(short):
        short = short[1:]  # 「县教育局」 for 「某某县教育局」
    return len(short) >= 2 and long.endswith(short) and _prefix_is_place(long[: -len(short)])


def _prefix_is_place(prefix: str) -> bool:
    """What a full name may add before the short one: a place (某某县, 某某市某某区), nothing else."""
    return bool(re.fullmatch(_data()["place_prefix"][0], prefix))


@dataclass
class RosterMatch:
    """The result of matching a name list against the bodies found in the files."""

    matched: dict[str, list[str]] = field(default_factory=dict)  # expected name -> found names
    missing: list[str] = field(default_factory=list)  # expected, no file: 未报送
    unmatched: list[str] = field(default_factory=list)  # found, on no list
    duplicates: list[str] = field(default_factory=list)  # expected names listed twice


def match_roster(expected: Sequence[str], found: Sequence[str]) -> RosterMatch:
    """Match every expected name to the found names of the same body."""
    result = RosterMatch()
    seen: dict[str, str] = {}
    for name in expected:
        key = name_key(name)
        if key in seen:
            result.duplicates.append(name)
            continue
        seen[key] = name
        result.matched[name] = []
    taken: set[int] = set()
    for name in result.matched:
        for i, other in enumerate(found):
            if same_body(name, other):
                result.matched[name].append(other)
                taken.add(i)
    result.missing = [n for n, hits in result.matched.items() if not hits]
    result.unmatched = [f for i, f in enumerate(found) if i not in taken]
    return result


def read_roster(path: str | Path) -> list[str]:
    """The expected body names from a .txt (one per line) or an .xlsx (first column of the first sheet)."""
    p = Path(path)
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(p)
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = p.read_bytes().decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"单位名单「{p}」不是文本文件（应为 UTF-8 或 GBK 编码）", path=p) from exc
    except OSError as exc:
        raise ImportFailed(f"无法读取单位名单「{p}」：{exc.strerror or exc}", path=p) from exc
    names = [line.strip().lstrip("\ufeff") for line in text.splitlines()]
    return [n for n in names if n and not n.startswith("#")]


def _read_xlsx(path: Path) -> list[str]:
    try:
        import openpyxl  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:  # pragma: no cover - a dependency of the program
        raise ImportFailed(f"无法读取单位名单「{path}」：缺少读取 Excel 的组件") from exc
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailed(f"单位名单「{path}」不是有效的 Excel 文件（{type(exc).__name__}）", path=path) from exc
    try:
        sheet = book.worksheets[0]
        names = [str(row[0]).strip() for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    finally:
        book.close()
    header = set(_data()["header_words"])
    return [n for n in names if n and n not in header]
