/* check_udp.c - UDP_CHECK: one datagram (payload, or an empty one) on a
 * connected UDP socket, then wait up to connect_timeout.
 *
 *   a reply arrives            up if it starts with require_reply's bytes and
 *                              its length is within min/max_reply_length,
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
#include "check_udp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

/* Value of one hex digit, -1 if ch is none. */
static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int udp_hex_decode(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int h = hex_digit(s[2 * i]), l = hex_digit(s[2 * i + 1]);
		if (h < 0 || l < 0)
			return -1;
		out[i] = (uint8_t)(h << 4 | l);
	}
	return (int)(n / 2);
}

bool udp_reply_ok(const struct check_conf *cc, const uint8_t *reply, size_t have, size_t len,
		  char *why, size_t why_size)
{
	if (cc->udp_min_reply_len != CHECK_UNSET && len < cc->udp_min_reply_len) {
		snprintf(why, why_size, "UDP reply mismatch: %zu bytes, min_reply_length %u", len,
			 cc->udp_min_reply_len);
		return false;
	}
	if (cc->udp_max_reply_len != CHECK_UNSET && len > cc->udp_max_reply_len) {
		snprintf(why, why_size, "UDP reply mismatch: %zu bytes, max_reply_length %u", len,
			 cc->udp_max_reply_len);
		return false;
	}
	if (cc->udp_reply && (have < cc->udp_reply_len || memcmp(reply, cc->udp_reply, cc->udp_reply_len))) {
		snprintf(why, why_size, "UDP reply mismatch: %zu bytes, not starting with require_reply (%u bytes)",
			 len, cc->udp_reply_len);
		return false;
	}
	return true;
}

/* Read what the socket has: a reply or a pending error. Reports the
 * attempt and returns true, or returns false when there is nothing yet. */
static bool udp_read(struct check_rt *c)
{
	uint8_t buf[UDP_DATA_MAX];
	char why[sizeof(c->last)];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return false;
	if (n < 0 && errno == ECONNREFUSED)
		check_done(c, false, "UDP port unreachable");
	else if (n < 0)
		check_done(c, false, "UDP receive failed: %s", strerror(errno));
	else if (!udp_reply_ok(c->conf, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf),
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

static void udp_start(struct check_rt *c)
{
	const struct check_conf *cc = c->conf;
	int fd = check_sock_connect(c, SOCK_DGRAM, IPPROTO_UDP, 0);
	if (fd < 0) {
		check_done(c, false, "UDP connect failed: %s", strerror(errno));
		return;
	}
	if (!check_watch(c, fd, EPOLLIN))
		return;
	if (send(fd, cc->udp_payload ? (const void *)cc->udp_payload : "", cc->udp_payload_len, MSG_DONTWAIT) < 0) {
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
	if (c->conf->udp_require_reply)
		check_done(c, false, "UDP no reply");
	else
		check_done(c, true, "no port unreachable within connect_timeout");
}

const struct check_ops check_ops_udp = {
	.id = CHECK_UDP,
	.name = "UDP_CHECK",
	.start = udp_start,
	.io = udp_io,
	.timeout = udp_timeout,
};
