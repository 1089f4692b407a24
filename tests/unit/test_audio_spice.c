// SPDX-License-Identifier: GPL-2.0-or-later
/* lgview's SPICE audio (audio/src/audio.c) against a hostile server: the
 * signals of real spice-glib playback and record channels, emitted with
 * what a broken or malicious server could make spice-glib pass on (formats
 * SPICE does not have, absurd channel counts and rates, empty, partial and
 * huge packets). Each is refused with a count and silence, never read, and
 * a good format afterwards plays. Then the microphone's policy: deny, allow
 * and prompt, and the toggle. No PipeWire daemon: the streams wait for one,
 * which is all these need. */
/* clang-format off: cmocka needs these first, in this order */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <glib.h>
#include <spice-client.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/audio.h"
#include "audio/format.h"

static struct lga_audio *make(enum lga_mic_policy mic)
{
	struct lga_config cfg = {
		.period_frames = 256,
		.buffer_latency_ms = 12,
		.keep_alive_ms = 1000,
		.sync_volume = true,
		.correct_drift = true,
		.mic = mic,
	};
	struct lga_audio *a = lga_audio_create(&cfg);
	assert_non_null(a);
	return a;
}

static uint64_t refused(struct lga_audio *a)
{
	struct lga_status s;
	lga_audio_status(a, &s);
	return s.refused;
}

static void drain(void)
{
	for (int i = 0; i < 100 && g_main_context_pending(NULL); i++)
		g_main_context_iteration(NULL, FALSE);
}

static void test_hostile_playback(void **state)
{
	(void)state;
	struct lga_audio *a = make(LGA_MIC_DENY);
	SpiceSession *session = spice_session_new();
	SpiceChannel *ch = spice_channel_new(session, SPICE_CHANNEL_PLAYBACK, 0);
	lga_audio_channel_new(a, ch);

	static const int bad[][3] = {
		{99, 2, 48000},		/* not S16 */
		{SPICE_AUDIO_FMT_S16, 0, 48000},
		{SPICE_AUDIO_FMT_S16, 9, 48000},
		{SPICE_AUDIO_FMT_S16, -1, 48000},
		{SPICE_AUDIO_FMT_S16, 2, 7999},
		{SPICE_AUDIO_FMT_S16, 2, 192001},
		{SPICE_AUDIO_FMT_S16, 2, -48000},
		{SPICE_AUDIO_FMT_S16, 255, 2147483647},
	};
	uint64_t n = refused(a);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_signal_emit_by_name(ch, "playback-start", bad[i][0], bad[i][1], bad[i][2]);
		assert_int_equal(refused(a), ++n);
		/* Data for a refused format is dropped unread: this pointer
		 * would crash if it were read. */
		g_signal_emit_by_name(ch, "playback-data", (gpointer)8, 4096);
		assert_int_equal(refused(a), n);
		struct lga_status s;
		lga_audio_status(a, &s);
		assert_false(s.playing);
	}

	/* A good format: then the packets are checked one by one. */
	g_signal_emit_by_name(ch, "playback-start", SPICE_AUDIO_FMT_S16, 2, 48000);
	struct lga_status s;
	lga_audio_status(a, &s);
	assert_true(s.playing);
	assert_int_equal(s.rate, 48000);
	assert_int_equal(s.channels, 2);
	assert_int_equal(refused(a), n);
	g_signal_emit_by_name(ch, "playback-data", (gpointer)8, 0); /* empty */
	assert_int_equal(refused(a), ++n);
	g_signal_emit_by_name(ch, "playback-data", (gpointer)8, 3); /* part of a frame */
	assert_int_equal(refused(a), ++n);
	g_signal_emit_by_name(ch, "playback-data", (gpointer)8, -4); /* negative */
	assert_int_equal(refused(a), ++n);
	g_signal_emit_by_name(ch, "playback-data", (gpointer)8,
			      (int)LGA_PACKET_MAX + 4); /* more than a second */
	assert_int_equal(refused(a), ++n);
	static int16_t pcm[480 * 2];
	for (int i = 0; i < 20; i++)
		g_signal_emit_by_name(ch, "playback-data", pcm, (int)sizeof(pcm));
	assert_int_equal(refused(a), n);
	/* A thousand good 10 ms packets with no device to take them: the
	 * ring is full, the rest counted as overruns, nothing else. */
	for (int i = 0; i < 1000; i++)
		g_signal_emit_by_name(ch, "playback-data", pcm, (int)sizeof(pcm));
	lga_audio_status(a, &s);
	assert_true(s.overruns > 0);
	g_signal_emit_by_name(ch, "playback-stop");
	lga_audio_status(a, &s);
	assert_false(s.playing);
	/* A format change with the stream kept: a new ring, no stale audio. */
	g_signal_emit_by_name(ch, "playback-start", SPICE_AUDIO_FMT_S16, 1, 44100);
	lga_audio_status(a, &s);
	assert_int_equal(s.rate, 44100);
	assert_int_equal(s.channels, 1);
	lga_audio_channel_destroy(a, ch);
	g_object_unref(ch);
	g_object_unref(session);
	drain();
	lga_audio_destroy(a);
}

