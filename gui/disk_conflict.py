"""The question a save asks when the draft changed on disk since the window read or wrote it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

OVERWRITE, SAVE_AS, RELOAD, CANCEL = "overwrite", "save_as", "reload", "cancel"
TITLE = "文件已被修改"


def ask_changed_on_disk(parent: QWidget, path: Path, can_reload: bool) -> str:
    """覆盖 / 另存为 / 重新载入 (only when the window has no unsaved changes) / 取消."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    lines = [
        f"「{path.name}」在本窗口打开（或上次保存）之后被修改过：可能是本程序的另一个窗口、"
        "另一个程序或共享文件夹另一端的电脑改的。",
        "",
        "覆盖：用本窗口的内容替换它，别处做的修改会丢失。",
        "另存为：把本窗口的内容存为另一个文件，原文件保持别处修改后的样子。",
    ]
    if can_reload:
        lines.append("重新载入：本窗口没有未保存的修改，可以读入别处修改后的内容。")
    lines.append("取消：什么也不写。")
    box.setText("\n".join(lines))
    choices = [("覆盖", QMessageBox.ButtonRole.DestructiveRole, OVERWRITE)]
    choices.append(("另存为…", QMessageBox.ButtonRole.AcceptRole, SAVE_AS))
    if can_reload:
        choices.append(("重新载入", QMessageBox.ButtonRole.ActionRole, RELOAD))
    answers = [(box.addButton(text, role), answer) for text, role, answer in choices]
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return next((answer for button, answer in answers if button is clicked), CANCEL)
