"""Incremental totals: recompute only the totals an edit can reach (Qt-free).

``core.report.compute_totals`` recomputes every total of a report. The window edits one
cell (or one pasted block) at a time, so it recomputes only the total relations whose
parts were touched, following totals of totals, through the same
``core.report.settle_totals``. Starting from a report whose totals are consistent, the
result equals a full ``compute_totals``; totals the edit cannot reach (e.g. stated totals
of an imported report) are left exactly as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping

from nianbao.core.formats import Format, Relation
from nianbao.core.report import settle_totals
from nianbao.core.values import Value


class TotalsIndex:
    """The total relations of one format, indexed by the cells they add up."""

    def __init__(self, fmt: Format):
        self.format = fmt
        self.relations: tuple[Relation, ...] = fmt.totals  # dependency order
        self.targets: frozenset[str] = frozenset(r.left[0].cell for r in self.relations)
        self._by_part: dict[str, list[int]] = {}
        for i, rel in enumerate(self.relations):
            for term in rel.right:
                self._by_part.setdefault(term.cell, []).append(i)

    def is_total(self, cell_id: str) -> bool:
        """Whether the window computes this cell."""
        return cell_id in self.targets

    def affected(self, cell_ids: Iterable[str]) -> list[int]:
        """Indices of the total relations reachable from ``cell_ids``, in dependency order."""
        seen: set[int] = set()
        stack = list(cell_ids)
        while stack:
            for i in self._by_part.get(stack.pop(), ()):
                if i not in seen:
                    seen.add(i)
                    stack.append(self.relations[i].left[0].cell)
        return sorted(seen)

    def affected_cells(self, cell_ids: Iterable[str]) -> set[str]:
        """The total cells an edit of ``cell_ids`` can change."""
        return {self.relations[i].left[0].cell for i in self.affected(cell_ids)}

    def recompute(self, cells: MutableMapping[str, Value], cell_ids: Iterable[str]) -> set[str]:
        """Recompute the totals reachable from ``cell_ids`` in ``cells``; returns the ids changed."""
        return settle_totals(cells, [self.relations[i] for i in self.affected(cell_ids)])
