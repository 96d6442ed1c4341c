/* check_validate.c - cross-object checks of virtual servers and groups,
 * and inheritance of check defaults (vs -> real_server -> check), so that
 * the checker child gets final values only. See check_conf.h.
 */
#include "bfd_conf.h"
#include "check_conf.h"
#include "check_type.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* verror(origin, ...) for a struct conf_origin logs an error;
 * vwarn(&warnings, origin, ...) a warning counted in warnings (so that -t
 * exits 5, as keepalived 2.2.7 does on its messages). */
#define verror(o, ...) check_conf_log(LOG_ERR, (o), __VA_ARGS__)
#define vwarn(w, o, ...) ((void)(*(w) += check_conf_log(LOG_WARNING, (o), __VA_ARGS__)))

/* Contract: see check_type.h. */
int check_conf_log(int prio, const struct conf_origin *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(prio, "%s:%d: %s", o->file, o->line, msg);
	return 1;
}

static uint32_t pick(uint32_t a, uint32_t b, uint32_t c, uint32_t dflt)
{
	if (a != CHECK_UNSET)
		return a;
	if (b != CHECK_UNSET)
		return b;
	if (c != CHECK_UNSET)
		return c;
	return dflt;
}

/* The one compaction of the arrays validation drops elements from (real
 * servers, checks, virtual servers): keeps, in order and in place, the
 * elements of base[0..n) - structs of desc - that drop() leaves, frees the
 * others with conf_fields_free() and returns how many are kept. drop(elem,
 * kept, ctx) is called once per element, in order; it may read the
 * elements kept before elem at base[0..kept) (and index them by kept) and
 * gives the warning of what it drops. */
typedef bool conf_drop_fn(void *elem, size_t kept, void *ctx);
static size_t conf_compact(const struct conf_struct_desc *desc, void *base, size_t n,
			   conf_drop_fn *drop, void *ctx)
{
	char *a = base;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		void *e = a + i * desc->size;
		if (drop(e, kept, ctx)) {
			conf_fields_free(desc, e);
			continue;
		}
		if (kept != i)
			memcpy(a + kept * desc->size, e, desc->size);
		kept++;
	}
	return kept;
}

/* Fill every inherited field of chk from rs and vs, with the type's
 * defaults (keepalived's: retry 1, 0 for MISC_CHECK, 3 for DNS_CHECK;
 * delay_before_retry 3 s for HTTP, delay_loop for DNS, else 1 s). */
static void inherit_check(struct check_conf *chk, const struct rs_conf *rs, const struct vs_conf *vs)
{
	const struct check_ops *ops = check_type_get(chk->type);
	chk->connect_timeout_ms = pick(chk->connect_timeout_ms, rs->connect_timeout_ms, vs->connect_timeout_ms, 5000);
	chk->delay_loop_ms = pick(chk->delay_loop_ms, rs->delay_loop_ms, vs->delay_loop_ms, 60000);
	chk->retry = pick(chk->retry, rs->retry, vs->retry, ops->default_retry);
	uint32_t dbr = ops->default_delay_before_retry_ms;
	chk->delay_before_retry_ms = pick(chk->delay_before_retry_ms, rs->delay_before_retry_ms,
					  vs->delay_before_retry_ms, dbr == CHECK_UNSET ? chk->delay_loop_ms : dbr);
	chk->warmup_ms = pick(chk->warmup_ms, rs->warmup_ms, vs->warmup_ms, chk->delay_loop_ms);
	chk->rise = pick(chk->rise, rs->rise, vs->rise, 1);
	chk->fall = pick(chk->fall, rs->fall, vs->fall, chk->retry + 1);
	chk->alpha = pick(chk->alpha, rs->alpha, vs->alpha, 0);
	/* fwmark services: real servers may have no port */
	if (chk->connect_port == CHECK_UNSET && rs->port == 0 && ops->default_port)
		chk->connect_port = ops->default_port;
}

/* Direct routing and tunnelling cannot change the destination port, so
 * keepalived 2.2.7 puts the virtual server's port in IPVS for a real (or
 * sorry) server written with another one - 0 for a fwmark service - with a
 * warning; its checks still connect to the port written (they took it when
 * they were read). A group service is only warned about (group_rs_ports()). */
