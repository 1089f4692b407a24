# SPDX-License-Identifier: GPL-2.0-or-later
# xenv.sh - X11 environments for lgview's integration tests.
#
# A POSIX sh library (dash or bash, with GNU coreutils and util-linux; safe under
# `set -eu`; it defines only xenv_* and _xenv_* names). Source it:
#
#   XENV_SRCDIR=/path/to/tests/integration/x11   # where xorg-dummy.conf lives
#   . "$XENV_SRCDIR/xenv.sh"
#   trap xenv_stop EXIT
#   trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM  # run it on signals too
#   xenv_start_xvfb auto 1920x1080     # or a display number
#   xenv_start_openbox
#   ... run the client under test (it inherits DISPLAY and SDL_VIDEODRIVER=x11) ...
#   xenv_track_pid $! viewer            # optional: xenv_stop kills it first
#
# Functions (all return 0 on success and 1 with an "xenv: ..." message on stderr;
# progress lines go to stderr too, stdout is only used by xenv_free_display):
#   xenv_free_display [FIRST]    print the first N >= FIRST (default 70) with no
#                                /tmp/.X11-unix/XN socket, no /tmp/.XN-lock and no
#                                abstract socket @/tmp/.X11-unix/XN.
#   xenv_start_xvfb N|auto WxH   Xvfb :N -screen 0 WxHx24 -nolisten tcp -noreset -s 0
#                                -displayfd 3; ready when the server writes N to the
#                                FIFO on fd 3 (no sleeps), else fails after
#                                XENV_TIMEOUT (10) s. "auto" (or "") picks a free
#                                display and retries on the next one if it was taken.
#   xenv_start_xorg_dummy N|auto Xorg + xf86-video-dummy (as root) with xorg-dummy.conf
#                                (XENV_XORG_CONF overrides), readiness through
#                                -displayfd, then DUMMY0 1920x1080 at 0,0 and DUMMY1
#                                1920x1080 at 1920,0 (xrandr), checked with
#                                `xrandr --listmonitors`.
#   xenv_start_openbox           openbox --sm-disable on $DISPLAY with HOME and XDG_*
#                                in a scratch dir; ready when `wmctrl -m` names Openbox
#                                and _NET_NUMBER_OF_DESKTOPS has a value (polled every
#                                50 ms), else fails after XENV_WM_TIMEOUT (15) s.
#   xenv_track_pid PID [NAME]    have xenv_stop (and the watchdog) stop PID too.
#   xenv_dummy_driver            print the path of dummy_drv.so; 1 if not installed.
#   xenv_dump_logs               print the tail of every log of this environment
#                                (server stdout/stderr $XENV_DIR/{xvfb,xorg}-N.out,
#                                Xorg's own xorg-N.log, openbox-N.log) to stderr.
#   xenv_stop                    stop everything started or tracked, by saved PID
#                                checked against its start time (a reused PID is never
#                                hit), newest first: first clients and openbox, then
#                                the X servers; each group gets SIGTERM, 2 s, then
#                                SIGKILL. Reaps them, removes the socket/lock a killed
#                                server left behind, removes the scratch dir, restores
#                                DISPLAY and SDL_VIDEODRIVER, unsets XENV_DISPLAYNUM,
#                                XENV_SERVER_PID, XENV_WM_PID and (when it removed the
#                                dir) XENV_DIR. Safe to call twice or without a start;
#                                always returns 0.
#
# Exported after a server start: DISPLAY=:N, SDL_VIDEODRIVER=x11 (so SDL fails instead
# of falling back to its offscreen driver), XENV_DISPLAYNUM=N, XENV_SERVER_PID, and
# XENV_DIR (the scratch dir). After xenv_start_openbox: XENV_WM_PID. The same
# assignments are written, as `export` lines, to $XENV_DIR/env.
#
# Inputs: XENV_SRCDIR (dir of this file; guessed from BASH_SOURCE or $0 when unset),
# XENV_XORG_CONF, XENV_TIMEOUT (s, default 10), XENV_WM_TIMEOUT (s, default 15),
# XENV_KEEP=1 (keep the scratch dir), XENV_DIR (see below), XENV_OWNER_PID.
#
# Scratch dir: XENV_DIR if set (created and owned when it does not exist yet), else
# a fresh mktemp -d. An owned dir (marker .xenv-owned) is removed by xenv_stop; in a
# caller's existing dir only the files made here are removed.
#
# Watchdog: the first start also launches a small process in its own session
# (setsid, so a kill of the caller's process group spares it) that checks every
# second whether the owner (XENV_OWNER_PID, default $$, the sourcing script) still
# runs, and does xenv_stop's cleanup when it died without calling xenv_stop, e.g.
# killed by `timeout -s KILL`. XENV_OWNER_PID=none disables it.
#
# The servers, openbox and the watchdog are children of the sourcing shell: do not
# use a bare `wait` there (wait for specific PIDs). Servers started with -displayfd
# write no /tmp/.XN-lock; concurrent starts on the same N fail cleanly (the second
# server cannot bind the socket), and "auto" then retries on a later number.
#
# From C through system(): every system() is a new shell, so set XENV_DIR (a path,
# e.g. under a mkdtemp dir), XENV_OWNER_PID (getpid()) and XENV_SRCDIR first, run
# ". $XENV_SRCDIR/xenv.sh && xenv_start_xvfb auto 1920x1080", read DISPLAY from
# $XENV_DIR/env, and finish with ". $XENV_SRCDIR/xenv.sh && xenv_stop".

