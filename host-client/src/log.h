/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's log writer: GLib's format ("domain-Level: HH:MM:SS.mmm: text")
 * made safe to call from every thread at once. GLib 2.74's own writer
 * formats the time with localtime(), whose one static buffer two threads
 * logging together overwrite (the frame, cursor and SPICE threads all
 * log). The journal, when stderr is the journal, gets the fields as GLib
 * sends them. G_MESSAGES_DEBUG works as before.
 */
#ifndef LGVIEW_LOG_H
#define LGVIEW_LOG_H

/* Once, at start, before any thread is created. */
void lgv_log_init(void);

#endif
