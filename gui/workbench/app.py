"""``nianbao review [FOLDER]``: the 汇总审核 window on its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from nianbao.core.log import setup_logging

from ..app import create_application
from ..main_window import MainWindow, default_data_dir
from .window import WorkbenchWindow


def main(folder: str | None = None, previous: str | None = None, roster: str | None = None) -> int:
    """Open the window (on ``folder``, with last year's ``previous`` folder and a 单位名单); the exit code."""
    app = create_application()
    setup_logging(default_data_dir())
    editors: list[MainWindow] = []

    def open_draft(path: Path) -> None:
        editor = MainWindow()
        editor.open_path(path, ask=False)
        editor.show()
        editors.append(editor)

    window = WorkbenchWindow(open_draft=open_draft)
    window.show()

    def start() -> None:
        if roster:
            window.load_roster(roster)
        if folder:
            window.add_folder(folder)
        if previous:
            window.add_previous_folder(previous)

    QTimer.singleShot(0, start)
    return int(app.exec())
