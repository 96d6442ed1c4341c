/* check_http.c - HTTP_GET and SSL_GET (check_type.h rows).
 *
 * keepalived's semantics: one attempt checks one url. After a url passes,
 * the next one is checked delay_loop later; the check succeeds when the
 * last url passes. A failing url is retried (retry, delay_before_retry);
 * once the check is down, that url is checked every max(delay_loop,
 * delay_before_retry) and, when it passes, the urls are checked again from
 * the first. fast_recovery drops the delay between urls while the check
 * has not run yet or is down with no failed url.
 *
 * An attempt: connect (TCP_QUICKACK off so the request rides on the
 * handshake's last ACK; plain HTTP closes with a reset once the answer is
 * read - the answer is complete by then, and the server is spared a
 * TIME_WAIT: ~5 % less CPU per check at 10,000 checks/s), TLS handshake
 * for SSL_GET, send the GET
 * (http_protocol 1.0, 1.0C or 1.1), parse the response (http_parse.c); the
 * url fails on a connection error, a timeout (connect_timeout, re-armed
 * whenever data arrives), a status outside status_code (default 2xx), a
 * body whose MD5 differs from digest, or a body that does not match regex
 * (matches it, with regex_no_match). Configuration: check_http_conf.c.
 */
#include "checker.h"
#include "check_regex.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "ka_ssl.h"   /* last: OpenSSL calls go through the loaded table */

/* Across attempts: which url is next and whether it is the failed one;
 * each url's request, built once. */
struct http_priv {
	size_t url_idx;
	bool failed;            /* url_idx is the url that failed (the check is down) */
	char **reqs;
	size_t *req_lens;
	struct http_regex **regexes;    /* per url, NULL without regex */
	long verify;                    /* SSL_GET: the last handshake's certificate verdict */
	bool verified;
};

/* One attempt. */
struct http_att {
	struct http_resp resp;
	const char *req;        /* in the priv */
	size_t req_len, req_off;
	SSL *ssl;
	bool ssl_connected;
};

static struct http_priv *priv(const struct check_rt *c)
{
	return c->priv;
}

static const struct http_check_conf *hconf(const struct check_rt *c)
{
	return &c->conf->u.http;
}

static const struct url_conf *cur_url(const struct check_rt *c)
{
	return &hconf(c)->urls[priv(c)->url_idx];
}

/* The SSL { password } for an encrypted key (none: the key cannot be
 * decrypted; OpenSSL's default would ask on the terminal). */
static int ssl_password_cb(char *buf, int size, int rwflag, void *arg)
{
	const char *pw = arg;
	(void)rwflag;
	if (!pw)
		return -1;
	int n = (int)strlen(pw);
	if (n >= size)
		return 0;
	memcpy(buf, pw, (size_t)n + 1);
	return n;
}

/* Log an OpenSSL failure about what. */
static void ssl_log(const char *what, const char *file)
{
	char eb[200] = "";
	unsigned long q = ERR_get_error();
	if (q)
		ERR_error_string_n(q, eb, sizeof(eb));
	ERR_clear_error();
	log_err("SSL: cannot load %s %s%s%s", what, file, eb[0] ? ": " : "", eb);
}

/* A BIO reading the PEM text pem (which outlives it). */
static BIO *pem_bio(const char *pem)
{
	return BIO_new_mem_buf(pem, -1);
}

/* The certificate chain in pem: the first certificate is the client's,
 * the others its chain (as SSL_CTX_use_certificate_chain_file()). */
static bool use_cert_chain(SSL_CTX *ctx, const char *pem)
{
	BIO *b = pem_bio(pem);
	X509 *x = b ? PEM_read_bio_X509_AUX(b, NULL, NULL, NULL) : NULL;
	bool ok = x && SSL_CTX_use_certificate(ctx, x) == 1;
	X509_free(x);
	while (ok) {
		X509 *ca = PEM_read_bio_X509(b, NULL, NULL, NULL);
		if (!ca)
			break;
		if (SSL_CTX_add0_chain_cert(ctx, ca) != 1) {
			X509_free(ca);
			ok = false;
		}
	}
	if (ok)
		ERR_clear_error();   /* the end of the text */
	BIO_free(b);
	return ok;
}

