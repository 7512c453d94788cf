"""The font-metrics cache is untrusted data: a damaged or forged entry never breaks an export,
and a face that fails while a PDF is made is repaired from the font file (and its entry rewritten)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from helpers import SAMPLE_DRAFT
from nianbao.core.pdf import facecache
from nianbao.core.resources import resource_path

FONT = resource_path("fonts", "FandolFang-Regular.ttf")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "fonts"
    monkeypatch.setenv(facecache.ENV_CACHE_DIR, str(folder))
    return folder


def entry_of(folder: Path) -> Path:
    entries = list(folder.glob("*.face"))
    assert len(entries) == 1
    return entries[0]


def test_a_damaged_entry_that_still_parses_does_not_break_the_pdf(cache, tmp_path):
    facecache.load_ttfont("dmg-1", FONT)  # writes the entry
    entry = entry_of(cache)
    data = bytearray(entry.read_bytes())
    at = len(data) - 40_000  # inside the packed glyph positions
    data[at : at + 64] = b"\x7f" * 64
    entry.write_bytes(bytes(data))
    font = facecache.load_ttfont("dmg-2", FONT)
    parsed = TTFont("dmg-ref", str(FONT))
    gid = parsed.face.charToGlyph[ord("年")]
    assert font.face.makeSubset([0, gid]) == parsed.face.makeSubset([0, gid])
    assert entry.read_bytes() != bytes(data)  # rewritten from a fresh parse
    again = facecache.load_ttfont("dmg-3", FONT)  # and usable from now on
    assert again.face.makeSubset([0, gid]) == parsed.face.makeSubset([0, gid])


RENDER = """
import sys
from nianbao.core.draft import load
from nianbao.core.pdf_export import render_pdf
data, _ = render_pdf(load(sys.argv[1]), invariant=True, system_fonts=False)
open(sys.argv[2], "wb").write(data)
"""


def test_the_export_survives_a_damaged_entry_byte_for_byte(cache, tmp_path):
    def render(cache_setting: str) -> bytes:  # each in a new process, as the user runs it
        out = tmp_path / "out.pdf"
        env = {**os.environ, facecache.ENV_CACHE_DIR: cache_setting}
        subprocess.run([sys.executable, "-c", RENDER, str(SAMPLE_DRAFT), str(out)], env=env, check=True, timeout=120)
        return out.read_bytes()

    reference = render("off")
    assert render(str(cache)) == reference  # fills the cache
    for entry in cache.glob("*.face"):
        data = bytearray(entry.read_bytes())
        data[-80_000:-8] = b"\x7f" * (80_000 - 8)  # the glyph positions (marshal) or any table: damaged
        entry.write_bytes(bytes(data))
    assert render(str(cache)) == reference


def test_a_face_that_fails_while_embedding_is_repaired_in_place_and_its_entry_rewritten(cache):
    facecache.load_ttfont("heal-1", FONT)
    entry = entry_of(cache)
    before = entry.stat().st_mtime_ns
    font = facecache.load_ttfont("heal-2", FONT)
    widths = font.face.charWidths
    font.face.glyphPos = list(reversed(font.face.glyphPos))  # damage that got past every check
    parsed = TTFont("heal-ref", str(FONT))
    gid = parsed.face.charToGlyph[ord("报")]
    assert font.face.makeSubset([0, gid]) == parsed.face.makeSubset([0, gid])
    assert list(font.face.glyphPos) == list(parsed.face.glyphPos)
    assert font.face.charWidths is widths  # the very dict a LoadedFont holds
    assert entry.stat().st_mtime_ns != before


def _forged(cache: Path, change) -> Path:
    """A well-formed entry (correct checksum) whose content was changed by ``change(face)``."""
    from nianbao.core.pdf.face_entry import encode_entry

    facecache.load_ttfont("forge-1", FONT)
    entry = entry_of(cache)
    face = TTFont("forge-src", str(FONT)).face
    change(face)
    entry.write_bytes(encode_entry(face))
    return entry


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.charToGlyph.__setitem__(ord("年"), 99_999),  # a glyph the font does not have
        lambda f: setattr(f, "unitsPerEm", "1000"),  # a string where a number belongs
        lambda f: setattr(f, "glyphPos", f.glyphPos[:-5]),  # tables that do not fit the glyph count
        lambda f: f.table["glyf"].__setitem__("offset", 10**12),  # a table outside the font file
        lambda f: setattr(f, "filename", "/elsewhere/other.ttf"),  # another font's entry
    ],
)
def test_a_forged_entry_with_a_valid_checksum_is_not_used(cache, change):
    entry = _forged(cache, change)
    forged = entry.read_bytes()
    font = facecache.load_ttfont("forge-2", FONT)
    parsed = TTFont("forge-ref", str(FONT)).face
    assert font.face.charToGlyph == parsed.charToGlyph and font.face.unitsPerEm == 1000
    assert entry.read_bytes() != forged


def test_entries_hold_plain_data_only(cache):
    from nianbao.core.pdf.face_entry import BadEntry, decode_entry

    facecache.load_ttfont("plain-1", FONT)
    entry = entry_of(cache)
    fields, arrays = decode_entry(entry.read_bytes())
    allowed = (type(None), bool, int, float, str, bytes, tuple, list, dict)
    assert all(isinstance(v, allowed) for v in fields.values())
    assert {a.typecode for a in arrays.values()} <= {"q", "d"}
    import marshal

    with pytest.raises(BadEntry):  # an old (marshal) entry, or anything else, is not an entry
        decode_entry(marshal.dumps({"code": compile("1", "<cache>", "eval")}))
