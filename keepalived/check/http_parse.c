/* http_parse.c - HTTP request building and incremental response parsing;
 * see check_http_parse.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "check_http_parse.h"
#include "log.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ka_ssl.h"   /* last: OpenSSL calls go through the loaded table */

char *http_build_check_request(const char *path, const char *vhost, const char *addr, uint16_t port,
			       enum http_proto proto, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	str_appendf(&buf, &n, "GET %s HTTP/1.%d\r\nUser-Agent: KeepAliveClient\r\n%s",
		    path && *path ? path : "/", proto == HTTP_PROTO_1_1,
		    proto == HTTP_PROTO_1_0 ? "" : "Connection: close\r\n");
	if (vhost && *vhost)
		str_appendf(&buf, &n, "Host: %s\r\n\r\n", vhost);
	else
		str_appendf(&buf, &n, strchr(addr, ':') ? "Host: [%s]:%u\r\n\r\n" : "Host: %s:%u\r\n\r\n",
			    addr, port);
	if (len)
		*len = n;
	return buf;
}

char *http_build_request(const char *path, const char *host, uint16_t port, bool tls, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	bool dflt = port == 0 || (tls ? port == 443 : port == 80);
	const char *h = host && *host ? host : "localhost";
	bool v6 = strchr(h, ':') && h[0] != '[';
	str_appendf(&buf, &n, "GET %s HTTP/1.1\r\n", path && *path ? path : "/");
	str_appendf(&buf, &n, "User-Agent: KeepAliveClient\r\n");
	if (dflt)
		str_appendf(&buf, &n, v6 ? "Host: [%s]\r\n" : "Host: %s\r\n", h);
	else
		str_appendf(&buf, &n, v6 ? "Host: [%s]:%u\r\n" : "Host: %s:%u\r\n", h, port);
	str_appendf(&buf, &n, "Connection: close\r\n\r\n");
	if (len)
		*len = n;
	return buf;
}

void http_resp_start(struct http_resp *r, unsigned flags, size_t body_max)
{
	memset(r, 0, sizeof(*r));
	r->want_body = flags != 0;
	r->content_length = -1;
	if (flags & HTTP_RESP_DIGEST) {
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();
		if (!ctx || !EVP_DigestInit_ex(ctx, EVP_md5(), NULL))
			fatal("MD5 unavailable");
		r->md5 = ctx;
	}
	if (flags & HTTP_RESP_KEEP_BODY) {
		r->body_max = body_max;
		r->body = xmalloc(body_max + 1);
		r->body[0] = '\0';
	}
}

void http_resp_init(struct http_resp *r, bool want_body)
{
	http_resp_start(r, want_body ? HTTP_RESP_DIGEST : 0, 0);
}

void http_resp_free(struct http_resp *r)
{
	if (r->md5)
		EVP_MD_CTX_free(r->md5);
	r->md5 = NULL;
	free(r->hdr);
	r->hdr = NULL;
	r->hdr_len = r->hdr_cap = 0;
	free(r->body);
	r->body = NULL;
}

static enum http_result fail(struct http_resp *r, const char *why)
{
	r->st = HS_ERROR;
	r->error = why;
	return HTTP_ERROR;
}

bool http_resp_header(const struct http_resp *r, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name);
	if (!r->hdr)
		return false;
	const char *p = strstr(r->hdr, "\r\n");
	while (p && p[2] && !(p[2] == '\r' && p[3] == '\n')) {
		p += 2;
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *e = eol;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			size_t l = (size_t)(e - v);
			if (l >= size)
				l = size - 1;
			memcpy(buf, v, l);
			buf[l] = '\0';
			return true;
		}
		p = eol;
	}
	return false;
}

/* The status of a status line "HTTP/D.D SSS ...", -1 when it is not one
 * (digits of the version may be several, spaces before the code too). */
