// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The smallest QXL display libspice-server takes: one primary surface and
 * never a command. With it and the tablet, the server offers client (absolute)
 * mouse mode, as QEMU does for a VM with a display and a usb-tablet, and
 * the tablet is told the surface's size.
 */
#include <glib.h>
#include <spice.h>
#include <spice/qxl_dev.h>
#include <string.h>

#include "test_qxl.h"

static QXLInstance qxl;
static uint8_t *surface_mem;

static void q_attached(QXLInstance *qin)
{
	(void)qin;
}

static void q_compression(QXLInstance *qin, int level)
{
	(void)qin;
	(void)level;
}

static void q_init_info(QXLInstance *qin, QXLDevInitInfo *info)
{
	(void)qin;
	memset(info, 0, sizeof(*info));
	info->num_memslots_groups = 1;
	info->num_memslots = 1;
	info->memslot_gen_bits = 1;
	info->memslot_id_bits = 1;
	info->internal_groupslot_id = 0;
	info->qxl_ram_size = 0;
	info->n_surfaces = 1;
}

static int q_no_command(QXLInstance *qin, struct QXLCommandExt *cmd)
{
	(void)qin;
	(void)cmd;
	return 0;
}

static int q_notify_later(QXLInstance *qin)
{
	(void)qin;
	return 1;
}

static void q_release(QXLInstance *qin, struct QXLReleaseInfoExt info)
{
	(void)qin;
	(void)info;
}

static void q_update(QXLInstance *qin, uint32_t id)
{
	(void)qin;
	(void)id;
}

static int q_flush(QXLInstance *qin)
{
	(void)qin;
	return 0;
}

static void q_async(QXLInstance *qin, uint64_t cookie)
{
	(void)qin;
	(void)cookie;
}

static void q_area(QXLInstance *qin, uint32_t id, struct QXLRect *r, uint32_t n)
{
	(void)qin;
	(void)id;
	(void)r;
	(void)n;
}

static const QXLInterface qxl_sif = {
	.base = {.type = SPICE_INTERFACE_QXL, .description = "lgview test display",
		 .major_version = SPICE_INTERFACE_QXL_MAJOR,
		 .minor_version = SPICE_INTERFACE_QXL_MINOR},
	.attached_worker = q_attached,
	.set_compression_level = q_compression,
	.get_init_info = q_init_info,
	.get_command = q_no_command,
	.req_cmd_notification = q_notify_later,
	.release_resource = q_release,
	.get_cursor_command = q_no_command,
	.req_cursor_notification = q_notify_later,
	.notify_update = q_update,
	.flush_resources = q_flush,
	.async_complete = q_async,
	.update_area_complete = q_area,
};

void test_qxl_add(SpiceServer *s, int width, int height)
{
	qxl.base.sif = &qxl_sif.base;
	qxl.id = 0;
	spice_server_add_interface(s, &qxl.base);
	spice_server_vm_start(s);
	size_t size = (size_t)width * (size_t)height * 4;
	surface_mem = g_malloc0(size);
	/* One slot maps our memory one to one (delta 0, id 0, generation 0). */
	QXLDevMemSlot slot = {.slot_group_id = 0,
			      .slot_id = 0,
			      .generation = 0,
			      .virt_start = (uintptr_t)surface_mem,
			      .virt_end = (uintptr_t)surface_mem + size,
			      .addr_delta = 0};
	spice_qxl_add_memslot(&qxl, &slot);
	QXLDevSurfaceCreate c = {.width = (uint32_t)width,
				 .height = (uint32_t)height,
				 .stride = -width * 4,
				 .format = SPICE_SURFACE_FMT_32_xRGB,
				 .mouse_mode = 1,
				 .type = QXL_SURF_TYPE_PRIMARY,
				 .mem = (uint64_t)(uintptr_t)surface_mem,
				 .group_id = 0};
	spice_qxl_create_primary_surface(&qxl, 0, &c);
}
