"""Simplified Chinese for Qt's own dialogs and buttons (qtbase_zh_CN), plus our few overrides."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from nianbao.core.resources import resource_path

LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_translations(app: QApplication) -> list[QTranslator]:
    """Install qtbase_zh_CN (bundled copy first, then Qt's own) and nianbao_zh_CN.

    ``nianbao_zh_CN.qm`` is installed last, so it wins: it only renames a few of Qt's
    standard button texts (e.g. 丢弃 → 不保存) to the words a clerk expects.
    Returns the translators, which must stay referenced while the app runs.
    """
    QLocale.setDefault(LOCALE)
    installed: list[QTranslator] = []
    folders = [str(resource_path("translations")), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    qtbase = QTranslator(app)
    if any(qtbase.load(LOCALE, "qtbase", "_", folder) for folder in folders):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    ours = QTranslator(app)
    if ours.load(LOCALE, "nianbao", "_", str(resource_path("translations"))):
        app.installTranslator(ours)
        installed.append(ours)
    return installed
