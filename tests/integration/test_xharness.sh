#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test_xharness.sh XGRAB_CLI XSTANDIN - proves the X11 test harness without the viewer:
#  1. Xvfb 640x480 through xenv.sh; xsetroot a solid colour; every pixel read back
#     with xgrab-cli (pixel, solid and a full grab compared with an expected PPM),
#     plus negative controls;
#  2. openbox: _NET_NUMBER_OF_DESKTOPS >= 2;
#  3. the xstandin client: found by WM_CLASS with xgrab-cli window, 200x100, its
#     client area is its colour, closed through the WM;
#  4. xenv_stop removes everything (twice is fine);
#  5. Xorg + dummy driver: two 1920x1080 monitors side by side, pixels on both.
# Exits 77 (skipped) when a program it needs is not installed (scripts/deps.sh test).
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2015 # "A && B || fail": fail exits, so this is if-then-else
set -eu

XGRAB=${1:?usage: test_xharness.sh XGRAB_CLI XSTANDIN}
XSTANDIN=${2:?usage: test_xharness.sh XGRAB_CLI XSTANDIN}
here=$(cd "$(dirname "$0")" && pwd)
XENV_SRCDIR=$here/x11
outer_display=${DISPLAY-unset}

skip() {
	echo "SKIP: $*"
	exit 77
}
for prog in Xvfb openbox wmctrl xprop xdpyinfo xsetroot xrandr timeout setsid cmp; do
	command -v "$prog" >/dev/null 2>&1 ||
		skip "'$prog' is not installed (run scripts/deps.sh test)"
done
[ -x "$XGRAB" ] || skip "$XGRAB is not built"
[ -x "$XSTANDIN" ] || skip "$XSTANDIN is not built"

# shellcheck source=x11/xenv.sh
. "$XENV_SRCDIR/xenv.sh"

xorg_skip=""
command -v Xorg >/dev/null 2>&1 || xorg_skip="Xorg is not installed (xserver-xorg-core)"
xenv_dummy_driver >/dev/null ||
	xorg_skip="xf86-video-dummy is not installed (xserver-xorg-video-dummy)"
[ "$(id -u)" = 0 ] || xorg_skip="Xorg with the dummy driver needs root"

work=$(mktemp -d "${TMPDIR:-/tmp}/test_xharness.XXXXXX")
cleanup() {
	xenv_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
	echo "FAIL: $*" >&2
	xenv_dump_logs
	exit 1
}
ok() { echo "ok - $*"; }
# After xenv_stop the socket of display $1 must be gone, or belong to a live server
# that a concurrent test started on the same number since.
no_stale_socket() {
	[ ! -e "/tmp/.X11-unix/X$1" ] || grep -q "/tmp/.X11-unix/X$1\$" /proc/net/unix
}
# Anything talking to an X server could hang: bound it.
T() { timeout -s KILL 20 "$@"; }

t0=$(date +%s%3N)

# --- 1. Xvfb, root colour --------------------------------------------------------
n=$(xenv_free_display) || fail "xenv_free_display"
[ "$n" -ge 70 ] && [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ] ||
	fail "xenv_free_display gave '$n'"
ok "xenv_free_display: $n"

xenv_start_xvfb auto 640x480 || fail "xenv_start_xvfb"
[ "$DISPLAY" = ":$XENV_DISPLAYNUM" ] || fail "DISPLAY=$DISPLAY, XENV_DISPLAYNUM=$XENV_DISPLAYNUM"
[ "$SDL_VIDEODRIVER" = x11 ] || fail "SDL_VIDEODRIVER=$SDL_VIDEODRIVER"
grep -qx "export DISPLAY=$DISPLAY" "$XENV_DIR/env" || fail "$XENV_DIR/env lacks DISPLAY"
kill -0 "$XENV_SERVER_PID" || fail "XENV_SERVER_PID $XENV_SERVER_PID is not running"
T xdpyinfo | grep -q 'dimensions: *640x480 pixels' || fail "root is not 640x480"
ok "Xvfb $DISPLAY 640x480 (pid $XENV_SERVER_PID)"

T xsetroot -solid '#336699' || fail "xsetroot"
for xy in "0 0" "639 0" "0 479" "639 479" "320 240"; do
	# shellcheck disable=SC2086
	px=$(T "$XGRAB" pixel "$DISPLAY" $xy) || fail "xgrab-cli pixel $xy"
	[ "$px" = 336699 ] || fail "pixel $xy is $px, want 336699"
