#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check_extras.sh PREFIX - what an installed lgview brings besides the
# programs (test_install.sh runs it on its prefix):
#   - the man pages lgview(1), lgview.ini(5), lgbench(1) and lgctl(8), clean
#     under `man --warnings`, listing every option lgview's table has and
#     every option each lgbench and lgctl command takes;
#   - the desktop entry, valid, its StartupWMClass lgview's win:appId
#     default, and its SVG icon;
#   - the bash, zsh and fish completions, each asked to complete an option
#     name, a choice, a flag's file argument and a command's option.
# Without scdoc (no man pages built), zsh, fish or desktop-file-validate the
# part is skipped with a note, except under CI, where all must run.
set -eu
prefix=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/check_extras.XXXXXX")
trap 'rm -rf "$work"' EXIT
PATH=$prefix/bin:$PATH
export PATH
share=$prefix/share

missing() {
	if [ -n "${CI:-}" ]; then
		fail "$1 (CI must run this)"
	fi
	echo "note: $1: skipped"
}

lgview --help-format list >"$work/list" || fail "lgview --help-format list exited $?"
n=$(wc -l <"$work/list")
[ "$n" -gt 50 ] || fail "lgview --help-format list has only $n options"

# ---- man pages ----
if [ -f "$share/man/man1/lgview.1" ]; then
	for page in man1/lgview.1 man5/lgview.ini.5 man1/lgbench.1 man8/lgctl.8; do
		f=$share/man/$page
		[ -f "$f" ] || fail "$page is not installed"
		LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$f" >"$work/page.txt" 2>"$work/warn" ||
			fail "man -l $page exited $?"
		if [ -s "$work/warn" ]; then
			cat "$work/warn"
			fail "man --warnings complains about $page"
		fi
		cp "$work/page.txt" "$work/$(basename "$page").txt"
	done
	# Every option of the table, as section:key in lgview(1) and as key
	# under its [section] in lgview.ini(5).
	missing_opts=$(cut -f1 "$work/list" | while read -r name; do
		grep -q -- "$name=" "$work/lgview.1.txt" || echo "$name"
	done)
	[ -z "$missing_opts" ] || fail "lgview(1) lacks: $missing_opts"
	awk -F'\t' -v page="$work/lgview.ini.5.txt" '
		BEGIN { while ((getline l < page) > 0) {
			if (l ~ /^   \[[a-z]+\]$/) { s = l; gsub(/[][ ]/, "", s) }
			else if (l ~ /^       [A-Za-z]+=/) { k = l; sub(/^ +/, "", k); sub(/=.*/, "", k); have[s ":" k] = 1 }
		} }
		$1 != "app:configFile" && !($1 in have) { print "lgview.ini(5) lacks " $1; bad = 1 }
		END { exit bad }' "$work/list" || fail "lgview.ini(5) does not list every key under its section"
	for prog in lgbench lgctl; do
		page=$work/lgbench.1.txt
		[ "$prog" = lgctl ] && page=$work/lgctl.8.txt
		"$prog" --help | awk '/^[Cc]ommands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }' >"$work/cmds"
		[ -s "$work/cmds" ] || fail "$prog --help lists no commands"
		while read -r cmd; do
			grep -q "^   $prog $cmd\$" "$page" || fail "$prog's page has no section for $cmd"
			"$prog" "$cmd" --help | sed -n '/^Application Options:/,$p' |
				grep -o -- '--[a-z][a-z-]*' | sort -u | while read -r opt; do
				grep -q -- "$opt" "$page" || { echo "$prog $cmd $opt"; exit 1; }
			done || fail "$prog's page lacks an option of $cmd"
		done <"$work/cmds"
	done
	echo "ok: the man pages are clean under man --warnings and list every option"
else
	missing "no man pages were built (scdoc was not found)"
fi

# ---- desktop entry and icon ----
desktop=$share/applications/lgview.desktop
[ -f "$desktop" ] || fail "share/applications/lgview.desktop is not installed"
if command -v desktop-file-validate >/dev/null 2>&1; then
	desktop-file-validate "$desktop" || fail "desktop-file-validate rejects lgview.desktop"
else
	missing "desktop-file-validate is not installed"
fi
appid=$(awk -F'\t' '$1 == "win:appId" { print $6 }' "$work/list")
wmclass=$(sed -n 's/^StartupWMClass=//p' "$desktop")
[ -n "$appid" ] && [ "$wmclass" = "$appid" ] ||
	fail "StartupWMClass is '$wmclass' but win:appId defaults to '$appid'"
