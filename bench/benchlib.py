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
    returncode: int
    stdout: str
    stderr: str


def run_timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """Start ``cmd`` and wait for it; wall time from start to exit.

    (No peak memory here: on Linux a child's ``ru_maxrss`` includes its parent's resident
    set at the fork, so children report their own, see :data:`PEAK_RSS`.)
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        returncode = subprocess.call(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(seconds, returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


#: Child-process code: ``peak_rss_mb()`` is the process's own peak resident set (VmHWM on
#: Linux; ``getrusage`` elsewhere, where it is not inherited), or None.
PEAK_RSS = """
def peak_rss_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
"""


def reported(stderr: str, tag: str) -> float | None:
    """The number a child wrote as a "TAG number" line, or None."""
    for line in stderr.splitlines():
        if line.startswith(tag + " "):
            word = line.split()[1]
            return None if word == "None" else float(word)
    return None


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(values: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(values), min(values), max(values)


def triple(values: list[float], digits: int = 3) -> str:
    """ "median / min / max" of ``values``."""
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
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu_model()}), "
        f"Python {platform.python_version()}"
    )
