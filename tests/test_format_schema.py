"""Every format file validates against resources/format.schema.json, which refuses what is malformed.

The language is explained in docs/format-language.md; the schema is its machine-readable form.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from helpers import ROOT
from nianbao.core.formats import FormatRegistry, levels, parse_format

FORMATS = ROOT / "resources" / "formats"
SCHEMA_PATH = ROOT / "resources" / "format.schema.json"
DOC = ROOT / "docs" / "format-language.md"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def load(name: str) -> dict[str, Any]:
    return json.loads((FORMATS / name).read_text(encoding="utf-8"))


def problems(data: dict[str, Any]) -> list[str]:
    """Each validation error as "json path: message"."""
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_every_shipped_format_validates():
    files = sorted(p.name for p in FORMATS.glob("*.json"))
    assert {"2019.json", "2021.json"} <= set(files)
    for name in files:
        assert problems(load(name)) == [], name


def test_the_schema_is_not_read_as_a_format():
    """The registry reads every *.json in resources/formats: the schema lives beside it."""
    assert SCHEMA_PATH.parent != FORMATS
    assert FormatRegistry.from_dir(FORMATS).ids() == ["2019", "2021"]


def test_what_the_other_work_adds_stays_valid():
    data = load("2021.json")
    for table in data["tables"]:
        table["column_widths"] = [12.5] * table["columns"]
    data["text_checks"]["wording"] = {"received": "收到"}  # the text checks may learn more of a format
    assert problems(data) == []


def test_a_new_format_written_in_the_language_validates_and_loads():
    data = load("2021.json")
    data.update(id="2031", name="2031年格式", document="国办公开办函〔2031〕1号", years={"from": 2031, "to": None})
    t4 = next(t for t in data["tables"] if t["id"] == "t4")
    t4["columns"] = 17
    t4["column_widths"] = [156 / 17] * 17  # one width per grid column
    t4["grid"][0].append({"text": "行政赔偿", "role": "header", "colspan": 2, "rowspan": 2})
    t4["grid"][2] += [{"text": "已赔偿", "role": "header"}, {"text": "总计", "role": "header"}]
    t4["grid"][3] += [{"id": "t4.compensation.paid"}, {"id": "t4.compensation.total"}]
    data["rules"].append(
        {
            "id": "t4.compensation",
            "severity": "note",
            "subject": "表四「行政赔偿」",
            "total": True,
            "left": [{"cell": "t4.compensation.total", "name": "总计"}],
            "op": "=",
            "right": [{"cell": "t4.compensation.paid", "name": "已赔偿"}],
        }
    )
    assert problems(data) == []
    assert "t4.compensation.paid" in parse_format(data).cells


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def _table(data: dict[str, Any], table_id: str) -> dict[str, Any]:
    return next(t for t in data["tables"] if t["id"] == table_id)


Mutation = Callable[[dict[str, Any]], Any]

#: (what is wrong, how to break 2021.json, where the schema must say so)
BROKEN: list[tuple[str, Mutation, str]] = [
    ("unknown top-level key", lambda d: d.update(colour="red"), "$"),
    ("wrong schema version", lambda d: d.update(format_schema=2), "$.format_schema"),
    ("missing tables", lambda d: d.pop("tables"), "$"),
    ("year as text", lambda d: d["years"].update({"from": "2021"}), "$.years.from"),
    ("section id preface", lambda d: d["sections"][0].update(id="preface"), "$.sections[0].id"),
    ("kind type float", lambda d: d["kinds"]["amount"].update(type="float"), "$.kinds.amount.type"),
    ("kind without description", lambda d: d["kinds"]["count"].pop("description"), "$.kinds.count"),
    ("unknown grid role", lambda d: _table(d, "t2")["grid"][0][0].update(role="title"), "$.tables[0].grid[0][0]"),
    ("data cell with text", lambda d: _table(d, "t2")["grid"][2][1].update(text="0"), "$.tables[0].grid[2][1]"),
    ("two-part cell id", lambda d: _table(d, "t2")["grid"][2][1].update(id="t2.reg"), "$.tables[0].grid[2][1]"),
    ("zero colspan", lambda d: _table(d, "t2")["grid"][0][0].update(colspan=0), "$.tables[0].grid[0][0]"),
    (
        "negative column width",
        lambda d: _table(d, "t2").update(column_widths=[30, -1, 20, 20]),
        "$.tables[0].column_widths[1]",
    ),
    ("text_checks not an object", lambda d: d.update(text_checks=[]), "$.text_checks"),
    (
        "figure cells not lists",
        lambda d: d["text_checks"]["figures"]["answered"].update(cells=["t3.r7_total.tot"]),
        "$.text_checks.figures.answered.cells[0]",
    ),
    (
        "figure without table",
        lambda d: d["text_checks"]["figures"]["answered"].pop("table"),
        "$.text_checks.figures.answered",
    ),
    ("set entry of three", lambda d: d["sets"]["t4_groups"][0].append("x"), "$.sets.t4_groups[0]"),
    ("unknown severity", lambda d: _rule(d, "t3.balance").update(severity="fatal"), "$.rules[0]"),
    ("unknown op", lambda d: _rule(d, "t3.balance").update(op="<"), "$.rules[0]"),
    ("sign 2", lambda d: _rule(d, "t3.balance")["left"][0].update(sign=2), "$.rules[0]"),
    ("malformed over", lambda d: _rule(d, "t3.balance").update(over="c in t3_columns"), "$.rules[0]"),
    ("empty side", lambda d: _rule(d, "t3.balance").update(right=[]), "$.rules[0]"),
    ("total of two cells", lambda d: _rule(d, "t3.row_total")["left"].append({"cell": "t3.{r}.np"}), "$.rules[1]"),
    ("total with <=", lambda d: _rule(d, "t3.row_total").update(op="<="), "$.rules[1]"),
    ("total of last year", lambda d: _rule(d, "t4.total")["left"][0].update(cell="prev:t4.{g}.total"), "$.rules[3]"),
    ("level rule without levels", lambda d: _rule(d, "t2.rules_by_level").pop("levels"), "$.rules[7]"),
    ("unknown rule type", lambda d: _rule(d, "t2.rules_by_level").update(type="zero_for_levels"), "$.rules[7]"),
    (
        "carry-forward from last year's prev:",
        lambda d: d["carry_forward"][0].update({"from": ["prev:t3.carry_out.{c}"]}),
        "$.carry_forward[0].from[0]",
    ),
]


@pytest.mark.parametrize(("what", "mutate", "where"), BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_format_is_refused_where_it_is_wrong(what, mutate, where):
    data = load("2021.json")
    assert [r["id"] for r in data["rules"]][:4] == ["t3.balance", "t3.row_total", "t3.result_total", "t4.total"]
    assert data["rules"][7]["id"] == "t2.rules_by_level"
    broken = copy.deepcopy(data)
    mutate(broken)
    found = problems(broken)
    assert found, what
    assert any(p.split(": ", 1)[0] == where for p in found), found


def test_level_rules_name_known_levels():
    """The schema cannot know resources/levels.json; the parser does not check it."""
    known = set(levels())
    for name in ("2019.json", "2021.json"):
        for rule in load(name).get("rules", []):
            if rule.get("type") == "nonzero_for_levels":
                assert set(rule["levels"]) <= known, (name, rule["id"])


def _property_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield key
            yield from _property_names(value)
        for key, value in node.items():
            if key != "properties":
                yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def test_the_document_explains_every_key_of_the_schema():
    doc = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc)) | set(re.findall(r'"([a-z_]+)":', doc))
    keys = set(_property_names(SCHEMA))
    assert {"grid", "over", "total", "sign", "carry_forward", "signatures", "outline"} <= keys
    assert sorted(keys - documented) == []
    for word in ("prev:", "{c}", "nonzero_for_levels", "header", "block", "label", "integer", "decimal"):
        assert word in doc, word
