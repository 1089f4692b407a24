#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The clipboard both ways between a guest's SPICE agent (the test server's,
# speaking the vdagent protocol through libspice-server) and X programs
# (xclip) beside lgview under Xvfb: non-ASCII text with the guest's CRLF
# made LF and LF made CRLF for it, a PNG, 3 MB that goes INCR each way, the
# size limit both ways, malformed agent messages (lgview logs and lives),
# and the switch for each direction.
# Usage: test_lgview_clipboard.sh LGVIEW SPICE_SERVER
set -eu
lgview=$1 server=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/testlib.sh"
XENV_SRCDIR=$(cd "$here/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
command -v xclip >/dev/null || { echo "FAIL: xclip is not installed (scripts/deps.sh test)"; exit 1; }
dir=$(mktemp -d /tmp/lgview-clip.XXXXXX)
spid= lpid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null || true
	pkill -f "xclip -display $DISPLAY" 2>/dev/null || true
	xenv_stop
	rm -rf "$dir"
}
trap cleanup EXIT
exit_on_signals
no_leak_checks_for_mesa

xenv_start_xvfb auto 640x480
clip() { xclip -display "$DISPLAY" -selection clipboard "$@"; }
# paste_as TARGET WANT OUT: what an X program pastes is WANT's bytes within
# 10 s (the guest's grab takes a moment to arrive; until then the last
# clipboard may still be pasted). OUT keeps the last paste.
paste_as() {
	i=0
	while :; do
		clip -o -t "$1" >"$3" 2>/dev/null && cmp -s "$3" "$2" && return 0
		i=$((i + 1))
		[ $i -le 50 ] || return 1
		sleep 0.2
	done
}
ctl() { printf '%s\n' "$*" >"$dir/control"; }
# guest_copies TYPE FILE: the guest's agent grabs FILE's bytes as TYPE, and
# lgview (its log: $name.log) has taken the grab.
guest_copies() {
	offers=$(grep -c "the guest's clipboard offers" "$dir/$name.log" || true)
	ctl GRAB "$1" "$2"
	i=0
	while [ "$(grep -c "the guest's clipboard offers" "$dir/$name.log" || true)" -le "$offers" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "lgview never heard of the guest's $1"
		sleep 0.05
	done
	sleep 0.1 # and the X server has it as the owner
}
# start_lgview NAME OPTIONS...: lgview with the agent's server, connected.
start_lgview() {
	name=$1
	shift
	G_MESSAGES_DEBUG=lgview-clipboard "$lgview" app:shmFile="$dir/shm" \
		spice:host="$dir/spice.sock" win:size=160x120 \
		win:appId="lgview-$name" "$@" >"$dir/$name.log" 2>&1 &
	lpid=$!
	wait_for "$dir/$name.log" 'SPICE: connected' 20 || fail "lgview did not connect"
	i=0
	while [ "$(grep -c AGENT_CAPS "$dir/server.log" || true)" -le "${caps_seen:-0}" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "the client never announced itself to the agent"
		sleep 0.05
	done
	caps_seen=$(grep -c AGENT_CAPS "$dir/server.log")
}
stop_lgview() {
	kill "$lpid"
	wait "$lpid" 2>/dev/null || true
	lpid=
}

mkfifo "$dir/control"
mkdir "$dir/dump"
"$server" --unix "$dir/spice.sock" --agent crlf --control "$dir/control" --dump "$dir/dump" \
	>"$dir/server.log" 2>&1 &
spid=$!
wait_for "$dir/server.log" '^READY' 10 || fail "the SPICE server did not start"
start_lgview one spice:clipboardMaxSize=4

# Guest → desktop: text with CRLF and non-ASCII.
printf 'h\303\251llo w\303\266rld \342\234\223\r\nline two\r\n' >"$dir/guest.txt"
printf 'h\303\251llo w\303\266rld \342\234\223\nline two\n' >"$dir/want.txt"
guest_copies text "$dir/guest.txt"
paste_as UTF8_STRING "$dir/want.txt" "$dir/got.txt" || fail "pasted '$(od -c "$dir/got.txt")'"
echo "guest to desktop: UTF-8 text, CRLF made LF"
clip -o -t TARGETS | grep -qx 'image/png' && fail "text offered as an image"

# Guest → desktop: a PNG, then 3 MB (INCR to the X program).
guest_copies png "$here/data/gradient.png"
paste_as image/png "$here/data/gradient.png" "$dir/got.png" || fail "no PNG, or another, pasted"
{ cat "$here/data/gradient.png"; head -c 3000000 /dev/urandom; } >"$dir/big.png"
guest_copies png "$dir/big.png"
paste_as image/png "$dir/big.png" "$dir/got-big.png" || fail "the pasted 3 MB differ"
echo "guest to desktop: a PNG, and 3 MB"

# Desktop → guest: text (LF made CRLF for this guest), then 3 MB (INCR from xclip).
printf 'local \303\274n\303\257code\nsecond' | clip -i
wait_for "$dir/server.log" '^CLIENT_DATA text' 10 || fail "the guest got no text"
printf 'local \303\274n\303\257code\r\nsecond' >"$dir/want-guest.txt"
cmp -s "$dir/dump/clip-text" "$dir/want-guest.txt" ||
	fail "the guest got '$(od -c "$dir/dump/clip-text")'"
clip -i -t image/png <"$dir/big.png"
wait_for "$dir/server.log" '^CLIENT_DATA png' 20 || fail "the guest got no PNG"
cmp -s "$dir/dump/clip-png" "$dir/big.png" || fail "the guest's 3 MB differ"
echo "desktop to guest: text with CRLF, and 3 MB"

# The size limit (4 MiB here), both ways.
head -c 5000000 /dev/urandom >"$dir/huge.png"
guest_copies png "$dir/huge.png"
clip -o -t image/png >"$dir/none.png" 2>/dev/null || true
[ ! -s "$dir/none.png" ] || fail "5 MB over the limit were pasted"
wait_for "$dir/one.log" 'over the limit' 10 || fail "no word of the guest's 5 MB"
clip -i -t image/png <"$dir/huge.png"
wait_for "$dir/server.log" '^CLIENT_DATA png 0$' 20 || fail "the guest was not refused"
echo "5 MB refused both ways"

# Malformed and unasked-for agent messages: logged, never fatal.
for b in short-grab short-clip short-request huge-types; do ctl BAD $b; done
ctl DATA text "$dir/guest.txt"
ctl GRAB_TYPES 0 99 3 4294967295
sleep 1
kill -0 "$lpid" 2>/dev/null || fail "lgview died of a malformed agent message"
wait_for "$dir/one.log" 'did not ask for' 10 || fail "unasked-for data was not logged"
guest_copies text "$dir/guest.txt"
paste_as UTF8_STRING "$dir/want.txt" "$dir/again.txt" ||
	fail "text after the malformed messages: '$(od -c "$dir/again.txt")'"
echo "malformed agent messages: logged, and the clipboard still works"
stop_lgview

# Each direction's switch, one at a time.
start_lgview two spice:clipboardToVM=no
before=$(grep -c '^CLIENT_GRAB\|^CLIENT_DATA' "$dir/server.log" || true)
printf 'not for the guest' | clip -i
guest_copies text "$dir/guest.txt"
paste_as UTF8_STRING "$dir/want.txt" "$dir/two.txt" || fail "clipboardToVM=no stopped the other way too"
after=$(grep -c '^CLIENT_GRAB\|^CLIENT_DATA' "$dir/server.log" || true)
[ "$before" = "$after" ] || fail "clipboardToVM=no let the desktop out ($before, then $after): $(tail -n 3 "$dir/server.log")"
stop_lgview
start_lgview three spice:clipboardToLocal=no
printf 'for the guest' | clip -i
wait_for "$dir/server.log" '^CLIENT_DATA text 13$' 10 || fail "clipboardToLocal=no stopped the other way too"
ctl GRAB text "$dir/guest.txt"
sleep 1
[ "$(clip -o -t UTF8_STRING)" = "for the guest" ] || fail "clipboardToLocal=no let the guest in"
stop_lgview
echo "each switch closes its direction only"
echo PASS
