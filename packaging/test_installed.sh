#!/usr/bin/env bash
# End-to-end test of the Linux installer: build from a clean checkout, install the .deb with
# dpkg -i, exercise the installed program with no network and no system CJK fonts, uninstall.
#
#   sudo packaging/test_installed.sh [--worktree | --deb FILE] [--build-dir DIR] [--runs N] [--keep]
#
#   --worktree       build from this working tree instead of a clean clone of HEAD
#   --deb FILE       test this .deb instead of building one (build_floor.sh does, in its chroot)
#   --build-dir DIR  reuse DIR for the build (its venv is kept between runs)
#   --runs N         start-up timing: median of N runs (default 5)
#   --keep           leave the package installed
#
# Needs root (dpkg -i, unshare -n), Debian packages dpkg-dev, xvfb, fontconfig, poppler-utils
# (pdffonts, pdftotext) and binutils. Takes 4-6 minutes on 2 cores, mostly the build and xz
# compression, which is why it is not part of `python3 -m pytest` (see packaging/README.md).
# Writes a report to BUILD_DIR/test-report.txt. NIANBAO_TEST_PYTHON: the Python with python-docx
# that writes the test's .docx (default python3; the check is skipped without python-docx).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
FROM_WORKTREE=0
DEB=""
BUILD_DIR=""
RUNS=5
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --worktree) FROM_WORKTREE=1; shift ;;
        --deb) DEB=$(readlink -f "$2"); shift 2 ;;
        --build-dir) BUILD_DIR=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n 2,18p "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (dpkg -i, unshare -n)" >&2; exit 2; }
for tool in dpkg-deb xvfb-run fc-list fc-scan xz pdffonts pdftotext objdump unshare; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
if dpkg-query -W nianbao >/dev/null 2>&1; then
    echo "the nianbao package is already installed; remove it first (dpkg -r nianbao)" >&2
    exit 2
fi

TMP=$(mktemp -d /tmp/nianbao-test.XXXXXX)
BUILD_DIR=${BUILD_DIR:-$TMP/build}
mkdir -p "$BUILD_DIR"
REPORT="$BUILD_DIR/test-report.txt"
: > "$REPORT"
INSTALLED=0
cleanup() {
    if [ "$INSTALLED" = 1 ] && [ "$KEEP" = 0 ]; then
        dpkg -r nianbao >/dev/null && echo "removed the nianbao package again"
    fi
    rm -rf "$TMP/checkout" "$TMP/home"
}
trap cleanup EXIT
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
pass=0; fail=0
check() {  # check NAME COMMAND...: run, record PASS/FAIL
    local name=$1; shift
    if "$@" >"$TMP/out.txt" 2>&1; then
        pass=$((pass + 1)); say "PASS  $name"
    else
        fail=$((fail + 1)); say "FAIL  $name"; sed 's/^/      /' "$TMP/out.txt" | tail -20 | tee -a "$REPORT"
    fi
}

# --- 1. build --------------------------------------------------------------------------------
if [ -n "$DEB" ]; then
    CHECKOUT=$SRC  # the test data (tests/data/import) comes from this tree
    say "package: $DEB (not built by this script)"
    [ -f "$(dirname "$DEB")/build-info.txt" ] && sed 's/^/  /' "$(dirname "$DEB")/build-info.txt" | tee -a "$REPORT"
elif [ "$FROM_WORKTREE" = 1 ]; then
    CHECKOUT=$SRC
    say "source: working tree $SRC ($(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?'))"
else
    CHECKOUT="$TMP/checkout"
    git clone -q --no-local "$SRC" "$CHECKOUT"
    say "source: clean clone of $(git -C "$CHECKOUT" rev-parse --short HEAD) ($(git -C "$CHECKOUT" log -1 --format=%s | cut -c1-60))"
fi
if [ -z "$DEB" ]; then
    start=$(date +%s)
    nice -n 10 "$CHECKOUT/packaging/build_linux.sh" --out "$BUILD_DIR" > "$BUILD_DIR/build.log" 2>&1 \
        || { tail -30 "$BUILD_DIR/build.log"; echo "build failed (log: $BUILD_DIR/build.log)" >&2; exit 1; }
    say "build: $(( $(date +%s) - start )) s"
    sed 's/^/  /' "$BUILD_DIR/build-info.txt" | tee -a "$REPORT"
    DEB=$(ls "$BUILD_DIR"/nianbao_*.deb)
fi

