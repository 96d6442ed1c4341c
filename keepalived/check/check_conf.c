/* check_conf.c - life cycle and small helpers of the checker configuration
 * structs (see check_conf.h). */
#include "check_conf.h"
#include "check_type.h"
#include "privdrop.h"
#include "util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lvs_scheds[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
	"fo", "ovf", "mh",
};

/* True when name is one of the IPVS schedulers we accept. */
bool lvs_sched_valid(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(lvs_scheds); i++)
		if (strcmp(lvs_scheds[i], name) == 0)
			return true;
	return false;
}

/* "NAT", "DR", "TUN" (or "unset"). */
const char *lvs_method_name(enum lvs_method m)
{
	switch (m) {
	case LVS_METHOD_NAT: return "NAT";
	case LVS_METHOD_DR: return "DR";
	case LVS_METHOD_TUN: return "TUN";
	default: return "unset";
	}
}

/* The configuration keyword of a check type. */
const char *check_type_name(enum check_type t)
{
	const struct check_ops *ops = check_type_get(t);
	return ops ? ops->name : "?";
}

/* "TCP", "UDP", "SCTP". */
const char *vs_protocol_name(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "TCP";
	case IPPROTO_UDP: return "UDP";
	case IPPROTO_SCTP: return "SCTP";
	}
	return "?";
}

/* Print an address (IPv6 in brackets) into buf; returns buf. */
const char *ka_addr_str(const struct ka_addr *a, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];
	if (a->family == AF_INET6) {
		inet_ntop(AF_INET6, &a->u.v6, tmp, sizeof(tmp));
		snprintf(buf, size, "[%s]", tmp);
	} else if (a->family == AF_INET) {
		inet_ntop(AF_INET, &a->u.v4, buf, size);
	} else {
		snprintf(buf, size, "(none)");
	}
	return buf;
}

const struct ka_ep_key *ka_ep_key(const struct ka_addr *a, uint16_t port, struct ka_ep_key *k)
{
	memset(k, 0, sizeof(*k));
	k->family = a->family;
	k->port = port;
	if (a->family == AF_INET)
		memcpy(k->addr, &a->u.v4, sizeof(a->u.v4));
	else if (a->family == AF_INET6)
		memcpy(k->addr, &a->u.v6, sizeof(a->u.v6));
	return k;
}

/* Whether an HTTP status is accepted by url u (default: 2xx). */
bool url_status_ok(const struct url_conf *u, unsigned status)
{
	if (!u->has_status)
		return status >= 200 && status <= 299;
	if (status >= 600)
		return false;
	return u->status_bits[status / 8] & (1u << (status % 8));
}

/* Defaults for a new virtual server (keepalived's). */
void vs_conf_init(struct vs_conf *vs)
{
	memset(vs, 0, sizeof(*vs));
	vs->protocol = 0;                 /* validation: UDP when not given, as keepalived */
	vs->sched[0] = '\0';               /* validation: wlc, NAT with keepalived 2.2.7's warnings */
	vs->method = LVS_METHOD_UNSET;
	vs->fwmark_family = 0;             /* validation: ip_family, else the servers' (as keepalived 2.2.7) */
	vs->quorum = 1;
	vs->smtp_alert = CHECK_UNSET;
	vs->connect_timeout_ms = 5000;
	vs->retry = CHECK_UNSET;
	vs->delay_before_retry_ms = CHECK_UNSET;
	vs->delay_loop_ms = 60000;
	vs->warmup_ms = CHECK_UNSET;
	vs->rise = CHECK_UNSET;
	vs->fall = CHECK_UNSET;
	rs_conf_init(&vs->sorry);
}

/* A real server with everything inherited. */
void rs_conf_init(struct rs_conf *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->weight = 1;
	rs->inhibit_on_failure = CHECK_UNSET;
	rs->alpha = CHECK_UNSET;
	rs->smtp_alert = CHECK_UNSET;
	rs->connect_timeout_ms = CHECK_UNSET;
	rs->retry = CHECK_UNSET;
	rs->delay_before_retry_ms = CHECK_UNSET;
	rs->delay_loop_ms = CHECK_UNSET;
	rs->warmup_ms = CHECK_UNSET;
	rs->rise = CHECK_UNSET;
	rs->fall = CHECK_UNSET;
}

/* A check with everything inherited. */
void check_conf_init(struct check_conf *chk, enum check_type type)
{
	memset(chk, 0, sizeof(*chk));
	chk->type = type;
	chk->connect_port = CHECK_UNSET;
	chk->bind_port = CHECK_UNSET;
	chk->connect_timeout_ms = CHECK_UNSET;
	chk->retry = CHECK_UNSET;
	chk->delay_before_retry_ms = CHECK_UNSET;
	chk->delay_loop_ms = CHECK_UNSET;
	chk->warmup_ms = CHECK_UNSET;
	chk->rise = CHECK_UNSET;
	chk->fall = CHECK_UNSET;
	chk->alpha = CHECK_UNSET;
	const struct check_ops *ops = check_type_get(type);
	if (ops && ops->conf_init)
		ops->conf_init(chk);
}

void check_conf_free(struct config *conf)
{
	for (size_t i = 0; i < conf->n_vs; i++)
		vs_conf_free(&conf->vs[i]);
	for (size_t i = 0; i < conf->n_vsg; i++)
		vsg_conf_free(&conf->vsg[i]);
	free(conf->vs);
	free(conf->vsg);
	conf->vs = NULL;
	conf->vsg = NULL;
	conf->n_vs = conf->n_vsg = 0;
	if (conf->checker) {
		conf_fields_free(&check_global_conf_desc, conf->checker);
		free(conf->checker);
		conf->checker = NULL;
	}
}

void check_global_conf_init(struct check_global_conf *g)
{
	memset(g, 0, sizeof(*g));
	g->sync.syncid = CHECK_UNSET;
	str_copy(g->nft_table, sizeof(g->nft_table), CHECK_NFT_TABLE);
	g->nft_priority = -1;
	g->nft_start_fwmark = 1000;
}

struct check_global_conf *check_global_of(struct config *conf)
{
	if (!conf->checker) {
		conf->checker = xmalloc(sizeof(*conf->checker));
		check_global_conf_init(conf->checker);
	}
	return conf->checker;
}

uint64_t check_conf_caps(const struct config *conf)
{
	for (size_t v = 0; v < conf->n_vs; v++)
		for (size_t r = 0; r < conf->vs[v].n_rs; r++)
			for (size_t c = 0; c < conf->vs[v].rs[r].n_checks; c++) {
				uint32_t port = conf->vs[v].rs[r].checks[c].bind_port;
				if (port != CHECK_UNSET && port > 0 && port < 1024)
					return PRIV_CAP(CAP_NET_BIND_SERVICE);
			}
	return 0;
}
