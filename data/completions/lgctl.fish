# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for lgctl and lgbench (installed under both names). The
# commands come from the program's --help, each command's options from its
# own --help (GLib's GOption), so the completion follows the installed
# version.

function __lgtool_complete
    set -l words (commandline -opc)
    set -l token (commandline -ct)
    set -l prog $words[1]
    set -l cmd ''
    for w in $words[2..-1]
        if not string match -q -- '-*' $w
            set cmd $w
            break
        end
    end
    if test -z "$cmd"
        $prog --help 2>/dev/null | awk '/^[Cc]ommands:/ { f = 1; next } f && /^  [a-z]/ { print $1 }'
        printf '%s\n' --help --version
        return
    end
    if string match -q -- '--*=*' $token
        set -l key (string split -m1 = -- $token)[1]
        for p in (__fish_complete_path (string split -m1 = -- $token)[2])
            echo $key=$p
        end
        return
    end
    if string match -q -- '-*' $token
        $prog $cmd --help 2>/dev/null | awk '
            /^Help Options:/ { skip = 1; next }
            /^Application Options:/ { skip = 0; next }
            skip || !/^  -/ { next }
            { sub(/^ +/, ""); if ($1 ~ /^-[^-],$/) { print substr($1, 1, 2); $1 = ""; sub(/^ /, "") }
              print $1 }' | sed 's/=.*/=/'
        echo --help
        return
    end
    $prog $cmd --help 2>/dev/null | awk '/^Usage:/ { getline; print; exit }' |
        sed 's/^ *[^ ]* //' | tr ' |' '\n\n' | grep -E '^[a-z]+$'
    set -l dir $HOME/.config
    set -q XDG_CONFIG_HOME; and set dir $XDG_CONFIG_HOME
    for f in $dir/lgview/vms/*.ini
        basename $f .ini
    end
    command -q virsh; and virsh list --all --name 2>/dev/null | string match -v ''
    ls /sys/bus/pci/devices 2>/dev/null
end

complete -c lgctl -f -a '(__lgtool_complete)'
complete -c lgbench -f -a '(__lgtool_complete)'
