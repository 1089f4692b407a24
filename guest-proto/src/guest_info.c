// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "guest-proto/error.h"
#include "guest-proto/kvmfr.h"
#include "util.h"

/* Copy a guest string into dst, stopping at NUL or src_len, replacing
 * anything unprintable so that logs cannot be spoofed with control codes. */
static void copy_printable(char *dst, size_t dst_len, const uint8_t *src, size_t src_len)
{
	size_t n = 0;
	for (; n < src_len && n + 1 < dst_len && src[n]; ++n)
		dst[n] = (src[n] >= 0x20 && src[n] < 0x7f) ? (char)src[n] : '?';
	dst[n] = '\0';
}

static void parse_vminfo(const uint8_t *d, uint32_t size, struct lgp_guest_info *info)
{
	if (size < KVMFR20_VMINFO_MODEL_OFFSET)
		return;
	memcpy(info->uuid, d, 16);
	copy_printable(info->capture, sizeof(info->capture), d + 16, 32);
	info->cpus = d[48];
	info->cores = d[49];
	info->sockets = d[50];
	copy_printable(info->model, sizeof(info->model), d + KVMFR20_VMINFO_MODEL_OFFSET,
		       size - KVMFR20_VMINFO_MODEL_OFFSET);
	info->has_vminfo = true;
}

static void parse_osinfo(const uint8_t *d, uint32_t size, struct lgp_guest_info *info)
{
	if (size < 1)
		return;
	info->os = d[0];
	copy_printable(info->os_name, sizeof(info->os_name), d + 1, size - 1);
	info->has_osinfo = true;
}

static void parse_header(const uint8_t *udata, struct lgp_guest_info *info)
{
	memcpy(&info->kvmfr_version, udata + 8, 4);
	copy_printable(info->hostver, sizeof(info->hostver), udata + 12, KVMFR20_HOSTVER_LEN);
	memcpy(&info->features, udata + 44, 4);
}

int lgp_guest_info_parse(const uint8_t *udata, size_t size, struct lgp_guest_info *info)
{
	uint32_t lgmp_version = info->lgmp_version;
	memset(info, 0, sizeof(*info));
	info->lgmp_version = lgmp_version;
	if (!udata || size < sizeof(struct kvmfr20_header) ||
	    memcmp(udata, KVMFR20_MAGIC, KVMFR20_MAGIC_LEN) != 0)
		return LGP_ERR_BAD_UDATA;
	parse_header(udata, info);
	if (info->kvmfr_version != KVMFR20_VERSION)
		return LGP_ERR_VERSION;

	size_t pos = sizeof(struct kvmfr20_header);
	while (size - pos >= sizeof(struct kvmfr20_record)) {
		uint8_t type = udata[pos];
		uint32_t rsize;
		memcpy(&rsize, udata + pos + 4, 4);
		pos += sizeof(struct kvmfr20_record);
		if (rsize > size - pos)
			break;
		if (type == KVMFR20_RECORD_VMINFO)
			parse_vminfo(udata + pos, rsize, info);
		else if (type == KVMFR20_RECORD_OSINFO)
			parse_osinfo(udata + pos, rsize, info);
		pos += rsize;
	}
	return 0;
}

static size_t put_record(uint8_t *buf, size_t pos, size_t cap, uint8_t type, const void *a,
			 size_t alen, const char *str)
{
	size_t slen = strlen(str) + 1;
	size_t rsize = alen + slen;
	if (pos + sizeof(struct kvmfr20_record) + rsize > cap)
		return 0;
	struct kvmfr20_record rec = {.type = type, .size = (uint32_t)rsize};
	memcpy(buf + pos, &rec, sizeof(rec));
	pos += sizeof(rec);
	memcpy(buf + pos, a, alen);
	memcpy(buf + pos + alen, str, slen);
	return pos + rsize;
}

size_t lgp_guest_info_build(const struct lgp_guest_info *info, uint8_t *buf, size_t cap)
{
	struct kvmfr20_header hdr = {.version = info->kvmfr_version, .features = info->features};
	if (cap < sizeof(hdr))
		return 0;
	memcpy(hdr.magic, KVMFR20_MAGIC, KVMFR20_MAGIC_LEN);
	memcpy(hdr.hostver, info->hostver, LGP_MIN(strlen(info->hostver), sizeof(hdr.hostver) - 1));
	memcpy(buf, &hdr, sizeof(hdr));
	size_t pos = sizeof(hdr);

	if (info->has_vminfo) {
		uint8_t v[KVMFR20_VMINFO_MODEL_OFFSET] = {0};
		memcpy(v, info->uuid, 16);
		memcpy(v + 16, info->capture, LGP_MIN(strlen(info->capture), (size_t)31));
		v[48] = info->cpus;
		v[49] = info->cores;
		v[50] = info->sockets;
		pos = put_record(buf, pos, cap, KVMFR20_RECORD_VMINFO, v, sizeof(v), info->model);
		if (!pos)
			return 0;
	}
	if (info->has_osinfo) {
		pos = put_record(buf, pos, cap, KVMFR20_RECORD_OSINFO, &info->os, 1, info->os_name);
		if (!pos)
			return 0;
	}
	return pos;
}

