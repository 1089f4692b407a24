// SPDX-License-Identifier: GPL-2.0-or-later
/* The key table, key by key: each SDL scancode against the set-1 code that
 * keycodemapdb gives the Linux key it stands for (and that QEMU maps back
 * to that key), the whole 104/105-key layout, media and browser keys, the
 * 102nd key, JIS and ABNT; Pause's one sequence; no two keys share a code
 * unless they are the same key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "input/keymap.h"

static const struct {
	SDL_Scancode sc;
	uint32_t xt;
	const char *linux_key;
} expect[] = {
	{SDL_SCANCODE_ESCAPE, 0x01, "KEY_ESC"},
	{SDL_SCANCODE_1, 0x02, "KEY_1"}, {SDL_SCANCODE_2, 0x03, "KEY_2"},
	{SDL_SCANCODE_3, 0x04, "KEY_3"}, {SDL_SCANCODE_4, 0x05, "KEY_4"},
	{SDL_SCANCODE_5, 0x06, "KEY_5"}, {SDL_SCANCODE_6, 0x07, "KEY_6"},
	{SDL_SCANCODE_7, 0x08, "KEY_7"}, {SDL_SCANCODE_8, 0x09, "KEY_8"},
	{SDL_SCANCODE_9, 0x0a, "KEY_9"}, {SDL_SCANCODE_0, 0x0b, "KEY_0"},
	{SDL_SCANCODE_MINUS, 0x0c, "KEY_MINUS"}, {SDL_SCANCODE_EQUALS, 0x0d, "KEY_EQUAL"},
	{SDL_SCANCODE_BACKSPACE, 0x0e, "KEY_BACKSPACE"}, {SDL_SCANCODE_TAB, 0x0f, "KEY_TAB"},
	{SDL_SCANCODE_Q, 0x10, "KEY_Q"}, {SDL_SCANCODE_W, 0x11, "KEY_W"},
	{SDL_SCANCODE_E, 0x12, "KEY_E"}, {SDL_SCANCODE_R, 0x13, "KEY_R"},
	{SDL_SCANCODE_T, 0x14, "KEY_T"}, {SDL_SCANCODE_Y, 0x15, "KEY_Y"},
	{SDL_SCANCODE_U, 0x16, "KEY_U"}, {SDL_SCANCODE_I, 0x17, "KEY_I"},
	{SDL_SCANCODE_O, 0x18, "KEY_O"}, {SDL_SCANCODE_P, 0x19, "KEY_P"},
	{SDL_SCANCODE_LEFTBRACKET, 0x1a, "KEY_LEFTBRACE"},
	{SDL_SCANCODE_RIGHTBRACKET, 0x1b, "KEY_RIGHTBRACE"},
	{SDL_SCANCODE_RETURN, 0x1c, "KEY_ENTER"}, {SDL_SCANCODE_LCTRL, 0x1d, "KEY_LEFTCTRL"},
	{SDL_SCANCODE_A, 0x1e, "KEY_A"}, {SDL_SCANCODE_S, 0x1f, "KEY_S"},
	{SDL_SCANCODE_D, 0x20, "KEY_D"}, {SDL_SCANCODE_F, 0x21, "KEY_F"},
	{SDL_SCANCODE_G, 0x22, "KEY_G"}, {SDL_SCANCODE_H, 0x23, "KEY_H"},
	{SDL_SCANCODE_J, 0x24, "KEY_J"}, {SDL_SCANCODE_K, 0x25, "KEY_K"},
	{SDL_SCANCODE_L, 0x26, "KEY_L"}, {SDL_SCANCODE_SEMICOLON, 0x27, "KEY_SEMICOLON"},
	{SDL_SCANCODE_APOSTROPHE, 0x28, "KEY_APOSTROPHE"}, {SDL_SCANCODE_GRAVE, 0x29, "KEY_GRAVE"},
	{SDL_SCANCODE_LSHIFT, 0x2a, "KEY_LEFTSHIFT"}, {SDL_SCANCODE_BACKSLASH, 0x2b, "KEY_BACKSLASH"},
	{SDL_SCANCODE_NONUSHASH, 0x2b, "KEY_BACKSLASH"},
	{SDL_SCANCODE_Z, 0x2c, "KEY_Z"}, {SDL_SCANCODE_X, 0x2d, "KEY_X"},
	{SDL_SCANCODE_C, 0x2e, "KEY_C"}, {SDL_SCANCODE_V, 0x2f, "KEY_V"},
	{SDL_SCANCODE_B, 0x30, "KEY_B"}, {SDL_SCANCODE_N, 0x31, "KEY_N"},
	{SDL_SCANCODE_M, 0x32, "KEY_M"}, {SDL_SCANCODE_COMMA, 0x33, "KEY_COMMA"},
	{SDL_SCANCODE_PERIOD, 0x34, "KEY_DOT"}, {SDL_SCANCODE_SLASH, 0x35, "KEY_SLASH"},
	{SDL_SCANCODE_RSHIFT, 0x36, "KEY_RIGHTSHIFT"},
	{SDL_SCANCODE_KP_MULTIPLY, 0x37, "KEY_KPASTERISK"}, {SDL_SCANCODE_LALT, 0x38, "KEY_LEFTALT"},
	{SDL_SCANCODE_SPACE, 0x39, "KEY_SPACE"}, {SDL_SCANCODE_CAPSLOCK, 0x3a, "KEY_CAPSLOCK"},
	{SDL_SCANCODE_F1, 0x3b, "KEY_F1"}, {SDL_SCANCODE_F2, 0x3c, "KEY_F2"},
	{SDL_SCANCODE_F3, 0x3d, "KEY_F3"}, {SDL_SCANCODE_F4, 0x3e, "KEY_F4"},
	{SDL_SCANCODE_F5, 0x3f, "KEY_F5"}, {SDL_SCANCODE_F6, 0x40, "KEY_F6"},
	{SDL_SCANCODE_F7, 0x41, "KEY_F7"}, {SDL_SCANCODE_F8, 0x42, "KEY_F8"},
	{SDL_SCANCODE_F9, 0x43, "KEY_F9"}, {SDL_SCANCODE_F10, 0x44, "KEY_F10"},
	{SDL_SCANCODE_NUMLOCKCLEAR, 0x45, "KEY_NUMLOCK"},
	{SDL_SCANCODE_SCROLLLOCK, 0x46, "KEY_SCROLLLOCK"},
	{SDL_SCANCODE_KP_7, 0x47, "KEY_KP7"}, {SDL_SCANCODE_KP_8, 0x48, "KEY_KP8"},
	{SDL_SCANCODE_KP_9, 0x49, "KEY_KP9"}, {SDL_SCANCODE_KP_MINUS, 0x4a, "KEY_KPMINUS"},
	{SDL_SCANCODE_KP_4, 0x4b, "KEY_KP4"}, {SDL_SCANCODE_KP_5, 0x4c, "KEY_KP5"},
	{SDL_SCANCODE_KP_6, 0x4d, "KEY_KP6"}, {SDL_SCANCODE_KP_PLUS, 0x4e, "KEY_KPPLUS"},
	{SDL_SCANCODE_KP_1, 0x4f, "KEY_KP1"}, {SDL_SCANCODE_KP_2, 0x50, "KEY_KP2"},
	{SDL_SCANCODE_KP_3, 0x51, "KEY_KP3"}, {SDL_SCANCODE_KP_0, 0x52, "KEY_KP0"},
	{SDL_SCANCODE_KP_PERIOD, 0x53, "KEY_KPDOT"}, {SDL_SCANCODE_SYSREQ, 0x54, "KEY_SYSRQ"},
	{SDL_SCANCODE_NONUSBACKSLASH, 0x56, "KEY_102ND"},
	{SDL_SCANCODE_F11, 0x57, "KEY_F11"}, {SDL_SCANCODE_F12, 0x58, "KEY_F12"},
	{SDL_SCANCODE_KP_EQUALS, 0x59, "KEY_KPEQUAL"},
	{SDL_SCANCODE_F13, 0x5d, "KEY_F13"}, {SDL_SCANCODE_F14, 0x5e, "KEY_F14"},
	{SDL_SCANCODE_F15, 0x5f, "KEY_F15"}, {SDL_SCANCODE_F16, 0x55, "KEY_F16"},
	{SDL_SCANCODE_F17, 0x103, "KEY_F17"}, {SDL_SCANCODE_F18, 0x177, "KEY_F18"},
	{SDL_SCANCODE_F19, 0x104, "KEY_F19"}, {SDL_SCANCODE_F20, 0x5a, "KEY_F20"},
	{SDL_SCANCODE_F21, 0x74, "KEY_F21"}, {SDL_SCANCODE_F22, 0x179, "KEY_F22"},
	{SDL_SCANCODE_F23, 0x6d, "KEY_F23"}, {SDL_SCANCODE_F24, 0x6f, "KEY_F24"},
	/* JIS, ABNT, Korean */
	{SDL_SCANCODE_INTERNATIONAL1, 0x73, "KEY_RO"},
	{SDL_SCANCODE_INTERNATIONAL2, 0x70, "KEY_KATAKANAHIRAGANA"},
	{SDL_SCANCODE_INTERNATIONAL3, 0x7d, "KEY_YEN"},
	{SDL_SCANCODE_INTERNATIONAL4, 0x79, "KEY_HENKAN"},
	{SDL_SCANCODE_INTERNATIONAL5, 0x7b, "KEY_MUHENKAN"},
	{SDL_SCANCODE_INTERNATIONAL6, 0x5c, "KEY_KPJPCOMMA"},
	{SDL_SCANCODE_KP_COMMA, 0x7e, "KEY_KPCOMMA"},
	{SDL_SCANCODE_LANG2, 0x10d, "KEY_HANJA"},
	{SDL_SCANCODE_LANG3, 0x78, "KEY_KATAKANA"},
	{SDL_SCANCODE_LANG4, 0x77, "KEY_HIRAGANA"},
	{SDL_SCANCODE_LANG5, 0x76, "KEY_ZENKAKUHANKAKU"},
	/* 0xE0 keys */
	{SDL_SCANCODE_KP_ENTER, 0x11c, "KEY_KPENTER"}, {SDL_SCANCODE_RCTRL, 0x11d, "KEY_RIGHTCTRL"},
	{SDL_SCANCODE_KP_DIVIDE, 0x135, "KEY_KPSLASH"},
	{SDL_SCANCODE_PRINTSCREEN, 0x137, "KEY_SYSRQ (PrintScreen, E0 37)"},
	{SDL_SCANCODE_RALT, 0x138, "KEY_RIGHTALT"}, {SDL_SCANCODE_HOME, 0x147, "KEY_HOME"},
	{SDL_SCANCODE_UP, 0x148, "KEY_UP"}, {SDL_SCANCODE_PAGEUP, 0x149, "KEY_PAGEUP"},
	{SDL_SCANCODE_LEFT, 0x14b, "KEY_LEFT"}, {SDL_SCANCODE_RIGHT, 0x14d, "KEY_RIGHT"},
	{SDL_SCANCODE_END, 0x14f, "KEY_END"}, {SDL_SCANCODE_DOWN, 0x150, "KEY_DOWN"},
	{SDL_SCANCODE_PAGEDOWN, 0x151, "KEY_PAGEDOWN"}, {SDL_SCANCODE_INSERT, 0x152, "KEY_INSERT"},
	{SDL_SCANCODE_DELETE, 0x153, "KEY_DELETE"}, {SDL_SCANCODE_LGUI, 0x15b, "KEY_LEFTMETA"},
	{SDL_SCANCODE_RGUI, 0x15c, "KEY_RIGHTMETA"},
	{SDL_SCANCODE_APPLICATION, 0x15d, "KEY_COMPOSE"}, {SDL_SCANCODE_POWER, 0x15e, "KEY_POWER"},
	{SDL_SCANCODE_PAUSE, LGI_XT_PAUSE, "KEY_PAUSE"},
	/* media, volume, browser, launch */
	{SDL_SCANCODE_MUTE, 0x120, "KEY_MUTE"}, {SDL_SCANCODE_AUDIOMUTE, 0x120, "KEY_MUTE"},
	{SDL_SCANCODE_VOLUMEUP, 0x130, "KEY_VOLUMEUP"},
	{SDL_SCANCODE_VOLUMEDOWN, 0x12e, "KEY_VOLUMEDOWN"},
	{SDL_SCANCODE_AUDIONEXT, 0x119, "KEY_NEXTSONG"},
	{SDL_SCANCODE_AUDIOPREV, 0x110, "KEY_PREVIOUSSONG"},
	{SDL_SCANCODE_AUDIOSTOP, 0x124, "KEY_STOPCD"},
	{SDL_SCANCODE_AUDIOPLAY, 0x122, "KEY_PLAYPAUSE"},
	{SDL_SCANCODE_MEDIASELECT, 0x16d, "KEY_MEDIA"}, {SDL_SCANCODE_WWW, 0x102, "KEY_WWW"},
	{SDL_SCANCODE_MAIL, 0x16c, "KEY_MAIL"}, {SDL_SCANCODE_CALCULATOR, 0x121, "KEY_CALC"},
	{SDL_SCANCODE_COMPUTER, 0x16b, "KEY_COMPUTER"},
	{SDL_SCANCODE_AC_SEARCH, 0x165, "KEY_SEARCH"},
	{SDL_SCANCODE_AC_HOME, 0x132, "KEY_HOMEPAGE"}, {SDL_SCANCODE_AC_BACK, 0x16a, "KEY_BACK"},
	{SDL_SCANCODE_AC_FORWARD, 0x169, "KEY_FORWARD"}, {SDL_SCANCODE_AC_STOP, 0x168, "KEY_STOP"},
	{SDL_SCANCODE_AC_REFRESH, 0x167, "KEY_REFRESH"},
	{SDL_SCANCODE_AC_BOOKMARKS, 0x166, "KEY_BOOKMARKS"},
	{SDL_SCANCODE_EJECT, 0x6c, "KEY_EJECTCD"}, {SDL_SCANCODE_SLEEP, 0x15f, "KEY_SLEEP"},
	/* Sun-style editing keys */
	{SDL_SCANCODE_EXECUTE, 0x64, "KEY_OPEN"}, {SDL_SCANCODE_HELP, 0x175, "KEY_HELP"},
	{SDL_SCANCODE_MENU, 0x106, "KEY_PROPS"}, {SDL_SCANCODE_SELECT, 0x10c, "KEY_FRONT"},
	{SDL_SCANCODE_AGAIN, 0x105, "KEY_AGAIN"}, {SDL_SCANCODE_UNDO, 0x107, "KEY_UNDO"},
	{SDL_SCANCODE_CUT, 0x13c, "KEY_CUT"}, {SDL_SCANCODE_COPY, 0x178, "KEY_COPY"},
	{SDL_SCANCODE_PASTE, 0x65, "KEY_PASTE"}, {SDL_SCANCODE_FIND, 0x141, "KEY_FIND"},
};

