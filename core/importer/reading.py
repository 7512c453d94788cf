"""Recognise a file's type from its content and hand it to the matching reader."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ImportFailed
from .document import SourceDoc
from .docx_source import read_docx
from .html_source import decode_html, read_html
from .legacy import legacy_message
from .pdf_source import read_pdf
from .text_source import decode_text, read_text
from .workbook_source import read_workbook

MAX_BYTES = 50 * 1024 * 1024
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".et")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.IGNORECASE | re.DOTALL
)


def sniff(data: bytes, name: str) -> str:
    """The kind of content: "pdf", "docx", "xlsx", "html" or "text" (the name's suffix only breaks ties)."""
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    message = legacy_message(data, name)
    if message:
        raise ImportFailed(message)
    if data.startswith(b"PK\x03\x04") or suffix in (".docx", *_WORKBOOK_SUFFIXES):
        return "xlsx" if suffix in _WORKBOOK_SUFFIXES or b"xl/workbook.xml" in data else "docx"
    if suffix == ".pdf":
        raise ImportFailed(f"「{name}」的扩展名是 .pdf，但内容不是 PDF（文件可能已损坏）")
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if suffix in (".htm", ".html", ".xhtml", ".shtml") or _HTML_START.match(head):
        return "html"
    return "text"


def read_bytes(data: bytes, name: str) -> SourceDoc:
    """Read a report file's bytes into pieces; raises :class:`ImportFailed` with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"「{name}」太大（{len(data) // (1024 * 1024)} MB），不像是一份年度报告")
    if not data.strip():
        raise ImportFailed(f"「{name}」是空文件")
    kind = sniff(data, name)
    if kind == "pdf":
        return read_pdf(data, name)
    if kind == "docx":
        return read_docx(data, name)
    if kind == "xlsx":
        return read_workbook(data, name)
    if kind == "html":
        text, note = decode_html(data)
        doc = read_html(text, name)
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFailed(f"「{name}」不是文本、网页、Word 或 PDF 文件（含有二进制内容），无法导入")
        text, note = decode_text(data)
        doc = read_text(text, name)
    if note:
        doc.notes.append(note)
    return doc


def read_path(path: str | Path) -> SourceDoc:
    """Read a report file from disk."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailed(f"「{p.name}」太大（{size // (1024 * 1024)} MB），不像是一份年度报告")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFailed(f"找不到文件「{p}」") from exc
    except IsADirectoryError as exc:
        raise ImportFailed(f"「{p}」是文件夹，不是文件") from exc
    except OSError as exc:
        raise ImportFailed(f"无法读取「{p}」：{exc.strerror or exc}") from exc
    return read_bytes(data, p.name)
