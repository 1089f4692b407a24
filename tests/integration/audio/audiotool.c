// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The audio tests' measuring tool.
 *   audiotool tone FILE.wav HZ AMPLITUDE SECONDS
 *       a stereo S16 48 kHz sine, to play into a PipeWire source
 *   audiotool analyze FILE RATE [SKIP_S]
 *       FILE: a WAV (its data chunk) or raw S16 stereo; the first channel,
 *       in 100 ms blocks from the first with signal (plus SKIP_S), prints
 *       KEY=VALUE lines: start_s, blocks, median_hz, min_hz, max_hz (over
 *       the blocks with signal), sec_min_hz and sec_max_hz (over each
 *       second's median block), peak, rms_min, rms_max, gaps (runs of 4
 *       or more zero samples after the start, but the trailing silence),
 *       gap_ms (their length)
 *   audiotool clicks FILE.wav RATE THRESHOLD
 *       the onset of every click (the first sample above THRESHOLD of full
 *       scale after 50 ms below it), one "ONSET frame" line each
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int16_t *load(const char *path, size_t *frames)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(2);
	}
	fclose(f);
	size_t off = 0, size = (size_t)len;
	if (len >= 12 && !memcmp(buf, "RIFF", 4) && !memcmp(buf + 8, "WAVE", 4)) {
		/* Find the data chunk; pw-record writes its size as it ends. */
		size_t p = 12;
		while (p + 8 <= (size_t)len) {
			uint32_t n = buf[p + 4] | buf[p + 5] << 8 | buf[p + 6] << 16 |
				     (uint32_t)buf[p + 7] << 24;
			if (!memcmp(buf + p, "data", 4)) {
				off = p + 8;
				size = (size_t)len - off;
				if (n && n < size)
					size = n;
				break;
			}
			p += 8 + n + (n & 1);
		}
	}
	*frames = size / 4;
	int16_t *mono = malloc((*frames ? *frames : 1) * sizeof(*mono));
	for (size_t i = 0; i < *frames; i++)
		mono[i] = (int16_t)(buf[off + 4 * i] | buf[off + 4 * i + 1] << 8);
	free(buf);
	return mono;
}

static void put32(FILE *f, uint32_t v)
{
	uint8_t b[4] = {v & 255, v >> 8 & 255, v >> 16 & 255, v >> 24};
	fwrite(b, 1, 4, f);
}

static int tone(const char *path, double hz, double amp, double seconds)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 2;
	}
	uint32_t frames = (uint32_t)(seconds * 48000), bytes = frames * 4;
	fwrite("RIFF", 1, 4, f);
	put32(f, 36 + bytes);
	fwrite("WAVEfmt ", 1, 8, f);
	put32(f, 16);
	put32(f, 1 | 2u << 16); /* PCM, 2 channels */
	put32(f, 48000);
	put32(f, 48000 * 4);
	put32(f, 4 | 16u << 16); /* block align 4, 16 bits */
	fwrite("data", 1, 4, f);
	put32(f, bytes);
	for (uint32_t i = 0; i < frames; i++) {
		int16_t s = (int16_t)lrint(sin(2 * M_PI * hz * i / 48000.0) * amp * 32767);
		uint8_t b[4] = {(uint8_t)s, (uint8_t)((uint16_t)s >> 8), (uint8_t)s,
				(uint8_t)((uint16_t)s >> 8)};
		fwrite(b, 1, 4, f);
	}
	fclose(f);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The frequency of one block from its interpolated upward zero crossings. */
static double block_hz(const int16_t *s, size_t n, double rate)
{
	double first = -1, last = -1;
	int crossings = 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i - 1] < 0 && s[i] >= 0) {
			double t = (double)(i - 1) + (double)-s[i - 1] / (double)(s[i] - s[i - 1]);
			if (first < 0)
				first = t;
			last = t;
			crossings++;
		}
	}
	return crossings >= 2 ? (crossings - 1) * rate / (last - first) : 0;
}

