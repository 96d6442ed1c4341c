/* check_smtp.c - SMTP_CHECK (a check_type.h row), keepalived's dialogue:
 * connect to the real server's port (25 when it has none), read the
 * greeting (must be 220), send "HELO helo_name" (reply must be 250), send
 * QUIT and read its reply; each reply must come within connect_timeout.
 * The replies are read by smtp_reply.c.
 *
 * The legacy form `host { connect_ip ... }` inside SMTP_CHECK is turned,
 * at the block's end, into one more check per host (keepalived: the first
 * host is the check itself when the block has no connection option).
 */
#include "checker.h"
#include "check_kw.h"
#include "check_smtp.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

enum smtp_step { SMTP_GREETING = 0, SMTP_HELO, SMTP_QUIT };

struct smtp_att {
	enum smtp_step step;
	bool connected;
	struct smtp_reply reply;
	char out[SMTP_LINE_MAX + 16];
	size_t out_len, out_off;
};

static const char *helo_of(const struct check_rt *c)
{
	return c->conf->u.smtp.helo_name ? c->conf->u.smtp.helo_name : SMTP_DEFAULT_HELO;
}

static void smtp_start(struct check_rt *c)
{
	int fd = check_sock_connect(c, SOCK_STREAM, IPPROTO_TCP, 0);
	if (fd < 0) {
		check_done(c, false, "connect failed: %s", strerror(errno));
		return;
	}
	struct smtp_att *a = xcalloc(1, sizeof(*a));
	smtp_reply_init(&a->reply);
	c->att = a;
	check_watch(c, fd, EPOLLIN | EPOLLOUT | EPOLLET);
}

/* Queue a command line. */
static void say(struct smtp_att *a, const char *line)
{
	snprintf(a->out, sizeof(a->out), "%s", line);
	a->out_len = strlen(a->out);
	a->out_off = 0;
}

/* Send what is queued: false when the attempt ended. */
static bool flush_out(struct check_rt *c)
{
	struct smtp_att *a = c->att;
	while (a->out_off < a->out_len) {
		ssize_t n = send(c->fd, a->out + a->out_off, a->out_len - a->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return true;
			check_done(c, false, "SMTP send failed: %s", strerror(errno));
			return false;
		}
		a->out_off += (size_t)n;
	}
	return true;
}

/* A whole reply arrived: judge it and move on. false when the attempt ended. */
static bool on_reply(struct check_rt *c)
{
	struct smtp_att *a = c->att;
	int code = a->reply.code;
	char line[SMTP_LINE_MAX + 16];
	switch (a->step) {
	case SMTP_GREETING:
		if (code != 220) {
			check_done(c, false, "SMTP greeting %d: %s", code, a->reply.text);
			return false;
		}
		if (!smtp_helo_build(helo_of(c), line, sizeof(line))) {
			check_done(c, false, "SMTP helo_name unusable");
			return false;
		}
		say(a, line);
		a->step = SMTP_HELO;
		break;
	case SMTP_HELO:
		if (code != 250) {
			check_done(c, false, "SMTP HELO answered %d: %s", code, a->reply.text);
			return false;
		}
		say(a, "QUIT\r\n");
		a->step = SMTP_QUIT;
		break;
	case SMTP_QUIT:
		check_done(c, true, "SMTP HELO answered 250");
		return false;
	}
	smtp_reply_init(&a->reply);
	check_extend(c);
	return flush_out(c);
}

static void smtp_io(struct check_rt *c, uint32_t events)
{
	struct smtp_att *a = c->att;
	if (!a->connected) {
		int err = events & (EPOLLERR | EPOLLHUP) ? check_sock_error(c) : 0;
		if (err) {
			check_done(c, false, "connect failed: %s", strerror(err));
			return;
		}
		a->connected = true;
		check_extend(c);
	}
	if (!flush_out(c))
		return;
	char buf[2048];
	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				check_done(c, false, "SMTP receive failed: %s", strerror(errno));
			return;
		}
		if (n == 0) {
			if (a->step == SMTP_QUIT)
				check_done(c, true, "SMTP HELO answered 250");
			else
				check_done(c, false, "SMTP server closed the connection");
			return;
		}
		size_t off = 0;
		while (off < (size_t)n) {
			size_t used;
			enum smtp_result r = smtp_reply_feed(&a->reply, buf + off, (size_t)n - off, &used);
			off += used;
			if (r == SMTP_ERROR) {
				check_done(c, false, "bad SMTP reply: %s", a->reply.error);
				return;
			}
			if (r == SMTP_DONE && !on_reply(c))
				return;
		}
	}
}

static void smtp_timeout(struct check_rt *c)
{
	static const char *const what[] = { "greeting", "HELO reply", "QUIT reply" };
	struct smtp_att *a = c->att;
	if (!a || !a->connected)
		check_done(c, false, "connect timeout");
	else
		check_done(c, false, "SMTP timeout waiting for the %s", what[a->step]);
}

