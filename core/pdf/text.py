"""Chinese line breaking on a character grid, and a paragraph flowable that draws it.

ReportLab's own CJK wrapping lets ，；： start a line, never justifies CJK lines and
has no character spacing, so the body cannot sit on GB/T 9704's 28-character grid.
This module breaks lines itself: every full-width character takes one grid cell,
half-width text keeps its width and is never split inside a word or number, no line
starts with closing punctuation and none ends with an opening bracket or quote
(the character before is moved down instead), and full lines are justified.

Web addresses and e-mail addresses may break after / . ? & = - _ @ (never inside a run
of letters or digits). Justification puts its extra space only where a CJK character
or a space meets its neighbour — never inside a run of digits or Latin letters — and at
most :data:`MAX_STRETCH` em per gap: a line that would need more stays short.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .flow import Block
from .fonts import LoadedFont, Run

#: Characters that must not begin a line (closing punctuation).
NO_START = frozenset("，。、；：？！”’）》〉」』】〕〗｝］…‥—～·・％‰℃,.;:?!)]}%")
#: Characters that must not end a line (opening brackets and quotes).
NO_END = frozenset("“‘（《〈「『【〔〖｛［([{")
EPS = 0.01
#: Web and e-mail addresses: they may break after one of :data:`URL_BREAK_AFTER`.
URL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII
)
URL_BREAK_AFTER = frozenset("/.?&=-_@")
URL_TRAILING = frozenset(".,;:!?)]}'\"")  # punctuation after an address, not part of it
#: Most extra space justification may add to one gap, in em; a line needing more stays short.
MAX_STRETCH = 0.25


@dataclass(frozen=True)
class Style:
    """How a block of text is set."""

    size: float
    leading: float
    pitch: float | None = None  # grid cell of a full-width character; None = natural width
    indent: float = 0.0  # first-line indent in points
    align: str = "justify"  # justify | left | center | right
    ascent: float = 0.88  # baseline below the top of the em box, in em


@dataclass
class Glyphs:
    """A paragraph as parallel per-character lists."""

    chars: list[str]
    fonts: list[LoadedFont]
    natural: list[float]
    advance: list[float]


@dataclass(frozen=True)
class Line:
    """One laid-out line: positioned runs ``(x, text, font, char_space)`` and its width."""

    runs: tuple[tuple[float, str, LoadedFont, float], ...]
    width: float


def shape(runs: Sequence[Run], style: Style) -> Glyphs:
    """Measure each character; full-width ones snap to the grid pitch."""
    chars: list[str] = []
    fonts: list[LoadedFont] = []
    natural: list[float] = []
    advance: list[float] = []
    size = style.size
    for text, font in runs:
        for ch in text:
            w = font.width(ch, size)
            chars.append(ch)
            fonts.append(font)
            natural.append(w)
            advance.append(style.pitch if style.pitch is not None and w >= 0.9 * size else w)
    return Glyphs(chars, fonts, natural, advance)


def _is_wide(ch: str, natural: float, size: float) -> bool:
    return natural >= 0.9 * size or ord(ch) >= 0x2E80


def url_spans(chars: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges ``[start, end)`` of web and e-mail addresses."""
    text = "".join(chars)
    if "@" not in text and "://" not in text and "www." not in text:
        return []
    spans = []
    for m in URL.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in URL_TRAILING:
            end -= 1
        spans.append((start, end))
    return spans


def break_points(chars: Sequence[str], natural: Sequence[float], size: float) -> list[bool]:
    """``ok[i]``: a line may start at character ``i`` as far as words are concerned."""
    n = len(chars)
    ok = [True] * (n + 1)
    for i in range(1, n):
        a, b = chars[i - 1], chars[i]
        if a == "\n" or b == "\n":
            continue
        if a.isspace() or b.isspace():
            ok[i] = not b.isspace()  # break after spaces, never before them
            continue
        ok[i] = _is_wide(a, natural[i - 1], size) or _is_wide(b, natural[i], size)
    for start, end in url_spans(chars):
        for i in range(start + 1, end):
            ok[i] = chars[i - 1] in URL_BREAK_AFTER and chars[i] not in URL_BREAK_AFTER
    return ok


