#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# lgview's sound against real peers: the test SPICE server (libspice-server)
# plays a 1 kHz sine by a clock 0.3 % fast, then 0.3 % slow (180 ms a
# minute apart from the host's); lgview plays it into a headless PipeWire
# daemon's null sink; pw-record takes the sink's monitor. Over each run:
# the frequency within 1 Hz in every 100 ms block, no gap after the start,
# and the audio lgview holds buffered inside its target +/- BOUND_MS every
# second (lgview's debug line). Without correction the same run drifts.
# Then the guest's volume and mute, the microphone (a tone from a PipeWire
# source reaches the server's record interface; deny sends nothing; the
# escape key + E toggles), PipeWire restarted under lgview, and the SPICE
# server restarted.
# Usage: test_lgview_audio.sh LGVIEW SPICE_SERVER AUDIOTOOL XINJECT
#   LGVIEW_AUDIO_SECONDS: the length of each drift run (default 60)
set -eu
lgview=$1 server=$2 audiotool=$3 xinject=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../spice/testlib.sh"
. "$here/pwenv.sh"
XENV_SRCDIR=$(cd "$here/../x11" && pwd)
export XENV_SRCDIR
. "$XENV_SRCDIR/xenv.sh"
secs=${LGVIEW_AUDIO_SECONDS:-60}
[ "$secs" -ge 25 ] || secs=25
# The buffered audio, averaged over a second (lgview's mean), stays within
# this of the target every second of a run: what is left of the 10 ms
# packets' saw-tooth, the stream's own start (up to 10 ms more than the
# target at first) and this machine's scheduling stalls.
BOUND_MS=15
# The pitch follows the guest's clock within 1 Hz once the controller has
# settled (its loop is 10 s for 12 s, then 40 s).
SETTLE_S=15
# The drift runs count every gap, and on this shared 2-core machine a
# 256-frame graph misses a cycle now and then whoever plays (the PipeWire
# recipe measured 4-12 gaps in 3 s under load); at 1024 it does not.
QUANTUM=1024
# Nor does SPICE deliver its 10 ms packets on time here: stalls of 15 ms
# and more come every minute or so, which the default 12 ms margin above
# the period does not cover (the benchmark measures the defaults).
MARGIN_MS=30
dir=$(mktemp -d /tmp/lgview-audio.XXXXXX)
spid= lpid= rpid= ppid=
cleanup() {
	for p in $rpid $ppid $lpid $spid; do kill "$p" 2>/dev/null || true; done
	pw_stop
	xenv_stop
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
exit_on_signals
no_leak_checks_for_mesa

xenv_start_xvfb auto 640x480
pw_start "$dir/pw" || fail "no PipeWire"

# start_server ARGS...: the test server with a sound card and a control FIFO.
start_server() {
	rm -f "$dir/spice.sock"
	[ -p "$dir/control" ] || mkfifo "$dir/control"
	"$server" --unix "$dir/spice.sock" --control "$dir/control" --record "$dir/mic.raw" "$@" \
		>"$dir/server.log" 2>&1 &
	spid=$!
	wait_for "$dir/server.log" '^READY' 10 || fail "the SPICE server did not start"
}
# ctl LINE: tell the server, with a deadline (a FIFO write would wait
# for ever for a reader, were the server gone).
ctl() {
	kill -0 "$spid" 2>/dev/null || fail "the SPICE server is gone (before: $1)"
	timeout 5 sh -c 'printf "%s\n" "$1" >"$2"' ctl "$1" "$dir/control" ||
		fail "the SPICE server did not take '$1'"
}
stop_server() {
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
	spid=
}
# start_lgview NAME OPTIONS...: lgview with its audio debug line, playing.
start_lgview() {
	name=$1
	shift
	G_MESSAGES_DEBUG=lgview-audio "$lgview" app:shmFile="$dir/shm" spice:host="$dir/spice.sock" \
		win:size=320x200 win:appId=lgview-audio "$@" >"$dir/$name.log" 2>&1 &
	lpid=$!
	wait_for "$dir/$name.log" 'PipeWire: playing' 20 || fail "$name: lgview did not play"
}
stop_lgview() {
	kill "$lpid" 2>/dev/null || true
	wait "$lpid" 2>/dev/null || true
	lpid=
}
# record FILE SECONDS [QUANTUM]: the sink's monitor. The recorder asks for
# lgview's own quantum: a smaller request would lower lgview's (the
# smallest wins).
record() {
	pw-record --latency "${3:-256}" --target test-sink -P '{ stream.capture.sink = true }' \
		--rate 48000 --channels 2 --format s16 "$1" &
	rpid=$!
	sleep "$2"
	kill -INT "$rpid" 2>/dev/null || true
	wait "$rpid" 2>/dev/null || true
	rpid=
}
# value KEY FILE: one of audiotool's KEY=VALUE lines.
value() { sed -n "s/^$1=//p" "$2"; }
# float test: awk 'BEGIN { exit !(EXPR) }'
check() { awk "BEGIN { exit !($1) }" || fail "$2"; }

# ---- drift: +0.3 % and -0.3 % ----
# drift_run SKEW: one run, judged. Returns 2 when the machine stalled
# lgview (a cycle the graph ran without it, which lgview counts as late,
# or an underrun): the gaps must then all be accounted for, and the run
# is done again, three times at most. This shared 2-core VM has its CPUs
# taken by its host now and then (steal time), for tens of milliseconds.
drift_run() {
	skew=$1
	start_server --tone 1000 --skew "$skew"
	start_lgview "lgview$skew" audio:periodSize=$QUANTUM audio:bufferLatency=$MARGIN_MS
	record "$dir/rec$skew.wav" "$secs" $QUANTUM
	stop_lgview
	stop_server
	"$audiotool" analyze "$dir/rec$skew.wav" 48000 0.2 >"$dir/an$skew.txt"
	tr '\n' ' ' <"$dir/an$skew.txt"
	echo
	# lgview's own view, once a second: buffered against the target.
	awk -v bound=$BOUND_MS -v out="$dir/counts" '/playback: latency/ {
		for (i = 1; i <= NF; i++) { if ($i == "mean") b = $(i + 1); if ($i == "target") t = $(i + 1);
			if ($i == "ratio") r = $(i + 1); if ($i == "underruns") u = $(i + 1)
			if ($i == "resyncs") rs = $(i + 1); if ($i == "late") l = $(i + 1) }
		n++; d = b - t; if (d < 0) d = -d; if (d > worst) worst = d
	} END {
		printf "%d samples, worst |mean buffered - target| %.2f ms, last ratio %s, underruns %s, resyncs %s, late cycles %s\n", n, worst, r, u, rs, l
		printf "n=%d\nworst=%f\nunderruns=%d\nresyncs=%d\nlate=%d\n", n, worst, u, rs, l > out
	}' "$dir/lgview$skew.log"
	gaps=$(value gaps "$dir/an$skew.txt")
	late=$(value late "$dir/counts") under=$(value underruns "$dir/counts")
	check "$(value n "$dir/counts") >= 5" "skew $skew: lgview said nothing of its playback"
	blocks=$(value blocks "$dir/an$skew.txt")
	check "$blocks >= ($secs - 2) * 10" "skew $skew: $blocks blocks of signal in ${secs} s"
	# Every gap is silence the device played for lgview: lgview ran dry
	# (an underrun) or the graph went on without it (a late cycle). One
	# gap of at most one quantum per run is let pass, and said: seen once
	# in a few runs here with lgview on time and never dry, its cause not
	# pinned down (a second recorder beside the first saw none in 90 s).
	quantum_ms=$(awk "BEGIN { print $QUANTUM * 1000 / 48000 + 0.1 }")
	if [ "$gaps" -gt $((late + under)) ]; then
		check "$gaps == $late + $under + 1 && $(value gap_ms "$dir/an$skew.txt") <= $quantum_ms" \
			"skew $skew: $gaps gaps ($(value gap_ms "$dir/an$skew.txt") ms), $late late cycles, $under underruns"
		echo "skew $skew: WARNING: one gap of $(value gap_ms "$dir/an$skew.txt") ms lgview did not see"
	fi
	if [ $((late + under)) -gt 0 ]; then
		echo "skew $skew: the machine stalled lgview ($late late cycles, $under underruns): again"
		return 2
	fi
	check "$(value resyncs "$dir/counts") == 0" "skew $skew: resynchronised"
	check "$(value worst "$dir/counts") <= $BOUND_MS" \
		"skew $skew: the buffered audio left target +/- $BOUND_MS ms"
	# While the controller learns the clocks' difference (its loop is
	# 10 s) the pitch may leave 1 kHz by the ratio's limit, 0.8 %, around
	# the card's own pitch: 1000 / (1 + skew) x 0.992..1.008. Settled,
	# every second is within 1 Hz (its median 100 ms block: one block
	# that straddles a glitch does not make the pitch; under the
	# sanitizers a block here and there reads 3 Hz off).
	check "$(value min_hz "$dir/an$skew.txt") >= 1000 * 0.992 / (1 + $skew) - 0.5 &&
		$(value max_hz "$dir/an$skew.txt") <= 1000 * 1.008 / (1 + $skew) + 0.5" \
		"skew $skew: a block off 1000 Hz by more than the ratio's limit"
	check "$(value median_hz "$dir/an$skew.txt") > 999.8 && $(value median_hz "$dir/an$skew.txt") < 1000.2" \
		"skew $skew: the median block is not 1000 Hz"
	"$audiotool" analyze "$dir/rec$skew.wav" 48000 $SETTLE_S >"$dir/settled$skew.txt"
	echo "settled (after $SETTLE_S s): blocks $(value min_hz "$dir/settled$skew.txt") to $(value max_hz "$dir/settled$skew.txt") Hz, seconds $(value sec_min_hz "$dir/settled$skew.txt") to $(value sec_max_hz "$dir/settled$skew.txt") Hz"
	check "$(value sec_min_hz "$dir/settled$skew.txt") >= 999 && $(value sec_max_hz "$dir/settled$skew.txt") <= 1001" \
		"skew $skew: settled, a second off 1000 Hz by more than 1 Hz"
	check "$(value peak "$dir/an$skew.txt") > 0.49 && $(value peak "$dir/an$skew.txt") < 0.51" \
		"skew $skew: the level is not the server's 0.5"
	echo "skew $skew: ok"
	return 0
}
for skew in 0.003 -0.003; do
	attempt=1
	while :; do
		r=0
		drift_run "$skew" || r=$?
		[ "$r" = 0 ] && break
		attempt=$((attempt + 1))
		[ $attempt -le 3 ] || fail "skew $skew: the machine stalled lgview in each of 3 runs"
	done
