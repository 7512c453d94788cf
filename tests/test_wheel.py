"""A non-editable install works: build the wheel, install it in a fresh venv, run the command.

The editable install every developer uses maps ``nianbao.*`` onto the working tree, so a package
left out of the wheel (as ``nianbao.core.importer`` once was) goes unnoticed until a clerk's
``pip install .``. This test builds the wheel from a copy of the sources with pip (its isolated
build environment needs setuptools from the package index: skipped when that cannot be had),
installs it with ``--no-deps`` into a new venv that sees this environment's third-party packages
through a ``.pth`` file (nothing is downloaded for the install), and runs the installed ``nianbao``
command from a folder outside the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What the build needs from the repository (setup.py maps the folders onto ``nianbao.*``).
SOURCES = ("pyproject.toml", "setup.py", "README.md", "core", "gui", "resources")
#: pip's messages when its build environment cannot get setuptools (no index reachable).
OFFLINE_HINTS = ("Could not find a version that satisfies", "No matching distribution", "NewConnectionError")


def _packages_in(folder: Path, prefix: str) -> set[str]:
    return {
        ".".join([prefix, *p.parent.relative_to(folder).parts])
        for p in folder.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        if any(hint in result.stdout + result.stderr for hint in OFFLINE_HINTS):
            pytest.skip("pip cannot build the wheel here (no package index for setuptools)")
        pytest.fail(f"pip wheel failed:\n{result.stdout}\n{result.stderr}")
    (whl,) = out.glob("nianbao-*.whl")
    return whl


def test_wheel_holds_every_package_and_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {n.rsplit("/", 1)[0].replace("/", ".") for n in names if n.endswith("/__init__.py")}
    expected = (
        _packages_in(ROOT / "core", "nianbao.core")
        | _packages_in(ROOT / "gui", "nianbao.gui")
        | _packages_in(ROOT / "resources", "nianbao.resources")
    )
    assert "nianbao.core.importer" in expected  # the package the hand-written list once missed
    assert packages == expected
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".ts":
            assert f"nianbao/resources/{path.relative_to(ROOT / 'resources').as_posix()}" in names
    # Nothing but the one import package: no generic top-level names (core, gui, tests) installed.
    assert {n.split("/", 1)[0] for n in names} == {"nianbao", wheel.name.split("-py3")[0] + ".dist-info"}


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; third-party packages come from this environment."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # Only the folders are added: .pth files there (such as this tree's editable install) are not run.
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz-test-deps.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return venv


def _nianbao(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "nianbao"), *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_installed_command_checks_exports_and_imports(installed, tmp_path):
    code = "import nianbao.core, nianbao.core.importer as i; print(nianbao.core.__file__, i.__file__)"
    where = subprocess.check_output([installed / "bin" / "python", "-c", code], text=True, cwd=tmp_path)
    assert str(ROOT) not in where and where.count(str(installed)) == 2  # the wheel's copy, not this tree

    sample = installed.glob("lib/python*/site-packages/nianbao/resources/samples/seed-2020.json")
    sample = str(next(sample))
    result = _nianbao(installed, "check", sample, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "错误 0 个" in result.stdout  # the rules and text checks ran on the resources in the wheel

    for out in ("sample.csv", "sample.pdf"):
        result = _nianbao(installed, "export", sample, "-o", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "sample.csv").read_text(encoding="utf-8-sig").startswith("table,row,column")
    assert (tmp_path / "sample.pdf").read_bytes()[:5] == b"%PDF-"

    html = ROOT / "tests" / "data" / "import" / "report-2021-format.html"
    result = _nianbao(installed, "import", str(html), "-o", "from-html.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已导入" in result.stdout
    result = _nianbao(installed, "import", "sample.pdf", "-o", "from-pdf.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = _nianbao(installed, "check", "from-pdf.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