/* The private key in pem, decrypted with password when given. */
static bool use_key(SSL_CTX *ctx, const char *pem, char *password)
{
	BIO *b = pem_bio(pem);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, ssl_password_cb, password) : NULL;
	bool ok = k && SSL_CTX_use_PrivateKey(ctx, k) == 1;
	EVP_PKEY_free(k);
	BIO_free(b);
	return ok;
}

/* Every certificate in pem into the context's trust store. */
static bool load_ca(SSL_CTX *ctx, const char *pem)
{
	BIO *b = pem_bio(pem);
	X509_STORE *st = SSL_CTX_get_cert_store(ctx);
	size_t n = 0;
	X509 *x;
	while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
		bool added = X509_STORE_add_cert(st, x) == 1;
		X509_free(x);
		if (!added) {
			BIO_free(b);
			return false;
		}
		n++;
	}
	BIO_free(b);
	if (n)
		ERR_clear_error();
	return n > 0;
}

/* The TLS context of SSL_GET, made on first use from the top-level SSL { }
 * block as keepalived does: a client certificate chain and key (with its
 * password), the CA file loaded; the server's certificate is not verified
 * (keepalived does not either: SSL_VERIFY_NONE), its verdict is shown in
 * the dump. The files' contents came with the configuration (read by the
 * parent, *_pem): the checker opens no file. NULL when one cannot be
 * used (SSL_GET checks then fail). */
static SSL_CTX *ssl_ctx(struct checker *ck)
{
	const struct check_global_conf *g = &ck->cg;
	if (ck->ssl_ctx)
		return ck->ssl_ctx;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx)
		return NULL;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	bool ok = true;
	if (g->ssl_certificate && (!g->ssl_certificate_pem || !use_cert_chain(ctx, g->ssl_certificate_pem))) {
		ssl_log("certificate", g->ssl_certificate);
		ok = false;
	}
	if (ok && g->ssl_key && (!g->ssl_key_pem || !use_key(ctx, g->ssl_key_pem, g->ssl_password))) {
		ssl_log("key", g->ssl_key);
		ok = false;
	}
	if (ok && g->ssl_ca && (!g->ssl_ca_pem || !load_ca(ctx, g->ssl_ca_pem))) {
		ssl_log("CA file", g->ssl_ca);
		ok = false;
	}
	if (!ok) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	ck->ssl_ctx = ctx;
	return ctx;
}

void check_ssl_free_ctx(struct checker *ck)
{
	if (ck->ssl_ctx)
		SSL_CTX_free(ck->ssl_ctx);
	ck->ssl_ctx = NULL;
}

void check_ssl_configure(struct checker *ck)
{
	check_ssl_free_ctx(ck);   /* made again, with the new settings, on first use */
}

/* The virtual host of the current url: its own, the check's (inherited
 * from the real/virtual server), or NULL. */
static const char *vhost_of(const struct check_rt *c)
{
	const struct url_conf *u = cur_url(c);
	return u->virtualhost ? u->virtualhost : hconf(c)->virtualhost;
}

/* The current url failed: remember it when the check is (or is about to
 * be) down, as keepalived does, then report. */
