"""A complete, well-written report for the content checks: each test spoils one thing."""

from __future__ import annotations

from helpers import filled, sample_t3
from nianbao.core.formats import Format, default_registry
from nianbao.core.report import Report

F19, F21 = default_registry().get("2019"), default_registry().get("2021")

PREFACE = (
    "本报告根据《中华人民共和国政府信息公开条例》编制，共分六个部分：总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
    "其他需要报告的事项。本报告所列数据的统计期限为{y}年1月1日至{y}年12月31日。"
)
GENERAL = (
    "{y}年，我局认真贯彻落实《条例》。\n"
    "（一）主动公开。通过门户网站主动公开政府信息120条。\n"
    "（二）依申请公开。全年共受理政府信息公开申请7件，均在法定期限内答复。\n"
    "（三）政府信息管理。严格落实信息发布保密审查制度。\n"
    "（四）政府信息公开平台建设。优化政府网站政府信息公开专栏。\n"
    "（五）监督保障。将政务公开工作纳入年度绩效考核。"
)
PROBLEMS = (
    "本年度工作仍存在一些不足：一是政策解读形式不够丰富，图解、视频等形式运用较少；"
    "二是基层政务公开标准化规范化水平有待提高，部分栏目更新不够及时。"
    "下一步，我局将丰富政策解读形式，推进基层政务公开标准化规范化建设，"
    "加强业务培训，提升工作人员的业务能力和服务水平，确保各栏目及时更新。"
)
OTHER_2021 = "本年度未收取信息处理费。人大代表建议和政协提案办理结果均已公开，政务公开工作要点已全面落实。"
OTHER_2019 = "本年度无其他需要报告的事项。"


def written(fmt: Format, year: int | None = None) -> Report:
    """A balanced report (helpers.filled with sample_t3) whose texts pass every content check."""
    report = filled(fmt, sample_t3(), year=year)
    y = report.year
    report.texts.update(
        {
            "preface": PREFACE.format(y=y),
            "general": GENERAL.format(y=y),
            "proactive": "该部分以表格形式报告。",
            "applications": "该部分以表格形式报告。",
            "review": "该部分以表格形式报告。",
            "problems": PROBLEMS,
            "other": OTHER_2021 if fmt.id == "2021" else OTHER_2019,
        }
    )
    return report


def rules_of(findings, prefix: str = "") -> list[str]:
    """The rule ids of the findings (those starting with ``prefix``)."""
    return [f.rule for f in findings if f.rule.startswith(prefix)]