static void test_every_key(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); ++i) {
		uint32_t got = lgi_keymap_xt((uint32_t)expect[i].sc);
		if (got != expect[i].xt) {
			print_message("%s (SDL %d, %s): 0x%x, want 0x%x\n",
				      SDL_GetScancodeName(expect[i].sc), expect[i].sc,
				      expect[i].linux_key, got, expect[i].xt);
			bad++;
		}
		assert_non_null(lgi_keymap_name((uint32_t)expect[i].sc));
	}
	assert_int_equal(bad, 0);
	/* Nothing in the table that is not checked above. */
	assert_int_equal(lgi_keymap_count(), sizeof(expect) / sizeof(expect[0]));
}

static void test_unmapped(void **state)
{
	(void)state;
	struct lgi_key_step s[4];
	assert_int_equal(lgi_keymap_xt(SDL_SCANCODE_UNKNOWN), 0);
	assert_int_equal(lgi_keymap_xt(SDL_SCANCODE_LANG1), 0); /* Hangul: none */
	assert_int_equal(lgi_keymap_xt(SDL_NUM_SCANCODES), 0);
	assert_int_equal(lgi_keymap_xt(0xffffffffu), 0);
	assert_null(lgi_keymap_name(0xffffffffu));
	assert_int_equal(lgi_keymap_sequence(SDL_SCANCODE_UNKNOWN, true, s), 0);
}

