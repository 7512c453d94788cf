"""Splitting runs of digits that a web page printed without separators.

"713000074" in a seven-cell row can be read many ways; every reading in which each part
is a well-formed number of the right kind (no leading zeros, a sign only where a signed
value may stand, a decimal point only in an amount) is a candidate. Which candidate is
right is decided by the table's own arithmetic (``narrow``), never by taste.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..formats import Kind, Relation
from ..values import Value, bound_problem

MAX_DIGITS = 12  # a count with more digits is not a plausible reading of a run
MAX_CANDIDATES = 5000
MAX_COMBINATIONS = 20000
MAX_STEPS = 200000

_INTEGER = re.compile(r"^(0|[1-9]\d*)$")
_DECIMAL = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$")


def _part_value(text: str, kind: Kind, signed: bool) -> Value | None:
    """The value of one part, or None when it is not a well-formed number of ``kind``."""
    sign = 1
    if signed and text.startswith("-"):
        if kind.type != "integer" or kind.minimum is not None:
            return None
        sign, text = -1, text[1:]
    elif text.startswith(("-", "+")):
        return None
    digits = text.replace(".", "")
    if not digits or len(digits) > MAX_DIGITS:
        return None
    if kind.type == "integer":
        return sign * int(text) if _INTEGER.match(text) else None
    if not _DECIMAL.match(text):
        return None
    value = Decimal(text)
    if bound_problem(value, kind):
        return None  # too many decimals for a draft
    return value if kind.minimum is None or value >= kind.minimum else None


def split_runs(
    tokens: Sequence[str], kinds: Sequence[Kind], limit: int = MAX_CANDIDATES
) -> list[tuple[Value, ...]] | None:
    """Every way to cut ``tokens`` into ``len(kinds)`` well-formed numbers, in order.

    Each token is cut into one or more consecutive parts; a part never spans two tokens.
    Returns None when there are more than ``limit`` ways (too ambiguous to narrow).
    """
    out: list[tuple[Value, ...]] = []
    n = len(kinds)
    left_after = [sum(len(x) for x in tokens[i:]) for i in range(len(tokens) + 1)]
    budget = [MAX_STEPS]

    def walk(t: int, offset: int, cell: int, acc: list[Value]) -> Iterator[None]:
        budget[0] -= 1
        if budget[0] < 0:
            return
        cells_left = n - cell
        if t < len(tokens):
            chars_left = left_after[t] - offset
            if cells_left < len(tokens) - t or chars_left > cells_left * (MAX_DIGITS + 2):
                return
        if cell == n:
            if t == len(tokens):
                out.append(tuple(acc))
                yield None
            return
        if t == len(tokens):
            return
        token = tokens[t]
        # parts still needed must fit in the characters left
        for end in range(offset + 1, len(token) + 1):
            if end < len(token) and token[end] == ".":
                continue
            if token[end - 1] in ".-":
                continue
            value = _part_value(token[offset:end], kinds[cell], signed=offset == 0)
            if value is None:
                if end - offset > MAX_DIGITS + 2:
                    break
                continue
            acc.append(value)
            if end == len(token):
                yield from walk(t + 1, 0, cell + 1, acc)
            else:
                yield from walk(t, end, cell + 1, acc)
            acc.pop()
            if len(out) > limit:
                return

    for _ in walk(0, 0, 0, []):
        if len(out) > limit:
            return None
    return None if budget[0] < 0 else out


def holds(rel: Relation, values: dict[str, Value | None]) -> bool | None:
    """Whether the relation holds for these values (None when a cell is unknown)."""
    total: Value = 0
    for side, factor in ((rel.left, 1), (rel.right, -1)):
        for term in side:
            v = values.get(term.cell)
            if v is None:
                return None
            total += factor * term.sign * v
    return total == 0


def narrow(
    candidates: dict[str, list[dict[str, Value | None]]], relations: Sequence[Relation], row_of: dict[str, str]
) -> dict[str, list[dict[str, Value | None]]]:
    """Keep, per row, the candidates that take part in some reading satisfying each relation.

    A relation that no combination satisfies is left out (the published table itself does
    not add up there; the rule checker reports that), so a published error never makes
    the importer pick a reading.
    """
    cands = {row: list(c) for row, c in candidates.items()}
    for _ in range(6):
        changed = False
        for rel in relations:
            rows = sorted({row_of[t.cell] for t in rel.left + rel.right if t.cell in row_of})
            if any(not cands.get(r) for r in rows):
                continue
            open_rows = [r for r in rows if len(cands[r]) > 1]
            if not open_rows:
                continue
            sizes = [len(cands[r]) for r in open_rows]
            total = 1
            for s in sizes:
                total *= s
            if total > MAX_COMBINATIONS:
                continue
            fixed: dict[str, Value | None] = {}
            for r in rows:
                if len(cands[r]) == 1:
                    fixed.update(cands[r][0])
            kept: list[set[int]] = [set() for _ in open_rows]
            for combo in itertools.product(*(range(s) for s in sizes)):
                values = dict(fixed)
                for r, i in zip(open_rows, combo, strict=False):
                    values.update(cands[r][i])
                if holds(rel, values):
                    for k, i in enumerate(combo):
                        kept[k].add(i)
            if not any(kept):
                continue
            for r, keep in zip(open_rows, kept, strict=False):
                if len(keep) < len(cands[r]):
                    cands[r] = [cands[r][i] for i in sorted(keep)]
                    changed = True
        if not changed:
            break
    return cands
