"""Where the machine's own fonts are: the official faces by file name, and extension fonts.

The official fonts (simfang.ttf, simsun.ttc, 方正小标宋 …) are found by file name in the
system and per-user font folders. Extension fonts cover the CJK extension blocks that the
official faces lack: on Windows SimSun-ExtB (simsunb.ttf) and its relatives, on Linux
whatever fontconfig lists for a character (asked only when no earlier font has it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

#: Official (proprietary) font files, by role; matched case-insensitively in the font folders.
SYSTEM_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "fang": (("simfang.ttf", 0), ("仿宋_gb2312.ttf", 0), ("fs_gb2312.ttf", 0)),
    "hei": (("simhei.ttf", 0),),
    "kai": (("simkai.ttf", 0), ("楷体_gb2312.ttf", 0), ("kaiti_gb2312.ttf", 0)),
    "song": (("simsun.ttc", 0), ("simsun.ttf", 0)),
    "title": (
        ("fzxbsjw.ttf", 0),
        ("方正小标宋简体.ttf", 0),
        ("fzxiaobiaosong-b05s.ttf", 0),
        ("方正小标宋_gbk.ttf", 0),
        ("fzxbsk.ttf", 0),
    ),
    "latin": (("times.ttf", 0), ("times new roman.ttf", 0), ("times_new_roman.ttf", 0), ("timesnewroman.ttf", 0)),
}
#: Extension fonts Windows ships (SimSun-ExtB, SimSun-ExtG, MingLiU-ExtB).
EXTENSION_FILES: tuple[tuple[str, int], ...] = (("simsunb.ttf", 0), ("simsunextg.ttf", 0), ("mingliub.ttc", 0))
FC_TIMEOUT = 5.0  # seconds for one fc-list call


def system_font_dirs() -> list[Path]:
    """Folders where the operating system and users install fonts."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), home / "Library" / "Fonts", Path("/System/Library/Fonts/Supplemental")]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local" / "share" / "fonts",
    ]


@lru_cache(maxsize=1)
def system_index() -> dict[str, Path]:
    """Lower-cased file name -> path, for the font files we look for."""
    wanted = {name for files in SYSTEM_FILES.values() for name, _ in files}
    wanted |= {name for name, _ in EXTENSION_FILES}
    found: dict[str, Path] = {}
    for folder in system_font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                low = name.lower()
                if low in wanted and low not in found:
                    found[low] = Path(root) / name
    return found


def official_file(role: str) -> tuple[Path, int] | None:
    """The installed official font file (and TTC index) for ``role``, if any."""
    index = system_index()
    for name, sub in SYSTEM_FILES.get(role, ()):
        path = index.get(name)
        if path is not None:
            return path, sub
    return None


def extension_files() -> list[tuple[Path, int]]:
    """Extension fonts found by name (Windows' SimSun-ExtB and relatives)."""
    index = system_index()
    return [(index[name], sub) for name, sub in EXTENSION_FILES if name in index]


@lru_cache(maxsize=512)
def fontconfig_files(char: str) -> tuple[tuple[Path, int], ...]:
    """TrueType files that fontconfig says cover ``char`` (none without fontconfig).

    Serif faces (宋体/明体 style) come first, then the rest in fontconfig's order.
    """
    if sys.platform in ("win32", "darwin"):
        return ()
    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    try:
        out = subprocess.run(
            [exe, "--format", "%{file}\t%{index}\t%{family}\n", f":charset={ord(char):x}"],
            capture_output=True,
            text=True,
            timeout=FC_TIMEOUT,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found: list[tuple[int, str, int]] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].lower().endswith((".ttf", ".ttc")):
            continue
        family = parts[2].lower() if len(parts) > 2 else ""
        serif = any(word in family for word in ("song", "ming", "serif", "宋", "明"))
        try:
            index = int(parts[1].split(",")[0] or 0)
        except ValueError:
            index = 0
        found.append((0 if serif else 1, parts[0], index))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return tuple((Path(path), index) for _, path, index in found)
