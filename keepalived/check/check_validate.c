/* check_validate.c - cross-object checks of virtual servers and groups,
 * and inheritance of check defaults (vs -> real_server -> check), so that
 * the checker child gets final values only. See check_conf.h.
 */
#include "check_conf.h"
#include "log.h"
#include "util.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int verror(const struct conf_origin *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Log "file:line: message" as an error; returns 1 (to add to a count). */
static int verror(const struct conf_origin *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s:%d: %s", o->file, o->line, msg);
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

static char *pick_str(const char *a, const char *b, const char *c)
{
	return xstrdup(a ? a : b ? b : c);
}

/* Fill every inherited field of chk from rs and vs. */
static void inherit_check(struct check_conf *chk, const struct rs_conf *rs, const struct vs_conf *vs)
{
	bool http = chk->type == CHECK_HTTP || chk->type == CHECK_SSL;
	chk->connect_timeout_ms = pick(chk->connect_timeout_ms, rs->connect_timeout_ms, vs->connect_timeout_ms, 5000);
	chk->delay_loop_ms = pick(chk->delay_loop_ms, rs->delay_loop_ms, vs->delay_loop_ms, 60000);
	chk->retry = pick(chk->retry, rs->retry, vs->retry, chk->type == CHECK_MISC ? 0 : 1);
	chk->delay_before_retry_ms = pick(chk->delay_before_retry_ms, rs->delay_before_retry_ms,
					  vs->delay_before_retry_ms, http ? 3000 : 1000);
	chk->warmup_ms = pick(chk->warmup_ms, rs->warmup_ms, vs->warmup_ms, chk->delay_loop_ms);
	chk->rise = pick(chk->rise, rs->rise, vs->rise, 1);
	chk->fall = pick(chk->fall, rs->fall, vs->fall, chk->retry + 1);
	chk->alpha = pick(chk->alpha, rs->alpha, vs->alpha, 0);
	if (chk->misc_timeout_ms == CHECK_UNSET)
		chk->misc_timeout_ms = chk->delay_loop_ms;
	if (!chk->virtualhost && (rs->virtualhost || vs->virtualhost))
		chk->virtualhost = pick_str(NULL, rs->virtualhost, vs->virtualhost);
	if (chk->connect_port == CHECK_UNSET && rs->port == 0 && chk->type != CHECK_MISC) {
		/* fwmark services: real servers may have no port */
		chk->connect_port = http ? (chk->type == CHECK_SSL ? 443 : 80) : CHECK_UNSET;
	}
}

/* UDP_CHECK's reply bounds must leave a reply that can pass; warn when it
 * probes a service that is not UDP. Returns the number of errors. */
static int check_udp_conf(const struct check_conf *chk, const struct vs_conf *vs)
{
	int errors = 0;
	uint32_t min = chk->udp_min_reply_len, max = chk->udp_max_reply_len;
	if (min != CHECK_UNSET && max != CHECK_UNSET && min > max)
		errors += verror(&chk->origin, "UDP_CHECK: min_reply_length %u > max_reply_length %u", min, max);
	if (chk->udp_reply && max != CHECK_UNSET && chk->udp_reply_len > max)
		errors += verror(&chk->origin, "UDP_CHECK: require_reply is %u bytes, longer than max_reply_length %u",
				 chk->udp_reply_len, max);
	if (!chk->udp_require_reply && (min != CHECK_UNSET || max != CHECK_UNSET))
		log_warn("%s:%d: UDP_CHECK: min/max_reply_length only apply when a reply comes "
			 "(require_reply makes one necessary)", chk->origin.file, chk->origin.line);
	if (vs->protocol != IPPROTO_UDP)
		log_warn("%s:%d: UDP_CHECK on a %s virtual server probes over UDP", chk->origin.file,
			 chk->origin.line, vs_protocol_name(vs->protocol));
	return errors;
}

static int check_rs(struct rs_conf *rs, const struct vs_conf *vs, sa_family_t vs_family, bool sorry)
{
	int errors = 0;
	char a[64];
	if (rs->port == 0 && vs->kind == VS_KIND_ADDR)
		rs->port = vs->port;
	if (rs->method == LVS_METHOD_UNSET)
		rs->method = vs->method;
	if (rs->inhibit_on_failure == CHECK_UNSET)
		rs->inhibit_on_failure = sorry ? vs->sorry_server_inhibit : vs->inhibit_on_failure;
	if (rs->alpha == CHECK_UNSET)
		rs->alpha = vs->alpha;
	if (vs_family && rs->method != LVS_METHOD_TUN && rs->addr.family != vs_family)
		errors += verror(&rs->origin, "%s %s: address family differs from virtual server %s",
				 sorry ? "sorry_server" : "real_server",
				 ka_addr_str(&rs->addr, a, sizeof(a)), vs->name);
	for (size_t i = 0; i < rs->n_checks; i++) {
		struct check_conf *chk = &rs->checks[i];
		inherit_check(chk, rs, vs);
		if ((chk->type == CHECK_TCP || chk->type == CHECK_UDP) && chk->connect_port == CHECK_UNSET &&
		    rs->port == 0)
			errors += verror(&chk->origin, "%s needs connect_port (the real server has no port)",
					 check_type_name(chk->type));
		if (chk->type == CHECK_UDP)
			errors += check_udp_conf(chk, vs);
		if ((chk->type == CHECK_HTTP || chk->type == CHECK_SSL || chk->type == CHECK_TCP) &&
		    vs->protocol == IPPROTO_UDP)
			log_warn("%s:%d: %s on a UDP virtual server connects over TCP", chk->origin.file,
				 chk->origin.line, check_type_name(chk->type));
	}
	return errors;
}

/* The address family of a virtual server's addresses (0 = mixed/none). */
static sa_family_t vs_family(const struct vs_conf *vs, const struct vsg_conf *g)
{
	if (vs->kind == VS_KIND_ADDR)
		return vs->addr.family;
	if (vs->kind == VS_KIND_FWMARK)
		return vs->fwmark_family;
	sa_family_t f = 0;
	for (size_t i = 0; g && i < g->n_entries; i++) {
		sa_family_t ef = g->entries[i].kind == VSGE_FWMARK ? g->entries[i].fwmark_family
								   : g->entries[i].addr.family;
		if (f && ef != f)
			return 0;
		f = ef;
	}
	return f;
}

int check_conf_validate(struct config *conf, bool check_only)
{
	int errors = 0;
	for (size_t i = 0; i < conf->n_vs; i++) {
		struct vs_conf *vs = &conf->vs[i];
		const struct vsg_conf *g = NULL;
		if (vs->kind == VS_KIND_GROUP) {
			for (size_t j = 0; j < conf->n_vsg; j++)
				if (strcmp(conf->vsg[j].name, vs->group) == 0)
					g = &conf->vsg[j];
			if (!g)
				errors += verror(&vs->origin, "virtual_server group %s: no virtual_server_group %s",
						 vs->group, vs->group);
			else if (g->n_entries == 0)
				log_warn("%s:%d: virtual_server_group %s is empty", g->origin.file,
					 g->origin.line, g->name);
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(conf->vs[j].name, vs->name) == 0)
				errors += verror(&vs->origin, "virtual_server %s is defined twice (first at %s:%d)",
						 vs->name, conf->vs[j].origin.file, conf->vs[j].origin.line);
		if (vs->kind == VS_KIND_ADDR && vs->port == 0 && !vs->persistent)
			errors += verror(&vs->origin, "virtual_server %s without a port needs persistence_timeout",
					 vs->name);
		if (vs->quorum_up == NULL && vs->quorum_down == NULL && vs->hysteresis >= vs->quorum &&
		    vs->hysteresis)
			log_warn("%s:%d: hysteresis %u >= quorum %u", vs->origin.file, vs->origin.line,
				 vs->hysteresis, vs->quorum);
		if (vs->n_rs == 0 && !vs->has_sorry)
			log_warn("%s:%d: virtual_server %s has no real_server", vs->origin.file,
				 vs->origin.line, vs->name);
		sa_family_t fam = vs_family(vs, g);
		for (size_t j = 0; j < vs->n_rs; j++) {
			struct rs_conf *rs = &vs->rs[j];
			errors += check_rs(rs, vs, fam, false);
			for (size_t k = 0; k < j; k++)
				if (ka_addr_eq(&vs->rs[k].addr, &rs->addr) &&
				    vs->rs[k].port == rs->port)
					errors += verror(&rs->origin, "real_server is listed twice in %s", vs->name);
		}
		if (vs->has_sorry)
			errors += check_rs(&vs->sorry, vs, fam, true);
	}
	(void)check_only;
	return errors;
}