/* Different keys, different codes: only the same Linux key may repeat. */
static void test_codes_unique(void **state)
{
	(void)state;
	size_t n = sizeof(expect) / sizeof(expect[0]);
	for (size_t i = 0; i < n; ++i)
		for (size_t j = i + 1; j < n; ++j)
			if (expect[i].xt == expect[j].xt &&
			    strcmp(expect[i].linux_key, expect[j].linux_key))
				fail_msg("%s and %s share 0x%x", expect[i].linux_key,
					 expect[j].linux_key, expect[i].xt);
}

static void test_sequences(void **state)
{
	(void)state;
	struct lgi_key_step s[4];
	assert_int_equal(lgi_keymap_sequence(SDL_SCANCODE_RCTRL, true, s), 1);
	assert_int_equal(s[0].code, 0x11d);
	assert_true(s[0].press);
	assert_int_equal(lgi_keymap_sequence(SDL_SCANCODE_RCTRL, false, s), 1);
	assert_false(s[0].press);
	/* Pause: press 0x21d, press 0x45, release both (E1 1D 45 E1 9D C5),
	 * all when it goes down; nothing when it comes up. */
	assert_int_equal(lgi_keymap_sequence(SDL_SCANCODE_PAUSE, true, s), 4);
	assert_int_equal(s[0].code, 0x21d);
	assert_true(s[0].press);
	assert_int_equal(s[1].code, 0x45);
	assert_true(s[1].press);
	assert_int_equal(s[2].code, 0x21d);
	assert_false(s[2].press);
	assert_int_equal(s[3].code, 0x45);
	assert_false(s[3].press);
	assert_int_equal(lgi_keymap_sequence(SDL_SCANCODE_PAUSE, false, s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_unmapped),
		cmocka_unit_test(test_codes_unique),
		cmocka_unit_test(test_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