# --- 2. install ------------------------------------------------------------------------------
check "dpkg -i $(basename "$DEB")" dpkg -i "$DEB"
dpkg-query -W nianbao >/dev/null 2>&1 && INSTALLED=1
[ "$INSTALLED" = 1 ] || { say "not installed, stopping"; exit 1; }
say "installed: $(du -sh /opt/nianbao | cut -f1) in /opt/nianbao, Installed-Size $(dpkg-query -W -f='${Installed-Size}' nianbao) KiB"
check "launcher /usr/bin/nianbao and menu entry installed" \
    test -x /usr/bin/nianbao -a -f /usr/share/applications/nianbao.desktop \
         -a -f /usr/share/icons/hicolor/256x256/apps/nianbao.png -a -f /usr/share/icons/hicolor/scalable/apps/nianbao.svg
if command -v desktop-file-validate >/dev/null; then
    check ".desktop file valid" desktop-file-validate /usr/share/applications/nianbao.desktop
fi
check "every shared library resolves (ldd)" \
    bash -c '! find /opt/nianbao -type f -name "*.so*" -exec ldd {} + 2>&1 | grep "not found"'

# --- 3. the installed program, no network, no system fonts ----------------------------------
# An empty font folder is all fontconfig sees; HOME and the caches are throw-away folders.
mkdir -p "$TMP/nofonts" "$TMP/home" "$TMP/out"
cat > "$TMP/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$TMP/nofonts</dir>
  <cachedir>$TMP/fccache</cachedir>
</fontconfig>
EOF
NET="unshare -n"
if ! unshare -n true 2>/dev/null; then
    NET=""; say "NOTE  unshare -n is not available: the tests below run WITH network access"
fi
run() {  # run the command isolated: no network, no fonts, empty HOME
    env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$TMP/home" \
        FONTCONFIG_FILE="$TMP/fonts.conf" ${QT_QPA_PLATFORM:+QT_QPA_PLATFORM=$QT_QPA_PLATFORM} \
        $NET "$@"
}
SAMPLE=/opt/nianbao/_internal/nianbao/resources/samples/seed-2020.json
VERSION=$(dpkg-query -W -f='${Version}' nianbao)

