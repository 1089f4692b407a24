// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lgbench floor: the least a viewer can take to put a new frame of a given
 * size on this display. A minimal SDL2 program, as any viewer would start:
 * a borderless window at the screen's origin and, for OpenGL, one BGRA
 * texture updated with glTexSubImage2D from client memory, one quad drawn
 * with a bare texture-read shader, swap interval 0. Each way of presenting
 * runs in its own child process (lgbench re-executed with a hidden command,
 * so that SDL and the GL driver start afresh and stay out of the measuring
 * process):
 *  - glx and egl: the GL context through GLX or EGL on X11. Each frame is
 *    timed by stage, with glFinish after the upload and after the draw:
 *    upload, draw, swap and their sum, one frame's way from client memory
 *    to the screen, at the guest's frame rate (a viewer at 60 fps wakes
 *    for each frame, and so do the GL driver's threads: timing frames
 *    back to back would flatter the floor). Then the same frames back to
 *    back without the finishes give the rate the pipeline can sustain.
 *  - surface: no GL at all: the frame copied into SDL's window surface and
 *    presented with SDL_UpdateWindowSurface (MIT-SHM on X11): what a
 *    software renderer's viewer could do instead.
 * `lgbench viewer` runs it before the viewers, in the same run, and reports
 * lgview's copied->presented as a ratio of it.
 */
#define G_LOG_DOMAIN "lgbench"
#include <SDL.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "floor.h"
#include "guest-proto/clock.h"
#include "lgbench.h"
#include "report.h"

/* Per way of presenting: at most this many frames, and this long. */
#define FLOOR_FRAMES 120
#define FLOOR_SECONDS 1.5
/* A 4K software frame can take a second; start-up under ASan a few. */
#define FLOOR_DEADLINE_MS 60000

const char *const lgb_floor_apis[LGB_FLOOR_APIS] = {"glx", "egl", "surface"};

/* clang-format off */
static const char *const vs_src =
	"#version 330 core\n"
	"out vec2 uv;\n"
	"void main() {\n"
	"  vec2 c = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));\n"
	"  gl_Position = vec4(c * 2.0 - 1.0, 0.0, 1.0);\n"
	"  uv = vec2(c.x, 1.0 - c.y);\n"
	"}\n";
static const char *const fs_src =
	"#version 330 core\n"
	"uniform sampler2D tex;\n"
	"in vec2 uv;\n"
	"out vec4 color;\n"
	"void main() { color = vec4(texture(tex, uv).rgb, 1.0); }\n";
/* clang-format on */

static GLuint program(void)
{
	const char *src[2] = {vs_src, fs_src};
	GLenum kind[2] = {GL_VERTEX_SHADER, GL_FRAGMENT_SHADER};
	GLuint prog = glCreateProgram();
	for (int i = 0; i < 2; ++i) {
		GLuint sh = glCreateShader(kind[i]);
		glShaderSource(sh, 1, &src[i], NULL);
		glCompileShader(sh);
		glAttachShader(prog, sh);
		glDeleteShader(sh);
	}
	glLinkProgram(prog);
	GLint ok = 0;
	glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	return ok ? prog : 0;
}

static double ms_since(uint64_t t0)
{
	return (double)(lgp_monotonic_ns() - t0) / 1e6;
}

static bool time_left(uint64_t start, int n)
{
	return n < FLOOR_FRAMES && (n < 10 || ms_since(start) < FLOOR_SECONDS * 1e3);
}

/* Frame n of a run at fps (0: back to back): sleep until it is due. */
static void pace(uint64_t start, int n, int fps)
{
	if (fps <= 0)
		return;
	uint64_t due = start + (uint64_t)n * (1000000000u / (uint64_t)fps);
	uint64_t now = lgp_monotonic_ns();
	if (due > now)
		lgp_sleep_us((due - now) / 1000u);
}

/* Two different frames, shown in turn, so that every upload changes the
 * picture. */
static uint8_t *make_frames(uint32_t w, uint32_t h)
{
	size_t bytes = (size_t)w * h * 4;
	uint8_t *px = g_malloc(bytes * 2);
	for (size_t i = 0; i < bytes * 2; ++i)
		px[i] = (uint8_t)(i * 7 + i / bytes * 101);
	return px;
}