done

# ---- without correction the same clock drifts away ----
start_server --tone 1000 --skew 0.003
start_lgview nocorr audio:driftCorrection=no
sleep 12
stop_lgview
stop_server
awk '/playback: latency/ { for (i = 1; i <= NF; i++) if ($i == "buffered") b[n++] = $(i + 1) }
	END { printf "uncorrected: buffered %.1f ms after 1 s, %.1f ms after %d s\n", b[0], b[n - 1], n
	      exit !(n >= 8 && b[n - 1] - b[0] >= 0.002 * 1000 * (n - 1)) }' "$dir/nocorr.log" ||
	fail "without correction the buffer did not drift: is the skew real?"

# ---- the guest's volume and mute ----
start_server --tone 1000
start_lgview volume
ctl "VOLUME 32768 0"
sleep 0.5
record "$dir/half.wav" 1.5
ctl "VOLUME 65535 1"
sleep 0.5
record "$dir/muted.wav" 1.5
ctl "VOLUME 65535 0"
sleep 0.5
record "$dir/full.wav" 1.5
stop_lgview
"$audiotool" analyze "$dir/half.wav" 48000 >"$dir/half.txt"
"$audiotool" analyze "$dir/muted.wav" 48000 >"$dir/muted.txt"
"$audiotool" analyze "$dir/full.wav" 48000 >"$dir/full.txt"
# 32768 of 65535 is half the fader, 30 dB down: 0.5 x 0.0316.
check "$(value peak "$dir/half.txt") > 0.013 && $(value peak "$dir/half.txt") < 0.019" \
	"half volume: peak $(value peak "$dir/half.txt"), not 0.016"
