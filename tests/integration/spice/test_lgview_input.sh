#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's window driven by real X input (XTest under Xvfb) reaches a SPICE
# server (libspice-server) as the right scancode bytes; the escape key never
# does, a tap of it captures and a click while captured reaches the mouse.
# lgview runs before its shared memory exists (input works while it waits).
# Usage: test_lgview_input.sh LGVIEW SPICE_SERVER XINJECT
set -eu
lgview=$1 server=$2 xinject=$3
. "$(dirname "$0")/testlib.sh"
XENV_SRCDIR=$(cd "$(dirname "$0")/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
dir=$(mktemp -d /tmp/lgview-input.XXXXXX)
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	xenv_stop
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

xenv_start_xvfb auto 1280x720
start_spice_server "$server" "$dir/spice.sock" server
"$lgview" app:shmFile="$dir/shm" spice:host="$dir/spice.sock" win:size=320x200 \
	win:appId=lgview-input >"$dir/lgview.log" 2>&1 &
xenv_track_pid $! lgview
wait_for "$dir/lgview.log" 'SPICE: connected' 20 || fail "lgview did not connect"

# a, b, Shift+Return, Right (an E0 key); the escape key alone (a tap:
# capture, never sent); a left click while captured; the escape key again.
"$xinject" "$DISPLAY" lgview-input k38 k56 d50 k36 u50 k114 k78 s300 b1 s200 k78 s300 ||
	fail "xinject failed"
wait_for "$dir/lgview.log" 'capture off' 10 || fail "the escape key did not toggle capture"
sleep 0.5
keys=$(awk '$1 == "KEY" { printf "%s ", $2 }' "$dir/server.log")
want="1e 9e 30 b0 2a 1c 9c aa e0 4d e0 cd "
[ "$keys" = "$want" ] || fail "scancodes '$keys', not '$want'"
grep -q 'capture on' "$dir/lgview.log" || fail "no capture"
clicks=$(awk '($1 == "MOTION" && $5 == 1) || $1 == "BUTTONS" { printf "%s ", $NF }' \
	"$dir/server.log")
[ "$clicks" = "1 0 " ] || fail "the click while captured: '$clicks'"
echo "keys: $keys; click while captured: $clicks"
echo PASS
