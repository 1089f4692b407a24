#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kvmfr kernel module tested in Debian's own kernel under QEMU.
#
#   tests/kernel/run.sh BUILD_DIR
#
# Builds kvmfr/module against the installed linux-headers (in a copy under
# BUILD_DIR/kmod, so the source tree stays clean), the static guest programs
# (kvmfrtest, guest_producer, and lgctl's vfio command linked statically with
# GLib) and host_check, extracts a PVH vmlinux from /boot/vmlinuz-KVER, packs a
# busybox initramfs, and boots three times:
#   static  kvmfr static_size_mb=16,32: nodes, GETSIZE, mmap and aliasing,
#           bounds, dma-bufs, bad ioctls, rmmod refused while in use, reload
#   pci     an ivshmem-plain device backed by /dev/shm/lgview-ktest-PID:
#           the module binds it; guest_producer writes frames through
#           /dev/kvmfr0 and host_check verifies them on the host from the
#           /dev/shm file; dma-bufs on BAR2; unbind under a live mapping
#   vfio    `lgctl vfio` on a real kernel: q35 with an intel-iommu (intremap),
#           two e1000e NICs and a PCIe root port, intel_iommu=on. Bind to
#           vfio-pci (/dev/vfio/GROUP, status, state file), unbind back to
#           e1000e, and a bind of both NICs and the root port, which vfio-pci
#           refuses to probe (a bridge): lgctl must roll all three back.
#           (The module is not loaded in this boot.)
# Prints failures, a line per boot and "N passed, N failed"; exits 1 on any
# failure, 77 when the packages are missing (scripts/deps.sh kernel).
#
# Environment: KVER (default: linux-image-amd64's kernel), KTEST_ACCEL
# (auto|tcg|kvm; auto takes KVM only with real vmx/svm), KTEST_FRAMES (120),
# KTEST_VERBOSE=1 (every result line), KTEST_BOOTS ("static pci vfio"),
# KVMFR_MODULE_SRC (the module sources to test; default kvmfr/module),
# LGCTL_SRC (the lgctl sources the vfio boot tests; default tools/lgctl).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
mkdir -p "$1" || exit 1
B=$(cd "$1" && pwd)
t0=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - t0) / 100000000 ))" | sed 's/.$/.&/;s/^\./0./'; }
step() { echo "[kernel +$(elapsed)s] $*"; }
skip() { echo "tests/kernel: SKIPPED: $*"; exit 77; }

# ---- what we need --------------------------------------------------------
command -v dpkg-query >/dev/null || skip "not a Debian system (dpkg-query missing)"
# The ABI version comes from the package, never from uname -r (the machine
# running this is not running that kernel).
KVER=${KVER:-$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')}
hint="install them with: scripts/deps.sh kernel"
[ -n "$KVER" ] || skip "linux-image-amd64 is not installed; $hint"
kimg=/boot/vmlinuz-$KVER
kdir=/lib/modules/$KVER/build
[ -r "$kimg" ] || skip "$kimg is missing or unreadable; $hint"
[ -f "$kdir/Makefile" ] || skip "no kernel headers in $kdir (linux-headers-$KVER); $hint"
missing=""
for t in qemu-system-x86_64 cpio depmod modinfo modprobe xz gzip od dd timeout make gcc truncate; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
[ -x /bin/busybox ] || missing="$missing /bin/busybox(busybox-static)"
[ -z "$missing" ] || skip "missing:$missing; $hint"
if [ ! -d /dev/shm ] || [ ! -w /dev/shm ]; then
	skip "/dev/shm is not writable (QEMU's ivshmem memory lives there)"
fi
boots=${KTEST_BOOTS:-static pci vfio}
# KTEST_BOOTS=infra checks the harness alone, without the module; the vfio
# boot does not need it either.
need_module=0
need_lgctl=0
for b in $boots; do
	case $b in
	infra) ;;
	vfio) need_lgctl=1 ;;
	*) need_module=1 ;;
	esac
done
if [ $need_lgctl = 1 ] && ! pkg-config --exists glib-2.0 2>/dev/null; then
	skip "the vfio boot links lgctl with GLib statically: pkg-config or libglib2.0-dev is missing; $hint"
