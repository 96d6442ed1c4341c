/* check_dns_test.c - DNS_CHECK's query and answer validation. */
#include "check_dns.h"
#include "unit.h"

#include <string.h>

TEST(types)
{
	CHECK_EQ_INT(dns_type_by_name("SOA"), 6);
	CHECK_EQ_INT(dns_type_by_name("aaaa"), 28);
	CHECK_EQ_INT(dns_type_by_name("MX"), 15);
	CHECK_EQ_INT(dns_type_by_name("PTR"), 0);
	CHECK_STR(dns_type_name(1), "A");
	CHECK_STR(dns_type_name(999), "?");
	CHECK_STR(dns_rcode_name(3), "NXDOMAIN");
}

TEST(names)
{
	CHECK(dns_name_valid("."));
	CHECK(dns_name_valid("example.com"));
	CHECK(dns_name_valid("example.com."));
	CHECK(!dns_name_valid(""));
	CHECK(!dns_name_valid("a..b"));
	CHECK(!dns_name_valid(".example"));
	char label[80];
	memset(label, 'x', 64);
	label[64] = '\0';
	CHECK(!dns_name_valid(label));        /* a 64-byte label */
	label[63] = '\0';
	CHECK(dns_name_valid(label));
	char longname[300];
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 130; i++)
		strcat(longname, "a.");
	CHECK(!dns_name_valid(longname));      /* 260 bytes on the wire */
}

TEST(query_wire)
{
	uint8_t q[DNS_MSG_MAX];
	size_t n = dns_query_build(0xabcd, "www.Example.com", 1, q, sizeof(q));
	const uint8_t want[] = {
		0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		3, 'w', 'w', 'w', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0, 1, 0, 1,
	};
	CHECK_EQ_INT(n, sizeof(want));
	CHECK_MEM(q, want, sizeof(want));
	/* the root */
	n = dns_query_build(1, ".", 6, q, sizeof(q));
	CHECK_EQ_INT(n, 12 + 1 + 4);
	CHECK_EQ_INT(q[12], 0);
	CHECK_EQ_INT(q[14], 6);
	CHECK_EQ_INT(dns_query_build(1, "a..b", 1, q, sizeof(q)), 0);
	CHECK_EQ_INT(dns_query_build(1, "", 1, q, sizeof(q)), 0);   /* not a name (fuzz_dns) */
	CHECK_EQ_INT(dns_query_build(1, "example.com", 1, q, 20), 0);
}

/* An answer to query q: same header id, QR set, rcode, one A record. */
static size_t answer(const uint8_t *q, size_t qn, unsigned rcode, uint8_t *a)
{
	memcpy(a, q, qn);
	a[2] |= 0x80;                    /* QR */
	a[3] = (uint8_t)(0x80 | rcode);  /* RA + rcode */
	a[7] = 1;                        /* ANCOUNT */
	const uint8_t rr[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1 };
	memcpy(a + qn, rr, sizeof(rr));
	return qn + sizeof(rr);
}

TEST(answers)
{
	uint8_t q[DNS_MSG_MAX], a[DNS_MSG_MAX];
	char why[128];
	size_t qn = dns_query_build(0x1234, "example.com", 1, q, sizeof(q));
	size_t an = answer(q, qn, 0, a);
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_GOOD);
	/* no answer records at all is still good (keepalived: RCODE 0) */
	a[7] = 0;
	CHECK_EQ_INT(dns_answer_check(q, qn, a, qn, why, sizeof(why)), DNS_GOOD);
	/* the name echoed in another case */
	an = answer(q, qn, 0, a);
	a[13] = 'E';
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_GOOD);

	/* NXDOMAIN, SERVFAIL */
	an = answer(q, qn, 3, a);
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	CHECK(strstr(why, "NXDOMAIN") != NULL);
	an = answer(q, qn, 2, a);
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	CHECK(strstr(why, "SERVFAIL") != NULL);

	/* someone else's id, or a query rather than a response: not ours */
	an = answer(q, qn, 0, a);
	a[1] ^= 1;
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_NOT_OURS);
	an = answer(q, qn, 0, a);
	a[2] &= 0x7f;
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_NOT_OURS);
	/* shorter than a header */
	CHECK_EQ_INT(dns_answer_check(q, qn, a, 11, why, sizeof(why)), DNS_NOT_OURS);

	/* another question: other name, other type, missing question, cut short */
	an = answer(q, qn, 0, a);
	a[14] = 'z';
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	CHECK(strstr(why, "another question") != NULL);
	an = answer(q, qn, 0, a);
	a[qn - 3] = 28;                  /* AAAA */
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	an = answer(q, qn, 0, a);
	a[5] = 0;                        /* QDCOUNT 0 */
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	an = answer(q, qn, 0, a);
	CHECK_EQ_INT(dns_answer_check(q, qn, a, qn - 2, why, sizeof(why)), DNS_BAD);
	/* a compression pointer in the question */
	an = answer(q, qn, 0, a);
	a[12] = 0xc0;
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
	/* another opcode */
	an = answer(q, qn, 0, a);
	a[2] |= 0x10;
	CHECK_EQ_INT(dns_answer_check(q, qn, a, an, why, sizeof(why)), DNS_BAD);
}

int main(void)
{
	RUN(types);
	RUN(names);
	RUN(query_wire);
	RUN(answers);
	return unit_summary();
}
