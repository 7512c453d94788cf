#!/usr/bin/env bash
# The Linux release build for UOS 20 / Kylin V10: glibc 2.28, built here in a Debian 11 chroot.
#
#   sudo packaging/build_floor.sh [--cache DIR] [--out DIR] [--worktree] [--no-test] [--shell]
#
#   --cache DIR  where the root file system and the compiled Python are kept between runs
#                (default /var/cache/nianbao-floor; outside the repository, several GiB)
#   --out DIR    where the .deb, .tar.gz and reports are copied (default packaging/build/floor)
#   --worktree   build this working tree as it is (default: a clean clone of HEAD)
#   --no-test    skip the test of the installed .deb in the chroot (test_installed.sh --deb)
#   --shell      open a shell in the prepared chroot instead of building
#
# Steps, each cached and redone only when its inputs change:
#  1. debootstrap --variant=minbase bullseye (Debian 11, glibc 2.31) from the Debian mirror apt
#     uses here, plus the build tools and the desktop libraries the bundle links against;
#  2. CPython from Debian's python3.11 source package (bookworm's upstream 3.11.2 with Debian's
#     patches, security fixes included), configured --enable-shared with sem_clockwait disabled
#     and floor/glibc228.h forced into every file, so nothing needs more than glibc 2.28; its
#     test_math, test_cmath and test_statistics must pass;
#  3. NIANBAO_MAX_GLIBC=2.28 packaging/build_linux.sh in the chroot with that interpreter and the
#     wheels of requirements-floor.txt (hash-checked, manylinux <= 2_28): the gate fails the build
#     if any file of the bundle needs a newer glibc;
#  4. packaging/test_installed.sh --deb in the chroot: dpkg -i and the installed program's checks,
#     then floor/test_fcitx.sh: pinyin typed through fcitx5 reaches a cell of the installed program.
# Needs root (debootstrap, chroot, mounts), debootstrap and binutils on the host; builds run under
# `nice -n 10`. First run about 25 minutes on 2 shared cores (rootfs 2, packages 3, CPython 10,
# bundle 5, test 2), later runs 7-8 (see packaging/README.md, "glibc 2.28 build").
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=/var/cache/nianbao-floor
OUT="$SRC/packaging/build/floor"
FROM_WORKTREE=0
TEST=1
SHELL_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cache) CACHE=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --worktree) FROM_WORKTREE=1; shift ;;
        --no-test) TEST=0; shift ;;
        --shell) SHELL_ONLY=1; shift ;;
        -h|--help) sed -n 2,27p "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot, mount)" >&2; exit 2; }
for tool in debootstrap objdump git; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install debootstrap binutils git)" >&2; exit 2; }
done