done
ok "xgrab-cli pixel: corners and centre are 336699"

T "$XGRAB" solid "$DISPLAY" 0 0 640 480 336699 0 "$work/root-fail.ppm" ||
	fail "root is not uniformly 336699"
ok "xgrab-cli solid: all 307200 root pixels are 336699"

# A full grab, byte-compared with the PPM it must be.
T "$XGRAB" grab - 0 0 640 480 "$work/root.ppm" || fail "xgrab-cli grab"
printf '\063\146\231' >"$work/px"
i=0
while [ $i -lt 19 ]; do # 3 * 2^19 bytes >= 640*480*3
	cat "$work/px" "$work/px" >"$work/px2"
	mv "$work/px2" "$work/px"
	i=$((i + 1))
done
{
	printf 'P6\n640 480\n255\n'
	head -c $((640 * 480 * 3)) "$work/px"
} >"$work/want.ppm"
cmp -s "$work/want.ppm" "$work/root.ppm" || fail "grabbed PPM differs from the expected one"
ok "xgrab-cli grab: 640x480 PPM identical to the expected image"

# Negative controls: a wrong colour, the tolerance, outside the root, no server.
rc=0
T "$XGRAB" solid "$DISPLAY" 10 10 50 50 336698 0 2>"$work/err" || rc=$?
[ $rc = 1 ] || fail "solid with a wrong colour gave status $rc"
grep -q '2500 of 2500 pixels' "$work/err" || fail "unexpected message: $(cat "$work/err")"
T "$XGRAB" solid "$DISPLAY" 10 10 50 50 336698 1 || fail "tolerance 1 not honoured"
rc=0
T "$XGRAB" pixel "$DISPLAY" 640 0 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "pixel outside the root gave status $rc"
rc=0
T "$XGRAB" pixel :$((XENV_DISPLAYNUM + 400)) 0 0 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "pixel on a display without a server gave status $rc"
rc=0
T "$XGRAB" window "$DISPLAY" standin 0 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "window found before any stand-in ran (status $rc)"
ok "negative controls (wrong colour, tolerance, outside, no server, no window)"

# --- 2. openbox -------------------------------------------------------------------
xenv_start_openbox || fail "xenv_start_openbox"
kill -0 "$XENV_WM_PID" || fail "XENV_WM_PID $XENV_WM_PID is not running"
T wmctrl -m | grep -q '^Name: Openbox' || fail "wmctrl -m does not name Openbox"
desks=$(T xprop -root _NET_NUMBER_OF_DESKTOPS | sed -n 's/^.*= *\([0-9][0-9]*\)$/\1/p')
[ -n "$desks" ] && [ "$desks" -ge 2 ] || fail "_NET_NUMBER_OF_DESKTOPS='$desks'"
ok "openbox (pid $XENV_WM_PID) with $desks desktops"

# --- 3. stand-in client -----------------------------------------------------------
"$XSTANDIN" --color 20c040 >"$work/standin.out" 2>&1 &
standin=$!
xenv_track_pid "$standin" xstandin
geo=$(T "$XGRAB" window "$DISPLAY" standin 10000) || fail "stand-in window not found"
# shellcheck disable=SC2086
set -- $geo
xid=$1 wx=$2 wy=$3 ww=$4 wh=$5
[ "$ww" = 200 ] && [ "$wh" = 100 ] || fail "stand-in is ${ww}x$wh, want 200x100"
[ "$wx" -ge 0 ] && [ "$wy" -ge 1 ] && [ $((wx + ww)) -le 640 ] && [ $((wy + wh)) -le 480 ] ||
	fail "stand-in at $wx,$wy is not fully on screen below a title bar"
grep -qx "$xid" "$work/standin.out" || fail "xstandin printed '$(cat "$work/standin.out")', xgrab found $xid"
T xprop -id "$xid" WM_CLASS | grep -q '"standin", "standin"' || fail "WM_CLASS of $xid"
T xprop -id "$xid" _NET_FRAME_EXTENTS | grep -q '= [0-9]' || fail "openbox did not frame $xid"
ok "xgrab-cli window: standin $xid at $wx,$wy ${ww}x$wh (framed by openbox)"

