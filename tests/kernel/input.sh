#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's input reaching a real guest kernel: Debian's kernel under QEMU
# with SPICE and PS/2 keyboard and mouse; lgview under Xvfb connected to
# QEMU's SPICE server; real X key events (XTest) into lgview's window must
# arrive in the guest's evdev as the right KEY_* codes, in order, and a
# captured relative move as REL_X/REL_Y.
#   tests/kernel/input.sh BUILD_DIR LGVIEW XINJECT
# Exit 0 on success, 1 on failure, 77 when the packages are missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR LGVIEW XINJECT" >&2; exit 2; }
mkdir -p "$1" || exit 1
B=$(cd "$1" && pwd)/input
lgview=$2 xinject=$3
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
EXTRA_MODULES="evdev psmouse" "$here/build-initramfs.sh" "$KVER" "$B/initramfs.cpio.gz" \
	"$here/input-init.sh" - "$B/evprint" >"$B/initramfs.log" 2>&1 || fail "no initramfs"

XENV_SRCDIR=$top/tests/integration/x11
export XENV_SRCDIR
# shellcheck source=../integration/x11/xenv.sh
. "$XENV_SRCDIR/xenv.sh"
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
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
	-spice unix=on,addr="$sock",disable-ticketing=on </dev/null >"$B/console.raw" 2>&1 &
qpid=$!
# Events before evdev is open are lost: lgview types only after this.
wait_for "$B/console.raw" EVPRINT_READY 90 || fail "the guest did not get ready"
xenv_start_xvfb auto 1280x720 || fail "no Xvfb"
"$lgview" app:shmFile="$B/no-shm" spice:host="$sock" win:size=320x200 win:appId=lgview-qemu \
	>"$B/lgview.log" 2>&1 &
xenv_track_pid $! lgview
wait_for "$B/lgview.log" 'SPICE: connected' 30 || fail "lgview did not connect to QEMU"
sleep 0.5
# a, Right, Shift+b, Ctrl+Alt+F1 through the chord (Scroll Lock + F1),
# then capture (Scroll Lock), a relative move, release; F12 ends the guest.
"$xinject" "$DISPLAY" lgview-qemu k38 k114 d50 k56 u50 d78 k67 u78 s200 \
	k78 s300 m40,-25 s300 k78 s200 k96 >"$B/xinject.log" 2>&1 || fail "xinject failed"
wait "$qpid"
qpid=
tr -d '\r' <"$B/console.raw" >"$B/console.log"
grep -q EVPRINT_DONE "$B/console.log" || fail "the guest never saw F12 released"
keys=$(awk '$1 == "EV" && $2 == "KEY" { printf "%s:%s ", $3, $4 }' "$B/console.log")
want="30:1 30:0 106:1 106:0 42:1 48:1 48:0 42:0 29:1 56:1 59:1 59:0 56:0 29:0 88:1 88:0 "
[ "$keys" = "$want" ] || fail "the guest got keys '$keys', not '$want'"
rel=$(awk '$1 == "EV" && $2 == "REL" && $3 <= 1 { s[$3] += $4 } END { print s[0] + 0, s[1] + 0 }' \
	"$B/console.log")
[ "$rel" != "0 0" ] || fail "no relative motion reached the guest"
echo "input boot: $(echo "$want" | wc -w) key events exact, relative motion $rel, in $(( $(date +%s) - t0 )) s"
