/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lgview's options, as the rest of the viewer sees them: a plain struct
 * filled by config.c from the layered INI files and the command line. Names
 * and defaults follow the Looking Glass client where the meaning is the same
 * (section:key in the comments).
 */
#ifndef LGVIEW_OPTIONS_H
#define LGVIEW_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum lgv_filter {
	LGV_FILTER_AUTO = 0,    /* nearest when the scale is a whole number */
	LGV_FILTER_NEAREST = 1,
	LGV_FILTER_LINEAR = 2,
};

struct lgv_options {
	/* app */
	char *shm_file;          /* app:shmFile (-f): /dev/kvmfr0 if present, else /dev/shm/looking-glass */
	char *uploader;          /* app:uploader: auto, copy, direct, dmabuf, or help */
	bool allow_dma;          /* app:allowDMA = yes */
	int frame_poll_us;       /* app:framePollInterval = 1000 */
	int cursor_poll_us;      /* app:cursorPollInterval = 1000 */
	bool demo;               /* app:demo (--demo): built-in synthetic guest */
	char *demo_size;         /* app:demoSize = 1920x1080 */
	char *demo_format;       /* app:demoFormat = bgra */
	int demo_fps;            /* app:demoFps = 60 */
	char *timestamps_file;   /* app:timestamps: write per-frame stage times (CSV) here */

	/* win */
	char *title;             /* win:title = lgview */
	char *app_id;            /* win:appId = lgview (Wayland app id, X11 WM_CLASS) */
	bool position_center;    /* win:position = center, or XxY */
	int pos_x, pos_y;
	int width, height;       /* win:size = 1024x768 */
	bool allow_resize;       /* win:allowResize (-n) = yes */
	bool keep_aspect;        /* win:keepAspect (-r) = yes: letterbox; no: stretch */
	bool dont_upscale;       /* win:dontUpscale = no */
	bool int_upscale;        /* win:intUpscale = no: integer scale factors only */
	bool borderless;         /* win:borderless (-d) = no */
	bool fullscreen;         /* win:fullScreen (-F) = no: desktop fullscreen, no mode switch */
	bool maximize;           /* win:maximize (-T) = no */
	char *display;           /* win:display = "" (current): an index or an output name */
	int workspace;           /* win:workspace = -1 (leave it to the WM): EWMH desktop index */
	char *gl_interface;      /* win:glInterface = auto: glx or egl, on X11 */
	int fps_min;             /* win:fpsMin (-K) = -1: redraw floor, 0 off, -1 auto (off) */
	bool no_screensaver;     /* win:noScreensaver (-S) = no: always inhibit */
	bool auto_screensaver;   /* win:autoScreensaver = no: inhibit when the guest asks */
	int rotate;              /* win:rotate = 0: 0, 90, 180, 270 */
	bool show_fps;           /* win:showFPS (-k) = no: overlay on at start */

	/* egl (the renderer; LG calls its renderer section egl) */
	bool vsync;              /* egl:vsync = no */
	int filter;              /* egl:scale = 0 (enum lgv_filter) */
	bool scale_pointer;      /* egl:scalePointer = yes */
	bool map_hdr_to_sdr;     /* egl:mapHDRtoSDR = yes */
	int peak_luminance;      /* egl:peakLuminance = 250 (nits) */
	int max_cll;             /* egl:maxCLL = 10000 (nits) */

	/* input */
	int escape_key;          /* input:escapeKey (-m) = 70 (Linux KEY_SCROLLLOCK) */
	bool hide_cursor;        /* input:hideCursor (-M) = yes: hide the local pointer over the guest */
	bool grab_keyboard;      /* input:grabKeyboard (-G) = yes: in capture mode */
	bool release_keys_on_focus_loss; /* input:releaseKeysOnFocusLoss = yes */
	int mouse_sens;          /* input:mouseSens = 0: -9..9, capture mode */
	bool raw_mouse;          /* input:rawMouse = yes (Looking Glass: no) */
	bool grab_keyboard_on_focus; /* input:grabKeyboardOnFocus = no */
	bool ignore_windows_keys; /* input:ignoreWindowsKeys = no */
	bool capture_only;       /* input:captureOnly = no */
	int help_menu_delay_ms;  /* input:helpMenuDelay = 200 */
	bool auto_capture;       /* input:autoCapture = no */
	bool mouse_smoothing;    /* input:mouseSmoothing = yes (without rawMouse) */

	/* spice */
	bool spice_enable;       /* spice:enable (-s) = yes (never in the demo) */
	char *spice_host;        /* spice:host (-c) = 127.0.0.1, or a UNIX socket path */
	int spice_port;          /* spice:port (-p) = 5900 */
	int spice_tls_port;      /* spice:tlsPort = 0 (none; lgview's own) */
	char *spice_ca_file;     /* spice:caFile (lgview's own) */
	char *spice_password;    /* spice:password (lgview's own) */
	char *spice_password_file; /* spice:passwordFile (lgview's own) */
	bool spice_input;        /* spice:input = yes */
	bool capture_on_start;   /* spice:captureOnStart = no */
	bool always_show_cursor; /* spice:alwaysShowCursor = no */
	bool show_cursor_dot;    /* spice:showCursorDot = yes */
	bool clipboard;          /* spice:clipboard = yes */
	bool clipboard_to_vm;    /* spice:clipboardToVM = yes */
	bool clipboard_to_local; /* spice:clipboardToLocal = yes */
	int clipboard_max_mib;   /* spice:clipboardMaxSize = 64 (lgview's own) */
	bool spice_audio;        /* spice:audio = yes */

	/* audio */
	int audio_period;        /* audio:periodSize = 256 (frames) */
	int audio_buffer_ms;     /* audio:bufferLatency = 12 */
	int audio_latency_ms;    /* audio:latency = 0 (auto; lgview's own) */
	bool audio_sync_volume;  /* audio:syncVolume = yes */
	char *audio_mic;         /* audio:micDefault = prompt, allow or deny */
	bool audio_mic_indicator; /* audio:micShowIndicator = yes */
	int audio_keep_alive_ms; /* audio:keepAlive = 10000 (lgview's own) */
	bool audio_opus;         /* audio:opus = no (lgview's own) */
	bool audio_drift;        /* audio:driftCorrection = yes (lgview's own) */
	char *pw_out_device;     /* pipewire:outDevice */
	char *pw_rec_device;     /* pipewire:recDevice */
};

#endif
