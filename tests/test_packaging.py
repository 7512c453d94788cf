"""Fast, static checks of the installer definitions in packaging/ (no PyInstaller build here).

The full pipeline (bundle → .deb → dpkg -i → run) is ``packaging/test_installed.sh``.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


bc = _load("bundle_contents")


def _source_files() -> list[Path]:
    return [p for folder in ("core", "gui") for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts]


# --- what the spec collects --------------------------------------------------------------------


def test_every_qt_module_the_app_imports_is_kept():
    used = set()
    for path in _source_files():
        used |= set(re.findall(r"\bPySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "the GUI imports no Qt module?"
    assert used <= set(bc.QT_MODULES_USED), f"add to QT_MODULES_USED: {sorted(used - set(bc.QT_MODULES_USED))}"
    excluded = set(bc.excluded_modules())
    assert not {f"PySide6.{m}" for m in used} & excluded


def test_heavy_qt_modules_are_excluded():
    excluded = set(bc.excluded_modules())
    for module in ("QtQml", "QtQuick", "QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtNetwork", "QtPdf"):
        assert f"PySide6.{module}" in excluded
    assert not set(bc.QT_MODULES_USED) & set(bc.QT_MODULES_EXCLUDED)


def test_modules_loaded_with_importlib_are_hidden_imports():
    """The CLI and the window load some modules by name; PyInstaller cannot see those imports."""
    names = set(bc.app_modules(ROOT))
    dynamic = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        dynamic |= set(re.findall(r"import_module\(\s*\"(nianbao\.[\w.]+)\"", text))
        dynamic |= set(re.findall(r"^\w*MODULE\s*=\s*\"(nianbao\.[\w.]+)\"", text, re.MULTILINE))
    assert {"nianbao.core.pdf_export", "nianbao.gui.app"} <= dynamic
    assert dynamic <= names
    assert "nianbao.core.cli" in names and "nianbao.core.pdf.fonts" in names


def test_resources_are_collected_where_the_frozen_app_looks(tmp_path, monkeypatch):
    """Lay the data files out as the spec tells PyInstaller, then load them as the frozen app does."""
    pairs = bc.resource_datas(ROOT)
    for src, dest in pairs:
        target = tmp_path / dest
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target / Path(src).name)
    collected = {Path(dest, Path(src).name).as_posix() for src, dest in pairs}
    assert not any(name.endswith(".ts") for name in collected)
    for needed in (
        "formats/2021.json",
        "formats/2019.json",
        "samples/seed-2020.json",
        "levels.json",
        "translations/nianbao_zh_CN.qm",
        "icons/nianbao.svg",
        "fonts/FandolFang-Regular.ttf",
        "fonts/wqy-microhei.ttc",
    ):
        assert f"{bc.RESOURCE_DEST}/{needed}" in collected

    from nianbao.core import draft, resources
    from nianbao.core.formats import FormatRegistry

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_dir() == tmp_path / bc.RESOURCE_DEST
    registry = FormatRegistry.from_dir(resources.resource_path("formats"))
    assert {"2019", "2021"} <= set(registry.ids())
    sample = resources.resource_path("samples", "seed-2020.json")
    assert sample.is_relative_to(tmp_path)
    assert draft.load(sample).year == 2020


def test_qt_pruning_rules():
    keep = bc.keep_in_bundle
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qt_help_zh_CN.qm")
    assert keep("PySide6\\translations\\qtbase_zh_CN.qm")  # Windows wheel layout
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert keep("PySide6\\plugins\\platforms\\qwindows.dll")
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland-egl.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqminimalegl.so")
    assert not keep("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert keep("PySide6/Qt/plugins/imageformats/libqsvg.so")
    assert not keep("PySide6/Qt/plugins/imageformats/libqpdf.so")
    assert keep("PySide6/Qt/plugins/iconengines/libqsvgicon.so")
    assert keep("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so")
    assert not keep("PySide6/Qt/lib/libQt6Quick.so.6")
    assert keep("PySide6\\Qt6Core.dll")  # no DLL is dropped by name (nothing to test that on)
    assert keep("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert keep("nianbao/resources/fonts/FandolFang-Regular.ttf")


def test_trimmed_files_and_modules():
    keep = bc.keep_in_bundle
    for name in ("UniGB-UCS2-H", "GBK-EUC-H", "GBTpc-EUC-V", "to-unicode-Adobe-GB1"):
        assert keep(f"pdfminer/cmap/{name}.json.gz"), name
    for name in ("UniJIS-UCS2-H", "UniKS-UCS2-H", "UniCNS-UCS2-H", "B5pc-H", "H", "to-unicode-Adobe-Japan1"):
        assert not keep(f"pdfminer/cmap/{name}.json.gz"), name
    assert keep("pdfminer/cmap/README.txt")  # the maps' licence
    assert not keep("PySide6\\opengl32sw.dll") and not keep("PySide6\\Qt6Network.dll")
    assert keep("PySide6\\Qt6Widgets.dll") and keep("PySide6\\Qt6PrintSupport.dll")
    excluded = set(bc.excluded_modules())
    assert {"ssl", "_ssl", "_hashlib", "lxml.objectify", "PIL._avif", "PIL._webp", "PIL.ImageCms"} <= excluded
    # Nothing the app imports is excluded (its own source and the third-party packages it calls).
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert not any(name == x or name.startswith(x + ".") for x in excluded), (path, name)


def test_hashes_the_app_uses_work_without_openssl():
    """The bundle leaves out _hashlib (OpenSSL): hashlib must still give what core/pdf uses."""
    code = "import sys; sys.modules['_hashlib'] = None; import hashlib; print(hashlib.sha1(b'x').hexdigest())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "11f6ad8ec52a2984abaafd7c3b516503785c2072"


def test_kept_qt_plugins_exist_in_the_installed_pyside6():
    """The keep-lists name real files of the pinned PySide6 (a rename would silently drop them)."""
    import PySide6

    base = Path(PySide6.__file__).parent
    plugins = next((p for p in (base / "Qt" / "plugins", base / "plugins") if p.is_dir()), None)
    if plugins is None:
        pytest.skip("PySide6 has no plugins folder here")
    names = {f.name.split(".", 1)[0].removeprefix("lib") for f in plugins.rglob("*") if f.is_file()}
    native = "qwindows" if sys.platform == "win32" else "qxcb"
    assert {native, "qoffscreen", "qsvg", "qico", "qsvgicon"} <= names
    qm = base / "Qt" / "translations" / "qtbase_zh_CN.qm"
    if (base / "Qt" / "translations").is_dir():
        assert qm.is_file()


def test_translations_kept_are_the_ones_the_window_loads():
    text = (ROOT / "gui" / "translations.py").read_text(encoding="utf-8")
    assert '"qtbase"' in text
    assert "qtbase_zh_CN.qm" in bc.QT_TRANSLATIONS_KEPT


def test_system_libraries_left_to_the_target():
    system = bc.is_system_library
    for name in (
        "libstdc++.so.6",
        "libX11.so.6",
        "libxcb-icccm.so.4",
        "libfontconfig.so.1",
        "libglib-2.0.so.0",
        "libxkbcommon-x11.so.0",
        "libdbus-1.so.3",
        "libzstd.so.1",
        "libcups.so.2",  # Qt's print support: the system's CUPS client (and its TLS stack)
    ):
        assert system(name), name
    # Bundled: Qt 6 needs xcb-cursor, which Qt 5 desktops lack; Python's own libraries differ by release.
    for name in (
        "libxcb-cursor.so.0",
        "libxcb-util.so.1",
        "libssl.so.3",
        "libffi.so.8",
        "libpython3.11.so.1.0",
        "libQt6Core.so.6",
        "libicudata.so.73",
    ):
        assert not system(name), name


def test_unlinked_dependency_libraries_are_dropped():
    toc = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/venv/PySide6/Qt/plugins/platforms/libqxcb.so", "BINARY"),
        ("PySide6/QtCore.abi3.so", "/venv/PySide6/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/venv/PySide6/Qt/lib/libQt6XcbQpa.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/venv/PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "/venv/PySide6/Qt/lib/libQt6Network.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY"),
        ("pdfium/libpdfium.so", "/venv/pdfium/libpdfium.so", "BINARY"),  # opened with ctypes: kept
        ("nianbao/resources/levels.json", "/src/resources/levels.json", "DATA"),
    ]
    links = {
        "/venv/PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6", "libc.so.6"],
        "/venv/PySide6/Qt/lib/libQt6XcbQpa.so.6": ["libQt6Core.so.6", "libxcb-cursor.so.0"],
        "/venv/PySide6/QtCore.abi3.so": ["libQt6Core.so.6"],
        "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0": ["libQt6Network.so.6"],
    }
    kept = {entry[0] for entry in bc.drop_unlinked(toc, lambda src: links.get(src, []))}
    assert kept == {e[0] for e in toc} - {"PySide6/Qt/lib/libQt6Network.so.6", "libgtk-3.so.0"}


def test_spec_is_valid_python_and_uses_the_shared_lists():
    text = (PACKAGING / "nianbao.spec").read_text(encoding="utf-8")
    ast.parse(text)
    for name in (
        "bc.resource_datas",
        "bc.app_modules",
        "bc.excluded_modules",
        "bc.prune",
        "nianbao_main.py",
        "COLLECT",
        "upx=False",
    ):
        assert name in text


def test_frozen_entry_script_runs_the_cli():
    out = subprocess.run(
        [sys.executable, str(PACKAGING / "nianbao_main.py"), "--version"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    from nianbao.core import __version__

    assert out.stdout.strip() == f"nianbao {__version__}"


def test_frozen_entry_script_survives_a_windowed_build_without_streams(tmp_path):
    """A windowed Windows exe has sys.stdout/stderr = None; errors must still end in exit code 2."""
    code = (
        "import runpy, sys; sys.stdout = None; sys.stderr = None; "
        f"sys.argv = ['nianbao', 'check', {str(tmp_path / 'missing.json')!r}]; "
        f"runpy.run_path({str(PACKAGING / 'nianbao_main.py')!r}, run_name='__main__')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "ascii"])
def test_cli_survives_a_console_without_chinese(encoding, sample_path, tmp_path):
    """A Windows console or pipe with a Western code page (or an ASCII locale) cannot encode Chinese.

    Messages are escaped instead of crashing with UnicodeEncodeError (the frozen build under a
    non-Chinese code page exited 3 after its work was done).
    """
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    run = [sys.executable, str(PACKAGING / "nianbao_main.py")]
    out = subprocess.run([*run, "check", str(sample_path)], capture_output=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr.decode(encoding, "replace")
    assert "\\u9519\\u8bef 0 \\u4e2a" in out.stdout.decode(encoding)  # 错误 0 个, escaped
    out = subprocess.run(
        [*run, "export", str(sample_path), "-o", str(tmp_path / "a.csv")], capture_output=True, env=env, timeout=60
    )
    assert out.returncode == 0 and (tmp_path / "a.csv").is_file()
    out = subprocess.run([*run, "check", str(tmp_path / "missing.json")], capture_output=True, env=env, timeout=60)
    assert out.returncode == 2  # the error message itself is escaped too, not a second failure
    assert b"Traceback" not in out.stderr and b"\\u627e\\u4e0d\\u5230" in out.stderr  # 找不到


def test_frozen_program_runs_in_utf8_mode():
    text = (PACKAGING / "nianbao.spec").read_text(encoding="utf-8")
    assert 'RUN_OPTIONS = [("X utf8", None, "OPTION")]' in text  # "X utf8_mode=1" is ignored (measured)
    assert text.count("pyz, a.scripts, RUN_OPTIONS,") == 2  # both Windows programs


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
        ({"QT_IM_MODULE": "fcitx5"}, {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
        ({"XMODIFIERS": "@im=fcitx"}, {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}),
        ({"QT_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "ibus"}),  # a real IBus desktop: untouched
        ({"QT_IM_MODULE": "xim", "XMODIFIERS": "@im=fcitx"}, {"QT_IM_MODULE": "xim", "XMODIFIERS": "@im=fcitx"}),
        ({}, {}),
    ],
)
def test_frozen_program_reaches_fcitx_through_its_ibus_frontend(environ, expected):
    main = _load("nianbao_main")
    env = dict(environ)
    main._fcitx_through_ibus(env, "linux")
    assert env == expected
    env = dict(environ)
    main._fcitx_through_ibus(env, "win32")  # Windows has its own input methods
    assert env == environ


# --- Linux package -----------------------------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / "nianbao.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert re.search(r"[\u4e00-\u9fff]", entry["Name"]), "the menu name is Chinese"
    assert entry["Name[zh_CN]"] == entry["Name"]
    assert entry["Exec"] == "nianbao %f"
    assert entry["Icon"] == "nianbao"
    assert entry["Terminal"] == "false"
    assert "Office;" in entry["Categories"]
    # Drafts are *.json: a MIME type for them would claim every JSON file on the machine.
    assert "MimeType" not in entry


def test_desktop_entry_validates():
    tool = shutil.which("desktop-file-validate")
    if not tool:
        pytest.skip("desktop-file-validate (Debian: desktop-file-utils) not installed")
    out = subprocess.run([tool, str(PACKAGING / "linux" / "nianbao.desktop")], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout


def test_icons_for_the_menu_and_windows():
    icons = ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        data = (icons / f"nianbao-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)
    ico = (icons / "nianbao.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    for i in range(count):
        width, _h, _c, _r, _p, bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        blob = ico[offset : offset + length]
        assert bits == 32 and len(blob) == length
        if width == 0:  # 256 px: PNG
            assert blob[:4] == b"\x89PNG"
        else:  # smaller: a BITMAPINFOHEADER (NSIS refuses icons made only of PNG entries)
            assert struct.unpack("<I", blob[:4])[0] == 40


def test_build_script_syntax_and_declared_dependencies():
    script = PACKAGING / "build_linux.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    depends = re.search(r'DEPENDS_FIXED="([^"]+)"', text, re.S).group(1)
    packages = {p.strip() for p in re.split(r"[,|]", depends.replace("\\\n", " "))}
    for package in (
        "libegl1",
        "libgl1",
        "libxkbcommon-x11-0",
        "libxcb-icccm4",
        "libfontconfig1",
        "libstdc++6",
        "libcups2",
    ):
        assert package in packages
    # Bundled instead (see bundle_contents.SYSTEM_LIBRARIES): offline dpkg -i could not fetch it.
    assert "libxcb-cursor0" not in packages
    subprocess.run(["bash", "-n", str(PACKAGING / "test_installed.sh")], check=True)


def test_release_build_scripts_parse():
    for script in ("build_floor.sh", "floor/build_python.sh", "build_windows_wine.sh", "test_windows_wine.sh"):
        subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)
    floor = (PACKAGING / "build_floor.sh").read_text(encoding="utf-8")
    # The floor build runs build_linux.sh's glibc gate at 2.28 with the locked wheels.
    assert "NIANBAO_MAX_GLIBC=2.28" in floor and "requirements-floor.txt" in floor
    assert "ac_cv_func_sem_clockwait=no" in (PACKAGING / "floor" / "build_python.sh").read_text(encoding="utf-8")


def test_glibc228_header_pins_the_maths_functions():
    text = (PACKAGING / "floor" / "glibc228.h").read_text(encoding="utf-8")
    pinned = set(re.findall(r'__asm__\("\.symver (\w+),\1@GLIBC_2\.2\.5"\);', text))
    assert pinned == {"exp", "log", "pow", "exp2", "log2"}


def _lock(name: str) -> dict[str, tuple[str, str]]:
    """``{normalised name: (version, wheel file name)}`` of a lock file; every line hash-pinned."""
    entries = {}
    for line in (PACKAGING / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-z0-9-]+)==(\S+) --hash=sha256:[0-9a-f]{64}  # (\S+\.whl)", line)
        assert match, line
        entries[match.group(1)] = (match.group(2), match.group(3))
    return entries


@pytest.mark.parametrize("name", ["requirements-floor.txt", "requirements-windows.txt"])
def test_lock_files_pin_every_dependency_with_a_compatible_wheel(name):
    from packaging.requirements import Requirement

    lock_wheels = _load("lock_wheels")
    target = name.removeprefix("requirements-").removesuffix(".txt")
    entries = _lock(name)
    for req in map(Requirement, lock_wheels.requirements()):
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        assert key in entries, f"{req.name} missing from {name}: run packaging/lock_wheels.py --target {target}"
        assert req.specifier.contains(entries[key][0], prereleases=True), (req, entries[key])
    for _version, wheel in entries.values():
        floor = lock_wheels.wheel_floor(wheel, target)
        assert floor is not None and floor <= lock_wheels.FLOOR, wheel  # manylinux <= 2_28 / win_amd64 or pure


def test_glibc_floor_script(tmp_path):
    if not shutil.which("objdump"):
        pytest.skip("objdump (binutils) not installed")
    elf = Path(sys.executable).resolve()
    if elf.read_bytes()[:4] != b"\x7fELF":
        pytest.skip("not an ELF system")
    shutil.copy2(elf, tmp_path / "python")
    floor = _load("glibc_floor")
    needs = floor.scan(tmp_path)
    assert list(needs) == [tmp_path / "python"]
    assert needs[tmp_path / "python"] >= (2, 2)
    assert floor.main([str(tmp_path), "--max", "99.0"]) == 0
    assert floor.main([str(tmp_path), "--max", "2.0"]) == 1


# --- Windows installer ---------------------------------------------------------------------------


def test_nsis_script_compiles_against_a_stand_in_bundle(tmp_path):
    makensis = shutil.which("makensis")
    if not makensis:
        pytest.skip("makensis (Debian: nsis) not installed")
    bundle = tmp_path / "nianbao"
    (bundle / "_internal" / "nianbao" / "resources").mkdir(parents=True)
    (bundle / "nianbao.exe").write_bytes(b"MZ stand-in")
    (bundle / "nianbao-cli.exe").write_bytes(b"MZ stand-in")
    (bundle / "_internal" / "nianbao" / "resources" / "levels.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "setup.exe"
    result = subprocess.run(
        [
            makensis,
            "-V2",
            f"-DBUNDLE_DIR={bundle}",
            "-DVERSION=0.1.0",
            f"-DOUTFILE={out}",
            str(PACKAGING / "windows" / "nianbao.nsi"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_nsis_script_installs_per_user_in_chinese():
    text = (PACKAGING / "windows" / "nianbao.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    assert "$LOCALAPPDATA\\Programs\\nianbao" in text
    assert "$SMPROGRAMS\\" in text and "$DESKTOP\\" in text and "WriteUninstaller" in text
    assert "HKLM" not in text  # nothing that needs administrator rights
    # The uninstaller never deletes the install folder recursively (the user may have chosen a shared one).
    assert 'RMDir /r "$INSTDIR"' not in text
