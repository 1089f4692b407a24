/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test SPICE server's sound card (test_audio.c). */
#ifndef TEST_AUDIO_H
#define TEST_AUDIO_H

#include <spice.h>
#include <stdbool.h>

struct test_audio_config {
	double tone_hz;		 /* a sine of this frequency (real time); 0: silence */
	double amplitude;	 /* of full scale */
	double skew;		 /* the card's clock against the real one: +0.003 is 0.3 % fast */
	double click_s;		 /* > 0: a click train instead, one click every click_s */
	const char *record_path; /* what the client records is appended here (raw S16 stereo) */
};

void test_audio_add(SpiceServer *s, const struct test_audio_config *cfg);
/* A --control line for the card: "PLAY on|off", "VOLUME v mute" (playback),
 * "RVOLUME v mute" (record). False when it is not the card's. */
bool test_audio_command(const char *line);

#endif
