# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for lgview. The options come from lgview itself
# (lgview --help-format list), so they are exactly what the lgview being
# completed accepts: section:key names, flags, and their values.

# The option list of the lgview named by $1, read once a shell.
_lgview_options()
{
	if [[ -z ${_lgview_list-} || ${_lgview_list_of-} != "$1" ]]; then
		_lgview_list=$("$1" --help-format list 2>/dev/null)
		_lgview_list_of=$1
	fi
}

# Values of one option (its list line in $1) that start with $2.
_lgview_values()
{
	local name short long kind arg def values
	IFS=$'\t' read -r name short long kind arg def values <<<"$1"
	case $kind in
	file) compgen -f -- "$2" ;;
	bool | choice) compgen -W "$values" -- "$2" ;;
	size) compgen -W "1280x720 1920x1080 2560x1440 3840x2160" -- "$2" ;;
	*) [[ $def != - ]] && compgen -W "$def" -- "$2" ;;
	esac
}

_lgview()
{
	local line=${COMP_LINE:0:COMP_POINT}
	local cur=${line##*[[:space:]]}
	local before=${line%"$cur"}
	before=${before%"${before##*[![:space:]]}"}
	local prev=${before##*[[:space:]]}
	local -a cands=()
	local opt l

	_lgview_options "${COMP_WORDS[0]:-lgview}"
	COMPREPLY=()
	if [[ $prev == --help-format ]]; then
		cands=($(compgen -W "text scdoc scdoc-ini list" -- "$cur"))
	elif [[ $prev == -* && $prev != *=* ]]; then
		# A flag that takes a value: the value.
		while IFS= read -r l; do
			IFS=$'\t' read -r _ short long kind _ <<<"$l"
			if [[ $kind != bool && ($prev == "$short" || $prev == "$long") ]]; then
				mapfile -t cands < <(_lgview_values "$l" "$cur")
				break
			fi
		done <<<"$_lgview_list"
	fi
	if ((${#cands[@]} == 0)) && [[ $prev != --help-format ]]; then
		if [[ $cur == *=* ]]; then
			opt=${cur%%=*}
			l=$(grep -m1 "^$opt	" <<<"$_lgview_list")
			[[ -n $l ]] && mapfile -t cands < <(_lgview_values "$l" "${cur#*=}" | sed "s|^|$opt=|")
		elif [[ $cur == -* ]]; then
			cands=($(compgen -W "--help --help-format --version $(cut -f2,3 <<<"$_lgview_list" | tr '\t' '\n' | grep -v '^-$')" -- "$cur"))
		else
			# section:key= for values, plain section:key for a boolean (a toggle).
			cands=($(compgen -W "$(awk -F'\t' '{print $1 ($4 == "bool" ? "" : "=")}' <<<"$_lgview_list")" -- "$cur"))
			[[ ${#cands[@]} -gt 0 && ${cands[*]} == *= ]] && compopt -o nospace 2>/dev/null
		fi
	fi
	# bash replaces only what follows the last : or = of the word (they
	# break words in COMP_WORDBREAKS): offer just that part.
	local brk=${COMP_WORDBREAKS//[^:=]/} pre=""
	[[ -n $brk ]] && pre=${cur%"${cur##*[$brk]}"}
	COMPREPLY=("${cands[@]#"$pre"}")
}
complete -F _lgview lgview
