"""Every Python package folder is listed in pyproject.toml, so a wheel or sdist ships it."""

from __future__ import annotations

import pytest

from helpers import ROOT


def test_every_package_folder_is_installed():
    """A non-editable install (wheel, sdist) ships only the packages pyproject.toml lists."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {"core": "nianbao.core", "gui": "nianbao.gui", "resources": "nianbao.resources"}
    assert {config["package-dir"][name] for name in folders.values()} == set(folders)
    found = {
        ".".join((folders[init.relative_to(ROOT).parts[0]], *init.relative_to(ROOT).parts[1:-1]))
        for top in folders
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert "nianbao.core.importer" in found
    assert sorted(found - listed) == []