static int status_of(const char *p)
{
	if (strncmp(p, "HTTP/", 5) != 0)
		return -1;
	p += 5;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p != ' ' && *p != '\t')
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* The header block is complete in r->hdr: read status, framing. */
static enum http_result headers_done(struct http_resp *r)
{
	char v[64];
	int status = status_of(r->hdr);
	if (status < 100 || status > 999)
		return fail(r, "bad HTTP status line");
	r->status = status;
	if (!r->want_body) {           /* the status is all that is needed */
		r->st = HS_DONE;
		return HTTP_DONE;
	}
	if (http_resp_header(r, "Transfer-Encoding", v, sizeof(v)) && strcasestr(v, "chunked"))
		r->chunked = true;
	else if (http_resp_header(r, "Content-Length", v, sizeof(v))) {
		char *end;
		long long cl = strtoll(v, &end, 10);
		if (end == v || *end || cl < 0)
			return fail(r, "bad Content-Length");
		r->content_length = cl;
	}
	if (!r->want_body || status == 204 || status == 304 || (status >= 100 && status < 200)) {
		r->st = HS_DONE;
		return HTTP_DONE;
	}
	if (r->chunked)
		r->st = HS_CHUNK_SIZE;
	else {
		r->st = HS_BODY;
		r->left = r->content_length >= 0 ? (uint64_t)r->content_length : UINT64_MAX;
		if (r->content_length == 0) {
			r->st = HS_DONE;
			return HTTP_DONE;
		}
	}
	return HTTP_MORE;
}

static void body(struct http_resp *r, const char *p, size_t n)
{
	if (r->md5)
		EVP_DigestUpdate(r->md5, p, n);
	if (r->body && r->body_kept < r->body_max) {
		size_t k = n < r->body_max - r->body_kept ? n : r->body_max - r->body_kept;
		memcpy(r->body + r->body_kept, p, k);
		r->body_kept += k;
		r->body[r->body_kept] = '\0';
	}
	r->body_len += n;
}

/* Append up to n bytes to the header block and look for its end (a blank
 * line). Returns the bytes of p that belong to the headers, or -1 when the
 * block would exceed HTTP_HDR_MAX. *end is set once the blank line is in. */
static ssize_t header_bytes(struct http_resp *r, const char *p, size_t n, bool *end)
{
	size_t old = r->hdr_len;
	size_t take = n;
	if (old + take + 1 > HTTP_HDR_MAX)
		take = HTTP_HDR_MAX - 1 - old;
	if (old + take + 1 > r->hdr_cap) {
		size_t cap = r->hdr_cap ? r->hdr_cap : 512;
		while (cap < old + take + 1)
			cap *= 2;
		r->hdr = xrealloc(r->hdr, cap);
		r->hdr_cap = cap;
	}
	memcpy(r->hdr + old, p, take);
	r->hdr_len = old + take;
	r->hdr[r->hdr_len] = '\0';
	size_t from = old > 3 ? old - 3 : 0;
	const char *e = memmem(r->hdr + from, r->hdr_len - from, "\r\n\r\n", 4);
	*end = e != NULL;
	if (e) {
		r->hdr_len = (size_t)(e - r->hdr) + 4;
		r->hdr[r->hdr_len] = '\0';
		return (ssize_t)(r->hdr_len - old);
	}
	return take < n || r->hdr_len + 1 >= HTTP_HDR_MAX ? -1 : (ssize_t)take;
}

/* Read a CRLF-terminated line into r->line; returns bytes consumed, sets
 * *done when the line is complete (without the CRLF). */
static size_t read_line(struct http_resp *r, const char *p, size_t n, bool *done, bool *overflow)
{
	size_t i = 0;
	*done = false;
	while (i < n) {
		char ch = p[i++];
		if (ch == '\n') {
			if (r->line_len && r->line[r->line_len - 1] == '\r')
				r->line_len--;
			r->line[r->line_len] = '\0';
			*done = true;
			return i;
		}
		if (r->line_len + 1 >= sizeof(r->line)) {
			*overflow = true;
			return i;
		}
		r->line[r->line_len++] = ch;
	}
	return i;
}

