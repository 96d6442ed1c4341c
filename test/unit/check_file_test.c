/* check_file_test.c - FILE_CHECK's value reader and verdicts (check_file.h),
 * as keepalived 2.2.7 was seen to judge them in the IPVS VM. */
#include "check_file.h"
#include "unit.h"

#include <stdint.h>
#include <string.h>

static int64_t parse(const char *s)
{
	return file_value_parse(s, strlen(s));
}

TEST(values)
{
	CHECK_EQ_INT(parse("3\n"), 3);
	CHECK_EQ_INT(parse("-5"), -5);
	CHECK_EQ_INT(parse("  +7 trailing words"), 7);
	CHECK_EQ_INT(parse("0"), 0);
	CHECK_EQ_INT(parse(""), 0);             /* empty: 0 */
	CHECK_EQ_INT(parse("abc"), 0);          /* not a number: 0 */
	CHECK_EQ_INT(parse("-"), 0);
	CHECK_EQ_INT(parse("0x10"), 0);         /* decimal only */
	CHECK_EQ_INT(parse("2147483647"), INT32_MAX);
	CHECK_EQ_INT(parse("-2147483648"), INT32_MIN);
	CHECK_EQ_INT(parse("99999999999999999999999"), INT32_MAX);   /* clamped */
	CHECK_EQ_INT(parse("-99999999999"), INT32_MIN);
	CHECK_EQ_INT(file_value_parse("12345", 2), 12);              /* only len bytes */
}

TEST(weight_zero)
{
	/* weight 0: any non-zero value is a fault; reverse: zero is */
	CHECK(file_verdict(0, 0, false).up);
	CHECK(!file_verdict(3, 0, false).up);
	CHECK(!file_verdict(-4, 0, false).up);
	CHECK(!file_verdict(0, 0, true).up);
	CHECK(file_verdict(3, 0, true).up);
	CHECK_EQ_INT(file_verdict(3, 0, true).delta, 0);
}

TEST(weights)
{
	/* value x weight is added to the real server's weight */
	struct file_verdict r = file_verdict(3, 1, false);
	CHECK(r.up);
	CHECK_EQ_INT(r.delta, 3);
	CHECK_EQ_INT(file_verdict(-5, 3, false).delta, -15);
	CHECK_EQ_INT(file_verdict(3, 2, true).delta, -6);      /* reverse */
	CHECK_EQ_INT(file_verdict(-4, 2, true).delta, 8);
	CHECK_EQ_INT(file_verdict(3, -1, false).delta, -3);
	CHECK_EQ_INT(file_verdict(INT32_MAX, INT32_MAX, false).delta, (int64_t)INT32_MAX * INT32_MAX);
	/* at or below -2147483648: FAULT */
	CHECK(!file_verdict(INT32_MIN, 1, false).up);
	CHECK(!file_verdict(-1073741824, 2, false).up);
	CHECK(file_verdict(-1073741823, 2, false).up);
	CHECK(!file_verdict(INT32_MAX, INT32_MAX, true).up);
	CHECK_EQ_INT(file_verdict(INT32_MIN, 1, false).delta, 0);
}

int main(void)
{
	RUN(values);
	RUN(weight_zero);
	RUN(weights);
	return unit_summary();
}
