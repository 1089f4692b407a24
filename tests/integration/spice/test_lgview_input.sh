#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's window driven by real X input (XTest under Xvfb) reaches a SPICE
# server (libspice-server) as the right scancode bytes; the escape key never
# does, a tap of it captures and a click while captured reaches the mouse.
# lgview runs before its shared memory exists (input works while it waits).
# Then a guest that tells its VM UUID: a SPICE server of another VM gets no
# input, and once the right one is back, input flows again. Last, client
# (absolute) mouse mode against a server with a display and a tablet.
# Usage: test_lgview_input.sh LGVIEW SPICE_SERVER XINJECT LGBENCH
set -eu
lgview=$1 server=$2 xinject=$3 lgbench=$4
. "$(dirname "$0")/testlib.sh"
XENV_SRCDIR=$(cd "$(dirname "$0")/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
dir=$(mktemp -d /tmp/lgview-input.XXXXXX)
spid= lpid= gpid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null || true
	[ -n "$gpid" ] && kill "$gpid" 2>/dev/null || true
	xenv_stop
	rm -rf "$dir"
}
trap cleanup EXIT
exit_on_signals
no_leak_checks_for_mesa

xenv_start_xvfb auto 1280x720
# The server wants a password; lgview reads it from spice:passwordFile.
printf 'a secret\n' >"$dir/password"
"$server" --unix "$dir/spice.sock" --password 'a secret' >"$dir/server.log" 2>&1 &
spid=$!
wait_for "$dir/server.log" '^READY' 10 || fail "the SPICE server did not start"
"$lgview" app:shmFile="$dir/shm" spice:host="$dir/spice.sock" spice:passwordFile="$dir/password" \
	win:size=320x200 win:appId=lgview-input >"$dir/lgview.log" 2>&1 &
lpid=$!
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

# A guest of VM A, a SPICE server of VM B: no input reaches B.
kill "$lpid" "$spid"
wait "$lpid" "$spid" 2>/dev/null || true
lpid= spid=
vm_a=0a0a0a0a-0000-4000-8000-00000000000a vm_b=0b0b0b0b-0000-4000-8000-00000000000b
G_MESSAGES_DEBUG=all "$lgbench" produce -f "$dir/guest" -s 320x200 -r 10 --uuid $vm_a -q \
	>"$dir/guest.log" 2>&1 &
gpid=$!
rm -f "$dir/spice.sock"
"$server" --unix "$dir/spice.sock" --uuid $vm_b >"$dir/wrong.log" 2>&1 &
spid=$!
wait_for "$dir/wrong.log" '^READY' 10 || fail "the second SPICE server did not start"
"$lgview" app:shmFile="$dir/guest" spice:host="$dir/spice.sock" win:size=320x200 \
	win:appId=lgview-input2 >"$dir/lgview2.log" 2>&1 &
lpid=$!
wait_for "$dir/lgview2.log" "$vm_b) is not the guest" 30 || fail "no wrong-VM warning"
"$xinject" "$DISPLAY" lgview-input2 k38 s500 || fail "xinject failed"
! grep -q '^KEY' "$dir/wrong.log" || fail "input reached the other VM"
echo "wrong VM: warned, nothing sent"
# The right VM's server comes back on the socket: input again.
kill "$spid"
wait "$spid" 2>/dev/null || true
rm -f "$dir/spice.sock"
"$server" --unix "$dir/spice.sock" --uuid $vm_a >"$dir/right.log" 2>&1 &
spid=$!
wait_for "$dir/lgview2.log" 'input is on again' 30 || fail "input did not come back"
wait_for "$dir/lgview2.log" 'SPICE: connected' 30 || fail "no reconnect"
sleep 0.5
# Then out to the left (within the second lgbench parks its pointer where
# SETCURSORPOS put it).
"$xinject" "$DISPLAY" lgview-input2 k38 m-50,-30 s300 m10,0 s200 m-300,15 s300 p \
	>"$dir/pointer.log" 2>&1 || fail "xinject failed"
wait_for "$dir/right.log" '^KEY 9e' 10 || fail "no input to the right VM"
echo "right VM: input flows again"
# Server mouse mode outside capture: entering the picture puts the guest's
# pointer under ours (SETCURSORPOS, through the ring), then moves follow.
wait_for "$dir/guest.log" 'moved the guest cursor to 110,70' 10 ||
	fail "the guest's pointer was not lined up: $(grep 'moved the guest' "$dir/guest.log")"