if [ -z "${XENV_SRCDIR:-}" ]; then
	if [ -n "${BASH_SOURCE:-}" ]; then
		XENV_SRCDIR=$(cd "$(dirname "$BASH_SOURCE")" && pwd)
	elif [ -f "$(dirname "$0")/xenv.sh" ]; then
		XENV_SRCDIR=$(cd "$(dirname "$0")" && pwd)
	elif [ -f "$(dirname "$0")/x11/xenv.sh" ]; then
		XENV_SRCDIR=$(cd "$(dirname "$0")/x11" && pwd)
	fi
fi

_xenv_msg() { echo "xenv: $*" >&2; }
_xenv_err() { echo "xenv: error: $*" >&2; return 1; }

_xenv_now_ms() { date +%s%3N; }

# _xenv_procstat PID: print "STATE STARTTIME" from /proc/PID/stat.
_xenv_procstat() {
	{ IFS= read -r _xenv_ps <"/proc/$1/stat"; } 2>/dev/null || return 1
	_xenv_ps=${_xenv_ps##*) }
	# shellcheck disable=SC2086
	set -- $_xenv_ps
	[ $# -ge 20 ] || return 1
	echo "$1 ${20}"
}

# _xenv_alive PID STARTTIME: PID runs, is not a zombie and is the process recorded.
_xenv_alive() {
	_xenv_al=$(_xenv_procstat "$1") || return 1
	case $_xenv_al in
	Z\ * | X\ * | x\ *) return 1 ;;
	esac
	[ -z "${2:-}" ] || [ "${_xenv_al#* }" = "$2" ]
}

_xenv_starttime() {
	_xenv_st=$(_xenv_procstat "$1") || return 1
	echo "${_xenv_st#* }"
}

_xenv_need() {
	for _xenv_nd in "$@"; do
		command -v "$_xenv_nd" >/dev/null 2>&1 ||
			_xenv_err "'$_xenv_nd' is not installed (scripts/deps.sh test installs it)" ||
			return 1
	done
}

# _xenv_record PID NAME: remember a process for xenv_stop.
_xenv_record() {
	case $1 in '' | *[!0-9]*) _xenv_err "not a PID: '$1'" || return 1 ;; esac
	_xenv_rs=$(_xenv_starttime "$1") || _xenv_rs=0
	echo "$1 $_xenv_rs $(echo "$2" | tr -c 'A-Za-z0-9_.:\n-' _)" >>"$XENV_DIR/pids"
}

xenv_track_pid() {
	[ -n "${1:-}" ] || _xenv_err "usage: xenv_track_pid PID [NAME]" || return 1
	_xenv_init || return 1
	_xenv_record "$1" "${2:-client}"
}

