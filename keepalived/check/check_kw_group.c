/* check_kw_group.c - virtual_server_group NAME { ... }: a list block whose
 * lines are
 *   IP [PORT]
 *   IP-RANGE [PORT]     192.168.1.1-10, 192.168.1.250-192.168.2.10,
 *                       192.168.1.8/29, 2001:db8::1-ff
 *   fwmark N [inet|inet6]
 */
#include "check_kw.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VSG_RANGE_MAX 65536

/* Parse "A-B", "A-LAST" or "A/LEN" (a is the text). Fills e->addr, e->count. */
static bool parse_range(struct conf_ctx *c, const struct conf_token *tok, struct vsg_entry *e)
{
	char buf[128];
	if (!str_copy(buf, sizeof(buf), tok->text))
		goto bad;
	char *sep = strpbrk(buf, "-/");
	char kind = sep ? *sep : 0;
	if (sep)
		*sep++ = '\0';
	sa_family_t fam = strchr(buf, ':') ? AF_INET6 : AF_INET;
	e->addr.family = fam;
	if (inet_pton(fam, buf, &e->addr.u) != 1)
		goto bad;
	e->count = 1;
	if (!kind)
		return true;

	/* the last 32 bits of the first address, host order */
	uint32_t first = fam == AF_INET ? ntohl(e->addr.u.v4.s_addr)
					: ntohl(((uint32_t *)&e->addr.u.v6)[3]);
	uint64_t last;
	char *end;
	if (kind == '/') {
		unsigned long len = strtoul(sep, &end, 10);
		unsigned bits = fam == AF_INET ? 32 : 128;
		if (end == sep || *end || len > bits)
			goto bad;
		if (bits - len > 16)
			goto too_many;
		uint32_t n = 1u << (bits - len);
		first &= ~(n - 1);
		last = (uint64_t)first + n - 1;
	} else if (strchr(sep, fam == AF_INET ? '.' : ':')) {
		struct ka_addr b;
		if (inet_pton(fam, sep, &b.u) != 1)
			goto bad;
		if (fam == AF_INET6 && memcmp(&b.u.v6, &e->addr.u.v6, 12) != 0)
			goto bad;
		last = fam == AF_INET ? ntohl(b.u.v4.s_addr) : ntohl(((uint32_t *)&b.u.v6)[3]);
	} else {
		/* last octet (IPv4, decimal) or last group (IPv6, hex) */
		unsigned long v = strtoul(sep, &end, fam == AF_INET ? 10 : 16);
		if (end == sep || *end || v > (fam == AF_INET ? 255u : 0xffffu))
			goto bad;
		uint32_t mask = fam == AF_INET ? 0xffu : 0xffffu;
		last = (first & ~mask) | v;
	}
	if (last < first)
		goto bad;
	if (last - first + 1 > VSG_RANGE_MAX)
		goto too_many;
	if (fam == AF_INET)
		e->addr.u.v4.s_addr = htonl(first);
	else
		((uint32_t *)&e->addr.u.v6)[3] = htonl(first);
	e->count = (uint32_t)(last - first + 1);
	return true;
too_many:
	conf_error(c, tok, "virtual_server_group entry %s: more than %d addresses", tok->text, VSG_RANGE_MAX);
	return false;
bad:   /* keepalived 2.2.7 skips the line with a message and runs the file */
	conf_warn(c, tok, "virtual_server_group entry must be IP, IP-RANGE or IP/LEN, got %s: the line is "
		  "skipped, as keepalived 2.2.7 skips it", tok->text);
	return false;
}

/* Words after the ones keepalived 2.2.7 reads (from a->argv[keep]): it
 * drops them silently; a notice here (-t exits 0, as there). */
static void extra_words(struct conf_ctx *c, const struct conf_args *a, size_t keep)
{
	char words[256] = "";
	size_t len = 0;
	for (size_t i = keep; i < a->argc && len < sizeof(words); i++)
		len += (size_t)snprintf(words + len, sizeof(words) - len, "%s%s", i > keep ? " " : "", a->argv[i].text);
	conf_notice(c, &a->argv[keep], "virtual_server_group entry %s: '%s' ignored, as keepalived 2.2.7 ignores it",
		    a->argv[0].text, words);
}

