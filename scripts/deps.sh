#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages lgview needs: `deps.sh build` for building and
# running, `deps.sh test` for the tests as well. On Debian or Ubuntu as root
# they are installed; elsewhere the package names are printed.
set -eu

build_pkgs="cmake make gcc pkg-config libx11-dev libxfixes-dev libglib2.0-dev libsdl2-dev libepoxy-dev \
libspice-client-glib-2.0-dev libpipewire-0.3-dev libdrm-dev libxext-dev \
libvirt-dev libxml2-dev libpng-dev scdoc"
test_pkgs="libcmocka-dev libspice-server-dev clang libclang-rt-14-dev \
xvfb xauth openbox wmctrl x11-utils x11-xserver-utils xserver-xorg-core \
xserver-xorg-video-dummy libx11-dev libxtst-dev libgl1-mesa-dri mesa-utils xclip \
pipewire pipewire-bin wireplumber \
man-db desktop-file-utils zsh fish nix-bin"

demo_pkgs="libcmocka-dev xvfb xauth libgl1-mesa-dri libegl-mesa0"
# The kvmfr module tests (tests/kernel/run.sh): Debian's kernel and headers,
# QEMU to boot it, and what the test initramfs is made of.
kernel_pkgs="linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static cpio kmod xz-utils \
xvfb xauth libgl1-mesa-dri pipewire pipewire-bin wireplumber"

# The Debian packages (tests/packaging/test_deb.sh): debhelper with DKMS,
# lintian, and Debian's kernel headers for DKMS to build against.
package_pkgs="build-essential dpkg-dev debhelper dh-dkms dkms lintian fakeroot git man-db linux-headers-amd64"

case "${1:-build}" in
	build) pkgs="$build_pkgs" ;;
	demo) pkgs="$build_pkgs $demo_pkgs" ;;
	test) pkgs="$build_pkgs $demo_pkgs $test_pkgs" ;;
	kernel) pkgs="$build_pkgs $kernel_pkgs" ;;
	package) pkgs="$build_pkgs $package_pkgs" ;;
	*) echo "usage: $0 build|demo|test|kernel|package" >&2; exit 2 ;;
esac

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $pkgs; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
else
	missing=" $pkgs"
fi
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "Installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# The kernel's postinst would otherwise build an initrd nobody boots
	# (about 2 minutes); the tests boot their own initramfs.
	case "${1:-build}" in kernel | package) export INITRD=No ;; esac
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	exit 0
fi

echo "lgview needs these packages (Debian/Ubuntu names):$missing" >&2
if command -v apt-get >/dev/null 2>&1; then
	echo "Install them with: sudo apt-get install$missing" >&2
else
	echo "On other distributions install the equivalents: CMake, a C compiler," \
	     "pkg-config and the development files of GLib, SDL2, libepoxy," \
	     "spice-client-glib, PipeWire 0.3, libdrm (and cmocka, clang for tests)." >&2
fi
exit 1
