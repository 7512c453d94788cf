#!/usr/bin/env python3
"""The draft attacks of issue 11, run again: mutated drafts, kills during save, damaged recovery copies.

    python3 bench/attack_drafts.py [--drafts 10000] [--cli 300] [--kills 100]

- **Mutated drafts** (in process): the sample draft with values replaced (huge and negative
  numbers, 4 301-digit integers, decimals with many places, long digit runs in texts, wrong
  types, deep nesting), keys deleted or added, the text cut or bytes flipped. Each is read with
  ``draft.loads``; then, if read, checked, totalled, saved and read back. Outcomes: read,
  refused (DraftError naming the file), CRASH (any other exception), HANG (over 5 s).
- **Through the command line**: a sample of them with ``nianbao check`` in a fresh process;
  exit 3 (程序内部错误) counts as a crash, and every message must name the file.
- **Kills during save**: a process saving a large draft in a loop is killed at random
  moments; after each kill the draft must be the old or the new version (never torn), and
  after the next save no ``.<name>.*.tmp`` may be left.
- **Damaged recovery copies**: empty, cut, deeply nested, huge-number and binary copies are
  planted in a recovery folder; a window's ``offer_recovery`` must say so once and move each
  aside (offscreen Qt).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "seed-2020.json"
NAME = "攻击草稿.json"


def _value(rng: random.Random) -> object:
    return rng.choice(
        [
            lambda: rng.randint(-(10**15), 10**15),
            lambda: rng.randint(10**9 - 5, 10**9 + 5),
            lambda: "@@BIG@@",
            lambda: f"{rng.randint(0, 10**13)}.{rng.randint(0, 10**9)}",
            lambda: "受理政府信息公开申请" + "1" * rng.randint(1, 6000) + "件",
            lambda: rng.choice([None, True, False, [], {}, "", "NaN", "1e999999", "-0", "１２"]),
            lambda: rng.random() * 10.0 ** rng.randint(0, 300),
            lambda: "@@NEST@@",
            lambda: [rng.randint(0, 9)] * rng.randint(0, 5),
        ]
    )()


def mutate(rng: random.Random, base: dict) -> bytes:
    data = json.loads(json.dumps(base))
    for _ in range(rng.randint(1, 4)):
        section = rng.choice(["cells", "texts", "meta", None])
        target = data if section is None else data.setdefault(section, {})
        if not isinstance(target, dict):
            continue
        keys = list(target) or ["x"]
        key = rng.choice([*keys, "t3.new.np", "t2.fee.amount", "extra"])
        action = rng.random()
        if action < 0.7:
            target[key] = _value(rng)
        elif action < 0.85:
            target.pop(key, None)
        else:
            data[rng.choice(["cells", "texts", "meta", "schema", "format"])] = _value(rng)
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    text = text.replace('"@@BIG@@"', "9" * 4301)
    depth = rng.choice([500, 990, 1100, 50_000])
    text = text.replace('"@@NEST@@"', "[" * depth + "]" * depth)
    raw = bytearray(text.encode("utf-8"))
    if rng.random() < 0.2:
        raw = raw[: rng.randint(0, len(raw))]
    for _ in range(rng.choice([0, 0, 0, 1, 3])):
        if raw:
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def in_process(n: int, seed: int = 11) -> tuple[Counter, list[str], list[bytes]]:
    from nianbao.core import draft
    from nianbao.core.report import compute_totals
    from nianbao.core.rules import check

    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    crashes: list[str] = []
    kept: list[bytes] = []
    for _ in range(n):
        raw = mutate(rng, base)
        if len(kept) < 1000:
            kept.append(raw)
        start = time.perf_counter()
        try:
            report = draft.loads(raw, NAME)
            check(report)
            compute_totals(report)
            back = draft.loads(draft.dumps(report).encode("utf-8"), NAME)
            assert back.cells == report.cells
            outcome = "read"
        except draft.DraftError as exc:
            outcome = "refused" if NAME in str(exc) else "refused, file not named"
        except Exception as exc:  # what the attack counts as a crash
            outcome = "CRASH"
            crashes.append(f"{type(exc).__name__}: {str(exc)[:120]}")
        if time.perf_counter() - start > 5:
            outcome = "HANG"
        outcomes[outcome] += 1
    return outcomes, crashes, kept


def through_cli(samples: list[bytes], n: int) -> Counter:
    outcomes: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NAME
        for raw in samples[:n]:
            path.write_bytes(raw)
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "nianbao.core.cli", "check", str(path)],
                    capture_output=True,
                    text=True,
                    timeout=30,
                )
            except subprocess.TimeoutExpired:
                outcomes["HANG"] += 1
                continue
            if done.returncode == 3:
                outcomes["CRASH (exit 3)"] += 1
            elif done.returncode == 2:
                outcomes["refused (exit 2)" if NAME in done.stderr else "refused, file not named"] += 1
            else:
                outcomes[f"read (exit {done.returncode})"] += 1
    return outcomes


SAVER = textwrap.dedent("""
    import sys
    from nianbao.core.draft import load, save
    report = load(sys.argv[2])
    report.texts["general"] = "长" * 2_000_000 + sys.argv[3]
    print("ready", flush=True)
    while True:
        save(report, sys.argv[1])
