#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgbench audio against real peers: the test SPICE server's click train,
# lgview (found in the build tree as lgbench finds it) playing into a headless
# PipeWire's null sink, and lgbench recording its monitor. A short run must
# hear the clicks (none lost but at most one to a stall of this shared
# machine, the first one heard), at a latency a working client has (under
# 100 ms at the median), and write one CSV row per click heard. A "viewer"
# that never connects must make lgbench fail with its message, not report
# figures. Timing is not judged here: that is the benchmark's job.
# Usage: test_lgbench_audio.sh LGBENCH SPICE_SERVER
set -eu
lgbench=$1 server=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pwenv.sh"
fail() {
	echo "FAIL: $*"
	exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/test_lgbench_audio.XXXXXX")
trap 'pw_stop; rm -rf "$work"' EXIT
pw_start "$work/pw"

"$lgbench" audio --server "$server" --sink test-sink --duration 10 --csv "$work/a.csv" \
	>"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err"; fail "lgbench audio exited $?"; }
cat "$work/out"
row=$(awk '$1 == "lgview" { print; exit }' "$work/out")
[ -n "$row" ] || fail "no row for lgview"
# shellcheck disable=SC2086
set -- $row
clicks=$2 lost=$3 p50=$4 first=$8
[ "$clicks" -ge 15 ] || fail "only $clicks clicks in 10 s at one every 0.5 s"
[ "$lost" -le 1 ] || fail "$lost of $clicks clicks lost"
case $first in *'*') fail "the first click was lost" ;; esac
awk -v p="$p50" 'BEGIN { exit !(p > 0 && p < 100) }' || fail "median latency $p50 ms"
rows=$(($(wc -l <"$work/a.csv") - 1))
[ "$rows" -eq $((clicks - lost)) ] || fail "$rows CSV rows for $((clicks - lost)) clicks heard"
grep -q "^lgview,[0-9.]*,[0-9.]*$" "$work/a.csv" || fail "the CSV rows are not viewer,t_s,latency_ms"
echo "ok: lgbench audio heard $((clicks - lost)) of $clicks clicks from lgview, median $p50 ms, first $first ms"

if "$lgbench" audio --server "$server" --sink test-sink --duration 3 --viewer "sleep 30" \
	>"$work/out2" 2>"$work/err2"; then
	cat "$work/out2"
	fail "lgbench audio succeeded with a viewer that never connects"
fi
grep -q "no click reached the viewer" "$work/err2" || { cat "$work/err2"; fail "no message for a viewer that never connects"; }
echo "ok: a viewer that never connects fails the run with a message"
