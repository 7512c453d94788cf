#!/usr/bin/env python3
"""Import every hostile file (``hostile_files.py``) in a fresh process: time, peak RSS, outcome.

    python3 bench/hostile.py [--dir DIR] [--only NAME ...] [--timeout 60]

Budget (README, **Bounded work**): every file the importer accepts is read in ≤ 10 s with
≤ 500 MB peak RSS, or refused with a clear message (exit 2). Each child runs
``nianbao import FILE -o out.json --force`` (read, build, save, check) under an address-space
limit of 4 GB, so a runaway reader fails instead of swapping the machine. Outcomes: ``ok`` (a
draft), ``refused`` (exit 2 with a message naming the file), ``CRASH`` (exit 3 or a traceback),
``HANG`` (still running at ``--timeout``), ``OVER`` (over the time or memory budget), ``MEM``
(the address-space limit was hit). The files (about 0.5 GB) are written to ``--dir`` (default
a temporary folder) and are not committed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_files import make_all

from benchlib import PEAK_RSS, SHARED, child_env, load_average, machine, reported

SECONDS = 10.0
PEAK_MB = 500.0
ADDRESS_SPACE = 4 * 1024**3

CHILD = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
    + PEAK_RSS
    + "from nianbao.core.cli import main\n"
    "try:\n"
    "    code = main(['import', sys.argv[1], '-o', sys.argv[2], '--force'])\n"
    "except MemoryError:\n"
    "    code = 99\n"
    "print('PEAK_RSS', peak_rss_mb(), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Outcome:
    """One hostile import."""

    name: str
    size_mb: float
    seconds: float
    peak_mb: float | None
    code: int | None  # None: killed at the timeout
    message: str

    @property
    def verdict(self) -> str:
        if self.code is None:
            return "HANG"
        if self.code == 99 or "MemoryError" in self.message:
            return "MEM"
        if self.code == 3 or "Traceback" in self.message:
            return "CRASH"
        if self.seconds > SECONDS or (self.peak_mb or 0) > PEAK_MB:
            return "OVER"
        if self.code == 0:
            return "ok"
        return "refused" if self.code == 2 and "「" in self.message else f"exit {self.code}"


def run_one(name: str, path: Path, out: Path, timeout: float) -> Outcome:
    """Import ``path`` in a fresh process."""
    try:
        size = path.stat().st_size / (1024 * 1024) if path.is_file() else 0.0
    except OSError:
        size = 0.0
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(out)],
            env=child_env(),
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Outcome(name, size, time.perf_counter() - start, None, None, "")
    seconds = time.perf_counter() - start
    stderr = done.stderr.decode("utf-8", "replace")
    message = " ".join(line for line in stderr.splitlines() if not line.startswith("PEAK_RSS"))
    if done.returncode == 0:
        message = done.stdout.decode("utf-8", "replace").splitlines()[1] if done.stdout else ""
    return Outcome(name, size, seconds, reported(stderr, "PEAK_RSS"), done.returncode, message)


def run_all(folder: Path, only: list[str] | None = None, timeout: float = 60.0) -> list[Outcome]:
    """Make the files in ``folder`` and import each; returns the outcomes in order."""
    files = make_all(folder, SHARED)
    outcomes = []
    for name, path in files.items():
        if only and name not in only:
            continue
        print(f"· {name} …", file=sys.stderr, flush=True)
        outcomes.append(run_one(name, path, folder / "out.json", timeout))
    return outcomes


def worst(outcomes: list[Outcome]) -> Outcome:
    """The slowest import (the bench row)."""
    return max(outcomes, key=lambda o: o.seconds)


#: The issue's measurement list, and the zip bomb that once took 226 s.
BUDGET_LIST = (
    "cells-49mb.html",
    "one-line-40mb.txt",
    "nested-divs-1m.html",
    "ruled-lines-80p.pdf",
    "rectangles-20000.pdf",
    "pages-5000.pdf",
    "bomb-190mb-xml.docx",
)


def worst_import(runs: int) -> tuple[str, list[float], list[float]]:
    """For ``bench/run.py``: import each file of :data:`BUDGET_LIST` once, then the slowest ``runs``
    more times; returns its name, the seconds and the peak RSS (MB) of those runs."""
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp:
        folder = Path(tmp)
        outcomes = run_all(folder, list(BUDGET_LIST))
        slowest = worst(outcomes)
        path = folder / slowest.name
        again = [run_one(slowest.name, path, folder / "out.json", 120.0) for _ in range(runs)]
    return slowest.name, [o.seconds for o in again], [o.peak_mb or 0.0 for o in again]


def table(outcomes: list[Outcome]) -> str:
    """The outcomes as a plain-text table."""
    width = max(len(o.name) for o in outcomes)
    lines = [f"{'file':<{width}}  {'MB':>6}  {'s':>6}  {'peak MB':>7}  {'exit':>4}  outcome  message"]
    for o in outcomes:
        peak = f"{o.peak_mb:.0f}" if o.peak_mb is not None else "—"
        code = "—" if o.code is None else str(o.code)
        lines.append(
            f"{o.name:<{width}}  {o.size_mb:>6.1f}  {o.seconds:>6.2f}  {peak:>7}  {code:>4}  {o.verdict:<7}  "
            f"{o.message[:110]}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, help="where to write the files (kept; default: a temporary folder)")
    parser.add_argument("--only", nargs="*", help="file names to run")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    print(f"{machine()}; load average {load_average()}")
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        outcomes = run_all(args.dir, args.only, args.timeout)
    else:
        with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp:
            outcomes = run_all(Path(tmp), args.only, args.timeout)
    print(table(outcomes))
    bad = [o for o in outcomes if o.verdict in ("HANG", "MEM", "CRASH", "OVER")]
    print(f"\n{len(outcomes)} files: {len(bad)} over budget or failed; load average after {load_average()}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
