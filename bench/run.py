#!/usr/bin/env python3
"""nianbao's performance budgets, measured on this machine, printed as one table.

    python3 bench/run.py [--runs 7] [--edit-runs 3] [--quick]

Every row is repeated (``--runs`` fresh processes; ``--edit-runs`` rounds of 1 000 edits)
and shows the median, min and max; a budget is met when the median is within it. The
measuring functions live in ``bench_gui.py``, ``bench_pdf.py``, ``bench_export.py`` and ``bench_import.py``
(each also runnable on its own, with more detail). Child processes run with bytecode
writing allowed and a warm-up run first (an installed program has compiled bytecode and,
after its first export, a font-metrics cache); Qt draws offscreen unless QT_QPA_PLATFORM
is set. This machine's load average is printed before and after: numbers taken under load
are not comparable.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_batch
import bench_export
import bench_gui
import bench_import
import bench_pdf
import hostile

from benchlib import child_env, load_average, machine, percentile, summary

COLD_START_S = 0.8
COLD_START_FLOOR_RATIO = 3.0
EDIT_P99_MS = 5.0
CHECK_MS = 1.0
PDF_EXPORT_S = 0.35
AUDIT_S = 10.0
BATCH_S = 10.0
BATCH_FIRST_S = 2.0
ROLLUP_MS = 100.0
PEAK_RSS_MB = 150.0
HOSTILE_S = hostile.SECONDS
HOSTILE_MB = hostile.PEAK_MB
EXPORT_S = 0.3
PREVIEW_S = 1.0


@dataclass
class Row:
    """One line of the table."""

    label: str
    values: list[float]
    digits: int = 3
    budget: float | None = None

    @property
    def verdict(self) -> str:
        if self.budget is None or not self.values:
            return ""
        return "ok" if summary(self.values)[0] <= self.budget else "MISSED"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(rows: list[Row]) -> str:
    """The rows as a plain-text table."""
    width = max(_width(r.label) for r in rows)
    lines = [f"{_pad('measurement', width)}  {'median':>8}  {'min':>8}  {'max':>8}  {'budget':>7}", "-" * (width + 48)]
    for r in rows:
        if not r.values:
            lines.append(f"{_pad(r.label, width)}  {'n/a':>8}")
            continue
        med, lo, hi = summary(r.values)
        budget = f"≤ {r.budget:g}" if r.budget is not None else "—"
        lines.append(
            f"{_pad(r.label, width)}  {med:>8.{r.digits}f}  {lo:>8.{r.digits}f}  {hi:>8.{r.digits}f}  "
            f"{budget:>7}  {r.verdict}".rstrip()
        )
    return "\n".join(lines)


def measure(runs: int, edit_runs: int, edits: int) -> list[Row]:
    """Take every measurement; returns the table rows."""
    rows: list[Row] = []
    env = child_env()

    print("· cold start (nianbao --smoke-test and the bare-window floor) …", file=sys.stderr)
    rows.append(Row("Python start-up, `python -c pass`, for scale (s)", bench_pdf.bare_python(runs, env)))
    starts = bench_gui.cold_starts(runs, env)
    rows.append(Row("cold start: nianbao --smoke-test, launch → window painted (s)", starts.app, budget=COLD_START_S))
    rows.append(Row("  floor: bare QApplication + empty QMainWindow, same way (s)", starts.floor))
    rows.append(
        Row(
            "  cold start ÷ floor (each run ÷ the floor run after it)",
            [a / f for a, f in zip(starts.app, starts.floor, strict=False)],
            digits=2,
            budget=COLD_START_FLOOR_RATIO,
        )
    )
    rows.append(Row("  the smoke test to its exit, for scale (s)", starts.app_exit))

    print(f"· live check: {edit_runs} × {edits} edits in 表三 …", file=sys.stderr)
    rounds = [bench_gui.edit_latencies(edits, seed=20 + i) for i in range(edit_runs)]
    rows.append(
        Row(
            f"edit in 表三 → totals, rules, views updated, p50 over {edits} (ms)",
            [percentile(r.updated, 50) for r in rounds],
            digits=2,
        )
    )
    rows.append(
        Row(
            f"  the same, p99 over {edits} (ms)",
            [percentile(r.updated, 99) for r in rounds],
            digits=2,
            budget=EDIT_P99_MS,
        )
    )
    rows.append(Row("  … plus the repaint it causes, p50 (ms)", [percentile(r.painted, 50) for r in rounds], digits=2))
    rows.append(Row("  … plus the repaint it causes, p99 (ms)", [percentile(r.painted, 99) for r in rounds], digits=2))
    rows.append(
        Row(
            "  core check() alone, p50 (ms)",
            [percentile(r.check_only, 50) for r in rounds],
            digits=2,
            budget=CHECK_MS,
        )
    )

    print("· PDF export (sample, worst case) …", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-fonts-") as cache:
        pdf_env = child_env(cache)
        sample, pages = bench_pdf.export_times(bench_pdf.SAMPLE_DRAFT, runs, pdf_env)
        rows.append(Row(f"PDF export of the sample, whole process ({pages} pages) (s)", sample, budget=PDF_EXPORT_S))
        worst, worst_pages = bench_pdf.worst_case_times(max(3, runs // 2), pdf_env)
        rows.append(Row(f"  worst case: 8-digit cells, 30 pages of text ({worst_pages} pages) (s)", worst))

    print("· exports in-process, print preview …", file=sys.stderr)
    labels = {".pdf": "PDF", ".docx": "Word", ".html": "web page", ".xlsx": "Excel", ".csv": "CSV"}
    for suffix, values in bench_export.export_times(runs).items():
        rows.append(
            Row(f"export of the sample to {labels[suffix]} ({suffix}), in-process (s)", values, budget=EXPORT_S)
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-fonts-") as cache:
        previews, preview_pages = bench_export.preview_times(max(3, runs // 2), child_env(cache))
    rows.append(
        Row(f"打印预览 click → all {preview_pages} pages in the preview (s)", previews, digits=2, budget=PREVIEW_S)
    )

    print("· import and audit …", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-import-") as tmp:
        folder = Path(tmp)
        seed = bench_import.seed_text(folder)
        rows.append(
            Row(
                f"import + check of the seed text ({seed.name}), whole process (s)",
                bench_import.import_times(seed, runs, env),
            )
        )
        audit_runs = max(3, runs // 2)
        web = folder / "web"
        web.mkdir()
        rows.append(
            Row(
                "audit of 100 generated reports (50 HTML, 50 text) (s)",
                bench_import.audit_times(bench_import.generated_corpus(web), audit_runs, env),
                digits=2,
                budget=AUDIT_S,
            )
        )
        mixed = folder / "mixed"
        mixed.mkdir()
        rows.append(
            Row(
                "audit of 100 generated reports, every tenth a PDF (s)",
                bench_import.audit_times(bench_import.generated_corpus(mixed, pdf_every=10), audit_runs, env),
                digits=2,
                budget=AUDIT_S,
            )
        )

    print("· county batch: 100 reports, 50 of them PDFs …", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-batch-") as tmp:
        files = bench_batch.corpus(Path(tmp))
        batch = [bench_batch.batch_times(files) for _ in range(max(3, runs // 2))]
    rows.append(Row("batch of 100 reports (50 PDF) → first roster row (s)", [b[0] for b in batch], 2, BATCH_FIRST_S))
    rows.append(Row("  … → complete roster, checked and paired (s)", [b[1] for b in batch], 2, BATCH_S))
    rows.append(
        Row(
            "roll-up of 100 bodies + a drill-down (ms)",
            [bench_batch.rollup_seconds() * 1000 for _ in range(runs)],
            1,
            ROLLUP_MS,
        )
    )

    print("· the worst hostile import (bench/hostile.py's budget list) …", file=sys.stderr)
    name, seconds, peaks = hostile.worst_import(max(3, runs // 2))
    rows.append(Row(f"worst hostile import ({name}), whole process (s)", seconds, digits=2, budget=HOSTILE_S))
    rows.append(Row("  its peak RSS (MB)", peaks, digits=0, budget=HOSTILE_MB))

    print("· peak RSS with the sample open in the window …", file=sys.stderr)
    rows.append(
        Row(
            "peak RSS: sample open in the window, every tab shown, 100 edits (MB)",
            bench_gui.window_rss(max(3, runs // 2), env),
            digits=0,
            budget=PEAK_RSS_MB,
        )
    )
    rows.append(Row("  peak RSS of the smoke test (MB)", starts.app_rss_mb, digits=0))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per whole-process measurement")
    parser.add_argument("--edit-runs", type=int, default=3, help="rounds of edits")
    parser.add_argument("--edits", type=int, default=1000, help="edits per round")
    parser.add_argument("--quick", action="store_true", help="3 runs, 1 round: a rough look")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.edit_runs = 3, 1
    from PySide6 import __version__ as pyside_version

    before = load_average()
    rows = measure(args.runs, args.edit_runs, args.edits)
    after = load_average()
    print(f"nianbao performance budgets — {_dt.datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}, PySide6 {pyside_version}, Qt platform {os.environ['QT_QPA_PLATFORM']}")
    print(f"load average (1/5/15 min): before {before}, after {after}")
    print(f"runs: {args.runs} per process measurement, {args.edit_runs} × {args.edits} edits\n")
    print(table(rows))
    missed = [r.label.strip() for r in rows if r.verdict == "MISSED"]
    print("\nall budgets met" if not missed else "\nbudgets missed: " + "; ".join(missed))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
