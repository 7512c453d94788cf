"""GUI test set-up: an isolated data folder, neutralised dialogs, a window with the sample."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from nianbao.gui import main_window as main_window_module
from nianbao.gui import workers
from nianbao.gui.main_window import MainWindow
from nianbao.gui.translations import install_translations


@pytest.fixture(scope="session", autouse=True)
def _nianbao_app(qapp: QApplication) -> QApplication:
    """The test QApplication, set up like the real one (names, Chinese), without fonts."""
    QStandardPaths.setTestModeEnabled(True)
    qapp.setApplicationName("nianbao-tests")
    qapp.setProperty("nianbao_translators", install_translations(qapp))
    return qapp


class Dialogs:
    """Records QMessageBox/QFileDialog calls and answers them from queues."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.answers: list[QMessageBox.StandardButton] = []
        self.files: list[str] = []
        self.disk_answers: list[str] = []  # answers to "changed on disk" (覆盖/另存为/重新载入/取消)

    def _box(self, kind: str) -> Any:
        def fake(parent: QWidget | None, title: str, text: str, buttons: Any = None, default: Any = None) -> Any:
            self.calls.append((kind, title, text))
            if self.answers:
                return self.answers.pop(0)
            return default if default is not None else QMessageBox.StandardButton.Ok

        return fake

    def _file(self, kind: str) -> Any:
        def fake(
            parent: QWidget | None = None,
            caption: str = "",
            directory: str = "",
            filter: str = "",
            *args: Any,
            **kwargs: Any,
        ) -> tuple[str, str]:
            self.calls.append((kind, caption, directory))
            return (self.files.pop(0) if self.files else "", "")

        return fake

    def kinds(self) -> list[str]:
        """The kinds of dialog shown so far."""
        return [c[0] for c in self.calls]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Every modal dialog is answered by the test (default: the dialog's default button)."""
    d = Dialogs()
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d._box(kind)))
    monkeypatch.setattr(
        QMessageBox, "about", staticmethod(lambda parent, title, text: d.calls.append(("about", title, text)))
    )

    def changed_on_disk(parent: QWidget, path: Path, can_reload: bool) -> str:
        d.calls.append(("changed_on_disk", path.name, "reload" if can_reload else ""))
        return d.disk_answers.pop(0) if d.disk_answers else "cancel"

    monkeypatch.setattr(main_window_module, "ask_changed_on_disk", changed_on_disk, raising=False)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(d._file("save_file")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(d._file("open_file")))
    return d


@pytest.fixture(autouse=True)
def _jobs_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports and exports run at once (tests check what they produce); the thread tests
    (test_background_jobs.py) use the ``threaded_jobs`` fixture to run them on the pool."""
    monkeypatch.setattr(workers, "INLINE", True)


@pytest.fixture
def threaded_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs on the pool thread, as in the program."""
    monkeypatch.setattr(workers, "INLINE", False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The window's user data folder (settings, recovery copies)."""
    return tmp_path / "userdata"


@pytest.fixture
def make_window(qtbot: Any, data_dir: Path) -> Any:
    """Build shown main windows on the test data folder; closed without prompts afterwards."""
    windows: list[MainWindow] = []

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow(data_dir=data_dir)
        qtbot.addWidget(window)
        if path is not None:
            assert window.open_path(path, ask=False)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.document.undo_stack.setClean()
        window.autosave.shutdown()


@pytest.fixture
def window(make_window: Any, sample_path: Path) -> MainWindow:
    """The main window with a writable copy of the 2020 sample open."""
    return make_window(sample_path)
