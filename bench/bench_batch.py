#!/usr/bin/env python3
"""The county office's batch: 100 reports (50 PDFs) read into a roster; the roll-up of 100 bodies.

    python3 bench/bench_batch.py [--runs 3]

Measured in-process, as the 汇总审核 window does it (``core.batch.read_files`` with one worker
process per core): time to the first roster row, time to the complete roster (files read and
checked, years paired, the cross-body checks run, the roster's rows made), and the roll-up of
100 bodies plus one drill-down.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import generated_corpus

from benchlib import machine, summary
from nianbao.core.batch import read_files
from nianbao.core.batch_roster import Batch
from nianbao.core.rollup import Member, roll_up


def batch_times(files: list[Path]) -> tuple[float, float]:
    """(seconds to the first entry, seconds to the complete roster: files read, last year paired, every
    check and the cross-body checks run — :meth:`Batch.compute_findings`, as the window's CheckThread does)."""
    started = time.perf_counter()
    first: list[float] = []

    def arrived(_i: int, _entry: object) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    batch = Batch()
    batch.add_paths(files)
    for i, entry in enumerate(read_files(files, on_entry=arrived)):
        if entry is not None:
            batch.set_entry(i, entry)
    batch.apply_findings(batch.compute_findings())
    batch.rows()
    return first[0], time.perf_counter() - started


def rollup_seconds(n: int = 100, seed: int = 5) -> float:
    """Roll-up of ``n`` generated bodies of one year and format, plus a drill-down of one cell."""
    from generate import random_report

    rng = random.Random(seed)
    members = []
    for i in range(n):
        report = random_report(rng, year=2024)
        report.agency = f"第{i}单位"
        members.append(Member(report.agency, f"{i}.json", report))
    started = time.perf_counter()
    rollup = roll_up(members)
    rollup.contributions("t3.new.tot")
    rollup.findings()
    return time.perf_counter() - started


def corpus(folder: Path) -> list[Path]:
    """100 generated reports, every other one a PDF (50 PDFs, 25 HTML, 25 text)."""
    return generated_corpus(folder, pdf_every=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-batch-") as tmp:
        files = corpus(Path(tmp))
        times = [batch_times(files) for _ in range(args.runs)]
    print("first row (s): median {:.2f}  min {:.2f}  max {:.2f}".format(*summary([t[0] for t in times])))
    print(
        "complete roster, 100 files / 50 PDF (s): median {:.2f}  min {:.2f}  max {:.2f}".format(
            *summary([t[1] for t in times])
        )
    )
    roll = [rollup_seconds() * 1000 for _ in range(args.runs)]
    print("roll-up of 100 bodies + drill-down (ms): median {:.1f}  min {:.1f}  max {:.1f}".format(*summary(roll)))


if __name__ == "__main__":
    main()
