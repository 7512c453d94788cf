"""What goes into the frozen bundle, as plain data: read by ``nianbao.spec`` and by the tests.

Kept free of PyInstaller imports so ``tests/test_packaging.py`` can check the lists quickly.
Paths in a bundle ("destination names") use ``/`` here; Windows names are normalised first.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

#: Where the resources land inside the bundle; ``core/resources.py`` looks exactly there
#: (``sys._MEIPASS / "nianbao" / "resources"``).
RESOURCE_DEST = "nianbao/resources"
#: Resource files that are sources of other files, not needed at run time.
RESOURCE_SKIP_SUFFIXES = (".ts", ".py", ".pyc")
#: The app's own Python packages (folder in the repository → import name).
APP_PACKAGES = {"core": "nianbao.core", "gui": "nianbao.gui"}

#: Third-party distributions whose metadata (with their licence files) goes into the bundle.
RUNTIME_DISTRIBUTIONS = (
    "PySide6_Essentials",
    "shiboken6",
    "reportlab",
    "rl_accel",
    "pillow",
    "charset-normalizer",
    "python-docx",
    "lxml",
    "typing_extensions",
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "XlsxWriter",
    "openpyxl",
    "et_xmlfile",
    "cryptography",
    "cffi",
)

#: The Qt bindings the app imports. Everything else in PySide6-Essentials is excluded below;
#: ``tests/test_packaging.py`` fails if the source starts importing a module not listed here.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")
#: PySide6 modules never imported by the app (Essentials plus the Addons, in case the build
#: environment has the full ``PySide6``). Excluding them also keeps their Qt libraries,
#: plugins, QML files and translations out of the bundle.
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
#: Python modules the app never needs at run time (GUI toolkits, test and doc tools, build tools).
PY_MODULES_EXCLUDED = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "unittest",
    "doctest",
    "pdb",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "setuptools",
    "pkg_resources",
    "pip",
    "distutils",
    "PyInstaller",
    "numpy",
    "matplotlib",
    "IPython",
    "PyQt5",
    "PyQt6",
    "PySide2",
    # The program never uses the network: no TLS (Python's ssl and OpenSSL: libssl, libcrypto;
    # urllib and http.client import ssl only if it is there, hashlib falls back to its built-in
    # hashes). cryptography, which pdfminer needs for encrypted PDFs, carries its own OpenSSL.
    "ssl",
    "_ssl",
    "_hashlib",
    # lxml's objectify API (python-docx uses lxml.etree only).
    "lxml.objectify",
    # Pillow's codecs and bindings nothing here uses (ReportLab embeds PNG/JPEG images through
    # the core module; the importer reads text): AVIF, WebP, colour management (lcms2),
    # FreeType text rendering, Tk and Qt bindings. Pillow imports each of them only when asked.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL.ImageCms",
    "PIL._imagingcms",
    "PIL._imagingft",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL.ImageQt",
)


def excluded_modules() -> list[str]:
    """The ``excludes`` list for PyInstaller's Analysis."""
    return [f"PySide6.{name}" for name in QT_MODULES_EXCLUDED] + list(PY_MODULES_EXCLUDED)