check "$(value start_s "$dir/muted.txt") == -1" "muted: sound came through"
check "$(value peak "$dir/full.txt") > 0.49" "full volume: peak $(value peak "$dir/full.txt")"
echo "volume: half $(value peak "$dir/half.txt"), muted 0, full $(value peak "$dir/full.txt")"
# With audio:syncVolume=no the guest's volume does not apply.
start_lgview novolume audio:syncVolume=no
ctl "VOLUME 32768 1"
sleep 0.5
record "$dir/nosync.wav" 1.5
stop_lgview
stop_server
"$audiotool" analyze "$dir/nosync.wav" 48000 >"$dir/nosync.txt"
check "$(value peak "$dir/nosync.txt") > 0.49" "syncVolume=no: the guest's volume applied"

# ---- the microphone: a 440 Hz tone from a PipeWire source ----
"$audiotool" tone "$dir/tone.wav" 440 0.25 300
pw-cat --playback --target mic-in "$dir/tone.wav" >/dev/null 2>&1 &
ppid=$!
mic_frames() { sed -n 's/^RECORD_FRAMES //p' "$dir/server.log" | tail -n 1; }
# deny: nothing reaches the server.
rm -f "$dir/mic.raw"
start_server
start_lgview deny audio:micDefault=deny pipewire:recDevice=test-source
sleep 3
stop_lgview
[ ! -s "$dir/mic.raw" ] || fail "deny: $(wc -c <"$dir/mic.raw") bytes of microphone reached the server"
grep -q 'the microphone is denied' "$dir/deny.log" || fail "deny: not said"
stop_server
# allow: the tone arrives.
start_server
start_lgview allow audio:micDefault=allow pipewire:recDevice=test-source
sleep 4
stop_lgview
stop_server
"$audiotool" analyze "$dir/mic.raw" 48000 0.2 >"$dir/mic.txt"
# spice-server 0.15.1 garbles one stretch every 8192 frames of record (a
# bug at its ring's wrap): the median block, not every block, is asserted.
check "$(value blocks "$dir/mic.txt") >= 20" "allow: $(value blocks "$dir/mic.txt") blocks of microphone"
check "$(value median_hz "$dir/mic.txt") > 439 && $(value median_hz "$dir/mic.txt") < 441" \
	"allow: the microphone at $(value median_hz "$dir/mic.txt") Hz, not 440"
