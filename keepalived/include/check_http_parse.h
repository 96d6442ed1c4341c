/* check_http_parse.h - the HTTP client side shared by HTTP_GET/SSL_GET and
 * genhash: building a GET request and parsing a response incrementally
 * (status line, headers, body by Content-Length, chunked or until EOF),
 * optionally with an MD5 over the body (keepalived's `digest`) and keeping
 * the start of the body (for `regex`). No I/O; the header buffer grows as
 * needed (up to HTTP_HDR_MAX) so an idle parser is small.
 */
#ifndef KA_CHECK_HTTP_PARSE_H
#define KA_CHECK_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HDR_MAX 16384

/* "GET PATH HTTP/1.1" with Host (host[:port] unless port is the scheme's
 * default), User-Agent and Connection: close. Returns a heap string. */
char *http_build_request(const char *path, const char *host, uint16_t port, bool tls, size_t *len);

/* keepalived's http_protocol: 1.0 (the default: "HTTP/1.0", no Connection
 * header), 1.0C (1.0 with "Connection: close"), 1.1 ("HTTP/1.1" with
 * "Connection: close"). */
enum http_proto {
	HTTP_PROTO_1_0 = 0,
	HTTP_PROTO_1_0C,
	HTTP_PROTO_1_1,
};
/* HTTP_GET's request, as keepalived sends it:
 *   GET PATH HTTP/1.x, User-Agent: KeepAliveClient, [Connection: close],
 *   Host: VHOST when a virtualhost is given, else ADDR:PORT (IPv6 in []).
 * Returns a heap string. */
char *http_build_check_request(const char *path, const char *vhost, const char *addr, uint16_t port,
			       enum http_proto proto, size_t *len);

enum http_result {
	HTTP_MORE = 0,     /* feed more bytes */
	HTTP_DONE,         /* response complete */
	HTTP_ERROR,        /* malformed (see r->error) */
};

enum http_state {
	HS_HEADERS = 0, HS_BODY, HS_CHUNK_SIZE, HS_CHUNK_DATA, HS_CHUNK_CRLF,
	HS_TRAILER, HS_DONE, HS_ERROR,
};

struct http_resp {
	enum http_state st;
	bool want_body;           /* false: done after the headers */
	int status;               /* from the status line */
	bool chunked;
	int64_t content_length;   /* -1: not given */
	uint64_t body_len;        /* body bytes seen (decoded) */
	uint64_t left;            /* of the current chunk / content length */
	char *hdr;                /* the status line and headers, NUL-terminated */
	size_t hdr_len, hdr_cap;
	char line[128];           /* a chunk-size or trailer line being read */
	size_t line_len;
	void *md5;                /* EVP_MD_CTX, with HTTP_RESP_DIGEST */
	char *body;               /* with HTTP_RESP_KEEP_BODY: the first body_max bytes */
	size_t body_kept, body_max;
	const char *error;
};

/* What to do with the body (http_resp_start). Without either, parsing
 * ends with the headers. */
#define HTTP_RESP_DIGEST    1u     /* MD5 over the whole body */
#define HTTP_RESP_KEEP_BODY 2u     /* keep its first body_max bytes in r->body */

/* Start parsing with HTTP_RESP_* flags. */
void http_resp_start(struct http_resp *r, unsigned flags, size_t body_max);
/* Start parsing; want_body = read and hash the whole body (genhash). */
void http_resp_init(struct http_resp *r, bool want_body);
void http_resp_free(struct http_resp *r);
/* Feed received bytes. */
enum http_result http_resp_feed(struct http_resp *r, const void *data, size_t len);
/* The peer closed: completes a body read until EOF, else an error when
 * the response is incomplete. */
enum http_result http_resp_eof(struct http_resp *r);
/* MD5 of the body read so far (call once done). */
void http_resp_digest(struct http_resp *r, uint8_t out[16]);
/* 32 lower-case hex digits + NUL. */
void md5_hex(const uint8_t md5[16], char out[33]);
/* A header's value from the parsed headers (case-insensitive name), copied
 * into buf; false when absent. */
bool http_resp_header(const struct http_resp *r, const char *name, char *buf, size_t size);

#endif
