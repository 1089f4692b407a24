// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A guest's SPICE agent for the test server: the vdagent char device
 * (libspice-server's "vdagent" subtype) speaking the agent protocol (chunks
 * of VDIChunkHeader carrying VDAgentMessages) with the clipboard by demand,
 * selections, and CRLF text when asked. Driven by commands, one per line:
 *   GRAB TYPE FILE   the guest copies FILE's bytes as TYPE (text or png)
 *   GRAB_TYPES N...  a grab with these raw VD_AGENT_CLIPBOARD_* types
 *   DATA TYPE FILE   unasked-for clipboard data (hostile)
 *   BAD NAME         a malformed message: short-grab, short-clip, huge-types,
 *                    short-request
 *   RELEASE          the guest's clipboard empties
 * It prints, one line each: AGENT_CAPS (the client announced itself),
 * CLIENT_GRAB types..., CLIENT_REQUEST type, CLIENT_DATA type size (the data
 * is written to DUMP/clip-TYPE), CLIENT_RELEASE, and AGENT_MOUSE x y buttons
 * (client mouse mode: the server hands absolute positions to the agent).
 */
#include <glib.h>
#include <spice.h>
#include <spice/vd_agent.h>
#include <stdio.h>
#include <string.h>

#include "test_agent.h"

struct agent {
	SpiceCharDeviceInstance sin;
	GByteArray *out; /* to the server */
	GByteArray *in;	 /* from the server: chunk payloads, reassembled */
	GByteArray *raw; /* from the server: unparsed chunk stream */
	uint32_t chunk_left;
	bool crlf;
	const char *dump;
	GBytes *data[8]; /* what the guest "copied", by type */
};

static struct agent agent;

/* ---- writing messages to the server ---- */

static void put_chunked(uint32_t port, const uint8_t *d, size_t n)
{
	while (n) {
		uint32_t part = (uint32_t)MIN(n, (size_t)VD_AGENT_MAX_DATA_SIZE);
		VDIChunkHeader h = {.port = port, .size = part};
		g_byte_array_append(agent.out, (const guint8 *)&h, sizeof(h));
		g_byte_array_append(agent.out, d, part);
		d += part;
		n -= part;
	}
	spice_server_char_device_wakeup(&agent.sin);
}

/* A message: header + prefix + body. */
static void send_msg(uint32_t type, const void *prefix, size_t pn, const void *body, size_t bn)
{
	GByteArray *m = g_byte_array_new();
	VDAgentMessage h = {
		.protocol = VD_AGENT_PROTOCOL, .type = type, .size = (uint32_t)(pn + bn)};
	g_byte_array_append(m, (const guint8 *)&h, sizeof(h));
	if (pn)
		g_byte_array_append(m, prefix, (guint)pn);
	if (bn)
		g_byte_array_append(m, body, (guint)bn);
	put_chunked(VDP_CLIENT_PORT, m->data, m->len);
	g_byte_array_free(m, TRUE);
}

static const uint8_t selection_clipboard[4] = {VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD, 0, 0, 0};

static void announce(void)
{
	uint32_t caps[VD_AGENT_CAPS_SIZE] = {0};
	VD_AGENT_SET_CAPABILITY(caps, VD_AGENT_CAP_CLIPBOARD_BY_DEMAND);
	VD_AGENT_SET_CAPABILITY(caps, VD_AGENT_CAP_CLIPBOARD_SELECTION);
	/* The macro is a block: braces keep the else its own. */
	if (agent.crlf) {
		VD_AGENT_SET_CAPABILITY(caps, VD_AGENT_CAP_GUEST_LINEEND_CRLF);
	} else {
		VD_AGENT_SET_CAPABILITY(caps, VD_AGENT_CAP_GUEST_LINEEND_LF);
	}
	uint32_t request = 0;
	send_msg(VD_AGENT_ANNOUNCE_CAPABILITIES, &request, sizeof(request), caps, sizeof(caps));
}

static void send_grab(const uint32_t *types, size_t n)
{
	send_msg(VD_AGENT_CLIPBOARD_GRAB, selection_clipboard, 4, types, n * 4);
}

static void send_clip(uint32_t type, GBytes *b)
{
	gsize n = 0;
	const void *d = b ? g_bytes_get_data(b, &n) : NULL;
	uint8_t prefix[8];
	memcpy(prefix, selection_clipboard, 4);
	memcpy(prefix + 4, &type, 4);
	send_msg(VD_AGENT_CLIPBOARD, prefix, 8, d, n);
}

