#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgbench ring measures what it says: a producer process at 60 fps and the
# consumer, every frame seen, and the copy beside memcpy like for like (the
# same source just written by the producer) and beside warm buffers. Only
# that the figures are there and sane is checked, never how fast: shared
# machines are noisy.
#   test_lgbench_ring.sh LGBENCH
set -eu
lgbench=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$lgbench" ring --size 640x360 --fps 60 --duration 2 --warmup 0.5 --json "$dir/ring.json" |
	tee "$dir/out.txt"
line=$(grep '^ring: ' "$dir/out.txt") || fail "no figures line"
fig() { printf '%s\n' "$line" | sed -n "s/.*$1 \([0-9.e+]*\) .*/\1/p"; }
copy=$(fig 'consumer copy') same=$(fig 'memcpy, same source') ratio=$(fig 'copy vs memcpy')
warm=$(fig 'memcpy, warm buffers')
for v in "$copy" "$same" "$ratio" "$warm"; do
	awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }' || fail "a copy figure is missing or zero: $line"
done
# The ratio is the two bandwidths' (to the print's rounding).
awk -v c="$copy" -v s="$same" -v r="$ratio" 'BEGIN { d = c / s - r; exit !(d < 0.02 && d > -0.02) }' ||
	fail "copy vs memcpy $ratio is not $copy / $same"
# 60 fps for 2 s, every frame seen (a loaded machine may start late).
awk '$1 == "ring" && $2 >= 90 && $10 == 0 { ok = 1 } END { exit !ok }' "$dir/out.txt" ||
	fail "frames missing or dropped"
grep -q '"memcpy, same source"' "$dir/ring.json" || fail "the JSON lacks the like-for-like memcpy"
echo "ok: copy $copy GB/s, memcpy from the same source $same GB/s (${ratio}x), warm $warm GB/s"
