#!/usr/bin/env python3
"""The oldest glibc a Linux bundle can run on: the highest ``GLIBC_x.y`` symbol version it needs.

Usage::

    python3 packaging/glibc_floor.py DIR [--max 2.28] [--top 10]

Reads every ELF file under ``DIR`` with ``objdump -T`` (binutils) and prints the floor, the
files that need it, and the files above ``--max`` (exit 1 if there are any).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_VERSION = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def glibc_needed(path: Path) -> tuple[int, ...]:
    """The highest GLIBC symbol version ``path`` imports, e.g. ``(2, 34)``; ``(0,)`` for none."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    best: tuple[int, ...] = (0,)
    for line in out.splitlines():
        if "*UND*" not in line:  # only what the file needs, not what it defines
            continue
        for match in _VERSION.finditer(line):
            version = tuple(int(x) for x in match.groups() if x is not None)
            best = max(best, version)
    return best


def scan(folder: Path) -> dict[Path, tuple[int, ...]]:
    """Every ELF file under ``folder`` (symlinks skipped) with the glibc it needs."""
    return {p: glibc_needed(p) for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)}


def fmt(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version)) if version != (0,) else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max", help="fail if any file needs a newer glibc than this, e.g. 2.28")
    parser.add_argument("--top", type=int, default=8, help="list this many of the most demanding files")
    args = parser.parse_args(argv)
    needs = scan(args.folder)
    if not needs:
        print(f"no ELF files under {args.folder}", file=sys.stderr)
        return 2
    floor = max(needs.values())
    print(f"glibc floor: {fmt(floor)} ({len(needs)} ELF files)")
    for path, version in sorted(needs.items(), key=lambda kv: kv[1], reverse=True)[: args.top]:
        print(f"  {fmt(version):>6}  {path.relative_to(args.folder)}")
    if args.max:
        limit = tuple(int(x) for x in args.max.split("."))
        above = [p for p, v in needs.items() if v > limit]
        if above:
            print(f"{len(above)} files need a glibc newer than {args.max}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
