"""What the content checks say about the real published reports in shared/real-reports.

Audited together (so each 平潭 year and 洪泽 2024 are checked against the year before). The
six NN-… files are truncated copies: their 五 and 六 are missing and 一 is cut off, so
text.empty_parts and text.general_topics on them describe the copy, not the published report.
Judgement of every flag is in the comments; a flag on a complete, correct report would mean
the rule needs tuning.
"""

from __future__ import annotations

import pytest

from helpers import SHARED

REAL = SHARED / "real-reports"
CONTENT_RULES = {
    "text.zero_claim",
    "text.part_count",
    "text.headings",
    "text.general_topics",
    "text.general_length",
    "text.problems_parts",
    "text.problems_short",
    "text.problems_followup",
    "text.fee_statement",
    "text.fee_table",
    "text.other_items",
    "text.copied",
    "text.year",
    "text.empty_parts",
    "t2.fee_unit",
}
TRUNCATED_2019 = [("text.empty_parts", "problems"), ("text.empty_parts", "other")]
TRUNCATED_2021 = [*TRUNCATED_2019, ("text.general_topics", "general")]
EXPECTED = {
    "02-tianmen-hushi-town-2019.txt": TRUNCATED_2019,
    # true: 「2019年,我镇通过抚松县政府网站公开信息94条」 in the 2020 report
    "03-fusong-songjianghe-town-2020.txt": [("text.year", "general"), *TRUNCATED_2019],
    "05-guyang-civilaffairs-2021.txt": TRUNCATED_2021,
    "07-taojiang-songmutang-town-2022.txt": TRUNCATED_2021,
    "09-changchun-veterans-2023.txt": TRUNCATED_2021,
    "11-longgang-dept-2024.txt": TRUNCATED_2021,
    "hongze-district-2023.pdf": [],
    "hongze-district-2024.pdf": [],
    "huaian-city-2024.pdf": [],
    "pingtan-2019.txt": [],
    # note, fair: 2020's 五 takes up none of 2019's problems (队伍, 兼职, 长效机制)
    "pingtan-2020.txt": [("text.problems_followup", "problems")],
    "pingtan-2021.txt": [],
    "pingtan-2022.txt": [],
    "pingtan-2023.txt": [],
    "pingtan-2024.txt": [],
    # note, fair: 表三（六）2 = 2 (fee notices not paid) while 六 only says 「无收取信息处理费情况」;
    # note, fair: 2025's 五 takes up none of 2024's problems (工作机制, 政策解读, 智能化)
    "pingtan-2025.txt": [("text.fee_table", "other"), ("text.problems_followup", "problems")],
}


@pytest.fixture(scope="module")
def audited():
    if not REAL.is_dir():
        pytest.skip("shared/real-reports is not here")
    from nianbao.core.audit import audit_files

    paths = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".pdf"))
    return {e.path.name: e for e in audit_files(paths)}


def test_what_the_content_checks_flag_on_the_real_reports(audited):
    flagged = {
        name: sorted((f.rule, f.part) for f in entry.findings if f.rule in CONTENT_RULES)
        for name, entry in audited.items()
    }
    assert flagged == {name: sorted(expected) for name, expected in EXPECTED.items()}


def test_no_year_false_alarm_on_the_real_reports(audited):
    """The widened text.year: only the one real year error is flagged, none of the years that belong there."""
    years = [(name, f.message) for name, e in audited.items() for f in e.findings if f.rule == "text.year"]
    assert len(years) == 1 and years[0][0] == "03-fusong-songjianghe-town-2020.txt" and "「2019年," in years[0][1]
