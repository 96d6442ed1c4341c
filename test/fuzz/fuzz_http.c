/* fuzz_http.c - HTTP responses from real servers (HTTP_GET/SSL_GET,
 * genhash): the status line, headers, Content-Length and chunked bodies,
 * fed in pieces whose sizes come from the input's first bytes. Invariants:
 * once done or failed the parser stays so; a body read by Content-Length
 * never has more bytes than announced. */
#include "fuzz.h"
#include "check_http_parse.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	bool want_body = data[0] & 1;
	size_t step = (size_t)data[1] % 64 + 1;
	bool eof = data[2] & 1;
	data += 3;
	size -= 3;
	struct http_resp *r = malloc(sizeof(*r));
	http_resp_init(r, want_body);
	enum http_result res = HTTP_MORE;
	for (size_t off = 0; off < size && res == HTTP_MORE; off += step) {
		size_t n = size - off < step ? size - off : step;
		res = http_resp_feed(r, data + off, n);
	}
	if (res == HTTP_MORE && eof)
		res = http_resp_eof(r);
	if (res != HTTP_MORE) {
		/* a finished parser does not restart */
		enum http_result again = http_resp_feed(r, "HTTP/1.1 200 OK\r\n\r\n", 19);
		fuzz_assert(again == res || again == HTTP_ERROR);
	}
	if (res == HTTP_DONE) {
		fuzz_assert(r->status >= 0);
		if (want_body && r->content_length >= 0 && !r->chunked)
			fuzz_assert(r->body_len <= (uint64_t)r->content_length);
		char v[64];
		(void)http_resp_header(r, "Content-Length", v, sizeof(v));
		(void)http_resp_header(r, "transfer-encoding", v, sizeof(v));
		uint8_t md5[16];
		char hex[33];
		http_resp_digest(r, md5);
		md5_hex(md5, hex);
		fuzz_assert(strlen(hex) == 32);
	}
	if (res == HTTP_ERROR)
		fuzz_assert(r->error != NULL);
	http_resp_free(r);
	free(r);
	return 0;
}