# Outputs go to a file before grep reads them: `cmd | grep -q` fails under pipefail when grep
# stops reading early and cmd dies of SIGPIPE.
has() {  # has PATTERN CMD...: CMD succeeds and its output contains PATTERN
    local pattern=$1; shift
    "$@" > "$TMP/cmd.txt" 2>&1 || { cat "$TMP/cmd.txt"; return 1; }
    cat "$TMP/cmd.txt"; grep -q -- "$pattern" "$TMP/cmd.txt"
}
t_no_network() { [ -z "$NET" ] || ! $NET getent ahosts pypi.org; }
t_no_fonts() { FONTCONFIG_FILE="$TMP/fonts.conf" fc-list > "$TMP/fc.txt"; [ ! -s "$TMP/fc.txt" ]; }
t_version() { has "^nianbao $VERSION\$" run nianbao --version; }
t_csv() { run nianbao export "$SAMPLE" -o "$TMP/out/sample.csv" && has 'table,row,column' head -1 "$TMP/out/sample.csv"; }
bundled_fonts() {  # PostScript names of the fonts in the bundle's resources (.xz ones unpacked first)
    local f
    for f in /opt/nianbao/_internal/nianbao/resources/fonts/*; do
        case "$f" in
            *.xz) xz -dc "$f" > "$TMP/font.ttf" && fc-scan --format '%{postscriptname}\n' "$TMP/font.ttf" ;;
            *.ttf|*.ttc|*.otf) fc-scan --format '%{postscriptname}\n' "$f" ;;
        esac
    done | sort -u
}
t_pdf_fonts() {  # every font embedded, and each one of the bundled ones (subset prefix ABCDEF+ stripped)
    has Fandol pdffonts "$TMP/out/sample.pdf" || return 1
    tail -n +3 "$TMP/cmd.txt" | awk '{ print $1, $(NF-4) }' | sed 's/^[A-Z]*+//' > "$TMP/fonts.txt"
    bundled_fonts > "$TMP/bundled.txt"
    echo "bundled: $(tr '\n' ' ' < "$TMP/bundled.txt")"
    ! awk '$2 != "yes"' "$TMP/fonts.txt" | grep . && ! awk '{ print $1 }' "$TMP/fonts.txt" | grep -vxFf "$TMP/bundled.txt"
}
t_pdf_text() { has '政府信息公开工作年度报告' pdftotext "$TMP/out/sample.pdf" -; }
t_smoke_offscreen() { QT_QPA_PLATFORM=offscreen has 自检通过 run nianbao --smoke-test; }
t_smoke_xvfb() {  # QT_QPA_PLATFORM=xcb: fail if the xcb plugin cannot load instead of falling back
    QT_QPA_PLATFORM=xcb has 自检通过 run xvfb-run -a -s '-screen 0 1280x800x24' nianbao --smoke-test
}
check "no network inside the test namespace" t_no_network
check "fontconfig sees no fonts at all" t_no_fonts
check "nianbao --version" t_version
check "nianbao check (sample)" run nianbao check "$SAMPLE"
check "nianbao export → CSV" t_csv
check "nianbao export → PDF" run nianbao export "$SAMPLE" -o "$TMP/out/sample.pdf"
check "PDF embeds only the bundled fonts" t_pdf_fonts
check "PDF text is Chinese and extractable" t_pdf_text
t_import_pdf() {  # the PDF just exported, read back by the bundled pdfplumber
    has '找到 [0-9]* 个' run nianbao import "$TMP/out/sample.pdf" -o "$TMP/out/from-pdf.json" \
        && run nianbao check "$TMP/out/from-pdf.json" >/dev/null
}
t_import_html() { has '已导入' run nianbao import "$CHECKOUT/tests/data/import/report-2021-format.html" -o "$TMP/out/from-html.json"; }
t_import_docx() {  # a small Word file made with the developers' python-docx, read by the bundled one
    local py=${NIANBAO_TEST_PYTHON:-python3}
    "$py" -c "import docx" 2>/dev/null || { echo "python-docx not installed here: skipped"; return 0; }
    "$py" - "$TMP/out/small.docx" <<'PY'
import sys, docx
d = docx.Document()
d.add_paragraph("测试镇人民政府2021年政府信息公开工作年度报告")
d.add_paragraph("一、总体情况")
d.save(sys.argv[1])
PY
    has '已导入' run nianbao import "$TMP/out/small.docx" -o "$TMP/out/from-docx.json"
}
check "nianbao import ← the exported PDF" t_import_pdf
check "nianbao import ← HTML" t_import_html
check "nianbao import ← .docx" t_import_docx
check "--smoke-test, QT_QPA_PLATFORM=offscreen" t_smoke_offscreen
check "--smoke-test under Xvfb (xcb platform plugin)" t_smoke_xvfb

# A picture of the installed window under Xvfb with no system fonts, for a person to look at
# (Chinese must render from the bundled fonts). Needs ImageMagick's `import`; skipped otherwise.
if command -v import >/dev/null; then
    printf '#!/bin/sh\nnianbao "%s" >/dev/null 2>&1 &\nsleep 6\nimport -window root "%s"\nkill $! 2>/dev/null\n' \
        "$SAMPLE" "$BUILD_DIR/screenshot-xvfb.png" > "$TMP/shot.sh"
    chmod +x "$TMP/shot.sh"
    if QT_QPA_PLATFORM=xcb run xvfb-run -a -s '-screen 0 1366x768x24' "$TMP/shot.sh"; then
        say "screenshot of the installed window (no system fonts): $BUILD_DIR/screenshot-xvfb.png"
    fi
fi

# --- 4. start-up time: installed vs from source ----------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; }
CAN_DROP=1; drop_caches || CAN_DROP=0
time_runs() {  # time_runs cold|warm CMD...: median wall time (ms) of RUNS smoke tests
    local mode=$1; shift
    [ "$mode" = warm ] && QT_QPA_PLATFORM=offscreen run "$@" --smoke-test >/dev/null 2>&1
    for _ in $(seq "$RUNS"); do
        [ "$mode" = cold ] && drop_caches
        local t0; t0=$(date +%s%N)
        QT_QPA_PLATFORM=offscreen run "$@" --smoke-test >/dev/null 2>&1 || echo "run failed: $*" >&2
        echo $(( ($(date +%s%N) - t0) / 1000000 ))
    done | median
}
# From source: the developers' interpreter with the editable install of this tree.
PY_SRC=$(python3 -c 'import sys, nianbao.core; print(sys.executable)' 2>/dev/null || true)
FROM_SOURCE=("$PY_SRC" -c 'import sys; from nianbao.core.cli import main; sys.exit(main(sys.argv[1:]))')
[ -n "$PY_SRC" ] || say "start-up from source: no python3 with nianbao here, only the installed program is timed"
for mode in cold warm; do
    if [ "$mode" = cold ] && [ "$CAN_DROP" = 0 ]; then
        say "start-up, cold: cannot drop the page cache here (not root or in a container), skipped"
        continue
    fi
    t_installed=$(time_runs "$mode" nianbao)
    t_source=$([ -n "$PY_SRC" ] && time_runs "$mode" "${FROM_SOURCE[@]}" || echo "-")
    say "start-up to first paint ($mode page cache, median of $RUNS, --smoke-test offscreen, whole process): installed ${t_installed} ms, from source ${t_source} ms"
done

# --- 5. glibc floor of what was installed ----------------------------------------------------
say "$("${NIANBAO_TEST_PYTHON:-python3}" "$SRC/packaging/glibc_floor.py" /opt/nianbao --top 3)"

say ""
say "$pass passed, $fail failed"
[ "$fail" = 0 ]
