// SPDX-License-Identifier: GPL-2.0-or-later
/* The frame pipe with a real GL context (Mesa under Xvfb: run through
 * with_xvfb.sh), a frame thread and the main thread, as lgview drives it:
 *  - an uploader that cannot take a frame (a failed dma-buf import: the
 *    main thread gives the frame back unread) makes the pipe copy that
 *    very frame and the ones after it, and the picture is right;
 *  - a frame the main thread does not take in time is released to the
 *    guest, kept, and still shown (a guest that posts one frame and then
 *    waits would otherwise never be seen);
 *  - a kept frame never covers a newer one;
 *  - a stalled main thread never holds the guest up: with the real offer
 *    bound, frame after frame goes back to the guest while the main
 *    thread does nothing, and the newest is the one shown;
 *  - auto tries its candidates in the real loop and keeps the one that is
 *    fastest end to end: with a stand-in whose upload takes 20 ms and one
 *    that takes none, the fast one wins whichever runs first.
 * Pixels are read back from the frame texture. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "config.h"
#include "guest-proto/clock.h"
#include "guest-proto/error.h"
#include "handoff.h"
#include "pipe.h"
#include "renderer.h"
#include "uploader_trial.h"
#include "window.h"

#define W 64
#define H 32
#define PITCH (W * 4)

static struct lgv_options opt;
static struct lgv_window win;

/* One frame as the guest left it in shared memory: header, write pointer,
 * pixels (BGRA, each pixel a function of its place and the frame's seed). */
struct guest_frame {
	struct lgp_frame_view view;
	uint32_t wp;
	uint8_t data[PITCH * H];
};

static uint32_t pixel(int seed, int x, int y)
{
	return 0xff000000u | (uint32_t)((seed * 37 + x) & 0xff) << 16 |
	       (uint32_t)((seed * 11 + y) & 0xff) << 8 | (uint32_t)(seed & 0xff);
}

static void make_frame(struct guest_frame *g, int seed)
{
	memset(g, 0, sizeof(*g));
	struct kvmfr20_frame *h = &g->view.hdr;
	h->format_ver = 1;
	h->frame_serial = (uint32_t)seed;
	h->type = KVMFR20_FRAME_BGRA;
	h->screen_width = h->data_width = h->frame_width = W;
	h->screen_height = h->data_height = h->frame_height = H;
	h->stride = W;
	h->pitch = PITCH;
	g->view.row_bytes = PITCH;
	g->view.data_bytes = g->view.capacity = sizeof(g->data);
	g->view.data_offset = 4096;
	g->wp = sizeof(g->data);
	g->view.wp = &g->wp;
	g->view.data = g->data;
	for (int y = 0; y < H; ++y)
		for (int x = 0; x < W; ++x)
			memcpy(g->data + y * PITCH + x * 4, &(uint32_t){pixel(seed, x, y)}, 4);
}

/* The renderer's frame texture holds frame `seed`. */
static bool texture_shows(struct lgv_renderer *r, int seed)
{
	static uint32_t got[W * H];
	GLuint fbo;
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
			       lgv_renderer_frame_texture(r), 0);
	assert_int_equal(glCheckFramebufferStatus(GL_READ_FRAMEBUFFER), GL_FRAMEBUFFER_COMPLETE);
	glPixelStorei(GL_PACK_ALIGNMENT, 4);
	glReadPixels(0, 0, W, H, GL_BGRA, GL_UNSIGNED_BYTE, got);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	for (int y = 0; y < H; ++y)
		for (int x = 0; x < W; ++x)
			if (got[y * W + x] != pixel(seed, x, y)) {
				print_message("frame %d: pixel %d,%d is %08x, not %08x\n", seed, x,
					      y, got[y * W + x], pixel(seed, x, y));
				return false;
			}
	return true;
}

/* The frame thread: passes one frame to the pipe at a time. */
struct feeder {
	struct lgv_pipe *pipe;
	struct guest_frame *frame;
	atomic_int busy;
	int result;
	pthread_t thread;
};

static void *feed_main(void *arg)
{
	struct feeder *f = arg;
	struct lgv_frame_times t = {.serial = f->frame->view.hdr.frame_serial,
				    .detected = lgp_monotonic_ns()};
	f->result = lgv_pipe_frame(f->pipe, &f->frame->view, &t, lgp_monotonic_ns() + 250000000u);
	atomic_store(&f->busy, 0);
	return NULL;
}

