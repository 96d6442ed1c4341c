/* check_udp.c - UDP_CHECK (a check_type.h row): one datagram (payload, or
 * keepalived's 32-byte default) on a connected UDP socket, then wait up to
 * connect_timeout.
 *
 *   a reply arrives            up; with require_reply only if its length
 *                              is within min/max_reply_length (0..255 by
 *                              default) and its first bytes match the
 *                              require_reply bytes (X nibbles ignored),
 *                              else down ("UDP reply mismatch ...")
 *   ICMP port unreachable      down ("UDP port unreachable"): the kernel
 *                              reports it on the connected socket as
 *                              ECONNREFUSED
 *   nothing by the timeout     up without require_reply, else down
 *                              ("UDP no reply")
 *
 * The timeout is check_run.c's attempt deadline (udp_timeout). Also the
 * pure helpers of check_udp.h.
 */
#include "checker.h"
#include "check_kw.h"
#include "check_udp.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/* Value of one hex digit; 16 for a wildcard (when allowed), -1 for none. */
static int hex_digit(char ch, bool wild)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (wild && (ch == 'x' || ch == 'X'))
		return 16;
	return -1;
}

int udp_hex_decode(const char *s, uint8_t *out, uint8_t *mask, size_t max)
{
	size_t n = 0;
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		int hi = hex_digit(*p++, mask != NULL), lo = -2;
		if (hi < 0)
			return -1;
		if (*p && *p != ' ' && *p != '\t') {
			lo = hex_digit(*p++, mask != NULL);
			if (lo < 0)
				return -1;
		}
		if (n >= max)
			return -1;
		uint8_t v, m = 0;
		if (lo == -2) {            /* one digit: the byte's low nibble */
			v = hi == 16 ? 0 : (uint8_t)hi;
			m = hi == 16 ? 0x0f : 0;
		} else {
			v = (uint8_t)((hi == 16 ? 0 : hi) << 4 | (lo == 16 ? 0 : lo));
			m = (uint8_t)((hi == 16 ? 0xf0 : 0) | (lo == 16 ? 0x0f : 0));
		}
		out[n] = v;
		if (mask)
			mask[n] = m;
		n++;
	}
	return n ? (int)n : -1;
}

bool udp_reply_ok(const struct udp_check_conf *u, const uint8_t *reply, size_t have, size_t len,
		  char *why, size_t why_size)
{
	if (len < u->min_reply_len) {
		snprintf(why, why_size, "UDP reply mismatch: %zu bytes, min_reply_length %u", len, u->min_reply_len);
		return false;
	}
	if (len > u->max_reply_len) {
		snprintf(why, why_size, "UDP reply mismatch: %zu bytes, max_reply_length %u", len, u->max_reply_len);
		return false;
	}
	if (!u->reply)
		return true;
	size_t n = len < u->reply_len ? len : u->reply_len;
	for (size_t i = 0; i < n; i++) {
		uint8_t ignore = u->reply_mask && i < u->reply_mask_len ? u->reply_mask[i] : 0;
		if (i >= have || ((reply[i] ^ u->reply[i]) & (uint8_t)~ignore)) {
			snprintf(why, why_size, "UDP reply mismatch: byte %zu differs from require_reply", i);
			return false;
		}
	}
	return true;
}

/* Read what the socket has: a reply or a pending error. Reports the
 * attempt and returns true, or returns false when there is nothing yet. */
static bool udp_read(struct check_rt *c)
{
	uint8_t buf[2048];
	char why[sizeof(c->last)];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return false;
	if (n < 0 && errno == ECONNREFUSED)
		check_done(c, false, "UDP port unreachable");
	else if (n < 0)
		check_done(c, false, "UDP receive failed: %s", strerror(errno));
	else if (c->conf->u.udp.require_reply && !udp_reply_ok(&c->conf->u.udp, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf),
			       (size_t)n, why, sizeof(why)))
		check_done(c, false, "%s", why);
	else
		check_done(c, true, "UDP reply (%zd bytes)", n);
	return true;
}

/* The socket has a datagram or an error (ICMP) for us. */
static void udp_io(struct check_rt *c, uint32_t events)
{
	(void)events;
	udp_read(c);
}

/* keepalived's payload when none is configured (32 bytes). */
static const char default_payload[] = "keepalived check - keepalived ch";

static void udp_start(struct check_rt *c)
{
	const struct udp_check_conf *u = &c->conf->u.udp;
	int fd = check_sock_connect(c, SOCK_DGRAM, IPPROTO_UDP, 0);
	if (fd < 0) {
		check_done(c, false, "UDP connect failed: %s", strerror(errno));
		return;
	}
	if (!check_watch(c, fd, EPOLLIN))
		return;
	const void *data = u->payload ? (const void *)u->payload : default_payload;
	size_t len = u->payload ? u->payload_len : sizeof(default_payload) - 1;
	if (send(fd, data, len, MSG_DONTWAIT) < 0) {
		if (errno == ECONNREFUSED)
			check_done(c, false, "UDP port unreachable");
		else
			check_done(c, false, "UDP send failed: %s", strerror(errno));
	}
}

/* connect_timeout expired: up when no reply is required and no port
 * unreachable came back, down ("UDP no reply") otherwise. */
static void udp_timeout(struct check_rt *c)
{
	if (c->fd >= 0 && udp_read(c))         /* an answer that raced the timer */
		return;
	if (c->conf->u.udp.require_reply)
		check_done(c, false, "UDP no reply");
	else
		check_done(c, true, "no port unreachable within connect_timeout");
}

/* ---- configuration ------------------------------------------------------- */

#define UDP(obj) (&((struct check_conf *)(obj))->u.udp)

