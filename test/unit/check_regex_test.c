/* check_regex_test.c - HTTP_GET regex matching (PCRE2) with options and
 * offsets. */
#include "check_regex.h"
#include "unit.h"

#include <stdint.h>
#include <string.h>

static int match(const char *pat, uint32_t opts, const char *s, size_t min, size_t max)
{
	char err[160];
	struct http_regex *re = http_regex_new(pat, opts, max != 0, 0, 0, err, sizeof(err));
	if (!re)
		return -2;
	int r = http_regex_match(re, s, strlen(s), min, max, err, sizeof(err));
	http_regex_free(re);
	return r;
}

TEST(options_by_name)
{
	uint32_t f = 0;
	CHECK(http_regex_option("caseless", &f));
	CHECK(f != 0);
	CHECK(http_regex_option("multiline", &f));
	CHECK(http_regex_option("use_offset_limit", &f));
	CHECK(!http_regex_option("Caseless", &f));
	CHECK(!http_regex_option("global", &f));
	CHECK(strstr(http_regex_option_names(), "dotall") != NULL);
}

TEST(plain_match)
{
	CHECK_EQ_INT(match("status: (ok|fine)", 0, "<p>status: ok</p>", 0, 0), 1);
	CHECK_EQ_INT(match("status: (ok|fine)", 0, "<p>status: down</p>", 0, 0), 0);
	CHECK_EQ_INT(match("^ok$", 0, "x\nok\ny", 0, 0), 0);
	uint32_t ml = 0, ci = 0;
	http_regex_option("multiline", &ml);
	http_regex_option("caseless", &ci);
	CHECK_EQ_INT(match("^ok$", ml, "x\nok\ny", 0, 0), 1);
	CHECK_EQ_INT(match("OK", 0, "ok", 0, 0), 0);
	CHECK_EQ_INT(match("OK", ci, "ok", 0, 0), 1);
}

TEST(offsets)
{
	const char *body = "aaaa-ok-bbbb-ok";
	/* first "ok" starts at 5, second at 13 */
	CHECK_EQ_INT(match("ok", 0, body, 6, 0), 1);      /* the second one */
	CHECK_EQ_INT(match("ok", 0, body, 14, 0), 0);     /* none after 14 */
	CHECK_EQ_INT(match("ok", 0, body, 0, 5), 1);      /* the first starts at 5 */
	CHECK_EQ_INT(match("ok", 0, body, 0, 4), 0);      /* nothing starts by 4 */
	CHECK_EQ_INT(match("ok", 0, body, 6, 12), 0);     /* between: none */
	CHECK_EQ_INT(match("ok", 0, body, 6, 13), 1);
	CHECK_EQ_INT(match("ok", 0, body, 100, 0), 0);    /* beyond the body */
}

TEST(bad_patterns)
{
	char err[160];
	CHECK(http_regex_new("(unclosed", 0, false, 0, 0, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "offset") != NULL);
	CHECK_EQ_INT(match("a[", 0, "a", 0, 0), -2);
}

TEST(jit_stack)
{
	char err[160];
	struct http_regex *re = http_regex_new("(a|b)*c", 0, false, 16384, 65536, err, sizeof(err));
	CHECK(re != NULL);
	CHECK_EQ_INT(http_regex_match(re, "ababababc", 9, 0, 0, err, sizeof(err)), 1);
	http_regex_free(re);
}

int main(void)
{
	RUN(options_by_name);
	RUN(plain_match);
	RUN(offsets);
	RUN(bad_patterns);
	RUN(jit_stack);
	return unit_summary();
}
