"""Plain text copied from a web page: cells one per line, tab-indented, or " | "-separated."""

from __future__ import annotations

import re

from ..normalise import EMPTY, ROW_BREAK
from .document import Piece, SourceDoc

_SEPARATOR_LINE = re.compile(r"^\s*={10,}(?:\s*正文\s*=+)?\s*$")
_ENVELOPE_START = re.compile(r"^\s*(?:https?://|SOURCE:)", re.IGNORECASE)
_META_LINE = re.compile(r"^\s*(标题|发布时间|发布日期)\s*[:：]\s*(.*?)\s*$")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TRUNCATED = re.compile(r"^\s*\[TRUNCATED\]\s*$")


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode text bytes (UTF-8, UTF-16 with BOM, or GB18030); a note if it had to guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "文件编码无法识别，部分字符已替换为「\ufffd」"


def _strip_envelope(lines: list[str], doc: SourceDoc) -> int:
    """Skip a capture header (address, note, ==== line); returns the first body line index."""
    if not lines or not _ENVELOPE_START.match(lines[0]):
        return 0
    last = -1
    for i, line in enumerate(lines[:20]):
        if _SEPARATOR_LINE.match(line):
            last = i
    if last < 0:
        return 0
    for line in lines[1:last]:
        m = _META_LINE.match(line)
        if not m:
            continue
        if m.group(1) == "标题":
            doc.title_hint = m.group(2)
        else:
            d = _DATE.search(m.group(2))
            if d:
                doc.published_hint = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    return last + 1


def read_text(text: str, name: str, kind: str = "text") -> SourceDoc:
    """Split text into pieces: one per line, lines cut at tabs and "|" (table cells)."""
    doc = SourceDoc(name=name, kind=kind)
    lines = text.splitlines()
    first = _strip_envelope(lines, doc)
    stripped = text.rstrip(" ")
    doc.ends_cleanly = not (stripped[-1:].isdigit() and not stripped.endswith(("\n", "\r")))
    for number, line in enumerate(lines[first:], start=first + 1):
        if _TRUNCATED.match(line):
            doc.truncated_at = f"第{number}行"
            break
        where = f"第{number}行"
        if not line.strip() and "\t" not in line:
            if doc.pieces and doc.pieces[-1].text != ROW_BREAK:
                doc.pieces.append(Piece(ROW_BREAK, where))
            continue
        if "\t" in line:
            for part in line.split("\t")[1:] if line.startswith("\t") else line.split("\t"):
                part = part.strip()
                doc.pieces.append(Piece(part if part else EMPTY, where))
            continue
        for part in line.split("|"):
            part = part.strip()
            if part:
                doc.pieces.append(Piece(part, where))
    return doc