static void feed(struct feeder *f, struct guest_frame *g)
{
	f->frame = g;
	atomic_store(&f->busy, 1);
	assert_int_equal(pthread_create(&f->thread, NULL, feed_main, f), 0);
}

static int fed(struct feeder *f)
{
	pthread_join(f->thread, NULL);
	return f->result;
}

static void no_wake(void *ctx)
{
	(void)ctx;
}

/* Main thread: service until a frame was uploaded (true) or 5 s. */
static bool serve_until_updated(struct lgv_pipe *p, struct lgv_renderer *r)
{
	uint64_t until = lgp_monotonic_ns() + 5000000000u;
	struct lgv_frame_times t;
	while (lgp_monotonic_ns() < until) {
		if (lgv_pipe_service(p, r, &t)) {
			lgv_pipe_presented(p);
			return true;
		}
		lgp_sleep_us(500);
	}
	return false;
}

/* Main thread: service while the feeder runs; true if a frame was uploaded. */
static bool serve_while_fed(struct feeder *f, struct lgv_renderer *r)
{
	bool any = false;
	struct lgv_frame_times t;
	while (atomic_load(&f->busy)) {
		if (lgv_pipe_service(f->pipe, r, &t)) {
			lgv_pipe_presented(f->pipe);
			any = true;
		}
		lgp_sleep_us(500);
	}
	return any;
}

/* An uploader whose main thread cannot use the frames it is handed (as a
 * dma-buf import that EGL refuses): it offers each frame and gives it back
 * unread. */
struct refuser {
	struct lgv_uploader base;
	struct lgv_handoff handoff;
};
static atomic_int refuser_frames;

static bool refuser_probe(const struct lgv_upload_env *env, char *why, size_t len)
{
	(void)env, (void)why, (void)len;
	return true;
}

static struct lgv_uploader *refuser_create(const struct lgv_upload_env *env);

static void refuser_destroy(struct lgv_uploader *u)
{
	lgv_handoff_finish(&((struct refuser *)u)->handoff);
	g_free(u);
}

static bool refuser_configure(struct lgv_uploader *u, struct lgv_renderer *r)
{
	(void)u, (void)r;
	return true;
}

static int refuser_frame(struct lgv_uploader *u, const struct lgp_frame_view *v,
			 struct lgv_frame_times *t, uint64_t deadline_ns)
{
	(void)deadline_ns;
	atomic_fetch_add(&refuser_frames, 1);
	return lgv_handoff_frame_result(
		lgv_handoff_offer(&((struct refuser *)u)->handoff, v, t, &u->env, 2000000000u));
}

static bool refuser_upload(struct lgv_uploader *u, struct lgv_renderer *r,
			   struct lgv_frame_times *t)
{
	(void)r;
	struct refuser *f = (struct refuser *)u;
	if (lgv_handoff_take(&f->handoff, t))
		lgv_handoff_refuse(&f->handoff);
	return false;
}

static void refuser_close(struct lgv_uploader *u)
{
	lgv_handoff_close(&((struct refuser *)u)->handoff);
}

static const struct lgv_uploader_impl refuser_impl = {
	.name = "refuser",
	.description = "test: gives every frame back unread",
	.probe = refuser_probe,
	.create = refuser_create,
	.destroy = refuser_destroy,
	.configure = refuser_configure,
	.frame = refuser_frame,
	.upload = refuser_upload,
	.close = refuser_close,
};

static struct lgv_uploader *refuser_create(const struct lgv_upload_env *env)
{
	struct refuser *f = g_new0(struct refuser, 1);
	f->base = (struct lgv_uploader){&refuser_impl, *env};
	lgv_handoff_init(&f->handoff);
	return &f->base;
}