static void url_fail(struct check_rt *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void url_fail(struct check_rt *c, const char *fmt, ...)
{
	va_list ap;
	priv(c)->failed = priv(c)->failed || !c->st.up || c->st.fail_streak + 1 >= c->st.fall;
	va_start(ap, fmt);
	check_vdone(c, false, fmt, ap);
	va_end(ap);
}

static void http_rt_init(struct check_rt *c)
{
	struct http_priv *p = xcalloc(1, sizeof(*p));
	struct ka_addr addr;
	uint16_t port;
	char ab[INET6_ADDRSTRLEN];
	c->priv = p;
	check_target(c, &addr, &port);
	inet_ntop(addr.family, &addr.u, ab, sizeof(ab));
	const struct http_check_conf *h = hconf(c);
	size_t n = h->n_urls;
	p->reqs = xcalloc(n ? n : 1, sizeof(*p->reqs));
	p->req_lens = xcalloc(n ? n : 1, sizeof(*p->req_lens));
	p->regexes = xcalloc(n ? n : 1, sizeof(*p->regexes));
	for (size_t i = 0; i < n; i++) {
		const struct url_conf *u = &h->urls[i];
		char err[200];
		p->reqs[i] = http_build_check_request(u->path, u->virtualhost ? u->virtualhost : h->virtualhost,
						      ab, port, (enum http_proto)h->protocol, &p->req_lens[i]);
		if (!u->regex)
			continue;
		p->regexes[i] = http_regex_new(u->regex, u->regex_options, u->regex_max_offset != 0,
					       u->regex_stack_start, u->regex_stack_max, err, sizeof(err));
		if (!p->regexes[i])   /* validation compiled it: should not happen */
			log_err("url %s: regex: %s", u->path, err);
	}
}

static void http_rt_free(struct check_rt *c)
{
	struct http_priv *p = c->priv;
	for (size_t i = 0; i < hconf(c)->n_urls; i++) {
		free(p->reqs[i]);
		http_regex_free(p->regexes[i]);
	}
	free(p->regexes);
	free(p->reqs);
	free(p->req_lens);
	free(p);
	c->priv = NULL;
}

static void http_release(struct check_rt *c)
{
	struct http_att *a = c->att;
	if (!a)
		return;
	if (a->ssl)
		SSL_free(a->ssl);
	http_resp_free(&a->resp);
	free(a);
}

static void http_start(struct check_rt *c)
{
	bool tls = c->ops->id == CHECK_SSL;
	int fd = check_sock_connect(c, SOCK_STREAM, IPPROTO_TCP, CHECK_SOCK_CLIENT_FIRST | (tls ? 0 : CHECK_SOCK_RESET_CLOSE));
	if (fd < 0) {
		url_fail(c, "connect failed: %s", strerror(errno));
		return;
	}
	struct http_att *a = xcalloc(1, sizeof(*a));
	c->att = a;
	const struct url_conf *u = cur_url(c);
	a->req = priv(c)->reqs[priv(c)->url_idx];
	a->req_len = priv(c)->req_lens[priv(c)->url_idx];
	http_resp_start(&a->resp, (u->has_digest ? HTTP_RESP_DIGEST : 0) | (u->regex ? HTTP_RESP_KEEP_BODY : 0),
			HTTP_REGEX_BODY_MAX);
	if (!tls) {
		/* the handshake may be over already (a near server): send at
		 * once and wait for the answer only; else wait for both
		 * directions, edge-triggered (no epoll_ctl between connect,
		 * request and response) */
		ssize_t n = send(fd, a->req, a->req_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != ENOTCONN && errno != EINTR) {
			c->fd = fd;
			url_fail(c, "connect failed: %s", strerror(errno));
			return;
		}
		if (n > 0)
			a->req_off = (size_t)n;
		check_watch(c, fd, a->req_off == a->req_len ? EPOLLIN : EPOLLOUT | EPOLLIN | EPOLLET);
		return;
	}
	if (!check_watch(c, fd, EPOLLOUT | EPOLLIN | EPOLLET))
		return;
	{
		SSL_CTX *ctx = ssl_ctx(c->rs->vs->ck);
		a->ssl = ctx ? SSL_new(ctx) : NULL;
		if (!a->ssl) {
			check_done(c, false, ctx ? "cannot create a TLS session" : "TLS context unusable (SSL block)");
			return;
		}
		SSL_set_fd(a->ssl, fd);
		const char *vh = vhost_of(c);
		if (hconf(c)->enable_sni && vh)
			SSL_set_tlsext_host_name(a->ssl, vh);
		SSL_set_connect_state(a->ssl);
	}
}

/* keepalived's delay before the next url: delay_loop, none with
 * fast_recovery while the check has not run or is down (and no url is
 * known to fail). */
static uint64_t url_delay_us(const struct check_rt *c)
{
	bool has_run = c->n_ok || c->n_fail;
	if (hconf(c)->fast_recovery && (!has_run || (!c->st.up && !priv(c)->failed)))
		return 0;
	return (uint64_t)c->conf->delay_loop_ms * USEC_PER_MSEC;
}

/* regex / regex_no_match on the body: true when the url passes. */
static bool regex_ok(struct check_rt *c, const struct url_conf *u, char *why, size_t size)
{
	struct http_regex *re = priv(c)->regexes[priv(c)->url_idx];
	struct http_att *a = c->att;
	if (!u->regex)
		return true;
	if (!re) {
		snprintf(why, size, "regex on %s unusable", u->path);
		return false;
	}
	int m = http_regex_match(re, a->resp.body ? a->resp.body : "", a->resp.body_kept, u->regex_min_offset,
				 u->regex_max_offset, why, size);
	if (m < 0)
		return false;
	if (m == (u->regex_no_match ? 1 : 0)) {
		snprintf(why, size, "regex %s on %s", m ? "matched (regex_no_match)" : "did not match", u->path);
		return false;
	}
	return true;
}

/* The response to the current url is complete: judge it. */
static void url_end(struct check_rt *c)
{
	struct http_att *a = c->att;
	struct http_priv *p = priv(c);
	const struct url_conf *u = cur_url(c);
	int status = a->resp.status;
	if (!url_status_ok(u, (unsigned)status)) {
		url_fail(c, "HTTP status %d on %s", status, u->path);
		return;
	}
	if (u->has_digest) {
		uint8_t md[16];
		char got[33], want[33];
		http_resp_digest(&a->resp, md);
		if (memcmp(md, u->digest, 16) != 0) {
			md5_hex(md, got);
			md5_hex(u->digest, want);
			url_fail(c, "digest mismatch on %s (got %s, want %s)", u->path, got, want);
			return;
		}
	}
	char why[160];
	if (!regex_ok(c, u, why, sizeof(why))) {
		url_fail(c, "%s", why);
		return;
	}
	if (p->failed) {
		/* the failed url passes again: check them all from the first */
		p->failed = false;
		p->url_idx = 0;
		if (hconf(c)->n_urls > 1) {
			check_step(c, url_delay_us(c), "%s passes again (HTTP status %d)", u->path, status);
			return;
		}
	} else if (p->url_idx + 1 < hconf(c)->n_urls) {
		p->url_idx++;
		check_step(c, url_delay_us(c), "%s: HTTP status %d", u->path, status);
		return;
	}
	p->url_idx = 0;
	check_done(c, true, "HTTP status %d", status);
}

/* Map an SSL result to "wait for the next edge" (true) or a failed
 * attempt (false). */
static bool ssl_wait(struct check_rt *c, int r, const char *what)
{
	struct http_att *a = c->att;
	int e = SSL_get_error(a->ssl, r);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
		return true;
	unsigned long q = ERR_get_error();
	char eb[160] = "";
	if (q)
		ERR_error_string_n(q, eb, sizeof(eb));
	ERR_clear_error();
	if (e == SSL_ERROR_SYSCALL && errno && !eb[0])
		snprintf(eb, sizeof(eb), "%s", strerror(errno));
	url_fail(c, "TLS %s failed%s%s", what, eb[0] ? ": " : "", eb);
	return false;
}

/* Send what is left of the request: true when all of it is out. */
static bool send_request(struct check_rt *c)
{
	struct http_att *a = c->att;
	while (a->req_off < a->req_len) {
		ssize_t n;
		if (a->ssl) {
			n = SSL_write(a->ssl, a->req + a->req_off, (int)(a->req_len - a->req_off));
			if (n <= 0) {
				ssl_wait(c, (int)n, "write");
				return false;
			}
		} else {
			n = send(c->fd, a->req + a->req_off, a->req_len - a->req_off, MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return false;
				url_fail(c, "%s failed: %s", a->req_off ? "send" : "connect", strerror(errno));
				return false;
			}
		}
		a->req_off += (size_t)n;
	}
	return true;
}

/* Read what the socket has and feed the parser; false when the attempt
 * ended or there is nothing more to read now. */
static void read_response(struct check_rt *c)
{
	struct http_att *a = c->att;
	char buf[16384];
	for (;;) {
		ssize_t n;
		if (a->ssl) {
			n = SSL_read(a->ssl, buf, sizeof(buf));
			if (n <= 0) {
				int e = SSL_get_error(a->ssl, (int)n);
				if (e != SSL_ERROR_ZERO_RETURN && e != SSL_ERROR_SYSCALL) {
					ssl_wait(c, (int)n, "read");
					return;
				}
				ERR_clear_error();
				n = 0;
			}
		} else {
			n = recv(c->fd, buf, sizeof(buf), 0);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return;
				url_fail(c, "receive failed: %s", strerror(errno));
				return;
			}
		}
		enum http_result res = n > 0 ? http_resp_feed(&a->resp, buf, (size_t)n) : http_resp_eof(&a->resp);
		if (res == HTTP_DONE) {
			url_end(c);
			return;
		}
		if (res == HTTP_ERROR) {
			url_fail(c, "bad HTTP response: %s", a->resp.error);
			return;
		}
		check_extend(c);
	}
}

