// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * evprint: a guest program of the input boot (tests/kernel/input.sh). It
 * opens every /dev/input/event* device, prints "EVPRINT_READY" and then one
 * line per key press or release and per relative move:
 *   EV KEY code value      (value 1 press, 0 release; autorepeat left out)
 *   EV REL code value
 * until KEY_F12 is released or its time limit (argv[1] seconds) passes.
 */
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEV 16

int main(int argc, char **argv)
{
	int limit = argc > 1 ? atoi(argv[1]) : 60;
	struct pollfd fds[MAX_DEV];
	int n = 0;
	for (int i = 0; i < 32 && n < MAX_DEV; ++i) {
		char path[32];
		snprintf(path, sizeof(path), "/dev/input/event%d", i);
		int fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd >= 0)
			fds[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("EVPRINT_READY %d devices\n", n);
	time_t end = time(NULL) + limit;
	while (time(NULL) < end) {
		if (poll(fds, (nfds_t)n, 200) <= 0)
			continue;
		for (int i = 0; i < n; ++i) {
			struct input_event ev[64];
			ssize_t r = read(fds[i].fd, ev, sizeof(ev));
			for (ssize_t k = 0; r > 0 && k < r / (ssize_t)sizeof(ev[0]); ++k) {
				if (ev[k].type == EV_KEY && ev[k].value != 2)
					printf("EV KEY %u %d\n", ev[k].code, ev[k].value);
				else if (ev[k].type == EV_REL)
					printf("EV REL %u %d\n", ev[k].code, ev[k].value);
				else if (ev[k].type == EV_ABS)
					printf("EV ABS %u %d\n", ev[k].code, ev[k].value);
				if (ev[k].type == EV_KEY && ev[k].code == KEY_F12 && ev[k].value == 0) {
					printf("EVPRINT_DONE\n");
					return 0;
				}
			}
		}
	}
	printf("EVPRINT_TIMEOUT\n");
	return 1;
}
