#!/usr/bin/env bash
# Inside the floor chroot (called by packaging/build_floor.sh): CPython from Debian's source package.
#
#   build_python.sh DEB_VERSION ORIG_SHA256 "CONFIGURE FLAGS"
#
# apt-get source checks the .dsc against the signed Sources index, dpkg-source -x checks the
# tarballs against the .dsc and applies Debian's patches (debian/patches/series, security fixes
# included); the upstream tarball is checked once more against ORIG_SHA256. The build is plain
# upstream `configure && make` (no PGO/LTO: Debian's rules are for its own layout; system expat
# as Debian builds it: the bundled copy does not compile with Debian's patches), with
#  - ac_cv_func_sem_clockwait=no: threading falls back to sem_timedwait (sem_clockwait is GLIBC_2.30);
#  - CFLAGS=-include glibc228.h: exp/log/pow/exp2/log2 bound to their GLIBC_2.2.5 versions.
# Prints RESULT lines (version, tests) for the caller.
set -euo pipefail
DEB_VERSION=$1
ORIG_SHA256=$2
read -r -a FLAGS <<<"$3"
HERE=/build/python
cd "$HERE"

apt-get update -q >/dev/null
apt-get source -q --download-only "python3.11=$DEB_VERSION"
UPSTREAM=${DEB_VERSION%%-*}
echo "$ORIG_SHA256  python3.11_$UPSTREAM.orig.tar.gz" | sha256sum -c -
dpkg-source -x "python3.11_$DEB_VERSION.dsc" src > dpkg-source.log
echo "RESULT Debian patches applied: $(grep -cv '^#' src/debian/patches/series)"
cd src
# Debian builds pyexpat into libpython (its Modules/Setup); its security patch for CVE-2026-4224
# makes pyexpat.c include an internal header, which an upstream-style build (pyexpat as a shared
# module from setup.py) must allow with Py_BUILD_CORE_MODULE, as setup.py does for other modules.
if grep -q '#include "pycore_ceval.h"' Modules/pyexpat.c; then
    sed -i "s/Extension('pyexpat', sources=\['pyexpat.c'\])/Extension('pyexpat', sources=['pyexpat.c'], define_macros=[('Py_BUILD_CORE_MODULE', '1')])/" setup.py
    grep -q "Extension('pyexpat', sources=\['pyexpat.c'\], define_macros" setup.py
    echo "RESULT pyexpat built with Py_BUILD_CORE_MODULE (Debian's CVE-2026-4224 fix uses an internal header)"
fi

export CFLAGS="-O2 -g0 -include $HERE/glibc228.h"
export ac_cv_func_sem_clockwait=no
./configure "${FLAGS[@]}" > "$HERE/configure.log"
make -j"$(nproc)" > "$HERE/make.log" 2>&1 || { tail -40 "$HERE/make.log"; exit 1; }
# setup.py only warns when an extension module fails; a missing pyexpat breaks pip and venv.
if grep -A3 -E "^(Failed to build these modules|Following modules built successfully but were removed)" "$HERE/make.log"; then
    echo "CPython extension modules failed to build (see $HERE/make.log)" >&2
    exit 1
fi
# The maths functions now bound to the old glibc versions: their tests must still pass.
LD_LIBRARY_PATH=$PWD ./python -m test -q test_math test_cmath test_statistics test_threading > "$HERE/test.log" 2>&1 \
    || { tail -40 "$HERE/test.log"; exit 1; }
echo "RESULT CPython tests: $(grep -E '^(Tests result|Total tests|Total duration)' "$HERE/test.log" | tr '\n' ' ')"
make install > "$HERE/install.log" 2>&1
PREFIX=$("./python" -c 'import sysconfig; print(sysconfig.get_config_var("prefix"))')
"$PREFIX/bin/python3.11" -c 'import ssl, ctypes, lzma, bz2, zlib, uuid, sqlite3, _decimal; print("RESULT modules: ssl", ssl.OPENSSL_VERSION)'
"$PREFIX/bin/python3.11" -VV | sed 's/^/RESULT /'
rm -rf "$HERE/src"  # 450 MB of build tree; the logs stay
