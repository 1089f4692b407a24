/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's options: the single source of truth for names, flags, defaults,
 * help and accepted values. Names and defaults follow the Looking Glass
 * client where the meaning is the same, so users can carry their settings.
 */
#include <stddef.h>

#include "config.h"
#include "guest-proto/kvmfr.h"

#define F(field) offsetof(struct lgv_options, field)

static const char *const uploaders[] = {"auto", "copy", "direct", "dmabuf", "help", NULL};
static const char *const rotations[] = {"0", "90", "180", "270", NULL};
static const char *const filters[] = {"0", "1", "2", NULL};
static const char *const gl_interfaces[] = {"auto", "glx", "egl", NULL};
static const char *const mic_policies[] = {"prompt", "allow", "deny", NULL};

/* section, key, short flag, long flag, argument name, type, default, help; then by name. */
/* clang-format off */
static const struct lgv_option_def table[] = {
	/* app */
	{"app", "configFile", 'C', "config", "FILE", LGV_OPT_CONFIG_FILE, NULL,
	 "An extra config file, read after the system and user files (command line only).",
	 .offset = {0} /* no field: the loader reads the file */},
	{"app", "shmFile", 'f', NULL, "PATH", LGV_OPT_STRING, "/dev/kvmfr0|/dev/shm/looking-glass",
	 "The kvmfr device or shared memory file the guest writes to.",
	 .flags = LGV_OPT_F_FIRST_EXISTING, .offset = {F(shm_file)}},
	{"app", "uploader", 0, NULL, "NAME", LGV_OPT_CHOICE, "auto",
	 "How frames reach the GPU; 'help' lists the uploaders and what they need.",
	 .choices = uploaders, .offset = {F(uploader)}},
	{"app", "allowDMA", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Import kvmfr dma-bufs directly when the device supports it.",
	 .offset = {F(allow_dma)}},
	{"app", "framePollInterval", 0, NULL, "US", LGV_OPT_INT, "1000",
	 "How often to poll the frame queue, in microseconds.",
	 .min = 0, .max = 1000000, .offset = {F(frame_poll_us)}},
	{"app", "cursorPollInterval", 0, NULL, "US", LGV_OPT_INT, "1000",
	 "How often to poll the cursor queue, in microseconds.",
	 .min = 0, .max = 1000000, .offset = {F(cursor_poll_us)}},
	{"app", "demo", 0, "demo", NULL, LGV_OPT_BOOL, "no",
	 "Show a built-in synthetic guest instead of reading shared memory.",
	 .offset = {F(demo)}},
	{"app", "demoSize", 0, NULL, "WxH", LGV_OPT_SIZE_STRING, "1920x1080",
	 "The synthetic guest's frame size.",
	 .min = 1, .max = LGV_CONFIG_SIZE_MAX, .offset = {F(demo_size)}},
	{"app", "demoFormat", 0, NULL, "FORMAT", LGV_OPT_CHOICE, "bgra",
	 "The synthetic guest's pixel format.",
	 .choices = lgp_format_options, .offset = {F(demo_format)}},
	{"app", "demoFps", 0, NULL, "N", LGV_OPT_INT, "60",
	 "The synthetic guest's frame rate.",
	 .min = 1, .max = 1000, .offset = {F(demo_fps)}},
	{"app", "timestamps", 0, NULL, "FILE", LGV_OPT_STRING, NULL,
	 "Write per-frame stage times (CSV) to this file.",
	 .offset = {F(timestamps_file)}},

	/* win */
	{"win", "title", 0, NULL, "TEXT", LGV_OPT_STRING, "lgview",
	 "The window title.", .offset = {F(title)}},
	{"win", "appId", 0, NULL, "ID", LGV_OPT_STRING, "lgview",
	 "The Wayland app id and X11 WM_CLASS.", .offset = {F(app_id)}},
	{"win", "position", 0, NULL, "POS", LGV_OPT_POSITION, "center",
	 "Where the window opens.",
	 .min = -32768, .max = 32767, .offset = {F(position_center), F(pos_x), F(pos_y)}},
	{"win", "size", 0, NULL, "WxH", LGV_OPT_SIZE, "1024x768",
	 "The initial window size.", .min = 1, .max = LGV_CONFIG_SIZE_MAX, .offset = {F(width), F(height)}},
	{"win", "allowResize", 'n', NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Let the window be resized.", .offset = {F(allow_resize)}},
	{"win", "keepAspect", 'r', NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Keep the guest's aspect ratio (letterbox); no stretches.", .offset = {F(keep_aspect)}},
	{"win", "dontUpscale", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Never scale the guest up.", .offset = {F(dont_upscale)}},
	{"win", "intUpscale", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Scale up by whole factors only.", .offset = {F(int_upscale)}},
	{"win", "borderless", 'd', NULL, NULL, LGV_OPT_BOOL, "no",
	 "No window decorations.", .offset = {F(borderless)}},
	{"win", "fullScreen", 'F', NULL, NULL, LGV_OPT_BOOL, "no",
	 "Start in desktop fullscreen (no mode switch).", .offset = {F(fullscreen)}},
	{"win", "maximize", 'T', NULL, NULL, LGV_OPT_BOOL, "no",
	 "Start maximized.", .offset = {F(maximize)}},
	{"win", "display", 0, NULL, "OUTPUT", LGV_OPT_STRING, "",
	 "The display to open on: an index or an output name; empty: the current one.",
	 .offset = {F(display)}},
	{"win", "workspace", 0, NULL, "N", LGV_OPT_INT, "-1",
	 "The EWMH desktop to open on; -1 leaves it to the window manager.",
	 .min = -1, .max = 1023, .offset = {F(workspace)}},
	{"win", "glInterface", 0, NULL, "API", LGV_OPT_CHOICE, "auto",
	 "How the OpenGL context is made on X11: auto takes GLX (it presents faster, "
	 "much faster on a software renderer) unless the dma-buf uploader may be used, "
	 "which needs EGL.",
	 .choices = gl_interfaces, .offset = {F(gl_interface)}},
	{"win", "fpsMin", 'K', NULL, "N", LGV_OPT_INT, "-1",
	 "Redraw at least this often, even when nothing changed: 0 off, -1 auto (off: "
	 "every change redraws by itself).",
	 .min = -1, .max = 1000, .offset = {F(fps_min)}},
	{"win", "noScreensaver", 'S', NULL, NULL, LGV_OPT_BOOL, "no",
	 "Always inhibit the screensaver.", .offset = {F(no_screensaver)}},
	{"win", "autoScreensaver", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Inhibit the screensaver when the guest asks.", .offset = {F(auto_screensaver)}},
	{"win", "rotate", 0, NULL, "DEG", LGV_OPT_INT_ENUM, "0",
	 "Rotate the guest's output clockwise.", .choices = rotations, .offset = {F(rotate)}},
	{"win", "showFPS", 'k', NULL, NULL, LGV_OPT_BOOL, "no",
	 "Show the frame rate overlay at start.", .offset = {F(show_fps)}},

	/* egl */
	{"egl", "vsync", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Wait for vertical sync when presenting.", .offset = {F(vsync)}},
	{"egl", "scale", 0, NULL, "N", LGV_OPT_INT_ENUM, "0",
	 "Scaling filter: 0 auto (nearest for whole factors), 1 nearest, 2 linear.",
	 .choices = filters, .offset = {F(filter)}},
	{"egl", "scalePointer", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Scale the guest's pointer with the frame.", .offset = {F(scale_pointer)}},
	{"egl", "mapHDRtoSDR", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Tone-map HDR frames for an SDR display.", .offset = {F(map_hdr_to_sdr)}},
	{"egl", "peakLuminance", 0, NULL, "NITS", LGV_OPT_INT, "250",
	 "The SDR display's peak luminance for tone mapping.",
	 .min = 1, .max = 10000, .offset = {F(peak_luminance)}},
	{"egl", "maxCLL", 0, NULL, "NITS", LGV_OPT_INT, "10000",
	 "The HDR content's maximum light level for tone mapping.",
	 .min = 1, .max = 10000, .offset = {F(max_cll)}},

	/* input */
	{"input", "escapeKey", 'm', NULL, "CODE", LGV_OPT_INT, "70",
	 "The viewer's escape key, a Linux input keycode (70 is Scroll Lock).",
	 .min = 1, .max = 767, .offset = {F(escape_key)}},
	{"input", "hideCursor", 'M', NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Hide the local pointer over the guest.", .offset = {F(hide_cursor)}},
	{"input", "grabKeyboard", 'G', NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Grab the keyboard in capture mode, so that the host's shortcuts (Super too) go to the guest.",
	 .offset = {F(grab_keyboard)}},
	{"input", "releaseKeysOnFocusLoss", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Release every key the guest holds when the window loses the focus.",
	 .offset = {F(release_keys_on_focus_loss)}},
	{"input", "mouseSens", 0, NULL, "N", LGV_OPT_INT, "0",
	 "Mouse sensitivity in capture mode, -9 (slowest) to 9; Esc+Insert/Delete change it.",
	 .min = -9, .max = 9, .offset = {F(mouse_sens)}},
	{"input", "rawMouse", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Raw, unaccelerated motion in capture mode (the guest accelerates it itself); no: the "
	 "host's accelerated pointer. Looking Glass's default is no.",
	 .offset = {F(raw_mouse)}},
	{"input", "grabKeyboardOnFocus", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Grab the keyboard whenever the window has the focus, in capture mode or not.",
	 .offset = {F(grab_keyboard_on_focus)}},
	{"input", "ignoreWindowsKeys", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Keep the Windows keys from the guest; the escape key + LWin/RWin still send them.",
	 .offset = {F(ignore_windows_keys)}},
	{"input", "captureOnly", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Send the keyboard and mouse to the guest only in capture mode.",
	 .offset = {F(capture_only)}},
	{"input", "helpMenuDelay", 0, NULL, "MS", LGV_OPT_INT, "200",
	 "How long the escape key is held before its chords are listed, in milliseconds.",
	 .min = 0, .max = 10000, .offset = {F(help_menu_delay_ms)}},
	{"input", "autoCapture", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Capture while the guest hides its pointer (a game) and the window has the focus.",
	 .offset = {F(auto_capture)}},
	{"input", "mouseSmoothing", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Smooth captured moves (each the mean of it and the one before) when rawMouse is off.",
	 .offset = {F(mouse_smoothing)}},

	/* spice */
	{"spice", "enable", 's', NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Connect to the VM's SPICE server for keyboard and mouse (never in the demo).",
	 .offset = {F(spice_enable)}},
	{"spice", "host", 'c', NULL, "HOST", LGV_OPT_STRING, "127.0.0.1",
	 "The SPICE server: a host name or address, or a UNIX socket path (then port is ignored).",
	 .offset = {F(spice_host)}},
	{"spice", "port", 'p', NULL, "PORT", LGV_OPT_INT, "5900",
	 "The SPICE server's port.", .min = 0, .max = 65535, .offset = {F(spice_port)}},
	{"spice", "tlsPort", 0, NULL, "PORT", LGV_OPT_INT, "0",
	 "The SPICE server's TLS port; 0: none.", .min = 0, .max = 65535,
	 .offset = {F(spice_tls_port)}},
	{"spice", "caFile", 0, NULL, "FILE", LGV_OPT_STRING, NULL,
	 "The CA certificate for TLS; unset: the system's.", .offset = {F(spice_ca_file)}},
	{"spice", "password", 0, NULL, "TEXT", LGV_OPT_STRING, NULL,
	 "The SPICE password (better in a file: spice:passwordFile).",
	 .offset = {F(spice_password)}},
	{"spice", "passwordFile", 0, NULL, "FILE", LGV_OPT_STRING, NULL,
	 "A file whose first line is the SPICE password.", .offset = {F(spice_password_file)}},
	{"spice", "input", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Send the keyboard and mouse to the VM.", .offset = {F(spice_input)}},
	{"spice", "captureOnStart", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Start in capture mode.", .offset = {F(capture_on_start)}},
	{"spice", "alwaysShowCursor", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Draw the guest's pointer even while the guest hides it.",
	 .offset = {F(always_show_cursor)}},
	{"spice", "showCursorDot", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Over the window without the focus, show the local pointer as a small dot (with "
	 "input:hideCursor).",
	 .offset = {F(show_cursor_dot)}},
	{"spice", "clipboard", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Share the clipboard (text and PNG images) with the guest's SPICE agent.",
	 .offset = {F(clipboard)}},
	{"spice", "clipboardToVM", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Let the guest paste what was copied here.", .offset = {F(clipboard_to_vm)}},
	{"spice", "clipboardToLocal", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Let this desktop paste what was copied in the guest.",
	 .offset = {F(clipboard_to_local)}},
	{"spice", "clipboardMaxSize", 0, NULL, "MIB", LGV_OPT_INT, "64",
	 "The largest clipboard data passed either way, in MiB; bigger is refused.",
	 .min = 1, .max = 1024, .offset = {F(clipboard_max_mib)}},
	{"spice", "audio", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Play the VM's sound (SPICE playback) and offer it the microphone (SPICE record).",
	 .offset = {F(spice_audio)}},

	/* audio */
	{"audio", "periodSize", 0, NULL, "FRAMES", LGV_OPT_INT, "256",
	 "The period (quantum) asked of PipeWire, in frames.",
	 .min = 32, .max = 8192, .offset = {F(audio_period)}},
	{"audio", "bufferLatency", 0, NULL, "MS", LGV_OPT_INT, "12",
	 "Audio held above one period against SPICE's packet jitter, in milliseconds.",
	 .min = 0, .max = 500, .offset = {F(audio_buffer_ms)}},
	{"audio", "latency", 0, NULL, "MS", LGV_OPT_INT, "0",
	 "The audio kept buffered, in milliseconds; 0: one period plus bufferLatency.",
	 .min = 0, .max = 500, .offset = {F(audio_latency_ms)}},
	{"audio", "syncVolume", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Apply the guest's volume and mute (playback and microphone each their own).",
	 .offset = {F(audio_sync_volume)}},
	{"audio", "micDefault", 0, NULL, "POLICY", LGV_OPT_CHOICE, "prompt",
	 "When the guest records: prompt (the escape key + E allows), allow or deny.",
	 .choices = mic_policies, .offset = {F(audio_mic)}},
	{"audio", "micShowIndicator", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Show in the window while the microphone goes to the guest.",
	 .offset = {F(audio_mic_indicator)}},
	{"audio", "keepAlive", 0, NULL, "MS", LGV_OPT_INT, "10000",
	 "How long the playback stream stays open after the guest stops playing.",
	 .min = 0, .max = 3600000, .offset = {F(audio_keep_alive_ms)}},
	{"audio", "opus", 0, NULL, NULL, LGV_OPT_BOOL, "no",
	 "Let the SPICE server send Opus (it costs delay and CPU; raw is best on one machine).",
	 .offset = {F(audio_opus)}},
	{"audio", "driftCorrection", 0, NULL, NULL, LGV_OPT_BOOL, "yes",
	 "Follow the guest's sound clock with PipeWire's resampler (off only to compare).",
	 .offset = {F(audio_drift)}},
	{"pipewire", "outDevice", 0, NULL, "NODE", LGV_OPT_STRING, "",
	 "The PipeWire sink to play to (a node name); empty: the default.",
	 .offset = {F(pw_out_device)}},
	{"pipewire", "recDevice", 0, NULL, "NODE", LGV_OPT_STRING, "",
	 "The PipeWire source for the microphone (a node name); empty: the default.",
	 .offset = {F(pw_rec_device)}},
};
/* clang-format on */

const struct lgv_option_def *lgv_config_table(size_t *count)
{
	*count = sizeof(table) / sizeof(table[0]);
	return table;
}

/* Looking Glass B7's options that lgview lacks, from its client's option
 * list: section, key, short flag, whether the flag takes an argument, note. */
static const char input_planned[] = "planned";
static const char spice_planned[] = "the cursor options are planned";
static const char egl_only[] = "lgview's renderer reads [egl]";

/* clang-format off */
static const struct lgv_foreign_option foreign[] = {
	{"app", "renderer", 'g', true, NULL},
	{"app", "license", 'l', false, NULL},
	{"win", "autoResize", 'a', false, NULL},
	{"win", "forceAspect", 0, false, NULL},
	{"win", "shrinkOnUpscale", 0, false, NULL},
	{"win", "minimizeOnFocusLoss", 0, false, NULL},
	{"win", "ignoreQuit", 'Q', false, NULL},
	{"win", "alerts", 'q', false, NULL},
	{"win", "quickSplash", 0, false, NULL},
	{"win", "overlayDimsDesktop", 0, false, NULL},
	{"win", "uiFont", 0, false, NULL},
	{"win", "uiSize", 0, false, NULL},
	{"win", "jitRender", 0, false, NULL},
	{"win", "requestActivation", 0, false, NULL},
	{"input", "captureOnFocus", 0, false, input_planned},
	{"input", "mouseRedraw", 0, false, input_planned},
	{"spice", "scaleCursor", 'j', false, spice_planned},
	{"spice", "largeCursorDot", 0, false, spice_planned},
	{"egl", "doubleBuffer", 0, false, NULL},
	{"egl", "multisample", 0, false, NULL},
	{"egl", "nvGainMax", 0, false, NULL},
	{"egl", "nvGain", 0, false, NULL},
	{"egl", "cbMode", 0, false, NULL},
	{"egl", "debug", 0, false, NULL},
	{"egl", "noBufferAge", 0, false, NULL},
	{"egl", "noSwapDamage", 0, false, NULL},
	{"egl", "preset", 0, false, NULL},
	{"opengl", "mipmap", 0, false, egl_only},
	{"opengl", "vsync", 0, false, egl_only},
	{"opengl", "preventBuffer", 0, false, egl_only},
	{"opengl", "amdPinnedMem", 0, false, egl_only},
	{"wayland", "warpSupport", 0, false, NULL},
	{"wayland", "fractionScale", 0, false, NULL},
	{"i3", "globalFullScreen", 0, false, NULL},
};
/* clang-format on */

const struct lgv_foreign_option *lgv_config_foreign(size_t *count)
{
	*count = sizeof(foreign) / sizeof(foreign[0]);
	return foreign;
}
