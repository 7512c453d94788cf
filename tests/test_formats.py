"""The two official formats as data: labels, structure, kinds and merged headers."""

from __future__ import annotations

import json
import re

import pytest

from nianbao.core.formats import FormatError, default_registry, parse_format
from nianbao.core.resources import resource_path

REG = default_registry()
F19 = REG.get("2019")
F21 = REG.get("2021")

T3_ROWS_COMMON = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_HEADERS = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]


def texts(table):
    return [i.text for i in table.items if i.role != "data"]


def test_registry_picks_format_by_year():
    assert REG.for_year(2019) is F19
    assert REG.for_year(2020) is F19
    assert REG.for_year(2021) is F21
    assert REG.for_year(2030) is F21
    assert F19.document == "国办公开办函〔2019〕60号"
    assert F21.document == "国办公开办函〔2021〕30号"


@pytest.mark.parametrize("fmt,t2,t3", [(F19, 22, 23), (F21, 10, 25)])
def test_cell_counts(fmt, t2, t3):
    assert len(fmt.table("t2").cells) == t2
    t3_rows = {c.row for c in fmt.table("t3").cells}
    assert len(t3_rows) == t3
    assert len(fmt.table("t3").cells) == t3 * 7
    assert len(fmt.table("t4").cells) == 15


def test_sections_are_the_six_official_headings():
    for fmt in (F19, F21):
        assert [s.heading for s in fmt.sections] == [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
        assert [s.table for s in fmt.sections] == [None, "t2", "t3", "t4", None, None]


def test_table3_labels_verbatim_both_formats():
    for fmt in (F19, F21):
        labels = texts(fmt.table("t3"))
        assert T3_NOTE in labels
        for h in T3_HEADERS:
            assert h in labels
        for row in T3_ROWS_COMMON:
            assert row in labels, row
    six_2021 = [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    for label in six_2021:
        assert label in texts(F21.table("t3"))
        assert label not in texts(F19.table("t3"))


def test_table3_merged_header_structure():
    t3 = F21.table("t3")
    note = next(i for i in t3.items if i.text == T3_NOTE)
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    applicant = next(i for i in t3.items if i.text == "申请人情况")
    assert applicant.colspan == 7
    legal = next(i for i in t3.items if i.text == "法人或其他组织")
    assert legal.colspan == 5
    result = next(i for i in t3.items if i.text == "三、本年度办理结果")
    assert result.rowspan == 22
    assert next(i for i in F19.table("t3").items if i.text == "三、本年度办理结果").rowspan == 20
    assert t3.header_rows() == 3


def test_table4_two_header_levels():
    t4 = F21.table("t4")
    spans = {i.text: i.colspan for i in t4.items if i.role == "header" and i.colspan > 1}
    assert spans == {"行政复议": 5, "行政诉讼": 10, "未经复议直接起诉": 5, "复议后起诉": 5}
    assert F21.cells["t4.lit_after_review.total"].col_path == ("行政诉讼", "复议后起诉", "总计")


def test_table2_labels_and_kinds():
    t2_19 = texts(F19.table("t2"))
    for label in [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规章",
        "规范性文件",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
        "行政许可",
        "其他对外管理服务事项",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "采购项目数量",
        "采购总金额",
        "政府集中采购",
    ]:
        assert label in t2_19, label
    t2_21 = texts(F21.table("t2"))
    for label in [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "行政规范性文件",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
    ]:
        assert label in t2_21, label
    assert "第二十条第（九）项" not in t2_21
    assert F19.cells["t2.license.delta"].kind == "delta"
    assert F19.kind_of("t2.license.delta").minimum is None
    assert F19.cells["t2.procurement.amount"].kind == "amount"
    assert F21.cells["t2.fee.amount"].kind == "amount"
    assert F21.kind_of("t2.fee.amount").type == "decimal"
    assert all(F21.cells[c].kind == "count" for c in F21.cells if c.startswith("t3."))


def test_cell_paths_name_official_labels():
    c = F21.cells["t3.r3_1.biz"]
    assert c.row_path == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert c.col_path == ("申请人情况", "法人或其他组织", "商业企业")
    assert F21.cells["t2.norm.valid"].row_path == ("第二十条第（一）项", "行政规范性文件")
    assert F21.cells["t2.norm.valid"].col_path == ("现行有效件数",)


def test_every_label_is_full_width():
    half = re.compile(r"[(),:;]")
    for fmt in (F19, F21):
        for table in fmt.tables:
            for item in table.items:
                assert not half.search(item.text), item.text


def test_grid_covers_every_position_once():
    for fmt in (F19, F21):
        for t in fmt.tables:
            area = sum(i.rowspan * i.colspan for i in t.items)
            assert area == t.n_rows * t.n_cols


def _load(name):
    return json.loads(resource_path("formats", name).read_text(encoding="utf-8"))


def test_bad_format_data_is_rejected():
    data = _load("2021.json")
    data["rules"][0]["left"][0]["cell"] = "t3.nosuch.{c}"
    with pytest.raises(FormatError):
        parse_format(data)
    data = _load("2021.json")
    data["tables"][2]["grid"][3].append({"id": "t4.extra"})
    with pytest.raises(FormatError):
        parse_format(data)


def test_a_broken_format_file_names_the_file_the_place_and_the_key(tmp_path):
    """A developer who breaks a format file is told where, in Chinese: file, table or rule, key."""
    import json
    import shutil

    from nianbao.core.formats import FormatRegistry
    from nianbao.core.resources import resource_path

    folder = tmp_path / "formats"
    shutil.copytree(resource_path("formats"), folder)
    path = folder / "2021.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del next(r for r in data["rules"] if r["id"] == "t4.total")["op"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        FormatRegistry.from_dir(folder).get("2021")
    message = str(caught.value)
    assert "2021.json" in message and "t4.total" in message and "缺少键「op」" in message
    assert caught.value.path == str(path)

    data = json.loads((resource_path("formats") / "2021.json").read_text(encoding="utf-8"))
    data["tables"][1]["grid"][3][1]["kind"] = "percent"
    with pytest.raises(FormatError, match=r"tables 第 2 个表（t3）.*percent"):
        parse_format(data, path)