/* ---- messages from the server ---- */

static const char *type_name(uint32_t t)
{
	return t == VD_AGENT_CLIPBOARD_UTF8_TEXT   ? "text"
	       : t == VD_AGENT_CLIPBOARD_IMAGE_PNG ? "png"
						   : "other";
}

static void on_message(const VDAgentMessage *h, const uint8_t *d)
{
	uint32_t n = h->size;
	switch (h->type) {
	case VD_AGENT_ANNOUNCE_CAPABILITIES: {
		uint32_t request = 0;
		if (n >= 4)
			memcpy(&request, d, 4);
		printf("AGENT_CAPS\n");
		if (request)
			announce();
		break;
	}
	case VD_AGENT_CLIPBOARD_GRAB: {
		printf("CLIENT_GRAB");
		for (uint32_t i = 4; i + 4 <= n; i += 4) {
			uint32_t t;
			memcpy(&t, d + i, 4);
			printf(" %s", type_name(t));
		}
		printf("\n");
		/* Ask for the first type, as a guest pasting would. */
		if (n >= 8) {
			uint8_t req[8];
			memcpy(req, selection_clipboard, 4);
			memcpy(req + 4, d + 4, 4);
			send_msg(VD_AGENT_CLIPBOARD_REQUEST, req, 8, NULL, 0);
		}
		break;
	}
	case VD_AGENT_CLIPBOARD_REQUEST: {
		uint32_t t = 0;
		if (n >= 8)
			memcpy(&t, d + 4, 4);
		printf("CLIENT_REQUEST %s\n", type_name(t));
		send_clip(t, t < G_N_ELEMENTS(agent.data) ? agent.data[t] : NULL);
		break;
	}
	case VD_AGENT_CLIPBOARD: {
		uint32_t t = 0;
		if (n >= 8)
			memcpy(&t, d + 4, 4);
		uint32_t size = n >= 8 ? n - 8 : 0;
		if (agent.dump) {
			char *path = g_strdup_printf("%s/clip-%s", agent.dump, type_name(t));
			g_file_set_contents(path, (const char *)d + 8, size, NULL);
			g_free(path);
		}
		printf("CLIENT_DATA %s %u\n", type_name(t), size);
		break;
	}
	case VD_AGENT_CLIPBOARD_RELEASE:
		printf("CLIENT_RELEASE\n");
		break;
	case VD_AGENT_MOUSE_STATE: {
		VDAgentMouseState m = {0};
		memcpy(&m, d, MIN(n, (uint32_t)sizeof(m)));
		printf("AGENT_MOUSE %u %u %u\n", m.x, m.y, m.buttons);
		break;
	}
	default:
		break;
	}
}

/* Chunks → message stream → messages. */
static void parse(void)
{
	for (;;) {
		if (!agent.chunk_left) {
			if (agent.raw->len < sizeof(VDIChunkHeader))
				break;
			VDIChunkHeader h;
			memcpy(&h, agent.raw->data, sizeof(h));
			g_byte_array_remove_range(agent.raw, 0, sizeof(h));
			agent.chunk_left = h.size;
			continue;
		}
		guint take = MIN(agent.chunk_left, agent.raw->len);
		if (!take)
			break;
		g_byte_array_append(agent.in, agent.raw->data, take);
		g_byte_array_remove_range(agent.raw, 0, take);
		agent.chunk_left -= take;
	}
	while (agent.in->len >= sizeof(VDAgentMessage)) {
		VDAgentMessage h;
		memcpy(&h, agent.in->data, sizeof(h));
		if (agent.in->len < sizeof(h) + h.size)
			break;
		on_message(&h, agent.in->data + sizeof(h));
		g_byte_array_remove_range(agent.in, 0, (guint)(sizeof(h) + h.size));
	}
}

/* ---- the char device ---- */

static int dev_write(SpiceCharDeviceInstance *sin, const uint8_t *buf, int len)
{
	(void)sin;
	g_byte_array_append(agent.raw, buf, (guint)len);
	parse();
	return len;
}