def app_modules(root: Path) -> list[str]:
    """Every module of the app, by import name (``nianbao.core.cli`` …).

    They are passed as hidden imports because the CLI loads the PDF writer and the window
    with ``importlib.import_module`` (so that ``--version`` and CSV export start fast).
    """
    names: list[str] = []
    for folder, package in APP_PACKAGES.items():
        base = root / folder
        for path in sorted(base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            names.append(".".join([package, *parts]))
    return names


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """``(source file, destination folder)`` pairs for every run-time resource file."""
    base = root / "resources"
    pairs: list[tuple[str, str]] = []
    for path in sorted(base.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in RESOURCE_SKIP_SUFFIXES:
            continue
        dest = PurePosixPath(RESOURCE_DEST, *path.parent.relative_to(base).parts)
        pairs.append((str(path), str(dest)))
    return pairs


# --- pruning of what PyInstaller's Qt hooks collect -----------------------------------------

#: Qt's own translations: only the Simplified Chinese catalogue of the Qt modules we use.
QT_TRANSLATIONS_KEPT = ("qtbase_zh_CN.qm",)
#: Platform plugins kept, by plugin name: X11, Windows, and the offscreen/minimal ones
#: used for the smoke test. Wayland sessions use X11 through XWayland; EGLFS, LinuxFB and
#: VNC are for embedded devices.
QT_PLATFORMS_KEPT = ("qxcb", "qwindows", "qoffscreen", "qminimal")
#: Image formats kept, by plugin name: the app only loads its own SVG icon (ICO for Windows).
QT_IMAGEFORMATS_KEPT = ("qsvg", "qico")
#: Plugin folders dropped as a whole.
QT_PLUGIN_TYPES_DROPPED = (
    # GTK and desktop-portal themes would pull the build machine's GTK into the bundle.
    "platformthemes",
    # evdev/TUIO input for framebuffer devices (TUIO also needs QtNetwork).
    "generic",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
    "egldeviceintegrations",
    "networkinformation",
    "tls",
    "qmltooling",
    "sqldrivers",
    "designer",
)
#: Linux libraries only the dropped plugins need (Qt's, or the build machine's pulled in through
#: them). ``drop_unlinked`` would find them too; naming them keeps the intent readable. On Windows
#: no DLL is dropped by name (see ``nianbao.spec``).
LIBRARIES_DROPPED = (
    r"libQt6WaylandClient\.so.*",
    r"libQt6WaylandEglClientHwIntegration\.so.*",
    r"libQt6WlShellIntegration\.so.*",
    r"libQt6EglFSDeviceIntegration\.so.*",
    r"libQt6EglFsKmsSupport\.so.*",
    r"libQt6EglFsKmsGbmSupport\.so.*",
    r"libQt6Pdf\.so.*",
    r"libQt6Qml.*\.so.*",
    r"libQt6Quick.*\.so.*",
    r"libQt6Network\.so.*",
    r"libwayland-.*\.so.*",
    r"libgtk-3\.so.*",
    r"libgdk-3\.so.*",
)
_LIBRARIES_DROPPED_RE = re.compile("|".join(f"(?:{p})" for p in LIBRARIES_DROPPED))


def _plugin_name(file_name: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` → ``qxcb`` / ``qwindows``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


#: pdfminer's CMaps (character codes → CIDs for CJK fonts) kept: the Simplified Chinese ones
#: (GB*, UniGB*, Adobe-GB1's ToUnicode); the Japanese, Korean and Traditional Chinese maps (5.5
#: of 7.5 MiB) are dropped. A PDF that needs one of those is read without that font's text.
PDFMINER_CMAPS_KEPT = re.compile(
    r"(?:(?:GB[A-Za-z0-9]*|UniGB)-[A-Za-z0-9-]+|to-unicode-Adobe-GB1)\.json\.gz|README\.txt"
)
#: Windows: Qt's software OpenGL (Mesa llvmpipe, 20 MiB), a fallback for OpenGL/Quick content on PCs
#: without a GPU driver (Qt Widgets paint with the raster engine and never load it), and Qt6Network
#: (1.7 MiB), which PyInstaller's Qt hooks collect with QtPrintSupport although nothing links it
#: (only the dropped TLS/network-information plugins would). build_windows_wine.sh checks that no
#: file of the bundle imports a dropped DLL.
WINDOWS_FILES_DROPPED = ("opengl32sw.dll", "qt6network.dll")


def keep_in_bundle(dest_name: str) -> bool:
    """Whether a file PyInstaller collected (by its destination name) stays in the bundle."""
    path = PurePosixPath(dest_name.replace("\\", "/"))
    parts = path.parts
    name = path.name
    if parts[:2] == ("pdfminer", "cmap"):
        return bool(PDFMINER_CMAPS_KEPT.fullmatch(name))
    if name.lower() in WINDOWS_FILES_DROPPED:
        return False
    if "translations" in parts and name.endswith(".qm") and parts[0] == "PySide6":
        return name in QT_TRANSLATIONS_KEPT
    if "plugins" in parts and parts[0] == "PySide6":
        at = parts.index("plugins")
        plugin_type = parts[at + 1] if at + 2 < len(parts) else ""
        if plugin_type in QT_PLUGIN_TYPES_DROPPED:
            return False
        if plugin_type == "platforms":
            return _plugin_name(name) in QT_PLATFORMS_KEPT
        if plugin_type == "imageformats":
            return _plugin_name(name) in QT_IMAGEFORMATS_KEPT
        return True
    return not _LIBRARIES_DROPPED_RE.fullmatch(name)


def prune(toc: list[tuple]) -> list[tuple]:
    """A PyInstaller TOC (``(dest_name, src, typecode)`` entries) without the pruned files."""
    return [entry for entry in toc if keep_in_bundle(entry[0])]


# --- Linux: which shared libraries come from the target system -----------------------------

#: Libraries taken from the target system, not from the build machine: the C++ runtime (a
#: bundled older libstdc++ breaks newer Mesa drivers), the X11/xcb/xkb stack, OpenGL/EGL,
#: fontconfig/freetype, GLib and D-Bus. Every Debian-based desktop with a Qt 5 desktop
#: (UOS DDE, Kylin UKUI) has all of them; ``packaging/build_linux.sh`` declares their
#: packages in the .deb's Depends and checks that the list is complete.
#: Not listed, so bundled: libxcb-cursor (Qt 6 needs it, Qt 5 desktops often lack it, and an
#: offline ``dpkg -i`` cannot fetch it) and its libxcb-util.so.1 (Debian 10 has only .so.0),
#: plus Python's own libssl/libcrypto/libffi/liblzma/libbz2 (versions differ between releases).
SYSTEM_LIBRARIES = (
    r"libstdc\+\+\.so\.6",
    r"libgcc_s\.so\.1",
    r"libz\.so\.1",
    r"libzstd\.so\.1",
    r"libexpat\.so\.1",
    r"libX11\.so\.6",
    r"libX11-xcb\.so\.1",
    r"libxcb-(?!cursor|util)[a-z-]+\.so\.\d+",
    r"libxkbcommon(-x11)?\.so\.0",
    r"libfontconfig\.so\.1",
    r"libfreetype\.so\.6",
    r"lib(glib|gobject|gthread|gmodule|gio)-2\.0\.so\.0",
    r"libdbus-1\.so\.3",
    # CUPS, for Qt's print support: the system's client library talks to the system's cupsd (and
    # brings its own TLS/Kerberos/Avahi stack); bundling the build machine's would add ~8 MiB of
    # gnutls, krb5 and avahi and a client of another CUPS release. Every office desktop has it.
    r"libcups\.so\.2",
)
_SYSTEM_RE = re.compile("|".join(f"(?:{p})" for p in SYSTEM_LIBRARIES))
#: Where a Linux distribution keeps its libraries (PyInstaller collects dependencies from there).
SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")


def is_system_library(dest_name: str) -> bool:
    """Whether a library is left to the target system (see :data:`SYSTEM_LIBRARIES`)."""
    return bool(_SYSTEM_RE.fullmatch(PurePosixPath(dest_name.replace("\\", "/")).name))


def _is_dependency_library(entry: tuple) -> bool:
    """Whether a TOC entry is a shared library PyInstaller collected only as a link-time dependency.

    That is: a library from the system folders, from Qt's library folder, or from a wheel's
    ``*.libs`` folder. Libraries inside other packages may be opened with ``ctypes`` at run time,
    so they are never treated as unreachable.
    """
    dest = PurePosixPath(entry[0].replace("\\", "/"))
    src = entry[1].replace("\\", "/")
    if entry[2] != "BINARY":
        return False
    if src.startswith(SYSTEM_LIBRARY_DIRS):
        return True
    parent = dest.parent.as_posix()
    return parent in ("PySide6/Qt/lib",) or parent.endswith(".libs")


def elf_needed(path: str) -> list[str]:
    """The sonames an ELF file links against directly (``DT_NEEDED``), read with ``objdump``.

    (PyInstaller's ``bindepend.get_imports`` uses ``ldd`` on Linux, which lists the whole closure.)
    """
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def drop_unlinked(toc: list[tuple], needed: callable) -> list[tuple]:
    """Drop dependency libraries that nothing left in the bundle links against.

    ``needed(src_path)`` returns the sonames a binary links against directly (:func:`elf_needed`). Everything that is not a dependency library (extension modules, Qt plugins,
    libraries inside packages) is a root; libraries reachable from the roots stay.
    """
    by_name: dict[str, list[tuple]] = {}
    for entry in toc:
        by_name.setdefault(PurePosixPath(entry[0].replace("\\", "/")).name, []).append(entry)
    kept: set[int] = set()
    todo = [entry for entry in toc if not _is_dependency_library(entry)]
    while todo:
        entry = todo.pop()
        if id(entry) in kept:
            continue
        kept.add(id(entry))
        if entry[2] in ("BINARY", "EXTENSION"):
            for name in needed(entry[1]):
                todo.extend(by_name.get(PurePosixPath(name).name, []))
    return [entry for entry in toc if id(entry) in kept]
