# SPDX-License-Identifier: GPL-2.0-or-later
# A private headless PipeWire for the audio tests (sourced; POSIX sh): the
# daemon, WirePlumber without D-Bus, and a null sink "test-sink" whose
# monitor the tests record, and a microphone: what is played into "mic-in"
# comes out of the source "test-source" (module-loopback). Fresh directories every time: a daemon's old
# state can wedge new streams.
#   pw_start DIR   start both in DIR (exports XDG_RUNTIME_DIR and friends)
#   pw_stop        stop them (SIGTERM, then SIGKILL after 5 s)
#   pw_restart     stop and start again in the same DIR

pw_start() {
	pw_dir=$1
	mkdir -p "$pw_dir"
	XDG_RUNTIME_DIR=$pw_dir/run XDG_CONFIG_HOME=$pw_dir/config XDG_STATE_HOME=$pw_dir/state
	export XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_STATE_HOME
	unset DBUS_SESSION_BUS_ADDRESS
	rm -rf "$XDG_RUNTIME_DIR" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"
	mkdir -p -m 0700 "$XDG_RUNTIME_DIR" "$XDG_STATE_HOME"
	mkdir -p "$XDG_CONFIG_HOME/pipewire/pipewire.conf.d" \
		"$XDG_CONFIG_HOME/wireplumber/main.lua.d" "$XDG_CONFIG_HOME/wireplumber/bluetooth.lua.d"
	cat >"$XDG_CONFIG_HOME/pipewire/pipewire.conf.d/10-test-sink.conf" <<'CONF'
context.objects = [
    { factory = adapter
        args = {
            factory.name     = support.null-audio-sink
            node.name        = "test-sink"
            node.description = "lgview test sink"
            media.class      = Audio/Sink
            object.linger    = true
            audio.rate       = 48000
            audio.channels   = 2
            audio.position   = [ FL FR ]
            monitor.channel-volumes = true
            priority.session = 2000
            priority.driver = 2000
        }
    }
]
# The microphone: what is played into mic-in comes out of test-source.
context.modules = [
    { name = libpipewire-module-loopback
        args = {
            node.description = "lgview test microphone"
            capture.props = {
                node.name = "mic-in"
                media.class = "Audio/Sink"
                audio.position = [ FL FR ]
                priority.session = 100
                priority.driver = 100
            }
            playback.props = {
                node.name = "test-source"
                media.class = "Audio/Source"
                audio.position = [ FL FR ]
            }
        }
    }
]
CONF
	# WirePlumber 0.4 without a session bus: its D-Bus users off, in files
	# that sort before 90-enable-all.lua.
	cat >"$XDG_CONFIG_HOME/wireplumber/main.lua.d/51-lgview-test.lua" <<'LUA'
default_access.properties["enable-flatpak-portal"] = false
alsa_monitor.properties["alsa.reserve"] = false
LUA
	cat >"$XDG_CONFIG_HOME/wireplumber/bluetooth.lua.d/51-lgview-test.lua" <<'LUA'
bluez_monitor.enabled = false
bluez_monitor.properties["with-logind"] = false
LUA
	(unset DISPLAY; exec pipewire) >"$pw_dir/pipewire.log" 2>&1 &
	pw_pid=$!
	i=0
	while [ ! -S "$XDG_RUNTIME_DIR/pipewire-0" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || { echo "pipewire did not start"; cat "$pw_dir/pipewire.log"; return 1; }
		sleep 0.05
	done
	(unset DISPLAY; exec wireplumber) >"$pw_dir/wireplumber.log" 2>&1 &
	wp_pid=$!
	i=0
	until wpctl inspect @DEFAULT_AUDIO_SINK@ 2>/dev/null | grep -q test-sink; do
		i=$((i + 1))
		[ $i -le 200 ] || { echo "wireplumber: no default sink"; cat "$pw_dir/wireplumber.log"; return 1; }
		sleep 0.05
	done
}

pw_stop() {
	for p in ${wp_pid:-} ${pw_pid:-}; do kill "$p" 2>/dev/null || true; done
	i=0
	while [ $i -lt 50 ]; do
		alive=
		for p in ${wp_pid:-} ${pw_pid:-}; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
		[ -z "$alive" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "${alive:-}" ] && kill -9 $alive 2>/dev/null || true
	wp_pid= pw_pid=
}

pw_restart() {
	pw_stop
	pw_start "$pw_dir"
}
