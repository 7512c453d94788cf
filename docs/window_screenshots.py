#!/usr/bin/env python3
"""Screenshots of the window for the README, as a clerk sees it (not a test).

    xvfb-run -s "-screen 0 1280x720x24" python3 docs/window_screenshots.py 1280x720
    xvfb-run -s "-screen 0 1024x768x24" python3 docs/window_screenshots.py 1024x768

Opens the bundled sample with one unbalanced cell, fills the screen with the window (the
findings panel open) and saves each tab as ``docs/window-<tab>-<W>x<H>.png`` by grabbing the
screen. Run it with ``FONTCONFIG_FILE`` pointing at a configuration without Chinese fonts to
see what a PC without them shows (the bundled fonts then draw the window).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from nianbao.core import draft
from nianbao.core.resources import resource_path
from nianbao.gui.app import create_application
from nianbao.gui.main_window import MainWindow

DOCS = Path(__file__).resolve().parent
TABS = {0: "basic", 2: "table2", 3: "table3", 4: "table4"}


def main(size: str) -> int:
    width, height = (int(v) for v in size.split("x"))
    app = create_application()
    with tempfile.TemporaryDirectory() as data_dir:
        report = draft.load(resource_path("samples", "seed-2020.json"))
        window = MainWindow(data_dir=Path(data_dir), report=report, path=Path("seed-2020.json"))
        window.document.edit_cells({"t3.r1.np": int(report.cells["t3.r1.np"]) + 3}, "示例")
        window.setGeometry(0, 0, width, height)
        window.show()
        screen = QGuiApplication.primaryScreen()
        shots: list[int] = list(TABS)

        def shoot() -> None:
            index = shots.pop(0)
            window.tabs.setCurrentIndex(index)
            window.page_for_table("t3")  # build nothing else: the tab shows itself
            QTimer.singleShot(400, lambda: save(index))

        def save(index: int) -> None:
            pixmap = screen.grabWindow(0)
            pixmap.save(str(DOCS / f"window-{TABS[index]}-{width}x{height}.png"))
            if shots:
                shoot()
            else:
                window.document.undo_stack.setClean()
                window.autosave.shutdown()
                app.quit()

        QTimer.singleShot(600, shoot)
        app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "1280x720"))
