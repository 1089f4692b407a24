// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A SPICE server for lgview's input tests, built on libspice-server (the
 * server QEMU embeds), with a PS/2-style keyboard and mouse and a tablet.
 * It prints what reaches the devices, one line each, on stdout:
 *   KEY xx                      a scancode byte (hex), as QEMU's i8042 gets it
 *   MOTION dx dy dz buttons     relative motion (server mouse mode; wheel in dz)
 *   BUTTONS mask
 *   TABLET x y buttons / TABLET_WHEEL n buttons / TABLET_BUTTONS mask
 * and READY once it listens. With --agent it has a guest agent too
 * (test_agent.c), told what to do through the --control FIFO. Usage:
 *   spice_test_server --unix PATH [--password PW] [--uuid UUID]
 *                     [--agent lf|crlf --control FIFO --dump DIR] [--display WxH]
 *   spice_test_server --tls PORT --certs DIR [...]  TLS only, on 127.0.0.1:PORT, with
 *                     DIR's ca-cert.pem, server-cert.pem and server-key.pem
 * --display adds a QXL display (test_qxl.c), so that client mouse mode works.
 * --control also takes "TABLET off" and "TABLET on".
 * --tone HZ | --clicks S [--amplitude A] [--skew S] [--record FILE] adds a
 * sound card (test_audio.c): a sine or a click train played by a clock
 * off by S (0.003: 0.3 % fast), and what the client records into FILE;
 * --control then takes "PLAY on|off", "VOLUME v mute", "RVOLUME v mute".
 * It runs until SIGTERM or SIGINT.
 */
#include <glib.h>
#include <glib-unix.h>
#include <signal.h>
#include <spice.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest-proto/kvmfr.h"
#include "test_agent.h"
#include "test_audio.h"
#include "test_qxl.h"

/* ---- the core interface on GLib's main loop ---- */

struct SpiceTimer {
	GSource *src;
	SpiceTimerFunc func;
	void *opaque;
};

static gboolean timer_fire(gpointer data)
{
	SpiceTimer *t = data;
	g_source_unref(t->src);
	t->src = NULL;
	t->func(t->opaque); /* may start it again */
	return G_SOURCE_REMOVE;
}

static SpiceTimer *timer_add(SpiceTimerFunc func, void *opaque)
{
	SpiceTimer *t = g_new0(SpiceTimer, 1);
	t->func = func;
	t->opaque = opaque;
	return t;
}

static void timer_cancel(SpiceTimer *t)
{
	if (t->src) {
		g_source_destroy(t->src);
		g_source_unref(t->src);
		t->src = NULL;
	}
}

static void timer_start(SpiceTimer *t, uint32_t ms)
{
	timer_cancel(t);
	t->src = g_timeout_source_new(ms);
	g_source_set_callback(t->src, timer_fire, t, NULL);
	g_source_attach(t->src, NULL);
}

static void timer_remove(SpiceTimer *t)
{
	timer_cancel(t);
	g_free(t);
}

struct SpiceWatch {
	GIOChannel *ch;
	guint id;
	int fd;
	SpiceWatchFunc func;
	void *opaque;
};

static gboolean watch_fire(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	(void)ch;
	SpiceWatch *w = data;
	int ev = 0;
	if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		ev |= SPICE_WATCH_EVENT_READ;
	if (cond & G_IO_OUT)
		ev |= SPICE_WATCH_EVENT_WRITE;
	w->func(w->fd, ev, w->opaque); /* may remove w */
	return G_SOURCE_CONTINUE;
}

static void watch_update_mask(SpiceWatch *w, int mask)
{
	if (w->id)
		g_source_remove(w->id);
	w->id = 0;
	GIOCondition cond = 0;
	if (mask & SPICE_WATCH_EVENT_READ)
		cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (mask & SPICE_WATCH_EVENT_WRITE)
		cond |= G_IO_OUT | G_IO_ERR;
	if (cond)
		w->id = g_io_add_watch(w->ch, cond, watch_fire, w);
}

static SpiceWatch *watch_add(int fd, int mask, SpiceWatchFunc func, void *opaque)
{
	SpiceWatch *w = g_new0(SpiceWatch, 1);
	w->ch = g_io_channel_unix_new(fd);
	w->fd = fd;
	w->func = func;
	w->opaque = opaque;
	watch_update_mask(w, mask);
	return w;
}

static void watch_remove(SpiceWatch *w)
{
	if (w->id)
		g_source_remove(w->id);
	g_io_channel_unref(w->ch);
	g_free(w);
}

