"""Word ``.docx`` files, read with python-docx after safety checks on the zip container.

The container is checked first: it must be a zip holding ``word/document.xml``, with no
password, not unreasonably large once unpacked (in total, per part, and by compression
ratio: a 620 KB file once unpacked to 190 MB of XML), and no XML part may carry a DTD or
entity declaration (so no entity is ever expanded and nothing external is loaded). Parts are
checked as a stream, decoded from UTF-8 or UTF-16 as the parser would, so a declaration in
a UTF-16 part is found too; any other encoding is refused.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from ..errors import ImportFailed
from ..normalise import EMPTY
from .document import Piece, SourceDoc

MB = 1024 * 1024
MAX_UNPACKED = 100 * MB  # every part, pictures included (python-docx holds them all in memory)
MAX_XML = 30 * MB  # every XML part together
MAX_PART = 10 * MB  # one XML part
MAX_BODY = 5 * MB  # word/document.xml: python-docx reads about 1 MB a second
MAX_RATIO = 200  # unpacked ÷ packed, for parts over RATIO_FROM (XML packs 5–20 times)
RATIO_FROM = 1 * MB
MAX_MEMBERS = 5000
CHUNK = 1 * MB
BODY = "word/document.xml"
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
_UTF16_NAMES = {"utf-16", "utf16", "utf-16le", "utf-16be", "ucs-2"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def encrypted_message(data: bytes, name: str) -> str | None:
    """The message for a password-protected Word/Excel file (an OLE file holding "EncryptedPackage")."""
    if data.startswith(_OLE_MAGIC) and _ENCRYPTED_STREAM in data[: 1 * MB]:
        return f"「{name}」设置了打开密码（文件已加密），本程序无法读取；请在 Word/WPS 中取消密码后另存，再导入"
    return None


def _too_large(name: str, what: str) -> ImportFailed:
    return ImportFailed(
        f"「{name}」{what}，不像是一份年度报告，已拒绝导入（Word 文档正文、工作簿最大 {MAX_BODY // MB} MB，"
        f"解压后合计最大 {MAX_UNPACKED // MB} MB）",
        path=name,
    )


def _check_sizes(archive: zipfile.ZipFile, name: str, body: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _too_large(name, f"包含的部件太多（{len(members)} 个）")
    if any(m.flag_bits & 0x1 for m in members):
        raise ImportFailed(f"「{name}」设置了密码（文件已加密），本程序无法读取；请取消密码后另存，再导入", path=name)
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise _too_large(name, "解压后过大")
    xml = [m for m in members if m.filename.endswith((".xml", ".rels"))]
    if sum(m.file_size for m in xml) > MAX_XML:
        raise _too_large(name, "解压后的 XML 内容过大")
    for m in members:
        limit = MAX_BODY if m.filename == body else MAX_PART if m in xml else MAX_UNPACKED
        if m.file_size > limit:
            raise _too_large(name, f"中的 {m.filename} 解压后过大（{m.file_size // MB} MB）")
        if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(1, m.compress_size):
            raise _too_large(name, f"中的 {m.filename} 压缩比异常（{m.file_size // max(1, m.compress_size)} 倍）")


def _encoding(head: bytes) -> str | None:
    """The encoding an XML parser reads ``head`` (a part's first bytes) in; None when unusual."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    m = _XML_ENCODING.match(head)
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    return "utf-8" if declared in _UTF8_NAMES else None


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Read one XML part as a stream and refuse it if it declares a DTD or an entity."""
    with archive.open(member) as fh:
        head = fh.read(CHUNK)
        encoding = _encoding(head[:200])
        if encoding is None:
            raise ImportFailed(
                f"「{name}」的 {member.filename} 使用了 Word 不会使用的编码，为安全起见拒绝导入", path=name
            )
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        tail = ""
        chunk = head
        while chunk:
            text = tail + decoder.decode(chunk)
            if _DECLARATION.search(text):
                raise ImportFailed(
                    f"「{name}」的 {member.filename} 含有 DTD 或实体声明（正常的 Word 文档不会有），为安全起见拒绝导入",
                    path=name,
                )
            tail = text[-64:]
            chunk = fh.read(CHUNK)


def check_container(
    data: bytes, name: str, required: str = BODY, what: str = "Word 文档", suffix: str = ".docx"
) -> None:
    """Refuse a zip container (.docx, .xlsx) that is broken, password-protected, too large (in
    total, per part, by compression ratio), lacks ``required`` or declares a DTD or entity."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFailed(f"「{name}」不是有效的 {what}（{suffix} 文件应是 zip 压缩包，此文件不是或已损坏）") from exc
    with archive:
        _check_sizes(archive, name, required)
        if required not in archive.namelist():
            raise ImportFailed(f"「{name}」不是 {what}（压缩包中没有 {required}）")
        for member in archive.infolist():
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                _scan_part(archive, member, name)
            except ImportFailed:
                raise
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError) as exc:
                raise ImportFailed(f"「{name}」已损坏：无法读取其中的 {member.filename}") from exc


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