static void http_io(struct check_rt *c, uint32_t events)
{
	struct http_att *a = c->att;
	if (a->req_off == 0 && !a->ssl_connected && (events & (EPOLLERR | EPOLLHUP))) {
		int err = check_sock_error(c);
		if (err) {
			url_fail(c, "connect failed: %s", strerror(err));
			return;
		}
	}
	if (a->ssl && !a->ssl_connected) {
		int r = SSL_do_handshake(a->ssl);
		if (r != 1) {
			ssl_wait(c, r, "handshake");
			return;
		}
		a->ssl_connected = true;
		priv(c)->verify = SSL_get_verify_result(a->ssl);
		priv(c)->verified = true;
		check_extend(c);
	}
	if (a->req_off < a->req_len && !send_request(c))
		return;
	if (!a->ssl && !(events & EPOLLIN))
		return;      /* the answer comes with the next readable edge */
	read_response(c);
}

static void http_timeout(struct check_rt *c)
{
	struct http_att *a = c->att;
	const char *what = !a || (a->req_off == 0 && !a->ssl_connected) ? (a && a->ssl ? "TLS handshake" : "connect")
			 : "read";
	url_fail(c, "%s timeout", what);
}

/* Down with a failed url: keepalived checks it every max(delay_loop,
 * delay_before_retry). */