def stretchable(chars: Sequence[str], natural: Sequence[float], size: float, i: int) -> bool:
    """Whether justification may widen the gap after character ``i`` (not inside a Latin or digit run)."""
    a, b = chars[i], chars[i + 1]
    if a.isspace() or b.isspace():
        return True
    return _is_wide(a, natural[i], size) or _is_wide(b, natural[i + 1], size)


def _kinsoku_ok(chars: Sequence[str], k: int) -> bool:
    return chars[k] not in NO_START and chars[k - 1] not in NO_END


def break_lines(
    chars: Sequence[str],
    natural: Sequence[float],
    advance: Sequence[float],
    size: float,
    width: float,
    first_width: float | None = None,
    min_last: int = 1,
) -> list[tuple[int, int, bool]]:
    """Split characters into lines ``(start, end, last)``; ``last`` marks a paragraph's end.

    ``\\n`` forces a break and is dropped. ``min_last``: a paragraph's last line gets at
    least this many characters when the line above can spare them (no "不予公 / 开").
    """
    n = len(chars)
    ok = break_points(chars, natural, size)
    lines: list[tuple[int, int, bool]] = []
    start = 0
    avail = width if first_width is None else first_width
    while start < n:
        if chars[start] == "\n":
            lines.append((start, start, True))
            start += 1
            avail = width
            continue
        end, used = start, 0.0
        while end < n and chars[end] != "\n" and used + advance[end] <= avail + EPS:
            used += advance[end]
            end += 1
        if end == start:  # a single character wider than the line: set it anyway
            end += 1
        if end >= n or chars[end] == "\n":
            lines.append((start, end, True))
            start = end + 1 if end < n else end
            avail = width
            continue
        while end < n and chars[end] == " ":  # spaces at a line end hang (and are not drawn)
            end += 1
        if end >= n:
            lines.append((start, end, True))
            break
        k = end
        while k > start and not (ok[k] and _kinsoku_ok(chars, k)):
            k -= 1
        if k == start:  # no clean place: keep words whole, give up on kinsoku
            k = end
            while k > start and not ok[k]:
                k -= 1
            if k == start:
                k = end
        lines.append((start, k, False))
        start = k
        while start < n and chars[start] == " ":
            start += 1
        avail = width
    if min_last > 1:
        _no_orphans(lines, chars, advance, ok, width, min_last)
    return lines


def _no_orphans(
    lines: list[tuple[int, int, bool]],
    chars: Sequence[str],
    advance: Sequence[float],
    ok: Sequence[bool],
    width: float,
    min_last: int,
) -> None:
    """Move characters down so no paragraph ends with a line shorter than ``min_last``."""
    for li in range(1, len(lines)):
        s, e, last = lines[li]
        ps, pe, plast = lines[li - 1]
        count = sum(1 for ch in chars[s:e] if not ch.isspace())
        if not last or plast or pe != s or count >= min_last:
            continue
        for k in range(s - 1, ps, -1):
            if sum(1 for ch in chars[k:e] if not ch.isspace()) < min_last:
                continue
            if sum(advance[k:e]) > width + EPS:
                break
            if ok[k] and _kinsoku_ok(chars, k) and k - ps >= min_last:
                lines[li - 1] = (ps, k, False)
                lines[li] = (k, e, True)
                break