icon=$(sed -n 's/^Icon=//p' "$desktop")
svg=$share/icons/hicolor/scalable/apps/$icon.svg
[ -f "$svg" ] && grep -q '<svg ' "$svg" && grep -q '</svg>' "$svg" ||
	fail "the icon $icon is not installed as an SVG"
echo "ok: lgview.desktop is valid, StartupWMClass=$wmclass is win:appId's default, icon $icon.svg"

# ---- completions ----
# Each shell prints "LINE -> CANDIDATES" for these lines; what must be
# among the candidates follows each.
cat >"$work/cases" <<'CASES'
lgview app:upl|uploader=
lgview app:uploader=co|copy
lgview audio:micDefault=|prompt
lgview win:fullS|fullScreen
lgview -f /dev/nul|/dev/null
lgview --help-format scd|scdoc
lgctl sh|shm
lgctl shm --f|--for=
lgctl vfio st|status
lgbench ri|ring
lgbench ring --cs|--csv=
CASES

check_shell() {
	shell=$1
	bad=0
	while IFS='|' read -r line want; do
		got=$(grep -F "[$line] ->" "$work/$shell.out" || true)
		case $got in
		*"$want"*) ;;
		*) echo "FAIL: $shell completes '$line' to '${got#*-> }', not to '$want'"; bad=1 ;;
		esac
	done <"$work/cases"
	[ "$bad" = 0 ] || fail "$shell completion"
	echo "ok: $shell completes option names, values, files and commands"
}

cat >"$work/t.bash" <<'BASH'
share=$1 cases=$2
source "$share/bash-completion/completions/lgview"
source "$share/bash-completion/completions/lgctl"
source "$share/bash-completion/completions/lgbench"
while IFS='|' read -r line want; do
	COMP_LINE=$line COMP_POINT=${#line}
	read -ra COMP_WORDS <<<"$line"
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	complete -p "${COMP_WORDS[0]}" >/dev/null || { echo "no completion for ${COMP_WORDS[0]}"; exit 1; }
	fn=$(complete -p "${COMP_WORDS[0]}" | sed 's/.*-F \([^ ]*\).*/\1/')
	COMPREPLY=()
	"$fn"
	echo "[$line] -> ${COMPREPLY[*]}"
done <"$cases"
BASH
bash "$work/t.bash" "$share" "$work/cases" >"$work/bash.out" 2>&1 || { cat "$work/bash.out"; fail "bash completion failed"; }
check_shell bash

if command -v zsh >/dev/null 2>&1; then
	# Outside an interactive shell zsh has no completion system: its
	# builtins are stood in for by functions that print what they are given.
	cat >"$work/t.zsh" <<'ZSH'
share=$1 cases=$2
compadd() {
  # What the real one would offer: the words that start with PREFIX, each
  # with its suffix (-S).
  local -a a
  local suf="" w
  while [[ $1 == -* && $1 != -- ]]; do
    case $1 in -S) suf=$2; shift 2 ;; -P|-p) shift 2 ;; -a) shift; a+=(${(P)1}); shift ;; *) shift ;; esac
  done
  [[ $1 == -- ]] && shift
  for w in $a "$@"; do
    [[ $w == ${PREFIX}* ]] && print -r -- "$w$suf"
  done
}
_files() { print -r -- ${PREFIX}*(N) }
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=} }
_call_program() { shift; "$@" }
for f in $share/zsh/site-functions/_lgview $share/zsh/site-functions/_lgctl; do
  functions[${${f:t}/_lgctl/_lgtool}]="$(<$f)"
done
while IFS='|' read -r line want; do
  words=(${(z)line}); CURRENT=${#words}; PREFIX=$words[CURRENT]
  fn=_lgview; [[ $words[1] != lgview ]] && fn=_lgtool
  print -r -- "[$line] -> $($fn | tr '\n' ' ')"
done <$cases
ZSH
	zsh -f "$work/t.zsh" "$share" "$work/cases" >"$work/zsh.out" 2>&1 || { cat "$work/zsh.out"; fail "zsh completion failed"; }
	check_shell zsh
else
	missing "zsh is not installed"
fi

if command -v fish >/dev/null 2>&1; then
	fish -c "
		source $share/fish/vendor_completions.d/lgview.fish
		source $share/fish/vendor_completions.d/lgctl.fish
		source $share/fish/vendor_completions.d/lgbench.fish
		while read -l -d '|' line want
			echo \"[\$line] ->\" (complete -C \"\$line\" | string join ' ')
		end <$work/cases" >"$work/fish.out" 2>&1 || { cat "$work/fish.out"; fail "fish completion failed"; }
	check_shell fish
else
	missing "fish is not installed"
fi