# Mapped does not mean painted yet: poll the colour for up to 5 s.
deadline=$(($(date +%s%3N) + 5000))
until T "$XGRAB" solid "$DISPLAY" "$wx" "$wy" 200 100 20c040 0 "$work/standin-fail.ppm" \
	2>"$work/err"; do
	[ "$(date +%s%3N)" -lt "$deadline" ] || fail "stand-in not painted: $(cat "$work/err")"
	sleep 0.05
done
px=$(T "$XGRAB" pixel "$DISPLAY" $((wx + 100)) $((wy + 50))) || fail "xgrab-cli pixel"
[ "$px" = 20c040 ] || fail "stand-in centre is $px, want 20c040"
px=$(T "$XGRAB" pixel "$DISPLAY" "$wx" $((wy - 1))) || fail "xgrab-cli pixel"
[ "$px" != 20c040 ] || fail "the pixel above the client area has the client's colour"
ok "stand-in client area is 20c040 (all 20000 pixels), the frame above is $px"

T wmctrl -i -c "$xid" || fail "wmctrl -c"
deadline=$(($(date +%s%3N) + 5000))
while ps -o stat= -p "$standin" | grep -qv '^Z'; do
	[ "$(date +%s%3N)" -lt "$deadline" ] || fail "xstandin did not exit on WM_DELETE_WINDOW"
	sleep 0.05
done
rc=0
wait "$standin" || rc=$?
[ $rc = 0 ] || fail "xstandin exited with status $rc"
rc=0
T "$XGRAB" window "$DISPLAY" standin 0 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "closed stand-in still found"
ok "stand-in closed through the WM (WM_DELETE_WINDOW), exit status 0"

# --- 4. teardown ------------------------------------------------------------------
dnum=$XENV_DISPLAYNUM spid=$XENV_SERVER_PID wpid=$XENV_WM_PID dir=$XENV_DIR
xenv_stop
for p in $spid $wpid; do
	! kill -0 "$p" 2>/dev/null || fail "pid $p still runs after xenv_stop"
done
no_stale_socket "$dnum" || fail "socket of :$dnum left behind"
[ ! -e "$dir" ] || fail "scratch dir $dir left behind"
[ "${DISPLAY-unset}" = "$outer_display" ] || fail "DISPLAY not restored ('${DISPLAY-unset}')"
[ -z "${XENV_DIR:-}" ] && [ -z "${XENV_SERVER_PID:-}" ] || fail "xenv variables left set"
xenv_stop || fail "second xenv_stop"
ok "xenv_stop: Xvfb and openbox gone, socket and scratch dir removed; second call ok"

# --- 5. Xorg with the dummy driver, two monitors ------------------------------------
if [ -n "$xorg_skip" ]; then
	echo "parts 1-4 passed; SKIP part 5: $xorg_skip"
	exit 77
fi
xenv_start_xorg_dummy auto || fail "xenv_start_xorg_dummy"
mon=$(T xrandr --listmonitors) || fail "xrandr --listmonitors"
echo "$mon"
echo "$mon" | grep -qx 'Monitors: 2' || fail "not 2 monitors"
echo "$mon" | grep -q 'DUMMY0 *1920/[0-9]*x1080/[0-9]*+0+0 ' || fail "DUMMY0 not 1920x1080+0+0"
echo "$mon" | grep -q 'DUMMY1 *1920/[0-9]*x1080/[0-9]*+1920+0 ' || fail "DUMMY1 not 1920x1080+1920+0"
T xdpyinfo | grep -q 'dimensions: *3840x1080 pixels' || fail "root is not 3840x1080"
T xsetroot -solid '#102030' || fail "xsetroot"
T "$XGRAB" solid "$DISPLAY" 0 0 1920 1080 102030 0 "$work/left-fail.ppm" ||
	fail "left monitor not 102030"
T "$XGRAB" solid "$DISPLAY" 1920 0 1920 1080 102030 0 "$work/right-fail.ppm" ||
	fail "right monitor not 102030"
ok "Xorg dummy $DISPLAY: DUMMY0 at 0,0 and DUMMY1 at 1920,0, 3840x1080 root read back"
dnum=$XENV_DISPLAYNUM spid=$XENV_SERVER_PID
xenv_stop
! kill -0 "$spid" 2>/dev/null || fail "Xorg $spid still runs after xenv_stop"
no_stale_socket "$dnum" || fail "socket of :$dnum left behind"
ok "Xorg stopped"

echo "PASS test_xharness in $(($(date +%s%3N) - t0)) ms"
