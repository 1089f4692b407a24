/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The doctor's checks of a libvirt domain XML (libxml2 + XPath). */
#define G_LOG_DOMAIN "lgctl"
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "doctor.h"
#include "kvmfr/region.h"

#define MIB (UINT64_C(1) << 20)

static xmlNodePtr first(xmlXPathContextPtr xp, const char *expr)
{
	xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)expr, xp);
	xmlNodePtr node = NULL;
	if (obj && obj->nodesetval && obj->nodesetval->nodeNr > 0)
		node = obj->nodesetval->nodeTab[0];
	xmlXPathFreeObject(obj);
	return node;
}

/* Whether the XPath expression is true (a node set: not empty). */
static bool holds(xmlXPathContextPtr xp, const char *expr)
{
	xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)expr, xp);
	bool yes = obj && xmlXPathCastToBoolean(obj);
	xmlXPathFreeObject(obj);
	return yes;
}

static char *attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)name) : NULL;
	char *s = v ? g_strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* libvirt's scaled units (b, k/KiB = 1024, KB = 1000, ...); shmem sizes default to
 * bytes. 0 for an unknown unit. */
static uint64_t unit_scale(const char *unit)
{
	if (!unit || !g_ascii_strcasecmp(unit, "b") || !g_ascii_strcasecmp(unit, "bytes"))
		return 1;
	const char *p = strchr("kmgt", g_ascii_tolower(unit[0]));
	if (!p || !*p)
		return 0;
	bool si = !g_ascii_strcasecmp(unit + 1, "b");
	if (!si && unit[1] && g_ascii_strcasecmp(unit + 1, "ib"))
		return 0;
	uint64_t scale = 1;
	for (const char *q = "kmgt"; q <= p; q++)
		scale *= si ? 1000 : 1024;
	return scale;
}

/* A kvmfr device passed with <qemu:commandline> (no <shmem>): its path, or NULL. */
static char *kvmfr_path(const char *xml, size_t len)
{
	char *copy = g_strndup(xml, len);
	char *at = strstr(copy, "/dev/kvmfr"), *path = NULL;
	if (at)
		path = g_strndup(at, strspn(at, "/devkmfr0123456789"));
	g_free(copy);
	return path;
}

static void check_shmem(xmlXPathContextPtr xp, uint32_t w, uint32_t h, bool hdr,
			GPtrArray *findings, char **shm_path)
{
	uint64_t need = kvmfr_recommended_size(w, h, hdr);
	xmlNodePtr shmem = first(xp, "/domain/devices/shmem");
	if (!shmem) {
		lgctl_finding_add(findings, "shmem-missing",
				  "no ivshmem device: the guest has nowhere to put its frames",
				  "add to <devices>:\n    <shmem name='looking-glass'>\n"
				  "      <model type='ivshmem-plain'/>\n"
				  "      <size unit='M'>%" G_GUINT64_FORMAT "</size>\n    </shmem>",
				  need / MIB);
		return;
	}
	guint problems = lgctl_findings_problems(findings);
	char *name = attr(shmem, "name");
	if (name)
		*shm_path = g_strconcat("/dev/shm/", name, NULL);
	xmlNodePtr model = first(xp, "/domain/devices/shmem/model");
	char *type = attr(model, "type");
	if (!type || strcmp(type, "ivshmem-plain"))
		lgctl_finding_add(findings, "shmem-model",
				  "the shmem device is not ivshmem-plain (the guest driver needs it)",
				  "in <shmem>: <model type='ivshmem-plain'/>");
	g_free(type);
	xmlNodePtr size_node = first(xp, "/domain/devices/shmem/size");
	char *unit = attr(size_node, "unit");
	xmlChar *text = size_node ? xmlNodeGetContent(size_node) : NULL;
	uint64_t scale = unit_scale(unit);
	uint64_t size = text && scale ? g_ascii_strtoull((const char *)text, NULL, 10) * scale : 0;
	if (!size_node) {
		/* QEMU's default is 4 MiB: far too small. */
		lgctl_finding_add(findings, "shmem-too-small",
				  "the shmem device has no size (QEMU's default, 4 MiB, is too small)",
				  "in <shmem>: <size unit='M'>%" G_GUINT64_FORMAT "</size>", need / MIB);
	} else if (size < need) {
		char *what = g_strdup_printf("the shmem size (%" G_GUINT64_FORMAT " MiB) is too small "
					     "for %ux%u%s", size / MIB, w, h, hdr ? " HDR" : "");
		lgctl_finding_add(findings, "shmem-too-small", what,
				  "in <shmem>: <size unit='M'>%" G_GUINT64_FORMAT "</size>, then "
				  "`lgctl shm prepare --for %ux%u%s`", need / MIB, w, h,
				  hdr ? " --hdr" : "");
		g_free(what);
	} else if (size & (size - 1)) {
		lgctl_finding_add(findings, "shmem-not-pow2",
				  "the shmem size is not a power of two (ivshmem refuses it)",
				  "in <shmem>: <size unit='M'>%" G_GUINT64_FORMAT "</size>", need / MIB);
	}
	if (lgctl_findings_problems(findings) == problems)
		lgctl_finding_ok(findings, "shmem", "ivshmem-plain shmem '%s' of %" G_GUINT64_FORMAT
				 " MiB (%ux%u%s needs %" G_GUINT64_FORMAT " MiB)", name ? name : "",
				 size / MIB, w, h, hdr ? " HDR" : "", need / MIB);
	xmlFree(text);
	g_free(unit);
	g_free(name);
}

