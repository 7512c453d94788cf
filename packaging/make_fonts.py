#!/usr/bin/env python3
"""Regenerate the bundled PDF fonts in ``resources/fonts/``.

ReportLab embeds only TrueType-outline (``glyf``) fonts. The Fandol fonts (仿宋, 楷体,
黑体, 宋体 and bold 宋体 as the 小标宋 stand-in) ship as CFF OpenType in Debian's
``texlive-lang-chinese``; this script converts their cubic outlines to quadratic ones
with fontTools' cu2qu (max. error 1 font unit of 1000) and writes ``*.ttf`` files.
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``), the wide-coverage fallback, and
Liberation Serif (Debian ``fonts-liberation2``, metric-compatible with Times New Roman, for
digits and Latin text) are already TrueType and are copied unchanged.

The rare-character fonts are subsets of Hanazono Mincho (Debian ``fonts-hanazono``):
``HanaMinA`` limited to what no Fandol font has in the BMP (CJK Unified Ideographs outside
Fandol's 7,942, all of Extension A, compatibility ideographs, radicals, strokes and the
emoji it draws) and ``HanaMinB`` limited to Extension B, without hinting or layout tables,
each stored xz-compressed (``*.ttf.xz``; the PDF export unpacks one into the cache folder
the first time a character needs it).

Usage (Debian/Ubuntu)::

    python3 packaging/make_fonts.py --download      # apt-get download + dpkg-deb -x
    python3 packaging/make_fonts.py --fandol DIR --wqy FILE --hanazono DIR --liberation FILE
    python3 packaging/make_fonts.py --download --skip-fandol   # only the copies and the subsets

The conversion takes about 10 s per font and 0.5 GB of memory, the subsets about a minute;
it is a packaging step, never done at run time.
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
HANAZONO_DIR = Path("/usr/share/fonts/truetype/hanazono")
LIBERATION_FILE = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DEB_PACKAGES = ("texlive-lang-chinese", "fonts-wqy-microhei", "fonts-hanazono", "fonts-liberation2")
#: (output file, Hanazono source, code point ranges); the BMP one leaves out what Fandol has.
RARE_FONTS = (
    (
        "HanaMin-Rare-BMP.ttf.xz",
        "HanaMinA.ttf",
        (
            (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
            (0x31C0, 0x31EF),  # CJK strokes
            (0x3400, 0x4DBF),  # Extension A
            (0x4E00, 0x9FFF),  # CJK Unified Ideographs (only those Fandol lacks)
            (0xF900, 0xFAFF),  # compatibility ideographs
            (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
            (0x1F000, 0x1FAFF),  # emoji and pictographs
            (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
        ),
    ),
    ("HanaMin-Rare-ExtB.ttf.xz", "HanaMinB.ttf", ((0x20000, 0x2A6DF),)),  # Extension B
)
RARE_NOTE = "Subset of Hanazono Mincho for nianbao (packaging/make_fonts.py), under the Hanazono Font License."
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


def make_rare_font(src: Path, dest: Path, ranges: tuple[tuple[int, int], ...], exclude: set[int]) -> int:
    """Write the xz-compressed subset of ``src`` holding ``ranges`` minus ``exclude``; return its glyph count."""
    import io
    import lzma

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(src))
    wanted = [c for c in font.getBestCmap() if any(a <= c <= b for a, b in ranges) and c not in exclude]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font["name"].removeNames(nameID=10)
    font["name"].setName(RARE_NOTE, 10, 3, 1, 0x409)
    buffer = io.BytesIO()
    font.save(buffer)
    dest.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    return len(wanted)


def fandol_coverage(folder: Path) -> set[int]:
    """Code points every bundled Fandol font has (a character outside it falls back)."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(str(folder / f"{n}.ttf"), lazy=True).getBestCmap()) for n in FANDOL_FONTS]
    return set.intersection(*sets)


def _convert_one(args: tuple[str, str]) -> str:
    src, dest = args
    convert_cff_to_glyf(Path(src), Path(dest))
    return dest


def download_sources(work: Path) -> tuple[Path, Path, Path, Path]:
    """Fetch and unpack the Debian packages (no installation) into ``work``."""
    subprocess.run(["apt-get", "download", *DEB_PACKAGES], cwd=work, check=True)
    tree = work / "tree"
    for deb in sorted(work.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
    return tuple(tree / str(p).lstrip("/") for p in (FANDOL_DIR, WQY_FILE, HANAZONO_DIR, LIBERATION_FILE))  # type: ignore[return-value]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fandol", type=Path, default=FANDOL_DIR, help="folder with Fandol*.otf")
    parser.add_argument("--wqy", type=Path, default=WQY_FILE, help="wqy-microhei.ttc")
    parser.add_argument("--hanazono", type=Path, default=HANAZONO_DIR, help="folder with HanaMinA.ttf, HanaMinB.ttf")
    parser.add_argument("--liberation", type=Path, default=LIBERATION_FILE, help="LiberationSerif-Regular.ttf")
    parser.add_argument("--download", action="store_true", help="fetch the Debian packages with apt-get download")
    parser.add_argument("--skip-fandol", action="store_true", help="keep the converted Fandol files in --out")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.download:
            fandol, wqy, hanazono, liberation = download_sources(Path(tmp))
        else:
            fandol, wqy, hanazono, liberation = args.fandol, args.wqy, args.hanazono, args.liberation
        sources = [wqy, liberation, *(hanazono / src for _, src, _ in RARE_FONTS)]
        if not args.skip_fandol:
            sources += [fandol / f"{n}.otf" for n in FANDOL_FONTS]
        missing = [p for p in sources if not p.is_file()]
        if missing:
            print("missing source fonts: " + ", ".join(map(str, missing)), file=sys.stderr)
            print(f"install {', '.join(DEB_PACKAGES)}, or use --download", file=sys.stderr)
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        jobs = [(str(fandol / f"{n}.otf"), str(args.out / f"{n}.ttf")) for n in FANDOL_FONTS]
        if not args.skip_fandol:
            with ProcessPoolExecutor(max_workers=2) as pool:
                for dest in pool.map(_convert_one, jobs):
                    print(f"wrote {dest}")
            for src, dest in jobs:
                print(f"{Path(src).name} sha256 {_sha256(Path(src))} -> {Path(dest).stat().st_size} bytes")
        for copy in (wqy, liberation):
            shutil.copyfile(copy, args.out / copy.name)
            print(f"copied {args.out / copy.name}, sha256 {_sha256(copy)}")
        exclude = fandol_coverage(args.out)
        for name, src, ranges in RARE_FONTS:
            count = make_rare_font(hanazono / src, args.out / name, ranges, exclude)
            size = (args.out / name).stat().st_size
            print(f"wrote {args.out / name}: {count} characters, {size} bytes; {src} sha256 {_sha256(hanazono / src)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
