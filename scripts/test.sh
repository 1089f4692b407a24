#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build everything and run every test.
#   scripts/test.sh             warnings as errors, all tests (build-test/)
#   scripts/test.sh --sanitize  the same under ASan+UBSan (build-asan/),
#                               with the 30 s soak test and 60 s of a hostile
#                               guest against lgview
#   scripts/test.sh --tsan      the threaded tests under ThreadSanitizer
#                               (build-tsan/): session, waits, handoff,
#                               soak, lgview under a restarting guest
#   scripts/test.sh --fuzz S    clang libFuzzer build, fuzz the region for S s
#                               and the clipboard for S/2 s
#   scripts/test.sh --kernel    the kvmfr module in Debian's kernel under QEMU,
#                               and lgview's input reaching a QEMU guest
#   scripts/test.sh --package   the Debian packages (lgview, kvmfr-dkms): built,
#                               linted, installed (DKMS builds kvmfr.ko for
#                               Debian's kernel headers) and purged; as root
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
jobs="$(nproc)"

case "${1:-}" in
--sanitize)
	cmake -S . -B build-asan -DLGVIEW_WERROR=ON -DLGVIEW_SANITIZE=ON \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-asan -j"$jobs"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LGVIEW_SOAK_SECONDS="${LGVIEW_SOAK_SECONDS:-30}" \
	LGVIEW_HOSTILE_SECONDS="${LGVIEW_HOSTILE_SECONDS:-60}" \
		ctest --test-dir build-asan --output-on-failure -j"$jobs"
	;;
--tsan)
	cmake -S . -B build-tsan -DLGVIEW_WERROR=ON -DLGVIEW_TSAN=ON \
		-DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-tsan -j"$jobs"
	TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
	LGVIEW_SOAK_SECONDS="${LGVIEW_SOAK_SECONDS:-20}" \
	LGVIEW_HOSTILE_SECONDS="${LGVIEW_HOSTILE_SECONDS:-20}" \
		ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L threads
	;;
--fuzz)
	seconds="${2:-60}"
	cmake -S . -B build-fuzz -DLGVIEW_FUZZ=ON -DCMAKE_C_COMPILER=clang \
		-DBUILD_TESTING=ON >/dev/null
	cmake --build build-fuzz -j"$jobs" --target fuzz_region fuzz_clipboard
	work="$(mktemp -d)"
	cp tests/fuzz/corpus/* "$work/"
	log=build-fuzz/fuzz_region.log
	status=0
	build-fuzz/tests/fuzz/fuzz_region -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
		-max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix=build-fuzz/ "$work" >"$log" 2>&1 || status=$?
	# The progress lines are many; the verdict and the statistics are the end.
	grep -v '^#' "$log" | tail -n 25
	rm -rf "$work"
	[ "$status" -eq 0 ] || { echo "fuzz_region found a problem: see $log"; exit 1; }
	# The clipboard against a hostile agent, for half as long.
	log=build-fuzz/fuzz_clipboard.log
	build-fuzz/tests/fuzz/fuzz_clipboard -max_len=4096 -timeout=10 \
		-max_total_time="$((seconds / 2))" -print_final_stats=1 \
		-artifact_prefix=build-fuzz/ >"$log" 2>&1 || status=$?
	grep -v '^#' "$log" | tail -n 12
	[ "$status" -eq 0 ] || { echo "fuzz_clipboard found a problem: see $log"; exit 1; }
	;;
--kernel)
	# Debian's kernel under QEMU (TCG): the kvmfr module (static devices,
	# dma-bufs, unload, frames relayed over IVSHMEM) and lgctl's vfio
	# binding, unbinding and rollback behind an emulated IOMMU; then
	# lgview's keyboard and mouse through QEMU's SPICE server into the
	# guest kernel's evdev (real X input under Xvfb); the guest's ICH9
	# sound card through QEMU's SPICE audio into PipeWire, and the
	# microphone back.
	scripts/deps.sh kernel
	tests/kernel/run.sh build-kernel
	cmake -S . -B build-test -DLGVIEW_WERROR=ON >/dev/null
	cmake --build build-test -j"$jobs" --target lgview xinject lgbench audiotool
	tests/kernel/input.sh build-kernel build-test/host-client/lgview \
		build-test/tests/integration/xinject build-test/tools/lgbench/lgbench
	tests/kernel/audio.sh build-kernel build-test/host-client/lgview \
		build-test/tests/integration/audiotool
	;;
--package)
	scripts/deps.sh package
	tests/packaging/test_deb.sh .
	;;
"")
	cmake -S . -B build-test -DLGVIEW_WERROR=ON >/dev/null
	cmake --build build-test -j"$jobs"
	ctest --test-dir build-test --output-on-failure -j"$jobs"
	;;
*)
	echo "usage: $0 [--sanitize | --tsan | --fuzz SECONDS | --kernel | --package]" >&2
	exit 2
	;;
esac
