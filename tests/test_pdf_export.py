"""PDF export: what a reader and a printer get (text, tables, fonts, GB/T 9704 geometry).

Everything is measured on the written PDF with pypdf / pdfplumber; the expected numbers
come from GB/T 9704-2012 and the format files, not from the exporter's own constants.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from nianbao.core.cli import main
from nianbao.core.draft import load, save
from nianbao.core.formats import default_registry
from nianbao.core.pdf import fonts as pdf_fonts
from nianbao.core.pdf import sysfonts
from nianbao.core.pdf_export import MissingGlyphError, render_pdf, write_pdf
from nianbao.core.report import Report
from nianbao.core.values import format_value

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4
LEFT, TOP, BODY_W, BODY_H = 28 * MM, 37 * MM, 156 * MM, 225 * MM  # 订口, 天头, 版心
PITCH = BODY_W / 28  # 28 characters per line
NUMBER = re.compile(r"-?7\d{3}(?:\.\d+)?")
MISSING = "\U000f0000"  # a private-use character no font has


@pytest.fixture(autouse=True)
def _font_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


def numbered_report(format_id: str, agency: str = "某某县人民政府办公室") -> Report:
    """Every cell filled with a distinct value 7000+i (negative for 本年增/减, decimals with a zero)."""
    fmt = default_registry().get(format_id)
    report = Report(
        format=fmt,
        year=2020 if format_id == "2019" else 2022,
        agency=agency,
        level="county_gov",
        published="2023-01-20",
    )
    i = 0
    for table in fmt.tables:
        for cell in table.cells:
            kind = fmt.kind_of(cell.id)
            if kind.type == "decimal":
                report.cells[cell.id] = Decimal(f"{7000 + i}.50")
            elif kind.minimum is None:
                report.cells[cell.id] = -(7000 + i)
            else:
                report.cells[cell.id] = 7000 + i
            i += 1
    report.texts = {
        "preface": "本报告依据《中华人民共和国政府信息公开条例》编制。",
        "general": "（一）主动公开。全年主动公开政府信息。\n（二）依申请公开。依法办理申请。",
        "proactive": "该部分以表格形式报告。表格如下：",
        "applications": "该部分以表格形式报告。表格如下：",
        "review": "该部分以表格形式报告。表格如下：",
        "problems": "公开内容还不够全面。",
        "other": "无。",
    }
    return report


def pdf_of(report: Report, **options) -> bytes:
    options.setdefault("system_fonts", False)
    data, _ = render_pdf(report, **options)
    return data


def lines_of(page) -> list[tuple[float, list[dict]]]:
    """Characters of a page grouped into lines (by baseline), top to bottom, left to right.

    The key is the baseline's distance from the page top (fonts differ in their boxes, so
    Latin digits and hanzi of one line share only the baseline).
    """
    rows: dict[float, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(page.height - ch["matrix"][5], 0), []).append(ch)
    return [(top, sorted(chars, key=lambda c: c["x0"])) for top, chars in sorted(rows.items())]


def text_of(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def table_cells(pdf) -> list[set[str]]:
    """Per page: the text of every table cell pdfplumber finds from the ruling lines."""
    out = []
    for page in pdf.pages:
        cells = set()
        for table in page.extract_tables():
            for row in table:
                cells.update("".join(c.split()) for c in row if c)
        out.append(cells)
    return out


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_every_label_and_number_in_reading_order(format_id):
    report = numbered_report(format_id)
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        cells = set().union(*table_cells(pdf))
        text = "\n".join(page.extract_text() for page in pdf.pages)
    for table in report.format.tables:
        for item in table.items:
            if item.role != "data":
                assert "".join(item.text.split()) in cells, (table.id, item.text)
    expected = [format_value(report.cells[c.id]) for t in report.format.tables for c in t.cells]
    assert NUMBER.findall(text) == expected
    for section in report.format.sections:
        assert section.heading in text
    assert text.count("该部分以表格形式报告。表格如下：") == 3


def test_sample_fonts_embedded_page_size_and_metadata(sample_path):
    report = load(sample_path)
    reader = PdfReader(io.BytesIO(pdf_of(report)))
    seen = set()
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - PAGE_W) < 0.5
        assert abs(float(page.mediabox.height) - PAGE_H) < 0.5
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, name
            assert re.match(r"^/[A-Z]{6}\+", name), name  # embedded subset
            seen.add(name.split("+", 1)[1])
    assert {
        "FandolFang-Regular",
        "FandolHei-Regular",
        "FandolKai-Regular",
        "FandolSong-Bold",
        "FandolSong-Regular",
    } <= seen
    meta = reader.metadata
    assert meta.title == "吉尔格勒特郭楞蒙古民族乡2020年政府信息公开工作年度报告"
    assert meta.author == "吉尔格勒特郭楞蒙古民族乡"
    assert "政府信息公开工作年度报告" in meta.subject
    assert meta.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_body_sits_on_the_gbt9704_grid():
    report = numbered_report("2021")
    report.texts["preface"] = "政府信息公开工作" * 200  # pure hanzi: every line is a full grid line
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        page = pdf.pages[1]  # entirely inside the preface
        lines = lines_of(page)
    body = [(y, chars) for y, chars in lines if chars[0]["top"] < PAGE_H - 35 * MM]
    assert len(body) == 22
    first_top = body[0][1][0]["top"]
    assert TOP - 0.5 <= first_top <= TOP + 8  # first line right under the 天头
    assert body[-1][1][0]["bottom"] <= PAGE_H - 35 * MM + 0.5  # last line inside the 版心
    for _, chars in body:
        assert len(chars) == 28
        assert abs(chars[0]["x0"] - LEFT) < 0.3
        assert abs(chars[-1]["x1"] - (LEFT + BODY_W)) < 0.5
        steps = [b["x0"] - a["x0"] for a, b in itertools.pairwise(chars)]
        assert max(abs(s - PITCH) for s in steps) < 0.05
    pitches = [b[1][0]["top"] - a[1][0]["top"] for a, b in itertools.pairwise(body)]
    assert max(abs(p - BODY_H / 22) for p in pitches) < 0.05


def test_page_numbers_alternate_sides_below_the_type_area():
    report = numbered_report("2021")
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        assert len(pdf.pages) >= 2
        for number, page in enumerate(pdf.pages, 1):
            _y, chars = lines_of(page)[-1]
            assert text_of(chars).replace(" ", "") == f"—{number}—"
            assert chars[0]["size"] == pytest.approx(14, abs=0.01)  # 4号
            baseline = chars[0]["matrix"][5]  # PDF coordinates, from the page bottom
            dash_top = baseline + 0.31 * 14
            assert dash_top == pytest.approx(35 * MM - 7 * MM, abs=0.6 * MM)
            if number % 2:
                assert chars[-1]["x1"] == pytest.approx(LEFT + BODY_W - 14, abs=1)
            else:
                assert chars[0]["x0"] == pytest.approx(LEFT + 14, abs=1)


def test_title_breaks_after_the_agency_and_is_centred(sample_path):
    report = load(sample_path)
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        lines = lines_of(pdf.pages[0])
    assert text_of(lines[0][1]) == "吉尔格勒特郭楞蒙古民族乡"
    assert text_of(lines[1][1]) == "2020年政府信息公开工作年度报告"
    for _, chars in lines[:2]:
        assert chars[0]["size"] == pytest.approx(22, abs=0.01)  # 2号
        centre = (chars[0]["x0"] + chars[-1]["x1"]) / 2
        assert centre == pytest.approx(LEFT + BODY_W / 2, abs=1.5)
    assert "FandolSong-Bold" in lines[0][1][0]["fontname"]
    heading = next(chars for _, chars in lines if text_of(chars) == "一、总体情况")
    assert "FandolHei" in heading[0]["fontname"]
    assert heading[0]["x0"] == pytest.approx(LEFT + 2 * PITCH, abs=0.3)  # 左空二字


def test_second_level_headings_in_kai_and_body_in_fang():
    report = numbered_report("2021")
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index("（一）主动公开。")
    run = chars[start : start + len("（一）主动公开。全年")]
    assert all("FandolKai" in c["fontname"] for c in run[:8])
    assert all("FandolFang" in c["fontname"] for c in run[8:])


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    report = numbered_report("2021")
    # 26 characters fill the indented first line; the comma and the opening quote fall at line ends.
    report.texts["preface"] = "政" * 26 + "，" + "府" * 26 + "“" + "信息" * 12 + "”。" + "公开" * 40
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        lines = [text_of(chars) for _, chars in lines_of(pdf.pages[0])]
    par = [line for line in lines if line.startswith("政") or line[:1] in "政府信公开“”，。"]
    assert par[0] == "政" * 25
    assert par[1].startswith("政，")
    for line in lines:
        assert line[:1] not in "，。、；：？！”’）》", line
        assert line[-1:] not in "“‘（《", line


def test_table_three_split_repeats_header_and_keeps_rows_whole():
    fmt = default_registry().get("2021")
    t3 = fmt.table("t3")
    splits = 0
    for lines_before in (0, 6, 12):
        report = numbered_report("2021")
        report.texts["preface"] = "\n".join(["政府信息公开工作年度报告编制说明"] * (lines_before + 1))
        with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
            per_page = table_cells(pdf)
            texts = [page.extract_text() for page in pdf.pages]
        values = {c.id: format_value(report.cells[c.id]) for c in t3.cells}
        pages_of = {
            cid: [i for i, t in enumerate(texts) if re.search(rf"(?<![\d.]){re.escape(v)}(?![\d.])", t)]
            for cid, v in values.items()
        }
        assert all(len(p) == 1 for p in pages_of.values())  # every number printed once
        t3_pages = sorted({p[0] for p in pages_of.values()})
        splits += len(t3_pages) > 1
        for i in t3_pages:
            assert "申请人情况" in per_page[i] and "法人或其他组织" in per_page[i]
            assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in per_page[i]
        for row in {c.row for c in t3.cells}:
            rows_pages = {pages_of[c.id][0] for c in t3.cells if c.row == row}
            assert len(rows_pages) == 1  # a row is never split across pages
    assert splits >= 1


def test_empty_cells_print_empty():
    report = numbered_report("2021")
    report.cells.clear()
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        cells = set().union(*table_cells(pdf))
    assert not any(re.fullmatch(r"-?[\d.]+", c) for c in cells)
    assert "None" not in cells


def test_missing_character_fails_with_its_name_and_place():
    report = numbered_report("2021")
    report.texts["other"] = f"本年度无其他事项{MISSING}。"
    with pytest.raises(MissingGlyphError) as info:
        render_pdf(report, system_fonts=False)
    message = str(info.value)
    assert MISSING in message and "U+F0000" in message and "六、其他需要报告的事项" in message


def test_missing_character_from_the_command_line(tmp_path, capsys):
    report = numbered_report("2021", agency=f"某{MISSING}镇人民政府")
    draft = tmp_path / "d.json"
    save(report, draft)
    out = tmp_path / "r.pdf"
    assert main(["export", str(draft), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "U+F0000" in err and "标题" in err and "Traceback" not in err
    assert not out.exists()


def _char_only_in_fallback() -> str:
    """A CJK character WenQuanYi Micro Hei has and the bundled 仿宋 lacks (found with ReportLab)."""
    from reportlab.pdfbase.ttfonts import TTFont

    root = Path(pdf_fonts.__file__).resolve().parent.parent.parent / "resources" / "fonts"
    fang = TTFont("t-fang", str(root / "FandolFang-Regular.ttf")).face.charToGlyph
    wqy = TTFont("t-wqy", str(root / "wqy-microhei.ttc")).face.charToGlyph
    return next(chr(c) for c in range(0x4E00, 0x9FA6) if c in wqy and c not in fang)


def test_characters_missing_from_fang_fall_back_per_run_to_a_song_face():
    rare = _char_only_in_fallback()
    report = numbered_report("2021")
    report.texts["problems"] = f"个别用字如{rare}需要说明。"
    data, result = render_pdf(report, system_fonts=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    at = [i for i, c in enumerate(chars) if c["text"] == rare]
    # 仿宋 → 宋体 → 楷体 → 黑体: the bundled Song-style Hanazono Mincho comes before the 黑体 WenQuanYi
    assert len(at) == 1 and "HanaMinA" in chars[at[0]]["fontname"]
    around = chars[at[0] - 5 : at[0]] + chars[at[0] + 1 : at[0] + 5]
    assert text_of(around) == "个别用字如需要说明"
    assert all("FandolFang" in c["fontname"] for c in around)  # only the one character falls back
    assert any("HanaMin-Rare-BMP" in label for label in result.fonts["fang"])


def test_installed_official_font_is_preferred(tmp_path, monkeypatch):
    system = tmp_path / "Fonts"
    system.mkdir()
    bundled = Path(pdf_fonts.__file__).resolve().parent.parent.parent / "resources" / "fonts"
    shutil.copyfile(bundled / "FandolKai-Regular.ttf", system / "SimFang.TTF")  # stands in for 仿宋
    monkeypatch.setattr(sysfonts, "system_font_dirs", lambda: [system])
    sysfonts.system_index.cache_clear()
    try:
        data, result = render_pdf(numbered_report("2021"), system_fonts=True)
    finally:
        sysfonts.system_index.cache_clear()
    assert result.fonts["fang"][0] == "SimFang.TTF（系统字体）"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    body = next(c for c in chars if c["text"] == "本")  # first body character: 本报告…
    assert "FandolKai" in body["fontname"]


def test_signature_date_right_four_characters_agency_centred_above():
    report = numbered_report("2021")
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        lines = lines_of(pdf.pages[-1])
    texts = [text_of(chars) for _, chars in lines]
    i = texts.index("2023年1月20日")
    assert texts[i - 1] == "某某县人民政府办公室"
    date, agency = lines[i][1], lines[i - 1][1]
    assert date[-1]["x1"] == pytest.approx(LEFT + BODY_W - 4 * PITCH, abs=1)  # 右空四字
    centre = lambda cs: (cs[0]["x0"] + cs[-1]["x1"]) / 2  # noqa: E731
    assert centre(agency) == pytest.approx(centre(date), abs=1)
    # room for the stamp: two empty lines between the last body line and the 署名
    assert lines[i - 1][0] - lines[i - 2][0] == pytest.approx(3 * BODY_H / 22, abs=0.5)

    with pdfplumber.open(io.BytesIO(pdf_of(report, signature=False))) as pdf:
        assert "2023年1月20日" not in pdf.pages[-1].extract_text()


def test_signature_date_defaults_to_today_without_publication_date():
    report = numbered_report("2021")
    report.published = ""
    with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
        text = pdf.pages[-1].extract_text()
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" in text


def test_invariant_output_is_byte_identical():
    report = numbered_report("2019")
    first = pdf_of(report, invariant=True)
    second = pdf_of(report, invariant=True)
    assert first == second


def test_cli_export_pdf_counts_draft_errors(sample_path, tmp_path, capsys):
    report = load(sample_path)
    report.cells["t3.new.np"] = 5  # breaks 表三's balance: an error, yet the PDF is written
    draft = tmp_path / "bad.json"
    save(report, draft)
    out = tmp_path / "out.pdf"
    assert main(["export", str(draft), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"\d+ 个错误", err)
    reader = PdfReader(out)
    assert len(reader.pages) >= 4
    assert "吉尔格勒特郭楞蒙古民族乡" in reader.pages[0].extract_text()


def test_write_pdf_keeps_old_file_on_failure(tmp_path):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    report = numbered_report("2021")
    report.texts["general"] = MISSING
    with pytest.raises(MissingGlyphError):
        write_pdf(report, out, system_fonts=False)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_a_heading_never_ends_a_page():
    moved = 0
    for k in range(15, 20):  # one-line paragraphs push 一、 and then 二、 towards the foot of page 1
        report = numbered_report("2021")
        report.texts["preface"] = "\n".join(["政府信息公开工作年度报告编制说明政府信息公开工作"] * k)
        with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
            pages = [[text_of(chars) for _, chars in lines_of(page)][:-1] for page in pdf.pages[:2]]
        headings = [s.heading for s in report.format.sections]
        for body in pages:
            assert body[-1] not in headings, body[-1]
        if pages[1][0] == headings[0]:
            moved += 1
            assert len(pages[0]) < 22  # the heading left a short page rather than end it
    assert moved >= 1


def test_the_signature_never_stands_alone_on_a_page():
    kept = 0
    for k in range(1, 9):  # the last page goes from "only the 落款 would fit" to room for more
        report = numbered_report("2021")
        report.texts["other"] = "\n".join(["本年度没有其他需要报告的事项本年度没有其他需要报告"] * (k + 1))
        with pdfplumber.open(io.BytesIO(pdf_of(report))) as pdf:
            last = [text_of(chars) for _, chars in lines_of(pdf.pages[-1])][:-1]
        assert last[-2:] == ["某某县人民政府办公室", "2023年1月20日"]
        assert len(last) >= 3, last  # at least one line of the report above the 落款
        kept += len(last) == 3
    assert kept >= 1
