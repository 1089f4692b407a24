# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for lgview. The options come from lgview itself
# (lgview --help-format list): section:key names, flags and their values.

function __lgview_complete
    set -l token (commandline -ct)
    set -l prev (commandline -opc)[-1]
    set -l list (lgview --help-format list 2>/dev/null)
    if test "$prev" = --help-format
        printf '%s\n' text scdoc scdoc-ini list
        return
    end
    set -l key ''
    set -l value ''
    set -l line ''
    if string match -q -- '*=*' $token
        set key (string split -m1 = -- $token)[1]
        set value (string split -m1 = -- $token)[2]
        set line (string match -- "$key"\t"*" $list)[1]
    else if string match -q -- '-*' $prev
        set value $token
        for l in $list
            set -l f (string split \t -- $l)
            if test $f[4] != bool; and contains -- $prev $f[2] $f[3]
                set line $l
                break
            end
        end
    end
    if test -n "$line"
        set -l f (string split \t -- $line)
        set -l pre ''
        test -n "$key"; and set pre "$key="
        switch $f[4]
            case file
                for p in (__fish_complete_path $value)
                    echo $pre$p
                end
            case bool choice
                for v in (string split ' ' -- $f[7])
                    echo $pre$v
                end
            case size
                for v in 1280x720 1920x1080 2560x1440 3840x2160
                    echo $pre$v
                end
        end
        return
    end
    if string match -q -- '-*' $token
        printf '%s\n' --help --help-format --version
        for l in $list
            set -l f (string split \t -- $l)
            test $f[2] != -; and echo $f[2]
            test $f[3] != -; and echo $f[3]
        end
        return
    end
    # A boolean named alone toggles; the others take section:key=value.
    for l in $list
        set -l f (string split \t -- $l)
        if test $f[4] = bool
            printf '%s\t%s\n' $f[1] toggle
        else
            printf '%s=\t%s\n' $f[1] $f[5]
        end
    end
end

complete -c lgview -f -a '(__lgview_complete)'
