// SPDX-License-Identifier: GPL-2.0-or-later
#define G_LOG_DOMAIN "lgview-input"
#include <glib.h>

#include "keys.h"

/* Keys that make sense as an escape key (Linux input-event-codes.h). */
static const struct {
	int linux_code;
	SDL_Scancode sdl;
} key_table[] = {
	{1, SDL_SCANCODE_ESCAPE},       {29, SDL_SCANCODE_LCTRL},
	{42, SDL_SCANCODE_LSHIFT},      {54, SDL_SCANCODE_RSHIFT},
	{56, SDL_SCANCODE_LALT},        {58, SDL_SCANCODE_CAPSLOCK},
	{59, SDL_SCANCODE_F1},          {60, SDL_SCANCODE_F2},
	{61, SDL_SCANCODE_F3},          {62, SDL_SCANCODE_F4},
	{63, SDL_SCANCODE_F5},          {64, SDL_SCANCODE_F6},
	{65, SDL_SCANCODE_F7},          {66, SDL_SCANCODE_F8},
	{67, SDL_SCANCODE_F9},          {68, SDL_SCANCODE_F10},
	{69, SDL_SCANCODE_NUMLOCKCLEAR}, {70, SDL_SCANCODE_SCROLLLOCK},
	{87, SDL_SCANCODE_F11},         {88, SDL_SCANCODE_F12},
	{97, SDL_SCANCODE_RCTRL},       {99, SDL_SCANCODE_PRINTSCREEN},
	{100, SDL_SCANCODE_RALT},       {102, SDL_SCANCODE_HOME},
	{104, SDL_SCANCODE_PAGEUP},     {107, SDL_SCANCODE_END},
	{109, SDL_SCANCODE_PAGEDOWN},   {110, SDL_SCANCODE_INSERT},
	{111, SDL_SCANCODE_DELETE},     {119, SDL_SCANCODE_PAUSE},
	{125, SDL_SCANCODE_LGUI},       {126, SDL_SCANCODE_RGUI},
	{127, SDL_SCANCODE_APPLICATION},
};

SDL_Scancode lgv_linux_key_to_sdl(int keycode)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_table); ++i)
		if (key_table[i].linux_code == keycode)
			return key_table[i].sdl;
	return SDL_SCANCODE_UNKNOWN;
}

void lgv_keys_init(struct lgv_keys *k, int linux_keycode)
{
	*k = (struct lgv_keys){.escape = lgv_linux_key_to_sdl(linux_keycode)};
	if (k->escape == SDL_SCANCODE_UNKNOWN) {
		g_warning("input:escapeKey %d is not a key lgview knows; using Scroll Lock (70)",
			  linux_keycode);
		k->escape = SDL_SCANCODE_SCROLLLOCK;
	}
}

enum lgv_action lgv_keys_event(struct lgv_keys *k, const SDL_KeyboardEvent *e, bool *consumed)
{
	*consumed = false;
	SDL_Scancode sc = e->keysym.scancode;
	if (sc == k->escape) {
		*consumed = true;
		if (e->type == SDL_KEYDOWN && !e->repeat) {
			k->down = true;
			k->chorded = false;
		} else if (e->type == SDL_KEYUP && k->down) {
			k->down = false;
			return k->chorded ? LGV_ACTION_NONE : LGV_ACTION_ESCAPE_TAP;
		}
		return LGV_ACTION_NONE;
	}
	if (!k->down)
		return LGV_ACTION_NONE;
	*consumed = true;
	if (e->type != SDL_KEYDOWN || e->repeat)
		return LGV_ACTION_NONE;
	k->chorded = true;
	switch (sc) {
	case SDL_SCANCODE_Q: return LGV_ACTION_QUIT;
	case SDL_SCANCODE_F: return LGV_ACTION_FULLSCREEN;
	case SDL_SCANCODE_D: return LGV_ACTION_OVERLAY;
	case SDL_SCANCODE_R: return LGV_ACTION_ROTATE;
	default: return LGV_ACTION_NONE;
	}
}
