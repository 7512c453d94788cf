"""Benchmark the outputs: each export of the sample in-process, and opening the print preview.

Run from the repository root::

    python3 bench/bench_export.py [--runs 7]

- **Exports**: ``export_report(sample, path)`` for .pdf, .docx, .html, .xlsx and .csv, in
  one process after one warm-up export of each (modules imported, fonts loaded: what the
  window has after its first export), each written to a file (atomically, fsynced).
- **Print preview**: in a fresh process with the sample open in a shown window, the time
  from triggering 打印预览 to the preview widget holding every page (the PDF rendered in
  memory, its pages rasterised, the dialog shown). The first preview of the process, so it
  includes loading the fonts, as a clerk's first click does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, child_env, load_average, machine, reported, run_timed, triple

SAMPLE_DRAFT = ROOT / "resources" / "samples" / "seed-2020.json"
SUFFIXES = (".pdf", ".docx", ".html", ".xlsx", ".csv")

#: Child process: the sample in a shown window, 打印预览 clicked, "PREVIEW <seconds> <pages>" on stderr.
PREVIEW = """
import sys, tempfile, time
from pathlib import Path
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from nianbao.core import draft
from nianbao.core.resources import resource_path
from nianbao.gui.app import create_application
from nianbao.gui.main_window import MainWindow

app = create_application()
report = draft.load(resource_path("samples", "seed-2020.json"))
seen = {}

def shown(dialog):
    dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    while preview.pageCount() == 0:
        app.processEvents()
    app.processEvents()  # the first page painted
    seen["seconds"] = time.perf_counter() - seen["clicked"]
    seen["pages"] = preview.pageCount()
    dialog.done(0)
    return 0

QPrintPreviewDialog.exec = shown
with tempfile.TemporaryDirectory() as data:
    window = MainWindow(data_dir=Path(data), report=report)
    window.show()
    app.processEvents()
    seen["clicked"] = time.perf_counter()
    window.print_preview_action.trigger()
    window.autosave.shutdown()
    window.document.undo_stack.setClean()
    window.close()
sys.stderr.write(f"PREVIEW {seen['seconds']!r} {seen['pages']}\\n")
"""


def export_times(runs: int) -> dict[str, list[float]]:
    """Seconds per export of the sample, in this process, per output suffix."""
    from nianbao.core.draft import load
    from nianbao.core.export import export_report

    report = load(SAMPLE_DRAFT)
    times: dict[str, list[float]] = {s: [] for s in SUFFIXES}
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-export-") as tmp:
        for suffix in SUFFIXES:  # warm-up: imports, fonts
            export_report(report, Path(tmp) / f"warm{suffix}")
        for _ in range(runs):
            for suffix in SUFFIXES:
                start = time.perf_counter()
                export_report(report, Path(tmp) / f"sample{suffix}")
                times[suffix].append(time.perf_counter() - start)
    return times


def preview_times(runs: int, env: dict[str, str]) -> tuple[list[float], int]:
    """Seconds from the 打印预览 click to every page in the preview, one fresh process per run."""
    times: list[float] = []
    pages = 0
    cmd = [sys.executable, "-c", PREVIEW]
    run_timed(cmd, env)  # warm-up: bytecode, font-metrics cache
    for _ in range(runs):
        run = run_timed(cmd, env)
        seconds = reported(run.stderr, "PREVIEW")
        if run.returncode != 0 or seconds is None:
            raise RuntimeError(f"preview benchmark failed:\n{run.stderr}")
        times.append(seconds)
        pages = int(run.stderr.split("PREVIEW ", 1)[1].split()[1])
    return times, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {load_average()}")
    for suffix, values in export_times(args.runs).items():
        print(f"export of the sample to {suffix:5}, in-process (s): {triple(values)}")
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-fonts-") as cache:
        values, pages = preview_times(max(3, args.runs // 2), child_env(cache))
    print(f"打印预览 click → all {pages} pages in the preview (s): {triple(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
