// SPDX-License-Identifier: GPL-2.0-or-later
#include <stddef.h>

#include "input/keymap.h"

struct key_entry {
	uint16_t xt;
	const char *name;
};

/* Indexed by key (HID usage / SDL scancode). Values from keycodemapdb's
 * "XT KBD" column for the Linux key that each HID usage stands for. */
#define K(usage, code, label) [usage] = {code, label}
static const struct key_entry table[] = {
	K(4, 0x1e, "A"), K(5, 0x30, "B"), K(6, 0x2e, "C"), K(7, 0x20, "D"),
	K(8, 0x12, "E"), K(9, 0x21, "F"), K(10, 0x22, "G"), K(11, 0x23, "H"),
	K(12, 0x17, "I"), K(13, 0x24, "J"), K(14, 0x25, "K"), K(15, 0x26, "L"),
	K(16, 0x32, "M"), K(17, 0x31, "N"), K(18, 0x18, "O"), K(19, 0x19, "P"),
	K(20, 0x10, "Q"), K(21, 0x13, "R"), K(22, 0x1f, "S"), K(23, 0x14, "T"),
	K(24, 0x16, "U"), K(25, 0x2f, "V"), K(26, 0x11, "W"), K(27, 0x2d, "X"),
	K(28, 0x15, "Y"), K(29, 0x2c, "Z"),
	K(30, 0x02, "1"), K(31, 0x03, "2"), K(32, 0x04, "3"), K(33, 0x05, "4"),
	K(34, 0x06, "5"), K(35, 0x07, "6"), K(36, 0x08, "7"), K(37, 0x09, "8"),
	K(38, 0x0a, "9"), K(39, 0x0b, "0"),
	K(40, 0x1c, "Return"), K(41, 0x01, "Escape"), K(42, 0x0e, "Backspace"),
	K(43, 0x0f, "Tab"), K(44, 0x39, "Space"), K(45, 0x0c, "Minus"), K(46, 0x0d, "Equals"),
	K(47, 0x1a, "LeftBracket"), K(48, 0x1b, "RightBracket"), K(49, 0x2b, "Backslash"),
	K(50, 0x2b, "NonUSHash"), /* the ISO key beside Return: the same code */
	K(51, 0x27, "Semicolon"), K(52, 0x28, "Apostrophe"), K(53, 0x29, "Grave"),
	K(54, 0x33, "Comma"), K(55, 0x34, "Period"), K(56, 0x35, "Slash"),
	K(57, 0x3a, "CapsLock"),
	K(58, 0x3b, "F1"), K(59, 0x3c, "F2"), K(60, 0x3d, "F3"), K(61, 0x3e, "F4"),
	K(62, 0x3f, "F5"), K(63, 0x40, "F6"), K(64, 0x41, "F7"), K(65, 0x42, "F8"),
	K(66, 0x43, "F9"), K(67, 0x44, "F10"), K(68, 0x57, "F11"), K(69, 0x58, "F12"),
	K(70, 0x137, "PrintScreen"), K(71, 0x46, "ScrollLock"), K(72, LGI_XT_PAUSE, "Pause"),
	K(73, 0x152, "Insert"), K(74, 0x147, "Home"), K(75, 0x149, "PageUp"),
	K(76, 0x153, "Delete"), K(77, 0x14f, "End"), K(78, 0x151, "PageDown"),
	K(79, 0x14d, "Right"), K(80, 0x14b, "Left"), K(81, 0x150, "Down"), K(82, 0x148, "Up"),
	K(83, 0x45, "NumLock"), K(84, 0x135, "KeypadDivide"), K(85, 0x37, "KeypadMultiply"),
	K(86, 0x4a, "KeypadMinus"), K(87, 0x4e, "KeypadPlus"), K(88, 0x11c, "KeypadEnter"),
	K(89, 0x4f, "Keypad1"), K(90, 0x50, "Keypad2"), K(91, 0x51, "Keypad3"),
	K(92, 0x4b, "Keypad4"), K(93, 0x4c, "Keypad5"), K(94, 0x4d, "Keypad6"),
	K(95, 0x47, "Keypad7"), K(96, 0x48, "Keypad8"), K(97, 0x49, "Keypad9"),
	K(98, 0x52, "Keypad0"), K(99, 0x53, "KeypadPeriod"),
	K(100, 0x56, "NonUSBackslash"), /* the 102nd key */
	K(101, 0x15d, "Application"), K(102, 0x15e, "Power"), K(103, 0x59, "KeypadEquals"),
	K(104, 0x5d, "F13"), K(105, 0x5e, "F14"), K(106, 0x5f, "F15"), K(107, 0x55, "F16"),
	K(108, 0x103, "F17"), K(109, 0x177, "F18"), K(110, 0x104, "F19"), K(111, 0x5a, "F20"),
	K(112, 0x74, "F21"), K(113, 0x179, "F22"), K(114, 0x6d, "F23"), K(115, 0x6f, "F24"),
	K(116, 0x64, "Execute"), K(117, 0x175, "Help"), K(118, 0x106, "Menu"),
	K(119, 0x10c, "Select"), K(121, 0x105, "Again"), K(122, 0x107, "Undo"),
	K(123, 0x13c, "Cut"), K(124, 0x178, "Copy"), K(125, 0x65, "Paste"), K(126, 0x141, "Find"),
	K(127, 0x120, "Mute"), K(128, 0x130, "VolumeUp"), K(129, 0x12e, "VolumeDown"),
	K(133, 0x7e, "KeypadComma"), /* ABNT's keypad separator */
	K(135, 0x73, "International1"), /* JIS Ro, ABNT /? */
	K(136, 0x70, "International2"), /* JIS Katakana/Hiragana */
	K(137, 0x7d, "International3"), /* JIS Yen */
	K(138, 0x79, "International4"), /* JIS Henkan */
	K(139, 0x7b, "International5"), /* JIS Muhenkan */
	K(140, 0x5c, "International6"), /* JIS keypad comma */
	/* LANG1 (Hangul) has no set-1 code in the table QEMU reads back. */
	K(145, 0x10d, "Lang2"), /* Hanja */
	K(146, 0x78, "Lang3"),  /* Katakana */
	K(147, 0x77, "Lang4"),  /* Hiragana */
	K(148, 0x76, "Lang5"),  /* Zenkaku/Hankaku */
	K(154, 0x54, "SysReq"),
	K(224, 0x1d, "LeftCtrl"), K(225, 0x2a, "LeftShift"), K(226, 0x38, "LeftAlt"),
	K(227, 0x15b, "LeftGUI"), K(228, 0x11d, "RightCtrl"), K(229, 0x36, "RightShift"),
	K(230, 0x138, "RightAlt"), K(231, 0x15c, "RightGUI"),
	/* SDL's consumer keys */
	K(258, 0x119, "AudioNext"), K(259, 0x110, "AudioPrev"), K(260, 0x124, "AudioStop"),
	K(261, 0x122, "AudioPlay"), K(262, 0x120, "AudioMute"), K(263, 0x16d, "MediaSelect"),
	K(264, 0x102, "WWW"), K(265, 0x16c, "Mail"), K(266, 0x121, "Calculator"),
	K(267, 0x16b, "Computer"), K(268, 0x165, "BrowserSearch"), K(269, 0x132, "BrowserHome"),
	K(270, 0x16a, "BrowserBack"), K(271, 0x169, "BrowserForward"),
	K(272, 0x168, "BrowserStop"), K(273, 0x167, "BrowserRefresh"),
	K(274, 0x166, "BrowserBookmarks"), K(281, 0x6c, "Eject"), K(282, 0x15f, "Sleep"),
};
#undef K

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

uint32_t lgi_keymap_xt(uint32_t key)
{
	return key < TABLE_SIZE ? table[key].xt : 0;
}

const char *lgi_keymap_name(uint32_t key)
{
	return key < TABLE_SIZE ? table[key].name : NULL;
}

uint32_t lgi_keymap_count(void)
{
	uint32_t n = 0;
	for (size_t i = 0; i < TABLE_SIZE; ++i)
		n += table[i].xt != 0;
	return n;
}

int lgi_keymap_sequence(uint32_t key, bool down, struct lgi_key_step out[4])
{
	uint32_t code = lgi_keymap_xt(key);
	if (!code)
		return 0;
	if (code == LGI_XT_PAUSE) {
		/* Its one sequence holds make and break: E1 1D 45 E1 9D C5. */
		if (!down)
			return 0;
		out[0] = (struct lgi_key_step){LGI_XT_PAUSE, true};
		out[1] = (struct lgi_key_step){0x45, true};
		out[2] = (struct lgi_key_step){LGI_XT_PAUSE, false};
		out[3] = (struct lgi_key_step){0x45, false};
		return 4;
	}
	out[0] = (struct lgi_key_step){code, down};
	return 1;
}