_xenv_init() {
	if [ -z "${XENV_DIR:-}" ]; then
		XENV_DIR=$(mktemp -d "${TMPDIR:-/tmp}/xenv.XXXXXX") ||
			_xenv_err "cannot create a scratch dir" || return 1
		: >"$XENV_DIR/.xenv-owned"
	elif [ ! -d "$XENV_DIR" ]; then
		{ mkdir -p "$(dirname "$XENV_DIR")" && mkdir -m 700 "$XENV_DIR"; } ||
			_xenv_err "cannot create $XENV_DIR" || return 1
		: >"$XENV_DIR/.xenv-owned"
	fi
	export XENV_DIR
	[ -f "$XENV_DIR/pids" ] || : >"$XENV_DIR/pids"
	if [ -z "${_xenv_saved:-}" ]; then
		_xenv_saved=1
		_xenv_old_display=${DISPLAY-__xenv_unset__}
		_xenv_old_sdl=${SDL_VIDEODRIVER-__xenv_unset__}
	fi
	_xenv_watchdog_start
}

# _xenv_term_phase LIST PHASE: SIGTERM the processes of LIST ("PID STARTTIME NAME"
# lines) that belong to PHASE (servers: NAME xserver:N; clients: the rest), give
# them 2 s, SIGKILL the rest. Adds the PIDs that may have left files behind (died
# on their own before, or needed SIGKILL) to _xenv_unclean.
_xenv_term_phase() {
	_xenv_any="" _xenv_phase=$2
	IFS='
'
	for _xenv_line in $1; do
		IFS=$_xenv_oldifs
		# shellcheck disable=SC2086
		set -- $_xenv_line
		case $3 in
		xserver:*) [ "$_xenv_phase" = servers ] || continue ;;
		*) [ "$_xenv_phase" = clients ] || continue ;;
		esac
		if _xenv_alive "$1" "$2"; then
			kill -TERM "$1" 2>/dev/null || :
			_xenv_any="$_xenv_any $1:$2"
		else
			_xenv_unclean="$_xenv_unclean$1 "
		fi
	done
	IFS=$_xenv_oldifs
	_xenv_deadline=$(($(_xenv_now_ms) + 2000))
	while [ -n "$_xenv_any" ]; do
		_xenv_left=""
		for _xenv_p in $_xenv_any; do
			! _xenv_alive "${_xenv_p%:*}" "${_xenv_p#*:}" || _xenv_left="$_xenv_left $_xenv_p"
		done
		_xenv_any=$_xenv_left
		[ -n "$_xenv_any" ] || break
		if [ "$(_xenv_now_ms)" -ge "$_xenv_deadline" ]; then
			for _xenv_p in $_xenv_any; do
				_xenv_msg "pid ${_xenv_p%:*} ignored SIGTERM for 2 s: SIGKILL"
				kill -KILL "${_xenv_p%:*}" 2>/dev/null || :
				_xenv_unclean="$_xenv_unclean${_xenv_p%:*} "
			done
			break
		fi
		sleep 0.05
	done
}

# _xenv_stop_list LIST: stop the processes of LIST in its order: clients and the
# window manager first, then the X servers (so that clients do not die of a lost
# connection); reap them and remove what killed servers left behind.
_xenv_stop_list() {
	_xenv_list=$1
	_xenv_unclean=" "
	_xenv_oldifs=$IFS
	_xenv_term_phase "$_xenv_list" clients
	_xenv_term_phase "$_xenv_list" servers
	IFS='
'
	for _xenv_line in $_xenv_list; do
		IFS=$_xenv_oldifs
		# shellcheck disable=SC2086
		set -- $_xenv_line
		wait "$1" 2>/dev/null || : # reaps our own children; 127 for others
		case $3:$_xenv_unclean in
		xserver:*:*" $1 "*)
			# A server that died without its SIGTERM cleanup (SIGKILL, crash)
			# leaves its socket (and, without -displayfd, its lock) behind:
			# remove them once nobody listens there.
			_xenv_n=${3#xserver:}
			if ! _xenv_alive "$1" "$2" &&
				! grep -q "/tmp/.X11-unix/X$_xenv_n\$" /proc/net/unix 2>/dev/null; then
				_xenv_lk=$(cat "/tmp/.X$_xenv_n-lock" 2>/dev/null) || _xenv_lk=""
				# shellcheck disable=SC2086
				if [ -n "$_xenv_lk" ] && [ $_xenv_lk = "$1" ]; then
					rm -f "/tmp/.X$_xenv_n-lock"
				fi
				rm -f "/tmp/.X11-unix/X$_xenv_n"
			fi
			;;
		esac
	done
	IFS=$_xenv_oldifs
}

