// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The test SPICE server's sound card, a stand-in for QEMU's spice audio
 * backend: playback of a sine (or a click train) at 48 kHz by a clock that
 * runs a chosen amount fast or slow, in 10 ms buffers pushed as the card's
 * clock says they are due; and record, whatever the client sends appended
 * to a file. It prints, on stdout:
 *   PLAYBACK_START / PLAYBACK_STOP
 *   CLICK <CLOCK_MONOTONIC ns>       a buffer that starts with a click, handed off
 *   RECORD_FRAMES n                  every second, the frames recorded so far
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "test_audio.h"

#define RATE 48000
#define TICK_MS 5
#define CLICK_FRAMES 96 /* 2 ms */

static const SpicePlaybackInterface playback_sif = {
	.base = {.type = SPICE_INTERFACE_PLAYBACK,
		 .description = "lgview test playback",
		 .major_version = SPICE_INTERFACE_PLAYBACK_MAJOR,
		 .minor_version = SPICE_INTERFACE_PLAYBACK_MINOR},
};

static const SpiceRecordInterface record_sif = {
	.base = {.type = SPICE_INTERFACE_RECORD,
		 .description = "lgview test record",
		 .major_version = SPICE_INTERFACE_RECORD_MAJOR,
		 .minor_version = SPICE_INTERFACE_RECORD_MINOR},
};

static SpicePlaybackInstance playback = {.base.sif = &playback_sif.base};
static SpiceRecordInstance record = {.base.sif = &record_sif.base};
static struct test_audio_config cfg;
static bool playing;
static double started_s;    /* real time at PLAY on */
static uint64_t frames_out; /* card frames pushed since */
static double phase;
static FILE *rec_file;
static uint64_t rec_frames, rec_reported;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int16_t sample(uint64_t n)
{
	if (cfg.click_s > 0) {
		/* A click at the start of every click_s of card time. */
		uint64_t every = (uint64_t)llround(cfg.click_s * RATE);
		return n % every < CLICK_FRAMES ? (int16_t)(cfg.amplitude * 32767) : 0;
	}
	if (cfg.tone_hz <= 0)
		return 0;
	/* The card runs (1 + skew) fast: its tone is right in real time. */
	phase += 2 * M_PI * cfg.tone_hz / (RATE * (1.0 + cfg.skew));
	if (phase > 2 * M_PI)
		phase -= 2 * M_PI;
	return (int16_t)lrint(sin(phase) * cfg.amplitude * 32767);
}

static void push_due(void)
{
	double due = (now_s() - started_s) * RATE * (1.0 + cfg.skew);
	while ((double)frames_out + 1 <= due) {
		uint32_t *buf = NULL, n = 0;
		spice_server_playback_get_buffer(&playback, &buf, &n);
		if (!buf || !n) {
			/* No client on playback: the card runs on, its audio
			 * lost, as QEMU's. */
			frames_out = (uint64_t)due;
			return;
		}
		bool click =
			cfg.click_s > 0 && frames_out % (uint64_t)llround(cfg.click_s * RATE) < n;
		for (uint32_t i = 0; i < n; i++) {
			uint16_t s = (uint16_t)sample(frames_out + i);
			buf[i] = (uint32_t)s | (uint32_t)s << 16;
		}
		spice_server_playback_put_samples(&playback, buf);
		if (click) {
			struct timespec t;
			clock_gettime(CLOCK_MONOTONIC, &t);
			printf("CLICK %lld\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
		}
		frames_out += n;
	}
}

static void pull_record(void)
{
	uint32_t buf[4800];
	uint32_t n;
	while ((n = spice_server_record_get_samples(&record, buf, G_N_ELEMENTS(buf))) > 0) {
		if (rec_file)
			fwrite(buf, 4, n, rec_file);
		rec_frames += n;
	}
	if (rec_file)
		fflush(rec_file);
	if (rec_frames / RATE != rec_reported / RATE) {
		printf("RECORD_FRAMES %llu\n", (unsigned long long)rec_frames);
		rec_reported = rec_frames;
	}
}

static gboolean tick(gpointer data)
{
	(void)data;
	if (playing)
		push_due();
	pull_record();
	return G_SOURCE_CONTINUE;
}

static void play(bool on)
{
	if (on == playing)
		return;
	playing = on;
	if (on) {
		started_s = now_s();
		frames_out = 0;
		spice_server_playback_start(&playback);
		printf("PLAYBACK_START\n");
	} else {
		spice_server_playback_stop(&playback);
		printf("PLAYBACK_STOP\n");
	}
}

void test_audio_add(SpiceServer *s, const struct test_audio_config *c)
{
	cfg = *c;
	spice_server_add_interface(s, &playback.base);
	spice_server_add_interface(s, &record.base);
	spice_server_set_playback_rate(&playback, RATE);
	spice_server_set_record_rate(&record, RATE);
	if (cfg.record_path)
		rec_file = fopen(cfg.record_path, "ab");
	spice_server_record_start(&record);
	play(true);
	g_timeout_add(TICK_MS, tick, NULL);
}

bool test_audio_command(const char *line)
{
	unsigned v, mute;
	if (!strcmp(line, "PLAY on") || !strcmp(line, "PLAY off")) {
		play(!strcmp(line, "PLAY on"));
		return true;
	}
	if (sscanf(line, "VOLUME %u %u", &v, &mute) == 2) {
		uint16_t vol[2] = {(uint16_t)v, (uint16_t)v};
		spice_server_playback_set_volume(&playback, 2, vol);
		spice_server_playback_set_mute(&playback, (uint8_t)mute);
		return true;
	}
	if (sscanf(line, "RVOLUME %u %u", &v, &mute) == 2) {
		uint16_t vol[2] = {(uint16_t)v, (uint16_t)v};
		spice_server_record_set_volume(&record, 2, vol);
		spice_server_record_set_mute(&record, (uint8_t)mute);
		return true;
	}
	return false;
}
