#!/usr/bin/env bash
# Build the Linux installers: the PyInstaller bundle, a .deb (under /opt/nianbao) and a portable .tar.gz.
#
#   packaging/build_linux.sh [--out DIR] [--no-prune]
#
# Environment: PYTHON (default python3, >= 3.10 with a shared libpython) creates the build venv;
# NIANBAO_MAX_GLIBC=2.28 makes the build fail if the bundle needs a newer glibc than that;
# NIANBAO_REQUIREMENTS=FILE installs exactly the wheels of a lock file with hashes (the floor
# build uses packaging/requirements-floor.txt) instead of resolving pyproject.toml's ranges;
# NIANBAO_WHEELS=DIR takes those wheels from DIR only (no index).
# Outputs (DIR defaults to packaging/build, which git ignores):
#   DIR/dist/nianbao/                      the one-folder bundle
#   DIR/nianbao_VERSION_ARCH.deb           Debian/UOS/Kylin package
#   DIR/nianbao-VERSION-linux-MACHINE.tar.gz  portable copy
#   DIR/build-info.txt                     sizes, glibc floor, Depends
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT="$SRC/packaging/build"
PRUNE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
        --no-prune) PRUNE=0; shift ;;
        -h|--help) sed -n 2,17p "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
log() { printf '\n== %s\n' "$*"; }

# Packages providing the libraries the bundle takes from the system (bundle_contents.SYSTEM_LIBRARIES,
# plus glibc, OpenGL/EGL and libxcb, which PyInstaller never bundles). The names exist on Debian 10+
# and Ubuntu 20.04+; every desktop with Qt 5 (UOS, Kylin) already has them, so an offline `dpkg -i`
# does not fail on missing dependencies. The check below proves the list is complete.
DEPENDS_FIXED="libstdc++6, libgcc-s1 | libgcc1, zlib1g, libzstd1, libexpat1, libglib2.0-0, libdbus-1-3, \
libfontconfig1, libfreetype6, libx11-6, libx11-xcb1, libxcb1, libxcb-glx0, libxcb-icccm4, libxcb-image0, \
libxcb-keysyms1, libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, \
libxcb-sync1, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0, libgl1, libegl1, libcups2"

# ---------------------------------------------------------------------------------------------
log "build environment (venv with the runtime dependencies and PyInstaller only)"
VENV="$OUT/venv"
LOCK=${NIANBAO_REQUIREMENTS:-}
STAMP=$( (cat "$SRC/pyproject.toml" ${LOCK:+"$LOCK"}; command -v "$PYTHON"; "$PYTHON" -VV) | sha256sum | cut -c1-16)
if [ ! -x "$VENV/bin/pyinstaller" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$STAMP" ]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    if [ -n "$LOCK" ]; then
        # Exactly the locked wheels (pip refuses any file whose hash differs, and any sdist), then
        # nianbao itself without resolving or downloading anything; `pip check` fails the build
        # if the lock no longer satisfies pyproject.toml's dependencies.
        "$VENV/bin/python" -m pip install -q --require-hashes --only-binary=:all: \
            ${NIANBAO_WHEELS:+--no-index --find-links "$NIANBAO_WHEELS"} -r "$LOCK"
        "$VENV/bin/python" -m pip install -q --no-index --no-deps --no-build-isolation "$SRC"
        "$VENV/bin/python" -m pip check
    else
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
        # Non-editable install: the venv gets exactly the pinned runtime dependencies.
        "$VENV/bin/python" -m pip install -q "$SRC[build]"
    fi
    echo "$STAMP" > "$VENV/.stamp"
fi
"$VENV/bin/python" -m pip list --format=freeze 2>/dev/null | grep -iv '^nianbao=' > "$OUT/build-requirements.txt"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$SRC/core/__init__.py")
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
MACHINE=$(uname -m)
echo "nianbao $VERSION, $ARCH; $(grep -i '^pyside6' "$OUT/build-requirements.txt")"

# ---------------------------------------------------------------------------------------------
log "PyInstaller bundle"
DIST="$OUT/dist"
rm -rf "$DIST"
NIANBAO_NO_PRUNE=$([ "$PRUNE" = 1 ] && echo 0 || echo 1) \
    "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$DIST" --workpath "$OUT/work" \
    "$SRC/packaging/nianbao.spec"
BUNDLE="$DIST/nianbao"
"$BUNDLE/nianbao" --version

log "glibc floor"
"$PYTHON" "$SRC/packaging/glibc_floor.py" "$BUNDLE" --top 5 ${NIANBAO_MAX_GLIBC:+--max "$NIANBAO_MAX_GLIBC"} \
    | tee "$OUT/glibc-floor.txt"
FLOOR=$(sed -n 's/^glibc floor: \([0-9.]*\).*/\1/p' "$OUT/glibc-floor.txt")

log "system libraries the bundle needs"
# Every DT_NEEDED soname that is not inside the bundle must come from a package in Depends.
find "$BUNDLE" -type f \( -name '*.so*' -o -name nianbao \) -print0 \
    | xargs -0 -n 50 objdump -p 2>/dev/null | awk '/NEEDED/{print $2}' | sort -u > "$OUT/needed.txt"
find "$BUNDLE" -name '*.so*' -printf '%f\n' | sort -u > "$OUT/bundled.txt"
missing_pkgs=()
: > "$OUT/system-libs.txt"
for so in $(comm -23 "$OUT/needed.txt" "$OUT/bundled.txt"); do
    path=$(ldconfig -p | awk -v n="$so" '$1 == n && !found { print $NF; found = 1 }')
    pkg=""
    if [ -n "$path" ]; then
        for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr${path}"; do
            pkg=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
        done
    fi
    echo "$so ${pkg:-?}" >> "$OUT/system-libs.txt"
    case "$pkg" in
        libc6|"") ;;  # glibc: versioned below; unknown: reported below
        *) tr ',|' '\n\n' <<<"$DEPENDS_FIXED" | tr -d ' ' | grep -qxF "$pkg" || missing_pkgs+=("$pkg ($so)") ;;
    esac