# Stop every recorded process, newest first.
_xenv_kill_recorded() {
	[ -s "$XENV_DIR/pids" ] || return 0
	_xenv_stop_list "$(sed -n '1!G;h;$p' "$XENV_DIR/pids")"
	: >"$XENV_DIR/pids"
}

_xenv_remove_dir() {
	if [ "${XENV_KEEP:-0}" = 1 ]; then
		_xenv_msg "keeping $XENV_DIR (XENV_KEEP=1)"
	elif [ -f "$XENV_DIR/.xenv-owned" ]; then
		rm -rf "$XENV_DIR"
	else
		rm -rf "$XENV_DIR/pids" "$XENV_DIR/env" "$XENV_DIR/watchdog" \
			"$XENV_DIR"/xvfb-* "$XENV_DIR"/xorg-* "$XENV_DIR"/openbox-*
	fi
}

# _xenv_watchdog DIR OWNER OWNER_STARTTIME: clean up DIR's processes when OWNER dies,
# unless xenv_stop removed DIR/watchdog first.
_xenv_watchdog() {
	XENV_DIR=$1
	while [ -f "$XENV_DIR/watchdog" ] && _xenv_alive "$2" "$3"; do
		sleep 1
	done
	[ -f "$XENV_DIR/watchdog" ] || return 0
	_xenv_kill_recorded
	_xenv_remove_dir
}

_xenv_watchdog_start() {
	[ "${XENV_OWNER_PID:-}" != none ] || return 0
	[ ! -s "$XENV_DIR/watchdog" ] || return 0
	_xenv_owner=${XENV_OWNER_PID:-$$}
	_xenv_owner_st=$(_xenv_starttime "$_xenv_owner") ||
		_xenv_err "owner pid $_xenv_owner does not exist" || return 1
	: >"$XENV_DIR/watchdog"
	# In its own session, so that a kill of the owner's process group (what
	# `timeout -s KILL` does) does not take the watchdog with it.
	if [ -n "${XENV_SRCDIR:-}" ] && [ -f "$XENV_SRCDIR/xenv.sh" ] &&
		command -v setsid >/dev/null 2>&1; then
		# shellcheck disable=SC2016
		setsid sh -c '. "$1/xenv.sh" && _xenv_watchdog "$2" "$3" "$4"' xenv-watchdog \
			"$XENV_SRCDIR" "$XENV_DIR" "$_xenv_owner" "$_xenv_owner_st" \
			</dev/null >/dev/null 2>&1 &
	else
		(_xenv_watchdog "$XENV_DIR" "$_xenv_owner" "$_xenv_owner_st") \
			</dev/null >/dev/null 2>&1 &
	fi
	echo "$! $(_xenv_starttime $! || echo 0)" >"$XENV_DIR/watchdog"
}

