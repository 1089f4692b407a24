/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgbench audio's recorder (audio_rec.c). Start and stop from one thread;
 * the onsets may be read meanwhile (what has been appended so far). */
#ifndef LGBENCH_AUDIO_REC_H
#define LGBENCH_AUDIO_REC_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

struct lgb_audio_rec;

/* Records the monitor of sink (NULL: the default one); an onset is the
 * first sample at or above threshold (of full scale) after 50 ms below
 * it, stamped in CLOCK_MONOTONIC nanoseconds. NULL when PipeWire cannot
 * be reached (said). */
struct lgb_audio_rec *lgb_audio_rec_start(const char *sink, double threshold, size_t max_onsets);
size_t lgb_audio_rec_onsets(struct lgb_audio_rec *r, const int64_t **onsets);
uint64_t lgb_audio_rec_frames(struct lgb_audio_rec *r);
void lgb_audio_rec_stop(struct lgb_audio_rec *r);

#endif