static int dev_read(SpiceCharDeviceInstance *sin, uint8_t *buf, int len)
{
	(void)sin;
	int n = (int)MIN((guint)len, agent.out->len);
	if (n <= 0)
		return 0;
	memcpy(buf, agent.out->data, (size_t)n);
	g_byte_array_remove_range(agent.out, 0, (guint)n);
	return n;
}

static void dev_state(SpiceCharDeviceInstance *sin, int connected)
{
	(void)sin;
	(void)connected;
}

static SpiceCharDeviceInterface dev_sif = {
	.base = {.type = SPICE_INTERFACE_CHAR_DEVICE,
		 .description = "lgview test agent",
		 .major_version = SPICE_INTERFACE_CHAR_DEVICE_MAJOR,
		 .minor_version = SPICE_INTERFACE_CHAR_DEVICE_MINOR},
	.state = dev_state,
	.write = dev_write,
	.read = dev_read,
};

/* ---- commands ---- */

static uint32_t type_of_name(const char *s)
{
	return !strcmp(s, "text")  ? VD_AGENT_CLIPBOARD_UTF8_TEXT
	       : !strcmp(s, "png") ? VD_AGENT_CLIPBOARD_IMAGE_PNG
				   : (uint32_t)g_ascii_strtoull(s, NULL, 10);
}

static GBytes *file_bytes(const char *path)
{
	char *d = NULL;
	gsize n = 0;
	if (!g_file_get_contents(path, &d, &n, NULL)) {
		fprintf(stderr, "agent: cannot read %s\n", path);
		return NULL;
	}
	return g_bytes_new_take(d, n);
}

static void bad(const char *name)
{
	uint32_t huge[4096];
	for (size_t i = 0; i < G_N_ELEMENTS(huge); ++i)
		huge[i] = (uint32_t)(i * 2654435761u);
	if (!strcmp(name, "short-grab")) /* a selection byte and nothing else */
		send_msg(VD_AGENT_CLIPBOARD_GRAB, selection_clipboard, 1, NULL, 0);
	else if (!strcmp(name, "short-clip"))
		send_msg(VD_AGENT_CLIPBOARD, selection_clipboard, 2, NULL, 0);
	else if (!strcmp(name, "short-request"))
		send_msg(VD_AGENT_CLIPBOARD_REQUEST, selection_clipboard, 3, NULL, 0);
	else if (!strcmp(name, "huge-types"))
		send_grab(huge, G_N_ELEMENTS(huge));
	else
		fprintf(stderr, "agent: no bad message %s\n", name);
}

void test_agent_command(const char *line)
{
	char **w = g_strsplit(line, " ", 0);
	guint n = g_strv_length(w);
	if (n == 3 && !strcmp(w[0], "GRAB")) {
		uint32_t t = type_of_name(w[1]);
		if (t < G_N_ELEMENTS(agent.data)) {
			if (agent.data[t])
				g_bytes_unref(agent.data[t]);
			agent.data[t] = file_bytes(w[2]);
			send_grab(&t, 1);
		}
	} else if (n >= 1 && !strcmp(w[0], "GRAB_TYPES")) {
		uint32_t types[64];
		guint k = 0;
		for (guint i = 1; i < n && k < G_N_ELEMENTS(types); ++i)
			types[k++] = type_of_name(w[i]);
		send_grab(types, k);
	} else if (n == 3 && !strcmp(w[0], "DATA")) {
		GBytes *b = file_bytes(w[2]);
		send_clip(type_of_name(w[1]), b);
		if (b)
			g_bytes_unref(b);
	} else if (n == 2 && !strcmp(w[0], "BAD")) {
		bad(w[1]);
	} else if (n == 1 && !strcmp(w[0], "RELEASE")) {
		send_msg(VD_AGENT_CLIPBOARD_RELEASE, selection_clipboard, 4, NULL, 0);
	} else if (line[0]) {
		fprintf(stderr, "agent: unknown command '%s'\n", line);
	}
	g_strfreev(w);
}

void test_agent_add(SpiceServer *s, bool crlf, const char *dump)
{
	agent.out = g_byte_array_new();
	agent.in = g_byte_array_new();
	agent.raw = g_byte_array_new();
	agent.crlf = crlf;
	agent.dump = dump;
	agent.sin.base.sif = &dev_sif.base;
	agent.sin.subtype = "vdagent";
	spice_server_add_interface(s, &agent.sin.base);
}
