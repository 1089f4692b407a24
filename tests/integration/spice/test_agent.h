/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test server's guest agent (test_agent.c says what it does). */
#ifndef LGVIEW_TEST_AGENT_H
#define LGVIEW_TEST_AGENT_H

#include <spice.h>
#include <stdbool.h>

/* Adds the agent's char device; what the client sends is dumped into
 * dump (a directory; NULL: not kept). */
void test_agent_add(SpiceServer *s, bool crlf, const char *dump);
/* One command line (without its newline). */
void test_agent_command(const char *line);

#endif
