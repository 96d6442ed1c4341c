/* wire_test.c - record encoding: round trip and truncation safety. */
#include "wire.h"
#include "util.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST(round_trip)
{
	struct wbuf w;
	wbuf_init(&w);
	wput_u8(&w, 7);
	wput_u16(&w, 0xbeef);
	wput_u32(&w, 123456789);
	wput_u64(&w, 1ULL << 40);
	wput_str(&w, "hello");
	wput_str(&w, NULL);
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	CHECK_EQ_INT(rget_u8(&r), 7);
	CHECK_EQ_INT(rget_u16(&r), 0xbeef);
	CHECK_EQ_INT(rget_u32(&r), 123456789);
	CHECK(rget_u64(&r) == 1ULL << 40);
	char *s = rget_str(&r);
	CHECK_STR(s, "hello");
	free(s);
	CHECK(rget_str(&r) == NULL);
	CHECK(!r.error);
	CHECK_EQ_INT(r.left, 0);
	wbuf_free(&w);
}

TEST(truncated_input_sets_error)
{
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, "a long enough string");
	for (size_t cut = 0; cut < w.len; cut++) {
		struct rbuf r;
		rbuf_init(&r, w.data, cut);
		char *s = rget_str(&r);
		CHECK(s == NULL);
		CHECK(r.error);
	}
	wbuf_free(&w);
}

TEST(strbuf_too_long_is_error)
{
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, "0123456789");
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	char small[5];
	rget_strbuf(&r, small, sizeof(small));
	CHECK(r.error);
	wbuf_free(&w);
}

/* str_concat() (lib/util.c) gives what snprintf "%s%s" gives, cut or not. */
TEST(str_concat_as_snprintf)
{
	const char *a[] = { "", "vrrp_instance ", "0123456789" };
	const char *b[] = { "", "VI_1", "abcdefghijklmnop" };
	for (size_t size = 1; size <= 24; size++)
		for (size_t i = 0; i < 3; i++)
			for (size_t j = 0; j < 3; j++) {
				char got[32], want[32];
				memset(got, 'x', sizeof(got));
				int n = snprintf(want, size, "%s%s", a[i], b[j]);
				bool whole = str_concat(got, size, a[i], b[j]);
				CHECK_STR(got, want);
				CHECK(whole == ((size_t)n < size));
			}
}

int main(void)
{
	RUN(round_trip);
	RUN(truncated_input_sets_error);
	RUN(strbuf_too_long_is_error);
	RUN(str_concat_as_snprintf);
	return unit_summary();
}
