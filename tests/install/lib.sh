# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# Checks shared by test_cli.sh and test_install.sh (sourced, not run).

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_version PROGRAM NAME VERSION: `PROGRAM --version` prints
# "NAME VERSION" and exits 0.
expect_version() {
	got=$("$1" --version) || fail "$1 --version exited $?"
	[ "$got" = "$2 $3" ] || fail "$1 --version printed '$got', not '$2 $3'"
	echo "ok: $1 --version: $got"
}

# lgbench_has_viewer LGBENCH: whether that lgbench was built with
# `lgbench viewer` (it needs X11 and MIT-SHM).
lgbench_has_viewer() {
	"$1" viewer --help 2>/dev/null | grep -q -- --viewer
}

# expect_pick LGBENCH LGVIEW WHERE [NAME=VALUE...]: `lgbench viewer` given no
# --viewer, in the environment given, says it measures LGVIEW, found WHERE.
# It stops right after: display :1023 does not exist.
expect_pick() {
	lgb=$1 want=$2 where=$3
	shift 3
	if got=$(env "$@" "$lgb" viewer --display :1023 --size 64x64 2>&1); then
		fail "$lgb viewer ran without a display"
	fi
	case $got in
	*"measuring $want ($where)"*) echo "ok: $lgb viewer measures $want ($where)" ;;
	*) fail "$lgb viewer should measure $want ($where); it said: $got" ;;
	esac
}
