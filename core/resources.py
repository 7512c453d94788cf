"""Locate bundled data files, the same way from the source tree, a wheel or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """Return the folder that holds formats/, fonts/, samples/, icons/ and translations/.

    In the source tree and in an installed wheel the resources sit beside ``core``;
    in a PyInstaller bundle they are unpacked under ``sys._MEIPASS/nianbao/resources``.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "nianbao" / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("formats", "2021.json")``."""
    return resource_dir().joinpath(*parts)
