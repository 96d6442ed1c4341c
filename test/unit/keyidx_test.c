/* keyidx_test.c - the key index (lib/keyidx.c): every key found with its
 * value, absent keys not found, the first value of a repeated key kept,
 * growth far past the expected size. */
#include "keyidx.h"
#include "unit.h"

#include <stdio.h>

TEST(put_get_many)
{
	struct keyidx *ix = keyidx_new(4);     /* grows many times */
	char k[32];
	for (size_t i = 0; i < 50000; i++) {
		int n = snprintf(k, sizeof(k), "key-%zu", i);
		CHECK(keyidx_put(ix, k, (size_t)n, i * 3));
	}
	CHECK_EQ_INT(keyidx_count(ix), 50000);
	size_t bad = 0;
	for (size_t i = 0; i < 50000; i++) {
		int n = snprintf(k, sizeof(k), "key-%zu", i);
		if (keyidx_get(ix, k, (size_t)n) != i * 3)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(keyidx_get(ix, "key-50000", 9) == KEYIDX_NONE);
	CHECK(keyidx_get(ix, "key-1", 4) == KEYIDX_NONE);     /* a prefix is another key */
	CHECK(keyidx_get(ix, "", 0) == KEYIDX_NONE);
	keyidx_free(ix);
}

TEST(repeated_key_keeps_the_first_value)
{
	struct keyidx *ix = keyidx_new(0);
	CHECK(keyidx_put(ix, "a", 1, 1));
	CHECK(!keyidx_put(ix, "a", 1, 2));
	CHECK_EQ_INT(keyidx_get(ix, "a", 1), 1);
	CHECK(keyidx_put(ix, "", 0, 7));       /* the empty key is a key */
	CHECK_EQ_INT(keyidx_get(ix, "", 0), 7);
	CHECK_EQ_INT(keyidx_count(ix), 2);
	keyidx_free(ix);
}

/* The empty key first, before any key bytes are stored (the fuzzer found
 * the lookup adding 0 to a NULL key buffer: two vrrp_instance blocks whose
 * names begin with a NUL byte, as keepalived.conf read them). */
TEST(empty_key_in_an_empty_index)
{
	struct keyidx *ix = keyidx_new(0);
	CHECK(keyidx_put(ix, "", 0, 3));
	CHECK(!keyidx_put(ix, "", 0, 4));
	CHECK_EQ_INT(keyidx_get(ix, "", 0), 3);
	CHECK(keyidx_get(ix, "x", 1) == KEYIDX_NONE);
	keyidx_free(ix);
}

int main(void)
{
	RUN(put_get_many);
	RUN(repeated_key_keeps_the_first_value);
	RUN(empty_key_in_an_empty_index);
	return unit_summary();
}