static void smtp_dump(const struct check_rt *c, char **b, size_t *n)
{
	str_appendf(b, n, "   helo = %s\n", helo_of(c));   /* keepalived 2.2.7's line */
}

/* ---- configuration ------------------------------------------------------- */

#define C struct check_conf

static void kw_helo(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	char line[SMTP_LINE_MAX + 16];
	if (!smtp_helo_build(a->argv[1].text, line, sizeof(line))) {
		conf_error(c, &a->argv[1], "helo_name must be one word without control characters, got %s",
			   a->argv[1].text);
		return;
	}
	free(((C *)obj)->u.smtp.helo_name);
	((C *)obj)->u.smtp.helo_name = xstrdup(a->argv[1].text);
}

/* host { connect_ip ... }: parsed into a check of its own, kept aside
 * until the end of the SMTP_CHECK block. */
static void *host_open(struct conf_ctx *c, void *parent, const struct conf_args *a)
{
	C *chk = parent;
	if (!chk)
		return NULL;
	struct smtp_check_conf *s = &chk->u.smtp;
	C *h = array_push(&s->hosts, &s->n_hosts, sizeof(*h));
	check_conf_init(h, CHECK_SMTP);
	h->origin = conf_origin_of(&a->argv[0]);
	return h;
}

static const struct conf_block smtp_host_block = {
	"host", NULL, 0, NULL, NULL, &check_conn_block,
};

static const struct conf_keyword smtp_keywords[] = {
	{ "helo_name", 1, 1, kw_helo, NULL, NULL, .skip_missing = true },   /* 2.2.7: "SMTP_CHECK helo name missing" */
	{ "host", 0, 0, NULL, &smtp_host_block, host_open },
};

/* Whether a check has any connection option of its own. */
static bool has_conn(const C *c)
{
	return c->connect_ip.family || c->connect_port != CHECK_UNSET || c->bindto.family ||
	       c->bind_port != CHECK_UNSET || c->bind_if[0] || c->fwmark || c->connect_timeout_ms != CHECK_UNSET;
}

/* Take a host's connection options. */
static void take_conn(C *dst, const C *host)
{
	dst->connect_ip = host->connect_ip;
	dst->connect_port = host->connect_port;
	dst->bindto = host->bindto;
	dst->bind_port = host->bind_port;
	memcpy(dst->bind_if, host->bind_if, sizeof(dst->bind_if));
	dst->fwmark = host->fwmark;
	dst->connect_timeout_ms = host->connect_timeout_ms;
	dst->origin = host->origin;
}

/* End of SMTP_CHECK: each host { } becomes a check (keepalived's rule). */
static void smtp_close(struct conf_ctx *ctx, void *obj, const struct conf_token *brace)
{
	C *chk = obj;
	struct smtp_check_conf *s = &chk->u.smtp;
	C *hosts = s->hosts;
	size_t n = s->n_hosts;
	s->hosts = NULL;
	s->n_hosts = 0;
	if (!n)
		return;
	conf_notice(ctx, brace, "SMTP_CHECK host blocks are deprecated: define one SMTP_CHECK per host");
	size_t first = 0;
	if (!has_conn(chk))
		take_conn(chk, &hosts[first++]);
	struct rs_conf *rs = s->rs;
	C tmpl;
	conf_fields_copy(&check_conf_desc, &tmpl, chk);     /* chk moves when rs->checks grows */
	for (size_t i = first; rs && i < n; i++) {
		C *c = array_push(&rs->checks, &rs->n_checks, sizeof(*c));
		conf_fields_copy(&check_conf_desc, c, &tmpl);
		take_conn(c, &hosts[i]);
	}
	conf_fields_free(&check_conf_desc, &tmpl);
	for (size_t i = 0; i < n; i++)
		conf_fields_free(&check_conf_desc, &hosts[i]);
	free(hosts);
}

#undef C

const struct conf_block check_smtp_block = {
	"SMTP_CHECK", smtp_keywords, ARRAY_SIZE(smtp_keywords), NULL, smtp_close, &check_conn_block,
};

static const struct conf_field smtp_rows[] = {
	CF_S(struct smtp_check_conf, helo_name),
};
const struct conf_struct_desc check_smtp_desc = CF_DESC(struct smtp_check_conf, 0, smtp_rows, NULL);

static void smtp_opened(struct check_conf *c, struct rs_conf *rs)
{
	c->u.smtp.rs = rs;
}

const struct check_ops check_ops_smtp = {
	.id = CHECK_SMTP,
	.name = "SMTP_CHECK",
	.block = &check_smtp_block,
	.conf_opened = smtp_opened,
	.default_retry = 1,
	.default_delay_before_retry_ms = 1000,
	.default_port = 25,
	.needs_port = true,
	.over_tcp = true,
	.start = smtp_start,
	.io = smtp_io,
	.timeout = smtp_timeout,
	.dump = smtp_dump,
};
