/* unit.h - a very small unit-test harness.
 *
 *   TEST(name) { CHECK(x == 1); CHECK_EQ_INT(a, b); CHECK_STR(a, b); }
 *   int main(void) { RUN(name); return unit_summary(); }
 *
 * Each failing CHECK prints file:line and the expression; the summary prints
 * "N passed, N failed" for the test cases and exits non-zero on any failure.
 */
#ifndef KA_UNIT_H
#define KA_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_checks;
static int unit_cases_passed, unit_cases_failed;

#define TEST(name) static void name(void)

#define CHECK(expr) do { \
	if (!(expr)) { \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #expr); \
		unit_failed_checks++; \
	} } while (0)

#define CHECK_EQ_INT(a, b) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { \
		fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
			__FILE__, __LINE__, #a, #b, _a, _b); \
		unit_failed_checks++; \
	} } while (0)

#define CHECK_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (!_a || !_b || strcmp(_a, _b) != 0) { \
		fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
			__FILE__, __LINE__, #a, #b, _a ? _a : "(null)", _b ? _b : "(null)"); \
		unit_failed_checks++; \
	} } while (0)

#define CHECK_MEM(a, b, n) do { \
	if (memcmp((a), (b), (n)) != 0) { \
		fprintf(stderr, "%s:%d: memory %s == %s failed\n", __FILE__, __LINE__, #a, #b); \
		unit_failed_checks++; \
	} } while (0)

#define RUN(name) do { \
	int _before = unit_failed_checks; \
	name(); \
	if (unit_failed_checks == _before) { unit_cases_passed++; printf("ok - %s\n", #name); } \
	else { unit_cases_failed++; printf("not ok - %s\n", #name); } \
	} while (0)

static inline int unit_summary(void)
{
	printf("%d passed, %d failed\n", unit_cases_passed, unit_cases_failed);
	return unit_cases_failed ? 1 : 0;
}

#endif