static void align_rs_port(struct rs_conf *rs, const struct vs_conf *vs, bool sorry, int *warnings)
{
	if (rs->method == LVS_METHOD_NAT || vs->kind == VS_KIND_GROUP)
		return;
	uint16_t want = vs->kind == VS_KIND_FWMARK ? 0 : vs->port;
	if (rs->port == want)
		return;
	char a[64];
	vwarn(warnings, &rs->origin, "virtual_server %s: %s %s port %u does not match %s - using %u (as keepalived)",
	      vs->name, sorry ? "sorry_server" : "real_server", ka_addr_str(&rs->addr, a, sizeof(a)), rs->port,
	      want ? "the virtual server's (direct routing/tunnel)" : "a fwmark service (port 0)", want);
	for (size_t i = 0; i < rs->n_checks; i++)
		if (rs->checks[i].connect_port == CHECK_UNSET && check_type_get(rs->checks[i].type)->needs_port)
			rs->checks[i].connect_port = rs->port;
	rs->port = want;
}

/* The checks keepalived 2.2.7 removes from a real server, which then runs
 * without them. Each predicate says whether c is one (and gives the
 * warning); kept[0..n_kept) are the checks of rs kept before c. */

/* A MISC_CHECK without a script (none given, or dropped with an unknown
 * script_user) or with an unknown user (their warnings were given then). */
static bool misc_dead(const struct check_conf *c)
{
	const struct misc_check_conf *m = &c->u.misc;
	return c->type == CHECK_MISC && (!m->path || (m->user_set && m->uid == MISC_NO_USER));
}

/* A FILE_CHECK whose track_file names no vrrp_track_file with a file (none
 * of that name, or one without a file, which the VRRP validation removes):
 * "FILE_CHECK has no track_file specified - ignoring". */
static bool file_dead(const struct check_conf *c, const struct config *conf, int *warnings)
{
	if (c->type != CHECK_FILE)
		return false;
	if (!c->u.file.track_file[0]) {   /* 2.2.7's words */
		vwarn(warnings, &c->origin, "FILE_CHECK has no track_file specified - ignoring, as keepalived 2.2.7 "
		      "ignores it");
		return true;
	}
	const struct vrrp_track_file_conf *tf = NULL;
	for (size_t j = 0; j < conf->vrrp_objs.n_files && !tf; j++)
		if (!strcmp(conf->vrrp_objs.files[j].name, c->u.file.track_file))
			tf = &conf->vrrp_objs.files[j];
	if (tf && tf->path)
		return false;
	vwarn(warnings, &c->origin, "FILE_CHECK: track_file %s %s - the check is ignored, "
	      "as keepalived 2.2.7 ignores it", c->u.file.track_file, tf ? "has no file" : "not found");
	return true;
}

/* keepalived 2.2.7's check_conn_opts(): a TCP/HTTP/SSL/DNS/UDP/PING check
 * that connects to an IPv6 link-local address (its connect_ip or the real
 * server's) without bind_if ("Checker link local address ... requires a
 * bind_if"). SMTP_CHECK's hosts are left alone. Found by
 * test/vm/corpus_run.sh. */
static bool link_local_dead(const struct check_conf *c, const struct rs_conf *rs, int *warnings)
{
	const struct ka_addr *dst = c->connect_ip.family ? &c->connect_ip : &rs->addr;
	bool conn = c->type == CHECK_TCP || c->type == CHECK_HTTP || c->type == CHECK_SSL ||
		    c->type == CHECK_DNS || c->type == CHECK_UDP || c->type == CHECK_PING;
	if (!conn || dst->family != AF_INET6 || !IN6_IS_ADDR_LINKLOCAL(&dst->u.v6) || c->bind_if[0])
		return false;
	char a[64];
	vwarn(warnings, &c->origin, "%s: link-local address %s needs a bind_if - the check "
	      "is removed, as keepalived 2.2.7 removes it", check_type_name(c->type),
	      ka_addr_str(dst, a, sizeof(a)));
	return true;
}

/* A BFD_CHECK keepalived 2.2.7 skips ("BFD_CHECK - BFD X not configured",
 * "No name has been specified for BFD_CHECK", "RS already monitoring X":
 * each dequeues the checker and the file runs, -t exits 5): no name, no
 * bfd_instance of that name sending events to the checker (a disabled one
 * - no neighbor - included), or a second one of the same session. */
static bool bfd_dead(const struct check_conf *c, const struct check_conf *kept, size_t n_kept,
		     const struct config *conf, int *warnings)
{
	if (c->type != CHECK_BFD)
		return false;
	const char *name = c->u.bfd.name;
	const struct bfd_instance_conf *b = name[0] ? bfd_conf_find(conf->bfd, name) : NULL;
	bool dup = false;
	for (size_t j = 0; j < n_kept && !dup; j++)
		dup = kept[j].type == CHECK_BFD && !strcmp(kept[j].u.bfd.name, name);
	if (name[0] && b && b->to_checker && !dup)
		return false;
	if (!name[0])
		vwarn(warnings, &c->origin, "No name has been specified for BFD_CHECK - skipping");
	else if (dup)
		vwarn(warnings, &c->origin, "BFD_CHECK - RS already monitoring %s - skipping", name);
	else
		vwarn(warnings, &c->origin, "BFD_CHECK - BFD %s not configured%s - skipping, as "
		      "keepalived 2.2.7 skips it", name, b ? " (its bfd_instance sends events to vrrp only)" : "");
	return true;
}

