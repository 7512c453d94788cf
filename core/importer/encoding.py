"""Decoding a report's bytes: BOMs, UTF-16 without a BOM, a declared charset, UTF-8, GB18030, Big5.

GB18030 decodes almost any byte sequence, so a Big5 (繁体) file used to turn into mojibake
without a word. When the bytes are valid both ways, the decoding in which the characters
common to every Chinese text (的、一、是、年、政府…) occur is taken, and a Big5 file gets a
note. Binary content (a picture or program renamed .html or .txt) is recognised by its
control characters and refused by the caller.
"""

from __future__ import annotations

import codecs

#: Characters written the same way in simplified and traditional Chinese and frequent in reports.
_COMMON = frozenset("的一是在不了有和人中大上年月日工作公开政府部门情况主要依法本其他及以提出理受要行")
_SAMPLE = 64 * 1024
BIG5_NOTE = "文件是繁体中文（Big5）编码，已按 Big5 读取；表格标签按简体识别，繁体写法的标签可能找不到"
UNKNOWN_NOTE = "文件编码无法识别，部分字符已替换为「\ufffd」"


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when mostly-ASCII text (markup) is stored as UTF-16 without a BOM."""
    head = data[:4096]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _score(text: str) -> int:
    return sum(1 for ch in text if ch in _COMMON)


def _chinese(data: bytes) -> tuple[str, str | None] | None:
    """GB18030 or Big5, whichever reads as Chinese; None when neither decodes."""
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    sample = data[:_SAMPLE]
    try:
        big5_sample = sample.decode("big5", errors="strict" if len(data) <= _SAMPLE else "ignore")
    except UnicodeDecodeError:
        big5_sample = None
    if big5_sample is not None and (gb is None or _score(big5_sample) > 2 * _score(gb[: len(big5_sample)]) + 5):
        try:
            return data.decode("big5"), BIG5_NOTE
        except UnicodeDecodeError:
            return data.decode("big5", errors="replace"), BIG5_NOTE
    return (gb, None) if gb is not None else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """The text of ``data`` and a note (Chinese) when the encoding had to be guessed or is unusual.

    Order: a byte-order mark; UTF-16 without one; the ``declared`` encoding (an HTML charset,
    already mapped to a Python codec name); UTF-8; GB18030 or Big5; UTF-8 with replacements.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    wide = utf16_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace"), None
    if declared:
        note = BIG5_NOTE if declared == "big5" else None
        return data.decode(declared, errors="replace"), note
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", errors="replace"), None  # a copy cut in the middle of a character
    found = _chinese(data)
    if found is not None:
        return found
    return data.decode("utf-8", errors="replace"), UNKNOWN_NOTE


def looks_binary(text: str) -> bool:
    """Whether decoded text is really binary content: NULs or many other control characters."""
    head = text[:8192]
    if not head:
        return False
    controls = sum(1 for ch in head if (ch < " " and ch not in "\t\n\r\f\v\x1b") or ch == "\ufffd")
    return "\x00" in head or (controls > 8 and controls > 0.02 * len(head))
