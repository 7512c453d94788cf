"""Hostile files for the importer: huge, deep, dense, mislabelled, encrypted, oddly encoded.

``make_all(folder)`` writes every file (about 0.5 GB; nothing here is committed) and returns
``{name: path}``. The first six are the issue's budget list (49 MB HTML of cells, 40 MB
one-line text, 1 M nested divs, 80 pages of ruled lines, 20 000 rectangles, 5 000 pages);
the rest are the other attacks of the same round (zip bombs, encodings, binaries, devices).
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
SIMPLE_DOCX_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
SIMPLE_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TRADITIONAL = (
    "某某鎮人民政府2020年政府資訊公開工作年度報告\n\n一、總體情況\n"
    "本年度我鎮認真貫徹落實《中華人民共和國政府資訊公開條例》，主動公開政府資訊，"
    "依法辦理政府資訊公開申請，進一步提高政府工作透明度。\n"
    "二、主動公開政府資訊情況\n規章\t0\t0\t0\n規範性文件\t12\t10\t35\n"
    "三、收到和處理政府資訊公開申請情況\n本年新收政府資訊公開申請數量\t5\n"
)


def docx_bytes(document: bytes, extra: dict[str, bytes] | None = None, level: int = 9) -> bytes:
    """A minimal .docx around ``document`` (word/document.xml), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", SIMPLE_DOCX_CT)
        z.writestr("_rels/.rels", SIMPLE_DOCX_RELS)
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def _document_xml(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'.encode()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _repeat_to(unit: bytes, size: int) -> bytes:
    return unit * (size // len(unit) + 1)


# ---------------------------------------------------------------- the budget list


def html_cells(path: Path, size: int = 49 * MB) -> None:
    row = "<tr>" + "".join(f"<td>{i}</td>" for i in range(10)) + "</tr>\n"
    head = '<html><head><meta charset="utf-8"><title>某某镇2020年政府信息公开工作年度报告</title></head><body><table>\n'
    count = (size - len(head)) // len(row)
    path.write_text(head + row * count + "</table></body></html>", encoding="utf-8")


def one_line_text(path: Path, size: int = 40 * MB) -> None:
    unit = "受理政府信息公开申请 12 件 本年新收 3 4 5 "
    data = unit.encode("utf-8")
    path.write_bytes(_repeat_to(data, size)[:size])


def nested_divs(path: Path, depth: int = 1_000_000) -> None:
    path.write_text("<html><body>" + "<div>" * depth + "政府信息公开" + "</div>" * depth + "</body></html>")


def _pdf(path: Path, pages: int, draw: Callable[[object, int], None]) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    for n in range(pages):
        draw(canvas, n)
        canvas.showPage()
    canvas.save()


def ruled_pages(path: Path, pages: int = 80, lines: int = 150) -> None:
    def draw(c: object, n: int) -> None:
        step_x, step_y = 555 / lines, 800 / lines
        for i in range(lines + 1):
            c.line(20 + i * step_x, 20, 20 + i * step_x, 820)  # type: ignore[attr-defined]
            c.line(20, 20 + i * step_y, 575, 20 + i * step_y)  # type: ignore[attr-defined]
        c.drawString(30, 830, f"Page {n + 1} 1 2 3")  # type: ignore[attr-defined]

    _pdf(path, pages, draw)


def rectangles(path: Path, count: int = 20_000) -> None:
    def draw(c: object, n: int) -> None:
        per_row = 100
        for i in range(count):
            x, y = 20 + (i % per_row) * 5.5, 20 + (i // per_row) * 4
            c.rect(x, y, 5, 3.5)  # type: ignore[attr-defined]
        c.drawString(30, 830, "2020 1 2 3")  # type: ignore[attr-defined]

    _pdf(path, 1, draw)


def many_pages(path: Path, pages: int = 5000) -> None:
    _pdf(path, pages, lambda c, n: c.drawString(72, 770, f"Page {n + 1}: 2020 12 34 56"))  # type: ignore[attr-defined]


# ---------------------------------------------------------------- more of the same round


def docx_bomb(path: Path, size: int = 190 * MB) -> None:
    unit = _paragraph("1").encode()
    body = _repeat_to(unit, size)[: size // len(unit) * len(unit)]
    head, tail = _document_xml("").split(b"<w:body>")
    path.write_bytes(docx_bytes(head + b"<w:body>" + body + tail))


def docx_styles_bomb(path: Path) -> None:
    path.write_bytes(docx_bytes(_document_xml(_paragraph("年度报告")), {"word/styles.xml": b" " * (300 * MB)}))


def docx_many_members(path: Path) -> None:
    path.write_bytes(
        docx_bytes(_document_xml(_paragraph("年度报告")), {f"word/m{i}.xml": b"<a/>" for i in range(6000)})
    )


def docx_deep(path: Path, depth: int = 200_000) -> None:
    path.write_bytes(docx_bytes(_document_xml("<w:p>" * depth + "</w:p>" * depth)))


def docx_dtd(path: Path) -> None:
    doc = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(docx_bytes(doc.encode()))


def docx_utf16_dtd(path: Path) -> None:
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(docx_bytes(doc.encode("utf-16")))


def docx_utf16_dtd_nobom(path: Path) -> None:
    doc = (
        '<?xml version="1.0" encoding="UTF-16LE"?><!DOCTYPE d [<!ENTITY x "y">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(docx_bytes(doc.encode("utf-16-le")))


def docx_long_run(path: Path) -> None:
    path.write_bytes(docx_bytes(_document_xml(_paragraph("1" * (60 * MB)))))


def docx_truncated(path: Path) -> None:
    data = docx_bytes(_document_xml(_paragraph("某某镇2020年政府信息公开工作年度报告" * 200)))
    path.write_bytes(data[: len(data) // 2])


def docx_encrypted(path: Path) -> None:
    """An OLE compound file holding "EncryptedPackage" (how Word saves a password-protected .docx)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    names = "".join(n.encode("utf-16-le").decode("latin-1") for n in ("EncryptionInfo", "EncryptedPackage"))
    path.write_bytes(header.ljust(512, b"\x00") + names.encode("latin-1") + os.urandom(20_000))


def docx_zip_password(path: Path) -> None:
    data = bytearray(docx_bytes(_document_xml(_paragraph("年度报告"))))
    # set the "encrypted" flag of every entry, as a zip tool's password option does
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + offset] |= 1
            start = i + 4
    path.write_bytes(bytes(data))


def xlsx_renamed(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buffer.getvalue())


def utf16_html(path: Path, codec: str = "utf-16", seed: str = "") -> None:
    page = (
        "<html><head><title>某某镇人民政府2020年政府信息公开工作年度报告</title></head><body>"
        "<p>一、总体情况</p><table><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table></body></html>"
    )
    path.write_bytes((seed or page).encode(codec))


def big5_text(path: Path) -> None:
    path.write_bytes((TRADITIONAL * 20).encode("big5"))


def big5_html(path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in (TRADITIONAL * 20).splitlines())
    path.write_bytes(f"<html><body>{body}</body></html>".encode("big5"))


def binary_as(path: Path, head: bytes = b"") -> None:
    path.write_bytes(head + random.Random(7).randbytes(200_000))


def digits_run(path: Path) -> None:
    text = "某某镇人民政府\n政府信息公开工作2020年度报告\n二、主动公开政府信息情况\n规章" + "7" * 2_000_000 + "\n"
    path.write_text(text, encoding="utf-8")


def many_lines(path: Path, count: int = 8_000_000) -> None:
    path.write_bytes(b"1\n" * count)


def tabs(path: Path, count: int = 30 * MB) -> None:
    path.write_bytes(b"\t" * count)


def html_one_row(path: Path, cells: int = 3_000_000) -> None:
    path.write_text("<table><tr>" + "<td>1</td>" * cells + "</tr></table>", encoding="utf-8")


def html_many_tables(path: Path, count: int = 500_000) -> None:
    path.write_text("<table><tr><td>1</td></tr></table>" * count, encoding="utf-8")


def html_one_cell(path: Path, size: int = 45 * MB) -> None:
    path.write_text("<table><tr><td>" + "年" * (size // 3) + "</td></tr></table>", encoding="utf-8")


def html_open_comment(path: Path, size: int = 45 * MB) -> None:
    path.write_text("<html><body><!-- " + "x" * size, encoding="utf-8")


def html_script(path: Path, size: int = 45 * MB) -> None:
    path.write_text("<html><body><p>年度报告</p><script>" + "var a=1;" * (size // 8) + "</script>", encoding="utf-8")


def html_entities(path: Path, count: int = 5_000_000) -> None:
    path.write_text("<p>" + "&amp;&#x4e00;" * count + "</p>", encoding="utf-8")


def seed_repeated(path: Path, shared: Path) -> None:
    seed = shared / "samples" / "seed-2020-report.txt"
    text = seed.read_text(encoding="utf-8") if seed.is_file() else "二、主动公开政府信息情况\n规章\t0\t0\t0\n"
    data = text.encode("utf-8")
    path.write_bytes(data * (45 * MB // len(data)))


def pdf_long_line(path: Path) -> None:
    _pdf(path, 1, lambda c, n: c.drawString(0, 400, "1 " * 200_000))  # type: ignore[attr-defined]


def pdf_truncated(path: Path) -> None:
    many_pages(path, 20)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def pdf_encrypted(path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    enc = pdfencrypt.StandardEncryption("secret", canPrint=0)
    canvas = Canvas(str(path), encrypt=enc)
    canvas.drawString(72, 770, "2020 1 2 3")
    canvas.showPage()
    canvas.save()


def oversize(path: Path) -> None:
    with open(path, "wb") as fh:
        fh.truncate(60 * MB)
        fh.seek(0)
        fh.write(b"<html>")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def whitespace(path: Path) -> None:
    path.write_bytes(b" \n\t\r\n" * 1000)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def directory(path: Path) -> None:
    path.mkdir()


def symlink_loop(path: Path) -> None:
    os.symlink(path.name, path)


def gbk_text(path: Path) -> None:
    path.write_bytes("某某镇人民政府\n政府信息公开工作2020年度报告\n一、总体情况\n年度报告。\n".encode("gbk") * 1000)


def make_all(folder: Path, shared: Path) -> dict[str, Path]:
    """Write every hostile file into ``folder``; returns {name: path} in a stable order."""
    makers: list[tuple[str, Callable[[Path], None]]] = [
        ("cells-49mb.html", html_cells),
        ("one-line-40mb.txt", one_line_text),
        ("nested-divs-1m.html", nested_divs),
        ("ruled-lines-80p.pdf", ruled_pages),
        ("rectangles-20000.pdf", rectangles),
        ("pages-5000.pdf", many_pages),
        ("bomb-190mb-xml.docx", docx_bomb),
        ("bomb-styles.docx", docx_styles_bomb),
        ("many-members.docx", docx_many_members),
        ("deep-xml.docx", docx_deep),
        ("entities.docx", docx_dtd),
        ("utf16-dtd.docx", docx_utf16_dtd),
        ("utf16le-dtd-nobom.docx", docx_utf16_dtd_nobom),
        ("long-run-60mb.docx", docx_long_run),
        ("truncated.docx", docx_truncated),
        ("encrypted.docx", docx_encrypted),
        ("zip-password.docx", docx_zip_password),
        ("workbook-renamed.docx", xlsx_renamed),
        ("utf16-bom.html", utf16_html),
        ("utf16le-nobom.html", lambda p: utf16_html(p, "utf-16-le")),
        ("utf16be-nobom.html", lambda p: utf16_html(p, "utf-16-be")),
        ("big5.txt", big5_text),
        ("big5.html", big5_html),
        ("binary-renamed.html", binary_as),
        ("jpeg-renamed.html", lambda p: binary_as(p, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")),
        ("binary-renamed.txt", binary_as),
        ("digits-2m.txt", digits_run),
        ("lines-8m.txt", many_lines),
        ("tabs-30mb.txt", tabs),
        ("one-row-3m-cells.html", html_one_row),
        ("tables-500k.html", html_many_tables),
        ("one-cell-45mb.html", html_one_cell),
        ("open-comment.html", html_open_comment),
        ("script-45mb.html", html_script),
        ("entities-5m.html", html_entities),
        ("seed-repeated-45mb.txt", lambda p: seed_repeated(p, shared)),
        ("long-line.pdf", pdf_long_line),
        ("truncated.pdf", pdf_truncated),
        ("encrypted.pdf", pdf_encrypted),
        ("oversize-60mb.html", oversize),
        ("empty.txt", empty),
        ("whitespace.txt", whitespace),
        ("fifo.txt", fifo),
        ("folder.html", directory),
        ("symlink-loop.txt", symlink_loop),
        ("gbk.txt", gbk_text),
    ]
    out: dict[str, Path] = {}
    for name, make in makers:
        path = folder / name
        if not (path.exists() or path.is_symlink()):
            make(path)
        out[name] = path
    out["/dev/zero"] = Path("/dev/zero")
    return out
