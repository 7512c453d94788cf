#!/usr/bin/env python3
"""Regenerate the bundled PDF fonts in ``resources/fonts/``.

ReportLab embeds only TrueType-outline (``glyf``) fonts. The Fandol fonts (仿宋, 楷体,
黑体, 宋体 and bold 宋体 as the 小标宋 stand-in) ship as CFF OpenType in Debian's
``texlive-lang-chinese``; this script converts their cubic outlines to quadratic ones
with fontTools' cu2qu (max. error 1 font unit of 1000) and writes ``*.ttf`` files.
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``), the wide-coverage fallback, is
already TrueType and is copied unchanged.

Usage (Debian/Ubuntu)::

    python3 packaging/make_fonts.py --download      # apt-get download + dpkg-deb -x
    python3 packaging/make_fonts.py --fandol DIR --wqy FILE

The conversion takes about 10 s per font and 0.5 GB of memory; it is a packaging step,
never done at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "fonts"
FANDOL_DIR = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
WQY_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FANDOL_FONTS = (
    "FandolFang-Regular",
    "FandolKai-Regular",
    "FandolHei-Regular",
    "FandolSong-Regular",
    "FandolSong-Bold",
)
DEB_PACKAGES = ("texlive-lang-chinese", "fonts-wqy-microhei")
MAX_ERR = 1.0  # font units; 1/1000 em is 0.02 pt at 22 pt, far below what a printer shows
NOTE = "Converted from CFF to TrueType outlines for nianbao (packaging/make_fonts.py)."


def convert_cff_to_glyf(src: Path, dest: Path) -> None:
    """Write ``src`` (CFF OpenType) as a TrueType-outline font at ``dest``."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(src))
    if "CFF " not in font:
        raise SystemExit(f"{src}: expected CFF outlines")
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(None)
        # PostScript contours run counter-clockwise; TrueType expects clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph(dropImpliedOnCurves=True)

    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]  # CFF-only table
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID names carry no information
    for attr in ("extraNames", "mapping"):
        if hasattr(post, attr):
            delattr(post, attr)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID == 10:
            name.removeNames(nameID=10)
            break
    name.setName(NOTE, 10, 3, 1, 0x409)
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(dest))


def _convert_one(args: tuple[str, str]) -> str:
    src, dest = args
    convert_cff_to_glyf(Path(src), Path(dest))
    return dest


def download_sources(work: Path) -> tuple[Path, Path]:
    """Fetch and unpack the two Debian packages (no installation) into ``work``."""
    subprocess.run(["apt-get", "download", *DEB_PACKAGES], cwd=work, check=True)
    tree = work / "tree"
    for deb in sorted(work.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
    return tree / str(FANDOL_DIR).lstrip("/"), tree / str(WQY_FILE).lstrip("/")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fandol", type=Path, default=FANDOL_DIR, help="folder with Fandol*.otf")
    parser.add_argument("--wqy", type=Path, default=WQY_FILE, help="wqy-microhei.ttc")
    parser.add_argument("--download", action="store_true", help="fetch the Debian packages with apt-get download")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        fandol, wqy = download_sources(Path(tmp)) if args.download else (args.fandol, args.wqy)
        missing = [p for p in [*(fandol / f"{n}.otf" for n in FANDOL_FONTS), wqy] if not p.is_file()]
        if missing:
            print("missing source fonts: " + ", ".join(map(str, missing)), file=sys.stderr)
            print("install texlive-lang-chinese and fonts-wqy-microhei, or use --download", file=sys.stderr)
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        jobs = [(str(fandol / f"{n}.otf"), str(args.out / f"{n}.ttf")) for n in FANDOL_FONTS]
        with ProcessPoolExecutor(max_workers=2) as pool:
            for dest in pool.map(_convert_one, jobs):
                print(f"wrote {dest}")
        shutil.copyfile(wqy, args.out / wqy.name)
        print(f"copied {args.out / wqy.name}")
        for src, dest in jobs:
            print(f"{Path(src).name} sha256 {_sha256(Path(src))} -> {Path(dest).stat().st_size} bytes")
        print(f"{wqy.name} sha256 {_sha256(wqy)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
