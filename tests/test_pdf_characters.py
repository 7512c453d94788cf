"""PDF characters and the document around them: rare characters, the fallback order, the
Latin face, the 落款 date, the draft mark and write errors.

Characters are checked in the PDF's own text (pypdf / pdfplumber extraction, which needs
the embedded ToUnicode maps), fonts by the names embedded in the PDF.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from nianbao.core.cli import main
from nianbao.core.draft import save
from nianbao.core.errors import ExportError
from nianbao.core.formats import default_registry
from nianbao.core.pdf import fonts as pdf_fonts
from nianbao.core.pdf import sysfonts
from nianbao.core.pdf_export import MissingGlyphError, render_pdf, write_pdf
from nianbao.core.report import Report
from nianbao.core.rules import check

FONTS = Path(pdf_fonts.__file__).resolve().parent.parent.parent / "resources" / "fonts"
RARE = "䶮𠀀𠮷"  # Extension A, Extension B (U+20000, U+20BB7)


@pytest.fixture(autouse=True)
def _font_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "font-cache"))


@pytest.fixture
def system_fonts(tmp_path, monkeypatch):
    """A fake system font folder (and no fontconfig): put files in it to 'install' them."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setattr(sysfonts, "system_font_dirs", lambda: [folder])
    monkeypatch.setattr(sysfonts, "fontconfig_files", lambda char: ())
    sysfonts.system_index.cache_clear()
    yield folder
    sysfonts.system_index.cache_clear()


def report_with(texts: dict[str, str], published: str = "2023-01-20") -> Report:
    fmt = default_registry().get("2021")
    report = Report(format=fmt, year=2022, agency="某某县人民政府办公室", published=published, texts=texts)
    for cell_id in fmt.cells:
        report.cells[cell_id] = 0
    return report