/* One frame's stages, by index: upload (or the copy into the surface),
 * draw (none for the surface), present, and their sum. */
enum { ST_UPLOAD, ST_DRAW, ST_PRESENT, ST_TOTAL, ST_N };

static void add_stages(struct lgb_samples *st, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3)
{
	lgb_samples_add(&st[ST_UPLOAD], (double)(t1 - t0) / 1e6);
	lgb_samples_add(&st[ST_DRAW], (double)(t2 - t1) / 1e6);
	lgb_samples_add(&st[ST_PRESENT], (double)(t3 - t2) / 1e6);
	lgb_samples_add(&st[ST_TOTAL], (double)(t3 - t0) / 1e6);
}

/* The medians into out; the samples are freed. */
static void take_medians(struct lgb_samples *st, struct lgb_floor *out)
{
	out->upload_ms = lgb_percentile(&st[ST_UPLOAD], 50);
	out->draw_ms = lgb_percentile(&st[ST_DRAW], 50);
	out->present_ms = lgb_percentile(&st[ST_PRESENT], 50);
	out->total_ms = lgb_percentile(&st[ST_TOTAL], 50);
	for (int i = 0; i < ST_N; ++i)
		lgb_samples_free(&st[i]);
}

static void pump(void)
{
	SDL_Event ev;
	while (SDL_PollEvent(&ev))
		;
}

static bool run_gl(SDL_Window *win, uint32_t w, uint32_t h, int fps, struct lgb_floor *out)
{
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
	SDL_GLContext ctx = SDL_GL_CreateContext(win);
	if (!ctx)
		return false;
	SDL_GL_SetSwapInterval(0);
	g_strlcpy(out->renderer, (const char *)glGetString(GL_RENDERER), sizeof(out->renderer));
	GLuint prog = program(), vao, tex;
	if (!prog) {
		SDL_GL_DeleteContext(ctx);
		return false;
	}
	glGenVertexArrays(1, &vao);
	glBindVertexArray(vao);
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, (GLsizei)w, (GLsizei)h, 0, GL_BGRA,
		     GL_UNSIGNED_BYTE, NULL);
	glUseProgram(prog);
	glViewport(0, 0, (GLsizei)w, (GLsizei)h);
	uint8_t *px = make_frames(w, h);
	size_t bytes = (size_t)w * h * 4;
	struct lgb_samples st[ST_N] = {0};
	/* By stage, each finished before the next, at the guest's rate. */
	uint64_t start = lgp_monotonic_ns();
	for (int n = 0; time_left(start, n); ++n) {
		pace(start, n, fps);
		pump();
		uint64_t t0 = lgp_monotonic_ns();
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, (GLsizei)w, (GLsizei)h, GL_BGRA,
				GL_UNSIGNED_BYTE, px + (size_t)(n & 1) * bytes);
		glFinish();
		uint64_t t1 = lgp_monotonic_ns();
		glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
		glFinish();
		uint64_t t2 = lgp_monotonic_ns();
		SDL_GL_SwapWindow(win);
		uint64_t t3 = lgp_monotonic_ns();
		add_stages(st, t0, t1, t2, t3);
	}
	/* Pipelined, as a viewer runs. */
	start = lgp_monotonic_ns();
	int n = 0;
	for (; time_left(start, n); ++n) {
		pump();
		glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, (GLsizei)w, (GLsizei)h, GL_BGRA,
				GL_UNSIGNED_BYTE, px + (size_t)(n & 1) * bytes);
		glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
		SDL_GL_SwapWindow(win);
	}
	glFinish();
	out->per_frame_ms = ms_since(start) / n;
	take_medians(st, out);
	g_free(px);
	glDeleteTextures(1, &tex);
	glDeleteVertexArrays(1, &vao);
	glDeleteProgram(prog);
	SDL_GL_DeleteContext(ctx);
	return true;
}

