#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test_cli.sh LGVIEW LGBENCH VERSION - the command lines of the built programs:
#  - `lgview --version` and `lgbench --version` print "NAME VERSION", exit 0;
#  - an unknown lgbench option is refused (exit 2) with the closest real
#    option of that subcommand, in every subcommand ("lgbench ring: unknown
#    option --seconds; did you mean --duration?"), and none when nothing is
#    close;
#  - `lgbench viewer` with no --viewer measures the lgview beside it, else the
#    one of its build tree, else the first on PATH, says which, and refuses
#    to start when there is none. Copies of lgbench in made-up layouts show
#    each case; the build's own lgbench must find the build's own lgview.
# shellcheck source-path=SCRIPTDIR
set -eu
lgview=$1 lgbench=$2 version=$3
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
work=$(cd "$(mktemp -d "${TMPDIR:-/tmp}/test_cli.XXXXXX")" && pwd -P)
trap 'rm -rf "$work"' EXIT

expect_version "$lgview" lgview "$version"
expect_version "$lgbench" lgbench "$version"
got=$("$lgview" win:title=x --version) || fail "lgview win:title=x --version exited $?"
[ "$got" = "lgview $version" ] || fail "--version after another option printed '$got'"

# expect_hint SAYS ARGS...: `lgbench ARGS` exits 2 and its message has SAYS.
expect_hint() {
	says=$1
	shift
	status=0
	got=$("$lgbench" "$@" 2>&1) || status=$?
	[ "$status" -eq 2 ] || fail "lgbench $*: exit status $status, not 2"
	case $got in
	*"$says"*) echo "ok: lgbench $*: $says" ;;
	*) fail "lgbench $*: said '$got', not '$says'" ;;
	esac
}

commands="produce watch ring"
if lgbench_has_viewer "$lgbench"; then
	commands="$commands viewer"
	expect_hint "did you mean --viewer?" viewer --viewr lgview
else
	echo "note: lgbench was built without X11/MIT-SHM: no lgbench viewer to check"
fi
for c in $commands; do
	expect_hint "lgbench $c: unknown option --seconds; did you mean --duration?" \
		"$c" --seconds 3
done
expect_hint "unknown option --duraton; did you mean --duration?" ring --duraton=2
expect_hint "unknown option --fsp; did you mean --fps?" ring --fps 30 --fsp 30
expect_hint "did you mean --region-size?" produce --region-sise 64
expect_hint "did you mean --no-copy?" watch --nocopy
expect_hint "unknown option --frobnicate; see 'lgbench ring --help'" ring --frobnicate
case $got in *"did you mean"*) fail "a hint for --frobnicate: $got" ;; esac
expect_hint "unknown option -X" ring -X

lgbench_has_viewer "$lgbench" || exit 0

# The build tree as CMake lays it out.
here=$(cd "$(dirname "$lgview")" && pwd -P)/$(basename "$lgview")
expect_pick "$lgbench" "$here" "in the build tree"

fake_lgview() {
	printf '#!/bin/sh\nexit 0\n' >"$1"
	chmod +x "$1"
}
# A build tree elsewhere; then an lgview beside lgbench too, which wins.
mkdir -p "$work/b/tools/lgbench" "$work/b/host-client"
cp "$lgbench" "$work/b/tools/lgbench/lgbench"
fake_lgview "$work/b/host-client/lgview"
expect_pick "$work/b/tools/lgbench/lgbench" "$work/b/host-client/lgview" "in the build tree"
fake_lgview "$work/b/tools/lgbench/lgview"
expect_pick "$work/b/tools/lgbench/lgbench" "$work/b/tools/lgbench/lgview" "beside lgbench"

# Alone: PATH, passing over an lgview beside it that cannot be run.
mkdir -p "$work/lone/x" "$work/path" "$work/empty"
cp "$lgbench" "$work/lone/x/lgbench"
: >"$work/lone/x/lgview"
fake_lgview "$work/path/lgview"
expect_pick "$work/lone/x/lgbench" "$work/path/lgview" "on PATH" PATH="$work/path:$PATH"
status=0
got=$(env PATH="$work/empty" "$work/lone/x/lgbench" viewer --display :1023 2>&1) || status=$?
[ "$status" -eq 2 ] || fail "no lgview anywhere: exit status $status, not 2 ($got)"
case $got in
*"no lgview beside lgbench"*) echo "ok: no lgview anywhere: $got" ;;
*) fail "no lgview anywhere: said '$got'" ;;
esac
