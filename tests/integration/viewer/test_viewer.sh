#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview under a real X server. Usage:
#   test_viewer.sh LGVIEW LGBENCH VIEWER_CHECK XGRAB_CLI CASE
# CASE: pixels, scaling, cursor, damage, states, hostile (Xvfb, see
# viewer_check.c); wm (borderless + workspace under openbox); fullscreen (the
# chosen display of a two-monitor Xorg dummy server, under openbox).
set -eu
lgview=$1 lgbench=$2 check=$3 xgrab=$4 case=$5
XENV_SRCDIR=$(cd "$(dirname "$0")/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
trap 'status=$?; [ $status -eq 0 ] || { xenv_dump_logs; cat "${XENV_DIR:-/nonexistent}"/*.log 2>/dev/null | tail -n 40; }; xenv_stop' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "FAIL: $*"; exit 1; }

# Under ASan: Mesa's software driver is dlclose()d at exit and LeakSanitizer
# then reports its few remaining blocks against an "<unknown module>", which
# no suppression can match. Leak checking stays on in every other test; here
# ASan and UBSan still abort on any memory error.
case "${ASAN_OPTIONS:-}" in
*detect_leaks=1*) ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"; export ASAN_OPTIONS ;;
esac

# The window's geometry on the root: "XID X Y W H".
window_of() { "$xgrab" window "$DISPLAY" "$1" 15000; }

case $case in
wm)
	xenv_start_xvfb auto 1920x1080
	xenv_start_openbox
	"$lgview" --demo app:demoSize=320x200 -d win:workspace=2 win:size=400x300 \
		win:appId=lgview-wmtest >"$XENV_DIR/lgview.log" 2>&1 &
	pid=$!
	xenv_track_pid $pid lgview
	# The window leaves the current workspace (openbox unmaps it), so find
	# it through the WM's client list rather than as a viewable window.
	xid="" desktop=""
	for _ in $(seq 150); do
		line=$(wmctrl -lx 2>/dev/null | grep 'lgview-wmtest' | head -n 1) || true
		xid=$(echo "$line" | awk '{print $1}')
		desktop=$(echo "$line" | awk '{print $2}')
		[ "$desktop" = 2 ] && break
		sleep 0.1
	done
	[ -n "$xid" ] || fail "no window with WM_CLASS lgview-wmtest"
	[ "$desktop" = 2 ] || fail "the window is on workspace '$desktop', want 2"
	[ "$(xprop -id "$xid" _NET_WM_DESKTOP | sed -n 's/.*= //p')" = 2 ] ||
		fail "_NET_WM_DESKTOP: $(xprop -id "$xid" _NET_WM_DESKTOP)"
	xprop -id "$xid" WM_CLASS | grep -q '"lgview-wmtest"' || fail "WM_CLASS: $(xprop -id "$xid" WM_CLASS)"
	# Borderless: Motif hints ask for no decorations, and openbox drew no frame.
	hints=$(xprop -id "$xid" _MOTIF_WM_HINTS 2>/dev/null || true)
	echo "$hints" | grep -q '0x2, 0x0, 0x0' || fail "not borderless: $hints"
	frame=$(xprop -id "$xid" _NET_FRAME_EXTENTS 2>/dev/null | sed -n 's/.*= //p')
	[ "$frame" = "0, 0, 0, 0" ] || fail "window frame extents '$frame', want none"
	kill "$pid"; wait "$pid" || fail "lgview exited with $?"
	echo "ok: borderless window on workspace 2 with WM_CLASS lgview-wmtest"
	;;
fullscreen)
	xenv_start_xorg_dummy auto
	xenv_start_openbox
	for display in 1 DUMMY1; do
		"$lgview" --demo app:demoSize=320x200 -F "win:display=$display" \
			>"$XENV_DIR/lgview.log" 2>&1 &
		pid=$!
		xenv_track_pid $pid lgview
		geometry=""
		for _ in $(seq 100); do
			geometry=$(window_of lgview | cut -d' ' -f2-) || true
			[ "$geometry" = "1920 0 1920 1080" ] && break
			sleep 0.1
		done
		[ "$geometry" = "1920 0 1920 1080" ] ||
			fail "win:display=$display: window at '$geometry', want the second monitor (1920 0 1920 1080)"
		kill "$pid"; wait "$pid" || fail "lgview exited with $?"
		echo "ok: fullscreen on display $display covers the second monitor"
	done
	;;
*)
	xenv_start_xvfb auto 1920x1080
	"$check" "$lgview" "$lgbench" "$case"
	;;
esac