static uint64_t http_next_delay(struct check_rt *c, bool ok, uint64_t dflt)
{
	if (ok || c->st.up || !priv(c)->failed)
		return dflt;
	uint32_t ms = c->conf->delay_before_retry_ms > c->conf->delay_loop_ms ? c->conf->delay_before_retry_ms
									  : c->conf->delay_loop_ms;
	return (uint64_t)ms * USEC_PER_MSEC;
}

static bool status_accepted(const struct url_conf *u, unsigned code)
{
	return u->has_status ? (u->status_bits[code / 8] >> (code % 8)) & 1 : code >= 200 && code <= 299;
}

/* One url as keepalived 2.2.7 dumps it ("Checked url = PATH", the digest,
 * the accepted status codes as ranges, virtual host, regex); then ours:
 * "Failed" on the url that failed last. */
static void url_dump(const struct url_conf *u, bool failed, char **b, size_t *n)
{
	str_appendf(b, n, "   Checked url = %s\n", u->path);
	if (u->has_digest) {
		str_appendf(b, n, "     digest = ");
		for (size_t i = 0; i < sizeof(u->digest); i++)
			str_appendf(b, n, "%02x", u->digest[i]);
		str_appendf(b, n, "\n");
	}
	str_appendf(b, n, "     HTTP Status Code(s)\n");
	for (unsigned code = 100; code <= 599; code++) {
		if (!status_accepted(u, code))
			continue;
		unsigned last = code;
		while (last < 599 && status_accepted(u, last + 1))
			last++;
		if (last == code)
			str_appendf(b, n, "       %u\n", code);
		else
			str_appendf(b, n, "       %u-%u\n", code, last);
		code = last;
	}
	if (u->virtualhost)
		str_appendf(b, n, "     Virtual host = %s\n", u->virtualhost);
	if (u->regex) {
		str_appendf(b, n, "     Regex = \"%s\"\n%s", u->regex, u->regex_no_match ? "     Regex no match\n" : "");
		if (u->regex_max_offset)
			str_appendf(b, n, "     Regex min offset = %u, max_offset = %u\n", u->regex_min_offset,
				    u->regex_max_offset - 1);
		else if (u->regex_min_offset)
			str_appendf(b, n, "     Regex min offset = %u\n", u->regex_min_offset);
		char opts[512] = "";
		http_regex_option_list(u->regex_options, opts, sizeof(opts));
		str_appendf(b, n, "     Regex options:%s\n", opts);
	}
	if (failed)
		str_appendf(b, n, "     Failed\n");
}

