"""Figures of the real reports in ../shared/real-reports, typed by hand from the published text/PDF.

Rows of table 三 are written as the seven figures (自然人, 商业企业, 科研机构, 社会公益组织,
法律服务机构, 其他, 总计); a row that is all zeros except 自然人 = 总计 = n is written as ``one(n)``.
"""

from __future__ import annotations

from decimal import Decimal

from helpers import ROOT, SHARED  # noqa: F401 - re-exported for the import tests
from helpers import SAMPLE_DRAFT as SAMPLE  # noqa: F401 - re-exported

T3_COLS = ["np", "biz", "res", "ngo", "law", "oth", "tot"]
T4 = [
    f"t4.{g}.{o}"
    for g in ("review", "lit_direct", "lit_after_review")
    for o in ("maintain", "correct", "other", "pending", "total")
]
ROWS_2019 = (
    ["new", "carry_in", "r1", "r2"]
    + [f"r3_{i}" for i in range(1, 9)]
    + [f"r4_{i}" for i in range(1, 4)]
    + [f"r5_{i}" for i in range(1, 6)]
    + ["r6", "r7_total", "carry_out"]
)
ROWS_2021 = [*ROWS_2019[:20], "r6_1", "r6_2", "r6_3", "r7_total", "carry_out"]


def one(n: int) -> list[int]:
    return [n, 0, 0, 0, 0, 0, n]


Z = one(0)