# --- pins --------------------------------------------------------------------------------------
SUITE=bullseye
MIRROR=${NIANBAO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${NIANBAO_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# Debian's source package of CPython 3.11 (bookworm's; apt checks it against the signed index).
# Debian's security updates replace older revisions on the mirror: if this one is gone, set
# PY_DEB_VERSION to the current bookworm(-security) revision. The upstream tarball inside every
# 3.11.2 revision is the same, pinned by its hash here.
PY_DEB_VERSION=${PY_DEB_VERSION:-3.11.2-6+deb12u8}
PY_ORIG_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_PREFIX=/opt/nianbao-python
# Build tools, CPython's build dependencies, and what the bundle and its test need at run time.
PACKAGES="build-essential pkg-config dpkg-dev binutils ca-certificates git xz-utils file \
libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev uuid-dev libexpat1-dev libsqlite3-dev \
libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libzstd1 \
libx11-6 libx11-xcb1 libxcb1 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 \
libxcb-cursor0 libxcb-util1 libxkbcommon0 libxkbcommon-x11-0 \
xvfb xauth fontconfig poppler-utils desktop-file-utils imagemagick util-linux procps bsdmainutils \
fcitx5 fcitx5-chinese-addons fcitx5-pinyin dbus-x11 xdotool"

ROOTFS="$CACHE/$SUITE-amd64"
mkdir -p "$CACHE" "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { printf '\n== [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
T0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# --- 1. root file system -----------------------------------------------------------------------
if [ ! -f "$ROOTFS/.nianbao-debootstrap" ]; then
    log "debootstrap --variant=minbase $SUITE → $ROOTFS"
    t=$(date +%s)
    rm -rf "$ROOTFS.tmp"
    nice -n 10 debootstrap --variant=minbase "$SUITE" "$ROOTFS.tmp" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log"; exit 1; }
    rm -rf "$ROOTFS"
    mv "$ROOTFS.tmp" "$ROOTFS"
    touch "$ROOTFS/.nianbao-debootstrap"
    echo "debootstrap: $(elapsed "$t")"
fi

MOUNTS=()
cleanup() {
    local i
    for (( i = ${#MOUNTS[@]} - 1; i >= 0; i-- )); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
mount_in() {  # mount_in TYPE-OR-bind SOURCE TARGET-in-rootfs
    local target="$ROOTFS$3"
    mkdir -p "$target"
    mountpoint -q "$target" && return 0
    if [ "$1" = bind ]; then mount --bind "$2" "$target"; else mount -t "$1" "$2" "$target"; fi
    MOUNTS+=("$target")
}
mount_in proc proc /proc
mount_in sysfs sys /sys
mount_in bind /dev /dev
mount_in devpts devpts /dev/pts
mount_in tmpfs tmpfs /dev/shm
cp -L /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true
in_chroot() {  # a clean environment inside the chroot
    chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
        LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"
}

cat > "$ROOTFS/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
# Only for the source of CPython 3.11 (bullseye has 3.9): apt-get source python3.11
deb-src $MIRROR bookworm main
deb-src $SECURITY_MIRROR bookworm-security main
EOF
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$ROOTFS/etc/apt/apt.conf.d/90nianbao"
PKG_STAMP=$(echo "$PACKAGES" | sha256sum | cut -c1-16)
if [ "$(cat "$ROOTFS/.nianbao-packages" 2>/dev/null)" != "$PKG_STAMP" ]; then
    log "packages in the chroot (build tools, CPython build dependencies, desktop libraries)"
    t=$(date +%s)
    in_chroot apt-get update -q > "$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; exit 1; }
    # shellcheck disable=SC2086
    in_chroot nice -n 10 apt-get install -y -q $PACKAGES >> "$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; exit 1; }
    in_chroot apt-get clean
    echo "$PKG_STAMP" > "$ROOTFS/.nianbao-packages"
    echo "packages: $(elapsed "$t")"
fi
if [ "$SHELL_ONLY" = 1 ]; then
    in_chroot bash -i || true
    exit 0
fi

# --- 2. CPython 3.11 for glibc 2.28 ------------------------------------------------------------
CONFIGURE_FLAGS="--prefix=$PY_PREFIX --enable-shared --with-system-expat --with-ensurepip=no LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib"
PY_STAMP=$( (echo "$PY_DEB_VERSION $CONFIGURE_FLAGS"; cat "$SRC/packaging/floor/glibc228.h" "$SRC/packaging/floor/build_python.sh") | sha256sum | cut -c1-16)
if [ "$(cat "$ROOTFS$PY_PREFIX/.nianbao-stamp" 2>/dev/null)" != "$PY_STAMP" ]; then
    log "CPython $PY_DEB_VERSION from Debian's source package, for glibc 2.28"
    t=$(date +%s)
    rm -rf "$ROOTFS/build/python" "$ROOTFS$PY_PREFIX"
    mkdir -p "$ROOTFS/build/python"
    cp "$SRC/packaging/floor/glibc228.h" "$SRC/packaging/floor/build_python.sh" "$ROOTFS/build/python/"
    in_chroot nice -n 10 bash /build/python/build_python.sh "$PY_DEB_VERSION" "$PY_ORIG_SHA256" "$CONFIGURE_FLAGS" \
        > "$CACHE/python-build.log" 2>&1 || { tail -40 "$CACHE/python-build.log"; echo "CPython build failed: $CACHE/python-build.log" >&2; exit 1; }
    grep '^RESULT' "$CACHE/python-build.log" | sed 's/^RESULT /  /'
    python3 "$SRC/packaging/glibc_floor.py" "$ROOTFS$PY_PREFIX" --top 3 --max 2.28 \
        || { echo "the compiled CPython needs a glibc newer than 2.28" >&2; exit 1; }
    echo "$PY_STAMP" > "$ROOTFS$PY_PREFIX/.nianbao-stamp"
    echo "CPython: $(elapsed "$t")"
fi
PY_VERSION=$(in_chroot "$PY_PREFIX/bin/python3.11" -c 'import sys; print(sys.version.split()[0])')
echo "CPython $PY_VERSION in $PY_PREFIX (Debian $PY_DEB_VERSION); $(python3 "$SRC/packaging/glibc_floor.py" "$ROOTFS$PY_PREFIX" --top 0)"

# --- 3. the bundle, .deb and .tar.gz -----------------------------------------------------------
log "nianbao bundle in the chroot (NIANBAO_MAX_GLIBC=2.28, wheels from requirements-floor.txt)"
t=$(date +%s)
CHECKOUT="$ROOTFS/build/src"
rm -rf "$CHECKOUT"
if [ "$FROM_WORKTREE" = 1 ]; then
    mkdir -p "$CHECKOUT"
    # The working tree as it is, without the developer's venv and build outputs.
    tar -C "$SRC" --exclude=./.venv --exclude=./packaging/build --exclude=./build --exclude='*.egg-info' \
        --exclude=__pycache__ -cf - . | tar -C "$CHECKOUT" -xf -
    DESCRIBE="working tree $(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?')"
else
    git clone -q --no-local "$SRC" "$CHECKOUT"
    DESCRIBE="clean clone of $(git -C "$CHECKOUT" rev-parse --short HEAD)"
fi
echo "source: $DESCRIBE"
SOURCE_DATE_EPOCH=$(git -C "$SRC" log -1 --format=%ct 2>/dev/null || date +%s)
# The locked wheels are downloaded here on the host, with the host's pip and its configuration
# (index, certificates), and checked against their hashes; inside the chroot pip installs them from
# that folder only (--no-index). Cached in CACHE/wheels.
mkdir -p "$CACHE/wheels"
python3 -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform manylinux_2_28_x86_64 \
    $(for minor in $(seq 27 -1 17); do echo "--platform manylinux_2_${minor}_x86_64"; done) --platform manylinux2014_x86_64 \
    --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none \
    -r "$CHECKOUT/packaging/requirements-floor.txt" -d "$CACHE/wheels" 2>&1 | grep -v '^WARNING: Location' || true
rm -rf "$ROOTFS/build/wheels" && cp -a "$CACHE/wheels" "$ROOTFS/build/wheels"
# The build venv and PyInstaller's work folder stay in /build/out between runs (build_linux.sh
# rebuilds the venv when pyproject.toml, the lock file or the interpreter change).
in_chroot env SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" PYTHON="$PY_PREFIX/bin/python3.11" NIANBAO_MAX_GLIBC=2.28 \
    NIANBAO_REQUIREMENTS=/build/src/packaging/requirements-floor.txt NIANBAO_WHEELS=/build/wheels \
    nice -n 10 /build/src/packaging/build_linux.sh --out /build/out > "$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log"; echo "build failed (log: $OUT/build.log)" >&2; exit 1; }
echo "bundle, .deb and .tar.gz: $(elapsed "$t")"
rm -f "$OUT"/nianbao_*.deb "$OUT"/nianbao-*.tar.gz
cp "$ROOTFS"/build/out/nianbao_*.deb "$ROOTFS"/build/out/nianbao-*.tar.gz "$ROOTFS"/build/out/build-info.txt \
    "$ROOTFS"/build/out/glibc-floor.txt "$ROOTFS"/build/out/system-libs.txt "$OUT/"
sed 's/^/  /' "$OUT/build-info.txt"
# The gate again, from outside, on the package itself (not only on the bundle folder).
rm -rf "$OUT/deb-check" && mkdir -p "$OUT/deb-check"
dpkg-deb -x "$OUT"/nianbao_*.deb "$OUT/deb-check"
python3 "$SRC/packaging/glibc_floor.py" "$OUT/deb-check" --top 3 --max 2.28 | tee "$OUT/glibc-floor-deb.txt"
rm -rf "$OUT/deb-check"

# --- 4. test of the installed package in the chroot --------------------------------------------
if [ "$TEST" = 1 ]; then
    log "test of the installed .deb in the $SUITE chroot"
    t=$(date +%s)
    in_chroot dpkg -r nianbao >/dev/null 2>&1 || true
    DEB=$(cd "$ROOTFS/build/out" && ls nianbao_*.deb)
    status=0
    in_chroot env NIANBAO_TEST_PYTHON=/build/out/venv/bin/python \
        /build/src/packaging/test_installed.sh --deb "/build/out/$DEB" --build-dir /build/test --runs 3 --keep \
        > "$OUT/test.log" 2>&1 || status=$?
    # Chinese input through fcitx5 (pinyin) into a cell, with the package still installed.
    in_chroot bash /build/src/packaging/floor/test_fcitx.sh /build/test/screenshot-fcitx.png \
        > "$OUT/test-fcitx.txt" 2>&1 || status=$?
    in_chroot dpkg -r nianbao >/dev/null 2>&1 || true
    cat "$OUT/test-fcitx.txt" >> "$ROOTFS/build/test/test-report.txt"
    cp "$ROOTFS/build/test/screenshot-fcitx.png" "$OUT/" 2>/dev/null || true
    cp "$ROOTFS/build/test/test-report.txt" "$OUT/test-report.txt" 2>/dev/null || true
    cp "$ROOTFS/build/test/screenshot-xvfb.png" "$OUT/screenshot-floor.png" 2>/dev/null || true
    cat "$OUT/test-report.txt" 2>/dev/null || tail -30 "$OUT/test.log"
    echo "test: $(elapsed "$t")"
    [ "$status" = 0 ] || { echo "the test of the installed package failed (log: $OUT/test.log)" >&2; exit 1; }
fi
log "done in $(elapsed "$T0"): $OUT"
ls -l "$OUT"/nianbao_*.deb "$OUT"/nianbao-*.tar.gz