/* A check that is a single XPath expression, true when all is well. */
struct xml_check {
	const char *id, *expr;
	const char *ok;   /* what passed */
	const char *what; /* what is wrong */
	const char *fix;
};

static const struct xml_check xml_checks[] = {
	{"spice-missing", "/domain/devices/graphics[@type='spice']", "SPICE graphics",
	 "no SPICE graphics: lgview sends keyboard, mouse and sound through SPICE",
	 "add to <devices>:\n    <graphics type='spice' autoport='yes'>\n"
	 "      <listen type='address' address='127.0.0.1'/>\n    </graphics>"},
	{"spicevmc-missing", "/domain/devices/channel[@type='spicevmc']",
	 "spicevmc channel (clipboard sharing)", "no spicevmc channel: no clipboard sharing",
	 "add to <devices>:\n    <channel type='spicevmc'>\n"
	 "      <target type='virtio' name='com.redhat.spice.0'/>\n    </channel>"},
	{"sound-not-ich9", "/domain/devices/sound[@model='ich9']", "ICH9 sound card",
	 "no ICH9 sound card: Windows' driver for it is what Looking Glass is tested with",
	 "add to <devices>:\n    <sound model='ich9'>\n"
	 "      <audio id='1'/>\n    </sound>\n    <audio id='1' type='spice'/>"},
	{"audio-not-spice", "not(/domain/devices/audio) or /domain/devices/audio[@type='spice']",
	 "audio goes through SPICE",
	 "the audio backend is not SPICE: lgview will not hear the guest",
	 "in <devices>: <audio id='1' type='spice'/>"},
	{"hyperv-vendor-id", "/domain/features/hyperv/vendor_id[@state='on' and @value!='']",
	 "Hyper-V vendor_id set", "no Hyper-V vendor_id: NVIDIA's older drivers stop with code 43",
	 "in <features><hyperv mode='custom'>: <vendor_id state='on' value='0123456789ab'/>"},
	{"kvm-hidden", "/domain/features/kvm/hidden[@state='on']", "KVM hidden from the guest",
	 "KVM is not hidden from the guest: some GPU drivers refuse to run",
	 "in <features>: <kvm><hidden state='on'/></kvm>"},
	{"memballoon", "/domain/devices/memballoon[@model='none']", "memory balloon off",
	 "the memory balloon is on: with VFIO all guest memory is pinned, so it only costs "
	 "performance", "in <devices>: <memballoon model='none'/>"},
};

void lgctl_doctor_xml(const char *xml, size_t len, uint32_t w, uint32_t h, bool hdr,
		      GPtrArray *findings, char **shm_path)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)MIN(len, (size_t)INT32_MAX), "domain.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlXPathContextPtr xp = doc ? xmlXPathNewContext(doc) : NULL;
	if (!xp || !holds(xp, "/domain")) {
		lgctl_finding_add(findings, "xml-invalid", "the domain XML is not a libvirt <domain>",
				  "check it with `virsh dumpxml NAME` or `virt-xml-validate FILE`");
		goto out;
	}
	*shm_path = kvmfr_path(xml, len);
	if (*shm_path) /* a kvmfr device's size is the module's static_size_mb */
		lgctl_finding_ok(findings, "shmem", "the VM's shared memory is the kvmfr device %s",
				 *shm_path);
	else
		check_shmem(xp, w, h, hdr, findings, shm_path);
	for (size_t i = 0; i < G_N_ELEMENTS(xml_checks); i++) {
		const struct xml_check *c = &xml_checks[i];
		if (holds(xp, c->expr))
			lgctl_finding_ok(findings, c->id, "%s", c->ok);
		else
			lgctl_finding_add(findings, c->id, c->what, "%s", c->fix);
	}
out:
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
}