struct dead_check_ctx {
	const struct rs_conf *rs;
	const struct config *conf;
	int *warnings;
};

static bool check_dead(void *elem, size_t kept, void *ctx)
{
	const struct check_conf *c = elem;
	const struct dead_check_ctx *x = ctx;
	return misc_dead(c) || file_dead(c, x->conf, x->warnings) || link_local_dead(c, x->rs, x->warnings) ||
	       bfd_dead(c, x->rs->checks, kept, x->conf, x->warnings);
}

static void drop_dead_checks(struct rs_conf *rs, const struct config *conf, int *warnings)
{
	struct dead_check_ctx x = { rs, conf, warnings };
	rs->n_checks = conf_compact(&check_conf_desc, rs->checks, rs->n_checks, check_dead, &x);
}

static int check_rs(struct rs_conf *rs, struct vs_conf *vs, bool sorry,
		    const struct config *conf, int *warnings)
{
	int errors = 0;
	drop_dead_checks(rs, conf, warnings);
	if (rs->port == 0 && vs->kind == VS_KIND_ADDR)
		rs->port = vs->port;
	if (rs->method == LVS_METHOD_UNSET && vs->method == LVS_METHOD_UNSET) {
		/* keepalived 2.2.7: once per virtual server, when a server needs it */
		vwarn(warnings, &vs->origin, "Virtual server %s: no forwarding method set, setting default NAT",
		      vs->name);
		vs->method = LVS_METHOD_NAT;
	}
	if (rs->method == LVS_METHOD_UNSET)
		rs->method = vs->method;
	align_rs_port(rs, vs, sorry, warnings);
	if (rs->inhibit_on_failure == CHECK_UNSET)
		rs->inhibit_on_failure = sorry ? vs->sorry_server_inhibit : vs->inhibit_on_failure;
	if (rs->alpha == CHECK_UNSET)
		rs->alpha = vs->alpha;
	for (size_t i = 0; i < rs->n_checks; i++) {
		struct check_conf *chk = &rs->checks[i];
		const struct check_ops *ops = check_type_get(chk->type);
		inherit_check(chk, rs, vs);
		if (ops->needs_port && chk->connect_port == CHECK_UNSET && rs->port == 0)
			errors += verror(&chk->origin, "%s needs connect_port (the real server has no port)",
					 ops->name);
		if (ops->validate)
			errors += ops->validate(chk, rs, vs, conf);
		/* a notice, not counted: keepalived 2.2.7 says nothing of it and
		 * its -t exits 0 (a real-world file health-checks a UDP DNS
		 * service with HTTP_GET on the server's web port) */
		if (ops->over_tcp && vs->protocol == IPPROTO_UDP)
			check_conf_log(LOG_NOTICE, &chk->origin,
				"%s on a UDP virtual server connects over TCP", ops->name);
		if (chk->type == CHECK_UDP && vs->protocol != IPPROTO_UDP)
			check_conf_log(LOG_NOTICE, &chk->origin,
				"UDP_CHECK on a %s virtual server probes over UDP", vs_protocol_name(vs->protocol));
	}
	return errors;
}

/* A server's forwarding method before check_rs() fills it in. */
static enum lvs_method server_method(const struct rs_conf *rs, const struct vs_conf *vs)
{
	return rs->method != LVS_METHOD_UNSET ? rs->method : vs->method;
}

/* The family of a group's entries: AF_INET or AF_INET6, 0 when it has
 * none (fwmarks without a family only), FAMILY_MIXED when both. */
#define FAMILY_MIXED ((sa_family_t)(AF_MAX + 1))
static sa_family_t vsg_family(const struct vsg_conf *g)
{
	bool v4 = false, v6 = false;
	for (size_t i = 0; g && i < g->n_entries; i++) {
		sa_family_t f = g->entries[i].kind == VSGE_FWMARK ? g->entries[i].fwmark_family
								  : g->entries[i].addr.family;
		v4 |= f == AF_INET;
		v6 |= f == AF_INET6;
	}
	return v4 && v6 ? FAMILY_MIXED : v4 ? AF_INET : v6 ? AF_INET6 : 0;
}