static void test_refused_frame_is_copied(void **state)
{
	(void)state;
	struct lgv_renderer *r = lgv_renderer_create(&opt);
	assert_non_null(r);
	struct lgv_upload_env env = {.wake = no_wake};
	struct feeder f = {.pipe = lgv_pipe_create_with(&refuser_impl, &env)};
	static struct guest_frame a, b;
	make_frame(&a, 1);
	make_frame(&b, 2);
	atomic_store(&refuser_frames, 0);

	/* The refused frame itself reaches the screen, through copy. */
	feed(&f, &a);
	bool shown = serve_while_fed(&f, r);
	assert_int_equal(fed(&f), 0);
	assert_true(shown || serve_until_updated(f.pipe, r));
	assert_string_equal(lgv_pipe_uploader_name(f.pipe), "copy");
	assert_true(texture_shows(r, 1));

	/* The next goes to copy straight away. */
	feed(&f, &b);
	shown = serve_while_fed(&f, r);
	assert_int_equal(fed(&f), 0);
	assert_true(shown || serve_until_updated(f.pipe, r));
	assert_true(texture_shows(r, 2));
	assert_int_equal(atomic_load(&refuser_frames), 1);

	lgv_pipe_close(f.pipe);
	lgv_pipe_destroy(f.pipe);
	lgv_renderer_destroy(r);
}

static void test_untaken_frame_is_still_shown(void **state)
{
	(void)state;
	struct lgv_renderer *r = lgv_renderer_create(&opt);
	assert_non_null(r);
	/* A generous bound, so that "at hand" holds on a loaded machine. */
	struct lgv_upload_env env = {.wake = no_wake, .offer_ns = 200000000u};
	struct feeder f = {.pipe = lgv_pipe_create_with(&lgv_uploader_direct, &env)};
	static struct guest_frame a, b, c;
	make_frame(&a, 3);
	make_frame(&b, 4);
	make_frame(&c, 5);

	/* Frame a, with the main thread at hand: handed over directly. */
	feed(&f, &a);
	bool shown = serve_while_fed(&f, r);
	assert_int_equal(fed(&f), 0);
	assert_true(shown || serve_until_updated(f.pipe, r));
	assert_string_equal(lgv_pipe_uploader_name(f.pipe), "direct");
	assert_true(texture_shows(r, 3));
	assert_int_equal(lgv_pipe_frames_kept(f.pipe), 0);

	/* Frame b while the main thread is away (a long swap, a busy
	 * renderer): the frame thread gets it back within the handoff's
	 * bound, and the guest could go on. Then nothing more comes. */
	uint64_t t0 = lgp_monotonic_ns();
	feed(&f, &b);
	assert_int_equal(fed(&f), 0);
	assert_true(lgp_monotonic_ns() - t0 < 2000000000u);
	assert_int_equal(lgv_pipe_frames_kept(f.pipe), 1);
	/* ... and yet b is what the screen shows next, once. */
	assert_true(serve_until_updated(f.pipe, r));
	assert_true(texture_shows(r, 4));
	struct lgv_frame_times t;
	assert_false(lgv_pipe_service(f.pipe, r, &t));

	/* A kept frame never covers a newer one: b2 is kept, then c comes
	 * while the main thread is back; c stays on screen. */
	make_frame(&b, 6);
	feed(&f, &b);
	assert_int_equal(fed(&f), 0);
	assert_int_equal(lgv_pipe_frames_kept(f.pipe), 2);
	feed(&f, &c);
	shown = serve_while_fed(&f, r);
	assert_int_equal(fed(&f), 0);
	assert_true(shown);
	assert_true(texture_shows(r, 5));
	assert_false(lgv_pipe_service(f.pipe, r, &t));
	assert_true(texture_shows(r, 5));

	lgv_pipe_close(f.pipe);
	lgv_pipe_destroy(f.pipe);
	lgv_renderer_destroy(r);
}

