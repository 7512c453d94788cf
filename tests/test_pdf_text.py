"""Chinese line breaking of the PDF body (pure function, synthetic widths: no fonts needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.core.pdf.text import break_lines

SIZE = 16.0
PITCH = 442.2 / 28
WIDTH = 28 * PITCH
CLOSING = "，。、；：？！”’）》"
OPENING = "“‘（《"


def measure(text: str) -> tuple[list[str], list[float], list[float]]:
    """Full-width characters take one grid cell, ASCII half a character."""
    chars = list(text)
    natural = [SIZE / 2 if ord(c) < 0x2E80 else SIZE for c in chars]
    advance = [PITCH if w == SIZE else w for w in natural]
    return chars, natural, advance


def lines(text: str, width: float = WIDTH, first: float | None = None) -> list[str]:
    chars, natural, advance = measure(text)
    return ["".join(chars[s:e]) for s, e, _ in break_lines(chars, natural, advance, SIZE, width, first)]


def test_full_lines_hold_28_characters():
    assert [len(line) for line in lines("政" * 60)] == [28, 28, 4]


def test_closing_punctuation_pulls_the_previous_character_down():
    result = lines("政" * 28 + "。" + "府" * 3)
    assert result == ["政" * 27, "政。府府府"]


def test_opening_quote_never_ends_a_line():
    result = lines("政" * 27 + "“府”")
    assert result == ["政" * 27, "“府”"]


def test_numbers_and_words_are_not_split():
    result = lines("政" * 26 + "2024年")
    assert result == ["政" * 26, "2024年"]
    result = lines("政" * 24 + " report text")  # " text" no longer fits: the word moves down whole
    assert result == ["政" * 24 + " report ", "text"]


def test_forced_breaks_and_first_line_indent():
    assert lines("甲乙\n丙") == ["甲乙", "丙"]
    assert [len(line) for line in lines("政" * 30, first=WIDTH - 2 * PITCH)] == [26, 4]


hanzi = st.sampled_from("政府信息公开工作年度报告乡镇")
token = st.one_of(
    hanzi,
    st.tuples(hanzi, st.sampled_from(CLOSING)).map("".join),
    st.tuples(st.sampled_from(OPENING), hanzi).map("".join),
    st.tuples(hanzi, st.sampled_from(["”。", "）。", "》，"])).map("".join),
    st.integers(0, 99999).map(lambda n: f"第{n}项"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(token, min_size=1, max_size=120).map("".join), st.integers(8, 28))
def test_kinsoku_and_width_hold_for_any_text(text, cells):
    width = cells * PITCH
    chars, natural, advance = measure(text)
    spans = break_lines(chars, natural, advance, SIZE, width)
    assert "".join(text[s:e] for s, e, _ in spans) == text  # nothing lost, nothing added
    for i, (s, e, _) in enumerate(spans):
        assert sum(advance[s:e]) <= width + 0.01  # never wider than the column
        if i:
            assert text[s] not in CLOSING, (text, i)
        if i < len(spans) - 1:
            assert text[e - 1] not in OPENING, (text, i)
            assert not (text[e - 1].isdigit() and text[e].isdigit())  # numbers stay whole
