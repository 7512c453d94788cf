"""The published reports in ../shared/real-reports import to exactly the figures they print.

Expected figures are typed by hand from the published text/PDF (tests/import_expected.py),
never taken from the importer's output.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from helpers import REAL_REPORTS as REAL
from helpers import needs_shared
from import_expected import HONGZE_2023, HONGZE_2024, HUAIAN_2024, PINGTAN, PINGTAN_AMBIGUOUS, one, t3
from nianbao.core.importer import ImportResult, import_report
from nianbao.core.rules import ERROR, WARNING, check

pytestmark = needs_shared(REAL)


@cache
def imported(name: str) -> ImportResult:
    return import_report(REAL / name)


def rules(findings, severity=None):
    return sorted({f.rule for f in findings if severity is None or f.severity == severity})


def of_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def assert_cells(result: ImportResult, expected: dict) -> None:
    got = result.report.cells
    assert set(got) == set(expected), (sorted(set(got) - set(expected)), sorted(set(expected) - set(got)))
    wrong = {k: (got[k], v) for k, v in expected.items() if got[k] != v or type(got[k]) is not type(v)}
    assert not wrong


# ----------------------------------------------------------------- the three published PDFs


def test_huaian_2024_every_cell_and_no_findings():
    result = imported("huaian-city-2024.pdf")
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == ("淮安市人民政府", 2024, "2021", "city_gov")
    assert_cells(result, HUAIAN_2024)
    assert result.findings == []
    # all table rules hold and the narrative figures match the tables; the page gives no 发布日期
    assert [f.rule for f in check(report)] == ["meta.published"]
    assert report.texts["general"].startswith("2024年，我市坚持以习近平新时代中国特色社会主义思想为指导")
    assert "全年收取政府信息公开信息处理费3940元" in report.texts["other"]


def test_hongze_2023_published_errors_and_mixed_layout():
    result = imported("hongze-district-2023.pdf")
    report = result.report
    assert (report.agency, report.year, report.format.id) == ("洪泽区人民政府", 2023, "2021")
    assert_cells(result, HONGZE_2023)
    layout = of_rule(result.findings, "import.layout")
    assert len(layout) == 1 and "（六）其他处理" in layout[0].message and "PDF第4页" in layout[0].message
    assert set(layout[0].cells) == {
        f"t3.r6_{i}.{c}" for i in (1, 2, 3) for c in ("np", "biz", "res", "ngo", "law", "oth", "tot")
    }
    label = of_rule(result.findings, "import.label")
    assert len(label) == 1 and "2.其他法律行政止公开" in label[0].message
    errors = [f for f in check(report) if f.severity == ERROR]
    assert [f.rule for f in errors] == ["t4.total", "t4.total"]
    assert "表四「行政复议」：总计 0" in errors[0].message and "= 11" in errors[0].message
    assert "复议后起诉" in errors[1].message and "= 5" in errors[1].message


def test_hongze_2024_scope_difference_is_a_warning_and_years_chain():
    result = imported("hongze-district-2024.pdf")
    report = result.report
    assert (report.agency, report.year) == ("淮安市洪泽区人民政府", 2024)
    assert_cells(result, HONGZE_2024)
    findings = check(report, imported("hongze-district-2023.pdf").report)
    assert [f for f in findings if f.severity == ERROR] == []
    text = of_rule(findings, "text.numbers")
    assert len(text) == 1 and text[0].severity == WARNING
    assert "17件" in text[0].message and "95" in text[0].message
    assert of_rule(findings, "t2.valid_previous") == []  # 5 + 3 − 0 = 8
    assert of_rule(findings, "t3.carry_in_previous") == []


# ----------------------------------------------------------------- 平潭, cells run together


@pytest.mark.parametrize("year", sorted(PINGTAN))
def test_pingtan_digit_runs_split_by_the_tables_own_arithmetic(year):
    result = imported(f"pingtan-{year}.txt")
    report = result.report
    assert (report.agency, report.year) == ("平潭综合实验区", year)
    assert report.format.id == ("2019" if year <= 2020 else "2021")
    assert_cells(result, PINGTAN[year])
    ambiguous = of_rule(result.findings, "import.ambiguous")
    rows = sorted({".".join(c.split(".")[:2]) for f in ambiguous for c in f.cells})
    assert rows == sorted(PINGTAN_AMBIGUOUS[year])
    assert all("无法确定" in f.message for f in ambiguous)
    assert of_rule(result.findings, "import.split")  # the user is told the figures were split


def test_pingtan_2020_published_error_in_the_results_total():
    errors = [f for f in check(imported("pingtan-2020.txt").report) if f.severity == ERROR]
    assert [f.rule for f in errors] == ["t3.result_total", "t3.result_total"]
    assert "「自然人」列：（七）总计 20" in errors[0].message and "各项办理结果之和 26" in errors[0].message
    assert "「总计」列：（七）总计 21" in errors[1].message and "27" in errors[1].message


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024, 2025])
def test_pingtan_carry_over_chains_from_year_to_year(year):
    this, last = imported(f"pingtan-{year}.txt").report, imported(f"pingtan-{year - 1}.txt").report
    findings = check(this, last)
    assert of_rule(findings, "t3.carry_in_previous") == []
    assert [f for f in findings if f.severity == ERROR and f.rule != "t3.result_total"] == []


def test_pingtan_2022_text_counts_carried_applications_without_an_error():
    findings = check(imported("pingtan-2022.txt").report)
    assert [f for f in findings if f.rule == "text.numbers" and f.severity == ERROR] == []
    assert [f for f in findings if f.severity == ERROR] == []


# ----------------------------------------------------------------- truncated page copies


def test_tianmen_2019_blank_rules_row_and_negative_delta():
    result = imported("02-tianmen-hushi-town-2019.txt")
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == ("胡市镇人民政府", 2019, "2019", "township")
    assert report.cells == {
        "t2.norm.new_made": 2,
        "t2.norm.new_published": 0,
        "t2.norm.total_public": 83,
        "t2.license.prev_items": 71,
        "t2.license.delta": -11,
        "t2.license.decisions": 0,
    }
    blank = of_rule(result.findings, "import.blank")
    assert len(blank) == 1 and set(blank[0].cells) == {"t2.reg.new_made", "t2.reg.new_published", "t2.reg.total_public"}
    assert "第15行" in blank[0].message
    cut = of_rule(result.findings, "import.count")
    assert len(cut) == 1 and "其他对外管理服务事项" in cut[0].message and "不完整" in cut[0].message
    assert of_rule(result.findings, "import.truncated")
    assert {"t3", "t4"} == {f.cells[0].split(".")[0] for f in of_rule(result.findings, "import.table_missing")}


def test_fusong_2020_year_error_in_the_text():
    result = imported("03-fusong-songjianghe-town-2020.txt")
    report = result.report
    assert (report.agency, report.year, report.format.id, report.published) == (
        "抚松县松江河镇人民政府",
        2020,
        "2019",
        "2021-01-04",
    )
    expected = {f"t2.{r}.{c}": 0 for r in ("reg", "norm") for c in ("new_made", "new_published", "total_public")}
    expected.update(
        {
            f"t2.{r}.{c}": 0
            for r in ("license", "other_service", "penalty", "coercion")
            for c in ("prev_items", "delta", "decisions")
        }
    )
    assert report.cells == expected
    years = of_rule(check(report), "text.year")
    assert len(years) == 1 and "2019年" in years[0].message and "2020 年" in years[0].message


def test_guyang_2021_outdated_basis_and_five_complete_rows():
    result = imported("05-guyang-civilaffairs-2021.txt")
    report = result.report
    assert (report.agency, report.year, report.format.id, report.level) == ("固阳县民政局", 2021, "2021", "county_dept")
    expected = {c: 0 for c in report.format.cells if c.startswith("t2.")}
    expected.update(t3({}, ["new", "carry_in", "r1", "r2", "r3_1"]))
    assert report.cells == expected
    findings = check(report)
    assert len(of_rule(findings, "text.basis")) == 1
    assert of_rule(findings, "t3.row_total") == []
    assert "2021年我局在政府网站主动公开信息36条" in report.texts["proactive"]


def test_taojiang_2022_rules_reported_by_a_township():
    report = imported("07-taojiang-songmutang-town-2022.txt").report
    assert (report.agency, report.year, report.level) == ("桃江县松木塘镇人民政府", 2022, "township")
    assert report.cells == {
        "t2.reg.made": 2,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 2,
        "t2.norm.made": 2,
        "t2.norm.repealed": 0,
        "t2.norm.valid": 2,
        "t2.license.decisions": 0,
        "t2.penalty.decisions": 9,
        "t2.coercion.decisions": 0,
    }
    assert rules(check(report), WARNING).count("t2.rules_by_level") == 1


def test_changchun_2023_text_contradicts_the_table():
    result = imported("09-changchun-veterans-2023.txt")
    report = result.report
    assert (report.agency, report.year, report.format.id) == ("", 2023, "2021")
    expected = {c: 0 for c in report.format.cells if c.startswith("t2.")}
    expected.update(t3({"new": one(3)}, ["new", "carry_in"]))
    assert report.cells == expected
    assert of_rule(result.findings, "import.agency")
    text = of_rule(check(report), "text.numbers")
    assert len(text) == 1 and "受理政府信息公开申请2件" in text[0].message and "为 3" in text[0].message


def test_longgang_2024_truncated_row_is_reported_not_filled():
    result = imported("11-longgang-dept-2024.txt")
    report = result.report
    assert report.year == 2024
    expected = {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.norm.made": 5,
        "t2.norm.repealed": 1,
        "t2.norm.valid": 25,
        "t2.license.decisions": 0,
        "t2.penalty.decisions": 0,
        "t2.coercion.decisions": 0,
        "t2.fee.amount": Decimal("0"),
    }
    expected.update(
        t3(
            {
                "new": [58, 7, 0, 0, 1, 0, 66],
                "carry_in": one(2),
                "r1": [2, 1, 0, 0, 0, 0, 3],
                "r2": [16, 1, 0, 0, 0, 0, 17],
                "r3_5": one(1),
            },
            ["new", "carry_in", "r1", "r2", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6"],
        )
    )
    assert report.cells == expected
    cut = of_rule(result.findings, "import.count")
    assert len(cut) == 1 and "7.属于行政执法案卷" in cut[0].message and "6 个" in cut[0].message
    assert [f for f in check(report) if f.severity == ERROR] == []


def test_every_real_report_imports_without_a_crash():
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".txt", ".pdf"):
            result = imported(path.name)
            assert result.report.year is not None, path.name
            assert all(f.rule.startswith("import.") for f in result.findings)