fi
msrc=${KVMFR_MODULE_SRC:-$top/kvmfr/module}
[ -f "$msrc/Kbuild" ] || [ $need_module = 0 ] || {
	echo "tests/kernel: $msrc/Kbuild does not exist: no module to test"
	echo "0 passed, 1 failed"
	exit 1
}

logs=$B/logs
mkdir -p "$logs"
pass=0
fail=0
verbose=${KTEST_VERBOSE:-0}
result() { # result PASS|FAIL name [why]
	if [ "$1" = PASS ]; then
		pass=$((pass + 1))
		[ "$verbose" = 1 ] && echo "PASS $2"
	else
		fail=$((fail + 1))
		echo "FAIL $2${3:+: $3}"
	fi
	return 0
}
finish() {
	step "done"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# ---- the module ------------------------------------------------------------
ko=-
if [ $need_module = 1 ]; then
	step "building kvmfr.ko for $KVER"
	# A copy keeps build products out of the source tree; kvmfr/include comes
	# along so that the module's relative include path still works.
	rm -rf "${B:?}/kmod"
	mkdir -p "$B/kmod/kvmfr"
	cp -a "$top/kvmfr/include" "$B/kmod/kvmfr/"
	cp -a "$msrc" "$B/kmod/kvmfr/module"
	kmod=$B/kmod/kvmfr/module
	if make -C "$kdir" M="$kmod" modules >"$logs/module-build.log" 2>&1 && [ -f "$kmod/kvmfr.ko" ]; then
		result PASS module_build
	else
		result FAIL module_build "see $logs/module-build.log"
		tail -20 "$logs/module-build.log"
		finish
	fi
	ko=$kmod/kvmfr.ko
	vm=$(modinfo -F vermagic "$ko")
	case "$vm" in
	"$KVER "*) result PASS module_vermagic ;;
	*) result FAIL module_vermagic "'$vm' is not for $KVER" ;;
	esac
	warnings=$(grep -E 'warning:|WARNING:' "$logs/module-build.log" | grep -v 'Skipping BTF generation')
	if [ -z "$warnings" ]; then
		result PASS module_build_without_warnings
	else
		result FAIL module_build_without_warnings "$(echo "$warnings" | head -1)"
	fi
fi

# ---- the programs ----------------------------------------------------------
if [ $need_lgctl = 1 ]; then
	step "building kvmfrtest, guest_producer, lgctl (static) and host_check"
else
	step "building kvmfrtest, guest_producer (static) and host_check"
