# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the SPICE input tests (sourced; POSIX sh): $dir holds the logs.

# fail MESSAGE: say it, show the ends of the logs, exit 1.
fail() {
	echo "FAIL: $*"
	for f in "$dir"/*.log; do echo "--- $f"; tail -n 30 "$f"; done
	exit 1
}

# wait_for FILE REGEX SECONDS: until FILE has a matching line.
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le $(($3 * 20)) ] || return 1
		sleep 0.05
	done
}

# start_spice_server SERVER SOCKET LOGNAME: the test server, ready; its pid in $spid.
start_spice_server() {
	rm -f "$2"
	"$1" --unix "$2" >"$dir/$3.log" 2>&1 &
	spid=$!
	wait_for "$dir/$3.log" '^READY' 10 || fail "the SPICE server did not start"
}

# exit_on_signals: a signal ends the test through its EXIT trap (cleanup).
exit_on_signals() {
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# lgview under ASan: Mesa's driver is dlclose()d at exit and LeakSanitizer
# reports its leftovers against an unknown module (as in test_viewer.sh);
# memory errors still abort.
no_leak_checks_for_mesa() {
	case "${ASAN_OPTIONS:-}" in
	*detect_leaks=1*) ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"; export ASAN_OPTIONS ;;
	esac
}
