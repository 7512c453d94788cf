"""Shared test set-up: offscreen Qt, sample paths, a fresh copy of the sample draft."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers import SAMPLE_DRAFT


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A writable copy of the seed township's 2020 sample draft."""
    dest = tmp_path / "seed-2020.json"
    shutil.copyfile(SAMPLE_DRAFT, dest)
    return dest