echo "microphone (allow): $(value median_hz "$dir/mic.txt") Hz, peak $(value peak "$dir/mic.txt")"
# prompt: nothing until the escape key + E, then the tone; E again stops it.
rm -f "$dir/mic.raw"
start_server
start_lgview prompt pipewire:recDevice=test-source
wait_for "$dir/prompt.log" 'E allows the microphone' 10 || fail "prompt: not asked"
sleep 1
[ ! -s "$dir/mic.raw" ] || fail "prompt: microphone sent before it was allowed"
"$xinject" "$DISPLAY" lgview-audio d78 k26 u78 s300 || fail "xinject failed"
wait_for "$dir/prompt.log" 'the microphone goes to the guest' 10 || fail "prompt: E did not allow"
sleep 2
"$xinject" "$DISPLAY" lgview-audio d78 k26 u78 s300 || fail "xinject failed"
wait_for "$dir/prompt.log" 'the microphone is off' 10 || fail "prompt: E did not stop it"
sleep 0.5
size1=$(wc -c <"$dir/mic.raw")
sleep 1.5
size2=$(wc -c <"$dir/mic.raw")
stop_lgview
stop_server
[ "$size1" -gt 48000 ] || fail "prompt: only $size1 bytes after E allowed"
[ "$size1" = "$size2" ] || fail "prompt: microphone still sent after E stopped it"
echo "microphone (prompt): $size1 bytes between the two E chords, none after"
kill "$ppid" 2>/dev/null || true
ppid=

# ---- PipeWire restarted under lgview; the SPICE server restarted ----
start_server --tone 1000
start_lgview restart
pw_restart || fail "PipeWire did not come back"
wait_for "$dir/restart.log" 'PipeWire: connected' 10 || fail "lgview did not reconnect to PipeWire"
sleep 1
record "$dir/after_pw.wav" 2
"$audiotool" analyze "$dir/after_pw.wav" 48000 0.2 >"$dir/after_pw.txt"
check "$(value blocks "$dir/after_pw.txt") >= 10" "after PipeWire's restart: no sound"
stop_server
start_server --tone 1000
sleep 3 # lgview's reconnection backs off up to a second or two
record "$dir/after_spice.wav" 2
stop_lgview
"$audiotool" analyze "$dir/after_spice.wav" 48000 0.2 >"$dir/after_spice.txt"
check "$(value blocks "$dir/after_spice.txt") >= 10" "after the SPICE server's restart: no sound"
# Right after a restart the controller may still drain what the stall
# left: the pitch within the ratio's limit.
check "$(value median_hz "$dir/after_spice.txt") > 992 && $(value median_hz "$dir/after_spice.txt") < 1008" \
	"after the SPICE server's restart: not 1000 Hz"
echo "restarts: sound back after PipeWire and after the SPICE server"
echo PASS
