"""Benchmark importing and auditing published reports (not a test: prints, asserts nothing).

Usage: python3 bench/bench_import.py [--runs N]

- **Import + check of the seed text**: ``nianbao import SEED -o x.json`` as a fresh process
  (it reads, builds the draft, saves it and runs the checks). The seed text is
  ``../shared/samples/seed-2020-report.txt`` when ``shared/`` is beside the clone, else the
  bundled sample rendered as web-page text (``bench/generate.py``).
- **Audit of 100 generated reports**: ``nianbao audit`` of 100 files made by
  ``bench/generate.py`` (random complete reports of both formats): "web pages" is 50 saved
  HTML pages and 50 web-page texts; "mixed" makes every tenth file a PDF written by the
  exporter (as among published reports).
- With ``shared/`` beside the clone, also the audit of 100 copies of the real reports.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from pathlib import Path

from benchlib import ROOT, SHARED, child_env, load_average, machine, nianbao_cmd, run_timed, triple


def seed_text(folder: Path) -> Path:
    """The seed report as web-page text (the shared copy, else the sample rendered)."""
    shared = SHARED / "samples" / "seed-2020-report.txt"
    if shared.is_file():
        return shared
    from generate import render_text, sample

    path = folder / "seed-2020-report.txt"
    path.write_text(render_text(sample()), encoding="utf-8")
    return path


def generated_corpus(folder: Path, n: int = 100, pdf_every: int = 0, seed: int = 2024) -> list[Path]:
    """``n`` generated report files: HTML and text alternately, every ``pdf_every``-th a PDF."""
    from generate import random_report, render_html, render_text

    from nianbao.core.pdf_export import write_pdf

    rng = random.Random(seed)
    files = []
    for i in range(n):
        report = random_report(rng)
        if pdf_every and i % pdf_every == pdf_every - 1:
            path = folder / f"{i:03d}.pdf"
            write_pdf(report, path, invariant=True, system_fonts=False)
        elif i % 2:
            path = folder / f"{i:03d}.txt"
            path.write_text(render_text(report), encoding="utf-8")
        else:
            path = folder / f"{i:03d}.html"
            path.write_text(render_html(report), encoding="utf-8")
        files.append(path)
    return files


def shared_corpus(folder: Path, with_pdf: bool) -> list[Path]:
    """100 copies of the real reports in ../shared (every tenth a PDF if ``with_pdf``); [] without it."""
    real = SHARED / "real-reports"
    pages = sorted(real.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "import").glob("*.html"))
    pdfs = sorted(real.glob("*.pdf"))
    if not pages:
        return []
    files = []
    for i in range(100):
        src = pdfs[(i // 10) % len(pdfs)] if with_pdf and pdfs and i % 10 == 9 else pages[i % len(pages)]
        dest = folder / f"{i:03d}-{src.name}"
        shutil.copyfile(src, dest)
        files.append(dest)
    return files


def audit_times(files: list[Path], runs: int, env: dict[str, str]) -> list[float]:
    """Whole-process ``nianbao audit FILES…`` (exit 1, errors found, is expected), after a warm-up."""
    cmd = [*nianbao_cmd(), "audit", *map(str, files)]
    first = run_timed(cmd, env)
    if first.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({first.returncode}): {first.stderr[-2000:]}")
    return [run_timed(cmd, env).seconds for _ in range(runs)]


def import_times(report_file: Path, runs: int, env: dict[str, str]) -> list[float]:
    """Whole-process ``nianbao import REPORT -o x.json --force`` (read, save, check), after a warm-up."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*nianbao_cmd(), "import", str(report_file), "-o", str(Path(tmp) / "draft.json"), "--force"]
        first = run_timed(cmd, env)
        if first.returncode != 0:
            raise SystemExit(f"import failed: {first.stderr}")
        return [run_timed(cmd, env).seconds for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = child_env()
    print(f"{machine()}; load average {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seed = seed_text(folder)
        print(f"import + check of {seed.name}, s: {triple(import_times(seed, args.runs, env))}")
        for label, pdf_every, shared in (
            ("generated web pages", 0, None),
            ("generated, 10% PDF", 10, None),
            ("real reports (shared/)", 0, False),
            ("real reports (shared/), 10% PDF", 0, True),
        ):
            sub = folder / label.replace(" ", "_").replace("/", "")
            sub.mkdir()
            files = generated_corpus(sub, pdf_every=pdf_every) if shared is None else shared_corpus(sub, shared)
            if not files:
                continue
            print(f"audit of {len(files)} files, {label}, s: {triple(audit_times(files, args.runs, env), 2)}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
