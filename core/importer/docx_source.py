"""Word ``.docx`` files, read with python-docx after safety checks on the zip container.

The container is checked first: it must be a zip holding ``word/document.xml``, not
unreasonably large once unpacked, and no XML part may carry a DTD or entity
declaration (so no entity is ever expanded and nothing external is loaded).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import ImportFailed
from ..normalise import EMPTY
from .document import Piece, SourceDoc

MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 5000
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_container(
    data: bytes, name: str, required: str = "word/document.xml", what: str = "Word 文档", suffix: str = ".docx"
) -> None:
    """Refuse a zip container (.docx, .xlsx) that is broken, too large, lacks ``required`` or declares entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFailed(f"「{name}」不是有效的 {what}（{suffix} 文件应是 zip 压缩包，此文件不是或已损坏）") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise ImportFailed(f"「{name}」解压后过大，不像是一份年度报告，已拒绝导入")
        if required not in archive.namelist():
            raise ImportFailed(f"「{name}」不是 {what}（压缩包中没有 {required}）")
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                content = archive.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
                raise ImportFailed(f"「{name}」已损坏：无法读取其中的 {member.filename}") from exc
            if _DECLARATION.search(content):
                raise ImportFailed(
                    f"「{name}」的 {member.filename} 含有 DTD 或实体声明（正常的 Word 文档不会有），为安全起见拒绝导入"
                )


def read_docx(data: bytes, name: str) -> SourceDoc:
    """Pieces of a Word document: paragraphs and table cells in body order."""
    check_container(data, name)
    try:
        import docx  # python-docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(f"「{name}」无法作为 Word 文档读取（{type(exc).__name__}）") from exc
    doc = SourceDoc(name=name, kind="docx")
    paragraph_no = 0
    table_no = 0
    for block in blocks:
        if isinstance(block, Table):
            table_no += 1
            seen: set[object] = set()  # the cell elements themselves (ids of freed proxies are reused)
            for r, row in enumerate(block.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    if cell._tc in seen:  # a merged cell repeats: read it once
                        continue
                    seen.add(cell._tc)
                    text = cell.text.strip()
                    doc.pieces.append(Piece(text if text else EMPTY, f"Word 表格{table_no}第{r}行第{c}格"))
        else:
            paragraph_no += 1
            text = block.text.strip()
            if text:
                doc.pieces.append(Piece(text, f"Word 正文第{paragraph_no}段"))
    return doc
