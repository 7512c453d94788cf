"""Every character of the official texts and of real reports renders in the window: 〈 〉 too.

The UI font is a list of families (``gui.fonts.setup_fonts``); Qt takes each character from the
first family that has it. The checks lay the text out the way the window does and look for the
empty box (glyph 0), and check each character with ``QFontMetrics.inFontUcs4`` over that list.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout

from helpers import ROOT, SHARED
from nianbao.gui import fonts

NESTED_TITLE = "依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (_strings(k) + _strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def official_text() -> str:
    """The formats' labels and headings, the messages, the help pages, the sample draft."""
    res = ROOT / "resources"
    parts = [NESTED_TITLE]
    for path in [*sorted((res / "formats").glob("*.json")), res / "text_checks.json", res / "import_labels.json"]:
        parts += _strings(json.loads(path.read_text(encoding="utf-8")))
    parts += [p.read_text(encoding="utf-8") for p in sorted((res / "help").glob("*.md"))]
    parts += _strings(json.loads((res / "samples" / "seed-2020.json").read_text(encoding="utf-8")))
    return "\n".join(parts)


def real_reports_text() -> str:
    folder = SHARED / "real-reports"
    if not folder.is_dir():
        pytest.skip("../shared/real-reports is not here")
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def printable(text: str) -> str:
    return "".join(sorted({ch for ch in text if unicodedata.category(ch)[0] not in "CZ"}))


def boxes(font: QFont, text: str) -> str:
    """The characters of ``text`` the window would draw as empty boxes in ``font``."""
    metrics = {family: QFontMetrics(QFont(family)) for family in font.families()}
    missing = [ch for ch in text if not any(m.inFontUcs4(ord(ch)) for m in metrics.values())]
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    line = layout.lineAt(0)
    if any(0 in run.glyphIndexes() for run in line.glyphRuns()):
        missing.append("（排版时出现空框）")
    return "".join(missing)


@pytest.fixture
def ui_font(qapp):
    """The application font as the program sets it up on this machine."""
    before = QFont(qapp.font())
    fonts.setup_fonts(qapp)
    yield QFont(qapp.font())
    qapp.setFont(before)


def test_nested_title_marks_render_with_this_machines_fonts(ui_font):
    assert boxes(ui_font, NESTED_TITLE) == ""


def test_official_texts_render_with_this_machines_fonts(ui_font):
    assert boxes(ui_font, printable(official_text())) == ""


def test_real_reports_render_with_this_machines_fonts(ui_font):
    assert boxes(ui_font, printable(real_reports_text())) == ""


def test_with_only_the_bundled_fonts_everything_renders(tmp_path):
    """A PC without any font of its own: only what resources/fonts brings."""
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "none"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    text = printable(official_text() + "\n" + (real_reports_text() if (SHARED / "real-reports").is_dir() else ""))
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).parent.parent)!r}]
        from PySide6.QtWidgets import QApplication
        from nianbao.gui.fonts import setup_fonts
        from test_glyphs import boxes
        app = QApplication([])
        family = setup_fonts(app)
        text = Path({str(tmp_path / "text.txt")!r}).read_text(encoding="utf-8")
        print(family, app.font().families(), "MISSING:" + boxes(app.font(), text))
    """)
    env = {"QT_QPA_PLATFORM": "offscreen", "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    family, _, missing = done.stdout.strip().rpartition("MISSING:")
    assert family.startswith("WenQuanYi Micro Hei")
    assert missing == ""


def test_the_bundled_face_backs_an_installed_font_only_when_it_lacks_a_mark(monkeypatch, qapp):
    before = QFont(qapp.font())
    registered = []
    real_register = fonts.register_fonts
    monkeypatch.setattr(fonts, "register_fonts", lambda files: registered.append(files) or real_register(files))
    monkeypatch.setattr(fonts, "system_has_cjk", lambda: True)
    monkeypatch.setattr(fonts, "system_cjk_family", lambda: "Installed CJK")
    try:
        monkeypatch.setattr(fonts, "covers", lambda families, text: True)
        assert fonts.setup_fonts(qapp) is None
        assert registered == [] and qapp.font().families() == [before.family(), "Installed CJK"]
        qapp.setFont(before)
        monkeypatch.setattr(fonts, "covers", lambda families, text: "〈" not in text)
        fonts.setup_fonts(qapp)
        assert [p.name for p in registered[0]] == [fonts.UI_FALLBACK_FILE]
        assert qapp.font().families() == [before.family(), "Installed CJK", "WenQuanYi Micro Hei"]
    finally:
        qapp.setFont(before)
    assert "〈" in fonts.OFFICIAL_MARKS and "〔" in fonts.OFFICIAL_MARKS
