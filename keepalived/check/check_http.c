/* check_http.c - HTTP_GET and SSL_GET: for each url, connect, (TLS
 * handshake,) send a GET, parse the response; the check fails on a
 * connection error or timeout, a status outside status_code (default 2xx)
 * or a body whose MD5 differs from digest. All non-blocking. */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

static void step(struct check_rt *c);
static void io_cb_fn(void *arg, int fd, uint32_t events);

static SSL_CTX *ssl_ctx(struct checker *ck)
{
	if (!ck->ssl_ctx) {
		SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
		if (!ctx)
			return NULL;
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		ck->ssl_ctx = ctx;
	}
	return ck->ssl_ctx;
}

void check_ssl_free_ctx(struct checker *ck)
{
	if (ck->ssl_ctx)
		SSL_CTX_free(ck->ssl_ctx);
	ck->ssl_ctx = NULL;
}

static const struct url_conf *cur_url(const struct check_rt *c)
{
	return &c->conf->urls[c->url_idx];
}

/* The Host: value: url's virtualhost, the check's, else the address. */
static const char *host_for(const struct check_rt *c, char *buf, size_t size)
{
	const struct url_conf *u = cur_url(c);
	if (u->virtualhost)
		return u->virtualhost;
	if (c->conf->virtualhost)
		return c->conf->virtualhost;
	struct ka_addr a;
	uint16_t port;
	check_target(c, &a, &port);
	inet_ntop(a.family, &a.u, buf, (socklen_t)size);
	return buf;
}

static void set_events(struct check_rt *c, uint32_t ev)
{
	loop_io_mod(c->rs->vs->ck->loop, c->fd, ev);
}

/* Start the current url: connect and wait for writability. */
static void url_begin(struct check_rt *c)
{
	struct loop *loop = c->rs->vs->ck->loop;
	c->fd = check_connect(c);
	if (c->fd < 0) {
		check_done(c, false, -1, "connect failed: %s", strerror(errno));
		return;
	}
	timer_start(loop, &c->timer, (uint64_t)c->conf->connect_timeout_ms * USEC_PER_MSEC);
	if (loop_io_add(loop, c->fd, EPOLLOUT, io_cb_fn, c) < 0) {
		check_done(c, false, -1, "cannot watch socket: %s", strerror(errno));
		return;
	}
}

/* The response of the current url is complete: judge it. */
static void url_end(struct check_rt *c)
{
	const struct url_conf *u = cur_url(c);
	int status = c->http.status;
	if (!url_status_ok(u, (unsigned)status)) {
		check_done(c, false, -1, "HTTP status %d on %s", status, u->path);
		return;
	}
	if (u->has_digest) {
		uint8_t md[16];
		char got[33], want[33];
		http_resp_digest(&c->http, md);
		if (memcmp(md, u->digest, 16) != 0) {
			md5_hex(md, got);
			md5_hex(u->digest, want);
			check_done(c, false, -1, "digest mismatch on %s (got %s, want %s)", u->path, got, want);
			return;
		}
	}
	if (c->url_idx + 1 >= c->conf->n_urls) {
		check_done(c, true, -1, "HTTP status %d", status);
		return;
	}
	check_attempt_release(c);
	c->url_idx++;
	url_begin(c);
}

static void io_cb_fn(void *arg, int fd, uint32_t events)
{
	step(arg);
}

/* TCP connected: set up the parser, the request and (SSL_GET) TLS. */
static bool connected(struct check_rt *c)
{
	int err = 0;
	socklen_t l = sizeof(err);
	char hb[64];
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
		err = errno;
	if (err) {
		check_done(c, false, -1, "connect failed: %s", strerror(err));
		return false;
	}
	const struct url_conf *u = cur_url(c);
	struct ka_addr a;
	uint16_t port;
	check_target(c, &a, &port);
	bool tls = c->conf->type == CHECK_SSL;
	const char *host = host_for(c, hb, sizeof(hb));
	c->req = http_build_request(u->path, host, port, tls, &c->req_len);
	c->req_off = 0;
	http_resp_init(&c->http, u->has_digest);
	c->http_active = true;
	if (tls) {
		SSL_CTX *ctx = ssl_ctx(c->rs->vs->ck);
		c->ssl = ctx ? SSL_new(ctx) : NULL;
		if (!c->ssl) {
			check_done(c, false, -1, "cannot create a TLS session");
			return false;
		}
		SSL_set_fd(c->ssl, c->fd);
		if (c->conf->enable_sni && (u->virtualhost || c->conf->virtualhost))
			SSL_set_tlsext_host_name(c->ssl, host);
		SSL_set_connect_state(c->ssl);
	}
	return true;
}

/* Map an SSL result to "wait for EV" (true) or failure (false). */
static bool ssl_wait(struct check_rt *c, int r, const char *what)
{
	int e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_WANT_READ) {
		set_events(c, EPOLLIN);
		return true;
	}
	if (e == SSL_ERROR_WANT_WRITE) {
		set_events(c, EPOLLOUT);
		return true;
	}
	unsigned long q = ERR_get_error();
	char eb[160] = "";
	if (q)
		ERR_error_string_n(q, eb, sizeof(eb));
	ERR_clear_error();
	check_done(c, false, -1, "TLS %s failed%s%s", what, eb[0] ? ": " : "", eb);
	return false;
}

/* Drive the current url as far as the socket allows. */
static void step(struct check_rt *c)
{
	char buf[16384];
	if (!c->http_active && !connected(c))
		return;
	for (;;) {
		if (c->ssl && !c->ssl_connected) {
			int r = SSL_do_handshake(c->ssl);
			if (r != 1) {
				ssl_wait(c, r, "handshake");
				return;
			}
			c->ssl_connected = true;
		}
		if (c->req_off < c->req_len) {
			ssize_t n;
			if (c->ssl) {
				n = SSL_write(c->ssl, c->req + c->req_off, (int)(c->req_len - c->req_off));
				if (n <= 0) {
					ssl_wait(c, (int)n, "write");
					return;
				}
			} else {
				n = send(c->fd, c->req + c->req_off, c->req_len - c->req_off, MSG_NOSIGNAL);
				if (n < 0) {
					if (errno == EAGAIN || errno == EINTR) {
						set_events(c, EPOLLOUT);
						return;
					}
					check_done(c, false, -1, "send failed: %s", strerror(errno));
					return;
				}
			}
			c->req_off += (size_t)n;
			if (c->req_off == c->req_len)
				set_events(c, EPOLLIN);
			continue;
		}
		ssize_t n;
		if (c->ssl) {
			n = SSL_read(c->ssl, buf, sizeof(buf));
			if (n <= 0) {
				int e = SSL_get_error(c->ssl, (int)n);
				if (e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SYSCALL) {
					ERR_clear_error();
					n = 0;
				} else {
					ssl_wait(c, (int)n, "read");
					return;
				}
			}
		} else {
			n = recv(c->fd, buf, sizeof(buf), 0);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return;
				check_done(c, false, -1, "receive failed: %s", strerror(errno));
				return;
			}
		}
		enum http_result res = n > 0 ? http_resp_feed(&c->http, buf, (size_t)n) : http_resp_eof(&c->http);
		if (res == HTTP_DONE) {
			url_end(c);
			return;
		}
		if (res == HTTP_ERROR) {
			check_done(c, false, -1, "bad HTTP response: %s", c->http.error);
			return;
		}
	}
}

void check_http_start(struct check_rt *c)
{
	c->url_idx = 0;
	url_begin(c);
}
