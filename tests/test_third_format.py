"""A new official format needs only a new data file: no code change."""

from __future__ import annotations

import json
import shutil

from nianbao.core.csv_export import to_csv
from nianbao.core.draft import load, save
from nianbao.core.formats import FormatRegistry
from nianbao.core.report import carry_forward, new_report
from nianbao.core.resources import resource_path
from nianbao.core.rules import check


def test_third_format_from_a_data_file(tmp_path):
    formats = tmp_path / "formats"
    shutil.copytree(resource_path("formats"), formats)
    data = json.loads((formats / "2021.json").read_text(encoding="utf-8"))
    data["years"] = {"from": 2021, "to": 2030}
    (formats / "2021.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # An imagined 2031 format: table 四 gains a 行政赔偿 group with its own total rule.
    data["id"] = "2031"
    data["name"] = "2031年格式"
    data["document"] = "国办公开办函〔2031〕1号"
    data["years"] = {"from": 2031, "to": None}
    t4 = next(t for t in data["tables"] if t["id"] == "t4")
    t4["columns"] = 17
    t4["column_widths"] = [156 / 17] * 17
    t4["grid"][0].append({"text": "行政赔偿", "role": "header", "colspan": 2, "rowspan": 2})
    t4["grid"][2] += [{"text": "已赔偿", "role": "header"}, {"text": "总计", "role": "header"}]
    t4["grid"][3] += [{"id": "t4.compensation.paid"}, {"id": "t4.compensation.total"}]
    data["rules"].append(
        {
            "id": "t4.compensation",
            "severity": "error",
            "subject": "表四「行政赔偿」",
            "total": True,
            "left": [{"cell": "t4.compensation.total", "name": "总计"}],
            "op": "=",
            "right": [{"cell": "t4.compensation.paid", "name": "已赔偿"}],
        }
    )
    (formats / "2031.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    registry = FormatRegistry.from_dir(formats)
    assert registry.for_year(2031).id == "2031"
    assert registry.for_year(2025).id == "2021"

    report = new_report(2031, "某局", registry=registry)
    assert report.format.id == "2031"
    assert report.format.cells["t4.compensation.paid"].col_path == ("行政赔偿", "已赔偿")
    for cell_id in report.format.cells:
        report.cells[cell_id] = 0
    report.cells["t4.compensation.paid"] = 2
    errors = [f for f in check(report) if f.severity == "error"]
    assert [f.rule for f in errors] == ["t4.compensation"]
    assert "行政赔偿" in to_csv(report)

    path = tmp_path / "d.json"
    save(report, path)
    assert load(path, registry).cells["t4.compensation.paid"] == 2
    assert carry_forward(report, 2032, registry).format.id == "2031"
