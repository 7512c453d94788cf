"""Every Python package folder is found by setup.py, so a wheel or sdist ships it."""

from __future__ import annotations

import importlib.util

from helpers import ROOT


def _setup_module():
    spec = importlib.util.spec_from_file_location("nianbao_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)  # not __main__: setup() itself is not called
    return module


def test_every_package_folder_is_installed():
    """A non-editable install (wheel, sdist) ships only the packages setup.py finds."""
    setup = _setup_module()
    folders = {"core": "nianbao.core", "gui": "nianbao.gui", "resources": "nianbao.resources"}
    assert {setup.PACKAGE_DIRS[name] for name in folders.values()} == set(folders)
    found = {
        ".".join((folders[init.relative_to(ROOT).parts[0]], *init.relative_to(ROOT).parts[1:-1]))
        for top in folders
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "nianbao.core.importer" in found
    assert sorted(setup.discover()) == sorted(found)
