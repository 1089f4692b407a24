#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test_xshm.sh XPUTCODE XSHM_CHECK - lgbench's root window readback and visual code on a
# real X server: Xvfb 1920x1080 (xenv.sh); xputcode shows a frame stamped with a code,
# scaled, at a known place; xshm_check grabs the root through MIT-SHM (and again with
# LGBENCH_NO_SHM=1 through XGetImage), decodes the serial and checks a known pixel.
# Two pictures: serial 1234567 at 0.5x, then 0xdeadbeef at 1.5x elsewhere.
# Exits 77 (skipped) when a program it needs is not installed (scripts/deps.sh test).
# shellcheck source-path=SCRIPTDIR
set -eu

XPUTCODE=${1:?usage: test_xshm.sh XPUTCODE XSHM_CHECK}
XSHM_CHECK=${2:?usage: test_xshm.sh XPUTCODE XSHM_CHECK}
here=$(cd "$(dirname "$0")" && pwd)
XENV_SRCDIR=$here/x11

skip() {
	echo "SKIP: $*"
	exit 77
}
for prog in Xvfb timeout setsid; do
	command -v "$prog" >/dev/null 2>&1 ||
		skip "'$prog' is not installed (run scripts/deps.sh test)"
done
[ -x "$XPUTCODE" ] || skip "$XPUTCODE is not built"
[ -x "$XSHM_CHECK" ] || skip "$XSHM_CHECK is not built"

# shellcheck source=x11/xenv.sh
. "$XENV_SRCDIR/xenv.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/test_xshm.XXXXXX")
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
T() { timeout -s KILL 30 "$@"; }

xenv_start_xvfb auto 1920x1080 || fail "xenv_start_xvfb"

# show SERIAL SCALE X Y: start xputcode, wait for its "XID X Y W H" line.
show() {
	rm -f "$work/put.out"
	"$XPUTCODE" "$@" >"$work/put.out" 2>&1 &
	put=$!
	xenv_track_pid "$put" xputcode
	deadline=$(($(date +%s%3N) + 10000))
	until grep -q '^0x[0-9a-f]* ' "$work/put.out" 2>/dev/null; do
		kill -0 "$put" 2>/dev/null || fail "xputcode exited: $(cat "$work/put.out")"
		[ "$(date +%s%3N)" -lt "$deadline" ] || fail "xputcode did not show its window"
		sleep 0.05
	done
	# shellcheck disable=SC2046
	set -- $(head -n 1 "$work/put.out")
	# A pixel of the frame's plain 0x123456 background, near the window's corner.
	kx=$(($2 + $4 - 3)) ky=$(($3 + $5 - 3))
	echo "xputcode $1 at $2,$3 ${4}x$5; known pixel $kx,$ky"
}

check() { # SERIAL
	T "$XSHM_CHECK" 1920 1080 "$1" "$kx" "$ky" 123456 || fail "xshm_check (MIT-SHM) serial $1"
	LGBENCH_NO_SHM=1 T "$XSHM_CHECK" 1920 1080 "$1" "$kx" "$ky" 123456 ||
		fail "xshm_check (XGetImage) serial $1"
}

show 1234567 0.5 101 67
check 1234567
kill "$put"
wait "$put" 2>/dev/null || true

show 0xdeadbeef 1.5 333 211
check 0xdeadbeef

echo "PASS test_xshm"