/* settle_family()'s real servers: the first not tunnelled settles fam
 * when the virtual server has none; one of another family is dropped. */
struct family_ctx {
	const struct vs_conf *vs;
	sa_family_t fam;
	int *warnings;
};

static bool rs_other_family(void *elem, size_t kept, void *ctx)
{
	const struct rs_conf *rs = elem;
	struct family_ctx *x = ctx;
	(void)kept;
	if (server_method(rs, x->vs) == LVS_METHOD_TUN)
		return false;
	if (!x->fam) {
		x->fam = rs->addr.family;
		return false;
	}
	if (rs->addr.family == x->fam)
		return false;
	char a[64];
	vwarn(x->warnings, &rs->origin, "Address family of virtual server and real server %s "
	      "don't match - skipping real server (as keepalived 2.2.7)", ka_addr_str(&rs->addr, a, sizeof(a)));
	return true;
}

/* Drops the real and sorry servers of another family than the virtual
 * server's and settles that family, as keepalived 2.2.7 does: an address
 * service has its address's; a fwmark its ip_family, else - as a group of
 * fwmarks without a family - its first real server's that is not
 * tunnelled, else its sorry server's; a server of the other family (not
 * tunnelled) is skipped with 2.2.7's message (its -t exits 5, the file
 * runs without it; ours refused the file). A fwmark whose servers are all
 * tunnelled takes theirs when they agree, else IPv4. A group of one family
 * whose servers are of the other is an error: 2.2.7 drops the whole
 * virtual server with an informational line only (link_vsg_to_vs()).
 * The family ends in vs->fwmark_family (a group's fwmarks without one are
 * services of it). Returns the number of errors. */
static int settle_family(struct vs_conf *vs, const struct vsg_conf *g, int *warnings)
{
	struct family_ctx x = {
		vs, vs->kind == VS_KIND_ADDR ? vs->addr.family : vs->kind == VS_KIND_FWMARK ? vs->fwmark_family : 0,
		warnings
	};
	vs->n_rs = conf_compact(&rs_conf_desc, vs->rs, vs->n_rs, rs_other_family, &x);
	sa_family_t fam = x.fam;
	char a[64];
	if (vs->has_sorry && server_method(&vs->sorry, vs) != LVS_METHOD_TUN) {
		if (!fam) {
			fam = vs->sorry.addr.family;
		} else if (vs->sorry.addr.family != fam) {
			vwarn(warnings, &vs->sorry.origin, "Address family of virtual server and sorry server %s "
			      "don't match - skipping sorry server (as keepalived 2.2.7)",
			      ka_addr_str(&vs->sorry.addr, a, sizeof(a)));
			conf_fields_free(&rs_conf_desc, &vs->sorry);
			vs->has_sorry = false;
		}
	}
	if (vs->kind == VS_KIND_FWMARK && !fam) {   /* every server tunnelled (or none) */
		for (size_t i = 0; i <= vs->n_rs; i++) {
			const struct rs_conf *rs = i < vs->n_rs ? &vs->rs[i] : vs->has_sorry ? &vs->sorry : NULL;
			if (rs && fam && rs->addr.family != fam) {
				fam = AF_INET;
				break;
			}
			if (rs)
				fam = rs->addr.family;
		}
	}
	int errors = 0;
	if (vs->kind == VS_KIND_GROUP) {
		sa_family_t gf = vsg_family(g);
		if (gf == FAMILY_MIXED)
			fam = 0;
		else if (gf && fam && gf != fam)
			errors += verror(&vs->origin, "virtual_server group %s: its servers are %s, the group's "
					 "addresses %s (keepalived 2.2.7 ignores the virtual server)", vs->group,
					 fam == AF_INET6 ? "IPv6" : "IPv4", gf == AF_INET6 ? "IPv6" : "IPv4");
		else if (gf)
			fam = gf;
	}
	vs->fwmark_family = fam ? fam : AF_INET;
	return errors;
}

/* A file the checker will read: an error, only a warning with -t (the
 * host running -t may not be the one running the daemon). */
static int need_file(const struct conf_origin *o, const char *what, const char *path, bool check_only,
		     int *warnings)
{
	if (!path || access(path, R_OK) == 0)
		return 0;
	if (check_only) {
		vwarn(warnings, o, "%s %s cannot be read here", what, path);
		return 0;
	}
	return verror(o, "%s %s cannot be read", what, path);
}

/* The SSL block's file path read into *pem (by the parent, root, for a
 * configuration it runs: the checker builds its TLS context from these
 * bytes, not from files its uid may not open). An error when it cannot. */
