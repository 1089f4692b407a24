#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's SPICE input against libspice-server: every key of the table
# arrives as its scancode bytes, focus loss releases held keys, motion sums,
# buttons and the wheel; the server restarts and the session comes back by
# itself; stopping is prompt. Usage: test_spice_input.sh SERVER CLIENT
set -eu
server=$1 client=$2
. "$(dirname "$0")/testlib.sh"
data=$(cd "$(dirname "$0")" && pwd)/data
dir=$(mktemp -d /tmp/lgview-spice.XXXXXX)
sock=$dir/spice.sock
spid= cpid=
cleanup() {
	[ -n "$cpid" ] && kill "$cpid" 2>/dev/null || true
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
exit_on_signals

# A password: refused when wrong (and not tried again), taken when right.
rm -f "$sock"
"$server" --unix "$sock" --password 'sésame ouvre-toi' >"$dir/auth.log" 2>&1 &
spid=$!
wait_for "$dir/auth.log" '^READY' 10 || fail "the SPICE server did not start"
"$client" "$sock" --auth wrong refused >"$dir/auth-client.log" 2>&1 ||
	fail "a wrong password: $(cat "$dir/auth-client.log")"
grep -q 'refused the password' "$dir/auth-client.log" || fail "no word of the password"
"$client" "$sock" --auth 'sésame ouvre-toi' ok >>"$dir/auth-client.log" 2>&1 ||
	fail "the right password: $(cat "$dir/auth-client.log")"
kill "$spid"
wait "$spid" 2>/dev/null || true
echo "password: a wrong one refused, the right one taken"

# TLS only (a VM with just a tls-port): checked against the test CA it
# works and keys go through; against another CA (the server's own
# certificate is no CA) it is refused and said.
# A port of its own: another one if that is taken.
for try in 1 2 3; do
	port=$((20000 + ($$ * 7 + try * 1009) % 20000))
	"$server" --tls "$port" --certs "$data/tls" >"$dir/tls.log" 2>&1 &
	spid=$!
	wait_for "$dir/tls.log" '^READY' 10 && break
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
	[ $try -lt 3 ] || fail "the TLS server did not start"
done
"$client" 127.0.0.1 --tls "$port" "$data/tls/ca-cert.pem" ok >"$dir/tls-client.log" 2>&1 ||
	fail "TLS with the right CA: $(cat "$dir/tls-client.log")"
wait_for "$dir/tls.log" '^KEY 9e' 10 || fail "no key over TLS"
"$client" 127.0.0.1 --tls "$port" "$data/tls/server-cert.pem" refused \
	>>"$dir/tls-client.log" 2>&1 || fail "TLS with a wrong CA: $(cat "$dir/tls-client.log")"
grep -q 'TLS with 127.0.0.1 failed' "$dir/tls-client.log" || fail "no word of the TLS failure"
kill "$spid"
wait "$spid" 2>/dev/null || true
echo "TLS: the right CA taken and keys through, a wrong one refused"

start_spice_server "$server" "$sock" server1
"$client" "$sock" >"$dir/client.log" 2>"$dir/client.err" &
cpid=$!
wait_for "$dir/client.log" '^PHASE1_SENT' 60 || fail "the client did not finish phase 1"
# Scroll Lock's release is the last byte sent.
wait_for "$dir/server1.log" '^KEY c6' 20 || fail "the last key never arrived"
sleep 0.3

grep '^EXPECT KEY' "$dir/client.log" | sed 's/^EXPECT //' >"$dir/want_keys"
grep '^KEY' "$dir/server1.log" >"$dir/got_keys"
diff -u "$dir/want_keys" "$dir/got_keys" >"$dir/keys.diff" ||
	{ head -n 40 "$dir/keys.diff"; fail "the scancode bytes differ"; }
echo "keys: $(wc -l <"$dir/got_keys") scancode bytes as expected"

sum=$(awk '$1 == "MOTION" && $4 == 0 { x += $2; y += $3 } END { print x, y }' "$dir/server1.log")
want=$(sed -n 's/^EXPECT MOTION_SUM //p' "$dir/client.log")
[ "$sum" = "$want" ] || fail "motion sums to $sum, not $want"
wheel=$(awk '$1 == "MOTION" && $4 != 0 { z += $4; n++ } END { print z + 0, n + 0 }' "$dir/server1.log")
want=$(sed -n 's/^EXPECT WHEEL_SUM //p' "$dir/client.log")
[ "$wheel" = "$want" ] || fail "wheel $wheel, not $want"
# A press reaches the mouse as a motion of 0 with the new state, a release
# as its buttons; spice-server's local masks are left 1, right 2, middle 4,
# side 64, extra 128. The wheel's releases report no buttons held.
buttons=$(awk '$1 == "BUTTONS" { printf "%s ", $2 }
	$1 == "MOTION" && $2 == 0 && $3 == 0 && $4 == 0 && $5 != 0 { printf "%s ", $5 }' \
	"$dir/server1.log")
[ "$buttons" = "1 0 4 0 2 0 64 0 128 0 0 0 " ] || fail "buttons: $buttons"
echo "mouse: motion $sum, wheel $wheel, buttons $buttons"

# The server goes away and comes back on the same socket.
kill "$spid"
wait "$spid" 2>/dev/null || true
spid=
sleep 0.5
start_spice_server "$server" "$sock" server2
wait_for "$dir/client.log" '^PHASE2_SENT' 60 || fail "the client did not reconnect"
wait_for "$dir/server2.log" '^KEY 9e' 20 || fail "no key through the new connection"
grep '^KEY' "$dir/server2.log" | tr '\n' ' ' | grep -q '^KEY 1e KEY 9e $' ||
	fail "after the reconnect: $(grep '^KEY' "$dir/server2.log" | tr '\n' ' ')"
wait "$cpid" || fail "the client failed"
cpid=
ms=$(sed -n 's/^STOP_MS //p' "$dir/client.log")
[ "$ms" -lt 2000 ] || fail "stopping took $ms ms"
echo "reconnect: $(sed -n 's/^ATTEMPTS //p' "$dir/client.log") attempts, stop in $ms ms"
echo PASS
