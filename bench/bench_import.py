"""Benchmark: ``audit`` of 100 published reports (median of several runs).

Usage: python3 bench/bench_import.py [--runs N]

Two corpora are timed, each of 100 files copied from ../shared (the real reports, the seed
text) and tests/data/import: "web pages" (text and HTML only) and "mixed" (every tenth file
a PDF). Not a test: nothing is asserted, the numbers are printed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from nianbao.core.audit import audit_files

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def sources() -> tuple[list[Path], list[Path]]:
    real = SHARED / "real-reports"
    pages = sorted(real.glob("*.txt")) + [SHARED / "samples" / "seed-2020-report.txt"]
    pages += sorted((ROOT / "tests" / "data" / "import").glob("*.html"))
    return [p for p in pages if p.is_file()], sorted(real.glob("*.pdf"))


def corpus(folder: Path, pages: list[Path], pdfs: list[Path], with_pdf: bool) -> list[Path]:
    files = []
    for i in range(100):
        src = pdfs[(i // 10) % len(pdfs)] if with_pdf and pdfs and i % 10 == 9 else pages[i % len(pages)]
        dest = folder / f"{i:03d}-{src.name}"
        shutil.copyfile(src, dest)
        files.append(dest)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages, pdfs = sources()
    if not pages:
        raise SystemExit("../shared is not beside the clone; nothing to time")
    audit_files(pages[:2])  # warm up imports and caches
    with tempfile.TemporaryDirectory() as tmp:
        for label, with_pdf in (("web pages (text/HTML)", False), ("mixed, 10% PDF", True)):
            folder = Path(tmp) / label.split()[0]
            folder.mkdir()
            files = corpus(folder, pages, pdfs, with_pdf)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                entries = audit_files(files)
                times.append(time.perf_counter() - start)
            findings = sum(len(e.findings) for e in entries)
            print(f"audit of {len(files)} reports, {label}: median {statistics.median(times):.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs; {findings} findings)")


if __name__ == "__main__":
    main()
