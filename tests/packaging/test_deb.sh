#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test_deb.sh SOURCE_DIR - the Debian packages, built and installed as a
# user would (scripts/test.sh --package runs it; it needs root and the
# packages `scripts/deps.sh package` installs):
#   1. dpkg-buildpackage -us -uc -b on a copy of the tree builds lgview and
#      kvmfr-dkms, and lintian finds no error in them;
#   2. installed with dpkg, /usr/bin/lgview --version prints the version,
#      the udev rule, man pages, completions and desktop entry are in place,
#      and DKMS builds kvmfr.ko for every installed Debian kernel that has
#      its headers (modinfo checks the module's name, licence, version and
#      parameter);
#   3. purged, they leave no file and no DKMS module behind.
# Any lgview or kvmfr-dkms installed before is refused, not replaced.
set -eu
src=$(cd "$1" && pwd)
fail() {
	echo "FAIL: $*"
	exit 1
}
[ "$(id -u)" = 0 ] || fail "installing packages needs root"
for p in lgview kvmfr-dkms; do
	if dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed"; then
		fail "$p is installed already: remove it first (this test installs and purges it)"
	fi
done
version=$(sed -n 's/^project(lgview VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$src/kvmfr/module/dkms.conf")
deb_version=$(sed -n '1s/^lgview (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ "$version" = "$dkms_version" ] && [ "$version" = "$deb_version" ] ||
	fail "versions disagree: CMake $version, dkms.conf $dkms_version, debian/changelog $deb_version"

work=$(mktemp -d "${TMPDIR:-/tmp}/test_deb.XXXXXX")
cleanup() {
	dpkg --purge lgview kvmfr-dkms >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

# ---- 1. build and lintian ----
# The tracked files and any new ones not ignored: what a release tarball has.
tree=$work/lgview-$version
mkdir "$tree"
(cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$tree") ||
	fail "cannot copy the source tree"
echo "== dpkg-buildpackage -us -uc -b (log: build.log)"
(cd "$tree" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) \
	>"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "dpkg-buildpackage failed"; }
arch=$(dpkg --print-architecture)
deb=$work/lgview_${version}_$arch.deb
dkms_deb=$work/kvmfr-dkms_${version}_all.deb
[ -f "$deb" ] && [ -f "$dkms_deb" ] || { ls "$work"; fail "the two .deb files were not made"; }
echo "ok: built $(basename "$deb") and $(basename "$dkms_deb")"
changes=$work/lgview_${version}_$arch.changes
lintian --fail-on error --tag-display-limit 0 "$changes" >"$work/lintian.log" 2>&1 ||
	{ cat "$work/lintian.log"; fail "lintian found errors"; }
echo "ok: lintian finds no error ($(grep -c '^W:' "$work/lintian.log" || true) warnings):"
sed 's/^/    /' "$work/lintian.log"

# ---- 2. install ----
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
for f in ./usr/bin/lgview ./usr/bin/lgbench ./usr/bin/lgctl ./usr/lib/udev/rules.d/99-kvmfr.rules \
	./usr/share/man/man1/lgview.1.gz ./usr/share/man/man5/lgview.ini.5.gz \
	./usr/share/man/man1/lgbench.1.gz ./usr/share/man/man8/lgctl.8.gz \
	./usr/share/applications/lgview.desktop ./usr/share/icons/hicolor/scalable/apps/lgview.svg \
	./usr/share/bash-completion/completions/lgview ./usr/share/zsh/site-functions/_lgview \
	./usr/share/fish/vendor_completions.d/lgview.fish \
	./usr/share/doc/lgview/examples/lgview.ini.example ./usr/share/doc/lgview/examples/libvirt-qemu-hook; do
	grep -qx "$f" "$work/files" || fail "the lgview package lacks $f"
done
echo "ok: the lgview package holds the programs, udev rule, man pages, completions, desktop entry and examples"
echo "== dpkg -i (log: install.log)"
dpkg -i "$deb" "$dkms_deb" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "dpkg -i failed"; }
got=$(/usr/bin/lgview --version) || fail "/usr/bin/lgview --version exited $?"
[ "$got" = "lgview $version" ] || fail "/usr/bin/lgview --version printed '$got'"
echo "ok: /usr/bin/lgview --version: $got"
cmp "$src/kvmfr/module/99-kvmfr.rules" /usr/lib/udev/rules.d/99-kvmfr.rules ||
	fail "the installed udev rule is not kvmfr's"
for page in lgview lgview.ini lgbench lgctl; do
	man -w "$page" >/dev/null 2>&1 || fail "man cannot find $page"
	LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings "$page" 2>"$work/warn" >/dev/null
	[ ! -s "$work/warn" ] || { cat "$work/warn"; fail "man --warnings complains about $page"; }
done
echo "ok: man finds lgview(1), lgview.ini(5), lgbench(1) and lgctl(8), without warnings"

# DKMS: the source in /usr/src, added by the package's postinst, built for
# each Debian kernel with headers (the running one here may be another's).
[ -f "/usr/src/kvmfr-$version/dkms.conf" ] && [ -f "/usr/src/kvmfr-$version/include/kvmfr/uapi.h" ] ||
	fail "/usr/src/kvmfr-$version lacks dkms.conf or the UAPI header"
dkms status kvmfr 2>&1 | grep -q "kvmfr/$version" || { dkms status; fail "the package did not add kvmfr to DKMS"; }
built=0
for kdir in /lib/modules/*/build; do
	[ -e "$kdir/Makefile" ] || continue
	kver=$(basename "$(dirname "$kdir")")
	echo "== dkms build kvmfr/$version -k $kver"
	dkms build "kvmfr/$version" -k "$kver" >"$work/dkms.log" 2>&1 ||
		{ tail -30 "$work/dkms.log"; cat "/var/lib/dkms/kvmfr/$version/build/make.log" 2>/dev/null | tail -30
		  fail "DKMS could not build kvmfr for $kver"; }
	ko=$(find "/var/lib/dkms/kvmfr/$version/$kver" -name 'kvmfr.ko*' | head -n 1)
	[ -n "$ko" ] || fail "DKMS built no kvmfr.ko for $kver"
	modinfo "$ko" >"$work/modinfo" || fail "modinfo $ko failed"
	grep -q "^name: *kvmfr$" "$work/modinfo" && grep -q "^license: *GPL" "$work/modinfo" &&
		grep -q "^vermagic: *$kver " "$work/modinfo" && grep -q "^parm: *static_size_mb:" "$work/modinfo" ||
		{ cat "$work/modinfo"; fail "modinfo of $ko is not kvmfr's for $kver"; }
	echo "ok: DKMS built $(basename "$ko") for $kver: $(grep -E '^(license|parm):' "$work/modinfo" | tr -s ' ' | tr '\n' ';')"
	built=$((built + 1))
done
[ "$built" -gt 0 ] || fail "no kernel headers under /lib/modules/*/build: install linux-headers-amd64"

# ---- 3. purge ----
dpkg --purge lgview kvmfr-dkms >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge failed"; }
for f in /usr/bin/lgview /usr/bin/lgctl /usr/lib/udev/rules.d/99-kvmfr.rules /usr/share/man/man1/lgview.1.gz \
	"/usr/src/kvmfr-$version"; do
	[ ! -e "$f" ] || fail "$f is left after the purge"
done
if dkms status kvmfr 2>/dev/null | grep -q kvmfr; then
	dkms status
	fail "kvmfr is still in DKMS after the purge"
fi
[ ! -e "/var/lib/dkms/kvmfr" ] || fail "/var/lib/dkms/kvmfr is left after the purge"
echo "ok: purged: no file and no DKMS module left"