static SpiceChannel *record_channel(struct lga_audio *a, SpiceSession **session)
{
	*session = spice_session_new();
	SpiceChannel *ch = spice_channel_new(*session, SPICE_CHANNEL_RECORD, 0);
	lga_audio_channel_new(a, ch);
	return ch;
}

static void finish(struct lga_audio *a, SpiceChannel *ch, SpiceSession *session)
{
	lga_audio_channel_destroy(a, ch);
	g_object_unref(ch);
	g_object_unref(session);
	drain();
	lga_audio_destroy(a);
}

static void test_mic_policies(void **state)
{
	(void)state;
	struct lga_status s;
	SpiceSession *session;

	/* deny: the guest records, nothing is allowed until E. */
	struct lga_audio *a = make(LGA_MIC_DENY);
	SpiceChannel *ch = record_channel(a, &session);
	g_signal_emit_by_name(ch, "record-start", SPICE_AUDIO_FMT_S16, 2, 48000);
	lga_audio_status(a, &s);
	assert_true(s.mic_wanted);
	assert_false(s.mic_allowed);
	assert_false(s.mic_asking);
	lga_audio_mic_toggle(a);
	drain();
	lga_audio_status(a, &s);
	assert_true(s.mic_allowed);
	lga_audio_mic_toggle(a);
	drain();
	lga_audio_status(a, &s);
	assert_false(s.mic_allowed);
	finish(a, ch, session);

	/* allow: allowed at once; E takes it away. */
	a = make(LGA_MIC_ALLOW);
	ch = record_channel(a, &session);
	g_signal_emit_by_name(ch, "record-start", SPICE_AUDIO_FMT_S16, 2, 48000);
	lga_audio_status(a, &s);
	assert_true(s.mic_allowed);
	lga_audio_mic_toggle(a);
	drain();
	lga_audio_status(a, &s);
	assert_false(s.mic_allowed);
	g_signal_emit_by_name(ch, "record-stop");
	lga_audio_status(a, &s);
	assert_false(s.mic_wanted);
	finish(a, ch, session);

	/* prompt: asks while the guest records and nobody said; a blocked
	 * session (another VM's server) gets nothing even when allowed. */
	a = make(LGA_MIC_PROMPT);
	ch = record_channel(a, &session);
	lga_audio_status(a, &s);
	assert_false(s.mic_asking); /* the guest does not record yet */
	g_signal_emit_by_name(ch, "record-start", SPICE_AUDIO_FMT_S16, 2, 48000);
	lga_audio_status(a, &s);
	assert_true(s.mic_asking);
	char line[128];
	lga_audio_describe(&s, line, sizeof(line));
	assert_non_null(strstr(line, "E allows"));
	lga_audio_mic_toggle(a);
	drain();
	lga_audio_status(a, &s);
	assert_false(s.mic_asking);
	assert_true(s.mic_allowed);
	lga_audio_block(a, true);
	drain();
	lga_audio_status(a, &s);
	assert_true(s.blocked);
	assert_false(s.mic_allowed);
	lga_audio_block(a, false); /* the user's choice comes back with it */
	drain();
	lga_audio_status(a, &s);
	assert_true(s.mic_allowed);
	/* A hostile record format: refused, never opened. */
	uint64_t n = refused(a);
	g_signal_emit_by_name(ch, "record-start", 7, 2, 48000);
	assert_int_equal(refused(a), n + 1);
	g_signal_emit_by_name(ch, "record-start", SPICE_AUDIO_FMT_S16, 100, 48000);
	assert_int_equal(refused(a), n + 2);
	finish(a, ch, session);
}

int main(void)
{
	/* No daemon: PipeWire's socket is nowhere. */
	char dir[] = "/tmp/lgview-audio-unit.XXXXXX";
	g_setenv("XDG_RUNTIME_DIR", g_mkdtemp(dir), TRUE);
	g_unsetenv("PIPEWIRE_REMOTE");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_playback),
		cmocka_unit_test(test_mic_policies),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return r;
}