static void http_dump(const struct check_rt *c, char **b, size_t *n)
{
	static const char *const protos[] = { "1.0", "1.0C", "1.1" };
	const struct http_check_conf *h = hconf(c);
	const struct rs_conf *rs = c->rs->conf;
	const struct vs_conf *vs = &c->rs->vs->conf;
	/* keepalived 2.2.7's lines; the virtual host is the check's own (ours
	 * holds the one it inherits from the real or virtual server too) */
	str_appendf(b, n, "   Keepalive method = %s, http protocol %s\n", c->ops->name,
		    protos[h->protocol <= HTTP_PROTO_1_1 ? h->protocol : 0]);
	const char *inherited = rs->virtualhost ? rs->virtualhost : vs->virtualhost;
	if (h->virtualhost && !(inherited && !strcmp(inherited, h->virtualhost)))
		str_appendf(b, n, "   Virtualhost = %s\n", h->virtualhost);
	str_appendf(b, n, "   Enable SNI %sset\n   Fast recovery %sset\n", h->enable_sni ? "" : "un",
		    h->fast_recovery ? "" : "un");
	if (priv(c)->verified && c->rs->vs->ck->cg.ssl_ca)
		str_appendf(b, n, "     server certificate: %s (not enforced, as keepalived)\n",
			    X509_verify_cert_error_string(priv(c)->verify));
	for (size_t i = 0; i < h->n_urls; i++)
		url_dump(&h->urls[i], priv(c)->failed && priv(c)->url_idx == i, b, n);
	if (priv(c)->failed && priv(c)->url_idx < h->n_urls)
		str_appendf(b, n, "   Failed URL = %s\n", h->urls[priv(c)->url_idx].path);
}

/* HTTP_GET and SSL_GET: the same functions; id, name, block and port differ. */
#define HTTP_CHECK_OPS(ID, NAME, BLOCK, PORT) {				\
	.id = ID,							\
	.name = NAME,							\
	.block = BLOCK,							\
	.default_retry = 1,						\
	.default_delay_before_retry_ms = 3000,				\
	.default_port = PORT,						\
	.needs_port = true,						\
	.over_tcp = true,						\
	.validate = check_http_validate,				\
	.start = http_start,						\
	.io = http_io,							\
	.timeout = http_timeout,					\
	.next_delay_us = http_next_delay,				\
	.release = http_release,					\
	.rt_init = http_rt_init,					\
	.rt_free = http_rt_free,					\
	.dump = http_dump,						\
}
const struct check_ops check_ops_http = HTTP_CHECK_OPS(CHECK_HTTP, "HTTP_GET", &check_http_block, 80);
const struct check_ops check_ops_ssl = HTTP_CHECK_OPS(CHECK_SSL, "SSL_GET", &check_ssl_block, 443);
