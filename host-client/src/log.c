// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static const char *level_name(GLogLevelFlags level)
{
	switch (level & G_LOG_LEVEL_MASK) {
	case G_LOG_LEVEL_ERROR: return "ERROR";
	case G_LOG_LEVEL_CRITICAL: return "CRITICAL";
	case G_LOG_LEVEL_WARNING: return "WARNING";
	case G_LOG_LEVEL_MESSAGE: return "Message";
	case G_LOG_LEVEL_INFO: return "INFO";
	default: return "DEBUG";
	}
}

static GLogWriterOutput write_line(GLogLevelFlags level, const GLogField *fields, gsize n,
				   gpointer data)
{
	(void)data;
	if (g_log_writer_is_journald(fileno(stderr)))
		return g_log_writer_journald(level, fields, n, NULL);
	const char *domain = NULL, *message = NULL;
	for (gsize i = 0; i < n; ++i) {
		if (!g_strcmp0(fields[i].key, "GLIB_DOMAIN"))
			domain = fields[i].value;
		else if (!g_strcmp0(fields[i].key, "MESSAGE"))
			message = fields[i].value;
	}
	if (g_log_writer_default_would_drop(level, domain))
		return G_LOG_WRITER_HANDLED;
	gint64 now = g_get_real_time();
	time_t secs = (time_t)(now / G_USEC_PER_SEC);
	struct tm tm;
	localtime_r(&secs, &tm); /* the reentrant one: this is the point */
	/* As GLib: errors to warnings on stderr, info and debug on stdout. */
	FILE *out = level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG) ? stdout : stderr;
	fprintf(out, "%s%s%s: %02d:%02d:%02d.%03d: %s\n", domain ? domain : "",
		domain ? "-" : "", level_name(level), tm.tm_hour, tm.tm_min, tm.tm_sec,
		(int)(now / 1000 % 1000), message ? message : "(no message)");
	fflush(out);
	return G_LOG_WRITER_HANDLED;
}

void lgv_log_init(void)
{
	g_log_set_writer_func(write_line, NULL, NULL);
}
