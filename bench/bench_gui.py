"""Benchmark the window: edit → everything updated, cold start, and peak memory.

Run from the repository root::

    python3 bench/bench_gui.py [--edits 1000] [--starts 7]

- **Edit → everything updated**: the value parsed and stored through an undo command, the
  totals it reaches recomputed, all rules re-run, the changed cells and marks announced to
  the table models, the findings panel, the tab titles and the status bar refreshed; the
  second figure adds processing the resulting repaint of the visible table. Driven through
  the table model of 表三 of the sample, in a shown window.
- **Cold start**: wall time of ``nianbao --smoke-test`` (process start → the window on the
  sample painted → exit) in fresh processes, next to the floor: a bare ``QApplication`` and
  an empty ``QMainWindow`` started the same way (``python -c``), painted, exited.
- **Peak RSS**: a fresh process opens the sample in the window, shows every tab and makes
  100 edits; its peak resident set size as the OS reports it.

Uses the offscreen platform unless QT_QPA_PLATFORM is set (e.g. run under xvfb-run with xcb).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchlib import child_env, load_average, machine, nianbao_cmd, percentile, run_timed, triple  # noqa: E402

#: The floor of a cold start: Python, PySide6 and an empty main window, painted once.
FLOOR = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
watcher = Painted()
app.installEventFilter(watcher)
window.show()
app.exec()
"""

#: The sample open in the window: every tab shown, 100 edits in 表三 (for the peak RSS).
SAMPLE_OPEN = """
import random, tempfile
from pathlib import Path
from nianbao.core import draft
from nianbao.core.resources import resource_path
from nianbao.gui.app import create_application
from nianbao.gui.main_window import MainWindow

app = create_application()
report = draft.load(resource_path("samples", "seed-2020.json"))
with tempfile.TemporaryDirectory() as data:
    window = MainWindow(data_dir=Path(data), report=report)
    window.show()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        app.processEvents()
    page = window.page_for_table("t3")
    window.tabs.setCurrentWidget(page)
    model = page.model
    editable = [model.index_of(c.id) for c in model.table.cells if not window.document.is_total(c.id)]
    rng = random.Random(5)
    for _ in range(100):
        model.setData(rng.choice(editable), str(rng.randint(0, 30)))
        app.processEvents()
    window.autosave.shutdown()
    window.document.undo_stack.setClean()
    window.close()
"""


@dataclass
class EditTimes:
    """Milliseconds per edit."""

    check_only: list[float] = field(default_factory=list)  # core check() alone, for scale
    updated: list[float] = field(default_factory=list)  # totals, checks, models, panel, tabs, status
    painted: list[float] = field(default_factory=list)  # … plus the repaint it causes
    findings: int = 0


def edit_latencies(n: int = 1000, seed: int = 20) -> EditTimes:
    """Time ``n`` cell edits in 表三 of the sample, in a shown window (in this process)."""
    from nianbao.core.draft import load
    from nianbao.core.resources import resource_path
    from nianbao.core.rules import check
    from nianbao.gui.app import create_application
    from nianbao.gui.main_window import MainWindow

    app = create_application()
    report = load(resource_path("samples", "seed-2020.json"))
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as data_dir:
        window = MainWindow(data_dir=Path(data_dir), report=report)
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
        times = EditTimes()
        for _ in range(n):
            index = rng.choice(editable)
            text = str(rng.randint(0, 30))
            if index.data() == text:
                text = str(int(text) + 1)
            tb = time.perf_counter()
            check(window.document.report)
            times.check_only.append((time.perf_counter() - tb) * 1000)
            t0 = time.perf_counter()
            assert model.setData(index, text)
            t1 = time.perf_counter()
            app.processEvents()
            t2 = time.perf_counter()
            times.updated.append((t1 - t0) * 1000)
            times.painted.append((t2 - t0) * 1000)
        times.findings = len(window.document.findings)
        window.autosave.shutdown()
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()
        app.processEvents()
    return times


@dataclass
class StartTimes:
    """Seconds from process start to exit, alternating app and floor runs."""

    app: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    app_rss_mb: list[float] = field(default_factory=list)


def cold_starts(runs: int, env: dict[str, str] | None = None) -> StartTimes:
    """``nianbao --smoke-test`` and the floor, ``runs`` times each, after one warm-up of each."""
    env = env if env is not None else child_env()
    app_cmd = nianbao_cmd() + ["--smoke-test"]
    floor_cmd = [sys.executable, "-c", FLOOR]
    for cmd in (app_cmd, floor_cmd):  # warm-up: bytecode written, files in the OS cache
        done = run_timed(cmd, env)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd[:2])} failed: {done.stderr}")
    times = StartTimes()
    for _ in range(runs):
        app = run_timed(app_cmd, env)
        if app.returncode != 0:
            raise SystemExit(f"smoke test failed: {app.stderr}")
        times.app.append(app.seconds)
        if app.max_rss_mb is not None:
            times.app_rss_mb.append(app.max_rss_mb)
        times.floor.append(run_timed(floor_cmd, env).seconds)
    return times


def window_rss(runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Peak RSS (MB) of a process with the sample open in the window (every tab shown, 100 edits)."""
    env = env if env is not None else child_env()
    out = []
    for _ in range(runs):
        done = run_timed([sys.executable, "-c", SAMPLE_OPEN], env)
        if done.returncode != 0:
            raise SystemExit(f"window with the sample failed: {done.stderr}")
        if done.max_rss_mb is None:
            return []
        out.append(done.max_rss_mb)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    print(f"{machine()}; load average {load_average()}")
    if args.starts:
        starts = cold_starts(args.starts)
        print(f"cold start, {args.starts} runs (s), median / min / max:")
        print(f"  nianbao --smoke-test:             {triple(starts.app)}")
        print(f"  floor (QApplication+QMainWindow): {triple(starts.floor)}")
        if starts.app_rss_mb:
            print(f"  peak RSS of the smoke test (MB):  {triple(starts.app_rss_mb, 0)}")
    times = edit_latencies(args.edits)
    print(f"{args.edits} edits in 表三 of the sample ({times.findings} findings at the end), ms:")
    for label, values in (("core check() alone, for scale", times.check_only),
                          ("edit → totals, checks, models, panel, tabs, status", times.updated),
                          ("… plus the repaint it causes", times.painted)):
        print(f"  {label}: p50 {percentile(values, 50):.2f}  p99 {percentile(values, 99):.2f}  "
              f"max {max(values):.2f}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
