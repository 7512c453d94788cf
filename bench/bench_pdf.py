#!/usr/bin/env python3
"""Benchmark the PDF export of the sample draft (not a test: prints medians, asserts nothing).

    python3 bench/bench_pdf.py [--runs 5] [--draft resources/samples/seed-2020.json]

1. Whole process: ``nianbao export DRAFT -o OUT.pdf`` as a fresh process, median of N runs
   (after one warm-up run that fills the font-metrics cache), goal <= 0.35 s.
2. Where the time goes, each in a fresh process (median of N): Python start-up and imports,
   font loading (metrics cache warm, and with the cache off), layout + drawing, writing the
   PDF (font subsetting and compression).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.35

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


def _nianbao_cmd() -> list[str]:
    exe = shutil.which("nianbao")
    return [exe] if exe else [sys.executable, "-m", "nianbao.core.cli"]


def whole_process(draft: Path, runs: int, env: dict[str, str], command: str = "export") -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        cmd = _nianbao_cmd() + (["export", str(draft), "-o", str(out)] if command == "export"
                                else ["check", str(draft)])
        subprocess.run(cmd, capture_output=True, env=env)  # warm-up: fills the font cache
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env)
            times.append(time.perf_counter() - t)
    return times


def phases(draft: Path, runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        res = subprocess.run([sys.executable, "-c", CHILD, str(draft)], check=True, capture_output=True,
                             text=True, env=env)
        for k, v in json.loads(res.stdout).items():
            out.setdefault(k, []).append(v)
    return out


def bare_python(runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        times.append(time.perf_counter() - t)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE (every run recompiles the sources)")
    parser.add_argument("--draft", type=Path, default=ROOT / "resources" / "samples" / "seed-2020.json")
    args = parser.parse_args()
    med = statistics.median

    base = dict(os.environ)
    if not args.no_bytecode:
        # An installed program has its bytecode compiled; let the warm-up runs write it.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(base, NIANBAO_CACHE_DIR=cache)
        whole = whole_process(args.draft, args.runs, env)
        check_only = whole_process(args.draft, args.runs, env, "check")
        warm = phases(args.draft, args.runs, env)
    cold = phases(args.draft, args.runs, dict(base, NIANBAO_CACHE_DIR="off"))
    python = bare_python(args.runs, base)

    print(f"draft: {args.draft}  runs: {args.runs}  bytecode cached: {not args.no_bytecode}  (medians, seconds)")
    print(f"whole process `nianbao export … -o x.pdf`: {med(whole):.3f}  "
          f"(min {min(whole):.3f}, max {max(whole):.3f}; goal <= {GOAL})")
    print(f"  for comparison, `nianbao check` (no PDF): {med(check_only):.3f}")
    print(f"  bare `python -c pass`:                  {med(python):.3f}")
    print(f"  imports (ReportLab canvas + nianbao):   {med(warm['imports']):.3f}")
    print(f"  font loading, metrics cache warm:       {med(warm['fonts']):.3f}")
    print(f"  font loading, cache off (TTF parsing):  {med(cold['fonts']):.3f}")
    print(f"  layout + drawing:                       {med(warm['layout']):.3f}")
    print(f"  writing (subsetting, compression):      {med(warm['save']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
