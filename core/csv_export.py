"""CSV export: one row per table cell with its official labels."""

from __future__ import annotations

import csv
import io

from .atomic import write_bytes_atomic
from .report import Report
from .values import format_value

HEADER = ["table", "row", "column", "id", "value"]


def to_csv(report: Report) -> str:
    """Every cell of every table, in table order, as CSV text (no BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for table in report.format.tables:
        for cell in table.cells:
            writer.writerow(
                [
                    f"{table.name} {table.title}",
                    " / ".join(cell.row_path),
                    " / ".join(cell.col_path),
                    cell.id,
                    format_value(report.cells.get(cell.id)),
                ]
            )
    return out.getvalue()


def write_csv(report: Report, path: str) -> None:
    """Write the CSV as UTF-8 with BOM, so Excel and WPS open it correctly."""
    write_bytes_atomic(path, to_csv(report).encode("utf-8-sig"))
