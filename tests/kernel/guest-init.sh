#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the kvmfr test initramfs (busybox sh). The kernel command line
# says what to do:
#   ktest.mode=static   the module with static_size_mb=16,32: nodes, mmap,
#                       dma-bufs, bounds, unload while in use, reload
#   ktest.mode=pci      the module bound to QEMU's ivshmem-plain device:
#                       the same checks on BAR2, frames relayed to the host
#                       (guest_producer), unbind under a live mapping, rebind
#   ktest.mode=infra    nothing but the boot itself (checks the harness)
#   ktest.nonce=S       pci: the host wrote "HOSTNONCE:S" in the last page
#   ktest.frames=N      pci: frames guest_producer posts
# Prints "RESULT PASS|FAIL name[: why]" lines, which tests/kernel/run.sh
# counts, then "GUEST_DONE" and powers off. A missing GUEST_DONE means the
# guest crashed or hung.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev # CONFIG_DEVTMPFS_MOUNT is off in Debian
exec 0</dev/console 1>/dev/console 2>&1
echo
echo "INIT_START uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r)"

read -r cmdline </proc/cmdline
arg() {
	for w in $cmdline; do
		case $w in "$1"=*) echo "${w#*=}"; return ;; esac
	done
}
MODE=$(arg ktest.mode)

