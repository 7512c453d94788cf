#!/usr/bin/env python3
"""Render the app icon ``resources/icons/nianbao.svg`` to PNG sizes and a Windows ``.ico``.

The outputs are committed (they are small), so building an installer needs no SVG tool;
run this script again only after changing the SVG::

    QT_QPA_PLATFORM=offscreen python3 packaging/make_icons.py

It uses Qt's own SVG renderer (PySide6 is already a dependency).
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


def render(svg: Path, size: int):
    """The SVG drawn on a transparent ``size`` × ``size`` canvas (a QImage, ARGB32)."""
    from PySide6.QtCore import Qt
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
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image) -> bytes:
    """A 32-bit BGRA device-independent bitmap as stored in an ICO entry (with its AND mask)."""
    size = image.width()
    rows = image.mirrored(False, True)  # DIB rows run bottom-up
    pixels = bytes(rows.constBits())[: size * size * 4]  # ARGB32 is B, G, R, A in memory
    mask = bytes(((size + 31) // 32 * 4) * size)  # all 0: the alpha channel decides
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(images: dict[int, object]) -> bytes:
    """An ICO container (ICONDIR + ICONDIRENTRY list): bitmaps up to 128 px, PNG for 256 px.

    That is the layout Windows' own icons use; NSIS refuses icons whose entries are all PNG.
    """
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = png_bytes(images[size]) if size >= 256 else dib_bytes(images[size])
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts/painting need it
    images = {size: render(SVG, size) for size in PNG_SIZES}
    for size, image in images.items():
        (ICON_DIR / f"nianbao-{size}.png").write_bytes(png_bytes(image))
    (ICON_DIR / "nianbao.ico").write_bytes(ico_bytes(images))
    print(f"wrote {len(images)} PNG files and nianbao.ico to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
