/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lgctl vm start|stop|status against libvirt's built-in test driver (test:///default, domain "test"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>

#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "guest-proto/producer.h"
#include "kvmfr/region.h"
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

struct guest {
	struct kvmfr_region *region;
	gint stop;
};

/* A guest application: the producer keeps its heartbeat going. */
static gpointer guest_main(gpointer data)
{
	struct guest *g = data;
	struct lgp_producer *p;
	if (lgp_producer_create(g->region->map, g->region->size, NULL, &p) < 0)
		return NULL;
	while (!g_atomic_int_get(&g->stop)) {
		lgp_producer_process(p);
		lgp_sleep_us(10000);
	}
	lgp_producer_destroy(p);
	return NULL;
}

/* vm start waits for the guest's frames, with a timeout. */
static void test_start_waits_for_guest(void **state)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/shm/lgctl-vm-%d", (int)getpid());
	struct guest g = {0};
	assert_int_equal(kvmfr_region_create_shm(path, 8u << 20, 0600, &g.region), 0);
	char *nobody[] = {"vm", "start", "test", "--uri=" URI, "--shm", path, "--wait", "1", NULL};
	assert_int_equal(lgctl_cmd_vm(8, nobody), 1); /* started, but no guest application */
	GThread *t = g_thread_new("guest", guest_main, &g);
	char *alive[] = {"vm", "start", "test", "--uri=" URI, "--shm", path, "--wait", "10", NULL};
	assert_int_equal(lgctl_cmd_vm(8, alive), 0);
	g_atomic_int_set(&g.stop, 1);
	g_thread_join(t);
	char *no_wait[] = {"vm", "start", "test", "--uri=" URI, "--wait", "0", NULL};
	assert_int_equal(lgctl_cmd_vm(6, no_wait), 0);
	char *bad[] = {"vm", "start", "test", "--uri=" URI, "--wait", "-1", NULL};
	assert_int_equal(lgctl_cmd_vm(6, bad), 2);
	kvmfr_region_destroy(g.region);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_stop_status),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_start_waits_for_guest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
