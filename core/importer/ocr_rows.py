"""Reading a table from OCR text: candidates for every row, taken only where the sums confirm.

Each row's figures are read every way OCR could have printed them (``ocr.row_readings``);
the table's own equalities narrow the candidates (``splitting.narrow``). A cell is then taken
only when a relation that holds — with every one of its cells known — contains it: the row
total, the column balance, （七）总计. Everything else stays empty and is reported, with the
line and the original text of each figure read through an OCR mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formats import Relation
from ..values import Value, format_value
from .document import where_at
from .labels import RowSpec
from .ocr import Part, chunks, row_readings
from .splitting import holds
from .tokens import strip_annotations

if TYPE_CHECKING:
    from .tables import Candidates, Region, _Reader

MAX_SHOWN = 6  # rows or figures named in one message


class OcrRows:
    """The OCR side of one table's reader: candidates with their sources, confirmation, findings."""

    def __init__(self, reader: _Reader):
        self.reader = reader
        self.parts: dict[int, dict[str, Part]] = {}  # id of a candidate → its figures' sources
        self.lines: dict[str, str] = {}  # row (grid row) → where its figures were read, for messages
        self.unread: list[RowSpec] = []

    def where(self, offset: int) -> str:
        text = self.reader.text
        return where_at(text.doc, text.starts, offset)

    def row_values(self, row: RowSpec, region: Region) -> Candidates | None:
        """Every reading of the row's figures as candidates; None (and noted) when there is none."""
        reader = self.reader
        kinds = [reader.fmt.kind_of(c.id) for c in row.cells]
        text = strip_annotations(reader.normalised[region.text_from : region.text_to])
        readings = row_readings(text, region.text_from, kinds)
        figures = [c.offset for c in chunks(text, region.text_from) if any(ch.isdigit() for ch in c.text)]
        first = figures[0] if figures else region.text_from
        original = " ".join(reader.text.original[first : region.text_to].split())
        self.lines[str(row.grid_row)] = f"{self.where(first)}「{original[:40]}」"
        if not readings:
            self.unread.append(row)
            return None
        ids = [c.id for c in row.cells]
        out: Candidates = []
        for parts in readings:
            values: dict[str, Value | None] = dict(zip(ids, (p.value for p in parts), strict=True))
            self.parts[id(values)] = dict(zip(ids, parts, strict=True))
            out.append(values)
        return out

    def resolve(self, narrowed: dict[str, Candidates], relations: list[Relation]) -> None:
        """Take the cells every remaining reading agrees on and a holding sum confirms; report the rest."""
        reader = self.reader
        agreed: dict[str, dict[str, Value | None]] = {}
        for row in reader.rows:
            options = narrowed.get(str(row.grid_row))
            if options:
                first = options[0]
                agreed[str(row.grid_row)] = {k: v for k, v in first.items() if all(o[k] == v for o in options)}
        values = {k: v for cells in agreed.values() for k, v in cells.items()}
        confirmed = {
            t.cell for rel in relations if holds(rel, values) for t in (*rel.left, *rel.right) if t.cell in values
        }
        left_out: list[RowSpec] = list(self.unread)
        for row in reader.rows:
            key = str(row.grid_row)
            if key not in agreed:
                continue
            taken = [c.id for c in row.cells if c.id in confirmed]
            if len(taken) < len(row.cells):
                left_out.append(row)
            for cell_id in taken:
                reader.reading.cells[cell_id] = values[cell_id]  # type: ignore[assignment]
            self.report_marks(row, narrowed[key][0], taken)
        self.report_left_out(left_out)

    def report_marks(self, row: RowSpec, option: dict[str, Value | None], taken: list[str]) -> None:
        """The figures of a taken row that were read through an OCR mark, with line and original text."""
        parts = self.parts.get(id(option), {})
        noisy = [(cell_id, parts[cell_id]) for cell_id in taken if cell_id in parts and parts[cell_id].noisy]
        if not noisy:
            return
        runs: dict[int, list[Part]] = {}
        for _, part in noisy:
            runs.setdefault(part.offset, []).append(part)
        shown = "、".join(
            f"{self.where(offset)}「{ps[0].original}」读作 {'、'.join(format_value(p.value) for p in ps)}"
            for offset, ps in list(runs.items())[:MAX_SHOWN]
        )
        more = f"等 {len(runs)} 处" if len(runs) > MAX_SHOWN else ""
        self.reader.warn(
            "import.ocr",
            f"{self.reader.row_title(row)}的数字有 OCR 识别痕迹：{shown}{more}；这样读时表格自身的合计关系成立，"
            "已按此导入，请与原件核对",
            tuple(cell_id for cell_id, _ in noisy),
        )

    def report_left_out(self, rows: list[RowSpec]) -> None:
        """Rows (or cells) of OCR text that no holding sum confirms: left empty, named with their line."""
        if not rows:
            return
        reader = self.reader
        order = {r.grid_row: i for i, r in enumerate(reader.rows)}
        rows = sorted({r.grid_row: r for r in rows}.values(), key=lambda r: order[r.grid_row])
        named = "、".join(
            f"「{r.anchor or r.name}」（{self.lines.get(str(r.grid_row), '原文中没有读出数字')}）"
            for r in rows[:MAX_SHOWN]
        )
        more = f"等 {len(rows)} 行" if len(rows) > MAX_SHOWN else ""
        whole = [c.id for r in rows for c in r.cells if c.id not in reader.reading.cells]
        reader.warn(
            "import.ocr",
            f"{reader.table.name}中{named}{more}是 OCR 识别的数字，表格自身的合计关系无法印证（识别可能有误，"
            f"或原表本身不平衡），共 {len(whole)} 个单元格未导入，保持空白；请对照原件填写",
            tuple(whole),
        )