static bool run_surface(SDL_Window *win, uint32_t w, uint32_t h, int fps, struct lgb_floor *out)
{
	SDL_Surface *s = SDL_GetWindowSurface(win);
	if (!s || s->format->BytesPerPixel != 4)
		return false;
	g_strlcpy(out->renderer, "SDL window surface", sizeof(out->renderer));
	uint8_t *px = make_frames(w, h);
	size_t bytes = (size_t)w * h * 4, row = (size_t)w * 4;
	uint32_t rows = MIN(h, (uint32_t)s->h);
	row = MIN(row, (size_t)s->w * 4);
	struct lgb_samples st[ST_N] = {0};
	uint64_t start = lgp_monotonic_ns();
	for (int n = 0; time_left(start, n); ++n) {
		pace(start, n, fps);
		pump();
		uint64_t t0 = lgp_monotonic_ns();
		if (SDL_MUSTLOCK(s))
			SDL_LockSurface(s);
		const uint8_t *src = px + (size_t)(n & 1) * bytes;
		for (uint32_t y = 0; y < rows; ++y)
			memcpy((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch,
			       src + (size_t)y * w * 4, row);
		if (SDL_MUSTLOCK(s))
			SDL_UnlockSurface(s);
		uint64_t t1 = lgp_monotonic_ns();
		SDL_UpdateWindowSurface(win);
		uint64_t t2 = lgp_monotonic_ns();
		add_stages(st, t0, t1, t1, t2); /* no draw */
	}
	/* Back to back, for the rate. */
	start = lgp_monotonic_ns();
	int n = 0;
	for (; time_left(start, n); ++n) {
		pump();
		memcpy(s->pixels, px + (size_t)(n & 1) * bytes,
		       MIN(bytes, (size_t)s->pitch * rows));
		SDL_UpdateWindowSurface(win);
	}
	out->per_frame_ms = ms_since(start) / n;
	take_medians(st, out);
	g_free(px);
	return true;
}

/* The child: argv = COMMAND API WxH DISPLAY FPS; prints one line and exits. */
_Noreturn int lgbench_floor_child(int argc, char **argv)
{
	struct lgb_floor f = {0};
	uint32_t w = 0, h = 0;
	int fps = 0;
	if (argc < 5 || !lgbench_parse_size(argv[2], &w, &h) || sscanf(argv[4], "%d", &fps) != 1)
		_exit(2);
	const char *api = argv[1];
	bool gl = strcmp(api, "surface") != 0;
	g_setenv("DISPLAY", argv[3], TRUE);
	g_setenv("SDL_VIDEODRIVER", "x11", TRUE);
	SDL_SetHint(SDL_HINT_VIDEO_X11_FORCE_EGL, !strcmp(api, "egl") ? "1" : "0");
	if (SDL_Init(SDL_INIT_VIDEO) < 0)
		_exit(1);
	SDL_Window *win = SDL_CreateWindow("lgbench floor", 0, 0, (int)w, (int)h,
					   SDL_WINDOW_BORDERLESS | (gl ? SDL_WINDOW_OPENGL : 0));
	bool ok = win != NULL;
	if (ok) {
		/* Let the window manager (if any) map it before timing. */
		for (int i = 0; i < 10; ++i) {
			pump();
			lgp_sleep_us(10000);
		}
		ok = gl ? run_gl(win, w, h, fps, &f) : run_surface(win, w, h, fps, &f);
	}
	if (ok)
		printf("%.4f %.4f %.4f %.4f %.4f %s\n", f.upload_ms, f.draw_ms, f.present_ms,
		       f.total_ms, f.per_frame_ms, f.renderer);
	fflush(stdout);
	/* No teardown: the driver's leftovers die with the process. */
	_exit(ok ? 0 : 1);
}

void lgb_floor_measure(uint32_t w, uint32_t h, int fps, const char *display, struct lgb_floor *out)
{
	char size[32], rate[16];
	snprintf(size, sizeof(size), "%ux%u", w, h);
	snprintf(rate, sizeof(rate), "%d", fps);
	for (int i = 0; i < LGB_FLOOR_APIS; ++i) {
		struct lgb_floor *f = &out[i];
		*f = (struct lgb_floor){.api = lgb_floor_apis[i]};
		char *argv[] = {(char *)"/proc/self/exe",
				(char *)LGBENCH_FLOOR_COMMAND,
				(char *)lgb_floor_apis[i],
				size,
				(char *)display,
				rate,
				NULL};
		char line[512], what[64];
		snprintf(what, sizeof(what), "the %s floor", lgb_floor_apis[i]);
		if (!lgbench_run_child(what, argv, line, sizeof(line), FLOOR_DEADLINE_MS))
			continue;
		line[strcspn(line, "\n")] = '\0';
		int used = 0;
		if (sscanf(line, "%lf %lf %lf %lf %lf %n", &f->upload_ms, &f->draw_ms,
			   &f->present_ms, &f->total_ms, &f->per_frame_ms, &used) >= 5) {
			g_strlcpy(f->renderer, line + used, sizeof(f->renderer));
			f->ok = true;
		}
	}
}

const struct lgb_floor *lgb_floor_best_gl(const struct lgb_floor *f)
{
	const struct lgb_floor *best = NULL;
	for (int i = 0; i < LGB_FLOOR_APIS; ++i)
		if (f[i].ok && strcmp(f[i].api, "surface") &&
		    (!best || f[i].total_ms < best->total_ms))
			best = &f[i];
	return best;
}

void lgb_floor_text(const struct lgb_floor *f, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < LGB_FLOOR_APIS && n < len; ++i) {
		if (!f[i].ok)
			n += (size_t)snprintf(out + n, len - n, "%s%s -", n ? ", " : "", f[i].api);
		else
			n += (size_t)snprintf(out + n, len - n, "%s%s %.2f ms (%.1f fps)",
					      n ? ", " : "", f[i].api, f[i].total_ms,
					      1e3 / f[i].per_frame_ms);
	}
}

