"""The ``nianbao`` command line: the same core the window uses, for scripts and checks."""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .draft import load, save
from .errors import ExitCode, NianbaoError, OutputExists, os_reason
from .formats import default_registry, levels
from .log import log_hint
from .report import carry_forward, new_report
from .rules import check, count

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"nianbao：参数错误：{message}\n")
        raise SystemExit(ExitCode.UNREADABLE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also documents the CLI in ``--help``)."""
    parser = _Parser(
        prog="nianbao",
        description="政府信息公开工作年度报告编制助手。不带参数运行时打开窗口；nianbao 草稿.json 用窗口打开草稿。",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p_new = sub.add_parser("new", help="新建草稿", description="新建一份年度报告草稿。")
    p_new.add_argument("--year", type=int, required=True, help="报告年度，例如 2024")
    p_new.add_argument("--agency", required=True, help="机关名称")
    p_new.add_argument(
        "--level",
        choices=list(levels()),
        default="",
        help="机关层级：" + "，".join(f"{k}={v}" for k, v in levels().items()),
    )
    p_new.add_argument(
        "--format",
        dest="format_id",
        choices=default_registry().ids(),
        help="强制使用某种报告格式（一般由年度自动决定；与年度不符时检查会提示）",
    )
    p_new.add_argument("--from", dest="previous", metavar="LAST.json", help="从上一年度的草稿结转")
    p_new.add_argument("-o", "--output", required=True, metavar="DRAFT.json", help="新草稿的保存位置")
    p_new.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    p_check = sub.add_parser(
        "check",
        help="检查草稿的勾稽关系",
        description="检查草稿，列出错误和警告。退出码：0 无错误，1 有错误，2 无法读取。",
    )
    p_check.add_argument("draft", metavar="DRAFT.json")
    p_check.add_argument("--previous", metavar="LAST.json", help="上一年度的草稿，用于跨年度核对")
    p_check.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    p_export = sub.add_parser(
        "export",
        help="导出 PDF、Word、网页、Excel 或 CSV",
        description="导出草稿；输出文件的后缀决定格式：.pdf（打印用）、.docx（Word/WPS 可编辑）、"
        ".html（网页，可粘贴到网站）、.xlsx（Excel 表格）、.csv（每个单元格一行的数据）。",
    )
    p_export.add_argument("draft", metavar="DRAFT.json")
    p_export.add_argument("-o", "--output", required=True, metavar="OUT.pdf|.docx|.html|.xlsx|.csv")
    p_export.add_argument("--no-signature", action="store_true", help="PDF、Word 和网页末尾不加落款（机关名称和日期）")
    p_export.add_argument(
        "--draft-mark", action="store_true", help="PDF 加「草稿」水印，末页列出检查结果（内部审阅用）"
    )

    p_import = sub.add_parser(
        "import",
        help="把已发布的年报导入为草稿",
        description="读取已发布的年报（网页文字 .txt、网页 .html、Word .docx、PDF），"
        "按官方表格填入草稿，并列出导入中发现的问题。",
    )
    p_import.add_argument("report", metavar="REPORT", help="已发布的年报文件")
    p_import.add_argument("-o", "--output", required=True, metavar="DRAFT.json", help="新草稿的保存位置")
    p_import.add_argument("--agency", help="机关名称（默认取自标题）")
    p_import.add_argument("--year", type=int, help="报告年度（默认取自标题）")
    p_import.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    p_audit = sub.add_parser(
        "audit",
        help="批量检查已发布的年报",
        description="逐个导入并检查已发布的年报，先列出每份报告的错误数和警告数，再列出问题。"
        "退出码：0 无错误，1 有错误，2 有文件无法读取。",
    )
    p_audit.add_argument("files", nargs="+", metavar="FILE", help="年报文件（可多个）")
    p_audit.add_argument("--csv", metavar="OUT.csv", help="另存为 CSV：每个问题一行，含文件名")
    p_audit.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    p_rollup = sub.add_parser(
        "rollup",
        help="汇总多个单位的年报",
        description="把多个单位的草稿或已发布年报的表二、表三、表四相加；输出文件的后缀决定格式"
        "（.json 为汇总草稿；.xlsx、.docx、.pdf 为按官方表格排版的汇总表，也可 .html、.csv）。"
        "某单位空白的单元格不按0计，会列为汇总不完整。",
    )
    p_rollup.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="草稿或年报文件，或放着它们的文件夹")
    p_rollup.add_argument("-o", "--output", required=True, metavar="汇总.json", help="汇总结果的保存位置")
    p_rollup.add_argument("--level", choices=list(levels()), action="append", help="只汇总这一层级（可多次给出）")
    p_rollup.add_argument("--year", type=int, help="汇总的年度（默认取多数报告的年度）")
    p_rollup.add_argument("--agency", default="汇总", help="汇总表标题中的名称（默认「汇总」），例如「某某县」")
    p_rollup.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    p_review = sub.add_parser(
        "review",
        help="打开汇总审核窗口",
        description="打开汇总审核窗口（县级政务公开办公室用）：读取文件夹中各单位的草稿和已发布年报，"
        "列出名册、逐单位审核并出具审核意见单、汇总表二至表四。审核记录保存在该文件夹的「审核记录.json」。",
    )
    p_review.add_argument("folder", nargs="?", metavar="FOLDER", help="放着各单位年报的文件夹（可不给，在窗口中添加）")
    p_review.add_argument("--previous", metavar="FOLDER", help="上一年度年报所在的文件夹，用于跨年度核对")
    p_review.add_argument("--roster", metavar="名单.txt|名单.xlsx", help="单位名单：每行一个单位名称")
    return parser


def _never_fail_on_encoding() -> None:
    """Let stdout/stderr escape what their encoding cannot write instead of raising.

    A console or pipe whose code page has no Chinese (Windows cp1252/cp437, an ASCII locale)
    would make the first Chinese message raise UnicodeEncodeError after the work was done.
    """
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):  # replaced (by tests, say): not ours to change
            continue
        try:
            "政".encode(stream.encoding)
        except (UnicodeEncodeError, LookupError):
            stream.reconfigure(errors="backslashreplace")


def _err(message: str) -> None:
    sys.stderr.write(f"nianbao：{message}\n")


def cmd_new(args: argparse.Namespace) -> int:
    out = Path(args.output)
    _refuse_existing(out, args.force)
    if args.previous:
        report = carry_forward(load(args.previous), args.year)
        report.agency = args.agency
        report.level = args.level or report.level
        if args.format_id and args.format_id != report.format.id:
            _err("--from 与 --format 不能同时使用")
            return ExitCode.UNREADABLE
    else:
        report = new_report(args.year, args.agency, args.level, args.format_id)
    save(report, out)
    print(f"已新建草稿「{out}」：{report.title}，使用{report.format.label}")
    return ExitCode.OK


def _refuse_existing(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise OutputExists(f"文件「{out}」已存在；如要覆盖请加 --force", path=out)


def cmd_check(args: argparse.Namespace) -> int:
    report = load(args.draft)
    previous = load(args.previous) if args.previous else None
    findings = check(report, previous)
    errors, warnings = count(findings)
    if args.json:
        print(
            json.dumps(
                {"errors": errors, "warnings": warnings, "findings": [f.to_dict() for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"{args.draft}：{report.title or '（未填机关名称）'}，{report.format.label}")
        if not findings:
            print("没有发现问题，勾稽关系全部平衡。")
        else:
            print(f"错误 {errors} 个，警告 {warnings} 个：")
            for f in findings:
                print(f"  [{f.severity.label}] {f.message}")
    return ExitCode.FINDINGS if errors else ExitCode.OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export_report, writer_for

    out = Path(args.output)
    writer = writer_for(out)  # an unknown suffix is refused before the draft is read
    report = load(args.draft)
    if writer.suffix == ".pdf":  # the PDF's own option, and the 落款 date it used
        from .pdf_export import write_pdf

        result = write_pdf(report, out, signature=not args.no_signature, draft_mark=args.draft_mark)
        for note in result.notes:
            _err(note)
    else:
        export_report(report, out, signature=not args.no_signature)
    errors, _ = count(check(report))
    if errors:
        _err(f"注意：草稿中有 {errors} 个错误，仍已导出；请用 nianbao check 查看")
    print(f"已导出「{out}」")
    return ExitCode.OK


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_report  # imported here: only this command needs the readers

    out = Path(args.output)
    _refuse_existing(out, args.force)
    if args.year is not None and not 1900 <= args.year <= 2999:
        _err(f"--year 应是四位数的年份，现为「{args.year}」")
        return ExitCode.UNREADABLE
    result = import_report(args.report, agency=args.agency, year=args.year)
    report = result.report
    save(report, out, keep_backup=args.force)
    errors, warnings = count(check(report))
    print(f"已导入「{args.report}」→「{out}」：{report.title or '（未识别机关名称和年度）'}，使用{report.format.label}")
    print(f"{result.cells_summary}；检查：错误 {errors} 个，警告 {warnings} 个（用 nianbao check 查看）")
    if result.findings:
        print(f"导入时发现 {len(result.findings)} 个问题：")
        for f in result.findings:
            print(f"  [{f.severity.label}] {f.message}")
    return ExitCode.OK


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import audit_files, render_text, to_json, write_csv

    entries = audit_files(args.files)
    if args.json:
        print(json.dumps(to_json(entries), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(entries))
    if args.csv:
        write_csv(entries, args.csv)
        if not args.json:
            print(f"已写入「{args.csv}」")
    if any(e.error for e in entries):
        return ExitCode.UNREADABLE
    return ExitCode.FINDINGS if any(e.counts[0] for e in entries) else ExitCode.OK


def cmd_rollup(args: argparse.Namespace) -> int:
    from .batch import check_entries, read_files, report_files
    from .export import export_report, writer_for
    from .rollup import Member, roll_up

    out = Path(args.output)
    _refuse_existing(out, args.force)
    if out.suffix.lower() != ".json":
        writer_for(out)  # an unknown suffix is refused before anything is read
    paths: list[Path] = []
    for raw in args.files:
        p = Path(raw)
        paths += report_files(p) if p.is_dir() else [p]
    entries = [e for e in read_files(paths) if e is not None]
    check_entries(entries)
    members = []
    for e in entries:
        if e.report is None:
            _err(f"已跳过：{e.error}")
        elif args.level and e.report.level not in args.level:
            continue
        else:
            members.append(Member(e.name, e.path.name, e.report))
    if not members:
        _err("没有可汇总的报告")
        return ExitCode.UNREADABLE
    rollup = roll_up(members, year=args.year)
    for member, reason in rollup.excluded:
        _err(f"未计入汇总：「{member.source}」（{member.name}）{reason}")
    report = rollup.draft(agency=args.agency)
    if out.suffix.lower() == ".json":
        save(report, out, keep_backup=False)
    else:
        export_report(report, out, signature=False)
    findings = rollup.findings()
    errors, warnings = count(findings)
    print(
        f"已汇总 {len(rollup.members)} 个单位（{rollup.year}年度，{rollup.format.label}）→「{out}」；"
        f"汇总表检查：错误 {errors} 个，警告 {warnings} 个"
    )
    for f in findings:
        print(f"  [{f.severity.label}] {f.message}")
    return ExitCode.OK


def cmd_review(args: argparse.Namespace) -> int:
    for folder in (args.folder, args.previous):
        if folder and not Path(folder).is_dir():
            _err(f"文件夹「{folder}」不存在")
            return ExitCode.UNREADABLE
    if args.roster and not Path(args.roster).is_file():
        _err(f"单位名单「{args.roster}」不存在")
        return ExitCode.UNREADABLE
    return run_gui(None, review=(args.folder, args.previous, args.roster))


HANDLERS = {
    "new": cmd_new,
    "check": cmd_check,
    "export": cmd_export,
    "import": cmd_import,
    "audit": cmd_audit,
    "rollup": cmd_rollup,
    "review": cmd_review,
}


def run_gui(
    draft: str | None, smoke_test: bool = False, review: tuple[str | None, str | None, str | None] | None = None
) -> int:
    """Start the window, its ``--smoke-test``, or the 汇总审核 window with ``review`` = (folder,
    last year's folder, 单位名单) (the GUI package is imported only here)."""
    try:
        app = importlib.import_module("nianbao.gui.app")
    except ImportError as exc:
        _err(f"无法启动窗口（图形界面组件不可用：{exc}）。命令行用法见 nianbao --help")
        return ExitCode.UNREADABLE
    if review is not None:
        return int(app.review(*review))
    return int(app.smoke_test(draft) if smoke_test else app.main(draft))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nianbao`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    _never_fail_on_encoding()
    try:
        if "--smoke-test" in args_list:
            draft = next((a for a in args_list if not a.startswith("-")), None)
            return run_gui(draft, smoke_test=True)
        if not args_list:
            return run_gui(None)
        if len(args_list) == 1 and args_list[0] not in HANDLERS and not args_list[0].startswith("-"):
            candidate = args_list[0]
            if candidate.lower().endswith(".json") or Path(candidate).is_file():
                return run_gui(candidate)
        args = build_parser().parse_args(args_list)
        if args.command is None:
            return run_gui(None)
        code = HANDLERS[args.command](args)
        if argv is None:
            # The command is done and the process ends now: spare the interpreter's final
            # garbage collections the walk over every object (font tables, formats), which
            # took 40 ms of a 0.35 s PDF export. Files are closed and streams flushed anyway.
            gc.freeze()
        return int(code)
    except NianbaoError as exc:  # every family's message and exit code, in one place
        _err(str(exc))
        return int(exc.exit_code)
    except OSError as exc:
        _err(f"文件操作失败：{os_reason(exc)}（{exc.filename or ''}）")
        return int(ExitCode.UNREADABLE)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:
        hint = log_hint()  # opens the log file first, so the traceback goes into the file it names
        log.exception("internal error in the command line")
        _err(f"程序内部错误（{type(exc).__name__}: {exc}）。草稿文件没有被修改。{hint}")
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
