#!/usr/bin/env python3
"""Benchmark the PDF export (not a test: prints medians, asserts nothing).

    python3 bench/bench_pdf.py [--runs 5] [--draft resources/samples/seed-2020.json]

1. Whole process: ``nianbao export DRAFT -o OUT.pdf`` as a fresh process (after one warm-up
   run that fills the font-metrics cache and writes the bytecode), median of N runs.
2. The worst case: every cell an 8-digit number and about 30 pages of text, whole process.
3. Where the time goes, each in a fresh process (median of N): Python start-up and imports,
   font loading (metrics cache warm, and with the cache off), layout + drawing, writing the
   PDF (font subsetting and compression).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import ROOT, child_env, load_average, machine, nianbao_cmd, run_timed, triple

SAMPLE_DRAFT = ROOT / "resources" / "samples" / "seed-2020.json"

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from reportlab.pdfgen.canvas import Canvas
import io
from nianbao.core.draft import load
from nianbao.core.pdf.document import Options, build_story
from nianbao.core.pdf.flow import flow
from nianbao.core.pdf.fonts import ROLES, FontSet
from nianbao.core.pdf import page
t1 = time.perf_counter()
report = load(sys.argv[1])
fonts = FontSet(use_system=False)
for role in ROLES:
    fonts.primary(role)
t2 = time.perf_counter()
story = build_story(report, fonts, Options())
canvas = Canvas(io.BytesIO(), pagesize=(page.PAGE_WIDTH, page.PAGE_HEIGHT), invariant=1)
flow(story, canvas, (page.LEFT_MARGIN, page.BOTTOM_MARGIN, page.BODY_WIDTH, page.BODY_HEIGHT),
     lambda c, n: page.draw_page_number(c, n, fonts))
t3 = time.perf_counter()
canvas.save()
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "fonts": t2 - t1, "layout": t3 - t2, "save": t4 - t3}))
"""


def pdf_pages(path: Path) -> int:
    """How many pages a PDF written by the exporter has (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


def export_times(draft: Path, runs: int, env: dict[str, str], command: str = "export") -> tuple[list[float], int]:
    """Whole-process ``nianbao export DRAFT -o x.pdf`` (or ``check``): seconds per run, and the pages."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        cmd = nianbao_cmd() + (["export", str(draft), "-o", str(out)] if command == "export" else ["check", str(draft)])
        first = run_timed(cmd, env)  # warm-up: fills the font cache, writes bytecode
        if command == "export" and first.returncode != 0:
            raise SystemExit(f"export failed: {first.stderr}")
        for _ in range(runs):
            times.append(run_timed(cmd, env).seconds)
        pages = pdf_pages(out) if out.exists() else 0
    return times, pages


def worst_case_times(runs: int, env: dict[str, str], pages: int = 30) -> tuple[list[float], int]:
    """Whole-process export of the worst case: 8-digit numbers in every cell, ``pages`` pages of text."""
    from generate import worst_case_report

    from nianbao.core.draft import save

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "worst.json"
        save(worst_case_report(pages=pages), draft, keep_backup=False)
        return export_times(draft, runs, env)


def phases(draft: Path, runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Imports, font loading, layout and writing, each timed inside a fresh process."""
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        res = subprocess.run(
            [sys.executable, "-c", CHILD, str(draft)], check=True, capture_output=True, text=True, env=env
        )
        for k, v in json.loads(res.stdout).items():
            out.setdefault(k, []).append(v)
    return out


def bare_python(runs: int, env: dict[str, str]) -> list[float]:
    """Start-up of ``python -c pass``, for scale."""
    return [run_timed([sys.executable, "-c", "pass"], env).seconds for _ in range(runs)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--draft", type=Path, default=SAMPLE_DRAFT)
    args = parser.parse_args()
    med = statistics.median
    print(f"{machine()}; load average {load_average()}")
    with tempfile.TemporaryDirectory() as cache:
        env = child_env(cache)
        whole, pages = export_times(args.draft, args.runs, env)
        check_only, _ = export_times(args.draft, args.runs, env, "check")
        worst, worst_pages = worst_case_times(args.runs, env)
        warm = phases(args.draft, args.runs, env)
    cold = phases(args.draft, args.runs, child_env("off"))
    python = bare_python(args.runs, child_env())
    print(f"draft: {args.draft}  runs: {args.runs}  (seconds, median / min / max)")
    print(f"whole process `nianbao export … -o x.pdf` ({pages} pages): {triple(whole)}")
    print(f"worst case, 8-digit cells and 30 pages of text ({worst_pages} pages): {triple(worst)}")
    print(f"  for comparison, `nianbao check` (no PDF): {med(check_only):.3f}")
    print(f"  bare `python -c pass`:                  {med(python):.3f}")
    print(f"  imports (ReportLab canvas + nianbao):   {med(warm['imports']):.3f}")
    print(f"  font loading, metrics cache warm:       {med(warm['fonts']):.3f}")
    print(f"  font loading, cache off (TTF parsing):  {med(cold['fonts']):.3f}")
    print(f"  layout + drawing:                       {med(warm['layout']):.3f}")
    print(f"  writing (subsetting, compression):      {med(warm['save']):.3f}")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
