"""Benchmark the window: edit → everything updated, and cold start of ``nianbao --smoke-test``.

Run from the repository root::

    python3 bench/bench_gui.py [--edits 1000] [--starts 5]

"Everything updated" means: the value parsed and stored through an undo command, the
totals it reaches recomputed, all rules re-run, the changed cells and marks announced to
the table models, the findings panel, the tab titles and the status bar refreshed. The
second figure adds processing the resulting repaint of the visible table. Uses the
offscreen platform unless QT_QPA_PLATFORM is set (e.g. run under xvfb-run with xcb).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from nianbao.core.resources import resource_path  # noqa: E402
from nianbao.core.rules import check  # noqa: E402
from nianbao.gui.app import create_application  # noqa: E402
from nianbao.gui.main_window import MainWindow  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def bench_edits(n: int, seed: int = 20) -> dict[str, list[float]]:
    """Time ``n`` cell edits in 表三 of the sample, in the shown window."""
    app = create_application()
    window = MainWindow(data_dir=Path(tempfile.mkdtemp(prefix="nianbao-bench-")))
    window.open_path(resource_path("samples", "seed-2020.json"), ask=False)
    window.resize(1400, 900)
    window.show()
    page = window.page_for_table("t3")
    assert page is not None and page.view is not None
    window.tabs.setCurrentWidget(page)
    for _ in range(5):
        app.processEvents()
    model = page.model
    editable = [model.index_of(c.id) for c in model.table.cells if not window.document.is_total(c.id)]
    rng = random.Random(seed)
    update: list[float] = []
    painted: list[float] = []
    baseline: list[float] = []
    for _ in range(n):
        index = rng.choice(editable)
        text = str(rng.randint(0, 30))
        if index.data() == text:
            text = str(int(text) + 1)
        tb = time.perf_counter()
        check(window.document.report)
        baseline.append((time.perf_counter() - tb) * 1000)
        t0 = time.perf_counter()
        assert model.setData(index, text)
        t1 = time.perf_counter()
        app.processEvents()
        t2 = time.perf_counter()
        update.append((t1 - t0) * 1000)
        painted.append((t2 - t0) * 1000)
    findings = len(window.document.findings)
    window.autosave.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    print(f"{n} edits in 表三 of the sample ({window.document.undo_stack.count()} undo steps, "
          f"{findings} findings at the end)")
    return {"core check() alone, for scale (ms)": baseline,
            "edit → totals, checks, models, panel, tabs, status (ms)": update,
            "… plus the repaint it causes (ms)": painted}


def bench_cold_start(n: int) -> list[float]:
    """Wall time of ``python -m nianbao.core.cli --smoke-test`` in fresh processes (seconds)."""
    env = dict(os.environ)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "nianbao.core.cli", "--smoke-test"], env=env,
                              capture_output=True, text=True, timeout=120)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"smoke test failed: {done.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    results = bench_edits(args.edits)
    print(f"platform {QApplication.platformName()}, python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("edit → everything updated (percentiles over all edits):")
    for label, values in results.items():
        print(f"  {label}: p50 {percentile(values, 50):.2f}  p99 {percentile(values, 99):.2f}  "
              f"max {max(values):.2f}")
    if args.starts:
        times = bench_cold_start(args.starts)
        print(f"cold start of `nianbao --smoke-test` ({args.starts} runs, s): median {statistics.median(times):.2f}  "
              f"min {min(times):.2f}  max {max(times):.2f}")


if __name__ == "__main__":
    main()