done
column -t "$OUT/system-libs.txt" | sed 's/^/  /'
if grep -q ' ?$' "$OUT/system-libs.txt"; then
    echo "error: libraries not found on this machine (install them to build):" >&2
    grep ' ?$' "$OUT/system-libs.txt" >&2
    exit 1
fi
if [ ${#missing_pkgs[@]} -gt 0 ]; then
    echo "error: packages missing from DEPENDS_FIXED in $0: ${missing_pkgs[*]}" >&2
    exit 1
fi
DEPENDS="libc6 (>= $FLOOR), $DEPENDS_FIXED"

# ---------------------------------------------------------------------------------------------
log ".deb"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$SRC" log -1 --format=%ct 2>/dev/null || date +%s)}
ROOTFS="$OUT/deb-root"
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/opt" "$ROOTFS/usr/bin" "$ROOTFS/usr/share/applications" \
    "$ROOTFS/usr/share/doc/nianbao" "$ROOTFS/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$ROOTFS/opt/nianbao"
install -m 755 "$SRC/packaging/linux/nianbao.sh" "$ROOTFS/usr/bin/nianbao"
install -m 644 "$SRC/packaging/linux/nianbao.desktop" "$ROOTFS/usr/share/applications/nianbao.desktop"
install -m 644 "$SRC/packaging/deb/copyright" "$ROOTFS/usr/share/doc/nianbao/copyright"
install -m 644 "$SRC/resources/icons/nianbao.svg" "$ROOTFS/usr/share/icons/hicolor/scalable/apps/nianbao.svg"
for png in "$SRC"/resources/icons/nianbao-*.png; do
    size=$(basename "$png" .png); size=${size#nianbao-}
    install -D -m 644 "$png" "$ROOTFS/usr/share/icons/hicolor/${size}x${size}/apps/nianbao.png"
done
# Directories 755, files 644, executables (ELF programs, shared objects keep theirs) 755.
find "$ROOTFS" -type d -exec chmod 755 {} +
find "$ROOTFS/opt" -type f ! -perm -u+x -exec chmod 644 {} +
find "$ROOTFS/opt" -type f -perm -u+x -exec chmod 755 {} +
INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$ROOTFS" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" \
    -e "s/@DEPENDS@/$DEPENDS/" "$SRC/packaging/deb/control.in" > "$ROOTFS/DEBIAN/control"
# No maintainer scripts: dpkg triggers of desktop-file-utils and the icon theme refresh the menu.
DEB="$OUT/nianbao_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
dpkg-deb --root-owner-group -Zxz --build "$ROOTFS" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p' | sed 's/^/  /' | head -8

# ---------------------------------------------------------------------------------------------
log "portable .tar.gz"
NAME="nianbao-$VERSION-linux-$MACHINE"
TARROOT="$OUT/tar-root"
rm -rf "$TARROOT"
mkdir -p "$TARROOT"
cp -a "$BUNDLE" "$TARROOT/$NAME"
mkdir -p "$TARROOT/$NAME/share"
install -m 644 "$SRC/packaging/linux/nianbao.desktop" "$SRC/resources/icons/nianbao.svg" \
    "$SRC/resources/icons/nianbao-256.png" "$TARROOT/$NAME/share/"
install -m 755 "$SRC/packaging/linux/install-menu.sh" "$TARROOT/$NAME/install-menu.sh"
install -m 644 "$SRC/packaging/linux/使用说明.txt" "$TARROOT/$NAME/使用说明.txt"
TAR="$OUT/$NAME.tar.gz"
tar -C "$TARROOT" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -cf - "$NAME" | gzip -n -9 > "$TAR"

# ---------------------------------------------------------------------------------------------
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
{
    echo "nianbao $VERSION ($ARCH), built $(date -u +%Y-%m-%dT%H:%MZ) on $(. /etc/os-release && echo "$PRETTY_NAME"), $("$VENV/bin/python" -V)"
    echo "pruned: $([ "$PRUNE" = 1 ] && echo yes || echo no)"
    echo "bundle: $(mib "$(du -sb "$BUNDLE" | cut -f1)") in $(find "$BUNDLE" -type f | wc -l) files"
    echo "deb: $(mib "$(stat -c %s "$DEB")") ($(basename "$DEB")), Installed-Size $INSTALLED_SIZE KiB"
    echo "tar.gz: $(mib "$(stat -c %s "$TAR")") ($(basename "$TAR"))"
    echo "glibc floor: $FLOOR"
    echo "Depends: $DEPENDS"
} | tee "$OUT/build-info.txt"
