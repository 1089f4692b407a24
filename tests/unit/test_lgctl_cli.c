/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lgctl executable itself: `--version` prints the project's version,
 * and each command's --help lists only the shared options that apply to it
 * (GOption prints the help and exits, so this runs the program).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

/* Runs `lgctl ARGS...`; its stdout (g_free it), and its exit status in *status. */
static char *run(int *status, ...)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, LGCTL_BIN);
	va_list ap;
	va_start(ap, status);
	for (char *a; (a = va_arg(ap, char *));)
		g_ptr_array_add(argv, a);
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	char *out = NULL;
	int wait_status = 0;
	GError *err = NULL;
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
			  &out, NULL, &wait_status, &err))
		fail_msg("cannot run %s: %s", LGCTL_BIN, err->message);
	*status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
	g_ptr_array_free(argv, TRUE);
	return out;
}

static void test_version(void **state)
{
	int status;
	char *out = run(&status, "--version", NULL);
	assert_int_equal(status, 0);
	assert_string_equal(out, "lgctl " G_STRINGIFY(LGVIEW_VERSION) "\n");
	g_free(out);
}

static const struct {
	const char *command;
	bool root, state_dir, dry_run, force;
} applies[] = {
	{"vfio", true, true, true, true},
	{"shm", true, false, true, false},
	{"doctor", true, false, false, false},
	{"vm", false, false, false, true},
	{"up", true, true, true, true},
	{"down", true, true, true, true},
	{"hook", true, true, true, false},
	{"reset", true, false, true, false},
};

static void test_help_lists_what_applies(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(applies); i++) {
		int status;
		char *out = run(&status, (char *)applies[i].command, "--help", NULL);
		print_message("%s --help\n", applies[i].command);
		assert_int_equal(status, 0);
		assert_int_equal(strstr(out, "--root=DIR") != NULL, applies[i].root);
		assert_int_equal(strstr(out, "--state-dir=DIR") != NULL, applies[i].state_dir);
		assert_int_equal(strstr(out, "--dry-run") != NULL, applies[i].dry_run);
		assert_int_equal(strstr(out, "--force") != NULL, applies[i].force);
		g_free(out);
	}
}

/* An option a command does not take is a usage error, not silently ignored. */
static void test_options_that_do_not_apply(void **state)
{
	int status;
	char *out = run(&status, "doctor", "--dry-run", NULL);
	assert_int_equal(status, 2);
	g_free(out);
	out = run(&status, "doctor", "--force", NULL);
	assert_int_equal(status, 2);
	g_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_help_lists_what_applies),
		cmocka_unit_test(test_options_that_do_not_apply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
