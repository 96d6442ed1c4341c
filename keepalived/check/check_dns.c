/* check_dns.c - DNS_CHECK (a check_type.h row): one query (type, name) in a
 * UDP datagram to the real server's port (53 when it has none); up when an
 * answer to that query comes back with RCODE 0 within connect_timeout
 * (dns_msg.c judges it), down on another RCODE, an answer to another
 * question, an ICMP port unreachable or no answer. keepalived's defaults:
 * type SOA, name ".", retry 3, delay_before_retry = delay_loop.
 */
#include "checker.h"
#include "check_dns.h"
#include "check_kw.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/* One attempt: the query sent, to judge the answer against. */
struct dns_att {
	uint8_t query[DNS_MSG_MAX];
	size_t qlen;
};

static void dns_start(struct check_rt *c)
{
	const struct dns_check_conf *d = &c->conf->u.dns;
	int fd = check_sock_connect(c, SOCK_DGRAM, IPPROTO_UDP, 0);
	if (fd < 0) {
		check_done(c, false, "DNS connect failed: %s", strerror(errno));
		return;
	}
	struct dns_att *a = xmalloc(sizeof(*a));
	c->att = a;
	if (!check_watch(c, fd, EPOLLIN))
		return;
	a->qlen = dns_query_build((uint16_t)random(), d->name ? d->name : ".", d->qtype, a->query, sizeof(a->query));
	if (!a->qlen) {
		check_done(c, false, "DNS query for %s not built", d->name);
		return;
	}
	if (send(fd, a->query, a->qlen, MSG_DONTWAIT) < 0)
		check_done(c, false, "DNS send failed: %s",
			   errno == ECONNREFUSED ? "port unreachable" : strerror(errno));
}

static void dns_io(struct check_rt *c, uint32_t events)
{
	struct dns_att *a = c->att;
	uint8_t buf[4096];
	char why[128];
	(void)events;
	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == ECONNREFUSED)
				check_done(c, false, "DNS port unreachable");
			else
				check_done(c, false, "DNS receive failed: %s", strerror(errno));
			return;
		}
		switch (dns_answer_check(a->query, a->qlen, buf, (size_t)n, why, sizeof(why))) {
		case DNS_NOT_OURS:
			continue;           /* a late answer to an earlier query, or noise */
		case DNS_GOOD:
			check_done(c, true, "DNS answer NOERROR");
			return;
		case DNS_BAD:
			check_done(c, false, "%s", why);
			return;
		}
	}
}

static void dns_timeout(struct check_rt *c)
{
	check_done(c, false, "no DNS answer within %u ms", c->conf->connect_timeout_ms);
}

static void dns_dump(const struct check_rt *c, char **b, size_t *n)
{
	str_appendf(b, n, "   Type = %s\n   Name = %s\n", dns_type_name(c->conf->u.dns.qtype),   /* 2.2.7's lines */
		    c->conf->u.dns.name ? c->conf->u.dns.name : ".");
}

/* ---- configuration ------------------------------------------------------- */

#define DNS(obj) (&((struct check_conf *)(obj))->u.dns)

static void kw_type(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	uint16_t t = dns_type_by_name(a->argv[1].text);
	if (!t) {
		/* keepalived 2.2.7: "Unknown DNS check type FOO - ignoring", -t 5, runs with A */
		conf_warn(c, &a->argv[1], "type must be one of %s, got %s: the line is skipped, as keepalived 2.2.7 "
			  "skips it", dns_type_names(), a->argv[1].text);
		return;
	}
	DNS(obj)->qtype = t;
}

static void kw_name(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	if (!dns_name_valid(a->argv[1].text)) {
		conf_error(c, &a->argv[1], "name must be a domain name (labels of 1-63 bytes, 255 in all), got %s",
			   a->argv[1].text);
		return;
	}
	free(DNS(obj)->name);
	DNS(obj)->name = xstrdup(a->argv[1].text);
}

static const struct conf_keyword dns_keywords[] = {
	{ "name", 1, 1, kw_name, NULL, NULL, .skip_bad = true, .value_required = true },   /* 2.2.7: "... has empty label - ignoring" */
	{ "type", 1, 1, kw_type, NULL, NULL },
};

const struct conf_block check_dns_block = {
	"DNS_CHECK", dns_keywords, ARRAY_SIZE(dns_keywords), NULL, NULL, &check_conn_block,
};

static bool dns_valid(const void *obj)
{
	const struct dns_check_conf *d = obj;
	return !d->name || dns_name_valid(d->name);
}

static const struct conf_field dns_rows[] = {
	CF_UANY(struct dns_check_conf, qtype),
	CF_S(struct dns_check_conf, name),
};
const struct conf_struct_desc check_dns_desc = CF_DESC(struct dns_check_conf, 0, dns_rows, dns_valid);

static void dns_conf_init(struct check_conf *c)
{
	c->u.dns.qtype = dns_type_by_name("SOA");
}

const struct check_ops check_ops_dns = {
	.id = CHECK_DNS,
	.name = "DNS_CHECK",
	.block = &check_dns_block,
	.conf_init = dns_conf_init,
	.default_retry = 3,
	.default_delay_before_retry_ms = CHECK_UNSET,     /* delay_loop */
	.default_port = 53,
	.needs_port = true,
	.start = dns_start,
	.io = dns_io,
	.timeout = dns_timeout,
	.dump = dns_dump,
};
