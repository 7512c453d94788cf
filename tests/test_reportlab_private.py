"""Guards for the ReportLab internals the PDF code relies on.

``core/pdf/facecache.py`` rebuilds a ``TTFontFace`` from cached state (setting ``_ttf_data`` and
``_pdfScale``, short-circuiting the module-level ``ttfonts.TTFontFace`` that ``TTFont.__init__``
calls) and ``core/pdf/text.py`` passes ``canvas._doc`` to ``splitString``. None of that is public
API: if a ReportLab upgrade changes it, these tests fail loudly, naming what changed, instead of
the export silently drawing wrong widths.
"""

from __future__ import annotations

import inspect

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from nianbao.core.pdf import facecache
from nianbao.core.resources import resource_path

FONT = resource_path("fonts", "FandolFang-Regular.ttf")
SAMPLE_TEXT = "政府信息公开工作年度报告2024年ABC（一）"


def test_ttfontface_keeps_the_private_state_the_cache_restores():
    face = TTFont("guard-a", str(FONT)).face
    state = face.__dict__
    for name in ("_ttf_data", "_pdfScale", "charToGlyph", "charWidths", "unitsPerEm", "defaultWidth"):
        assert name in state, f"ReportLab's TTFontFace no longer has {name!r}: update core/pdf/facecache.py"


def test_ttfont_init_builds_its_face_through_the_module_level_class():
    """facecache swaps ``ttfonts.TTFontFace`` for a moment; that only works while __init__ looks it up there."""
    source = inspect.getsource(TTFont.__init__)
    assert "TTFontFace(" in source, "TTFont.__init__ no longer constructs TTFontFace: update facecache._init_font"
    calls = []
    real = ttfonts.TTFontFace

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    ttfonts.TTFontFace = spy
    try:
        TTFont("guard-b", str(FONT))
    finally:
        ttfonts.TTFontFace = real
    assert calls, "TTFont.__init__ did not go through ttfonts.TTFontFace"


def test_a_cached_face_measures_exactly_like_a_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv(facecache.ENV_CACHE_DIR, str(tmp_path))
    parsed = TTFont("guard-c", str(FONT))
    facecache.load_ttfont("guard-d", FONT)  # writes the cache entry
    assert any(tmp_path.iterdir()), "the cache wrote no entry"
    cached = facecache.load_ttfont("guard-e", FONT)  # reads it back
    assert cached.face.__dict__.keys() >= {"_ttf_data", "_pdfScale"}
    for ch in SAMPLE_TEXT:
        assert cached.stringWidth(ch, 16) == pytest.approx(parsed.stringWidth(ch, 16)), ch
    assert cached.face.charToGlyph == parsed.face.charToGlyph


def test_canvas_has_the_doc_that_splitstring_needs():
    canvas = Canvas(None)
    assert hasattr(canvas, "_doc"), "Canvas no longer has _doc: update core/pdf/text.draw_line"
    font = TTFont("guard-f", str(FONT))
    pieces = font.splitString(SAMPLE_TEXT, canvas._doc)
    assert sum(len(codes) for _subset, codes in pieces) == len(SAMPLE_TEXT)
