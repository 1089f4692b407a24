/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVMFR layer above LGMP: the guest's udata block (header + VMINFO and
 * OSINFO records), frame formats, and release names for version messages.
 * Pure functions, any thread.
 */
#ifndef GUEST_PROTO_KVMFR_H
#define GUEST_PROTO_KVMFR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/wire_b7.h"

struct lgp_guest_info {
	uint32_t lgmp_version;
	uint32_t kvmfr_version;
	char hostver[KVMFR20_HOSTVER_LEN + 1]; /* printable, NUL-terminated */
	uint32_t features;

	bool has_vminfo;
	uint8_t uuid[16];
	char capture[33];
	uint8_t cpus, cores, sockets;
	char model[128];

	bool has_osinfo;
	uint8_t os; /* enum kvmfr20_os */
	char os_name[128];
};

/*
 * Parse a KVMFR udata block. LGP_ERR_BAD_UDATA when it is too short or has
 * no magic; LGP_ERR_VERSION when the version is not 20 (kvmfr_version and
 * hostver are filled in for the message). Records that run past the end stop
 * the walk; unknown records are skipped.
 */
int lgp_guest_info_parse(const uint8_t *udata, size_t size, struct lgp_guest_info *info);

/* Build a udata block (header + VMINFO/OSINFO when present). Returns the
 * size written, or 0 when cap is too small. */
size_t lgp_guest_info_build(const struct lgp_guest_info *info, uint8_t *buf, size_t cap);

/*
 * For regions written by another LGMP version, whose header layout we do not
 * parse: look for the KVMFR magic in the first bytes of the region to learn
 * which release the guest runs. Returns true when found.
 */
bool lgp_guest_info_scan(const uint8_t *mem, size_t size, struct lgp_guest_info *info);

/* "B6" for KVMFR 19 and so on; NULL when unknown. */
const char *lgp_release_for_kvmfr(uint32_t kvmfr_version);
const char *lgp_release_for_lgmp(uint32_t lgmp_version);

/* "guest runs Looking Glass B6 (KVMFR 19); lgview speaks B7 (KVMFR 20)" */
void lgp_version_mismatch_text(const struct lgp_guest_info *info, char *buf, size_t len);

const char *lgp_os_name(uint8_t os);

/* A VM UUID as text (8-4-4-4-12 hex digits, lower case), and back: parse
 * accepts that form, either case; false for anything else. */
#define LGP_UUID_TEXT_LEN 37
void lgp_uuid_format(const uint8_t uuid[16], char out[LGP_UUID_TEXT_LEN]);
bool lgp_uuid_parse(const char *text, uint8_t uuid[16]);

struct lgp_format_info {
	const char *name;      /* "BGRA", ... */
	const char *option;    /* the command-line name: "bgra", "bgr32", ... */
	uint32_t texel_bytes;  /* bytes per texel of the data */
	uint32_t pixel_bits;   /* bits per displayed pixel (B7's bpp) */
	bool packed24;         /* BGR_32: 3-byte pixels packed into 4-byte texels */
	bool hdr;
};

/* NULL for INVALID, MAX and anything out of range. */
const struct lgp_format_info *lgp_format_info(uint32_t type);
/* Every format's option name, in type order, NULL-terminated; and the same
 * as one "bgra, rgba, ..." string. */
extern const char *const lgp_format_options[];
extern const char *const lgp_format_option_list;
/* The frame type for a command-line name (case-insensitive), 0 if none. */
uint32_t lgp_format_by_option(const char *option);

#endif
