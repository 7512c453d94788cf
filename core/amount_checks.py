"""Plausibility of the amounts in 表二 (``t2.fee_unit``): 本年收费金额 is in 万元, and a figure
typed in 元 is the commonest slip — 12500 for a township's 1.25 万元.

Which cell holds the amount is format knowledge (``text_checks.fee_unit`` of the format
file); the limits per level and the number of decimals are data
(``fee_unit`` in ``resources/content_checks.json``).
"""

from __future__ import annotations

from decimal import Decimal

from .content_checks import config, format_cells, message, rule_on
from .findings import Finding
from .formats import levels
from .report import Report
from .values import format_value


def check_amounts(report: Report) -> list[Finding]:
    """Warnings about an implausible 本年收费金额 (万元)."""
    spec = report.format.text_checks.get("fee_unit")
    severity = rule_on("t2.fee_unit")
    if not spec or severity is None:
        return []
    (cell,) = format_cells(report.format, "fee_unit", [spec["cell"]])
    value = report.cells.get(cell)
    if value is None:
        return []
    amount = Decimal(value)
    limits = config()["fee_unit"]
    limit = limits["max_wan_by_level"].get(report.level)
    shown = format_value(value)
    if limit is not None and amount >= Decimal(str(limit)):
        level = levels().get(report.level, report.level)
        yuan = format((amount * 10000).normalize(), "f")
        msg = message("fee_unit_large", cell=spec["name"], value=shown, yuan=yuan, level=level)
        return [Finding(severity, "t2.fee_unit", msg, (cell,))]
    exponent = amount.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > int(limits["max_decimals"]):
        msg = message("fee_unit_decimals", cell=spec["name"], value=shown, decimals=decimals)
        return [Finding(severity, "t2.fee_unit", msg, (cell,))]
    return []
