"""Mutilated and hostile inputs give a clean error or a draft with findings, never a traceback."""

from __future__ import annotations

import io
import random
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SEED_TEXT as SEED
from helpers import needs_shared
from import_expected import SAMPLE
from nianbao.core.draft import dumps, load, loads
from nianbao.core.importer import ImportFailed, ImportResult, import_bytes

SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.is_file() else ""
needs_seed = needs_shared(SEED)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALUE_LINE = re.compile(r"^\t-?\d+$")


def attempt(data: bytes, name: str) -> ImportResult | None:
    """Import; only ImportFailed (with a Chinese message naming the file) may escape."""
    try:
        result = import_bytes(data, name)
    except ImportFailed as exc:
        assert name in str(exc) or "「" in str(exc)
        return None
    again = loads(dumps(result.report).encode("utf-8"))  # always a valid draft
    assert again.cells == result.report.cells
    return result


@FAST
@given(st.text(max_size=400), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_random_text(text, name):
    attempt(text.encode("utf-8"), name)


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.html", "x.docx", "x.pdf", "x.bin"]))
def test_random_bytes(data, name):
    attempt(data, name)


@needs_seed
@FAST
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_truncated_seed_text(cut):
    result = attempt(SEED_TEXT[:cut].encode("utf-8"), "cut.txt")
    if result is not None:
        sample = load(SAMPLE)
        assert all(sample.cells[k] == v for k, v in result.report.cells.items())  # nothing shifted or invented


@needs_seed
@FAST
@given(st.randoms(use_true_random=False))
def test_shuffled_seed_lines(rnd):
    lines = SEED_TEXT.splitlines()
    rnd.shuffle(lines)
    attempt("\n".join(lines).encode("utf-8"), "shuffled.txt")


@needs_seed
@FAST
@given(st.data())
def test_a_placeholder_cell_stays_empty_and_nothing_else_moves(data):
    lines = SEED_TEXT.splitlines()
    value_lines = [i for i, line in enumerate(lines) if VALUE_LINE.match(line)]
    i = data.draw(st.sampled_from(value_lines))
    placeholder = data.draw(st.sampled_from(["/", "—", "_", "-", ""]))
    lines[i] = "\t" + placeholder
    result = attempt("\n".join(lines).encode("utf-8"), "blank.txt")
    sample = load(SAMPLE)
    assert len(result.report.cells) == len(sample.cells) - 1  # never a 0 in its place
    assert all(sample.cells[k] == v for k, v in result.report.cells.items())
    blank = [f for f in result.findings if f.rule == "import.blank"]
    assert len(blank) == 1 and len(blank[0].cells) == 1 and blank[0].cells[0] not in result.report.cells
    assert f"第{i + 1}行" in blank[0].message or "行" in blank[0].message


@needs_seed
@FAST
@given(st.data())
def test_a_missing_number_empties_its_row_and_shifts_nothing(data):
    lines = SEED_TEXT.splitlines()
    value_lines = [i for i, line in enumerate(lines) if VALUE_LINE.match(line)]
    i = data.draw(st.sampled_from(value_lines))
    del lines[i]
    result = attempt("\n".join(lines).encode("utf-8"), "short.txt")
    sample = load(SAMPLE)
    assert all(sample.cells[k] == v for k, v in result.report.cells.items())
    assert len(result.report.cells) < len(sample.cells)
    assert [f for f in result.findings if f.rule in ("import.count", "import.ambiguous")]


@needs_seed
@FAST
@given(st.integers(min_value=10**15, max_value=10**60))
def test_huge_numbers(n):
    text = SEED_TEXT.replace("\t76\n", f"\t{n}\n", 1)
    result = attempt(text.encode("utf-8"), "huge.txt")
    assert result is not None and "t2.norm.new_made" not in result.report.cells
    assert [f for f in result.findings if f.rule == "import.value" and f.cells == ("t2.norm.new_made",)]


def test_deeply_nested_html():
    page = (
        "<div>" * 30000
        + "<table><tr><td>" * 3000
        + "二、主动公开政府信息情况 规章 1 2 3"
        + "</td></tr></table>" * 3000
        + "</div>" * 30000
    )
    attempt(page.encode("utf-8"), "deep.html")


def test_html_entity_declarations_are_not_expanded():
    bomb = (
        "<!DOCTYPE html ["
        + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "boom"}">' for i in range(9))
        + "]><html><body><p>某镇人民政府2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>&e8;</p></body></html>"
    )
    result = attempt(bomb.encode("utf-8"), "bomb.html")
    assert result is not None
    assert "boom" not in result.report.texts.get("general", "") and len(result.report.texts["general"]) < 50


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buffer.getvalue()


def test_docx_with_an_entity_bomb_or_external_entity_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">'
        b'<!ENTITY ext SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;&ext;</w:t></w:r></w:p></w:body></w:document>'
    )
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bomb})
    with pytest.raises(ImportFailed, match="DTD"):
        import_bytes(data, "bomb.docx")


def test_zip_that_is_not_a_word_document():
    with pytest.raises(ImportFailed, match=r"word/document\.xml"):
        import_bytes(_zip({"hello.txt": b"hi"}), "other.docx")


@FAST
@given(st.binary(max_size=500))
def test_damaged_pdf(tail):
    attempt(b"%PDF-1.4\n" + tail, "broken.pdf")


def test_gbk_encoded_page_text():
    text = "某某镇人民政府2020年政府信息公开工作年度报告\n一、总体情况\n概述。\n"
    result = attempt(text.encode("gb18030"), "gbk.txt")
    assert result is not None and result.report.agency == "某某镇人民政府"


@needs_seed
def test_random_seed_line_deletions_never_crash():
    rnd = random.Random(5)
    lines = SEED_TEXT.splitlines()
    for _ in range(20):
        kept = [ln for ln in lines if rnd.random() > 0.2]
        attempt("\n".join(kept).encode("utf-8"), "holes.txt")
