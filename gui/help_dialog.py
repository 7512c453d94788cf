"""帮助 → 使用说明: the help page of the current format, in the program (no network)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from nianbao.core.formats import Format
from nianbao.core.log import log_file, user_data_dir

from .help_content import help_page
from .settings import FILE_NAME as SETTINGS_FILE

NO_HELP = "# 使用说明\n\n这种报告格式还没有使用说明。"


def help_markdown(fmt: Format, data_dir: str | None = None) -> str:
    """The help page of ``fmt`` with this machine's folders filled in."""
    page = help_page(fmt.id)
    text = page.markdown if page is not None else NO_HELP
    folder = data_dir or str(user_data_dir())
    sep = "\\" if "\\" in folder else "/"
    log = log_file()
    places = {
        "{recovery_dir}": f"`{folder}{sep}recovery`",
        "{settings_file}": f"`{folder}{sep}{SETTINGS_FILE}`",
        "{log_file}": f"`{log if log is not None else folder + sep + 'logs' + sep + 'nianbao.log'}`",
    }
    for key, value in places.items():
        text = text.replace(key, value)
    return text


class HelpDialog(QDialog):
    """A window beside the main window with the help page (it may stay open while filling in)."""

    def __init__(self, fmt: Format, data_dir: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)
        self.show_format(fmt, data_dir)

    def show_format(self, fmt: Format, data_dir: str | None = None) -> None:
        """Show the help of ``fmt``."""
        self.format_id = fmt.id
        self.setWindowTitle(f"使用说明 — {fmt.label}")
        self.browser.setMarkdown(help_markdown(fmt, data_dir))


def show_help(window: QWidget, fmt: Format, dialog: HelpDialog | None) -> HelpDialog:
    """Show (or bring forward) the help window for ``fmt``; returns it for the next call."""
    data_dir = str(getattr(window, "data_dir", "")) or None
    if dialog is None:
        dialog = HelpDialog(fmt, data_dir, window)
    elif dialog.format_id != fmt.id:
        dialog.show_format(fmt, data_dir)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
