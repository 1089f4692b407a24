// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The audio boot's guest program (tests/kernel/audio.sh), static, with no
 * alsa-lib: the ALSA PCM ioctls of the kernel's UAPI directly.
 *   pcmtone play DEV HZ AMPLITUDE SECONDS   a stereo S16 48 kHz sine
 *   pcmtone rec DEV SECONDS                 records, then prints
 *       "REC blocks=N median_hz=F peak=P" over the 100 ms blocks with signal
 */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sound/asound.h>
#include <unistd.h>

#define RATE 48000
#define PERIOD 1024
#define PERIODS 8

static void set_mask(struct snd_pcm_hw_params *p, int param, unsigned bit)
{
	struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];
	memset(m, 0, sizeof(*m));
	m->bits[bit / 32] = 1u << (bit % 32);
}

static void set_int(struct snd_pcm_hw_params *p, int param, unsigned v)
{
	struct snd_interval *i = &p->intervals[param - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL];
	memset(i, 0, sizeof(*i));
	i->min = i->max = v;
	i->integer = 1;
}

static int open_pcm(const char *dev)
{
	int fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		exit(1);
	}
	struct snd_pcm_hw_params p;
	memset(&p, 0, sizeof(p));
	for (int i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_MASK - SNDRV_PCM_HW_PARAM_FIRST_MASK; i++)
		memset(&p.masks[i], 0xff, sizeof(p.masks[i]));
	for (int i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_INTERVAL - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL;
	     i++)
		p.intervals[i].max = ~0u;
	p.rmask = ~0u;
	set_mask(&p, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_INTERLEAVED);
	set_mask(&p, SNDRV_PCM_HW_PARAM_FORMAT, SNDRV_PCM_FORMAT_S16_LE);
	set_mask(&p, SNDRV_PCM_HW_PARAM_SUBFORMAT, SNDRV_PCM_SUBFORMAT_STD);
	set_int(&p, SNDRV_PCM_HW_PARAM_CHANNELS, 2);
	set_int(&p, SNDRV_PCM_HW_PARAM_RATE, RATE);
	set_int(&p, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, PERIOD);
	set_int(&p, SNDRV_PCM_HW_PARAM_PERIODS, PERIODS);
	if (ioctl(fd, SNDRV_PCM_IOCTL_HW_PARAMS, &p) < 0) {
		perror("HW_PARAMS");
		exit(1);
	}
	if (ioctl(fd, SNDRV_PCM_IOCTL_PREPARE) < 0) {
		perror("PREPARE");
		exit(1);
	}
	return fd;
}

static int play(const char *dev, double hz, double amp, double seconds)
{
	int fd = open_pcm(dev);
	int16_t buf[PERIOD * 2];
	uint64_t n = 0, total = (uint64_t)(seconds * RATE);
	while (n < total) {
		for (int i = 0; i < PERIOD; i++, n++)
			buf[2 * i] = buf[2 * i + 1] =
				(int16_t)lrint(sin(2 * M_PI * hz * (double)n / RATE) * amp * 32767);
		struct snd_xferi x = {.buf = buf, .frames = PERIOD};
		if (ioctl(fd, SNDRV_PCM_IOCTL_WRITEI_FRAMES, &x) < 0) {
			ioctl(fd, SNDRV_PCM_IOCTL_PREPARE); /* an underrun: go on */
			continue;
		}
	}
	ioctl(fd, SNDRV_PCM_IOCTL_DRAIN);
	close(fd);
	printf("PLAYED %.1f s of %.0f Hz\n", seconds, hz);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int rec(const char *dev, double seconds)
{
	int fd = open_pcm(dev);
	size_t total = (size_t)(seconds * RATE);
	int16_t *s = calloc(total, sizeof(*s));
	int16_t buf[PERIOD * 2];
	size_t n = 0;
	if (ioctl(fd, SNDRV_PCM_IOCTL_START) < 0)
		perror("START");
	while (n < total) {
		struct snd_xferi x = {.buf = buf, .frames = PERIOD};
		if (ioctl(fd, SNDRV_PCM_IOCTL_READI_FRAMES, &x) < 0) {
			ioctl(fd, SNDRV_PCM_IOCTL_PREPARE);
			ioctl(fd, SNDRV_PCM_IOCTL_START);
			continue;
		}
		for (long i = 0; i < x.result && n < total; i++)
			s[n++] = buf[2 * i];
	}
	close(fd);
	/* 100 ms blocks with signal: frequency from upward zero crossings. */
	size_t block = RATE / 10, blocks = 0;
	double *hz = calloc(total / block + 1, sizeof(*hz));
	int peak = 0;
	for (size_t b = 0; b + block <= total; b += block) {
		int bp = 0;
		double first = -1, last = -1;
		int c = 0;
		for (size_t i = b + 1; i < b + block; i++) {
			if (abs(s[i]) > bp)
				bp = abs(s[i]);
			if (s[i - 1] < 0 && s[i] >= 0) {
				double t = (double)(i - 1) + (double)-s[i - 1] / (s[i] - s[i - 1]);
				if (first < 0)
					first = t;
				last = t;
				c++;
			}
		}
		if (bp < 328 || c < 2)
			continue;
		if (bp > peak)
			peak = bp;
		hz[blocks++] = (c - 1) * (double)RATE / (last - first);
	}
	qsort(hz, blocks, sizeof(*hz), cmp);
	printf("REC blocks=%zu median_hz=%.2f peak=%.4f\n", blocks, blocks ? hz[blocks / 2] : 0,
	       peak / 32768.0);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "play"))
		return play(argv[2], atof(argv[3]), atof(argv[4]), atof(argv[5]));
	if (argc == 4 && !strcmp(argv[1], "rec"))
		return rec(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: pcmtone play DEV HZ AMP S | rec DEV S\n");
	return 2;
}