static int analyze(const char *path, double rate, double skip_s)
{
	size_t n;
	int16_t *s = load(path, &n);
	size_t start = 0;
	while (start < n && abs(s[start]) < 328) /* 1 % of full scale */
		start++;
	if (start == n) {
		printf("start_s=-1\nblocks=0\n");
		return 0;
	}
	size_t end = n;
	while (end > start && s[end - 1] == 0)
		end--;
	printf("start_s=%.4f\n", start / rate);
	size_t from = start + (size_t)(skip_s * rate), block = (size_t)(rate / 10);
	double *hz = malloc((n / block + 1) * sizeof(*hz));
	size_t blocks = 0;
	double rms_min = 1e9, rms_max = 0, min_hz = 1e9, max_hz = 0;
	int peak = 0;
	for (size_t b = from; b + block <= end; b += block) {
		double sum = 0;
		for (size_t i = b; i < b + block; i++) {
			sum += (double)s[i] * s[i];
			if (abs(s[i]) > peak)
				peak = abs(s[i]);
		}
		double rms = sqrt(sum / block) / 32768.0;
		rms_min = fmin(rms_min, rms);
		rms_max = fmax(rms_max, rms);
		double f = block_hz(s + b, block, rate);
		hz[blocks++] = f;
		min_hz = fmin(min_hz, f);
		max_hz = fmax(max_hz, f);
	}
	size_t gaps = 0, gap_frames = 0, run = 0;
	for (size_t i = from; i < end; i++) {
		if (s[i] == 0) {
			run++;
			continue;
		}
		if (run >= 4) {
			gaps++;
			gap_frames += run;
		}
		run = 0;
	}
	/* Each second's median block: one block straddling a glitch does not
	 * make the second's pitch. */
	double sec_min = 1e9, sec_max = 0;
	for (size_t b = 0; b + 10 <= blocks; b += 10) {
		double w[10];
		memcpy(w, hz + b, sizeof(w));
		qsort(w, 10, sizeof(*w), cmp_double);
		sec_min = fmin(sec_min, w[5]);
		sec_max = fmax(sec_max, w[5]);
	}
	printf("sec_min_hz=%.2f\nsec_max_hz=%.2f\n", blocks >= 10 ? sec_min : 0,
	       blocks >= 10 ? sec_max : 0);
	qsort(hz, blocks, sizeof(*hz), cmp_double);
	printf("blocks=%zu\nmedian_hz=%.2f\nmin_hz=%.2f\nmax_hz=%.2f\npeak=%.4f\n", blocks,
	       blocks ? hz[blocks / 2] : 0, blocks ? min_hz : 0, blocks ? max_hz : 0,
	       peak / 32768.0);
	printf("rms_min=%.4f\nrms_max=%.4f\ngaps=%zu\ngap_ms=%.1f\n", blocks ? rms_min : 0, rms_max,
	       gaps, gap_frames * 1000.0 / rate);
	free(hz);
	free(s);
	return 0;
}

static int clicks(const char *path, double rate, double threshold)
{
	size_t n;
	int16_t *s = load(path, &n);
	int level = (int)(threshold * 32767);
	size_t quiet = (size_t)(rate / 20), below = quiet;
	for (size_t i = 0; i < n; i++) {
		if (abs(s[i]) >= level) {
			if (below >= quiet)
				printf("ONSET %zu\n", i);
			below = 0;
		} else {
			below++;
		}
	}
	free(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "tone"))
		return tone(argv[2], atof(argv[3]), atof(argv[4]), atof(argv[5]));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "analyze"))
		return analyze(argv[2], atof(argv[3]), argc == 5 ? atof(argv[4]) : 0);
	if (argc == 5 && !strcmp(argv[1], "clicks"))
		return clicks(argv[2], atof(argv[3]), atof(argv[4]));
	fprintf(stderr, "usage: audiotool tone FILE HZ AMP S | analyze FILE RATE [SKIP_S] | "
			"clicks FILE RATE THRESHOLD\n");
	return 2;
}
