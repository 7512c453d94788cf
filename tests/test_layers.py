"""The layers: ``core/`` never imports Qt or ``nianbao.gui`` (docs/architecture.md).

Checked twice: statically (every import statement and every ``importlib.import_module`` /
``__import__`` call in every file under ``core/``), and by running the command line's work in a
fresh interpreter and looking at what it loaded. The one exception is the window's own start:
``core/cli.py`` ``run_gui`` imports ``nianbao.gui.app`` by name, only when the window is asked for.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE_DRAFT

CORE = ROOT / "core"
#: Top-level names of the Qt bindings, and the window's package (installed and as a folder).
FORBIDDEN = ("PySide6", "shiboken6", "PySide2", "PyQt5", "PyQt6", "nianbao.gui", "gui")
#: (file under core/, enclosing function, module): the documented way into the window.
#: export.py's Writer.load imports the writer named in its WRITERS table: every such name is checked
#: below to be a core module.
ALLOWED = {("cli.py", "run_gui", "nianbao.gui.app"), ("export.py", "load", "<computed>")}
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


def module_name(path: Path) -> str:
    """``core/importer/tables.py`` -> ``nianbao.core.importer.tables``."""
    parts = path.relative_to(CORE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("nianbao", "core", *parts))


def imports(source: str, module: str, is_package: bool) -> Iterator[tuple[str, str, int]]:
    """(imported module, enclosing function, line) for every import in ``source``.

    Relative imports are resolved against ``module``; a dynamic import whose name is not a
    string literal yields ``"<computed>"`` (the check cannot see where it leads).
    """
    package = module if is_package else module.rpartition(".")[0]
    tree = ast.parse(source)

    def walk(node: ast.AST, function: str) -> Iterator[tuple[str, str, int]]:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, function, child.lineno
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base_parts = package.split(".")
                    base = ".".join(base_parts[: len(base_parts) - (child.level - 1)])
                    target = f"{base}.{child.module}" if child.module else base
                else:
                    target = child.module or ""
                yield target, function, child.lineno
                for alias in child.names:  # ``from .. import gui`` imports a submodule
                    yield f"{target}.{alias.name}", function, child.lineno
            elif isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in DYNAMIC_IMPORTERS:
                    arg = child.args[0] if child.args else None
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield arg.value, function, child.lineno
                    else:
                        yield "<computed>", function, child.lineno
            yield from walk(child, inner)

    yield from walk(tree, "<module>")


def is_forbidden(target: str) -> bool:
    return target == "<computed>" or any(target == f or target.startswith(f + ".") for f in FORBIDDEN)


def violations(path: Path, source: str) -> list[str]:
    """Forbidden imports in one file under ``core/``, as "file:line function imports X"."""
    rel = path.relative_to(CORE).as_posix()
    found = []
    for target, function, line in imports(source, module_name(path), path.name == "__init__.py"):
        if is_forbidden(target) and (rel, function, target) not in ALLOWED:
            found.append(f"core/{rel}:{line} {function} imports {target}")
    return found


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_core_files_import_neither_qt_nor_the_window():
    files = core_files()
    assert len(files) > 30 and CORE / "importer" / "tables.py" in files  # the walk really found core/
    problems = [v for path in files for v in violations(path, path.read_text(encoding="utf-8"))]
    assert problems == []


def test_the_writers_table_names_only_core_modules():
    """What export.py's one computed import can reach: the core's own writers, nothing else."""
    from nianbao.core.export import WRITERS

    for writer in WRITERS.values():
        assert writer.module.startswith("nianbao.core.") and not is_forbidden(writer.module)
        assert callable(writer.load())


def test_the_one_exception_is_where_it_is_documented():
    """If run_gui changes, ALLOWED must change with it (and docs/architecture.md)."""
    cli = CORE / "cli.py"
    found = {
        (target, function)
        for target, function, _ in imports(cli.read_text(encoding="utf-8"), "nianbao.core.cli", False)
        if is_forbidden(target)
    }
    assert found == {("nianbao.gui.app", "run_gui")}


@pytest.mark.parametrize(
    ("rel", "source", "expected"),
    [
        ("rules.py", "from PySide6.QtCore import QObject", "PySide6.QtCore"),
        ("rules.py", "import shiboken6", "shiboken6"),
        ("rules.py", "from ..gui import table_model", "nianbao.gui"),
        ("rules.py", "from .. import gui", "nianbao.gui"),
        ("importer/meta.py", "from ...gui.app import main", "nianbao.gui.app"),
        ("rules.py", "def f():\n    import nianbao.gui.document", "nianbao.gui.document"),
        ("rules.py", "import importlib\nimportlib.import_module('PySide6.QtGui')", "PySide6.QtGui"),
        ("rules.py", "__import__('nianbao.gui')", "nianbao.gui"),
        ("rules.py", "from importlib import import_module\nimport_module(name)", "<computed>"),
        # the exception holds only inside run_gui of cli.py
        ("cli.py", "import importlib\nimportlib.import_module('nianbao.gui.app')", "nianbao.gui.app"),
        ("pdf_export.py", "def run_gui():\n    __import__('nianbao.gui.app')", "nianbao.gui.app"),
    ],
)
def test_the_check_finds_each_way_of_importing(rel, source, expected):
    found = violations(CORE / rel, source)
    assert any(v.endswith(f"imports {expected}") for v in found), found


def test_the_check_lets_core_imports_pass():
    source = "from ..formats import Format\nfrom . import tokens\nimport importlib\nimportlib.import_module('nianbao.core.pdf_export')"
    assert violations(CORE / "importer" / "meta.py", source) == []
    allowed = "import importlib\ndef run_gui():\n    return importlib.import_module('nianbao.gui.app')"
    assert violations(CORE / "cli.py", allowed) == []


RUN_CORE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    from pathlib import Path

    import nianbao.core
    from nianbao.core.cli import main

    tmp, sample, html = (Path(a) for a in sys.argv[1:4])
    modules = [m.name for m in pkgutil.walk_packages(nianbao.core.__path__, "nianbao.core.")]
    for name in modules:
        importlib.import_module(name)
    codes = {
        "new": main(["new", "--year", "2023", "--agency", "某局", "-o", str(tmp / "new.json")]),
        "check": main(["check", str(sample), "--json"]),
        "csv": main(["export", str(sample), "-o", str(tmp / "out.csv")]),
        "pdf": main(["export", str(sample), "-o", str(tmp / "out.pdf")]),
        "import": main(["import", str(html), "-o", str(tmp / "imported.json")]),
        "audit": main(["audit", str(html), "--csv", str(tmp / "audit.csv")]),
    }
    qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6"} or m.startswith("nianbao.gui"))
    (tmp / "result.json").write_text(json.dumps({"modules": modules, "codes": codes, "qt": qt}))
    """
)


def test_the_core_at_work_loads_no_qt(tmp_path):
    html = ROOT / "tests" / "data" / "import" / "report-2021-format.html"
    env = dict(os.environ, NIANBAO_CACHE_DIR=str(tmp_path / "cache"), NIANBAO_DATA_DIR=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(
        [sys.executable, "-c", RUN_CORE, str(tmp_path), str(SAMPLE_DRAFT), str(html)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "result.json").read_text())
    assert {"nianbao.core.pdf_export", "nianbao.core.importer.pdf_source", "nianbao.core.pdf.fonts"} <= set(
        result["modules"]
    )
    assert result["codes"] == {"new": 0, "check": 0, "csv": 0, "pdf": 0, "import": 0, "audit": 0}, proc.stderr
    for name in ("new.json", "out.csv", "out.pdf", "imported.json", "audit.csv"):
        assert (tmp_path / name).stat().st_size > 0
    assert result["qt"] == []
