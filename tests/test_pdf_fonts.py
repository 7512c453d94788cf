"""Font loading for the PDF: the metrics cache must give ReportLab exactly what its parser gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.core.pdf import facecache
from nianbao.core.pdf.fonts import FANG, FontFile, FontSet, MissingGlyphError

FONTS = Path(facecache.__file__).resolve().parent.parent.parent / "resources" / "fonts"
SAMPLE_TEXT = "政府信息公开工作年度报告（一）“三安全一稳定”，2024年—— 1 —"


@pytest.mark.parametrize("name,index", [("FandolFang-Regular.ttf", 0), ("wqy-microhei.ttc", 0)])
def test_cached_face_matches_parsed_face(tmp_path, monkeypatch, name, index):
    monkeypatch.setenv(facecache.ENV_CACHE_DIR, str(tmp_path))
    parsed = facecache.load_ttfont("t-parsed", FONTS / name, index)  # parses and writes the cache
    assert len(list(tmp_path.glob("*.face"))) == 1
    cached = facecache.load_ttfont("t-cached", FONTS / name, index)
    a, b = parsed.face, cached.face
    for attr in (
        "name",
        "ascent",
        "descent",
        "bbox",
        "flags",
        "italicAngle",
        "stemV",
        "unitsPerEm",
        "numGlyphs",
        "defaultWidth",
        "charToGlyph",
        "charWidths",
    ):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert [b.hmetrics[g] for g in range(a.numGlyphs)] == a.hmetrics
    assert list(b.glyphPos) == a.glyphPos
    assert {g: b.glyphToChar[g] for g in a.glyphToChar} == a.glyphToChar
    codes = sorted({ord(c) for c in SAMPLE_TEXT})
    assert b.makeSubset(codes) == a.makeSubset(codes)  # the embedded font program is the same
    assert cached.stringWidth(SAMPLE_TEXT, 16) == parsed.stringWidth(SAMPLE_TEXT, 16)


def test_a_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv(facecache.ENV_CACHE_DIR, str(tmp_path))
    path = FONTS / "FandolSong-Regular.ttf"
    facecache.load_ttfont("t-1", path)
    (entry,) = tmp_path.glob("*.face")
    entry.write_bytes(b"not a cache entry")
    font = facecache.load_ttfont("t-2", path)
    assert font.face.charToGlyph[ord("政")]
    assert entry.read_bytes() != b"not a cache entry"  # rewritten from a fresh parse


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(facecache.ENV_CACHE_DIR, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert facecache.cache_dir() is None
    facecache.load_ttfont("t-off", FONTS / "FandolHei-Regular.ttf")
    assert not list(tmp_path.rglob("*.face"))


def test_unknown_character_raises_at_once_by_default():
    fonts = FontSet(use_system=False)
    with pytest.raises(MissingGlyphError) as info:
        fonts.resolve("政府\U000f0001", FANG, "「五、存在的主要问题及改进情况」第2段")
    assert "U+F0001" in str(info.value) and "第2段" in str(info.value)
    assert info.value.char == "\U000f0001" and info.value.where == "「五、存在的主要问题及改进情况」第2段"


def test_unknown_characters_are_collected_with_their_places():
    fonts = FontSet(use_system=False, collect_missing=True)
    runs = fonts.resolve("政府\U000f0001", FANG, "「五、存在的主要问题及改进情况」第2段")
    assert "".join(t for t, _ in runs) == "政府"  # the missing character is left out of the runs
    fonts.resolve("\U000f0002信息\U000f0001", FANG, "标题")
    with pytest.raises(MissingGlyphError) as info:
        fonts.raise_missing()
    message = str(info.value)
    assert "U+F0001" in message and "U+F0002" in message and "第2段" in message and "标题" in message
    assert "2 个字符" in message
    assert info.value.char == "\U000f0001"
    assert info.value.missing == [
        ("\U000f0001", "「五、存在的主要问题及改进情况」第2段"),
        ("\U000f0002", "标题"),
        ("\U000f0001", "标题"),
    ]


def test_unreadable_override_falls_back_to_the_bundled_font(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\0" * 100)
    fonts = FontSet(use_system=False, overrides={FANG: FontFile(broken, 0, bundled=False)})
    ((text, font),) = fonts.resolve("政府", FANG, "测试")
    assert text == "政府" and font.source.path.name == "FandolFang-Regular.ttf"