#define SSL_PEM_MAX (1024 * 1024)
static int read_pem(const struct conf_origin *o, const char *what, const char *path, char **pem)
{
	free(*pem);
	*pem = NULL;
	if (!path)
		return 0;
	*pem = read_small_file(path, SSL_PEM_MAX, NULL);
	if (*pem)
		return 0;
	return verror(o, "%s %s cannot be read: %s", what, path,
		      errno == EFBIG ? "larger than 1 MiB" : errno == EINVAL ? "not a PEM text file" : strerror(errno));
}

/* The real servers of a and b (equal as sent) have a weight given alike:
 * with a virtual_server weight, "weight 1" and none differ. */
static bool same_weights_set(const struct vs_conf *a, const struct vs_conf *b)
{
	for (size_t r = 0; r < a->n_rs && r < b->n_rs; r++)
		if (a->rs[r].weight_set != b->rs[r].weight_set)
			return false;
	return true;
}

/* lvs_sync_daemon names a vrrp_instance that exists (its VRID is the
 * default syncid); the SSL block's files can be read. */
static int validate_global(struct config *conf, bool check_only, int *warnings)
{
	struct check_global_conf *g = conf->checker;
	int errors = 0;
	if (!g)
		return 0;
	struct lvs_sync_conf *s = &g->sync;
	if (s->enabled && s->instance[0]) {
		const struct vrrp_instance_conf *vi = NULL;
		for (size_t i = 0; i < conf->n_vrrp && !vi; i++)
			if (strcmp(conf->vrrp[i].name, s->instance) == 0)
				vi = &conf->vrrp[i];
		/* -C: the VRRP blocks were not read (nor does keepalived 2.2.7's
		 * checker read them); the instance is not looked for */
		if (!vi) {
			if (!(conf->parts_skipped & CONF_PART_VRRP))
				errors += verror(&s->origin, "lvs_sync_daemon: no vrrp_instance %s", s->instance);
		} else if (s->syncid == CHECK_UNSET)
			s->syncid = vi->vrid;
	}
	if (s->enabled && s->syncid == CHECK_UNSET)
		s->syncid = 0;
	errors += need_file(&g->ssl_origin, "SSL ca", g->ssl_ca, check_only, warnings);
	errors += need_file(&g->ssl_origin, "SSL certificate", g->ssl_certificate, check_only, warnings);
	errors += need_file(&g->ssl_origin, "SSL key", g->ssl_key, check_only, warnings);
	if (!check_only && !errors) {
		errors += read_pem(&g->ssl_origin, "SSL ca", g->ssl_ca, &g->ssl_ca_pem);
		errors += read_pem(&g->ssl_origin, "SSL certificate", g->ssl_certificate, &g->ssl_certificate_pem);
		errors += read_pem(&g->ssl_origin, "SSL key", g->ssl_key, &g->ssl_key_pem);
	}
	return errors;
}

/* The name of a virtual server in logs and dumps: "10.0.0.1:80/TCP",
 * "fwmark 1/inet", "group G/TCP". */
static void vs_name(struct vs_conf *vs)
{
	char a[INET6_ADDRSTRLEN + 2];
	switch (vs->kind) {
	case VS_KIND_ADDR:
		snprintf(vs->name, sizeof(vs->name), "%s:%u/%s", ka_addr_str(&vs->addr, a, sizeof(a)),
			 vs->port, vs->protocol ? vs_protocol_name(vs->protocol) : "none");
		break;
	case VS_KIND_FWMARK:
		snprintf(vs->name, sizeof(vs->name), "fwmark %u/%s", vs->fwmark,
			 vs->fwmark_family == AF_INET6 ? "inet6" : "inet");
		break;
	case VS_KIND_GROUP:
		snprintf(vs->name, sizeof(vs->name), "group %s/%s", vs->group,
			 vs->protocol ? vs_protocol_name(vs->protocol) : "none");
		break;
	}
}

/* keepalived's protocol rule: a service by address (or a group with
 * addresses) without `protocol` is UDP - the kernel's default - with a
 * warning; one-packet scheduling is for UDP (or fwmarks) only. */
