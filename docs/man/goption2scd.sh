#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The COMMANDS part of a man page, made from the program itself so that the
# page lists exactly the options each command takes:
#   goption2scd.sh PROGRAM CMD...
# For every CMD it runs `PROGRAM CMD --help` (GLib's GOption help) and prints
# an scdoc subsection: the command's synopsis and one entry an option, the
# help options left out.
set -eu
prog=$1
shift
name=$(basename "$prog")
for cmd in "$@"; do
	"$prog" "$cmd" --help | awk -v name="$name" -v cmd="$cmd" '
	function esc(s) { gsub(/\\/, "\\\\", s); gsub(/\*/, "\\*", s); gsub(/_/, "\\_", s); return s }
	/^Usage:/ { usage = 1; next }
	usage && NF { sub(/^ +/, ""); sub(/ \[OPTION\?\]/, ""); syn = $0; usage = 0; next }
	/^Help Options:/ { skip = 1; next }
	/^Application Options:/ { skip = 0; opts = 1; next }
	skip || !opts || !NF { next }
	{
		line = $0
		sub(/^ +/, "", line)
		# "-n, --dry-run   Text" or "--size=auto|MiB   Text"
		split(line, parts, /  +/)
		flag = parts[1]
		text = substr(line, length(flag) + 1)
		sub(/^ +/, "", text)
		short = ""
		if (flag ~ /^-[^-], /) { short = substr(flag, 1, 2); flag = substr(flag, 5) }
		arg = ""
		if ((i = index(flag, "=")) > 0) { arg = substr(flag, i + 1); flag = substr(flag, 1, i - 1) }
		gsub(/^\047|\047$/, "", arg)
		entry = (short != "" ? "*" short "*, " : "") "*" esc(flag) "*"
		if (arg != "") entry = entry "=_" esc(arg) "_"
		out = out entry "\n\t" esc(text) "\n\n"
	}
	END {
		sub(/^[^ ]+/, "", syn)
		printf "## %s %s\n\n*%s %s*%s\n\n", name, cmd, name, cmd, esc(syn)
		printf "%s", out
	}'
done
