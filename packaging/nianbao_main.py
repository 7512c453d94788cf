"""Entry point of the frozen app: the same ``nianbao`` command as the console script.

PyInstaller starts this file; everything else is ``nianbao.core.cli.main``.
"""

import os
import sys


def _ensure_streams() -> None:
    """Give a windowed Windows build (no console: ``sys.stdout`` is None) harmless streams.

    The CLI writes its messages with ``sys.stderr.write``; without this, a message from the
    windowed ``nianbao.exe`` would raise instead of being dropped.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    _ensure_streams()
    from nianbao.core.cli import main

    sys.exit(main())
