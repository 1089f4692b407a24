#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the test initramfs: busybox-static with one link per applet, /init,
# the static test programs in /bin, and the module under test (plus any
# modules of the Debian kernel it depends on) with a modules.dep for busybox's
# modprobe.
#   [EXTRA_MODULES="vgem ..."] build-initramfs.sh KVER OUT.cpio.gz INIT MODULE.ko|- PROGRAM...
set -eu
kver=$1 out=$2 init=$3 ko=$4
shift 4
moddir=/lib/modules/$kver
root=$out.root

rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" \
	"$root/lib/modules/$kver/extra"
cp /bin/busybox "$root/bin/busybox" # busybox-static: no shared libraries needed
file "$root/bin/busybox" 2>/dev/null | grep -q dynamic &&
	{ echo "/bin/busybox is not static: install busybox-static" >&2; exit 1; }
# `busybox --list` names busybox itself: a link busybox -> busybox would be a
# loop and the kernel could not run /init (error -40, ELOOP).
for a in $("$root/bin/busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
for a in modprobe insmod rmmod lsmod depmod poweroff reboot halt; do
	ln -sf ../bin/busybox "$root/sbin/$a"
done
# Without /dev/console the kernel starts /init with no stdio; /init mounts
# devtmpfs and reopens it anyway, so the nodes are only made where we can.
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$root/dev/console" c 5 1
	mknod -m 666 "$root/dev/null" c 1 3
fi
cp "$init" "$root/init"
chmod 755 "$root/init"
for p in "$@"; do
	cp "$p" "$root/bin/"
done

# The module ("-" for none: a boot that checks the harness only) and what it
# needs from the kernel package (usually nothing: the dma-buf core and PCI
# are built in), plus the kernel's modules named in EXTRA_MODULES (vgem, a
# dma-buf importer) with their dependencies.
deps=${EXTRA_MODULES:-}
if [ "$ko" != - ]; then
	cp "$ko" "$root/lib/modules/$kver/extra/"
	deps="$deps $(modinfo -F depends "$ko" | tr ',' ' ')"
fi
for dep in $deps; do
	modprobe -S "$kver" --show-depends "$dep" | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r dko; do
	rel=${dko#"$moddir"/}
	mkdir -p "$root/lib/modules/$kver/$(dirname "$rel")"
	cp "$dko" "$root/lib/modules/$kver/$rel"
done
cp "$moddir"/modules.builtin* "$moddir/modules.order" "$root/lib/modules/$kver/"
depmod -b "$root" "$kver"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$root"