static void vs_protocol(struct vs_conf *vs, const struct vsg_conf *g, int *warnings)
{
	bool by_addr = vs->kind == VS_KIND_ADDR;
	for (size_t i = 0; g && i < g->n_entries; i++)
		by_addr = by_addr || g->entries[i].kind == VSGE_ADDR;
	if (vs->kind == VS_KIND_FWMARK && vs->protocol)   /* keepalived 2.2.7's warning */
		vwarn(warnings, &vs->origin, "virtual_server fwmark %u: protocol specified for fwmark - protocol "
		      "will be ignored (as keepalived)", vs->fwmark);
	else if (vs->kind == VS_KIND_GROUP && g && g->n_entries && !by_addr && vs->protocol)   /* fwmarks only */
		vwarn(warnings, &vs->origin, "virtual_server group %s: protocol specified for a group of fwmarks - "
		      "protocol will be ignored (as keepalived)", vs->group);
	if (!vs->protocol) {
		vs->protocol = by_addr ? IPPROTO_UDP : IPPROTO_TCP;
		if (by_addr)
			vwarn(warnings, &vs->origin, "virtual_server: no protocol set - defaulting to UDP (as keepalived)");
	}
	if (vs->ops && by_addr && vs->protocol != IPPROTO_UDP) {
		vwarn(warnings, &vs->origin, "virtual_server: one-packet scheduling (ops) needs UDP - ignored");
		vs->ops = false;
	}
}

/* Checks each real server of VS and drops every later copy of one already
 * listed (same address and port, after align_rs_port() made direct-routing
 * ports the virtual server's): keepalived 2.2.7 runs such a file, warning
 * "is duplicated - removing second rs", so it is a warning here too, not a
 * refused file. Returns the number of errors. */
struct rs_list_ctx {
	struct vs_conf *vs;
	const struct config *conf;
	int *warnings;
	struct keyidx *eps;   /* address and port -> index of the server kept */
	int errors;
};

static bool rs_checked_repeated(void *elem, size_t kept, void *ctx)
{
	struct rs_conf *rs = elem;
	struct rs_list_ctx *x = ctx;
	struct ka_ep_key key;
	x->errors += check_rs(rs, x->vs, false, x->conf, x->warnings);
	if (keyidx_put(x->eps, ka_ep_key(&rs->addr, rs->port, &key), sizeof(key), kept))
		return false;
	char a[64];
	vwarn(x->warnings, &rs->origin, "virtual_server %s: real_server %s port %u is duplicated - "
	      "removing the second (as keepalived)", x->vs->name, ka_addr_str(&rs->addr, a, sizeof(a)), rs->port);
	return true;
}

static int check_rs_list(struct vs_conf *vs, struct config *conf, int *warnings)
{
	struct rs_list_ctx x = { vs, conf, warnings, keyidx_new(vs->n_rs), 0 };
	vs->n_rs = conf_compact(&rs_conf_desc, vs->rs, vs->n_rs, rs_checked_repeated, &x);
	keyidx_free(x.eps);
	return x.errors;
}

/* A group virtual server's real servers that forward by direct routing or
 * tunnelling (which cannot change the port) with a port: keepalived 2.2.7
 * warns for each fwmark of the group ("fwmark virtual server [G]:0, real
 * server ... has port specified - port will be ignored") and for each
 * address entry of another port ("... ports don't match"), -t exits 5;
 * ours did not say it. The port stays as written (it was measured for
 * address services only, align_rs_port()). */
static void group_rs_ports(const struct vs_conf *vs, const struct vsg_conf *g, int *warnings)
{
	char a[64];
	bool fwm = false;
	for (size_t i = 0; i < g->n_entries; i++)
		fwm |= g->entries[i].kind == VSGE_FWMARK;
	for (size_t r = 0; r < vs->n_rs; r++) {
		const struct rs_conf *rs = &vs->rs[r];
		if (rs->method == LVS_METHOD_NAT || !rs->port)
			continue;
		ka_addr_str(&rs->addr, a, sizeof(a));
		if (fwm)
			vwarn(warnings, &rs->origin, "fwmark virtual server group %s, real server %s port %u: the port "
			      "is not used by direct routing/tunnelling (keepalived 2.2.7 says it is ignored)",
			      vs->group, a, rs->port);
		for (size_t i = 0; i < g->n_entries; i++) {
			const struct vsg_entry *e = &g->entries[i];
			char b[64];
			if (e->kind == VSGE_ADDR && e->port != rs->port)
				vwarn(warnings, &rs->origin, "virtual server group %s entry %s port %u and real server %s "
				      "port %u: ports don't match (direct routing/tunnelling), as keepalived 2.2.7 warns",
				      vs->group, ka_addr_str(&e->addr, b, sizeof(b)), e->port, a, rs->port);
		}
	}
}

/* What names a virtual server before validation fills in defaults: two
 * blocks with the same identity are the same IPVS service. */
struct vs_identity {
	enum vs_kind kind;
	struct ka_addr addr;
	uint16_t port, protocol;
	uint32_t fwmark;
	sa_family_t fwmark_family;
	char group[CONF_NAME_MAX];
};

