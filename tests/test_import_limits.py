"""Hostile files for the importer: bounded work (zip bombs, dense PDFs, huge pages) refused with a clear
message, and the encodings and disguises that used to pass (UTF-16, Big5, encrypted, renamed binaries)."""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
from pathlib import Path

import pytest

from nianbao.core.importer import ImportFailed, import_bytes, import_report

DATA = Path(__file__).parent / "data" / "import"
PAGE = (DATA / "report-2021-format.html").read_bytes().decode("utf-8")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
TRADITIONAL = (
    "某某鎮人民政府2020年政府資訊公開工作年度報告\n\n一、總體情況\n"
    "本年度我鎮認真貫徹落實《中華人民共和國政府資訊公開條例》，主動公開政府資訊，依法辦理政府資訊公開申請。\n"
)


def docx(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def body(paragraphs: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{paragraphs}</w:body></w:document>'


def refused(data: bytes, name: str) -> str:
    with pytest.raises(ImportFailed) as info:
        import_bytes(data, name)
    message = str(info.value)
    assert f"「{name}」" in message
    return message


# ---------------------------------------------------------------- Word


def test_a_docx_that_unpacks_to_megabytes_of_xml_is_refused_unread():
    paragraph = "<w:p><w:r><w:t>1</w:t></w:r></w:p>"
    data = docx(body(paragraph * (6 * 1024 * 1024 // len(paragraph))).encode())
    assert len(data) < 100_000  # a small file that unpacks to 6 MB
    assert "5 MB" in refused(data, "炸弹.docx")


def test_a_part_with_an_absurd_compression_ratio_is_refused():
    data = docx(body("<w:p><w:r><w:t>年度报告</w:t></w:r></w:p>").encode(), {"word/media/image1.png": bytes(3_000_000)})
    assert "压缩比" in refused(data, "图片.docx")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_dtd_in_a_utf16_part_is_found_after_decoding(codec):
    declared = "UTF-16" if codec == "utf-16" else codec.upper()
    xml = (
        f'<?xml version="1.0" encoding="{declared}"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert "DTD" in refused(docx(xml.encode(codec)), "宽字符.docx")


def test_a_part_in_an_encoding_word_never_writes_is_refused():
    xml = f'<?xml version="1.0" encoding="UTF-7"?><w:document {W_NS}><w:body/></w:document>'
    assert "编码" in refused(docx(xml.encode("utf-7")), "编码.docx")


def test_a_password_protected_docx_says_so():
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    names = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    data = header.ljust(512, b"\x00") + names + random.Random(1).randbytes(4000)
    message = refused(data, "加密.docx")
    assert "密码" in message and "损坏" not in message


def test_a_zip_with_a_password_says_so():
    data = bytearray(docx(body("<w:p/>").encode()))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(signature, start)) >= 0:
            data[i + offset] |= 1
            start = i + 4
    assert "密码" in refused(bytes(data), "压缩包.docx")


# ---------------------------------------------------------------- web pages and text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_page_is_read_like_the_utf8_one(codec):
    page = PAGE.replace('<meta charset="utf-8">', "")
    expected = import_bytes(page.encode("utf-8"), "网页.html").report.cells
    assert len(expected) > 100
    assert import_bytes(page.encode(codec), "网页.html").report.cells == expected


def test_big5_text_is_decoded_as_big5_and_says_so():
    result = import_bytes((TRADITIONAL * 5).encode("big5"), "繁体.txt")
    assert "政府資訊公開" in "".join(result.report.texts.values()) + result.report.agency
    assert any(f.rule == "import.read" and "Big5" in f.message for f in result.findings)


def test_gbk_text_stays_gbk():
    text = "某某镇人民政府\n政府信息公开工作2020年度报告\n一、总体情况\n本年度我镇主动公开政府信息。\n"
    result = import_bytes(text.encode("gbk"), "简体.txt")
    assert "我镇主动公开政府信息" in result.report.texts.get("general", "")
    assert not any(f.rule == "import.read" for f in result.findings)


def test_a_copy_cut_in_the_middle_of_a_character_stays_utf8():
    text = "某某镇人民政府\n政府信息公开工作2020年度报告\n一、总体情况\n本年度我镇主动公开政府信息。"
    data = text.encode("utf-8")[:-2]
    result = import_bytes(data, "截断.txt")
    assert "我镇主动公开政府信" in result.report.texts.get("general", "")


@pytest.mark.parametrize(
    "head", [b"", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\x7fELF\x02\x01\x01\x00", b"GIF89a\x01\x00"]
)
def test_binary_content_renamed_html_is_refused(head):
    data = head + random.Random(3).randbytes(50_000)
    assert "二进制" in refused(data, "图片.html")


def test_text_beyond_a_million_characters_is_refused_before_the_tables_are_read():
    data = ("受理政府信息公开申请 12 件 " * 70_000).encode("utf-8")
    assert "1,000,000" in refused(data, "一行.txt")


def test_a_page_of_too_many_cells_or_tags_is_refused():
    cells = "<table><tr>" + "<td>1</td>" * 120_000 + "</tr></table>"
    assert "单元格" in refused(cells.encode(), "单元格.html")
    divs = "<div>" * 200_000 + "年度报告" + "</div>" * 200_000
    assert "标签" in refused(divs.encode(), "嵌套.html")


# ---------------------------------------------------------------- PDF


def pdf(draw, pages: int = 1) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for n in range(pages):
        draw(canvas, n)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_pdf_page_ruled_into_a_huge_grid_is_refused():
    def grid(c, n):
        for i in range(81):
            c.line(20 + i * 6, 20, 20 + i * 6, 800)
            c.line(20, 20 + i * 9.5, 500, 20 + i * 9.5)
        c.drawString(30, 810, "2020 1 2 3")

    assert "表格格子" in refused(pdf(grid), "格子.pdf")


def test_a_pdf_page_of_thousands_of_rectangles_is_refused():
    def rects(c, n):
        for i in range(6000):
            c.rect(20 + (i % 100) * 5.5, 20 + (i // 100) * 4, 5, 3.5)
        c.drawString(30, 810, "2020")

    assert "线条" in refused(pdf(rects), "方框.pdf")


def test_a_pdf_line_of_too_many_characters_is_refused():
    assert "文字" in refused(pdf(lambda c, n: c.drawString(0, 400, "1 " * 6000)), "长行.pdf")


def test_a_password_protected_pdf_says_so():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    canvas.drawString(72, 770, "2020")
    canvas.showPage()
    canvas.save()
    assert "密码" in refused(buffer.getvalue(), "加密.pdf")


def test_only_the_first_80_pages_of_a_long_pdf_are_read():
    data = pdf(lambda c, n: c.drawString(72, 770, f"第{n + 1}页 2020"), pages=120)
    result = import_bytes(data, "长.pdf")
    assert any("共 120 页" in f.message and "前 80 页" in f.message for f in result.findings)


# ---------------------------------------------------------------- not files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    import threading
    import time

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    stop = time.monotonic() + 3

    def unblock() -> None:
        while time.monotonic() < stop:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError:
                time.sleep(0.05)

    threading.Thread(target=unblock, daemon=True).start()
    with pytest.raises(ImportFailed, match="命名管道"):
        import_report(fifo)
