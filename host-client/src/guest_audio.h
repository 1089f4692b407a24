/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM's sound for the window: audio/'s SPICE playback and record joined
 * to the SPICE session (input/'s channel hook), with the [audio] and
 * [pipewire] options, the escape key's sound chords (E, M, Up, Down), the
 * microphone's prompt and indicator, and a line for the overlay. Nothing
 * reaches the microphone while the SPICE server is another VM's.
 *
 * Threads: everything here on the main thread; audio/ wakes the main loop
 * (wake) from its own threads.
 */
#ifndef LGVIEW_GUEST_AUDIO_H
#define LGVIEW_GUEST_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "input/capture.h"
#include "input/input.h"
#include "options.h"

struct lgv_guest_audio;

/* NULL when spice:audio is off or PipeWire cannot be used (said). */
struct lgv_guest_audio *lgv_guest_audio_create(const struct lgv_options *opt,
					       void (*wake)(void *ctx), void *ctx);
/* The session's channel hook (none for a NULL audio). */
void lgv_guest_audio_config(struct lgv_guest_audio *ga, struct lgi_config *sc);
/* An escape key chord: true when it was the sound's. */
bool lgv_guest_audio_action(struct lgv_guest_audio *ga, enum lgi_action act);
/* False while the SPICE server is another VM's: no microphone, no sound. */
void lgv_guest_audio_allow(struct lgv_guest_audio *ga, bool allowed);
/* What the window shows: the microphone's prompt or indicator ("": none). */
void lgv_guest_audio_text(struct lgv_guest_audio *ga, char *buf, size_t len);
/* The overlay's line: latency, target, xruns. */
void lgv_guest_audio_stats(struct lgv_guest_audio *ga, char *buf, size_t len);
/* After the session stopped. NULL is fine. */
void lgv_guest_audio_destroy(struct lgv_guest_audio *ga);

#endif
