"""The report title broken between words, in as few and as even lines as fit.

GB/T 9704 7.3.1: a title of more than one line breaks between words, keeps the meaning
whole and takes a symmetric shape (梯形 or 菱形). The title is made of the 机关名称, the
year, 政府信息公开工作 and 年度报告; a long 机关名称 is split into its words with the
word lists in ``resources/title_words.json`` (place names ending in 省/市/县/区/镇…,
words such as 人民政府, 办公室, 委员会), never inside one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from itertools import combinations, pairwise

from ..resources import resource_path

MAX_LINES = 4


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    data = json.loads(resource_path("title_words.json").read_text(encoding="utf-8"))

    def longest_first(key: str) -> tuple[str, ...]:
        return tuple(sorted(data[key], key=len, reverse=True))

    return longest_first("division"), longest_first("body"), longest_first("whole")


def agency_words(name: str) -> list[str]:
    """The 机关名称 split where a line may break: "某某县" "人民政府" "办公室"."""
    division, body, whole = _words()
    cuts = {0, len(name)}
    start = i = 0
    while i < len(name):
        w = next((w for w in whole if name.startswith(w, i)), None)
        if w:
            i += len(w)
            continue
        w = next((w for w in body if name.startswith(w, i)), None)
        if w:
            cuts.update((i, i + len(w)))
            i += len(w)
            start = i
            continue
        w = next((w for w in division if name.startswith(w, i)), None)
        if w and i > start and i + len(w) < len(name):  # "某某县" — a place name of two or more characters
            cuts.add(i + len(w))
            i += len(w)
            start = i
            continue
        i += 1
    points = sorted(cuts)
    return [name[a:b] for a, b in pairwise(points) if b > a]


def break_title(agency: str, rest: list[str], width: Callable[[str], float], line_width: float) -> str:
    """The title with ``\\n`` between its lines.

    ``rest`` are the words after the 机关名称 (year, 政府信息公开工作, 年度报告). Fewest
    lines first; then a break right after the 机关名称 when it leaves every line fitting;
    then the most even line widths.
    """
    words = (agency_words(agency) if agency else []) + [w for w in rest if w]
    if not words:
        return ""
    n_agency = len(agency_words(agency)) if agency else 0
    whole = "".join(words)
    if width(whole) <= line_width:
        return whole
    for lines in range(2, min(MAX_LINES, len(words)) + 1):
        best: tuple[int, float, list[str]] | None = None
        for cuts in combinations(range(1, len(words)), lines - 1):
            bounds = [0, *cuts, len(words)]
            parts = ["".join(words[a:b]) for a, b in pairwise(bounds)]
            widths = [width(p) for p in parts]
            if max(widths) > line_width:
                continue
            score = (0 if n_agency in cuts or not agency else 1, max(widths) - min(widths), parts)
            if best is None or score[:2] < best[:2]:
                best = score
        if best is not None:
            return "\n".join(best[2])
    # A single word wider than a line: break it in the middle rather than lose text.
    half = max(1, len(whole) // 2)
    return f"{whole[:half]}\n{whole[half:]}"