static void channel_event(int event, SpiceChannelEventInfo *info)
{
	(void)event;
	(void)info;
}

static SpiceCoreInterface core = {
	.base = {.major_version = SPICE_INTERFACE_CORE_MAJOR,
		 .minor_version = SPICE_INTERFACE_CORE_MINOR},
	.timer_add = timer_add,
	.timer_start = timer_start,
	.timer_cancel = timer_cancel,
	.timer_remove = timer_remove,
	.watch_add = watch_add,
	.watch_update_mask = watch_update_mask,
	.watch_remove = watch_remove,
	.channel_event = channel_event,
};

/* ---- the devices ---- */

static void kbd_push(SpiceKbdInstance *sin, uint8_t frag)
{
	(void)sin;
	printf("KEY %02x\n", frag);
}

static uint8_t kbd_leds(SpiceKbdInstance *sin)
{
	(void)sin;
	return 0;
}

static const SpiceKbdInterface kbd_sif = {
	.base = {.type = SPICE_INTERFACE_KEYBOARD, .description = "lgview test keyboard",
		 .major_version = SPICE_INTERFACE_KEYBOARD_MAJOR,
		 .minor_version = SPICE_INTERFACE_KEYBOARD_MINOR},
	.push_scan_freg = kbd_push,
	.get_leds = kbd_leds,
};

static void mouse_motion(SpiceMouseInstance *sin, int dx, int dy, int dz, uint32_t buttons)
{
	(void)sin;
	printf("MOTION %d %d %d %u\n", dx, dy, dz, buttons);
}

static void mouse_buttons(SpiceMouseInstance *sin, uint32_t buttons)
{
	(void)sin;
	printf("BUTTONS %u\n", buttons);
}

static const SpiceMouseInterface mouse_sif = {
	.base = {.type = SPICE_INTERFACE_MOUSE, .description = "lgview test mouse",
		 .major_version = SPICE_INTERFACE_MOUSE_MAJOR,
		 .minor_version = SPICE_INTERFACE_MOUSE_MINOR},
	.motion = mouse_motion,
	.buttons = mouse_buttons,
};

static void tablet_size(SpiceTabletInstance *sin, int w, int h)
{
	(void)sin;
	printf("TABLET_SIZE %d %d\n", w, h);
}

static void tablet_position(SpiceTabletInstance *sin, int x, int y, uint32_t buttons)
{
	(void)sin;
	printf("TABLET %d %d %u\n", x, y, buttons);
}

static void tablet_wheel(SpiceTabletInstance *sin, int n, uint32_t buttons)
{
	(void)sin;
	printf("TABLET_WHEEL %d %u\n", n, buttons);
}

static void tablet_buttons(SpiceTabletInstance *sin, uint32_t buttons)
{
	(void)sin;
	printf("TABLET_BUTTONS %u\n", buttons);
}

static const SpiceTabletInterface tablet_sif = {
	.base = {.type = SPICE_INTERFACE_TABLET, .description = "lgview test tablet",
		 .major_version = SPICE_INTERFACE_TABLET_MAJOR,
		 .minor_version = SPICE_INTERFACE_TABLET_MINOR},
	.set_logical_size = tablet_size,
	.position = tablet_position,
	.wheel = tablet_wheel,
	.buttons = tablet_buttons,
};

static SpiceServer *server;
static SpiceTabletInstance tablet = {.base.sif = &tablet_sif.base};

/* One line of --control: TABLET off|on (the VM's tablet unplugged and
 * back: the server flips the mouse mode), or the agent's (test_agent.c). */
