#!/bin/sh
# Portable copy: add (or with --remove, take away) a menu entry for this folder, for the
# current user only. No administrator rights needed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/nianbao.desktop" "$icons/256x256/apps/nianbao.png" "$icons/scalable/apps/nianbao.svg"
    echo "已从菜单中删除「政务公开年报助手」。"
    exit 0
fi
mkdir -p "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
cp "$here/share/nianbao.svg" "$icons/scalable/apps/nianbao.svg"
cp "$here/share/nianbao-256.png" "$icons/256x256/apps/nianbao.png"
sed -e "s|^Exec=.*|Exec=\"$here/nianbao\" %f|" -e "s|^TryExec=.*|TryExec=$here/nianbao|" \
    "$here/share/nianbao.desktop" > "$apps/nianbao.desktop"
chmod 644 "$apps/nianbao.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "已在菜单中添加「政务公开年报助手」（办公类）。程序位置：$here"
