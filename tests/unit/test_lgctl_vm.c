/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgctl vm start|stop|status against libvirt's built-in test driver (test:///default, domain "test"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>

#include "cmd.h"
#include "vm.h"

#define URI "test:///default"

static void test_start_stop_status(void **state)
{
	char *st = NULL;
	/* Each connection to test:///default starts from the same fresh state: one call
	 * per open, so check each transition's result and the state right after. */
	assert_true(lgctl_vm_state(URI, "test", &st));
	assert_string_equal(st, "running");
	g_free(st);
	assert_true(lgctl_vm_start(URI, "test")); /* already running: fine */
	assert_true(lgctl_vm_stop(URI, "test", false));
	assert_true(lgctl_vm_stop(URI, "test", true));
	assert_false(lgctl_vm_state(URI, "no-such-vm", &st));
	assert_false(lgctl_vm_start(URI, "no-such-vm"));
	assert_false(lgctl_vm_stop("bogus:///nowhere", "test", false));
	char *xml = lgctl_vm_xml(URI, "test");
	assert_non_null(xml);
	assert_non_null(g_strstr_len(xml, -1, "<name>test</name>"));
	g_free(xml);
}

static void test_command(void **state)
{
	char *status[] = {"vm", "status", "test", "--uri=" URI, NULL};
	assert_int_equal(lgctl_cmd_vm(4, status), 0);
	char *stop[] = {"vm", "stop", "test", "--uri=" URI, "--force", NULL};
	assert_int_equal(lgctl_cmd_vm(5, stop), 0);
	char *missing[] = {"vm", "start", "nope", "--uri=" URI, NULL};
	assert_int_equal(lgctl_cmd_vm(4, missing), 1);
	char *usage[] = {"vm", "reboot", "test", "--uri=" URI, NULL};
	assert_int_equal(lgctl_cmd_vm(4, usage), 2);
	char *short_args[] = {"vm", "start", NULL};
	assert_int_equal(lgctl_cmd_vm(2, short_args), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_stop_status),
		cmocka_unit_test(test_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
