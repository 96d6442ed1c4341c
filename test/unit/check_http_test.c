/* check_http_test.c - HTTP response parsing shared by HTTP_GET/SSL_GET and
 * genhash: status, framing (length, chunked, until EOF), MD5 over the body. */
#include "check_http_parse.h"
#include "unit.h"

#include <stdlib.h>

static const char *body_md5(const char *resp, size_t step, int *status, enum http_result *res)
{
	static char hex[33];
	struct http_resp r;
	uint8_t md[16];
	http_resp_init(&r, true);
	size_t n = strlen(resp);
	*res = HTTP_MORE;
	for (size_t i = 0; i < n && *res == HTTP_MORE; i += step)
		*res = http_resp_feed(&r, resp + i, n - i < step ? n - i : step);
	if (*res == HTTP_MORE)
		*res = http_resp_eof(&r);
	*status = r.status;
	http_resp_digest(&r, md);
	md5_hex(md, hex);
	http_resp_free(&r);
	return hex;
}

/* md5("hello") */
#define MD5_HELLO "5d41402abc4b2a76b9719d911017c592"
#define MD5_EMPTY "d41d8cd98f00b204e9800998ecf8427e"

TEST(content_length)
{
	int st;
	enum http_result res;
	for (size_t step = 1; step < 8; step++) {
		const char *h = body_md5("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", step, &st, &res);
		CHECK_EQ_INT(res, HTTP_DONE);
		CHECK_EQ_INT(st, 200);
		CHECK_STR(h, MD5_HELLO);
	}
}

TEST(chunked)
{
	int st;
	enum http_result res;
	const char *resp = "HTTP/1.1 503 Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
			   "3\r\nhel\r\n2;ext=1\r\nlo\r\n0\r\nX-T: 1\r\n\r\n";
	for (size_t step = 1; step < 9; step++) {
		const char *h = body_md5(resp, step, &st, &res);
		CHECK_EQ_INT(res, HTTP_DONE);
		CHECK_EQ_INT(st, 503);
		CHECK_STR(h, MD5_HELLO);
	}
}

TEST(until_eof)
{
	int st;
	enum http_result res;
	const char *h = body_md5("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\nhello", 3, &st, &res);
	CHECK_EQ_INT(res, HTTP_DONE);
	CHECK_EQ_INT(st, 404);
	CHECK_STR(h, MD5_HELLO);
}

TEST(empty_body)
{
	int st;
	enum http_result res;
	const char *h = body_md5("HTTP/1.1 204 No Content\r\n\r\n", 100, &st, &res);
	CHECK_EQ_INT(res, HTTP_DONE);
	CHECK_EQ_INT(st, 204);
	CHECK_STR(h, MD5_EMPTY);
}

TEST(errors)
{
	int st;
	enum http_result res;
	body_md5("garbage\r\n\r\n", 4, &st, &res);
	CHECK_EQ_INT(res, HTTP_ERROR);
	body_md5("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 4, &st, &res);
	CHECK_EQ_INT(res, HTTP_ERROR);    /* closed early */
	body_md5("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 4, &st, &res);
	CHECK_EQ_INT(res, HTTP_ERROR);
	body_md5("", 4, &st, &res);
	CHECK_EQ_INT(res, HTTP_ERROR);
}

TEST(headers_only)
{
	struct http_resp r;
	http_resp_init(&r, false);
	const char *s = "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\nmore";
	CHECK_EQ_INT(http_resp_feed(&r, s, strlen(s)), HTTP_DONE);
	CHECK_EQ_INT(r.status, 301);
	char v[32];
	CHECK(http_resp_header(&r, "location", v, sizeof(v)));
	CHECK_STR(v, "/x");
	CHECK(!http_resp_header(&r, "Server", v, sizeof(v)));
	http_resp_free(&r);
}

TEST(request)
{
	size_t n;
	char *q = http_build_request("/index.html", "www.example.com", 8080, false, &n);
	CHECK_STR(q, "GET /index.html HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\n"
		     "Host: www.example.com:8080\r\nConnection: close\r\n\r\n");
	CHECK_EQ_INT(n, strlen(q));
	free(q);
	q = http_build_request("/", "2001:db8::1", 443, true, &n);
	CHECK(strstr(q, "Host: [2001:db8::1]\r\n") != NULL);
	free(q);
}

int main(void)
{
	RUN(content_length);
	RUN(chunked);
	RUN(until_eof);
	RUN(empty_body);
	RUN(errors);
	RUN(headers_only);
	RUN(request);
	return unit_summary();
}
