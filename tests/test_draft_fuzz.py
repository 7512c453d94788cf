"""Fuzzing drafts: any mutation of a valid draft is either read (and then works everywhere) or refused
with DraftError naming the file — never another exception, never an "internal error" exit."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE_DRAFT
from nianbao.core import draft
from nianbao.core.report import compute_totals
from nianbao.core.rules import check

NAME = "某局2020年报草稿.json"
SAMPLE = json.loads(SAMPLE_DRAFT.read_text(encoding="utf-8"))
FUZZ = settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

hostile_numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**8, max_value=10**13),
    st.just("@@BIG@@"),  # becomes a JSON integer of 4 301 digits (json.dumps cannot write one)
    st.floats(allow_nan=True, allow_infinity=True),
)
hostile_strings = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"-?\d{1,30}(\.\d{1,12})?", fullmatch=True),
    st.sampled_from(["1e999999", "NaN", "-0", "0x10", "１２", " 7 ", "1_000", "Infinity", "9" * 5000]),
    st.builds(lambda n: "受理政府信息公开申请" + "1" * n + "件", st.integers(0, 6000)),
)
leaves = st.one_of(st.none(), st.booleans(), hostile_numbers, hostile_strings)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            out += _paths(child, (*prefix, key))
    return out


@st.composite
def mutated_drafts(draw: st.DrawFn) -> bytes:
    data = json.loads(json.dumps(SAMPLE))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add", "nest"]))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        if not path:
            continue
        key = path[-1]
        if action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent.get(key), dict):
            parent[key][draw(st.sampled_from(["t3.new.np", "t2.fee.amount", "general", "x", "year"]))] = draw(values)
        elif action == "nest":
            parent[key] = "@@NEST@@"
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True)
    depth = draw(st.sampled_from([2, 500, 990, 1100, 20000]))
    text = text.replace('"@@NEST@@"', "[" * depth + "]" * depth).replace('"@@BIG@@"', "9" * 4301)
    raw = text.encode("utf-8")
    cut = draw(st.one_of(st.none(), st.integers(0, len(raw))))
    if cut is not None:
        raw = raw[:cut]
    flips = draw(st.lists(st.tuples(st.integers(0, max(0, len(raw) - 1)), st.integers(0, 255)), max_size=3))
    if raw:
        buf = bytearray(raw)
        for at, byte in flips:
            buf[at] = byte
        raw = bytes(buf)
    return raw


def _read_or_refuse(raw: bytes) -> None:
    try:
        report = draft.loads(raw, NAME)
    except draft.DraftError as exc:
        assert NAME in str(exc), str(exc)
        assert "Traceback" not in str(exc)
        return
    # a draft that is read must work everywhere: checks, totals, saving and reading back
    check(report)
    compute_totals(report)
    again = draft.loads(draft.dumps(report).encode("utf-8"), NAME)
    assert again.cells == report.cells and again.texts == report.texts


@FUZZ
@given(mutated_drafts())
def test_mutated_drafts_are_read_or_refused_by_name(raw):
    _read_or_refuse(raw)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_are_refused_by_name(raw):
    _read_or_refuse(raw)
