/* genhash.c - fetch a page over HTTP or HTTPS and print the MD5 digest of
 * its body, for the `digest` keyword of HTTP_GET / SSL_GET (keepalived's
 * genhash command line). Request building and response parsing are the
 * checker's own (check_http_parse.h), so the digest is the one the checker
 * computes.
 */
#include "check_http_parse.h"
#include "genhash.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "ka_ssl.h"   /* last: OpenSSL calls go through the loaded table */

#define GENHASH_VERSION "genhash (keepalived-ng) 0.1.0"

struct opts {
	const char *server;
	const char *port;
	const char *url;
	const char *vhost;
	bool ssl;
	bool verbose;
	int timeout_s;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s -s SERVER -p PORT -u URL [options]\n"
		"  -s, --server ADDR          the server to fetch from (address or name)\n"
		"  -p, --port PORT            its port\n"
		"  -u, --url URL              the path to GET, e.g. /index.html\n"
		"  -S, --use-ssl              use HTTPS\n"
		"  -V, --use-virtualhost HOST send HOST in the Host: header\n"
		"  -t, --timeout SECONDS      connect and read timeout (default 5)\n"
		"  -v, --verbose              show the request, the response headers and sizes\n"
		"  -r, --release              print the version\n"
		"  -h, --help                 this help\n"
		"Prints the MD5 digest of the response body (32 hex digits), the value\n"
		"for `digest` in a url { } block of HTTP_GET or SSL_GET.\n",
		prog);
}

/* Connect to server:port with a timeout; returns a blocking fd or -1. */
static int connect_to(const struct opts *o)
{
	struct addrinfo hints, *res, *ai;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	int r = getaddrinfo(o->server, o->port, &hints, &res);
	if (r != 0) {
		fprintf(stderr, "genhash: cannot resolve %s port %s: %s\n", o->server, o->port, gai_strerror(r));
		return -1;
	}
	int fd = -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			struct pollfd p = { fd, POLLOUT, 0 };
			int err = 0;
			socklen_t l = sizeof(err);
			if (poll(&p, 1, o->timeout_s * 1000) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) == 0 && err == 0)
				break;
			fprintf(stderr, "genhash: connect to %s port %s: %s\n", o->server, o->port,
				err ? strerror(err) : "timeout");
		} else {
			fprintf(stderr, "genhash: connect to %s port %s: %s\n", o->server, o->port, strerror(errno));
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	/* blocking from here on, with timeouts */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct timeval tv = { o->timeout_s, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static int io_write(SSL *ssl, int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = ssl ? SSL_write(ssl, p, (int)n) : send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t io_read(SSL *ssl, int fd, char *p, size_t n)
{
	if (!ssl)
		return recv(fd, p, n, 0);
	int r = SSL_read(ssl, p, (int)n);
	if (r > 0)
		return r;
	int e = SSL_get_error(ssl, r);
	if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
		return 0;
	return -1;
}

static int run(const struct opts *o)
{
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	int rc = 1;
	int fd = connect_to(o);
	if (fd < 0)
		return 1;
	if (o->ssl) {
		ctx = SSL_CTX_new(TLS_client_method());
		ssl = ctx ? SSL_new(ctx) : NULL;
		if (!ssl) {
			fprintf(stderr, "genhash: cannot set up TLS\n");
			goto out;
		}
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		SSL_set_fd(ssl, fd);
		if (o->vhost)
			SSL_set_tlsext_host_name(ssl, o->vhost);
		if (SSL_connect(ssl) != 1) {
			char eb[200];
			ERR_error_string_n(ERR_get_error(), eb, sizeof(eb));
			fprintf(stderr, "genhash: TLS handshake with %s failed: %s\n", o->server, eb);
			goto out;
		}
	}
	size_t qlen;
	char *req = http_build_request(o->url, o->vhost ? o->vhost : o->server,
				       (uint16_t)atoi(o->port), o->ssl, &qlen);
	if (o->verbose)
		printf("-----------------------[    HTTP request    ]-----------------------\n%s", req);
	if (io_write(ssl, fd, req, qlen) < 0) {
		fprintf(stderr, "genhash: sending the request failed: %s\n", strerror(errno));
		free(req);
		goto out;
	}
	free(req);

	struct http_resp r;
	http_resp_init(&r, true);
	char buf[16384];
	enum http_result res = HTTP_MORE;
	while (res == HTTP_MORE) {
		ssize_t n = io_read(ssl, fd, buf, sizeof(buf));
		if (n < 0) {
			fprintf(stderr, "genhash: reading the response failed: %s\n",
				errno == EAGAIN ? "timeout" : strerror(errno));
			http_resp_free(&r);
			goto out;
		}
		res = n > 0 ? http_resp_feed(&r, buf, (size_t)n) : http_resp_eof(&r);
	}
	if (res == HTTP_ERROR) {
		fprintf(stderr, "genhash: bad HTTP response: %s\n", r.error);
		http_resp_free(&r);
		goto out;
	}
	uint8_t md[16];
	char hex[33];
	http_resp_digest(&r, md);
	md5_hex(md, hex);
	if (o->verbose) {
		printf("-----------------------[    HTTP header     ]-----------------------\n%s", r.hdr);
		printf("-----------------------[    HTTP body       ]-----------------------\n");
		printf("HTTP status: %d\nBody length: %llu%s\n", r.status, (unsigned long long)r.body_len,
		       r.chunked ? " (chunked)" : "");
		printf("-----------------------[    HTML MD5 final resulting ]-----------------------\n");
	}
	printf("%s\n", hex);    /* the digest alone, as keepalived 2.2.7's genhash */
	if (r.status < 200 || r.status > 299)
		fprintf(stderr, "genhash: note: HTTP status %d (the checker's default accepts 200-299)\n", r.status);
	http_resp_free(&r);
	rc = 0;
out:
	if (ssl)
		SSL_free(ssl);
	if (ctx)
		SSL_CTX_free(ctx);
	close(fd);
	return rc;
}

/* Contract: see genhash.h. */
int genhash_main(int argc, char **argv)
{
	optind = 0;
	static const struct option lo[] = {
		{ "use-ssl", no_argument, NULL, 'S' },
		{ "server", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'u' },
		{ "use-virtualhost", required_argument, NULL, 'V' },
		{ "timeout", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "release", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .timeout_s = 5 };
	int c;
	while ((c = getopt_long(argc, argv, "Ss:p:u:V:t:vrh", lo, NULL)) != -1) {
		switch (c) {
		case 'S': o.ssl = true; break;
		case 's': o.server = optarg; break;
		case 'p': o.port = optarg; break;
		case 'u': o.url = optarg; break;
		case 'V': o.vhost = optarg; break;
		case 't': o.timeout_s = atoi(optarg) > 0 ? atoi(optarg) : 5; break;
		case 'v': o.verbose = true; break;
		case 'r': printf("%s\n", GENHASH_VERSION); return 0;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 1;
		}
	}
	if (optind < argc || !o.server || !o.url) {
		usage(stderr, argv[0]);
		return 1;
	}
	if (!o.port)
		o.port = o.ssl ? "443" : "80";
	int p = atoi(o.port);
	if (p <= 0 || p > 65535) {
		fprintf(stderr, "genhash: bad port %s\n", o.port);
		return 1;
	}
	return run(&o);
}
