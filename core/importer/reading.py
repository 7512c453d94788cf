"""Recognise a file's type from its content and hand it to the matching reader."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ImportFailed, os_reason
from ..inputs import NotAFile, TooLarge, read_limited, size_text
from .document import SourceDoc
from .docx_source import encrypted_message, read_docx
from .encoding import looks_binary, utf16_without_bom
from .html_source import decode_html, read_html
from .legacy import legacy_message
from .limits import MAX_CHARS, MAX_FILE_BYTES, MAX_PIECES, too_much
from .pdf_source import read_pdf
from .text_source import decode_text, read_text
from .workbook_source import read_workbook

MAX_BYTES = MAX_FILE_BYTES
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".et")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.IGNORECASE | re.DOTALL
)


def sniff(data: bytes, name: str) -> str:
    """The kind of content: "pdf", "docx", "xlsx", "html" or "text" (the name's suffix only breaks ties)."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    encrypted = encrypted_message(data, name)  # an OLE file too, but not an old .doc
    if encrypted:
        raise ImportFailed(encrypted, path=name)
    message = legacy_message(data, name)
    if message:
        raise ImportFailed(message)
    if data.startswith(b"PK\x03\x04") or suffix in (".docx", *_WORKBOOK_SUFFIXES):
        return "xlsx" if suffix in _WORKBOOK_SUFFIXES or b"xl/workbook.xml" in data else "docx"
    if suffix == ".pdf":
        raise ImportFailed(f"「{name}」的扩展名是 .pdf，但内容不是 PDF（文件可能已损坏）")
    head = _ascii_head(data)
    if suffix in (".htm", ".html", ".xhtml", ".shtml") or _HTML_START.match(head):
        return "html"
    return "text"


def _ascii_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible text (a UTF-16 page's markup becomes visible)."""
    head = data[:4096]
    wide = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_bom(head)
    if wide:
        return head.decode(wide, errors="replace").encode("utf-8", errors="replace").lstrip(b"\xef\xbb\xbf")
    return head.lstrip(b"\xef\xbb\xbf")


def _refuse_binary(text: str, name: str, what: str) -> None:
    if looks_binary(text):
        raise ImportFailed(f"「{name}」不是{what}（含有二进制内容，可能是改了扩展名的其他文件），无法导入", path=name)


def _check_content(doc: SourceDoc) -> SourceDoc:
    """Refuse a document with more pieces or text than any report (see :mod:`limits`)."""
    if len(doc.pieces) > MAX_PIECES:
        raise too_much(doc.name, "段落和表格单元格", len(doc.pieces), MAX_PIECES)
    chars = sum(len(p.text) for p in doc.pieces)
    if chars > MAX_CHARS:
        raise too_much(doc.name, "文字", chars, MAX_CHARS)
    return doc


def read_bytes(data: bytes, name: str) -> SourceDoc:
    """Read a report file's bytes into pieces; raises :class:`ImportFailed` with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"「{name}」太大（{len(data) // (1024 * 1024)} MB），不像是一份年度报告")
    if not data.strip():
        raise ImportFailed(f"「{name}」是空文件")
    kind = sniff(data, name)
    if kind == "pdf":
        return _check_content(read_pdf(data, name))
    if kind == "docx":
        return _check_content(read_docx(data, name))
    if kind == "xlsx":
        return _check_content(read_workbook(data, name))
    if kind == "html":
        text, note = decode_html(data)
        _refuse_binary(text, name, "网页")
        doc = read_html(text, name)
    else:
        text, note = decode_text(data)
        _refuse_binary(text, name, "文本、网页、Word 或 PDF 文件")
        if len(text) > MAX_CHARS:
            raise too_much(name, "文字", len(text), MAX_CHARS)
        lines = text.count("\n")
        if lines > MAX_PIECES:
            raise too_much(name, "行", lines, MAX_PIECES)
        doc = read_text(text, name)
    if note:
        doc.notes.append(note)
    return _check_content(doc)


def read_path(path: str | Path) -> SourceDoc:
    """Read a report file from disk (regular files only, at most :data:`MAX_BYTES`)."""
    p = Path(path)
    try:
        data = read_limited(p, MAX_BYTES)
    except TooLarge as exc:
        raise ImportFailed(
            f"「{p.name}」太大（{size_text(exc.size)}，上限 {MAX_BYTES // (1024 * 1024)} MB），不像是一份年度报告",
            path=p,
        ) from exc
    except NotAFile as exc:
        raise ImportFailed(f"「{p}」是{exc.kind}，不是文件", path=p) from exc
    except FileNotFoundError as exc:
        raise ImportFailed(f"找不到文件「{p}」", path=p) from exc
    except OSError as exc:
        raise ImportFailed(f"无法读取「{p}」：{os_reason(exc)}", path=p) from exc
    return read_bytes(data, p.name)
