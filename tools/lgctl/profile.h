/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VM profiles: $XDG_CONFIG_HOME/lgview/vms/NAME.ini says which PCI devices a
 * VM takes, its shared memory and how to start lgview for it.
 *
 *   [vm]
 *   uri=qemu:///system
 *   devices=0000:01:00.0;0000:01:00.1
 *   reset=false          ; reset the devices after `lgctl down`
 *   wait=30              ; seconds `lgctl up` waits for the guest's frames
 *   [shm]
 *   path=/dev/shm/looking-glass
 *   size=auto            ; or MiB
 *   for=2560x1440
 *   hdr=false
 *   group=kvm
 *   mode=0660
 *   [lgview]
 *   command=lgview
 *   options=-F;win:display=1
 */
#ifndef LGCTL_PROFILE_H
#define LGCTL_PROFILE_H

#include <glib.h>
#include <stdbool.h>

#include "shm_prep.h"

struct lgctl_profile {
	char *name;
	char *uri;       /* NULL: the default */
	char **devices;  /* NULL-terminated, may be empty */
	bool reset;
	int wait_s;
	struct lgctl_shm_opts shm; /* path and group point into the strings below */
	char *shm_path, *shm_group;
	char *lgview;    /* the viewer command */
	char **lgview_options;
};

/* dir NULL: $XDG_CONFIG_HOME/lgview/vms. false with a message naming the
 * file and key on any problem. */
bool lgctl_profile_load(const char *dir, const char *name, struct lgctl_profile *p, char **err);
void lgctl_profile_finish(struct lgctl_profile *p);

/* What the libvirt qemu hook does for an operation: bind before the VM
 * starts (prepare), give the devices back after it stopped (release). */
enum lgctl_hook_action { LGCTL_HOOK_NONE, LGCTL_HOOK_BIND, LGCTL_HOOK_UNBIND };
enum lgctl_hook_action lgctl_hook_action(const char *op);

#endif
