#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the input boot (tests/kernel/input.sh): the PS/2 keyboard and
# mouse and the USB tablet QEMU drives from SPICE, read through evdev by
# evprint until F12.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec 0</dev/console 1>/dev/console 2>&1
modprobe evdev
modprobe psmouse
modprobe xhci-pci
modprobe usbhid
modprobe hid-generic
# The probes are asynchronous: wait for the three devices (bounded).
i=0
while [ $i -lt 150 ]; do
	grep -q 'AT Translated Set 2 keyboard' /proc/bus/input/devices &&
		grep -q 'PS/2' /proc/bus/input/devices &&
		grep -q 'QEMU USB Tablet' /proc/bus/input/devices && break
	i=$((i + 1))
	sleep 0.1
done
evprint 90
echo GUEST_DONE
poweroff -f
