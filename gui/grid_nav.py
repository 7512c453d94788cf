"""Moving between cells of an official table grid, across merged cells (Qt-free)."""

from __future__ import annotations

from collections.abc import Callable

from nianbao.core.formats import GridItem, TableDef

Accept = Callable[[GridItem], bool]

UP, DOWN, LEFT, RIGHT, NEXT, PREVIOUS = "up", "down", "left", "right", "next", "previous"


def step(table: TableDef, row: int, col: int, direction: str, accept: Accept) -> tuple[int, int] | None:
    """The top-left position of the nearest accepted item from (row, col) in ``direction``.

    ``up``/``down`` keep the column, ``left``/``right`` keep the row, merged items are
    stepped over as one; ``next``/``previous`` go in reading order and wrap to the next
    or previous row (like Tab in a spreadsheet). None when there is nothing further.
    """
    item = table.item_at(row, col)
    if direction in (NEXT, PREVIOUS):
        ordered = sorted(table.items, key=lambda it: (it.row, it.col))
        here = (item.row, item.col)
        if direction == NEXT:
            candidates = [it for it in ordered if (it.row, it.col) > here]
        else:
            candidates = [it for it in reversed(ordered) if (it.row, it.col) < here]
        found = next((it for it in candidates if accept(it)), None)
        return (found.row, found.col) if found else None
    r, c = row, col
    while True:
        if direction == DOWN:
            r = item.row + item.rowspan
        elif direction == UP:
            r = item.row - 1
        elif direction == RIGHT:
            c = item.col + item.colspan
        elif direction == LEFT:
            c = item.col - 1
        else:
            raise ValueError(direction)
        if not (0 <= r < table.n_rows and 0 <= c < table.n_cols):
            return None
        item = table.item_at(r, c)
        if accept(item):
            return item.row, item.col
