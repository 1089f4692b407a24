#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: build lgview's tools and run the synthetic guest (lgbench
# produce) with a live consumer (lgbench watch) printing frame statistics,
# over a private shared-memory file, for DEMO_SECONDS (default 10).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target lgbench

shm="/dev/shm/lgview-demo-$$"
seconds="${DEMO_SECONDS:-10}"
cleanup() { [ -n "${producer:-}" ] && kill "$producer" 2>/dev/null; rm -f "$shm"; }
trap cleanup EXIT INT TERM

echo "== a synthetic Looking Glass B7 guest writes 1920x1080 BGRA at 60 fps into $shm"
build/tools/lgbench/lgbench produce --shm "$shm" --size 1920x1080 --fps 60 \
	--duration "$((seconds + 2))" --quiet &
producer=$!
echo "== lgbench watch reads it the way lgview does, for $seconds s"
build/tools/lgbench/lgbench watch --shm "$shm" --duration "$seconds"
wait "$producer"
producer=