int lgbench_floor(int argc, char **argv)
{
	gchar *size_s = NULL, *display = NULL;
	gint fps = 60;
	GOptionEntry entries[] = {{"size", 's', 0, G_OPTION_ARG_STRING, &size_s,
				   "Frame size (default 1920x1080)", "WxH"},
				  {"fps", 'r', 0, G_OPTION_ARG_INT, &fps,
				   "Frames per second of the timed frames, as "
				   "a guest posts them; 0: back to back (default 60)",
				   "N"},
				  {"display", 0, 0, G_OPTION_ARG_STRING, &display,
				   "X display (default $DISPLAY)", "DPY"},
				  {NULL}};
	int status = 2;
	uint32_t w, h;
	if (!lgbench_parse_options(
		    "floor", "- the least a viewer can take per frame here",
		    "Times a minimal SDL2 viewer on this X display: upload, draw and "
		    "present of one frame through GLX, EGL and SDL's window surface.",
		    entries, argc, argv))
		goto out;
	if (!lgbench_parse_size(size_s ? size_s : "1920x1080", &w, &h)) {
		fprintf(stderr, "lgbench floor: --size '%s' is not WxH\n", size_s);
		goto out;
	}
	if (!display && !(display = g_strdup(g_getenv("DISPLAY")))) {
		fprintf(stderr, "lgbench floor: no X display (set DISPLAY or --display)\n");
		goto out;
	}
	if (fps < 0 || fps > 1000) {
		fprintf(stderr, "lgbench floor: --fps 0..1000\n");
		goto out;
	}
	struct lgb_floor f[LGB_FLOOR_APIS];
	lgb_floor_measure(w, h, fps, display, f);
	printf("floor: %ux%u BGRA on %s at %d fps: one frame from client memory to the screen\n", w,
	       h, display, fps);
	printf("%-8s %9s %9s %9s %9s %9s  %s\n", "via", "upload", "draw", "present", "total", "fps",
	       "renderer");
	status = 1;
	for (int i = 0; i < LGB_FLOOR_APIS; ++i) {
		if (!f[i].ok) {
			printf("%-8s %9s  (could not run here)\n", f[i].api, "-");
			continue;
		}
		status = 0;
		printf("%-8s %9.3f %9.3f %9.3f %9.3f %9.1f  %s\n", f[i].api, f[i].upload_ms,
		       f[i].draw_ms, f[i].present_ms, f[i].total_ms, 1e3 / f[i].per_frame_ms,
		       f[i].renderer);
	}
	printf("(ms, medians; total: the stages finished one after the other; fps: the same "
	       "frames back to back, pipelined)\n");
out:
	g_free(size_s);
	g_free(display);
	return status;
}