def chars_of(data: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def font_of(chars: list[dict], char: str) -> str:
    return next(c["fontname"] for c in chars if c["text"] == char).split("+")[-1]


def test_rare_characters_export_and_are_in_the_pdf_text():
    text = f"王{RARE[0]}、李{RARE[1]}和{RARE[2]}野（住址：葛\U000e0100\u200b村\u200d，标记😀\ufe0f）。"
    data, result = render_pdf(report_with({"general": text}), system_fonts=False)
    extracted = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for ch in RARE + "😀葛村":
        assert ch in extracted, ch
    for invisible in ("\U000e0100", "\u200b", "\u200d", "\ufe0f"):
        assert invisible not in extracted  # dropped silently
    chars = chars_of(data)
    assert "HanaMinA" in font_of(chars, "䶮") and "HanaMinB" in font_of(chars, "𠮷")
    assert "葛村" in "".join(c["text"] for c in chars)  # the selector left no gap or box
    assert any("HanaMin-Rare-ExtB.ttf（内置）" == label for label in result.fonts["fang"])


def test_system_extension_fonts_come_before_the_bundled_ones(system_fonts, tmp_path, monkeypatch):
    bundled_extb = pdf_fonts._unpacked(FONTS / "HanaMin-Rare-ExtB.ttf.xz")
    shutil.copyfile(bundled_extb, system_fonts / "SimSunB.TTF")  # stands in for Windows' SimSun-ExtB
    linux = tmp_path / "fc" / "ExtA.ttf"  # and this for what fontconfig lists
    linux.parent.mkdir()
    shutil.copyfile(pdf_fonts._unpacked(FONTS / "HanaMin-Rare-BMP.ttf.xz"), linux)
    monkeypatch.setattr(sysfonts, "fontconfig_files", lambda char: ((linux, 0),) if char == "䶮" else ())
    _, result = render_pdf(report_with({"general": f"王{RARE}。"}), system_fonts=True)
    assert "SimSunB.TTF（系统字体）" in result.fonts["fang"]
    assert "ExtA.ttf（系统字体）" in result.fonts["fang"]
    assert not any("HanaMin-Rare" in label for label in result.fonts["fang"])


def test_every_missing_character_is_listed_with_its_place():
    report = report_with({"general": "甲\U000f0001乙", "other": "丙\U000f0002丁\U000f0001"})
    with pytest.raises(MissingGlyphError) as info:
        render_pdf(report, system_fonts=False)
    message = str(info.value)
    assert "U+F0001" in message and "U+F0002" in message
    assert "「一、总体情况」第1段" in message and "「六、其他需要报告的事项」第1段" in message
    assert len(info.value.missing) == 3


def test_gbk_characters_missing_from_fang_print_in_song_not_hei(system_fonts):
    shutil.copyfile(FONTS / "FandolFang-Regular.ttf", system_fonts / "simfang.ttf")  # GB2312 only, like simfang
    shutil.copyfile(FONTS / "wqy-microhei.ttc", system_fonts / "simsun.ttc")  # a 宋体 that has 喆 and 堃
    shutil.copyfile(FONTS / "FandolHei-Regular.ttf", system_fonts / "simhei.ttf")
    data, result = render_pdf(report_with({"general": "张喆、王堃参加了培训。"}), system_fonts=True)
    assert "simsun.ttc（系统字体）" in result.fonts["fang"]
    chars = chars_of(data)
    assert "WenQuanYi" in font_of(chars, "喆") and "WenQuanYi" in font_of(chars, "堃")  # the "simsun" file
    assert "FandolFang" in font_of(chars, "培")


def test_without_official_fonts_gbk_characters_still_get_a_song_face():
    data, result = render_pdf(report_with({"general": "张喆、王堃参加了培训。"}), system_fonts=False)
    chars = chars_of(data)
    assert "HanaMinA" in font_of(chars, "喆")  # Song-style Mincho, not the 黑体 WenQuanYi
    assert not any("wqy" in label for label in result.fonts["fang"])


def test_digits_and_latin_letters_use_times_or_its_metric_twin(system_fonts):
    report = report_with({"general": "2022年共公开信息123条，网址www.gov.cn。"})
    report.cells["t3.new.np"] = 45
    data, result = render_pdf(report, system_fonts=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0].chars
        all_chars = [c for page in pdf.pages for c in page.chars]
    body = [c for c in all_chars if c["text"] in "0123456789wgovcn" and abs(c["size"] - 16) < 0.01]
    assert body and all("LiberationSerif" in c["fontname"] for c in body)
    table = [c for c in all_chars if c["text"] in "45" and c["size"] < 11]
    assert table and all("LiberationSerif" in c["fontname"] for c in table)
    page_number = [c for c in first if c["text"] == "1" and abs(c["size"] - 14) < 0.01]
    assert page_number and "LiberationSerif" in page_number[0]["fontname"]
    title_digits = [c for c in first if c["text"].isdigit() and abs(c["size"] - 22) < 0.01]
    assert title_digits and all("FandolSong-Bold" in c["fontname"] for c in title_digits)
    assert "FandolFang" in font_of([c for c in all_chars if abs(c["size"] - 16) < 0.01], "年")

    shutil.copyfile(FONTS / "LiberationSerif-Regular.ttf", system_fonts / "times.ttf")  # "installed" Times
    _, result = render_pdf(report, system_fonts=True)
    assert result.fonts["fang"][0] == "times.ttf（系统字体）"


def test_check_warns_about_an_empty_publication_date_and_the_export_says_which_date():
    report = report_with({}, published="")
    warnings = [f for f in check(report) if f.rule == "meta.published"]
    assert len(warnings) == 1 and warnings[0].meta == "published" and warnings[0].severity == "warning"
    assert "发布日期" in warnings[0].message
    _, result = render_pdf(report, system_fonts=False)
    assert result.date_source == "today"
    assert any("今天" in note and "落款日期" in note for note in result.notes)

    report.published = "2023-01-20"
    assert not [f for f in check(report) if f.rule == "meta.published"]
    _, result = render_pdf(report, system_fonts=False)
    assert result.date_source == "published" and str(result.date) == "2023-01-20"
    assert any("2023年1月20日" in note and "发布日期" in note for note in result.notes)


def test_cli_export_names_the_date_it_used(tmp_path, capsys):
    draft = tmp_path / "d.json"
    save(report_with({}, published=""), draft)
    assert main(["export", str(draft), "-o", str(tmp_path / "r.pdf")]) == 0
    err = capsys.readouterr().err
    assert "落款日期" in err and "未填写发布日期" in err


def test_draft_mark_puts_a_watermark_on_every_page_and_lists_the_findings(tmp_path, capsys):
    report = report_with({"general": "总体情况。"})
    report.cells["t3.new.np"] = 5  # 表三 no longer balances: an error
    errors = [f for f in check(report) if f.severity == "error"]
    assert errors
    data, result = render_pdf(report, system_fonts=False, draft_mark=True)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [(page.chars, page.extract_text()) for page in pdf.pages]
    for chars, _ in pages:
        mark = "".join(c["text"] for c in chars if c["size"] > 100)
        assert mark == "草稿"
    last = pages[-1][1].replace("\n", "")
    assert "检查结果" in last
    for f in errors:
        assert f.message.replace(" ", "")[:20] in last.replace(" ", "")
    assert any("草稿" in note for note in result.notes)

    clean, _ = render_pdf(report, system_fonts=False)
    with pdfplumber.open(io.BytesIO(clean)) as pdf:
        assert not any(c["size"] > 100 for page in pdf.pages for c in page.chars)
        assert "检查结果" not in pdf.pages[-1].extract_text()

    draft = tmp_path / "d.json"
    save(report, draft)
    out = tmp_path / "r.pdf"
    assert main(["export", str(draft), "-o", str(out), "--draft-mark"]) == 0
    assert "检查结果" in PdfReader(out).pages[-1].extract_text()


def test_a_missing_output_folder_gets_a_chinese_message_naming_it(tmp_path, capsys):
    report = report_with({})
    target = tmp_path / "U盘" / "年报.pdf"
    with pytest.raises(ExportError) as info:
        write_pdf(report, target, system_fonts=False)
    message = str(info.value)
    assert str(tmp_path / "U盘") in message and "不存在" in message
    assert ".tmp" not in message and "No such file" not in message
    draft = tmp_path / "d.json"
    save(report, draft)
    assert main(["export", str(draft), "-o", str(target)]) == 5
    err = capsys.readouterr().err
    assert str(tmp_path / "U盘") in err and "Traceback" not in err and ".tmp" not in err
