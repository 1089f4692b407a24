#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the kvmfr test initramfs (busybox sh). The kernel command line
# says what to do:
#   ktest.mode=static   the module with static_size_mb=16,32: nodes, mmap,
#                       dma-bufs, bounds, unload while in use, reload
#   ktest.mode=pci      the module bound to QEMU's ivshmem-plain device:
#                       the same checks on BAR2, frames relayed to the host
#                       (guest_producer), unbind under a live mapping, rebind
#   ktest.mode=vfio     `lgctl vfio` (tests/kernel/lgctl_vfio_main.c) under a
#                       vIOMMU: bind an e1000e NIC to vfio-pci and back, and a
#                       bind that fails half-way (a PCIe root port, which
#                       vfio-pci refuses) rolled back
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

vfio)
	# QEMU puts two e1000e NICs at 00:02.0 and 00:03.0 and a PCIe root port
	# (a bridge, bound to pcieport) at 00:04.0, each in an IOMMU group of
	# its own (tests/kernel/run.sh).
	NIC1=0000:00:02.0 NIC2=0000:00:03.0 RP=0000:00:04.0
	STATE=/run/lgctl/vfio.ini # lgctl's default state directory
	OUT=/tmp/lgctl.out
	lg() { # lg ARGS...: lgctl, its output shown indented and kept in $OUT
		lgctl "$@" >"$OUT" 2>&1
		lrc=$?
		echo "  \$ lgctl $* -> exit $lrc"
		sed 's/^/  | /' "$OUT"
		return $lrc
	}
	ids() { echo "$(cat "/sys/bus/pci/devices/$1/vendor"):$(cat "/sys/bus/pci/devices/$1/device")"; }
	group_of() { basename "$(readlink "/sys/bus/pci/devices/$1/iommu_group" 2>/dev/null)"; }
	override_of() { cat "/sys/bus/pci/devices/$1/driver_override"; }
	alone_in_group() { [ "$(ls "/sys/kernel/iommu_groups/$(group_of "$1")/devices")" = "$1" ]; }
	on() { # on BDF DRIVER: bound to DRIVER with no driver_override left
		[ "$(drv_of "$1")" = "$2" ] && [ "$(override_of "$1")" = "(null)" ]
	}
	remembered() { [ -f "$STATE" ] && grep -q "^$1=" "$STATE"; }
	out_has() { grep -q "$1" "$OUT"; }
	probes() { # probes BDF DRIVER: how many times the kernel logged DRIVER probing BDF
		case $2 in
		e1000e) dmesg | grep -c "e1000e $1 .*Intel(R) PRO/1000 Network Connection" ;;
		pcieport) dmesg | grep -c "pcieport $1: PME: Signaling" ;;
		esac
	}
	in_order() { # in_order PATTERN...: each one on a later line of $OUT than the one before
		# (not $n: check keeps the name of the check in it)
		prev=0
		for pat in "$@"; do
			at=$(grep -n "$pat" "$OUT" | head -1 | cut -d: -f1)
			[ -n "$at" ] && [ "$at" -gt "$prev" ] || return 1
			prev=$at
		done
	}

	check iommu_groups_exist test -n "$(ls /sys/kernel/iommu_groups)"
	dmesg | grep -E 'DMAR: IOMMU enabled|DMAR-IR: Enabled IRQ remapping' | sed 's/^/INFO /'
	check nic1_is_e1000e test "$(ids $NIC1)" = 0x8086:0x10d3
	check nic2_is_e1000e test "$(ids $NIC2)" = 0x8086:0x10d3
	check root_port_is_a_bridge test "$(cut -c1-6 /sys/bus/pci/devices/$RP/class)" = 0x0604
	check modprobe_e1000e modprobe e1000e
	check nic1_on_e1000e on $NIC1 e1000e
	check nic2_on_e1000e on $NIC2 e1000e
	check root_port_on_pcieport on $RP pcieport
	G1=$(group_of $NIC1) G2=$(group_of $NIC2) G3=$(group_of $RP)
	echo "INFO iommu groups: $NIC1 $G1, $NIC2 $G2, $RP $G3"
	check nic1_alone_in_its_group alone_in_group $NIC1
	check nic2_alone_in_its_group alone_in_group $NIC2
	check root_port_alone_in_its_group alone_in_group $RP

	# Without vfio-pci: refused before anything is written.
	check bind_without_vfio_pci_refused fails lg vfio bind $NIC1
	check bind_without_vfio_pci_says_modprobe out_has 'modprobe vfio-pci'
	check bind_without_vfio_pci_leaves_nic1 on $NIC1 e1000e
	check modprobe_vfio_pci modprobe vfio-pci
	check modprobe_vfio_iommu_type1 modprobe vfio_iommu_type1
	check dev_vfio_container test -c /dev/vfio/vfio

	# --dry-run prints the writes and makes none.
	check dry_run lg vfio bind $NIC1 --dry-run
	check dry_run_prints_override out_has "vfio-pci' > /sys/bus/pci/devices/$NIC1/driver_override"
	check dry_run_prints_probe out_has "$NIC1' > /sys/bus/pci/drivers_probe"
	check dry_run_leaves_nic1 on $NIC1 e1000e
	check dry_run_writes_no_state test ! -e "$STATE"

	# (1) bind
	check bind_nic1 lg vfio bind $NIC1
	check bind_nic1_on_vfio_pci test "$(drv_of $NIC1)" = vfio-pci
	check bind_nic1_dev_vfio_group test -c "/dev/vfio/$G1"
	check bind_nic1_remembers_e1000e grep -qx "$NIC1=e1000e" "$STATE"
	check bind_nic1_leaves_nic2 on $NIC2 e1000e
	check status_nic1 lg vfio status $NIC1
	check status_nic1_says_vfio_pci out_has "^$NIC1 \[8086:10d3\] .* driver vfio-pci iommu_group $G1 was e1000e"
	# Again: nothing to do, and e1000e stays the driver to give it back to.
	check bind_nic1_again lg vfio bind $NIC1
	check bind_nic1_again_keeps_e1000e grep -qx "$NIC1=e1000e" "$STATE"

	# (2) unbind
	check unbind_nic1 lg vfio unbind $NIC1
	check unbind_nic1_on_e1000e on $NIC1 e1000e
	check unbind_nic1_has_its_netdev test -n "$(ls /sys/bus/pci/devices/$NIC1/net 2>/dev/null)"
	check unbind_nic1_forgotten fails remembered $NIC1
	check unbind_nic1_dev_vfio_group_gone test ! -e "/dev/vfio/$G1"
	check status_nic1_after_unbind lg vfio status $NIC1
	check status_nic1_says_e1000e out_has "^$NIC1 .* driver e1000e iommu_group $G1\$"

	# (3) half-way failure: the NICs move to vfio-pci, then the kernel
	# refuses the root port (vfio-pci's probe takes no bridge) after it was
	# unbound from pcieport; lgctl gives all three back, newest first.
	p1=$(probes $NIC1 e1000e) p2=$(probes $NIC2 e1000e) p3=$(probes $RP pcieport)
	check rollback_bind_fails fails lg vfio bind $NIC1 $NIC2 $RP
	check rollback_probe_refused out_has "after drivers_probe, $RP is bound to no driver instead of vfio-pci"
	check rollback_newest_first in_order "rolling back $RP to pcieport" \
		"rolling back $NIC2 to e1000e" "rolling back $NIC1 to e1000e"
	check rollback_no_manual_fix_needed fails out_has 'could not roll'
	check rollback_nic1_on_e1000e on $NIC1 e1000e
	check rollback_nic2_on_e1000e on $NIC2 e1000e
	check rollback_root_port_on_pcieport on $RP pcieport
	# The kernel probed each again: they really had been moved.
	check rollback_nic1_reprobed test "$(probes $NIC1 e1000e)" -eq $((p1 + 1))
	check rollback_nic2_reprobed test "$(probes $NIC2 e1000e)" -eq $((p2 + 1))
	check rollback_root_port_reprobed test "$(probes $RP pcieport)" -eq $((p3 + 1))
	check rollback_remembers_nothing fails grep -q "$NIC1\|$NIC2\|$RP" "$STATE"
	check rollback_no_dev_vfio_groups test "$(ls /dev/vfio)" = vfio
	dmesg | grep -a "$RP" | grep -E 'vfio|pcieport' | sed 's/^/INFO dmesg: /'
	check rollback_nic1_has_its_netdev test -n "$(ls /sys/bus/pci/devices/$NIC1/net 2>/dev/null)"
	check rollback_nic2_has_its_netdev test -n "$(ls /sys/bus/pci/devices/$NIC2/net 2>/dev/null)"
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
