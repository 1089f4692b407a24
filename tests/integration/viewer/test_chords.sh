#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The escape key's V and N chords on a real guest picture under Xvfb:
# Esc+V takes lgview out of the guest's frame queue (the guest, lgbench
# produce, sees no viewer of frames, so it could stop capturing) and back
# in; Esc+N dims the picture (read back from the X server) and undims it.
# Then the local pointer: hidden over the focused window, a dot without it;
# and input:autoCapture with a guest that hides its pointer.
# Usage: test_chords.sh LGVIEW LGBENCH XINJECT XGRAB_CLI
set -eu
lgview=$1 lgbench=$2 xinject=$3 xgrab=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../spice/testlib.sh"
XENV_SRCDIR=$(cd "$here/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
dir=$(mktemp -d /tmp/lgview-chords.XXXXXX)
gpid= lpid=
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null || true
	[ -n "$gpid" ] && kill "$gpid" 2>/dev/null || true
	xenv_stop
	rm -rf "$dir"
}
trap cleanup EXIT
exit_on_signals
no_leak_checks_for_mesa

xenv_start_xvfb auto 640x480
G_MESSAGES_DEBUG=all "$lgbench" produce -f "$dir/guest" -s 320x200 -r 30 -q >"$dir/guest.log" 2>&1 &
gpid=$!
"$lgview" app:shmFile="$dir/guest" spice:enable=no win:size=320x200 win:appId=lgview-chords \
	>"$dir/lgview.log" 2>&1 &
lpid=$!
wait_for "$dir/guest.log" 'a viewer takes frames' 30 || fail "lgview never took frames"
# Esc+V: out of the frame queue; again: back in.
"$xinject" "$DISPLAY" lgview-chords d78 k55 u78 s500 || fail "xinject failed"
wait_for "$dir/guest.log" 'no viewer takes frames' 10 || fail "Esc+V did not leave the frame queue"
wait_for "$dir/lgview.log" 'frames off' 5 || fail "no word of frames off"
"$xinject" "$DISPLAY" lgview-chords d78 k55 u78 s500 || fail "xinject failed"
n=$(grep -c 'a viewer takes frames' "$dir/guest.log")
[ "$n" -ge 2 ] || fail "Esc+V again did not take frames again"
echo "Esc+V: out of the guest's frame queue and back"

# Esc+N: a still spot of the picture (lgbench's background, away from its
# moving parts: its top-left corner) at 40 % and back.
set -- $("$xgrab" window - lgview-chords 5000)
wx=$2 wy=$3
px() { "$xgrab" pixel - $((wx + 2)) $((wy + 2)); }
sleep 0.3
before=$(px)
"$xinject" "$DISPLAY" lgview-chords d78 k57 u78 s500 || fail "xinject failed"
dim=$(px)
"$xinject" "$DISPLAY" lgview-chords d78 k57 u78 s500 || fail "xinject failed"
after=$(px)
echo "pixel: $before, night $dim, again $after"
# Each channel of the dimmed pixel is 40 % of the bright one, +-2.
for i in 0 2 4; do
	b=$(printf '%d' "0x$(echo "$before" | cut -c$((i + 1))-$((i + 2)))")
	d=$(printf '%d' "0x$(echo "$dim" | cut -c$((i + 1))-$((i + 2)))")
	[ $((d * 10)) -ge $((b * 4 - 20)) ] && [ $((d * 10)) -le $((b * 4 + 20)) ] ||
		fail "night: $dim is not 40 % of $before"
done
[ "$after" = "$before" ] || fail "after night off: $after, not $before"
[ "$before" != "000000" ] || fail "the spot is black: nothing to dim"
echo "Esc+N: the picture at 40 % and back"

# The local pointer over the window: hidden with the focus (the guest's is
# drawn), a 7x7 dot without it (spice:showCursorDot), hidden again.
"$xinject" "$DISPLAY" lgview-chords s200 c f0 s400 c f1 s400 c >"$dir/cursor.log" 2>&1 ||
	fail "xinject failed"
set -- $(grep '^CURSOR' "$dir/cursor.log" | awk '{ print $2 ":" $3 }')
[ "$#" = 3 ] || fail "cursor: $(cat "$dir/cursor.log")"
[ "${1#*:}" = 0 ] && [ "$2" = "7x7:29" ] && [ "${3#*:}" = 0 ] ||
	fail "the local pointer was $1, $2, $3 (focused, not, again), not hidden, a dot, hidden"
echo "the local pointer: hidden, a dot without the focus ($2), hidden again"

# input:grabKeyboardOnFocus: the keyboard is grabbed while the window has
# the focus, capture or not, and let go without it.
kill "$lpid"
wait "$lpid" 2>/dev/null || true
"$lgview" app:shmFile="$dir/guest" spice:enable=no input:grabKeyboardOnFocus=yes \
	win:size=320x200 win:appId=lgview-grab >"$dir/grab.log" 2>&1 &
lpid=$!
"$xinject" "$DISPLAY" lgview-grab s500 g f0 s400 g >"$dir/grab-x.log" 2>&1 || fail "xinject failed"
[ "$(grep '^GRAB' "$dir/grab-x.log" | tr '\n' ' ')" = "GRAB taken GRAB free " ] ||
	fail "grabKeyboardOnFocus: $(cat "$dir/grab-x.log") (focused, then not)"
echo "grabKeyboardOnFocus: grabbed with the focus, free without"

# input:autoCapture: a guest that hides its pointer (a game) is captured
# while the window has the focus, and released when the focus goes.
kill "$lpid" "$gpid"
wait "$lpid" "$gpid" 2>/dev/null || true
lpid= gpid=
"$lgbench" produce -f "$dir/game" -s 320x200 -r 30 -q --hide-cursor >"$dir/game.log" 2>&1 &
gpid=$!
"$lgview" app:shmFile="$dir/game" spice:enable=no input:autoCapture=yes win:size=320x200 \
	win:appId=lgview-game >"$dir/game-lgview.log" 2>&1 &
lpid=$!
"$xinject" "$DISPLAY" lgview-game s1000 || fail "xinject failed"
wait_for "$dir/game-lgview.log" 'capture on' 10 || fail "a hidden guest pointer was not captured"
"$xinject" "$DISPLAY" lgview-game f0 s500 || fail "xinject failed"
wait_for "$dir/game-lgview.log" 'capture off' 10 || fail "losing the focus did not release"
echo "autoCapture: a game's hidden pointer captured with the focus, released without"
echo PASS
