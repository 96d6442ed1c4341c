/* fuzz_dns.c - DNS_CHECK: an answer judged against our query
 * (dns_answer_check(), check/dns_msg.c), the query built from a name and a
 * type (dns_query_build()), and the type names.
 *
 * Input: a selector byte, a query type (2 bytes), a name up to the first
 * NUL (at most 300 bytes), then the answer. Selector bits, so that
 * mutations get past the first gates: 0 copy our query's id into the
 * answer, 1 set QR and clear the opcode, 2 put our question (bytes 12..)
 * at the answer's question, 3 clear RCODE, 4 QDCOUNT = 1.
 * Invariants: a name is valid exactly when a query can be built for it,
 * and a query is 12 + name + 4 bytes; GOOD only for an answer with our id,
 * QR, our opcode, RCODE 0, one question equal to ours; BAD always says why;
 * type names and numbers map to each other. */
#include "fuzz.h"
#include "check_dns.h"

#include <string.h>
#include <strings.h>

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint8_t sel = data[0];
	uint16_t qtype = get16(data + 1);
	data += 3;
	size -= 3;
	const uint8_t *nul = memchr(data, 0, size < 300 ? size : 300);
	size_t nl = nul ? (size_t)(nul - data) : (size < 300 ? size : 300);
	char name[301];
	memcpy(name, data, nl);
	name[nl] = '\0';
	data += nl + (nul ? 1 : 0);
	size -= nl + (nul ? 1 : 0);

	uint8_t query[DNS_MSG_MAX];
	size_t ql = dns_query_build(0x1234 ^ sel, name, qtype, query, sizeof(query));
	fuzz_assert((ql != 0) == dns_name_valid(name));
	if (!ql) {
		ql = dns_query_build(0x1234 ^ sel, "example.test", qtype, query, sizeof(query));
		fuzz_assert(ql == 12 + 14 + 4);
	} else {
		/* labels: one length byte each, a final zero; a trailing dot adds nothing */
		size_t wire = strcmp(name, ".") == 0 ? 1 : nl + 2 - (name[nl - 1] == '.');
		fuzz_assert(ql == 12 + wire + 4);
		fuzz_assert(get16(query + ql - 4) == qtype && get16(query + ql - 2) == 1);
	}

	size_t alen = size;
	uint8_t *ans = malloc(alen ? alen : 1);
	memcpy(ans, data, alen);
	if (alen >= 12) {
		if (sel & 1)
			memcpy(ans, query, 2);
		if (sel & 2)
			ans[2] = (uint8_t)((ans[2] | 0x80) & ~0x78);
		if (sel & 8)
			ans[3] &= 0xf0;
		if (sel & 16) {
			ans[4] = 0;
			ans[5] = 1;
		}
		if ((sel & 4) && alen >= ql)
			memcpy(ans + 12, query + 12, ql - 12);
	}
	char why[128];
	why[0] = '\0';
	enum dns_verdict v = dns_answer_check(query, ql, ans, alen, why, sizeof(why));
	fuzz_assert(v == DNS_NOT_OURS || v == DNS_GOOD || v == DNS_BAD);
	if (v == DNS_BAD)
		fuzz_assert(why[0] != '\0' && strlen(why) < sizeof(why));
	if (v != DNS_NOT_OURS)
		fuzz_assert(alen >= 12 && get16(ans) == get16(query) && (ans[2] & 0x80));
	if (v == DNS_GOOD) {
		fuzz_assert((ans[3] & 0x0f) == 0 && ((ans[2] >> 3) & 0xf) == ((query[2] >> 3) & 0xf));
		fuzz_assert(get16(ans + 4) == 1 && alen >= ql);
		fuzz_assert(strncasecmp((const char *)ans + 12, (const char *)query + 12, ql - 16) == 0);
		fuzz_assert(memcmp(ans + ql - 4, query + ql - 4, 4) == 0);
	}
	/* no room for why: same verdict, nothing written */
	fuzz_assert(dns_answer_check(query, ql, ans, alen, NULL, 0) == v);
	free(ans);

	const char *tn = dns_type_name(qtype);
	fuzz_assert(tn != NULL);
	if (strcmp(tn, "?") != 0)
		fuzz_assert(dns_type_by_name(tn) == qtype);
	uint16_t t = dns_type_by_name(name);
	if (t)
		fuzz_assert(strcasecmp(dns_type_name(t), name) == 0);
	fuzz_assert(dns_rcode_name(sel) != NULL);
	return 0;
}