def t3(rows: dict[str, list[int]], all_rows: list[str], skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Cells of table 三: the given rows; every other row of ``all_rows`` is zero unless skipped."""
    out: dict[str, int] = {}
    for row in all_rows:
        if row in skip:
            continue
        for col, v in zip(T3_COLS, rows.get(row, Z), strict=False):
            out[f"t3.{row}.{col}"] = v
    return out


def t4(values: list[int]) -> dict[str, int]:
    return dict(zip(T4, values, strict=False))


HUAIAN_2024 = {
    "t2.reg.made": 1,
    "t2.reg.repealed": 0,
    "t2.reg.valid": 11,
    "t2.norm.made": 8,
    "t2.norm.repealed": 26,
    "t2.norm.valid": 66,
    "t2.license.decisions": 447228,
    "t2.penalty.decisions": 3985758,
    "t2.coercion.decisions": 88283,
    "t2.fee.amount": Decimal("96171.6"),
    **t3(
        {
            "new": [3001, 53, 0, 0, 61, 4, 3119],
            "carry_in": one(34),
            "r1": [1288, 21, 0, 0, 50, 3, 1362],
            "r2": [447, 7, 0, 0, 0, 0, 454],
            "r3_1": one(2),
            "r3_2": [30, 1, 0, 0, 0, 0, 31],
            "r3_3": one(5),
            "r3_4": one(6),
            "r3_5": [7, 1, 0, 0, 0, 0, 8],
            "r3_6": one(12),
            "r3_7": one(9),
            "r3_8": one(105),
            "r4_1": [746, 12, 0, 0, 10, 1, 769],
            "r4_2": one(11),
            "r4_3": one(1),
            "r5_1": [56, 6, 0, 0, 0, 0, 62],
            "r5_2": one(25),
            "r5_5": one(1),
            "r6_1": [67, 3, 0, 0, 1, 0, 71],
            "r6_2": one(6),
            "r6_3": [108, 2, 0, 0, 0, 0, 110],
            "r7_total": [2932, 53, 0, 0, 61, 4, 3050],
            "carry_out": one(103),
        },
        ROWS_2021,
    ),
    **t4([72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]),
}

HONGZE_2023 = {
    "t2.reg.made": 0,
    "t2.reg.repealed": 0,
    "t2.reg.valid": 0,
    "t2.norm.made": 0,
    "t2.norm.repealed": 5,
    "t2.norm.valid": 5,
    "t2.license.decisions": 550,
    "t2.penalty.decisions": 4119,
    "t2.coercion.decisions": 195,
    "t2.fee.amount": Decimal("7730.28"),
    **t3(
        {
            "new": one(21),
            "r2": one(4),
            "r3_1": one(1),
            "r3_6": one(1),
            "r3_7": one(1),
            "r4_1": one(10),
            "r4_2": one(3),
            "r5_1": one(1),
            "r7_total": one(21),
        },
        ROWS_2021,
        skip=("r6_1", "r6_2", "r6_3"),
    ),
    **t4([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]),
}

HONGZE_2024 = {
    "t2.reg.made": 0,
    "t2.reg.repealed": 0,
    "t2.reg.valid": 0,
    "t2.norm.made": 3,
    "t2.norm.repealed": 0,
    "t2.norm.valid": 8,
    "t2.license.decisions": 9487,
    "t2.penalty.decisions": 2776,
    "t2.coercion.decisions": 84,
    "t2.fee.amount": Decimal("7545"),
    **t3(
        {
            "new": one(95),
            "r1": one(50),
            "r2": one(9),
            "r3_3": one(1),
            "r3_6": one(1),
            "r3_7": one(1),
            "r4_1": one(31),
            "r4_2": one(1),
            "r5_1": one(1),
            "r7_total": one(95),
        },
        ROWS_2021,
        skip=("r6_1", "r6_2", "r6_3"),
    ),
    **t4([1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]),
}

# 平潭: table 二 rows whose digits run together without any arithmetic to split them are
# ambiguous and must stay empty; only the rows below have a single reading.
PINGTAN = {
    2019: {
        "t2.reg.new_made": 0,
        "t2.reg.new_published": 0,
        "t2.reg.total_public": 0,
        **t3(
            {
                "new": one(23),
                "r1": one(7),
                "r2": one(1),
                "r4_1": one(7),
                "r4_3": one(5),
                "r5_2": one(3),
                "r7_total": one(23),
            },
            ROWS_2019,
        ),
        **t4([0] * 15),
    },
    2020: {
        "t2.reg.new_made": 0,
        "t2.reg.new_published": 0,
        "t2.reg.total_public": 7,
        "t2.fee.prev_items": 35,
        "t2.fee.delta": -15,
        **t3(
            {
                "new": [20, 0, 0, 0, 0, 1, 21],
                "r1": [6, 0, 0, 0, 0, 1, 7],
                "r2": one(6),
                "r4_1": one(4),
                "r4_3": one(3),
                "r5_2": one(3),
                "r6": one(4),
                "r7_total": [20, 0, 0, 0, 0, 1, 21],
            },
            ROWS_2019,
        ),
        **t4([0] * 15),
    },
    2021: {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.license.decisions": 2293,
        "t2.penalty.decisions": 1282,
        "t2.coercion.decisions": 42,
        "t2.fee.amount": Decimal("24252.311082"),
        **t3(
            {
                "new": [64, 0, 0, 2, 0, 4, 70],
                "r1": [27, 0, 0, 2, 0, 1, 30],
                "r2": one(5),
                "r3_5": one(1),
                "r3_7": one(6),
                "r3_8": one(1),
                "r4_1": [22, 0, 0, 0, 0, 3, 25],
                "r6_3": one(1),
                "r7_total": [63, 0, 0, 2, 0, 4, 69],
                "carry_out": one(1),
            },
            ROWS_2021,
        ),
        **t4([1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]),
    },
    2022: {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.license.decisions": 10690,
        "t2.penalty.decisions": 2113,
        "t2.coercion.decisions": 0,
        "t2.fee.amount": Decimal("9116.36"),
        **t3(
            {
                "new": [71, 3, 0, 0, 0, 0, 74],
                "carry_in": one(1),
                "r1": one(21),
                "r2": [8, 1, 0, 0, 0, 0, 9],
                "r3_5": one(1),
                "r3_6": one(2),
                "r3_7": one(1),
                "r4_1": one(37),
                "r6_1": one(2),
                "r6_3": [0, 2, 0, 0, 0, 0, 2],
                "r7_total": [72, 3, 0, 0, 0, 0, 75],
            },
            ROWS_2021,
        ),
        **t4([0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]),
    },
    2023: {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.license.decisions": 2629,
        "t2.penalty.decisions": 1330,
        "t2.coercion.decisions": 54,
        "t2.fee.amount": Decimal("5949.088667"),
        **t3(
            {
                "new": [80, 1, 0, 0, 0, 0, 81],
                "r1": one(22),
                "r2": [19, 1, 0, 0, 0, 0, 20],
                "r3_4": one(1),
                "r3_6": one(1),
                "r3_7": one(1),
                "r3_8": one(2),
                "r4_1": one(31),
                "r5_2": one(1),
                "r6_1": one(1),
                "r6_3": one(1),
                "r7_total": [80, 1, 0, 0, 0, 0, 81],
            },
            ROWS_2021,
        ),
        **t4([1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]),
    },
    2024: {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.license.decisions": 4529,
        "t2.penalty.decisions": 1100,
        "t2.coercion.decisions": 65,
        "t2.fee.amount": Decimal("18651.06"),
        **t3(
            {
                "new": [217, 1, 0, 0, 0, 0, 218],
                "r1": one(71),
                "r2": one(29),
                "r3_1": one(4),
                "r3_4": one(3),
                "r3_5": one(32),
                "r4_1": one(75),
                "r5_2": one(1),
                "r6_1": one(1),
                "r6_3": [1, 1, 0, 0, 0, 0, 2],
                "r7_total": [217, 1, 0, 0, 0, 0, 218],
            },
            ROWS_2021,
        ),
        **t4([2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]),
    },
    2025: {
        "t2.reg.made": 0,
        "t2.reg.repealed": 0,
        "t2.reg.valid": 0,
        "t2.license.decisions": 2418,
        "t2.penalty.decisions": 644,
        "t2.coercion.decisions": 64,
        "t2.fee.amount": Decimal("4166.241619"),
        **t3(
            {
                "new": [151, 3, 0, 0, 0, 0, 154],
                "r1": one(33),
                "r2": one(38),
                "r3_5": one(3),
                "r3_6": one(2),
                "r3_7": one(3),
                "r3_8": one(3),
                "r4_1": [49, 1, 0, 0, 0, 0, 50],
                "r4_2": one(3),
                "r5_1": one(2),
                "r6_1": one(8),
                "r6_2": one(2),
                "r6_3": one(1),
                "r7_total": [147, 1, 0, 0, 0, 0, 148],
                "carry_out": [4, 2, 0, 0, 0, 0, 6],
            },
            ROWS_2021,
        ),
        **t4([25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]),
    },
}

# The table-二 rows of 平潭 whose digit runs have several readings (left empty, reported).
PINGTAN_AMBIGUOUS = {
    2019: ["t2.norm", "t2.license", "t2.other_service", "t2.penalty", "t2.coercion", "t2.fee", "t2.procurement"],
    2020: ["t2.norm", "t2.license", "t2.other_service", "t2.penalty", "t2.coercion", "t2.procurement"],
    2021: ["t2.norm"],
    2022: ["t2.norm"],
    2023: ["t2.norm"],
    2024: ["t2.norm"],
    2025: ["t2.norm"],
}
