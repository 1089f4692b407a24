/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keys to the PC scancodes SPICE carries. A key is named by its USB HID
 * keyboard usage (page 7), which is also the value of SDL's scancode for
 * it; the consumer keys (media, browser, launch) use SDL's own numbers
 * above 256. The result is a PC XT set-1 make code in spice's convention:
 * keys with an 0xE0 prefix are 0x100 | code, and Pause, the one key with
 * an 0xE1 sequence, is LGI_XT_PAUSE (see lgi_keymap_sequence). The facts
 * come from qemu's keycodemapdb (the "XT KBD" column), which is also the
 * table QEMU reads the codes back with.
 *
 * Pure functions: any thread.
 */
#ifndef INPUT_KEYMAP_H
#define INPUT_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Pause: 0xE1 0x1D 0x45 on press and nothing on release. */
#define LGI_XT_PAUSE 0x21du

/* The set-1 code of a key, or 0 when SPICE has none for it. */
uint32_t lgi_keymap_xt(uint32_t key);

/* What to send for a key going down or up, in order: n calls of
 * spice_inputs_channel_key_press/release. */
struct lgi_key_step {
	uint32_t code;
	bool press;
};
/* Fills up to 4 steps; returns how many (0: nothing to send). */
int lgi_keymap_sequence(uint32_t key, bool down, struct lgi_key_step out[4]);

/* The key's name in the table (for logs and tests), or NULL. */
const char *lgi_keymap_name(uint32_t key);

/* How many keys the table maps (for tests). */
uint32_t lgi_keymap_count(void);

#endif
