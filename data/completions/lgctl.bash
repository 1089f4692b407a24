# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for lgctl and lgbench (installed under both names). The
# commands and their options come from the program itself: its --help lists
# the commands, and each command's --help (GLib's GOption) its options, so
# the completion follows the installed version.

# The commands of program $1: the words under its "Commands:" heading.
_lgtool_commands()
{
	"$1" --help 2>/dev/null | awk '/^[Cc]ommands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }'
}

# The options of "$1 $2": --name= for those that take a value, else --name,
# and the short flags.
_lgtool_options()
{
	"$1" "$2" --help 2>/dev/null | awk '
		/^Help Options:/ { skip = 1; next }
		/^Application Options:/ { skip = 0; next }
		skip || !/^  -/ { next }
		{
			sub(/^ +/, "")
			if ($1 ~ /^-[^-],$/) { print substr($1, 1, 2); $1 = "" ; sub(/^ /, "") }
			opt = $1
			if ((i = index(opt, "=")) > 0) opt = substr(opt, 1, i)
			print opt
		}'
}

# The action words of "$1 $2" from its usage line: "bind|unbind DEV... |
# status" gives bind, unbind and status.
_lgtool_actions()
{
	"$1" "$2" --help 2>/dev/null | awk '/^Usage:/ { getline; print; exit }' |
		sed 's/^ *[^ ]* //' | tr ' |' '\n\n' | grep -E '^[a-z]+$'
}

# What names a VM or a device: lgctl's profiles, libvirt's domains, PCI
# addresses.
_lgtool_things()
{
	local dir=${XDG_CONFIG_HOME:-$HOME/.config}/lgview/vms f
	for f in "$dir"/*.ini; do
		[[ -e $f ]] && f=${f##*/} && echo "${f%.ini}"
	done
	command -v virsh >/dev/null 2>&1 && virsh list --all --name 2>/dev/null | grep -v '^$'
	ls /sys/bus/pci/devices 2>/dev/null
}

_lgtool()
{
	# The words as typed, split at blanks only (COMP_WORDS also splits at
	# = and :, which --name=VALUE holds).
	local line=${COMP_LINE:0:COMP_POINT}
	local -a words
	read -ra words <<<"$line"
	[[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
	local cur=${words[-1]} prog=${words[0]} cmd="" i
	local -a cands=()
	for ((i = 1; i < ${#words[@]} - 1; i++)); do
		[[ ${words[i]} != -* ]] && cmd=${words[i]} && break
	done
	if [[ -z $cmd ]]; then
		cands=($(compgen -W "$(_lgtool_commands "$prog") --help --version" -- "$cur"))
	elif [[ $cur == --*=* ]]; then
		# A value: a file for those that name one.
		cands=($(compgen -f -- "${cur#*=}" | sed "s|^|${cur%%=*}=|"))
	elif [[ $cur == -* ]]; then
		cands=($(compgen -W "$(_lgtool_options "$prog" "$cmd") --help" -- "$cur"))
		[[ ${cands[*]} == *= ]] && compopt -o nospace 2>/dev/null
	else
		cands=($(compgen -W "$(_lgtool_actions "$prog" "$cmd") $(_lgtool_things)" -- "$cur"))
	fi
	# bash replaces only what follows the last : or = of the word (they
	# break words in COMP_WORDBREAKS): offer just that part.
	local brk=${COMP_WORDBREAKS//[^:=]/} pre=""
	[[ -n $brk ]] && pre=${cur%"${cur##*[$brk]}"}
	COMPREPLY=("${cands[@]#"$pre"}")
}
complete -F _lgtool lgctl lgbench
