#!/usr/bin/env python3
"""Render the app icon ``resources/icons/nianbao.svg`` to PNG sizes and a Windows ``.ico``.

The outputs are committed (they are small), so building an installer needs no SVG tool;
run this script again only after changing the SVG::

    QT_QPA_PLATFORM=offscreen python3 packaging/make_icons.py

It uses Qt's own SVG renderer (PySide6 is already a dependency). The ``.ico`` holds
PNG-compressed images, which Windows Vista and later read (the app needs Windows 10).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
SVG = ICON_DIR / "nianbao.svg"
#: Sizes installed into the freedesktop hicolor theme (and packed into the .ico).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` × ``size`` canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO container with one PNG-compressed entry per size (ICONDIR + ICONDIRENTRY list)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts/painting need it
    pngs = {size: render_png(SVG, size) for size in PNG_SIZES}
    for size, blob in pngs.items():
        (ICON_DIR / f"nianbao-{size}.png").write_bytes(blob)
    (ICON_DIR / "nianbao.ico").write_bytes(ico_bytes({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    print(f"wrote {len(pngs)} PNG files and nianbao.ico to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
