#!/usr/bin/env bash
# Inside the floor chroot, with the nianbao .deb installed: does Chinese input reach a cell?
#
#   test_fcitx.sh [SCREENSHOT.png]      (packaging/build_floor.sh --fcitx runs it)
#
# Xvfb + a D-Bus session + fcitx5 (Debian 11's 5.0.5 with its IBus frontend and the pinyin
# engine); the installed program started as a Fcitx desktop starts it (QT_IM_MODULE=fcitx; the
# bundle carries Qt's IBus input context only, see packaging/nianbao_main.py). xdotool clicks the 机关名称 field, switches fcitx5 to pinyin, types "zhongguo"
# and a space; the draft is saved with Ctrl+S and its agency must then hold 中国.
# One line per check, as test_installed.sh.
set -uo pipefail
SHOT=${1:-/tmp/fcitx.png}
export HOME=/tmp/fcitx-home LANG=C.UTF-8 DISPLAY=:71 XDG_RUNTIME_DIR=/tmp/fcitx-home
rm -rf "$HOME" && mkdir -p "$HOME/.config/fcitx5" && chmod 700 "$HOME"
pass=0; fail=0
check() { if "${@:2}"; then pass=$((pass + 1)); echo "PASS  $1"; else fail=$((fail + 1)); echo "FAIL  $1"; fi; }
dbus-uuidgen --ensure
Xvfb :71 -screen 0 1366x768x24 >/dev/null 2>&1 & XVFB=$!
sleep 2
eval "$(dbus-launch --sh-syntax)"
cat > "$HOME/.config/fcitx5/profile" <<'P'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
P
fcitx5 -d --replace > "$HOME/fcitx5.log" 2>&1
sleep 4
cp /opt/nianbao/_internal/nianbao/resources/samples/seed-2020.json "$HOME/draft.json"
# As a Fcitx desktop sets it up: QT_IM_MODULE=fcitx, XMODIFIERS=@im=fcitx. The frozen entry script
# (packaging/nianbao_main.py) turns that into Qt's IBus plugin over fcitx5's IBus portal (fcitx5
# 5.0.5 writes an empty IBUS_ADDRESS into ~/.config/ibus/bus/*, so the portal is the way in).
QT_IM_MODULE=fcitx XMODIFIERS=@im=fcitx QT_DEBUG_PLUGINS=1 QT_QPA_PLATFORM=xcb nianbao "$HOME/draft.json" > "$HOME/app.log" 2>&1 & APP=$!
sleep 10
t_plugin() { grep -q 'libibusplatforminputcontextplugin' "$HOME/app.log" && ! grep -qi 'cannot load.*ibus' "$HOME/app.log"; }
t_ibus_bus() { ls "$HOME"/.config/ibus/bus/* >/dev/null 2>&1; }
check "fcitx5 runs with its IBus frontend" t_ibus_bus
check "Qt's IBus input-context plugin loaded (QT_DEBUG_PLUGINS=1)" t_plugin
# 机关名称 field of the 基本信息 tab (the window fills the 1366x768 screen, as in test_installed.sh's picture).
xdotool mousemove 700 133 click 1; sleep 1
xdotool key ctrl+a; sleep 0.5
xdotool key ctrl+space; sleep 1           # fcitx5: activate the input method (pinyin)
xdotool type --delay 150 zhongguo; sleep 1
xdotool key space; sleep 1                # commit the first candidate
import -window root "$SHOT" 2>/dev/null
xdotool key ctrl+s; sleep 2
t_commit() { grep -q '"agency": *"中国' "$HOME/draft.json"; }
check "pinyin 'zhongguo' + space committed 中国 into 机关名称 (saved draft)" t_commit
echo "agency in the saved draft: $(grep -o '"agency": "[^"]*"' "$HOME/draft.json" | head -1)"
kill $APP 2>/dev/null; fcitx5-remote -e 2>/dev/null; kill $XVFB 2>/dev/null; kill "$DBUS_SESSION_BUS_PID" 2>/dev/null
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
