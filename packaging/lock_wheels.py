#!/usr/bin/env python3
"""Write the lock files of the release builds: every wheel pinned with its hash.

Usage (needs the package index; run again when a dependency in ``pyproject.toml`` changes)::

    python3 packaging/lock_wheels.py                   # → packaging/requirements-floor.txt (Linux, glibc 2.28)
    python3 packaging/lock_wheels.py --target windows  # → packaging/requirements-windows.txt (win_amd64)

It downloads, for CPython 3.11 on x86-64 Linux with glibc 2.28, the wheels of the runtime and
``build`` dependencies in ``pyproject.toml`` plus :data:`EXTRA` (binary wheels only, never an
sdist) and writes one ``name==version --hash=sha256:…`` line per wheel. It fails if pip picked a
wheel whose ``manylinux_2_X`` tag is above 2.28 or that is not for this platform at all, so the
floor build (``build_floor.sh``, which installs with ``--require-hashes``) cannot drift to newer
tags: with only PySide6 pinned, pip once chose cryptography's manylinux_2_34 wheel.
For Windows (``build_windows_wine.sh``) it locks the ``win_amd64`` wheels plus :data:`EXTRA_WINDOWS`.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parent.parent
#: The oldest glibc the Linux build must run on (UOS 20 = Debian 10).
FLOOR = (2, 28)
#: Wheels the build needs beyond pyproject.toml's lists: pip and setuptools (bootstrap the build
#: venv and install nianbao itself without downloading), openpyxl (pure Python, arriving with the
#: xlsx export: locked ahead so the floor build does not break the day it lands).
EXTRA = ("pip", "setuptools>=70.1", "openpyxl>=3.1,<4")
#: Windows only: PyInstaller's own dependencies there, and a cryptography release whose Rust DLL
#: wine 8 loads (later ones fail under wine with "DLL load failed"; a real Windows loads both).
EXTRA_WINDOWS = ("cryptography==42.0.8", "pefile", "pywin32-ctypes")
PLATFORMS = {
    "floor": [f"manylinux_2_{minor}_x86_64" for minor in range(FLOOR[1], 16, -1)] + ["manylinux2014_x86_64"],
    "windows": ["win_amd64"],
}
_MANYLINUX = re.compile(r"manylinux_(\d+)_(\d+)_")
_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def requirements() -> list[str]:
    """The runtime and build requirements from pyproject.toml, plus :data:`EXTRA`."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        project = tomllib.loads(text)["project"]
        reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["build"])
    else:  # pragma: no cover - 3.10 fallback: the two arrays' quoted strings
        block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M).group(1)
        block += re.search(r"^build = \[(.*?)^\]", text, re.S | re.M).group(1)
        reqs = re.findall(r'^\s*"([^"]+)"', block, re.M)
    return reqs + list(EXTRA)


def wheel_floor(name: str, target: str = "floor") -> tuple[int, int] | None:
    """The glibc a wheel's platform tag asks for; ``(0, 0)`` for a pure wheel, None for a foreign one."""
    tags = name[:-4].split("-")[-1].split(".")
    if tags == ["any"]:
        return (0, 0)
    if target == "windows":
        return (0, 0) if "win_amd64" in tags else None
    floors = []
    for tag in tags:
        match = _MANYLINUX.match(tag)
        if match and tag.endswith("x86_64"):
            floors.append((int(match.group(1)), int(match.group(2))))
        elif tag.split("_x86_64")[0] in _LEGACY and tag.endswith("x86_64"):
            floors.append(_LEGACY[tag.split("_x86_64")[0]])
    return min(floors) if floors else None


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-version", default="3.11")
    parser.add_argument("--target", choices=sorted(PLATFORMS), default="floor")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    out = args.out or ROOT / "packaging" / f"requirements-{args.target}.txt"
    reqs = requirements() + (list(EXTRA_WINDOWS) if args.target == "windows" else [])
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "-q", "-d", tmp, "--only-binary=:all:"]
        cmd += ["--python-version", args.python_version, "--implementation", "cp"]
        cmd += ["--abi", "cp" + args.python_version.replace(".", ""), "--abi", "abi3", "--abi", "none"]
        for platform in PLATFORMS[args.target]:
            cmd += ["--platform", platform]
        subprocess.run([*cmd, *reqs], check=True)
        lines, bad = [], []
        for whl in sorted(Path(tmp).glob("*.whl"), key=lambda p: normalise(p.name.split("-")[0])):
            floor = wheel_floor(whl.name, args.target)
            if floor is None or floor > FLOOR:
                bad.append(whl.name)
            name, version = whl.name.split("-")[:2]
            digest = hashlib.sha256(whl.read_bytes()).hexdigest()
            lines.append(f"{normalise(name)}=={version} --hash=sha256:{digest}  # {whl.name}")
        others = [p.name for p in Path(tmp).iterdir() if p.suffix != ".whl"]
    if bad or others:
        print(
            f"error: wheels not for {args.target} (above manylinux_2_{FLOOR[1]}) or no wheels: {bad + others}",
            file=sys.stderr,
        )
        return 1
    what = {
        "floor": ("the glibc-2.28 Linux build (packaging/build_floor.sh)", f"x86-64, manylinux <= 2_{FLOOR[1]}"),
        "windows": ("the Windows build (packaging/build_windows_wine.sh)", "win_amd64"),
    }[args.target]
    header = [
        f"# Every wheel of {what[0]}, pinned with hashes.",
        f"# Made by packaging/lock_wheels.py --target {args.target} for CPython {args.python_version}, {what[1]};",
        "# regenerate it when pyproject.toml's dependencies change (the floor build's `pip check` fails otherwise).",
        "# Requirements: " + "; ".join(reqs),
    ]
    # pip reads `--hash` options on a requirement line; the wheel's file name after `#` is for people.
    out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} wheels → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
