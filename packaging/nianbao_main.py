"""Entry point of the frozen app: the same ``nianbao`` command as the console script.

PyInstaller starts this file; everything else is ``nianbao.core.cli.main``.
"""

import os
import sys
from collections.abc import MutableMapping


def _ensure_streams() -> None:
    """Give a windowed Windows build (no console: ``sys.stdout`` is None) harmless streams.

    The CLI writes its messages with ``sys.stderr.write``; without this, a message from the
    windowed ``nianbao.exe`` would raise instead of being dropped.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def _fcitx_through_ibus(environ: MutableMapping[str, str] = os.environ, platform: str = sys.platform) -> None:
    """Chinese input on Fcitx desktops (UOS, Kylin) with the bundle's Qt, which has no Fcitx plugin.

    PyPI's Qt carries only the IBus input-context plugin. Fcitx 5 has an IBus frontend that
    serves Qt's IBus plugin through the IBus portal interface on the session bus (its IBus
    address file is empty), so a desktop that asks for Fcitx (``QT_IM_MODULE=fcitx`` or
    ``XMODIFIERS=@im=fcitx``) gets ``QT_IM_MODULE=ibus`` with ``IBUS_USE_PORTAL=1``. Measured in the
    Debian 11 chroot with fcitx5 5.0.5 and pinyin (packaging/floor/test_fcitx.sh). Fcitx 4 has
    no such frontend: there typing stays Latin (packaging/README.md, "Chinese input").
    """
    if not platform.startswith("linux"):
        return
    im = environ.get("QT_IM_MODULE", "").lower()
    wants_fcitx = im.startswith("fcitx") or (not im and "fcitx" in environ.get("XMODIFIERS", "").lower())
    if wants_fcitx:
        environ["QT_IM_MODULE"] = "ibus"
        environ.setdefault("IBUS_USE_PORTAL", "1")


if __name__ == "__main__":
    _ensure_streams()
    _fcitx_through_ibus()
    from nianbao.core.cli import main

    sys.exit(main())