""")


def kills(n: int, seed: int = 3) -> dict[str, int]:
    """Kill a saving process ``n`` times; count torn drafts and the leftover temp files."""
    from nianbao.core import draft

    rng = random.Random(seed)
    torn = 0
    left: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "草稿.json"
        path.write_bytes(SAMPLE.read_bytes())
        script = folder / "saver.py"
        script.write_text(SAVER, encoding="utf-8")
        for i in range(n):
            proc = subprocess.Popen(
                [sys.executable, str(script), str(path), str(SAMPLE), str(i)], stdout=subprocess.PIPE
            )
            assert proc.stdout is not None
            proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.4))
            proc.kill()
            proc.wait()
            try:
                draft.load(path)
            except draft.DraftError:
                torn += 1
            for tmp_file in folder.glob(".草稿.json.*.tmp"):
                left.add(tmp_file.name)
                os.utime(tmp_file, (time.time() - 3600, time.time() - 3600))  # the next save comes later
        size = sum(p.stat().st_size for p in folder.glob(".草稿.json.*.tmp"))
        draft.save(draft.load(path), path)
        after = len(list(folder.glob(".草稿.json.*.tmp")))
    return {
        "kills": n,
        "torn drafts": torn,
        "kills that left a temp file": len(left),
        "MB of temp files before the next save": round(size / 1e6),
        "temp files left after the next save": after,
    }


RECOVERY = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QMessageBox
    app = QApplication([])
    shown = []
    for kind in ("question", "warning", "critical", "information"):
        setattr(QMessageBox, kind, staticmethod(lambda *a, k=kind, **kw: shown.append((k, a[1])) or QMessageBox.StandardButton.No))
    from nianbao.gui.main_window import MainWindow
    data = Path(sys.argv[1])
    for start in range(2):
        window = MainWindow(data_dir=data)
        window.offer_recovery()
        window.autosave.shutdown()
    moved = len(list((data / "recovery" / "damaged").glob("*.draft.json")))
    print(json.dumps({"messages": shown, "moved aside": moved}))
""")


def damaged_copies() -> dict[str, object]:
    bodies = {
        "empty": b"",
        "cut": SAMPLE.read_bytes()[:300],
        "deep": b'{"schema": 1, "format": "2019", "texts": {"general": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
        "huge number": b'{"schema": 1, "format": "2019", "cells": {"t3.new.np": ' + b"9" * 4301 + b"}}",
        "binary": os.urandom(3000),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "recovery"
        folder.mkdir()
        for i, body in enumerate(bodies.values()):
            (folder / f"{i:032x}.draft.json").write_bytes(body)
            info = {"source": "", "saved_at": f"2024-01-0{i + 1} 10:00"}
            (folder / f"{i:032x}.info.json").write_text(json.dumps(info), encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(
            [sys.executable, "-c", RECOVERY, tmp], capture_output=True, text=True, env=env, timeout=120
        )
        if done.returncode != 0:
            return {"planted": len(bodies), "error": done.stderr[-500:]}
        result = json.loads(done.stdout.strip().splitlines()[-1])
        kinds = Counter(k for k, _ in result["messages"])
        return {"planted": len(bodies), "messages over two starts": dict(kinds), "moved aside": result["moved aside"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--cli", type=int, default=300)
    parser.add_argument("--kills", type=int, default=100)
    args = parser.parse_args()
    start = time.perf_counter()
    outcomes, crashes, kept = in_process(args.drafts) if args.drafts else (Counter(), [], [])
    print(f"mutated drafts, in process ({args.drafts}): {dict(outcomes)}  [{time.perf_counter() - start:.0f} s]")
    for line in Counter(crashes).most_common(10):
        print("  crash:", line)
    print(f"through `nianbao check` ({min(args.cli, len(kept))}): {dict(through_cli(kept, args.cli))}")
    print(f"kills during save: {kills(args.kills)}")
    print(f"damaged recovery copies: {damaged_copies()}")
    return 1 if crashes or outcomes.get("HANG") else 0


if __name__ == "__main__":
    sys.exit(main())
