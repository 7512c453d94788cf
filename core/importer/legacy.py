"""Files the importer cannot read, recognised so the message says what to do.

Old Word (.doc), WPS 文字 (.wps), old Excel (.xls) and WPS 表格 (.et) files are OLE compound
documents; their streams are named in UTF-16 in the directory ("WordDocument", "Workbook").
RTF starts with "{\\rtf". None of them is a damaged file: the user is told to save as
.docx/.xlsx in WPS or Word/Excel.
"""

from __future__ import annotations

from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_BOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_SPREADSHEET_SUFFIXES = (".xls", ".et", ".ett", ".xlt")
_TEXT_SUFFIXES = (".doc", ".wps", ".wpt", ".dot")


def legacy_message(data: bytes, name: str) -> str | None:
    """The Chinese message for an old Office/WPS or RTF file, or None when ``data`` is neither."""
    suffix = Path(name).suffix.lower()
    if data.lstrip()[:5].lower() == b"{\\rtf":
        return f"「{name}」是 RTF 格式的文档，本程序不能直接读取；请在 WPS 或 Word 中打开，「另存为」Word 文档（.docx）后再导入"
    if not data.startswith(OLE_MAGIC[:4]):
        return None
    is_book = any(s in data for s in _BOOK_STREAMS) and _WORD_STREAM not in data
    if suffix in _SPREADSHEET_SUFFIXES or (is_book and suffix not in _TEXT_SUFFIXES):
        return (
            f"「{name}」是旧版 Excel（.xls）或 WPS 表格（.et）格式的文件，本程序不能直接读取；"
            "请在 WPS 或 Excel 中打开，「另存为」Excel 工作簿（.xlsx）后再导入"
        )
    return (
        f"「{name}」是旧版 Word（.doc）或 WPS 文字（.wps）格式的文件，本程序不能直接读取（文件本身没有损坏）；"
        "请在 WPS 或 Word 中打开，「另存为」Word 文档（.docx）后再导入"
    )