static void test_stalled_main_thread_never_holds_the_guest(void **state)
{
	(void)state;
	enum { FRAMES = 20 };
	struct lgv_renderer *r = lgv_renderer_create(&opt);
	assert_non_null(r);
	struct lgv_upload_env env = {.wake = no_wake}; /* LGV_OFFER_NS */
	struct feeder f = {.pipe = lgv_pipe_create_with(&lgv_uploader_direct, &env)};
	static struct guest_frame g[FRAMES + 1];
	/* The format is set up while the main thread serves. */
	make_frame(&g[0], 10);
	feed(&f, &g[0]);
	bool shown = serve_while_fed(&f, r);
	assert_int_equal(fed(&f), 0);
	assert_true(shown || serve_until_updated(f.pipe, r));
	assert_true(texture_shows(r, 10));
	uint64_t kept0 = lgv_pipe_frames_kept(f.pipe);

	/* Now the main thread stalls (a long draw, a blocked swap) while the
	 * guest posts FRAMES frames: each comes back to the guest without the
	 * main thread. The old 100 ms offer took 2 s for these; the bound is
	 * 3 ms plus a copy of this small frame, and 1 s leaves room for any
	 * loaded machine. */
	uint64_t t0 = lgp_monotonic_ns();
	for (int i = 1; i <= FRAMES; ++i) {
		make_frame(&g[i], 10 + i);
		feed(&f, &g[i]);
		assert_int_equal(fed(&f), 0);
	}
	uint64_t took = lgp_monotonic_ns() - t0;
	print_message("%d frames released with the main thread stalled in %.1f ms\n", FRAMES,
		      (double)took / 1e6);
	assert_true(took < 1000000000u);
	assert_int_equal(lgv_pipe_frames_kept(f.pipe) - kept0, FRAMES);
	/* The main thread comes back: the newest frame wins, once. */
	assert_true(serve_until_updated(f.pipe, r));
	assert_true(texture_shows(r, 10 + FRAMES));
	struct lgv_frame_times t;
	assert_false(lgv_pipe_service(f.pipe, r, &t));

	lgv_pipe_close(f.pipe);
	lgv_pipe_destroy(f.pipe);
	lgv_renderer_destroy(r);
}

/* Stand-in uploaders for auto's trial: frame() copies, upload() uploads
 * after a stand-in cost (a sleep on the main thread). */
struct fake {
	struct lgv_uploader base;
	pthread_mutex_t lock;
	bool have;
	struct lgv_frame_times t;
	uint8_t px[PITCH * H];
};

static struct lgv_uploader *fake_create_slow(const struct lgv_upload_env *env);
static struct lgv_uploader *fake_create_fast(const struct lgv_upload_env *env);

static void fake_destroy(struct lgv_uploader *u)
{
	struct fake *f = (struct fake *)u;
	pthread_mutex_destroy(&f->lock);
	g_free(f);
}

static bool fake_configure(struct lgv_uploader *u, struct lgv_renderer *r)
{
	(void)u, (void)r;
	return true;
}