# _xenv_start_server KIND N CMD ARGS...: run CMD with fd 3 on a FIFO passed as
# -displayfd 3 and wait until the server writes N to it (it then closes it).
_xenv_start_server() {
	_xenv_kind=$1 _xenv_num=$2
	shift 2
	_xenv_fifo=$XENV_DIR/$_xenv_kind-$_xenv_num.ready
	_xenv_out=$XENV_DIR/$_xenv_kind-$_xenv_num.out
	rm -f "$_xenv_fifo" "$_xenv_out"
	mkfifo "$_xenv_fifo" || _xenv_err "mkfifo $_xenv_fifo failed" || return 1
	_xenv_t0=$(_xenv_now_ms)
	"$@" </dev/null >"$_xenv_out" 2>&1 3>"$_xenv_fifo" &
	_xenv_spid=$!
	_xenv_record "$_xenv_spid" "xserver:$_xenv_num"
	# cat ends when every writer has closed the FIFO: the server after writing its
	# display number, or at once if it dies first.
	_xenv_got=$(timeout "${XENV_TIMEOUT:-10}" cat "$_xenv_fifo") || _xenv_got=""
	rm -f "$_xenv_fifo"
	if [ "$_xenv_got" = "$_xenv_num" ]; then
		XENV_SERVER_PID=$_xenv_spid
		_xenv_msg "$1 :$_xenv_num ready after $(($(_xenv_now_ms) - _xenv_t0)) ms (pid $_xenv_spid)"
		return 0
	fi
	if _xenv_alive "$_xenv_spid"; then
		_xenv_msg "$1 :$_xenv_num not ready within ${XENV_TIMEOUT:-10} s (displayfd said '$_xenv_got')"
		_xenv_stop_list "$(grep "^$_xenv_spid " "$XENV_DIR/pids")"
	else
		_xenv_rc=0
		wait "$_xenv_spid" 2>/dev/null || _xenv_rc=$?
		_xenv_msg "$1 :$_xenv_num exited with status $_xenv_rc before it was ready"
	fi
	# Forget it: it is gone.
	_xenv_keep=$(grep -v "^$_xenv_spid " "$XENV_DIR/pids") || _xenv_keep=""
	if [ -n "$_xenv_keep" ]; then echo "$_xenv_keep"; fi >"$XENV_DIR/pids"
	tail -n 15 "$_xenv_out" >&2 2>/dev/null || :
	return 1
}

_xenv_export_server() {
	DISPLAY=:$1
	SDL_VIDEODRIVER=x11
	XENV_DISPLAYNUM=$1
	export DISPLAY SDL_VIDEODRIVER XENV_DISPLAYNUM XENV_SERVER_PID
	_xenv_write_env
}

_xenv_write_env() {
	{
		echo "export DISPLAY=$DISPLAY"
		echo "export SDL_VIDEODRIVER=$SDL_VIDEODRIVER"
		echo "export XENV_DISPLAYNUM=$XENV_DISPLAYNUM"
		echo "export XENV_SERVER_PID=$XENV_SERVER_PID"
		[ -z "${XENV_WM_PID:-}" ] || echo "export XENV_WM_PID=$XENV_WM_PID"
	} >"$XENV_DIR/env"
}

xenv_free_display() {
	_xenv_fd=${1:-70}
	while [ "$_xenv_fd" -lt 1000 ]; do
		if [ ! -e "/tmp/.X11-unix/X$_xenv_fd" ] && [ ! -e "/tmp/.X$_xenv_fd-lock" ] &&
			! grep -q "@/tmp/.X11-unix/X$_xenv_fd\$" /proc/net/unix 2>/dev/null; then
			echo "$_xenv_fd"
			return 0
		fi
		_xenv_fd=$((_xenv_fd + 1))
	done
	_xenv_err "no free X display number from ${1:-70} to 999"
}

# _xenv_start_any KIND REQ CMDFN: start on display REQ, or on free ones for "auto".
_xenv_start_any() {
	_xenv_sa_kind=$1 _xenv_sa_req=$2 _xenv_sa_fn=$3
	case $_xenv_sa_req in
	'' | auto)
		_xenv_sa_first=70
		for _xenv_sa_try in 1 2 3 4 5; do
			_xenv_sa_n=$(xenv_free_display "$_xenv_sa_first") || return 1
			"$_xenv_sa_fn" "$_xenv_sa_n" && return 0
			_xenv_msg "retrying $_xenv_sa_kind on another display ($_xenv_sa_try/5)"
			_xenv_sa_first=$((_xenv_sa_n + 1))
		done
		return 1
		;;
	*[!0-9]*) _xenv_err "bad display number '$_xenv_sa_req'" ;;
	*) "$_xenv_sa_fn" "$_xenv_sa_req" ;;
	esac
}

_xenv_run_xvfb() {
	_xenv_start_server xvfb "$1" Xvfb ":$1" -screen 0 "${_xenv_size}x24" \
		-nolisten tcp -noreset -s 0 -displayfd 3 || return 1
	_xenv_export_server "$1"
}