fi
cflags="-std=gnu17 -D_GNU_SOURCE -O2 -Wall -Wextra -Wshadow -Wpointer-arith \
-Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -Werror"
inc="-I$top/guest-proto/include -I$top/guest-proto/src -I$top/kvmfr/include"
rm -rf "${B:?}/obj" "${B:?}/bin"
mkdir -p "$B/obj" "$B/bin"
build_programs() {
	# shellcheck disable=SC2086
	gcc -static $cflags -I"$top/kvmfr/include" -o "$B/bin/kvmfrtest" "$here"/kvmfrtest*.c || return 1
	# guest-proto and the region library once, for both programs; PIE objects
	# link into the static guest program and the host's PIE alike.
	for src in "$top"/guest-proto/src/*.c "$top"/kvmfr/src/*.c; do
		# shellcheck disable=SC2086
		gcc -c $cflags -fPIE -D_FILE_OFFSET_BITS=64 $inc \
			-o "$B/obj/$(basename "$src" .c).o" "$src" || return 1
	done
	# shellcheck disable=SC2086
	gcc -static $cflags $inc -o "$B/bin/guest_producer" "$here/guest_producer.c" \
		"$B"/obj/*.o -pthread || return 1
	# shellcheck disable=SC2086
	gcc $cflags $inc -o "$B/bin/host_check" "$here/host_check.c" "$B"/obj/*.o -pthread ||
		return 1
	[ $need_lgctl = 1 ] || return 0
	# lgctl's vfio command and what it uses, with a main of its own (the
	# real one brings libxml2 and libvirt); GLib is Debian's libglib-2.0.a.
	local l=${LGCTL_SRC:-$top/tools/lgctl}
	# shellcheck disable=SC2046,SC2086
	gcc -static $cflags -I"$l" $(pkg-config --cflags glib-2.0) -o "$B/bin/lgctl" \
		"$here/lgctl_vfio_main.c" "$l/cmd_vfio.c" "$l/cmd_parse.c" "$l/vfio.c" "$l/pci.c" \
		"$l/iommu.c" "$l/state.c" "$l/root.c" $(pkg-config --static --libs glib-2.0)
}
# (glibc's "getpwuid_r in statically linked applications" linker notes go to
# the log: the guest never needs /etc/passwd.)
if build_programs >"$logs/programs-build.log" 2>&1; then
	result PASS test_programs_build
else
	result FAIL test_programs_build "see $logs/programs-build.log"
	grep -v 'statically linked\|in function' "$logs/programs-build.log" | tail -20
	finish
fi

# ---- kernel and initramfs --------------------------------------------------
vmlinux=$B/vmlinux-$KVER
if [ ! -s "$vmlinux" ] || [ "$kimg" -nt "$vmlinux" ]; then
	step "extracting a PVH vmlinux from $kimg"
	"$here/extract-vmlinux.sh" "$kimg" "$vmlinux" || { result FAIL extract_vmlinux; finish; }
fi
step "packing the initramfs"
# vgem: a DRM driver that imports dma-bufs, standing in for a GPU; e1000e
# and vfio-pci (with vfio and its type1 IOMMU backend) for the vfio boot.
extra_modules=vgem
lgctl_bin=""
if [ $need_lgctl = 1 ]; then
	extra_modules="$extra_modules e1000e vfio vfio_iommu_type1 vfio-pci"
	lgctl_bin=$B/bin/lgctl
fi
if EXTRA_MODULES=$extra_modules "$here/build-initramfs.sh" "$KVER" "$B/initramfs.cpio.gz" \
	"$here/guest-init.sh" "$ko" "$B/bin/kvmfrtest" "$B/bin/guest_producer" ${lgctl_bin:+"$lgctl_bin"} \
	>"$logs/initramfs.log" 2>&1; then
	result PASS initramfs
else
	result FAIL initramfs "see $logs/initramfs.log"
	tail -5 "$logs/initramfs.log"
	finish
fi

# ---- booting ---------------------------------------------------------------
accel=${KTEST_ACCEL:-auto}
if [ "$accel" = auto ]; then
	# KVM only with hardware virtualisation. Some CI machines have a
	# /dev/kvm from kvm_pvm (no vmx/svm), under which a stock kernel boots
	# a hundred times slower than under TCG.
	if grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ]; then
		accel=kvm
	else
		accel=tcg
	fi
fi
[ "$accel" = kvm ] && cpu=host || cpu=max

shm=/dev/shm/lgview-ktest-$$
hc_pid=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$hc_pid" ] && kill "$hc_pid" 2>/dev/null
	rm -f "$shm"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# boot NAME TIMEOUT_S KERNEL_ARGS [QEMU_ARGS...]: boot, then count the
# guest's RESULT lines. The guest's verdict is in its output, not in QEMU's
# exit status (a panicking guest also powers off cleanly).
boot() {
	local name=$1 limit=$2 args=$3
	shift 3
	local log=$logs/console-$name.log
	step "boot $name ($accel)"
	local b0 b1 qrc
	b0=$(date +%s%N)
	timeout "$limit" qemu-system-x86_64 -nodefaults -machine "q35,accel=$accel" -cpu "$cpu" \
		-m 512 -smp 1 -nographic -serial stdio -monitor none -no-reboot \
		-kernel "$vmlinux" -initrd "$B/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 loglevel=4 $args" "$@" </dev/null >"$log.raw" 2>&1
	qrc=$?
	b1=$(date +%s%N)
	tr -d '\r' <"$log.raw" >"$log" && rm -f "$log.raw"

	local n_pass=0 n_fail=0 kind rname why
	while IFS= read -r line; do
		line=${line#RESULT }
		kind=${line%% *}
		rname=${line#* }
		why=""
		case $rname in *": "*) why=${rname#*: }; rname=${rname%%: *} ;; esac
		result "$kind" "$name/$rname" "$why"
		[ "$kind" = PASS ] && n_pass=$((n_pass + 1)) || n_fail=$((n_fail + 1))
	done < <(grep -a '^RESULT \(PASS\|FAIL\) ' "$log")
	grep -a '^INFO \|^PRODUCER ' "$log" | sed "s|^|  $name: |"
	# A program that reported a failure whose RESULT line did not survive
	# (say, kernel messages in the middle of it) still fails the boot.
	if grep -aq '^RUN_FAILED ' "$log" && [ "$n_fail" -eq 0 ]; then
		result FAIL "$name/lost_failure" "$(grep -a '^RUN_FAILED ' "$log" | head -1) (see $log)"
		n_fail=1
	fi
	if grep -aq '^GUEST_DONE' "$log" && [ "$qrc" -eq 0 ]; then
		result PASS "$name/guest_completed"
	else
		local why2="qemu exit status $qrc"
		[ "$qrc" -eq 124 ] && why2="timed out after $limit s"
		grep -aq 'Kernel panic' "$log" && why2="$why2; kernel panic"
		result FAIL "$name/guest_completed" "no GUEST_DONE: $why2 (see $log)"
		n_fail=$((n_fail + 1))
		if grep -aq 'Kernel panic\|BUG:\|Oops' "$log"; then
			grep -a -A3 -B20 -m1 'Kernel panic\|BUG:\|Oops' "$log" | head -40
		else
			tail -30 "$log"
		fi
	fi
	echo "  boot $name: $n_pass passed, $n_fail failed, $(( (b1 - b0) / 1000000 )) ms," \
		"guest uptime at /init $(grep -ao 'INIT_START uptime=[0-9.]*' "$log" | cut -d= -f2) s," \
		"at end $(grep -ao 'INIT_END uptime=[0-9.]*' "$log" | cut -d= -f2) s"
}

for b in $boots; do
	case $b in
	infra) boot infra 120 "ktest.mode=infra" ;;
	static) boot static 120 "ktest.mode=static" ;;
	pci)
		frames=${KTEST_FRAMES:-120}
		min=20
		[ "$frames" -lt $min ] && min=$frames
		# The host's side of the memory: 32 MiB that QEMU maps as BAR2
		# (an existing file of the right size is used as it is), with a
		# nonce in the last page for the guest to find.
		nonce=$RANDOM$RANDOM
		rm -f "$shm"
		truncate -s 32M "$shm"
		printf 'HOSTNONCE:%s' "$nonce" |
			dd of="$shm" bs=1 seek=$((32 * 1024 * 1024 - 4096)) conv=notrunc status=none
		"$B/bin/host_check" "$shm" "$min" "$frames" 150 >"$logs/host_check.log" 2>&1 &
		hc_pid=$!
		boot pci 150 "ktest.mode=pci ktest.nonce=$nonce ktest.frames=$frames" \
			-object "memory-backend-file,id=shm0,mem-path=$shm,size=32M,share=on" \
			-device ivshmem-plain,memdev=shm0
		# host_check ends with the guest's heartbeat; give it a moment.
		for _ in $(seq 50); do
			kill -0 "$hc_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$hc_pid" 2>/dev/null
		wait "$hc_pid"
		hrc=$?
		hc_pid=""
		sed 's/^/  host: /' "$logs/host_check.log"
		if [ "$hrc" -eq 0 ]; then
			result PASS pci/host_received_frames
		else
			result FAIL pci/host_received_frames \
				"$(grep '^HOST_CHECK \(PASS\|FAIL\)' "$logs/host_check.log" | tail -1) (exit $hrc)"
		fi
		rm -f "$shm"
		;;
	vfio)
		# The vIOMMU comes before the devices it translates for, with the
		# split irqchip that intremap needs under KVM (harmless under TCG);
		# -machine options merge with boot's. The root port is a bridge:
		# vfio-pci's probe refuses it, the half-way failure lgctl must roll
		# back. Fixed addresses: guest-init.sh names the devices by them.
		boot vfio 120 "ktest.mode=vfio intel_iommu=on" \
			-machine kernel-irqchip=split \
			-device intel-iommu,intremap=on \
			-netdev user,id=n0,restrict=on -device e1000e,netdev=n0,addr=02.0 \
			-netdev user,id=n1,restrict=on -device e1000e,netdev=n1,addr=03.0 \
			-device pcie-root-port,id=rp0,chassis=1,addr=04.0
		;;
	*) echo "unknown boot '$b' in KTEST_BOOTS" >&2; exit 2 ;;
	esac
done
finish
