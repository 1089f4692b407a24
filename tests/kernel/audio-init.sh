#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the audio boot (tests/kernel/audio.sh): QEMU's ICH9 HDA card
# (snd-hda-intel with the generic codec) plays a 1 kHz tone for the host,
# then records what the host's microphone sends.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec 0</dev/console 1>/dev/console 2>&1
modprobe snd-hda-codec-generic
modprobe snd-hda-intel
i=0
while [ $i -lt 150 ] && ! { [ -e /dev/snd/pcmC0D0p ] && [ -e /dev/snd/pcmC0D0c ]; }; do
	i=$((i + 1))
	sleep 0.1
done
[ -e /dev/snd/pcmC0D0p ] && echo AUDIO_READY
# The host's viewer is connected by now (it starts with QEMU).
sleep 1
pcmtone play /dev/snd/pcmC0D0p 1000 0.5 4
pcmtone rec /dev/snd/pcmC0D0c 3
echo GUEST_DONE
poweroff -f
