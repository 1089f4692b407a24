#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test_install.sh CMAKE BUILD_DIR VERSION SOURCE_DIR - `cmake --install` of the
# build into an empty prefix P puts lgview, lgbench and lgctl in P/bin, the
# kvmfr udev rule in P/lib/udev/rules.d and the example configuration in
# P/share/doc/lgview. The installed lgview and lgbench print their version;
# every option the example names is one `lgview --help` lists, set to the
# default listed there, and lgview reads the file without a complaint; the
# installed lgbench measures the lgview installed beside it.
# shellcheck source-path=SCRIPTDIR
set -eu
cmake=$1 build=$2 version=$3 src=$4
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
work=$(cd "$(mktemp -d "${TMPDIR:-/tmp}/test_install.XXXXXX")" && pwd -P)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "cmake --install exited non-zero"; }
for f in bin/lgview bin/lgbench bin/lgctl; do
	if ! [ -f "$prefix/$f" ] || ! [ -x "$prefix/$f" ]; then
		fail "$f is not installed"
	fi
done
cmp "$src/kvmfr/module/99-kvmfr.rules" "$prefix/lib/udev/rules.d/99-kvmfr.rules" ||
	fail "lib/udev/rules.d/99-kvmfr.rules is not the kvmfr rule"
ini=$prefix/share/doc/lgview/lgview.ini.example
[ -f "$ini" ] || fail "share/doc/lgview/lgview.ini.example is not installed"
echo "ok: installed bin/lgview bin/lgbench bin/lgctl, the udev rule and the example"

expect_version "$prefix/bin/lgview" lgview "$version"
expect_version "$prefix/bin/lgbench" lgbench "$version"
"$prefix/bin/lgctl" --help >/dev/null || fail "the installed lgctl --help exited $?"

# The example against --help: "  section:key[, flags]", then the help line,
# then "      ...; default: VALUE". Lines ";key = value" are options left
# out (no single default): their names are checked, not their values.
"$prefix/bin/lgview" --help >"$work/help.txt"
awk 'NR == FNR {
	if ($0 ~ /^  [A-Za-z]+:[A-Za-z]+(,|$)/) {
		name = $1
		sub(/,$/, "", name)
		known[name] = 1
		at = FNR
	} else if (at && FNR == at + 2) {
		d = $0
		sub(/.*; default: /, "", d)
		def[name] = d == "\"\"" ? "" : d
	}
	next
}
/^\[.*\]$/ { sec = substr($0, 2, length($0) - 2); next }
/^#/ || /^[ \t]*$/ { next }
{
	off = sub(/^;/, "")
	eq = index($0, "=")
	if (!eq) { printf "FAIL: example line %d is not key = value\n", FNR; bad = 1; next }
	key = substr($0, 1, eq - 1); val = substr($0, eq + 1)
	gsub(/^[ \t]+|[ \t]+$/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", val)
	name = sec ":" key
	if (!(name in known)) { printf "FAIL: the example names %s, which lgview lacks\n", name; bad = 1; next }
	if (!off && val != def[name]) {
		printf "FAIL: the example sets %s = %s; the default is %s\n", name, val, def[name]
		bad = 1
	}
	n++
}
END {
	if (!bad && n < 10) { printf "FAIL: only %d options in the example\n", n; bad = 1 }
	if (bad) exit 1
	printf "ok: the example names %d options, each at its --help default\n", n
}' "$work/help.txt" "$ini"

mkdir "$work/xdg"
XDG_CONFIG_HOME=$work/xdg "$prefix/bin/lgview" -C "$ini" app:uploader=help >/dev/null \
	2>"$work/err" || { cat "$work/err"; fail "lgview -C the example exited non-zero"; }
if grep -F "$ini" "$work/err"; then
	fail "lgview complained about the example"
fi
echo "ok: lgview reads the example without a complaint"

if lgbench_has_viewer "$prefix/bin/lgbench"; then
	expect_pick "$prefix/bin/lgbench" "$prefix/bin/lgview" "beside lgbench"
else
	echo "note: lgbench was built without X11/MIT-SHM: no lgbench viewer to check"
fi

# Man pages, desktop entry, icon and shell completions.
sh "$(dirname "$0")/check_extras.sh" "$prefix"
