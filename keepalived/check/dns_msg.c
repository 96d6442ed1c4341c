/* dns_msg.c - DNS_CHECK's query building and answer checking; see
 * check_dns.h. Pure: no I/O, no globals. */
#include "check_dns.h"
#include "netbytes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DNS_HDR_LEN 12
#define DNS_CLASS_IN 1
#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_RD 0x0100

static const struct { uint16_t type; const char *name; } dns_types[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 15, "MX" }, { 16, "TXT" },
	{ 28, "AAAA" }, { 46, "RRSIG" }, { 48, "DNSKEY" },
};
#define N_TYPES (sizeof(dns_types) / sizeof(dns_types[0]))

uint16_t dns_type_by_name(const char *name)
{
	for (size_t i = 0; i < N_TYPES; i++)
		if (strcasecmp(dns_types[i].name, name) == 0)
			return dns_types[i].type;
	return 0;
}

const char *dns_type_name(uint16_t type)
{
	for (size_t i = 0; i < N_TYPES; i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	return "?";
}

const char *dns_type_names(void)
{
	return "A NS CNAME SOA MX TXT AAAA RRSIG DNSKEY";
}

const char *dns_rcode_name(unsigned rcode)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
		"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
	};
	return rcode < sizeof(names) / sizeof(names[0]) ? names[rcode] : "unknown rcode";
}


/* Encode name in wire format into out (room for size bytes); returns the
 * length or 0 when the name is not valid or does not fit. */
static size_t encode_name(const char *name, uint8_t *out, size_t size)
{
	size_t n = 0;
	if (strcmp(name, ".") != 0) {
		const char *s = name;
		while (*s) {
			const char *dot = strchr(s, '.');
			size_t l = dot ? (size_t)(dot - s) : strlen(s);
			if (l == 0 || l > 63 || n + 1 + l > size)
				return 0;
			out[n++] = (uint8_t)l;
			memcpy(out + n, s, l);
			n += l;
			s += l;
			if (*s == '.')
				s++;
		}
	}
	if (n + 1 > size || n + 1 > DNS_NAME_MAX)
		return 0;
	out[n++] = 0;
	return n;
}

bool dns_name_valid(const char *name)
{
	uint8_t buf[DNS_NAME_MAX];
	return name && *name && encode_name(name, buf, sizeof(buf)) > 0;
}

size_t dns_query_build(uint16_t id, const char *name, uint16_t qtype, uint8_t *buf, size_t size)
{
	if (size < DNS_HDR_LEN + 1 + 4 || !name || !*name)
		return 0;   /* "" is not a name (dns_name_valid()): "." is the root */
	memset(buf, 0, DNS_HDR_LEN);
	put16(buf, id);
	put16(buf + 2, DNS_FLAG_RD);
	put16(buf + 4, 1);                  /* QDCOUNT */
	size_t n = encode_name(name, buf + DNS_HDR_LEN, size - DNS_HDR_LEN - 4);
	if (!n)
		return 0;
	n += DNS_HDR_LEN;
	put16(buf + n, qtype);
	put16(buf + n + 2, DNS_CLASS_IN);
	return n + 4;
}

/* The question of a message starts at DNS_HDR_LEN: its length (name +
 * type + class) when it is uncompressed and inside the len bytes, else 0. */
static size_t question_len(const uint8_t *m, size_t len)
{
	size_t p = DNS_HDR_LEN;
	while (p < len && m[p]) {
		if (m[p] & 0xc0)
			return 0;         /* a pointer in a question: not our echo */
		p += 1 + m[p];
	}
	if (p >= len || len - p < 5)
		return 0;
	return p + 5 - DNS_HDR_LEN;
}

/* Same question: labels case-insensitively, type and class exactly. */
static bool same_question(const uint8_t *q, const uint8_t *a, size_t n)
{
	size_t name = n - 4;
	for (size_t i = 0; i < name; i++) {
		uint8_t x = q[i], y = a[i];
		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return false;
	}
	return memcmp(q + name, a + name, 4) == 0;
}

static enum dns_verdict bad(char *why, size_t size, const char *fmt, unsigned v)
{
	if (size)
		snprintf(why, size, fmt, v);
	return DNS_BAD;
}

enum dns_verdict dns_answer_check(const uint8_t *query, size_t qlen, const uint8_t *ans, size_t alen,
				  char *why, size_t why_size)
{
	if (qlen < DNS_HDR_LEN || alen < DNS_HDR_LEN || get16(ans) != get16(query))
		return DNS_NOT_OURS;
	uint16_t flags = get16(ans + 2);
	if (!(flags & DNS_FLAG_QR))
		return DNS_NOT_OURS;
	if (((flags >> 11) & 0xf) != ((get16(query + 2) >> 11) & 0xf))
		return bad(why, why_size, "DNS answer with another opcode (%u)", (flags >> 11) & 0xf);
	unsigned rcode = flags & 0xf;
	if (rcode) {
		if (why_size)
			snprintf(why, why_size, "DNS answer %s (rcode %u)", dns_rcode_name(rcode), rcode);
		return DNS_BAD;
	}
	size_t ql = question_len(query, qlen);
	if (get16(ans + 4) != 1)
		return bad(why, why_size, "DNS answer with %u questions, not our one", get16(ans + 4));
	size_t al = question_len(ans, alen);
	if (!ql || al != ql || !same_question(query + DNS_HDR_LEN, ans + DNS_HDR_LEN, ql))
		return bad(why, why_size, "DNS answer to another question (%u bytes)", (unsigned)al);
	return DNS_GOOD;
}