enum http_result http_resp_feed(struct http_resp *r, const void *data, size_t len)
{
	const char *p = data;
	bool done, overflow = false;
	while (len > 0) {
		size_t k;
		switch (r->st) {
		case HS_HEADERS: {
			bool end;
			ssize_t used = header_bytes(r, p, len, &end);
			if (used < 0)
				return fail(r, "HTTP headers too long");
			p += used;
			len -= (size_t)used;
			if (end) {
				enum http_result res = headers_done(r);
				if (res != HTTP_MORE)
					return res;
			}
			break;
		}
		case HS_BODY:
			k = len < r->left ? len : (size_t)r->left;
			body(r, p, k);
			p += k;
			len -= k;
			if (r->left != UINT64_MAX)
				r->left -= k;
			if (r->left == 0) {
				r->st = HS_DONE;
				return HTTP_DONE;
			}
			break;
		case HS_CHUNK_SIZE:
			k = read_line(r, p, len, &done, &overflow);
			p += k;
			len -= k;
			if (overflow)
				return fail(r, "chunk size line too long");
			if (done) {
				char *end;
				r->line_len = 0;
				unsigned long long sz = strtoull(r->line, &end, 16);
				if (end == r->line || (*end && *end != ';' && *end != ' '))
					return fail(r, "bad chunk size");
				r->left = sz;
				r->st = sz ? HS_CHUNK_DATA : HS_TRAILER;
			}
			break;
		case HS_CHUNK_DATA:
			k = len < r->left ? len : (size_t)r->left;
			body(r, p, k);
			p += k;
			len -= k;
			r->left -= k;
			if (r->left == 0)
				r->st = HS_CHUNK_CRLF;
			break;
		case HS_CHUNK_CRLF:
			k = read_line(r, p, len, &done, &overflow);
			p += k;
			len -= k;
			if (overflow)
				return fail(r, "missing CRLF after chunk");
			if (done) {
				if (r->line_len)
					return fail(r, "missing CRLF after chunk");
				r->st = HS_CHUNK_SIZE;
			}
			break;
		case HS_TRAILER:
			k = read_line(r, p, len, &done, &overflow);
			p += k;
			len -= k;
			if (overflow)
				return fail(r, "trailer line too long");
			if (done) {
				bool empty = r->line_len == 0;
				r->line_len = 0;
				if (empty) {
					r->st = HS_DONE;
					return HTTP_DONE;
				}
			}
			break;
		case HS_DONE:
			return HTTP_DONE;
		case HS_ERROR:
			return HTTP_ERROR;
		}
	}
	if (r->st == HS_DONE)
		return HTTP_DONE;
	return r->st == HS_ERROR ? HTTP_ERROR : HTTP_MORE;
}

enum http_result http_resp_eof(struct http_resp *r)
{
	if (r->st == HS_DONE)
		return HTTP_DONE;
	if (r->st == HS_BODY && r->content_length < 0) {
		r->st = HS_DONE;
		return HTTP_DONE;
	}
	if (r->st == HS_HEADERS)
		return fail(r, r->hdr_len ? "connection closed in the headers" : "empty response");
	return fail(r, "connection closed before the end of the body");
}

void http_resp_digest(struct http_resp *r, uint8_t out[16])
{
	unsigned int n = 16;
	if (!r->md5) {
		memset(out, 0, 16);
		return;
	}
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	EVP_MD_CTX_copy_ex(copy, r->md5);
	EVP_DigestFinal_ex(copy, out, &n);
	EVP_MD_CTX_free(copy);
}

void md5_hex(const uint8_t md5[16], char out[33])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[md5[i] >> 4];
		out[2 * i + 1] = hex[md5[i] & 15];
	}
	out[32] = '\0';
}