res() { # res PASS|FAIL name [why]
	echo "RESULT $1 $2${3:+: $3}"
}
check() { # check name command...: PASS when the command succeeds
	n=$1
	shift
	if "$@"; then res PASS "$n"; else res FAIL "$n" "$*"; fi
}
run() { # run name program...: the program prints its own RESULT lines
	n=$1
	shift
	"$@"
	rc=$?
	# 1: it reported failures (the host checks it saw them); more: it died.
	[ $rc -ne 1 ] || echo "RUN_FAILED $n"
	[ $rc -le 1 ] || res FAIL "$n" "$1 died (exit status $rc)"
}
drv_of() {
	if [ -e "/sys/bus/pci/devices/$1/driver" ]; then
		basename "$(readlink "/sys/bus/pci/devices/$1/driver")"
	else
		echo none
	fi
}
find_pci() { # find_pci VENDOR DEVICE: the first match's address
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ]; then
			basename "$d"
			return
		fi
	done
}
node_of() { # node_of BDF: the /dev name of the kvmfr device on that PCI device
	for c in /sys/class/kvmfr/*; do
		[ "$(basename "$(readlink -f "$c/device" 2>/dev/null)")" = "$1" ] &&
			basename "$c" && return
	done
}
no_kvmfr_nodes() {
	[ -z "$(ls /dev/kvmfr* 2>/dev/null)" ]
}
fails() {
	! "$@"
}
nothing_left() { # no module, nodes, class or char device region
	[ ! -e /sys/module/kvmfr ] && no_kvmfr_nodes && [ ! -e /sys/class/kvmfr ] &&
		! grep -qw kvmfr /proc/devices
}
dmesg_clean() {
	bad=$(dmesg | grep -E 'BUG:|Oops|WARNING:|Call Trace|general protection|RIP:|kernel BUG|list_(add|del) corruption|refcount_t:|hung_task|INFO: task')
	if [ -n "$bad" ]; then
		res FAIL dmesg_clean "$(echo "$bad" | head -1)"
		echo "---- dmesg (last 60 lines)"
		dmesg | tail -60
		echo "----"
	else
		res PASS dmesg_clean
	fi
}

echo "PCI devices:"
for d in /sys/bus/pci/devices/*; do
	b=$(basename "$d")
	echo "  $b $(cat "$d/vendor"):$(cat "$d/device") class=$(cat "$d/class") driver=$(drv_of "$b")"
done

case $MODE in
infra)
	check infra_boot true
	;;

static)
	# Loads that must fail, each leaving nothing behind.
	check modprobe_size_0_refused fails modprobe kvmfr static_size_mb=0
	check size_0_leaves_nothing nothing_left
	check modprobe_second_size_0_refused fails modprobe kvmfr static_size_mb=4,0
	check second_size_0_leaves_nothing nothing_left
	check modprobe_more_than_ram_refused fails modprobe kvmfr static_size_mb=100000
	check more_than_ram_leaves_nothing nothing_left
	check modprobe_11_devices_refused fails modprobe kvmfr static_size_mb=1,1,1,1,1,1,1,1,1,1,1
	check eleven_leave_nothing nothing_left
	check modprobe_10_devices modprobe kvmfr static_size_mb=1,1,1,1,1,1,1,1,1,1
	check ten_devices_kvmfr9 test -c /dev/kvmfr9
	check rmmod_10_devices rmmod kvmfr
	check ten_leave_nothing nothing_left

	check modprobe_static_16_32 modprobe kvmfr static_size_mb=16,32
	dmesg | grep -i kvmfr | sed 's/^/  dmesg: /'
	run node0 kvmfrtest node /dev/kvmfr0
	run node1 kvmfrtest node /dev/kvmfr1
	check static_only_two_devices test ! -e /dev/kvmfr2
	run static kvmfrtest static /dev/kvmfr0 16777216 /dev/kvmfr1 33554432
	check modprobe_vgem modprobe vgem
	run import kvmfrtest import kvmfr /dev/kvmfr0 0 1048576
	run unload kvmfrtest unload kvmfr /dev/kvmfr0
	check rmmod_when_unused rmmod kvmfr
	check rmmod_removes_nodes no_kvmfr_nodes
	check rmmod_removes_class_devices test ! -e /sys/class/kvmfr/kvmfr0
	check rmmod_removes_module test ! -e /sys/module/kvmfr
	# Again, with another size: nothing of the first load is left over.
	check modprobe_again_1 modprobe kvmfr static_size_mb=1
	run reload_size kvmfrtest size /dev/kvmfr0 1048576
	check rmmod_again rmmod kvmfr
	check rmmod_again_leaves_nothing nothing_left
	dmesg_clean
	;;

pci)
	NONCE=$(arg ktest.nonce)
	FRAMES=$(arg ktest.frames)
	IVS=$(find_pci 0x1af4 0x1110)
	check ivshmem_present test -n "$IVS"
	[ -n "$IVS" ] && echo "ivshmem $IVS BAR2: $(sed -n 3p "/sys/bus/pci/devices/$IVS/resource")"
	check modprobe_pci modprobe kvmfr
	dmesg | grep -i kvmfr | sed 's/^/  dmesg: /'
	check pci_bound_to_kvmfr test "$(drv_of "$IVS")" = kvmfr
	NODE=$(node_of "$IVS")
	check pci_class_device_links_to_ivshmem test -n "$NODE"
	check pci_node_is_kvmfr0 test "$NODE" = kvmfr0
	run pci_node kvmfrtest node "/dev/${NODE:-kvmfr0}"
	run pci kvmfrtest pci "/dev/${NODE:-kvmfr0}" 33554432 "$NONCE"
	check modprobe_vgem modprobe vgem
	run pci_import kvmfrtest import kvmfr "/dev/${NODE:-kvmfr0}" $((29 << 20)) 1048576

	# The relay: host_check on the host reads what this writes.
	echo "PRODUCER_START uptime=$(cut -d' ' -f1 /proc/uptime)"
	check guest_producer guest_producer "/dev/${NODE:-kvmfr0}" "${FRAMES:-120}" 30 60 3
	echo "PRODUCER_END uptime=$(cut -d' ' -f1 /proc/uptime)"

	run pci_unbind kvmfrtest unbind "/dev/${NODE:-kvmfr0}" "$IVS"
	# Bind again (unless kvmfrtest's bind while in use was accepted): the
	# device comes back with the same memory.
	[ "$(drv_of "$IVS")" = kvmfr ] || echo "$IVS" >/sys/bus/pci/drivers/kvmfr/bind
	check pci_rebind test "$(drv_of "$IVS")" = kvmfr
	NODE=$(node_of "$IVS")
	check pci_rebind_devnode test -c "/dev/${NODE:-none}"
	run pci_rebind_data kvmfrtest expect pci_rebind_same_memory "/dev/${NODE:-kvmfr0}" $((33554432 - 4096)) "HOSTNONCE:$NONCE"
	check pci_rmmod rmmod kvmfr
	check pci_rmmod_unbinds test "$(drv_of "$IVS")" = none
	check pci_rmmod_leaves_nothing nothing_left
	# Static and PCI devices together: the static ones come first.
	check modprobe_static_and_pci modprobe kvmfr static_size_mb=2
	check static_and_pci_numbering test "$(node_of "$IVS")" = kvmfr1
	run static_and_pci_sizes kvmfrtest size /dev/kvmfr0 2097152
	run static_and_pci_sizes kvmfrtest size /dev/kvmfr1 33554432
	check rmmod_static_and_pci rmmod kvmfr
	# Every minor taken by a static device: the PCI device stays unbound.
	check modprobe_all_minors_static modprobe kvmfr static_size_mb=1,1,1,1,1,1,1,1,1,1
	check pci_unbound_without_minor test "$(drv_of "$IVS")" = none
	check rmmod_all_minors rmmod kvmfr
	check all_minors_leave_nothing nothing_left
	dmesg_clean
	;;

*)
	res FAIL mode "unknown ktest.mode '$MODE'"
	;;
esac

echo "INIT_END uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "GUEST_DONE"
sync
poweroff -f
