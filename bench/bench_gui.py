"""Benchmark the window: edit → everything updated, cold start, and peak memory.

Run from the repository root::

    python3 bench/bench_gui.py [--edits 1000] [--starts 7]

- **Edit → everything updated**: the value parsed and stored through an undo command, the
  totals it reaches recomputed, all rules re-run, the changed cells and marks announced to
  the table models, the findings panel, the tab titles and the status bar refreshed; the
  second figure adds processing the resulting repaint of the visible table. Driven through
  the table model of 表三 of the sample, in a shown window.
- **Cold start**: ``nianbao --smoke-test`` in fresh processes, from the launch to the first
  paint of the window on the sample (taken inside the process by a Qt event filter; the
  time to exit is shown too), next to the floor: a bare ``QApplication`` and an empty
  ``QMainWindow`` started the same way (``python -c``), to its first paint.
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

from benchlib import PEAK_RSS, Run, child_env, load_average, machine, percentile, reported, run_timed, triple

#: Writes "PAINTED <time.time()>" to stderr at the first paint of a main window (either process).
_PAINT_PROBE = (
    PEAK_RSS
    + """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

class PaintProbe(QObject):
    def __init__(self, quit_app):
        super().__init__()
        self.quit_app, self.done = quit_app, False

    def eventFilter(self, watched, event):
        if (not self.done and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)):
            self.done = True
            sys.stderr.write(f"PAINTED {time.time()!r}\\n")
            if self.quit_app:
                QTimer.singleShot(0, QApplication.quit)
        return False
"""
)

#: The app: what the ``nianbao`` console script runs (``--smoke-test``), with the probe installed.
APP_START = (
    """
from nianbao.core.cli import main
from nianbao.gui.app import create_application
"""
    + _PAINT_PROBE
    + """
probe = PaintProbe(quit_app=False)
create_application().installEventFilter(probe)
code = main(["--smoke-test"])
sys.stderr.write(f"PEAK_RSS_MB {peak_rss_mb()!r}\\n")
sys.exit(code)
"""
)

#: The floor: Python, PySide6 and an empty main window, started the same way, painted once.
FLOOR_START = (
    _PAINT_PROBE
    + """
app = QApplication(sys.argv[:1])
probe = PaintProbe(quit_app=True)
app.installEventFilter(probe)
window = QMainWindow()
window.show()
app.exec()
"""
)


#: The sample open in the window: every tab shown, 100 edits in 表三 (for the peak RSS).
SAMPLE_OPEN = (
    PEAK_RSS
    + """
import random, sys, tempfile
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
sys.stderr.write(f"PEAK_RSS_MB {peak_rss_mb()!r}\\n")
"""
)


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
    """Seconds from process start to the first paint and to exit; app and floor runs alternate."""

    app: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    app_exit: list[float] = field(default_factory=list)
    floor_exit: list[float] = field(default_factory=list)
    app_rss_mb: list[float] = field(default_factory=list)


def _start(code: str, env: dict[str, str]) -> tuple[float, Run]:
    """Run ``python -c code``; seconds from launch to its "PAINTED" line, and the run."""
    launched = time.time()
    done = run_timed([sys.executable, "-c", code], env)
    painted = [float(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PAINTED ")]
    if done.returncode != 0 or not painted:
        raise SystemExit(f"cold start failed ({done.returncode}): {done.stderr[-2000:]}")
    return painted[0] - launched, done


def cold_starts(runs: int, env: dict[str, str] | None = None) -> StartTimes:
    """The smoke test and the floor, ``runs`` times each (alternating), after one warm-up of each.

    Both are started as ``python -c …`` (the console script is the same interpreter start
    plus ``from nianbao.core.cli import main``); the moment of the first paint is taken
    inside the process with a Qt event filter and compared with the launch time.
    """
    env = env if env is not None else child_env()
    for code in (APP_START, FLOOR_START):  # warm-up: bytecode written, files in the OS cache
        _start(code, env)
    times = StartTimes()
    for _ in range(runs):
        painted, done = _start(APP_START, env)
        times.app.append(painted)
        times.app_exit.append(done.seconds)
        rss = reported(done.stderr, "PEAK_RSS_MB")
        if rss is not None:
            times.app_rss_mb.append(rss)
        painted, done = _start(FLOOR_START, env)
        times.floor.append(painted)
        times.floor_exit.append(done.seconds)
    return times


def window_rss(runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Peak RSS (MB) of a process with the sample open in the window (every tab shown, 100 edits)."""
    env = env if env is not None else child_env()
    out = []
    for _ in range(runs):
        done = run_timed([sys.executable, "-c", SAMPLE_OPEN], env)
        if done.returncode != 0:
            raise SystemExit(f"window with the sample failed: {done.stderr}")
        rss = reported(done.stderr, "PEAK_RSS_MB")
        if rss is None:
            return []
        out.append(rss)
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
        print(f"  nianbao --smoke-test, to the first paint: {triple(starts.app)}  (to exit: {triple(starts.app_exit)})")
        print(
            f"  floor (QApplication+QMainWindow):         {triple(starts.floor)}  (to exit: {triple(starts.floor_exit)})"
        )
        if starts.app_rss_mb:
            print(f"  peak RSS of the smoke test (MB):  {triple(starts.app_rss_mb, 0)}")
    if args.starts:
        print(
            f"peak RSS with the sample open in the window, every tab shown, 100 edits (MB): {triple(window_rss(3), 0)}"
        )
    times = edit_latencies(args.edits)
    print(f"{args.edits} edits in 表三 of the sample ({times.findings} findings at the end), ms:")
    for label, values in (
        ("core check() alone, for scale", times.check_only),
        ("edit → totals, checks, models, panel, tabs, status", times.updated),
        ("… plus the repaint it causes", times.painted),
    ):
        print(f"  {label}: p50 {percentile(values, 50):.2f}  p99 {percentile(values, 99):.2f}  max {max(values):.2f}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