xenv_start_xvfb() {
	_xenv_size=${2:-1920x1080}
	case $_xenv_size in
	[1-9]*x[1-9]*) case ${_xenv_size#*x} in *[!0-9]*) _xenv_size="" ;; esac ;;
	*) _xenv_size="" ;;
	esac
	case ${_xenv_size%%x*} in *[!0-9]*) _xenv_size="" ;; esac
	[ -n "$_xenv_size" ] || _xenv_err "xenv_start_xvfb: bad size '${2:-}' (want WxH)" || return 1
	_xenv_need Xvfb timeout || return 1
	_xenv_init || return 1
	_xenv_start_any xvfb "${1:-auto}" _xenv_run_xvfb
}

# Where xf86-video-dummy lives, if installed.
xenv_dummy_driver() {
	for _xenv_dd in /usr/lib/xorg/modules/drivers /usr/lib64/xorg/modules/drivers \
		/usr/local/lib/xorg/modules/drivers; do
		if [ -f "$_xenv_dd/dummy_drv.so" ]; then
			echo "$_xenv_dd/dummy_drv.so"
			return 0
		fi
	done
	return 1
}

_xenv_run_xorg() {
	rm -f "$XENV_DIR/xorg-$1.log"
	mkdir -p "$XENV_DIR/xorg-$1.conf.d" # empty: no distribution snippets
	_xenv_start_server xorg "$1" Xorg ":$1" -config "$_xenv_conf" \
		-configdir "$XENV_DIR/xorg-$1.conf.d" -noreset -nolisten tcp \
		-logfile "$XENV_DIR/xorg-$1.log" -novtswitch -sharevts -displayfd 3 ||
		{ tail -n 15 "$XENV_DIR/xorg-$1.log" >&2 2>/dev/null; return 1; }
	_xenv_export_server "$1"
	if ! timeout -s KILL 10 xrandr --addmode DUMMY1 1920x1080 >>"$_xenv_out" 2>&1 ||
		! timeout -s KILL 10 xrandr --output DUMMY0 --mode 1920x1080 --pos 0x0 --primary \
			--output DUMMY1 --mode 1920x1080 --right-of DUMMY0 >>"$_xenv_out" 2>&1; then
		tail -n 5 "$_xenv_out" >&2
		_xenv_err "xrandr could not set up DUMMY0 + DUMMY1 on :$1"
		return 1
	fi
	_xenv_mon=$(timeout -s KILL 10 xrandr --listmonitors 2>&1) || _xenv_mon=""
	case $_xenv_mon in
	*"Monitors: 2"*DUMMY0*1920/*x1080/*+0+0*DUMMY1*1920/*x1080/*+1920+0*) ;;
	*)
		echo "$_xenv_mon" >&2
		_xenv_err "xrandr --listmonitors on :$1 does not show DUMMY0 at 0,0 and DUMMY1 at 1920,0"
		return 1
		;;
	esac
}

xenv_start_xorg_dummy() {
	_xenv_need Xorg xrandr timeout || return 1
	xenv_dummy_driver >/dev/null ||
		_xenv_err "xf86-video-dummy is not installed (xserver-xorg-video-dummy)" || return 1
	_xenv_conf=${XENV_XORG_CONF:-${XENV_SRCDIR:-.}/xorg-dummy.conf}
	[ -f "$_xenv_conf" ] ||
		_xenv_err "no Xorg config at '$_xenv_conf': set XENV_SRCDIR or XENV_XORG_CONF" || return 1
	[ "$(id -u)" = 0 ] ||
		_xenv_err "Xorg with the dummy driver needs root here (no Xorg.wrap setup)" || return 1
	_xenv_init || return 1
	_xenv_start_any xorg "${1:-auto}" _xenv_run_xorg
}

xenv_start_openbox() {
	_xenv_need openbox wmctrl xprop timeout || return 1
	[ -n "${DISPLAY:-}" ] || _xenv_err "xenv_start_openbox: DISPLAY is not set" || return 1
	_xenv_init || return 1
	_xenv_wn=${DISPLAY#*:}
	_xenv_wn=${_xenv_wn%%.*}
	_xenv_home=$XENV_DIR/openbox-$_xenv_wn.home
	_xenv_wlog=$XENV_DIR/openbox-$_xenv_wn.log
	rm -rf "$_xenv_home" "$_xenv_wlog"
	mkdir -p "$_xenv_home" || return 1
	_xenv_t0=$(_xenv_now_ms)
	HOME=$_xenv_home XDG_CONFIG_HOME=$_xenv_home/.config XDG_CACHE_HOME=$_xenv_home/.cache \
		XDG_DATA_HOME=$_xenv_home/.local/share XDG_STATE_HOME=$_xenv_home/.local/state \
		openbox --sm-disable </dev/null >"$_xenv_wlog" 2>&1 &
	_xenv_wpid=$!
	_xenv_record "$_xenv_wpid" openbox
	_xenv_wst=$(_xenv_starttime "$_xenv_wpid") || _xenv_wst=""
	_xenv_deadline=$((_xenv_t0 + ${XENV_WM_TIMEOUT:-15} * 1000))
	while :; do
		if ! _xenv_alive "$_xenv_wpid" "$_xenv_wst"; then
			tail -n 15 "$_xenv_wlog" >&2 2>/dev/null
			_xenv_err "openbox on $DISPLAY exited before it was ready"
			return 1
		fi
		if timeout -s KILL 5 wmctrl -m 2>/dev/null | grep -q '^Name: Openbox' &&
			timeout -s KILL 5 xprop -root _NET_NUMBER_OF_DESKTOPS 2>/dev/null |
			grep -q '= [0-9]'; then
			break
		fi
		if [ "$(_xenv_now_ms)" -ge "$_xenv_deadline" ]; then
			tail -n 15 "$_xenv_wlog" >&2 2>/dev/null
			_xenv_err "openbox on $DISPLAY not ready within ${XENV_WM_TIMEOUT:-15} s"
			return 1
		fi
		sleep 0.05
	done
	XENV_WM_PID=$_xenv_wpid
	export XENV_WM_PID
	[ -z "${XENV_DISPLAYNUM:-}" ] || _xenv_write_env
	_xenv_msg "openbox on $DISPLAY ready after $(($(_xenv_now_ms) - _xenv_t0)) ms (pid $_xenv_wpid)"
}

xenv_dump_logs() {
	[ -n "${XENV_DIR:-}" ] && [ -d "$XENV_DIR" ] || return 0
	for _xenv_lf in "$XENV_DIR"/*.out "$XENV_DIR"/*.log; do
		[ -s "$_xenv_lf" ] || continue
		echo "----- $_xenv_lf (last 30 lines)" >&2
		tail -n 30 "$_xenv_lf" >&2
	done
}

xenv_stop() {
	[ -n "${XENV_DIR:-}" ] && [ -d "$XENV_DIR" ] || return 0
	# The watchdog first, so that it does not race with this cleanup.
	# (Without its file it exits by itself within 1 s.)
	if [ -s "$XENV_DIR/watchdog" ]; then
		# shellcheck disable=SC2046
		set -- $(cat "$XENV_DIR/watchdog")
		rm -f "$XENV_DIR/watchdog"
		if _xenv_alive "$1" "${2:-}"; then
			kill -TERM "$1" 2>/dev/null || :
		fi
		wait "$1" 2>/dev/null || :
	fi
	rm -f "$XENV_DIR/watchdog"
	_xenv_kill_recorded
	_xenv_remove_dir
	if [ -f "$XENV_DIR/.xenv-owned" ] || [ ! -d "$XENV_DIR" ]; then
		unset XENV_DIR
	fi
	if [ -n "${_xenv_saved:-}" ]; then
		if [ "$_xenv_old_display" = __xenv_unset__ ]; then unset DISPLAY; else
			DISPLAY=$_xenv_old_display; fi
		if [ "$_xenv_old_sdl" = __xenv_unset__ ]; then unset SDL_VIDEODRIVER; else
			SDL_VIDEODRIVER=$_xenv_old_sdl; fi
		_xenv_saved=""
	fi
	unset XENV_DISPLAYNUM XENV_SERVER_PID XENV_WM_PID
	return 0
}
