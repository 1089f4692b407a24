// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drives lgview's SPICE input (lgview-input) against spice_test_server and
 * prints what the server's devices must have seen, as "EXPECT ..." lines
 * in the server's own format (test_spice_input.sh compares them):
 *   phase 1: every key of the table pressed and released; two keys held
 *            and let go by release_all (focus loss); relative motion,
 *            large moves included; every button; the wheel;
 *   phase 2 (after the script restarts the server): the session comes back
 *            by itself, and a key goes through the new connection.
 * Usage: input_client SOCKET
 *        input_client SOCKET --auth PASSWORD ok|refused
 *        input_client HOST --tls PORT CA_FILE ok|refused
 * The second form only connects with a password and says whether the
 * server took it (exit 0 when it went as expected); the third connects
 * over TLS only, checking the server against CA_FILE, and when that works
 * sends the key A ("EXPECT" lines as above).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest-proto/clock.h"
#include "input/input.h"
#include "input/keymap.h"

static struct lgi_input *in;

static bool wait_state(enum lgi_state want, uint64_t min_attempts, int seconds)
{
	uint64_t until = lgp_monotonic_ns() + (uint64_t)seconds * 1000000000u;
	struct lgi_status st;
	do {
		lgi_input_status(in, &st);
		if (st.state == want && st.attempts >= min_attempts)
			return true;
		lgp_sleep_us(10000);
	} while (lgp_monotonic_ns() < until);
	fprintf(stderr, "input_client: state %d (%s) after %d s, not %d\n", st.state, st.text,
		seconds, want);
	return false;
}

static void expect_code(uint32_t code, bool press)
{
	uint8_t rel = press ? 0 : 0x80;
	if (code & 0x100)
		printf("EXPECT KEY e0\n");
	printf("EXPECT KEY %02x\n", (code & 0xff) | rel);
}

static void expect_key(uint32_t key, bool down)
{
	struct lgi_key_step s[4];
	int n = lgi_keymap_sequence(key, down, s);
	for (int i = 0; i < n; ++i) {
		if (s[i].code == LGI_XT_PAUSE)
			printf("EXPECT KEY e1\nEXPECT KEY %02x\n", s[i].press ? 0x1d : 0x9d);
		else
			expect_code(s[i].code, s[i].press);
	}
}

static void key(uint32_t k, bool down)
{
	lgi_input_key(in, k, down);
	expect_key(k, down);
}

int main(int argc, char **argv)
{
	bool tls = argc == 6 && !strcmp(argv[2], "--tls");
	if (argc != 2 && !(argc == 5 && !strcmp(argv[2], "--auth")) && !tls) {
		fprintf(stderr, "usage: %s SOCKET [--auth PASSWORD ok|refused]\n"
				"       %s HOST --tls PORT CA_FILE ok|refused\n",
			argv[0], argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct lgi_config cfg = {.host = argv[1]};
	if (tls) {
		cfg.tls_port = atoi(argv[3]);
		cfg.ca_file = argv[4];
		bool want_ok = !strcmp(argv[5], "ok");
		in = lgi_input_start(&cfg);
		bool ok = in && wait_state(want_ok ? LGI_STATE_CONNECTED : LGI_STATE_RETRYING, 1, 20);
		struct lgi_status st;
		lgi_input_status(in, &st);
		printf("TLS %s: %s\n", argv[5], st.text);
		if (ok && want_ok) {
			lgp_sleep_us(300000);
			key(4, true);
			key(4, false);
			lgp_sleep_us(500000);
		}
		lgi_input_stop(in);
		return ok ? 0 : 1;
	}
	if (argc == 5) {
		cfg.password = argv[3];
		bool want_ok = !strcmp(argv[4], "ok");
		in = lgi_input_start(&cfg);
		bool ok = in && wait_state(want_ok ? LGI_STATE_CONNECTED : LGI_STATE_FAILED, 1, 20);
		struct lgi_status st;
		lgi_input_status(in, &st);
		printf("AUTH %s: %s\n", argv[4], st.text);
		lgi_input_stop(in);
		return ok ? 0 : 1;
	}
	in = lgi_input_start(&cfg);
	if (!in || !wait_state(LGI_STATE_CONNECTED, 1, 20))
		return 1;
	lgp_sleep_us(300000); /* the mouse mode settles */

	for (uint32_t k = 0; k < 300; ++k)
		if (lgi_keymap_xt(k)) {
			key(k, true);
			key(k, false);
		}
	/* Focus loss with A and left shift held: both come up, A first. */
	key(4, true);
	key(225, true);
	lgi_input_release_all(in);
	expect_key(4, false);
	expect_key(225, false);

	/* Motion: sums are compared (spice-glib merges bursts), and every
	 * step must fit PS/2's ±127. */
	lgi_input_motion(in, 300, -5);
	lgi_input_motion(in, -20, 400);
	printf("EXPECT MOTION_SUM 280 395\n");
	/* Buttons: left, middle, right, side, extra; then the wheel. */
	static const enum lgi_button order[] = {LGI_BUTTON_LEFT, LGI_BUTTON_MIDDLE,
						 LGI_BUTTON_RIGHT, LGI_BUTTON_SIDE,
						 LGI_BUTTON_EXTRA};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); ++i) {
		lgi_input_button(in, order[i], true);
		lgi_input_button(in, order[i], false);
	}
	lgi_input_button(in, LGI_BUTTON_WHEEL_UP, true);
	lgi_input_button(in, LGI_BUTTON_WHEEL_UP, false);
	lgi_input_button(in, LGI_BUTTON_WHEEL_DOWN, true);
	lgi_input_button(in, LGI_BUTTON_WHEEL_DOWN, false);
	printf("EXPECT WHEEL_SUM 0 2\n"); /* net, and how many clicks */
	/* The last key marks the end for the script. */
	key(71, true); /* Scroll Lock */
	key(71, false);
	printf("PHASE1_SENT\n");

	/* The script restarts the server: the session must come back. */
	if (!wait_state(LGI_STATE_RETRYING, 1, 20) || !wait_state(LGI_STATE_CONNECTED, 2, 30))
		return 1;
	lgp_sleep_us(300000);
	key(4, true);
	key(4, false);
	printf("PHASE2_SENT\n");
	lgp_sleep_us(500000);
	struct lgi_status st;
	lgi_input_status(in, &st);
	printf("ATTEMPTS %llu\n", (unsigned long long)st.attempts);
	uint64_t t0 = lgp_monotonic_ns();
	lgi_input_stop(in);
	printf("STOP_MS %llu\n", (unsigned long long)((lgp_monotonic_ns() - t0) / 1000000u));
	return 0;
}