static void vsg_line(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	struct vsg_conf *g = obj;
	struct vsg_entry e;
	uint32_t v;
	memset(&e, 0, sizeof(e));
	e.origin = conf_origin_of(&a->argv[0]);

	if (strcmp(a->argv[0].text, "fwmark") == 0) {
		if (a->argc < 2) {
			conf_error(c, &a->argv[0], "fwmark needs a number and optionally inet|inet6");
			return;
		}
		if (a->argc > 3)   /* keepalived 2.2.7 reads two words after fwmark */
			extra_words(c, a, 3);
		if (!conf_get_uint(c, &a->argv[1], "fwmark", 1, UINT32_MAX, &e.fwmark))
			return;
		e.kind = VSGE_FWMARK;
		e.fwmark_family = 0;   /* none: the virtual server's family (keepalived 2.2.7) */
		if (a->argc >= 3) {
			if (strcmp(a->argv[2].text, "inet6") == 0)
				e.fwmark_family = AF_INET6;
			else if (strcmp(a->argv[2].text, "inet") == 0)
				e.fwmark_family = AF_INET;   /* given: not the servers' (2.2.7) */
			else {
				/* keepalived 2.2.7: "family ... unknown - ignoring", runs without the entry */
				conf_warn(c, &a->argv[2], "virtual_server_group: fwmark family must be inet or inet6, got %s: "
					  "the entry is ignored, as keepalived 2.2.7 ignores it", a->argv[2].text);
				return;
			}
		}
	} else {
		if (a->argc > 2)   /* keepalived 2.2.7 reads IP and PORT, drops the rest */
			extra_words(c, a, 2);
		if (!parse_range(c, &a->argv[0], &e))
			return;
		e.kind = VSGE_ADDR;
		if (a->argc >= 2) {
			if (!conf_get_uint(c, &a->argv[1], "port", 0, 65535, &v))
				return;
			e.port = (uint16_t)v;
		}
	}
	*(struct vsg_entry *)array_push(&g->entries, &g->n_entries, sizeof(e)) = e;
}

/* The end of a virtual_server_group block, as keepalived 2.2.7 takes it:
 * a block without an entry is removed there and then ("virtual server
 * group G has no entries - removing", -t exits 5) - a warning here; of the
 * blocks of one name that have entries the first is used and the later
 * ones are never looked at (2.2.7 finds a group by name from the start of
 * its list and says nothing: -t exits 0), a notice here. So the group a
 * name stands for is its first block with entries, which is what stays in
 * conf->vsg (one group per name): g is the last one pushed. */
/* IPv4 and IPv6 entries and a fwmark without a family: keepalived 2.2.7
 * cannot give that fwmark a family and removes the whole group ("virtual
 * server group G cannot have IPv4, IPv6 and fwmark without family -
 * removing", -t 5; its virtual server is then ignored). Ours installed
 * every entry, the fwmark as IPv4. */
static bool vsg_mixed(const struct vsg_conf *g)
{
	bool v4 = false, v6 = false, bare = false;
	for (size_t i = 0; i < g->n_entries; i++) {
		const struct vsg_entry *e = &g->entries[i];
		sa_family_t f = e->kind == VSGE_FWMARK ? e->fwmark_family : e->addr.family;
		v4 |= f == AF_INET;
		v6 |= f == AF_INET6;
		bare |= e->kind == VSGE_FWMARK && !f;
	}
	return v4 && v6 && bare;
}

static void vsg_close(struct conf_ctx *c, void *obj, const struct conf_token *open_brace)
{
	struct config *conf = conf_ctx_config(c);
	struct vsg_conf *g = obj;
	if (conf->n_vsg == 0 || g != &conf->vsg[conf->n_vsg - 1])
		return;
	struct vsg_conf *first = NULL;
	for (size_t i = 0; i + 1 < conf->n_vsg && !first; i++)
		if (strcmp(conf->vsg[i].name, g->name) == 0)
			first = &conf->vsg[i];
	if (vsg_mixed(g)) {
		conf_warn(c, open_brace, "virtual_server_group %s cannot have IPv4, IPv6 and fwmark without family - "
			  "removing, as keepalived 2.2.7 removes it", g->name);
		free(g->entries);
		g->entries = NULL;
		g->n_entries = 0;   /* removed: as a group without entries below, without its warning */
		if (!first)
			return;
	} else if (g->n_entries == 0) {
		conf_warn(c, open_brace, "virtual_server_group %s has no entries - removing, as keepalived "
			  "2.2.7 removes it", g->name);
		if (!first)
			return;   /* kept, empty: a virtual server naming it is ignored (check_validate.c) */
	} else if (first && first->n_entries) {
		conf_notice(c, open_brace, "virtual_server_group %s is defined twice (first at %s:%d): this "
			    "block is ignored, as keepalived 2.2.7 uses the first", g->name, first->origin.file,
			    first->origin.line);
	} else if (first) {   /* the first had no entries: removed there, this one is the group */
		vsg_conf_free(first);
		*first = *g;
		conf->n_vsg--;
		return;
	} else {
		return;
	}
	vsg_conf_free(g);
	conf->n_vsg--;
}

const struct conf_block vsg_block = { "virtual_server_group", NULL, 0, vsg_line, vsg_close };

/* virtual_server_group NAME { ... }: append a group; vsg_close() settles
 * a second block of a name. */
void *vsg_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	struct config *conf = conf_ctx_config(c);
	char name[CONF_NAME_MAX];
	if (!conf_get_string(c, &a->argv[1], "virtual_server_group", name, sizeof(name)))
		return NULL;
	struct vsg_conf *g = array_push(&conf->vsg, &conf->n_vsg, sizeof(*g));
	str_copy(g->name, sizeof(g->name), name);
	g->origin = conf_origin_of(&a->argv[0]);
	return g;
}