wait_for "$dir/right.log" '^MOTION 10 0 0 0' 10 || fail "no relative move after lining up"
echo "lined up at 110,70, then moved by 10,0"
# Leaving to the left: the local pointer goes on from where the guest's is
# (110,70), just outside the window's left edge, not where ours went (y 85).
grep -qx 'POINTER -1 70' "$dir/pointer.log" ||
	fail "after leaving, the pointer is at $(cat "$dir/pointer.log"), not -1,70"
echo "left the window where the guest's pointer was: -1,70"
# Back in (xinject starts at the centre: lined up at 160,100, parked there
# for a second), on to 110,70, captured, moved, released: the local pointer
# comes back where the guest's is (160,100), not where capture began.
"$xinject" "$DISPLAY" lgview-input2 m-50,-30 s100 k78 s150 m30,30 s150 k78 s300 p \
	>"$dir/pointer2.log" 2>&1 || fail "xinject failed"
grep -qx 'POINTER 160 100' "$dir/pointer2.log" ||
	fail "after capture, the pointer is at $(cat "$dir/pointer2.log"), not 160,100"
echo "released from capture where the guest's pointer was: 160,100"
# Escape key + Q quits, promptly and cleanly, with the session up.
"$xinject" "$DISPLAY" lgview-input2 d78 k24 u78 || fail "xinject failed"
i=0
while kill -0 "$lpid" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "lgview did not quit within 5 s of Esc+Q"
	sleep 0.05
done
status=0
wait "$lpid" || status=$?
lpid=
[ "$status" -eq 0 ] || fail "lgview exited with $status"
grep '^KEY' "$dir/right.log" | grep -q -v '^KEY 1e$\|^KEY 9e$' &&
	fail "the quit chord reached the guest: $(grep '^KEY' "$dir/right.log" | tr '\n' ' ')"
echo "Esc+Q: lgview quit cleanly, nothing of it sent"

# Client (absolute) mouse mode: a VM with a display and a tablet. The
# window is twice the guest's size, so window pixels map to guest pixels
# halved; the pointer starts at the window's centre (guest 160,100), where
# it may already be (no event then).
kill "$spid"
wait "$spid" 2>/dev/null || true
rm -f "$dir/spice.sock"
mkfifo "$dir/control"
"$server" --unix "$dir/spice.sock" --uuid $vm_a --display 320x200 --control "$dir/control" \
	>"$dir/abs.log" 2>&1 &
spid=$!
wait_for "$dir/abs.log" '^READY' 10 || fail "the SPICE server with a display did not start"
"$lgview" app:shmFile="$dir/guest" spice:host="$dir/spice.sock" win:size=640x400 \
	win:appId=lgview-abs >"$dir/lgview3.log" 2>&1 &
lpid=$!
wait_for "$dir/lgview3.log" 'SPICE: connected' 30 || fail "lgview did not connect"
sleep 1
"$xinject" "$DISPLAY" lgview-abs s300 m40,20 s300 b1 s300 m-100,-60 s300 || fail "xinject failed"
wait_for "$dir/abs.log" '^TABLET 130 80 ' 10 ||
	fail "absolute moves: $(grep '^TABLET' "$dir/abs.log" | tr '\n' ' ')"
grep -q '^TABLET 180 110 0' "$dir/abs.log" || fail "+40,+20 is not guest 180,110"
grep -q '^TABLET_WHEEL 0 1\|^TABLET_BUTTONS 1' "$dir/abs.log" || fail "no click in client mode"
grep -q '^MOTION' "$dir/abs.log" && fail "relative motion in client mode"
echo "client mouse mode: the centre +40,+20 at guest 180,110, then 130,80, a click, no relative motion"
# A server that flips the mouse mode (the tablet unplugged and back, ten
# times in a row): logged, never fatal, and absolute moves work after.
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf 'TABLET off\nTABLET on\n' >"$dir/control"
done
sleep 1
kill -0 "$lpid" 2>/dev/null || fail "lgview died of mouse mode flips"
grep -q 'mouse mode server' "$dir/lgview3.log" || fail "no word of the flip to server mode"
"$xinject" "$DISPLAY" lgview-abs s300 m20,20 s300 || fail "xinject failed"
tail -n 3 "$dir/abs.log" | grep -q '^TABLET ' || fail "no absolute move after the flips: $(tail -n 3 "$dir/abs.log")"
echo "mouse mode flipped 20 times: logged, and absolute moves after"
echo PASS