def layout(glyphs: Glyphs, style: Style, width: float, min_last: int = 1) -> list[Line]:
    """Break ``glyphs`` into positioned lines for a column ``width`` points wide."""
    chars, natural, advance = glyphs.chars, glyphs.natural, glyphs.advance
    spans = break_lines(chars, natural, advance, style.size, width, width - style.indent, min_last)
    out: list[Line] = []
    for li, (s, e, last) in enumerate(spans):
        while e > s and chars[e - 1] == " ":
            e -= 1
        indent = style.indent if li == 0 else 0.0
        avail = width - indent
        adv = list(advance[s:e])
        used = sum(adv)
        x = indent
        if style.align == "justify" and not last and e - s > 1 and used < avail - EPS:
            gaps = [i - s for i in range(s, e - 1) if stretchable(chars, natural, style.size, i)]
            if gaps:
                extra = min((avail - used) / len(gaps), MAX_STRETCH * style.size)
                for g in gaps:
                    adv[g] += extra
                used += extra * len(gaps)
        elif style.align == "center":
            x += (avail - used) / 2
        elif style.align == "right":
            x += avail - used
        runs: list[tuple[float, str, LoadedFont, float]] = []
        cur: list[str] = []
        run_x, run_font, run_cs = x, None, None
        for i in range(s, e):
            cs = adv[i - s] - natural[i]
            font = glyphs.fonts[i]
            if cur and (font is not run_font or abs(cs - run_cs) > 1e-6):  # type: ignore[operator]
                runs.append((run_x, "".join(cur), run_font, run_cs))  # type: ignore[arg-type]
                cur = []
            if not cur:
                run_x, run_font, run_cs = x, font, cs
            cur.append(chars[i])
            x += adv[i - s]
        if cur:
            runs.append((run_x, "".join(cur), run_font, run_cs))  # type: ignore[arg-type]
        out.append(Line(tuple(runs), used))
    return out


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float, size: float, hscale: float = 1.0) -> None:
    """Draw one line with its left edge at ``x``; ``hscale`` < 1 condenses it horizontally.

    Each 256-glyph font subset that ReportLab switches to inside a run gets its own
    text position: PDF viewers agree either way, but text extractors that drop the
    character spacing at string boundaries (pdfminer) would otherwise misplace glyphs.
    """
    if not line.runs:
        return
    text = canvas.beginText()
    if hscale != 1.0:
        text.setHorizScale(hscale * 100)
    doc = canvas._doc
    font_name = None
    char_space = None
    for rx, chunk, font, cs in line.runs:
        if font.name != font_name:
            text.setFont(font.name, size)
            font_name = font.name
        if char_space is None or abs(cs - char_space) > 1e-6:
            text.setCharSpace(cs)
            char_space = cs
        pos, start = x + rx * hscale, 0
        for _subset, codes in font.rl_font.splitString(chunk, doc):
            piece = chunk[start : start + len(codes)]
            start += len(codes)
            text.setTextOrigin(pos, baseline)
            text.textOut(piece)
            pos += (sum(font.width(ch, size) for ch in piece) + cs * len(piece)) * hscale
    canvas.drawText(text)


class TextBlock(Block):
    """A paragraph (or pre-broken part of one) set with :func:`layout`."""

    def __init__(self, runs: Sequence[Run], style: Style, lines: list[Line] | None = None):
        self.runs = list(runs)
        self.style = style
        self._glyphs: Glyphs | None = None
        self._lines = lines
        self._fixed = lines is not None
        self._width = -1.0

    def lines_for(self, width: float) -> list[Line]:
        """The lines of this block for a given column width (cached)."""
        if self._fixed:
            return self._lines  # type: ignore[return-value]
        if self._lines is None or abs(width - self._width) > EPS:
            if self._glyphs is None:
                self._glyphs = shape(self.runs, self.style)
            self._lines = layout(self._glyphs, self.style, width)
            self._width = width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = len(self.lines_for(avail_width)) * self.style.leading
        return avail_width, self.height

    def min_height(self, avail_width: float) -> float:
        """Two lines (a lone first line at a page's foot is avoided), or the whole paragraph."""
        return min(len(self.lines_for(avail_width)), 2) * self.style.leading

    def split(self, avail_width: float, avail_height: float) -> list[Block]:
        """Break between lines, never leaving one line alone: a paragraph's first line at
        the foot of a page (orphan) moves to the next page, and its last line alone at the
        top of a page (widow) takes one more line along when two or more stay behind."""
        lines = self.lines_for(avail_width)
        fit = int((avail_height + EPS) // self.style.leading)
        if fit >= len(lines):
            return []
        if len(lines) - fit == 1 and fit >= 3:
            fit -= 1
        if fit < min(2, len(lines)):
            return []
        return [TextBlock(self.runs, self.style, lines[:fit]), TextBlock(self.runs, self.style, lines[fit:])]

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        st = self.style
        offset = (st.leading - st.size) / 2 + st.ascent * st.size
        top = y + self.height
        for i, line in enumerate(self._lines or []):
            draw_line(canvas, line, x, top - i * st.leading - offset, st.size)