/* Drops every virtual_server block that repeats an earlier one to the letter
 * (a file whose LVS part was pasted twice): keepalived 2.2.7 runs such a
 * file silently (-t exits 0) with one IPVS service and the same real
 * servers, so ours says so in a notice, not counted, and keeps the first.
 * A block of the same service with other settings is still refused as
 * "defined twice" by check_conf_validate(): there 2.2.7 would drive one
 * service from two configurations. Runs before validation changes them. */
struct repeated_vs_ctx {
	const struct vs_conf *vs;   /* the array (its kept part) */
	struct keyidx *ids;         /* identity -> index of the block kept */
};

static bool vs_repeated(void *elem, size_t kept, void *ctx)
{
	const struct vs_conf *vs = elem;
	struct repeated_vs_ctx *x = ctx;
	struct vs_identity id;
	memset(&id, 0, sizeof(id));
	id.kind = vs->kind;
	id.addr = vs->addr;
	id.port = vs->port;
	id.protocol = vs->protocol;
	id.fwmark = vs->fwmark;
	id.fwmark_family = vs->fwmark_family;
	str_copy(id.group, sizeof(id.group), vs->group);
	if (keyidx_put(x->ids, &id, sizeof(id), kept))
		return false;
	const struct vs_conf *first = &x->vs[keyidx_get(x->ids, &id, sizeof(id))];
	if (!vs_conf_equal(first, vs) || first->weight != vs->weight || !same_weights_set(first, vs))
		return false;   /* refused as "defined twice" later */
	check_conf_log(LOG_NOTICE, &vs->origin,
		"virtual_server: the same block as at %s:%d - this copy is ignored",
		first->origin.file, first->origin.line);
	return true;
}

static void drop_repeated_vs(struct config *conf)
{
	struct repeated_vs_ctx x = { conf->vs, keyidx_new(conf->n_vs) };
	conf->n_vs = conf_compact(&vs_conf_desc, conf->vs, conf->n_vs, vs_repeated, &x);
	keyidx_free(x.ids);
}

/* The virtual_server_group a group virtual server names, NULL if none. */
static const struct vsg_conf *find_vsg(const struct config *conf, const struct vs_conf *vs)
{
	const struct vsg_conf *g = NULL;
	for (size_t j = 0; vs->kind == VS_KIND_GROUP && j < conf->n_vsg; j++)
		if (strcmp(conf->vsg[j].name, vs->group) == 0)
			g = &conf->vsg[j];
	return g;
}

/* Ignores a group virtual server whose virtual_server_group has no entries
 * (2.2.7 removed the group at its block, check_kw_group.c, and then drops
 * the virtual server naming it), settles each virtual server's family
 * (settle_family(), which skips the servers of the other family) and then
 * ignores every virtual server left without a real server, as keepalived
 * 2.2.7 does before any other check of a virtual server: "Virtual server
 * X has no real servers - ignoring" (-t exits 5), even with a sorry_server
 * or inhibit_on_failure, and its checker never puts it into IPVS (a reload
 * that takes away the last real server removes the service, as a removed
 * virtual server: notify_down, quorum_down). Its checker runs even when
 * none is left (vs_ignored, parent.c's checker_wanted()). Ours warned and
 * installed it, with the sorry server when there was one. Returns the
 * number of errors. */
struct vs_unusable_ctx {
	const struct config *conf;
	int *warnings, errors;
};

static bool vs_unusable(void *elem, size_t kept, void *ctx)
{
	struct vs_conf *vs = elem;
	struct vs_unusable_ctx *x = ctx;
	(void)kept;
	const struct vsg_conf *g = find_vsg(x->conf, vs);
	if (g && g->n_entries == 0) {   /* removed by 2.2.7, which then finds no group */
		vwarn(x->warnings, &vs->origin, "Virtual server group %s: virtual_server_group %s was removed - "
		      "ignoring the virtual server, as keepalived 2.2.7 ignores it", vs->group, g->name);
		return true;
	}
	if (vs->n_rs && (vs->kind != VS_KIND_GROUP || g))
		x->errors += settle_family(vs, g, x->warnings);
	else if (vs->n_rs)
		vs->fwmark_family = AF_INET;
	if (vs->n_rs)
		return false;
	vs_name(vs);
	vwarn(x->warnings, &vs->origin, "Virtual server %s has no real servers - ignoring%s, as keepalived "
	      "2.2.7 ignores it", vs->name, vs->has_sorry ? " (and its sorry_server)" : "");
	return true;
}

