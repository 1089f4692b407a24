#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The measurement of `lgbench viewer` is itself tested, with a stand-in viewer
# of known behaviour on Xvfb: it shows every frame exactly 100 ms after it saw
# it, never shows serials divisible by 10, and shows the previous frame again
# after serials divisible by 7. lgbench must measure the delay within the
# stated tolerance (100 ms, +0/+60 ms: the stand-in's own poll and X, and
# lgbench's screen reads) and count exactly the skipped frames as dropped and
# the re-shown ones as repeated (edges of the window aside). It must also see
# the guest's side: the stand-in releases each frame at once, so the guest
# posts at its rate alone; a second stand-in that holds each frame 150 ms
# (at 20 fps, three periods) must be reported as slowing the guest down.
#   test_lgbench_viewer.sh LGBENCH STANDIN
set -eu
lgbench=$1 standin=$2
XENV_SRCDIR=$(cd "$(dirname "$0")/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
trap 'xenv_stop' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "FAIL: $*"; exit 1; }

xenv_start_xvfb auto 1280x720
csv=$XENV_DIR/standin.csv
"$lgbench" viewer --size 640x360 --fps 20 --duration 8 --rounds 1 --warmup 1 \
	--viewer "$standin --shm {shm} --size {w}x{h} --delay 100 --skip 10 --repeat 7 --log $XENV_DIR/shown.log" \
	--csv "$csv" --json "$XENV_DIR/standin.json" --svg "$XENV_DIR/standin.svg" |
	tee "$XENV_DIR/out.txt"
# "guest rate R x alone" for the run named 1:NAME
guest_rate() {
	sed -n 's/^1:[^ ]*: .*guest rate \([0-9.]*\) x alone.*/\1/p' "$1"
}
rate=$(guest_rate "$XENV_DIR/out.txt")
[ -n "$rate" ] || fail "no guest rate reported"
awk -v r="$rate" 'BEGIN { exit !(r >= 0.9 && r <= 1.1) }' ||
	fail "a viewer that releases every frame at once slowed the guest to ${rate}x"
grep -q '^settings:.* guest alone=[0-9.]* fps' "$XENV_DIR/out.txt" || fail "no guest-alone figure"
# The floor ran first on the same display, through GLX, EGL and the surface.
grep -q '^settings:.* floor=glx [0-9.]* ms ([0-9.]* fps), egl [0-9.]* ms ([0-9.]* fps), surface [0-9.]* ms' \
	"$XENV_DIR/out.txt" || fail "no floor figures in the settings"
"$lgbench" floor --size 320x200 >"$XENV_DIR/floor.txt" || fail "lgbench floor failed"
cat "$XENV_DIR/floor.txt"
for via in glx egl surface; do
	awk -v via=$via '$1 == via && $5 > 0 && $6 > 0 { ok = 1 } END { exit !ok }' \
		"$XENV_DIR/floor.txt" || fail "lgbench floor: no $via figures"
done
"$lgbench" floor --size 0x0 >/dev/null 2>&1 && fail "lgbench floor took a 0x0 size"
"$lgbench" viewer --size 640x360 --fps 20 --duration 4 --rounds 1 --warmup 1 \
	--viewer "$standin --shm {shm} --size {w}x{h} --delay 100 --hold 150" >"$XENV_DIR/hold.txt"
held=$(guest_rate "$XENV_DIR/hold.txt")
echo "guest rate: ${rate}x alone with a prompt viewer, ${held}x with one that holds frames 150 ms"
awk -v r="$held" 'BEGIN { exit !(r > 0 && r <= 0.6) }' ||
	fail "a viewer holding every frame 150 ms was not seen slowing the guest (${held}x)"
[ -s "$csv" ] || fail "no CSV written"
grep -q '"p99_9"' "$XENV_DIR/standin.json" || fail "JSON lacks the percentiles"
grep -q '<polyline' "$XENV_DIR/standin.svg" || fail "SVG lacks the timeline"

# The stand-in's log (serial, time shown) tells how long each frame was on
# screen: one it showed for under 3 ms (a loaded machine bunches frames) may
# legitimately be missed by lgbench; every frame it skipped must be counted.
tr -d '\r' <"$csv" | awk -F, -v shownlog="$XENV_DIR/shown.log" 'BEGIN {
	while ((getline line < shownlog) > 0) {
		split(line, f, " ")
		if (prev != "") { dur[prev] = (f[2] - prevt) / 1e6 }
		prev = f[1]; prevt = f[2]
	}
}
NR > 1 {
	st = $5
	if (st == "shown") { n++; lat[n] = $4; if (!lo || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
	else if (st == "dropped") { dropped[$2] = 1; nd++ }
	else if (st == "repeated") nr++
}
END {
	if (n < 50) { printf "FAIL: only %d frames measured\n", n; exit 1 }
	# median of the shown latencies
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (lat[j] < lat[i]) { t = lat[i]; lat[i] = lat[j]; lat[j] = t }
	med = lat[int((n + 1) / 2)]
	printf "measured: %d shown, median %.1f ms (stand-in delay 100 ms), %d dropped, %d repeated, serials %d..%d\n", n, med, nd, nr, lo, hi
	if (med < 99 || med > 160) { print "FAIL: the median is outside 100 ms +0/+60"; exit 1 }
	# every dropped serial is one the stand-in skipped, and every skipped one inside the window was counted
	brief = 0
	for (s in dropped) if (s % 10) {
		if ((s in dur) && dur[s] >= 3) { printf "FAIL: serial %d counted as dropped, but it was on screen %.1f ms\n", s, dur[s]; exit 1 }
		brief++
	}
	for (s = lo; s <= hi; s++) if (s % 10 == 0 && !(s in dropped)) { printf "FAIL: skipped serial %d not counted\n", s; exit 1 }
	if (brief) printf "note: %d frame(s) shown for under 3 ms by the loaded stand-in were missed\n", brief
	reps = 0
	for (s = lo; s <= hi; s++) if (s % 7 == 0 && s % 10) reps++
	if (nr < reps - 1 || nr > reps + 1) { printf "FAIL: %d repeated counted, the stand-in repeated %d\n", nr, reps; exit 1 }
	print "ok: delay, drops and repeats measured right"
}'