static int fake_frame(struct lgv_uploader *u, const struct lgp_frame_view *v,
		      struct lgv_frame_times *t, uint64_t deadline_ns)
{
	(void)deadline_ns;
	struct fake *f = (struct fake *)u;
	t->copied = lgp_monotonic_ns();
	pthread_mutex_lock(&f->lock);
	memcpy(f->px, v->data, sizeof(f->px));
	f->t = *t;
	f->have = true;
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static bool fake_upload(struct lgv_uploader *u, struct lgv_renderer *r, struct lgv_frame_times *t)
{
	struct fake *f = (struct fake *)u;
	pthread_mutex_lock(&f->lock);
	bool have = f->have;
	f->have = false;
	*t = f->t;
	if (have) {
		if (!strcmp(u->impl->name, "slow"))
			lgp_sleep_us(20000);
		glBindTexture(GL_TEXTURE_2D, lgv_renderer_frame_texture(r));
		lgv_upload_rows(lgv_renderer_tex_format(r), f->px, PITCH, 0, H);
		t->uploaded = lgp_monotonic_ns();
		lgv_renderer_frame_updated(r);
	}
	pthread_mutex_unlock(&f->lock);
	return have;
}

static const struct lgv_uploader_impl fake_slow = {
	.name = "slow", .create = fake_create_slow, .destroy = fake_destroy,
	.configure = fake_configure, .frame = fake_frame, .upload = fake_upload};
static const struct lgv_uploader_impl fake_fast = {
	.name = "fast", .create = fake_create_fast, .destroy = fake_destroy,
	.configure = fake_configure, .frame = fake_frame, .upload = fake_upload};

static struct lgv_uploader *fake_create(const struct lgv_uploader_impl *impl,
				       const struct lgv_upload_env *env)
{
	struct fake *f = g_new0(struct fake, 1);
	f->base = (struct lgv_uploader){impl, *env};
	pthread_mutex_init(&f->lock, NULL);
	return &f->base;
}

static struct lgv_uploader *fake_create_slow(const struct lgv_upload_env *env)
{
	return fake_create(&fake_slow, env);
}

static struct lgv_uploader *fake_create_fast(const struct lgv_upload_env *env)
{
	return fake_create(&fake_fast, env);
}

/* A guest at 60 fps. */
struct guest60 {
	struct lgv_pipe *pipe;
	atomic_int stop, fed;
	pthread_t thread;
};

static void *guest60_main(void *arg)
{
	struct guest60 *g = arg;
	static struct guest_frame fr;
	for (int n = 0; !atomic_load(&g->stop); ++n) {
		make_frame(&fr, 20 + (n & 63));
		struct lgv_frame_times t = {.serial = fr.view.hdr.frame_serial,
					    .detected = lgp_monotonic_ns()};
		lgv_pipe_frame(g->pipe, &fr.view, &t, lgp_monotonic_ns() + 250000000u);
		atomic_fetch_add(&g->fed, 1);
		lgp_sleep_us(16667);
	}
	return NULL;
}

static void auto_keeps(const struct lgv_uploader_impl *const *cands, const char *winner)
{
	struct lgv_renderer *r = lgv_renderer_create(&opt);
	assert_non_null(r);
	struct lgv_upload_env env = {.wake = no_wake};
	struct guest60 g = {.pipe = lgv_pipe_create_auto(cands, 2, &env)};
	assert_int_equal(pthread_create(&g.thread, NULL, guest60_main, &g), 0);
	/* The main thread: serve and "present" until both windows are over
	 * and the winner runs (20 s at most). */
	uint64_t until = lgp_monotonic_ns() + 20000000000u;
	bool seen_both = false;
	const char *first = NULL;
	while (lgp_monotonic_ns() < until) {
		struct lgv_frame_times t;
		lgv_pipe_service(g.pipe, r, &t);
		lgv_pipe_presented(g.pipe);
		const char *name = lgv_pipe_uploader_name(g.pipe);
		if (name[0] && !first)
			first = name;
		if (first && name[0] && strcmp(name, first))
			seen_both = true;
		if (seen_both && atomic_load(&g.fed) > 2 * LGV_TRIAL_FRAMES + 30 &&
		    !strcmp(name, winner))
			break;
		lgp_sleep_us(1000);
	}
	atomic_store(&g.stop, 1);
	pthread_join(g.thread, NULL);
	print_message("auto over %s, %s: kept %s after %d frames\n", cands[0]->name,
		      cands[1]->name, lgv_pipe_uploader_name(g.pipe), atomic_load(&g.fed));
	assert_true(seen_both);
	assert_string_equal(lgv_pipe_uploader_name(g.pipe), winner);
	lgv_pipe_close(g.pipe);
	lgv_pipe_destroy(g.pipe);
	lgv_renderer_destroy(r);
}

static void test_auto_keeps_the_fastest_end_to_end(void **state)
{
	(void)state;
	static const struct lgv_uploader_impl *const slow_first[] = {&fake_slow, &fake_fast};
	static const struct lgv_uploader_impl *const fast_first[] = {&fake_fast, &fake_slow};
	auto_keeps(slow_first, "fast");
	auto_keeps(fast_first, "fast");
}

int main(void)
{
	char *argv[] = {"lgview", "win:size=64x32", NULL};
	struct lgv_config_paths paths = {"", ""};
	char *err = NULL;
	if (lgv_config_load(&opt, 2, argv, &paths, &err) != LGV_CONFIG_OK) {
		fprintf(stderr, "options: %s\n", err ? err : "?");
		return 1;
	}
	lgv_window_hints(&opt, false);
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || !lgv_window_create(&win, &opt)) {
		fprintf(stderr, "no window / GL context: %s\n", SDL_GetError());
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_frame_is_copied),
		cmocka_unit_test(test_untaken_frame_is_still_shown),
		cmocka_unit_test(test_stalled_main_thread_never_holds_the_guest),
		cmocka_unit_test(test_auto_keeps_the_fastest_end_to_end),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* The window, the context and SDL stay up to the end: tearing them
	 * down unloads Mesa's driver, whose few remaining blocks
	 * LeakSanitizer would then report against an unknown module. */
	lgv_options_finish(&opt);
	return failed;
}
