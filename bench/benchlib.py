"""Shared helpers of the benchmark scripts: how to start ``nianbao``, time a process, summarise."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def nianbao_cmd() -> list[str]:
    """The installed ``nianbao`` entry point of this interpreter (not a version-manager shim)."""
    scripts = Path(sysconfig.get_path("scripts"))
    for name in ("nianbao", "nianbao.exe"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    return [sys.executable, "-m", "nianbao.core.cli"]


def child_env(cache_dir: str | None = None) -> dict[str, str]:
    """The environment of timed child processes.

    Bytecode writing is allowed (an installed program has its bytecode compiled; the warm-up
    run writes it), Qt draws offscreen unless a platform is set, and the PDF font-metrics
    cache goes to ``cache_dir`` when given.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if cache_dir is not None:
        env["NIANBAO_CACHE_DIR"] = cache_dir
    return env


@dataclass
class Run:
    """One finished child process."""

    seconds: float
    max_rss_mb: float | None  # peak resident set size, where the platform reports it
    returncode: int
    stdout: str
    stderr: str


def run_timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """Start ``cmd``, wait for it; wall time from start to exit and its peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        rss: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in KiB on Linux, in bytes on macOS.
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:
            proc.wait()
            seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(seconds, rss, proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"))


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(values: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def triple(values: list[float], digits: int = 3) -> str:
    """"median / min / max" of ``values``."""
    return " / ".join(f"{v:.{digits}f}" for v in summary(values))


def cpu_model() -> str:
    """The CPU model name (from /proc/cpuinfo on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    """The 1/5/15-minute load averages, or "n/a"."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def machine() -> str:
    """One line naming the machine and the software the numbers belong to."""
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu_model()}), "
            f"Python {platform.python_version()}")
