#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's input reaching a real guest kernel: Debian's kernel under QEMU
# with SPICE, PS/2 keyboard and mouse, a VGA display and a USB tablet;
# lgview under Xvfb connected to QEMU's SPICE server; real X key events
# (XTest) into lgview's window must arrive in the guest's evdev as the right
# KEY_* codes, in order; outside capture the pointer's moves and a click as
# the tablet's ABS_X/ABS_Y and BTN_LEFT (client mouse mode); a captured
# relative move as the PS/2 mouse's REL_X/REL_Y, exactly.
#   tests/kernel/input.sh BUILD_DIR LGVIEW XINJECT LGBENCH
# Exit 0 on success, 1 on failure, 77 when the packages are missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -eq 4 ] || { echo "usage: $0 BUILD_DIR LGVIEW XINJECT LGBENCH" >&2; exit 2; }
mkdir -p "$1" || exit 1
B=$(cd "$1" && pwd)/input
lgview=$2 xinject=$3 lgbench=$4
KVER=${KVER:-$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')}
[ -n "$KVER" ] && [ -r "/boot/vmlinuz-$KVER" ] || { echo "input boot: SKIPPED: no linux-image-amd64"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "input boot: SKIPPED: no QEMU"; exit 77; }
dir=$B # for testlib.sh: the logs
# shellcheck source=../integration/spice/testlib.sh
. "$top/tests/integration/spice/testlib.sh"
rm -rf "$B" && mkdir -p "$B"
gcc -static -O2 -Wall -Wextra -Werror -o "$B/evprint" "$here/evprint.c" || fail "evprint did not build"
vmlinux=$B/vmlinux
"$here/extract-vmlinux.sh" "/boot/vmlinuz-$KVER" "$vmlinux" >"$B/vmlinux.log" 2>&1 ||
	fail "no vmlinux"
EXTRA_MODULES="evdev psmouse xhci-pci usbhid hid-generic" "$here/build-initramfs.sh" "$KVER" "$B/initramfs.cpio.gz" \
	"$here/input-init.sh" - "$B/evprint" >"$B/initramfs.log" 2>&1 || fail "no initramfs"

XENV_SRCDIR=$top/tests/integration/x11
export XENV_SRCDIR
# shellcheck source=../integration/x11/xenv.sh
. "$XENV_SRCDIR/xenv.sh"
qpid= gpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	[ -n "$gpid" ] && kill "$gpid" 2>/dev/null
	xenv_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sock=$B/spice.sock
t0=$(date +%s)
timeout 120 qemu-system-x86_64 -nodefaults -machine q35,accel=tcg -cpu max -m 256 -smp 1 \
	-nographic -serial stdio -monitor none -no-reboot \
	-kernel "$vmlinux" -initrd "$B/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 loglevel=4" \
	-vga std -device qemu-xhci -device usb-tablet \
	-spice unix=on,addr="$sock",disable-ticketing=on </dev/null >"$B/console.raw" 2>&1 &
qpid=$!
# Events before evdev is open are lost: lgview types only after this.
wait_for "$B/console.raw" EVPRINT_READY 90 || fail "the guest did not get ready"
xenv_start_xvfb auto 1280x720 || fail "no Xvfb"
# A picture, so that lgview maps the pointer to guest pixels (the frames'
# source does not matter to input).
"$lgbench" produce -f "$B/guest" -s 320x200 -r 10 -q >"$B/guest.log" 2>&1 &
gpid=$!
"$lgview" app:shmFile="$B/guest" spice:host="$sock" win:size=320x200 win:appId=lgview-qemu \
	>"$B/lgview.log" 2>&1 &
xenv_track_pid $! lgview
wait_for "$B/lgview.log" 'SPICE: connected' 30 || fail "lgview did not connect to QEMU"
wait_for "$B/lgview.log" 'connected to .*guest' 30 || fail "lgview has no picture"
sleep 0.5
# a, Right, Shift+b, Ctrl+Alt+F1 through the chord (Scroll Lock + F1);
# outside capture: right, a click, left; then capture (Scroll Lock), a
# relative move, release; F12 ends the guest.
"$xinject" "$DISPLAY" lgview-qemu k38 k114 d50 k56 u50 d78 k67 u78 s200 \
	m60,0 s300 b1 s300 m-120,0 s300 \
	k78 s300 m40,-25 s300 k78 s200 k96 >"$B/xinject.log" 2>&1 || fail "xinject failed"
wait "$qpid"
qpid=
tr -d '\r' <"$B/console.raw" >"$B/console.log"
grep -q EVPRINT_DONE "$B/console.log" || fail "the guest never saw F12 released"
keys=$(awk '$1 == "EV" && $2 == "KEY" && $3 < 256 { printf "%s:%s ", $3, $4 }' "$B/console.log")
want="30:1 30:0 106:1 106:0 42:1 48:1 48:0 42:0 29:1 56:1 59:1 59:0 56:0 29:0 88:1 88:0 "
[ "$keys" = "$want" ] || fail "the guest got keys '$keys', not '$want'"
rel=$(awk '$1 == "EV" && $2 == "REL" && $3 <= 1 { s[$3] += $4 } END { print s[0] + 0, s[1] + 0 }' \
	"$B/console.log")
[ "$rel" = "40 -25" ] || fail "the captured move reached the guest as $rel, not 40 -25"
# The tablet: lgview's guest pixels (the picture's centre 160,100, where
# the pointer starts and so sends nothing, then +60 and -120 in X) are
# scaled by QEMU from its display's 720x400 (VGA text mode) to 0..32767:
# 220 -> 10012, 100 -> 4550, and Y 100 -> 8191; the click is BTN_LEFT (272).
absx=$(awk '$1 == "EV" && $2 == "ABS" && $3 == 0 { printf "%s ", $4 }' "$B/console.log")
absy=$(awk '$1 == "EV" && $2 == "ABS" && $3 == 1 { printf "%s ", $4 }' "$B/console.log")
btn=$(awk '$1 == "EV" && $2 == "KEY" && $3 == 272 { printf "%s ", $4 }' "$B/console.log")
absx=${absx#7281 } # the centre (160 -> 7281), should the pointer not start there
[ "$absx" = "10012 4550 " ] || fail "the tablet's X went '$absx', not '10012 4550 '"
[ -n "$absy" ] && [ -z "$(echo "$absy" | tr ' ' '\n' | grep -v '^8191$\|^$')" ] ||
	fail "the tablet's Y went '$absy', not 8191"
[ "$btn" = "1 0 " ] || fail "the click reached the tablet as '$btn'"
echo "input boot: $(echo "$want" | wc -w) key events exact, tablet X $absx Y $absy and a click, captured motion $rel, in $(( $(date +%s) - t0 )) s"