static gboolean on_control(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	(void)cond;
	(void)data;
	char *line = NULL;
	gsize term = 0;
	while (g_io_channel_read_line(ch, &line, NULL, &term, NULL) == G_IO_STATUS_NORMAL) {
		line[term] = '\0';
		if (!strcmp(line, "TABLET off"))
			spice_server_remove_interface(&tablet.base);
		else if (!strcmp(line, "TABLET on"))
			spice_server_add_interface(server, &tablet.base);
		else if (!test_audio_command(line))
			test_agent_command(line);
		g_free(line);
	}
	return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	/* A client that goes away mid-write (lgview stopped while audio
	 * streams) must not kill the server with SIGPIPE, silently: QEMU
	 * ignores it too. */
	signal(SIGPIPE, SIG_IGN);
	const char *path = NULL, *password = NULL, *uuid_text = NULL;
	const char *agent = NULL, *control = NULL, *dump = NULL, *display = NULL;
	const char *tls_port = NULL, *certs = NULL;
	struct test_audio_config audio = {.amplitude = 0.5};
	bool with_audio = false;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--unix"))
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--password"))
			password = argv[i + 1];
		else if (!strcmp(argv[i], "--uuid"))
			uuid_text = argv[i + 1];
		else if (!strcmp(argv[i], "--agent"))
			agent = argv[i + 1];
		else if (!strcmp(argv[i], "--control"))
			control = argv[i + 1];
		else if (!strcmp(argv[i], "--dump"))
			dump = argv[i + 1];
		else if (!strcmp(argv[i], "--display"))
			display = argv[i + 1];
		else if (!strcmp(argv[i], "--tls"))
			tls_port = argv[i + 1];
		else if (!strcmp(argv[i], "--certs"))
			certs = argv[i + 1];
		else if (!strcmp(argv[i], "--tone"))
			with_audio = true, audio.tone_hz = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--clicks"))
			with_audio = true, audio.click_s = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--amplitude"))
			audio.amplitude = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--skew"))
			audio.skew = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--record"))
			with_audio = true, audio.record_path = argv[i + 1];
	}
	uint8_t uuid[16];
	if (uuid_text && !lgp_uuid_parse(uuid_text, uuid)) {
		fprintf(stderr, "--uuid %s is not a UUID\n", uuid_text);
		return 2;
	}
	if (!path && !(tls_port && certs)) {
		fprintf(stderr, "usage: %s --unix PATH [--password PW]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, loop);
	g_unix_signal_add(SIGINT, on_signal, loop);

	SpiceServer *s = spice_server_new();
	server = s;
	if (path) {
		spice_server_set_addr(s, path, SPICE_ADDR_FLAG_UNIX_ONLY);
	} else {
		/* Every channel over TLS, as a VM with only a tls-port. */
		char *ca = g_build_filename(certs, "ca-cert.pem", NULL);
		char *cert = g_build_filename(certs, "server-cert.pem", NULL);
		char *key = g_build_filename(certs, "server-key.pem", NULL);
		spice_server_set_addr(s, "127.0.0.1", SPICE_ADDR_FLAG_IPV4_ONLY);
		spice_server_set_port(s, 0);
		if (spice_server_set_tls(s, atoi(tls_port), ca, cert, key, NULL, NULL, NULL) < 0) {
			fprintf(stderr, "TLS set-up failed with %s\n", certs);
			return 1;
		}
		spice_server_set_channel_security(s, NULL, SPICE_CHANNEL_SECURITY_SSL);
		g_free(ca);
		g_free(cert);
		g_free(key);
	}
	if (uuid_text)
		spice_server_set_uuid(s, uuid); /* what QEMU sends for -uuid */
	if (password)
		spice_server_set_ticket(s, password, 0, 0, 0);
	else
		spice_server_set_noauth(s);
	if (spice_server_init(s, &core) < 0) {
		fprintf(stderr, "spice_server_init failed on %s\n", path);
		return 1;
	}
	static SpiceKbdInstance kbd = {.base.sif = &kbd_sif.base};
	static SpiceMouseInstance mouse = {.base.sif = &mouse_sif.base};
	spice_server_add_interface(s, &kbd.base);
	spice_server_add_interface(s, &mouse.base);
	spice_server_add_interface(s, &tablet.base);
	if (display) {
		int w = 0, h = 0;
		if (sscanf(display, "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0 || w > 8192 ||
		    h > 8192) {
			fprintf(stderr, "--display %s is not WxH\n", display);
			return 2;
		}
		test_qxl_add(s, w, h);
	}
	if (agent) {
		/* The agent's data must reach the client too (QEMU: agent-mouse). */
		spice_server_set_agent_copypaste(s, 1);
		test_agent_add(s, !strcmp(agent, "crlf"), dump);
	}
	if (with_audio)
		test_audio_add(s, &audio);
	if (control) {
		/* Read and write, so that no writer's close ends the stream. */
		GIOChannel *ch = g_io_channel_new_file(control, "r+", NULL);
		if (!ch) {
			fprintf(stderr, "cannot open --control %s\n", control);
			return 1;
		}
		g_io_channel_set_flags(ch, G_IO_FLAG_NONBLOCK, NULL);
		g_io_add_watch(ch, G_IO_IN, on_control, NULL);
	}
	printf("READY\n");
	g_main_loop_run(loop);
	spice_server_destroy(s);
	g_main_loop_unref(loop);
	return 0;
}