static int drop_vs_without_rs(struct config *conf, int *warnings)
{
	struct vs_unusable_ctx x = { conf, warnings, 0 };
	size_t n = conf->n_vs;
	conf->n_vs = conf_compact(&vs_conf_desc, conf->vs, conf->n_vs, vs_unusable, &x);
	if (conf->n_vs < n)
		check_global_of(conf)->vs_ignored = true;
	return x.errors;
}

int check_conf_validate(struct config *conf, bool check_only, int *warnings)
{
	int errors = validate_global(conf, check_only, warnings);
	drop_repeated_vs(conf);
	errors += drop_vs_without_rs(conf, warnings);
	/* who starts notify_fifo_script: the VRRP child, else the checker */
	if (conf->n_vs || (conf->checker && conf->checker->vs_ignored))
		check_global_of(conf)->no_vrrp_instance = conf->n_vrrp == 0;
	struct keyidx *names = keyidx_new(conf->n_vs);   /* duplicates in linear time */
	for (size_t i = 0; i < conf->n_vs; i++) {
		struct vs_conf *vs = &conf->vs[i];
		const struct vsg_conf *g = find_vsg(conf, vs);
		if (vs->kind == VS_KIND_GROUP) {
			if (!g)
				errors += verror(&vs->origin, "virtual_server group %s: no virtual_server_group %s",
						 vs->group, vs->group);
		}
		vs_protocol(vs, g, warnings);
		vs_name(vs);
		if (!keyidx_put(names, vs->name, strlen(vs->name), i)) {
			const struct vs_conf *first = &conf->vs[keyidx_get(names, vs->name, strlen(vs->name))];
			errors += verror(&vs->origin, "virtual_server %s is defined twice (first at %s:%d)",
					 vs->name, first->origin.file, first->origin.line);
		}
		if (vs->kind == VS_KIND_ADDR && vs->port == 0 && !vs->persistent) {
			/* as keepalived 2.2.7 ("zero port only valid for persistent
			 * services - setting"): its default timeout, and it runs */
			vwarn(warnings, &vs->origin, "virtual_server %s without a port needs persistence_timeout: "
			      "persistence_timeout 360 is used, as keepalived 2.2.7 sets it", vs->name);
			vs->persistent = true;
			vs->persistence_timeout_s = 360;
		}
		if (!vs->sched[0]) {
			vwarn(warnings, &vs->origin, "Virtual server %s: no scheduler set, setting default 'wlc'",
			      vs->name);
			str_copy(vs->sched, sizeof(vs->sched), "wlc");
		}
		for (size_t r = 0; vs->weight && r < vs->n_rs; r++)
			if (!vs->rs[r].weight_set)
				vs->rs[r].weight = (int32_t)vs->weight;
		errors += check_rs_list(vs, conf, warnings);
		if (g)
			group_rs_ports(vs, g, warnings);
		uint64_t wsum = 0;
		for (size_t r = 0; r < vs->n_rs; r++)
			wsum += vs->rs[r].weight > 0 ? (uint64_t)vs->rs[r].weight : 0;
		if (vs->quorum > wsum && !wsum && vs->n_rs) {
			/* keepalived 2.2.7 says so and sets quorum 0 with hysteresis
			 * -1 (unsigned), a threshold it never reaches: the quorum
			 * stays down there as here (-t exits 5 for it) */
			vwarn(warnings, &vs->origin, "Warning - quorum %u for %s exceeds total weight of real servers "
			      "0: it is never reached (keepalived 2.2.7 reduces it to 0 with hysteresis -1, which it "
			      "never reaches either)", vs->quorum, vs->name);
		} else if (vs->quorum > wsum && wsum) {
			/* as keepalived 2.2.7, else the quorum could never be
			 * reached (the real servers' configured weights) */
			vwarn(warnings, &vs->origin, "Warning - quorum %u for %s exceeds total weight of real servers "
			      "%llu, reducing quorum to %llu", vs->quorum, vs->name, (unsigned long long)wsum,
			      (unsigned long long)wsum);
			vs->quorum = (uint32_t)wsum;
		}
		if (vs->hysteresis >= vs->quorum && vs->quorum) {
			/* as keepalived 2.2.7: else the quorum could never be lost */
			vwarn(warnings, &vs->origin, "hysteresis %u >= quorum %u: hysteresis %u is used",
			      vs->hysteresis, vs->quorum, vs->quorum - 1);
			vs->hysteresis = vs->quorum - 1;
		}
		if (vs->has_sorry)
			errors += check_rs(&vs->sorry, vs, true, conf, warnings);
		if (vs->method == LVS_METHOD_UNSET)   /* every server has its own */
			vs->method = LVS_METHOD_NAT;
	}
	keyidx_free(names);
	return errors;
}