bool lgp_guest_info_scan(const uint8_t *mem, size_t size, struct lgp_guest_info *info)
{
	const size_t hdr = sizeof(struct kvmfr20_header);
	if (size > 65536)
		size = 65536; /* the udata sits right after the LGMP header */
	if (size < hdr)
		return false;
	for (size_t pos = 0; pos <= size - hdr; ++pos) {
		if (mem[pos] != 'K' || memcmp(mem + pos, KVMFR20_MAGIC, KVMFR20_MAGIC_LEN) != 0)
			continue;
		uint8_t copy[sizeof(struct kvmfr20_header)];
		memcpy(copy, mem + pos, sizeof(copy));
		parse_header(copy, info);
		return true;
	}
	return false;
}

const char *lgp_release_for_kvmfr(uint32_t v)
{
	switch (v) {
	case 3: return "B2";
	case 8: return "B3";
	case 10: return "B4";
	case 14: return "B5";
	case 19: return "B6";
	case 20: return "B7";
	default: return NULL;
	}
}

const char *lgp_release_for_lgmp(uint32_t v)
{
	switch (v) {
	case 2: return "B4";
	case 4: return "B5";
	case 5: return "B6";
	case 6: return "B7";
	default: return NULL;
	}
}

void lgp_version_mismatch_text(const struct lgp_guest_info *info, char *buf, size_t len)
{
	const char *rel = info->kvmfr_version ? lgp_release_for_kvmfr(info->kvmfr_version)
					      : lgp_release_for_lgmp(info->lgmp_version);
	char guest[160];
	if (info->kvmfr_version)
		snprintf(guest, sizeof(guest), "Looking Glass %s (KVMFR %u%s%s)",
			 rel ? rel : "of an unknown release", info->kvmfr_version,
			 info->hostver[0] ? ", build " : "", info->hostver);
	else
		snprintf(guest, sizeof(guest), "Looking Glass %s (LGMP %u)",
			 rel ? rel : "of an unknown release", info->lgmp_version);
	snprintf(buf, len, "guest runs %s; lgview speaks B7 (KVMFR %u, LGMP %u)", guest,
		 KVMFR20_VERSION, LGMP6_VERSION);
}

const char *lgp_os_name(uint8_t os)
{
	static const char *const names[] = {"Linux", "BSD", "macOS", "Windows", "other"};
	return os < sizeof(names) / sizeof(names[0]) ? names[os] : "unknown";
}

/* The one table of frame formats: type, name, option, texel bytes, pixel
 * bits, packed 24-bit, HDR. */
#define LGP_FORMATS(X) \
	X(BGRA, "BGRA", "bgra", 4, 32, false, false) \
	X(RGBA, "RGBA", "rgba", 4, 32, false, false) \
	X(RGBA10, "RGBA10", "rgba10", 4, 32, false, false) \
	X(RGBA16F, "RGBA16F", "rgba16f", 8, 64, false, true) \
	X(BGR_32, "BGR_32", "bgr32", 4, 24, true, false) \
	X(RGB_24, "RGB_24", "rgb24", 3, 24, false, false)

#define FORMAT_ROW(t, n, o, tb, pb, p24, h) [KVMFR20_FRAME_##t] = {n, o, tb, pb, p24, h},
static const struct lgp_format_info formats[KVMFR20_FRAME_MAX] = {LGP_FORMATS(FORMAT_ROW)};
#undef FORMAT_ROW

#define FORMAT_OPTION(t, n, o, tb, pb, p24, h) o,
const char *const lgp_format_options[] = {LGP_FORMATS(FORMAT_OPTION) NULL};
#undef FORMAT_OPTION

#define FORMAT_LIST(t, n, o, tb, pb, p24, h) ", " o
const char *const lgp_format_option_list = &(LGP_FORMATS(FORMAT_LIST))[2];
#undef FORMAT_LIST

const struct lgp_format_info *lgp_format_info(uint32_t type)
{
	if (type == KVMFR20_FRAME_INVALID || type >= KVMFR20_FRAME_MAX)
		return NULL;
	return &formats[type];
}

uint32_t lgp_format_by_option(const char *option)
{
	for (uint32_t t = KVMFR20_FRAME_BGRA; option && t < KVMFR20_FRAME_MAX; ++t)
		if (!strcasecmp(option, formats[t].option))
			return t;
	return 0;
}

void lgp_uuid_format(const uint8_t uuid[16], char out[LGP_UUID_TEXT_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	for (int i = 0; i < 16; ++i) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[uuid[i] >> 4];
		*o++ = hex[uuid[i] & 15];
	}
	*o = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool lgp_uuid_parse(const char *text, uint8_t uuid[16])
{
	const char *t = text;
	for (int i = 0; i < 16; ++i) {
		if ((i == 4 || i == 6 || i == 8 || i == 10) && *t++ != '-')
			return false;
		int hi = hex_digit(t[0]), lo = hi < 0 ? -1 : hex_digit(t[1]);
		if (lo < 0)
			return false;
		uuid[i] = (uint8_t)(hi << 4 | lo);
		t += 2;
	}
	return *t == '\0';
}
