"""Reports for the export tests, made by the tests (not by the program), and the round-trip check."""

from __future__ import annotations

from decimal import Decimal

from helpers import SAMPLE_DRAFT
from nianbao.core.draft import load
from nianbao.core.formats import default_registry
from nianbao.core.importer import ImportResult
from nianbao.core.report import Report

TEXTS = {
    "preface": "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为1月1日至12月31日。",
    "general": "（一）主动公开。全年主动公开政府信息，及时回应群众关切。\n（二）依申请公开\n依法办理政府信息公开申请，答复率100%。",
    "proactive": "该部分以表格形式报告。表格如下：",
    "applications": "该部分以表格形式报告。表格如下：",
    "review": "该部分以表格形式报告。表格如下：",
    "problems": "公开内容还不够全面，个别栏目更新不及时。\n下一步将加强培训，完善制度。",
    "other": "本年度无收取信息处理费情况。",
}


def numbered(format_id: str, agency: str = "某某县人民政府办公室") -> Report:
    """Every cell a distinct value 7000+i (negative for 本年增/减, decimals ending in a zero)."""
    fmt = default_registry().get(format_id)
    assert fmt is not None
    report = Report(
        format=fmt,
        year=2020 if format_id == "2019" else 2022,
        agency=agency,
        level="county_gov",
        published="2023-01-20",
    )
    for i, cell in enumerate(c for t in fmt.tables for c in t.cells):
        kind = fmt.kind_of(cell.id)
        if kind.type == "decimal":
            report.cells[cell.id] = Decimal(f"{7000 + i}.50")
        elif kind.minimum is None:
            report.cells[cell.id] = -(7000 + i)
        else:
            report.cells[cell.id] = 7000 + i
    report.texts = dict(TEXTS)
    return report


def sample() -> Report:
    """The bundled 2020 sample draft (2019 format, 198 cells)."""
    return load(SAMPLE_DRAFT)


def assert_same_report(original: Report, result: ImportResult, signature: str | None = None) -> None:
    """Cell for cell, blank for blank, text for text; ``signature`` is the 落款 the importer
    takes as the last lines of 六 (it has no notion of a 落款)."""
    back = result.report
    assert back.format.id == original.format.id
    assert (back.agency, back.year) == (original.agency, original.year)
    assert result.cells_found == len(original.cells)
    assert result.cells_total == len(original.format.cells)
    for cell_id in original.format.cells:
        assert back.cells.get(cell_id) == original.cells.get(cell_id), cell_id
    expected = {k: v for k, v in original.texts.items() if v}
    if signature:
        expected["other"] = f"{expected.get('other', '')}\n{signature}".lstrip("\n")
    assert back.texts == expected
    assert not [f for f in result.findings if f.rule != "import.blank"], [f.message for f in result.findings]
