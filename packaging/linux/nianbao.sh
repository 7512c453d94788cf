#!/bin/sh
# /usr/bin/nianbao: start the bundled program installed under /opt/nianbao.
exec /opt/nianbao/nianbao "$@"
