"""Start the window: ``main(draft)`` for users, ``smoke_test(draft)`` for installer checks."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QEventLoop, QMessageLogContext, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from nianbao.core import __version__
from nianbao.core import draft as drafts
from nianbao.core.log import log_hint, setup_logging
from nianbao.core.resources import resource_path

from .fonts import setup_fonts
from .main_window import APP_TITLE, MainWindow, app_icon
from .translations import install_translations

log = logging.getLogger(__name__)

SAMPLE = ("samples", "seed-2020.json")
SMOKE_TIMEOUT_MS = 30_000
#: Qt notes that mean nothing to a user (the offscreen platform of the smoke test prints this one).
HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Pass Qt's warnings to stderr, except the known harmless ones."""
    if message in HARMLESS_QT_MESSAGES or kind == QtMsgType.QtDebugMsg:
        return
    sys.stderr.write(message + "\n")


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: names, Chinese translations, fonts, icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if not app.property("nianbao_ready"):
        qInstallMessageHandler(_qt_message)
        app.setApplicationName("nianbao")
        app.setApplicationVersion(__version__)
        app.setApplicationDisplayName(APP_TITLE)
        app.setWindowIcon(app_icon())
        app.setProperty("nianbao_translators", install_translations(app))
        setup_fonts(app)
        app.setProperty("nianbao_ready", True)
    return app


def install_excepthook(window: MainWindow) -> None:
    """An unexpected error in the window: keep a recovery copy, tell the user in Chinese, carry on."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if sys.stderr is not None:  # a windowed Windows build has none
            traceback.print_exception(kind, error, tb)
        log.error("internal error in the window", exc_info=(kind, error, tb))
        saved = window.autosave.write_now()
        note = "窗口中的内容已另存了一份恢复副本。" if saved else ""
        QMessageBox.critical(
            window,
            "程序内部错误",
            f"程序遇到了意外的问题（{kind.__name__}: {error}）。\n{note}"
            f"请先保存草稿（建议另存为新文件），再重新启动程序。\n\n{log_hint()}",
        )

    sys.excepthook = hook


def main(draft: str | None = None) -> int:
    """Open the window (with ``draft`` if given); returns the exit code."""
    app = create_application()
    window = MainWindow()
    setup_logging(window.data_dir)
    log.info("nianbao %s started (Qt platform %s)", __version__, app.platformName())
    install_excepthook(window)
    window.show()

    def start() -> None:
        if draft:
            window.open_path(Path(draft), ask=False)
        window.offer_recovery()

    QTimer.singleShot(0, start)
    return int(app.exec())


def review(folder: str | None = None, previous: str | None = None, roster: str | None = None) -> int:
    """``nianbao review [FOLDER]``: the 汇总审核 window alone (gui/workbench)."""
    from .workbench.app import main as workbench_main

    return workbench_main(folder, previous=previous, roster=roster)


class _PaintWatcher(QObject):
    """Quits an event loop at the first paint of any widget of one window."""

    def __init__(self, window: QWidget, loop: QEventLoop):
        super().__init__()
        self._window = window
        self._loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self.painted = True
            QTimer.singleShot(0, self._loop.quit)
        return False


def smoke_test(draft: str | None = None) -> int:
    """Open the window with ``draft`` (default: the bundled sample), wait for the first paint.

    Uses a throw-away data folder so no user settings or recovery copies are touched, and
    never shows a dialog. Prints one line; returns 0 on success, 1 otherwise.
    """
    started = time.perf_counter()
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(draft) if draft else resource_path(*SAMPLE)
    app = create_application()
    try:
        report = drafts.load(path)
    except drafts.DraftError as exc:
        sys.stderr.write(f"nianbao：自检失败：{exc}\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="nianbao-smoke-") as data_dir:
        window = MainWindow(data_dir=Path(data_dir), report=report, path=path)
        loop = QEventLoop()
        watcher = _PaintWatcher(window, loop)
        app.installEventFilter(watcher)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, loop.quit)
        window.show()
        loop.exec()
        app.removeEventFilter(watcher)
        painted = watcher.painted
        elapsed = time.perf_counter() - started
        window.autosave.shutdown()
        window.hide()
        window.deleteLater()
        app.processEvents()
    if not painted:
        sys.stderr.write("nianbao：自检失败：窗口没有在 30 秒内显示出来\n")
        return 1
    print(f"nianbao {__version__} 自检通过：窗口已显示「{path.name}」（{report.format.label}），用时 {elapsed:.2f} 秒")
    return 0
