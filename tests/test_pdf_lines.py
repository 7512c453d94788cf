"""PDF lines: web addresses, digit runs, stretch, the （一） heading run, widows, the title.

Positions are read from the written PDF with pdfplumber (one text object per run, so its
x positions are exact); expectations come from the issue's rules, not from the layout code.
"""

from __future__ import annotations

import io
import itertools
import re

import pdfplumber
import pytest

from nianbao.core.formats import default_registry
from nianbao.core.pdf_export import render_pdf
from nianbao.core.report import Report

MM = 72 / 25.4
LEFT, BODY_W, PAGE_H = 28 * MM, 156 * MM, 297 * MM
PITCH = BODY_W / 28
URL = "https://www.example.gov.cn/zwgk/xxgk/2024/ndbg/index.html?id=12345&type=annual_report"
MAIL = "xxgk_office-2024@example.gov.cn"
BREAK_AFTER = "/.?&=-_@"


@pytest.fixture(autouse=True)
def _font_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


def report_with(texts: dict[str, str], agency: str = "某某县人民政府办公室") -> Report:
    fmt = default_registry().get("2021")
    return Report(format=fmt, year=2022, agency=agency, published="2023-01-20", texts=texts)


def body_lines(data: bytes) -> list[list[dict]]:
    """16 pt lines of every page, top to bottom, characters left to right."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            rows: dict[float, list[dict]] = {}
            for ch in page.chars:
                if abs(ch["size"] - 16) < 0.01:
                    rows.setdefault(round(PAGE_H - ch["matrix"][5], 1), []).append(ch)
            out += [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]
    return out


def text(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def test_addresses_break_at_their_separators_and_digits_never_spread():
    broken = 0
    for k in range(0, 28, 3):  # move the address along the line until it crosses line ends
        par = "2024年本机关共发布政府信息12345条，" + "公开" * k + f"详见门户网站（{URL}）或来信至{MAIL}。"
        data, _ = render_pdf(report_with({"preface": par + "以上。"}), system_fonts=False)
        lines = body_lines(data)
        joined = [text(line) for line in lines]
        start = next(i for i, t in enumerate(joined) if t.startswith("2024"))
        para = joined[start:]
        flat = "".join(para)
        assert URL in flat and MAIL in flat  # nothing lost or doubled
        for line, chars in zip(para, lines[start:], strict=False):
            assert line not in ("（", "（h", "("), para  # the bracket stays with what it encloses
            assert not line.startswith("）")
            for a, b in itertools.pairwise(chars):
                gap = b["x0"] - a["x1"]
                if re.fullmatch(r"[0-9A-Za-z]", a["text"]) and re.fullmatch(r"[0-9A-Za-z]", b["text"]):
                    assert abs(gap) < 0.05, (line, a["text"], b["text"], gap)  # no spacing inside a run
                assert gap <= 0.25 * 16 + 0.3, (line, gap)  # stretch capped at a quarter em
        for line in para[:-1]:
            tail = line[-1]
            if tail.isascii() and tail.isalnum():
                # a line ending inside an address ends inside a word only if the word ends there too
                nxt = para[para.index(line) + 1]
                assert not (nxt[:1].isascii() and nxt[:1].isalnum()), (line, nxt)
            if any(line.endswith(URL[:n]) for n in range(8, len(URL))) or any(
                line.endswith(MAIL[:n]) for n in range(3, len(MAIL))
            ):
                assert tail in BREAK_AFTER, line
                broken += 1
    assert broken >= 3


def test_no_line_before_an_address_has_gaps_inside_its_digits():
    # The line before an unbreakable part used to be letter-spaced across the whole width.
    par = "2024年本机关共发布政府信息12345条，其中主动公开1234条，" + "详见" + "www.example.gov.cn" * 3
    data, _ = render_pdf(report_with({"preface": par}), system_fonts=False)
    for chars in body_lines(data):
        runs = re.finditer(r"\d+", text(chars))
        for m in runs:
            digits = chars[m.start() : m.end()]
            for a, b in itertools.pairwise(digits):
                assert abs(b["x0"] - a["x1"]) < 0.05, text(chars)


def test_the_subheading_run_ends_at_the_first_full_stop_or_colon():
    par = "（一）存在的主要问题：一是公开内容不够全面，二是解读形式单一。（二）仍属本段。"
    short = "（二）改进措施"
    dot = "（三）主动公开情况。全年主动公开信息58条：其中文件12件。"
    data, _ = render_pdf(report_with({"problems": f"{par}\n{short}\n{dot}"}), system_fonts=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if abs(c["size"] - 16) < 0.01]
    flat = text(chars)

    def fonts_of(piece: str) -> set[str]:
        i = flat.index(piece)
        return {c["fontname"].split("+")[-1] for c in chars[i : i + len(piece)] if not c["text"].isascii()}

    assert fonts_of("（一）存在的主要问题：") == {"FandolKai-Regular"}
    assert fonts_of("一是公开内容不够全面，二是解读形式单一。（二）仍属本段。") == {"FandolFang-Regular"}
    assert fonts_of(short) == {"FandolKai-Regular"}  # the line end ends it
    assert fonts_of("（三）主动公开情况。") == {"FandolKai-Regular"}
    assert fonts_of("全年主动公开信息") == {"FandolFang-Regular"}  # the colon after it changes nothing


def test_a_paragraphs_last_line_never_stands_alone_at_the_top_of_a_page():
    hits = 0
    for k in range(14, 22):  # one-line paragraphs push the long one across the page end
        filler = "\n".join(["政府信息公开工作年度报告编制说明"] * k)
        long = "甲" * (26 + 28 * 4)  # five lines of 甲 (the first indented)
        data, _ = render_pdf(report_with({"preface": f"{filler}\n{long}\n乙乙乙"}), system_fonts=False)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages[:2]:
                rows: dict[float, str] = {}
                for ch in sorted(page.chars, key=lambda c: c["x0"]):
                    if abs(ch["size"] - 16) < 0.01:
                        rows[round(ch["top"])] = rows.get(round(ch["top"]), "") + ch["text"]
                pages.append([t for _, t in sorted(rows.items())])
        on_first = sum(1 for t in pages[0] if set(t) == {"甲"})
        on_second = sum(1 for t in pages[1] if set(t) == {"甲"})
        assert on_first + on_second == 5
        if on_first and on_second:
            hits += 1
            assert on_second >= 2 and on_first >= 2, (k, on_first, on_second)  # no widow, no orphan
    assert hits >= 2


TITLE_CASES = [
    (
        "内蒙古自治区锡林郭勒盟苏尼特右旗人民政府办公室",
        {"内蒙古自治区", "锡林郭勒盟", "苏尼特右旗", "人民政府", "办公室", "2022年", "政府信息公开工作", "年度报告"},
    ),
    (
        "中共某某市某某区委员会机构编制委员会办公室",
        {"中共某某市", "某某区", "委员会", "机构编制", "办公室", "2022年", "政府信息公开工作", "年度报告"},
    ),
    ("某某县住房和城乡建设局", {"某某县", "住房和城乡建设局", "2022年", "政府信息公开工作", "年度报告"}),
]


@pytest.mark.parametrize(("agency", "words"), TITLE_CASES)
def test_a_long_agency_breaks_the_title_between_words_symmetrically(agency, words):
    data, _ = render_pdf(report_with({}, agency=agency), system_fonts=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for c in pdf.pages[0].chars if abs(c["size"] - 22) < 0.01]
    rows: dict[float, list[dict]] = {}
    for ch in chars:
        rows.setdefault(round(ch["top"]), []).append(ch)
    lines = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(rows.items())]
    texts = [text(cs) for cs in lines]
    assert "".join(texts) == f"{agency}2022年政府信息公开工作年度报告"
    # every line boundary falls between two words of the expected word list
    full = "".join(texts)
    bounds, pos = set(), 0
    for word in re.findall("|".join(sorted(map(re.escape, words), key=len, reverse=True)), full):
        pos = full.index(word, pos) + len(word)
        bounds.add(pos)
    at = 0
    for t in texts[:-1]:
        at += len(t)
        assert at in bounds, texts
    widths = [cs[-1]["x1"] - cs[0]["x0"] for cs in lines]
    for cs in lines:
        assert (cs[0]["x0"] + cs[-1]["x1"]) / 2 == pytest.approx(LEFT + BODY_W / 2, abs=1.5)  # centred
        assert cs[-1]["x1"] - cs[0]["x0"] <= BODY_W + 0.5
    if len(lines) > 1:
        assert max(widths) - min(widths) < 0.6 * BODY_W  # no line of a word or two under a full one