/* Decode the hex string in arguments 1.. into fresh buffers; reports a bad
 * string and leaves the destination as it was. */
static bool kw_hex(struct conf_ctx *c, const struct conf_args *a, bool wild, uint8_t **dst, uint32_t *len,
		   uint8_t **mask, uint32_t *mask_len)
{
	char *s = NULL;
	size_t k = 0;
	for (size_t i = 1; i < a->argc; i++)
		str_appendf(&s, &k, "%s%s", i > 1 ? " " : "", a->argv[i].text);
	size_t max = k + 1 < UDP_DATA_MAX ? k + 1 : UDP_DATA_MAX;
	uint8_t *buf = xmalloc(max), *m = wild ? xmalloc(max) : NULL;
	int n = udp_hex_decode(s, buf, m, max);
	if (n < 0) {
		conf_error(c, &a->argv[1], "%s must be hexadecimal digits%s (at most %d bytes), got %s",
			   a->argv[0].text, wild ? " or x" : "", UDP_DATA_MAX, s);
		free(buf);
		free(m);
		free(s);
		return false;
	}
	free(s);
	free(*dst);
	*dst = xrealloc(buf, (size_t)n);
	*len = (uint32_t)n;
	if (mask) {
		bool any = false;
		for (int i = 0; m && i < n; i++)
			any = any || m[i];
		free(*mask);
		*mask = any ? xrealloc(m, (size_t)n) : NULL;
		*mask_len = any ? (uint32_t)n : 0;
		if (!any)
			free(m);
	}
	return true;
}

static void kw_payload(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	kw_hex(c, a, false, &UDP(obj)->payload, &UDP(obj)->payload_len, NULL, NULL);
}

/* require_reply [HEX]: a reply is needed; with HEX it must start so. */
static void kw_require_reply(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	struct udp_check_conf *u = UDP(obj);
	if (a->argc < 2 || kw_hex(c, a, true, &u->reply, &u->reply_len, &u->reply_mask, &u->reply_mask_len))
		u->require_reply = true;
}

#define C struct check_conf
static const struct conf_keyword udp_keywords[] = {
	CONF_KW_UINT("max_reply_length", C, u.udp.max_reply_len, 0, 65535),
	CONF_KW_UINT("min_reply_length", C, u.udp.min_reply_len, 0, 65535),
	/* 2.2.7: "Invalid hex string for UDP_CHECK payload", the line skipped */
	{ "payload", 1, CONF_ARGS_ANY, kw_payload, NULL, NULL, .skip_missing = true, .skip_bad = true },
	/* a bad reply pattern stays an error: whether 2.2.7 then requires a
	 * reply is not measured */
	{ "require_reply", 0, CONF_ARGS_ANY, kw_require_reply, NULL, NULL },
};
#undef C

/* min_reply_length above max_reply_length: keepalived 2.2.7 warns "UDP_CHECK
 * min_reply length X > max_reply_length Y - will always fail" (-t 5) and
 * runs the check, which never passes; a warning here too (it was an error). */
static void udp_close(struct conf_ctx *c, void *obj, const struct conf_token *open_brace)
{
	const struct udp_check_conf *u = &((struct check_conf *)obj)->u.udp;
	if (u->min_reply_len > u->max_reply_len)
		conf_warn(c, open_brace, "UDP_CHECK min_reply_length %u > max_reply_length %u - will always fail "
			  "(as keepalived 2.2.7)", u->min_reply_len, u->max_reply_len);
}

const struct conf_block check_udp_block = {
	"UDP_CHECK", udp_keywords, ARRAY_SIZE(udp_keywords), NULL, udp_close, &check_conn_block,
};

#define U struct udp_check_conf
static const struct conf_field udp_rows[] = {
	CF_BLOBF(U, payload, payload_len),
	CF_B(U, require_reply),
	CF_BLOBF(U, reply, reply_len),
	CF_BLOBF(U, reply_mask, reply_mask_len),
	CF_U(U, min_reply_len, 0, 65535),
	CF_U(U, max_reply_len, 0, 65535),
};
#undef U
static bool udp_valid(const void *obj)
{
	const struct udp_check_conf *u = obj;
	return !u->reply_mask || u->reply_mask_len == u->reply_len;
}
const struct conf_struct_desc check_udp_desc = CF_DESC(struct udp_check_conf, 0, udp_rows, udp_valid);

static void udp_conf_init(struct check_conf *c)
{
	c->u.udp.max_reply_len = UDP_DEFAULT_MAX_REPLY;
}

/* keepalived 2.2.7's dump_udp_check() lines */
static void udp_dump(const struct check_rt *c, char **b, size_t *n)
{
	const struct udp_check_conf *u = &c->conf->u.udp;
	if (u->payload)
		str_appendf(b, n, "   Payload len = %u\n", u->payload_len);
	else
		str_appendf(b, n, "   Payload specified = no\n");
	str_appendf(b, n, "   Require reply = %s\n", u->require_reply ? "yes" : "no");
	if (u->require_reply) {
		str_appendf(b, n, "     Min reply length = %u\n     Max reply length = %u\n     Reply data len = %u\n",
			    u->min_reply_len, u->max_reply_len, u->reply ? u->reply_len : 0);
		if (u->reply)
			str_appendf(b, n, "     Reply data mask = %s\n", u->reply_mask ? "yes" : "no");
	}
}

const struct check_ops check_ops_udp = {
	.id = CHECK_UDP,
	.name = "UDP_CHECK",
	.block = &check_udp_block,
	.conf_init = udp_conf_init,
	.default_retry = 1,
	.default_delay_before_retry_ms = 1000,
	.needs_port = true,
	.start = udp_start,
	.io = udp_io,
	.timeout = udp_timeout,
	.dump = udp_dump,
};
