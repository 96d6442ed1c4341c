/* check_dns.h - DNS_CHECK's messages (check/dns_msg.c): building the query
 * and judging an answer against it (RFC 1035). Pure functions, no I/O.
 *
 * keepalived's semantics: one question (name, type, class IN) with
 * recursion desired; an answer is good when it is a response (QR) to that
 * query with RCODE 0 - no answer records are required. We also insist that
 * the answer echoes our question (name case-insensitively, type, class).
 */
#ifndef KA_CHECK_DNS_H
#define KA_CHECK_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_MSG_MAX 512        /* a UDP DNS message without EDNS */
#define DNS_NAME_MAX 255

/* The query types keepalived's DNS_CHECK knows: A NS CNAME SOA MX TXT AAAA
 * RRSIG DNSKEY (case-insensitive). Returns the type, 0 if unknown. */
uint16_t dns_type_by_name(const char *name);
/* Its name, "?" when not one of those. */
const char *dns_type_name(uint16_t type);
/* The space-separated list of names, for error messages. */
const char *dns_type_names(void);

/* Whether name is a domain name we can ask for: "." or dot-separated labels
 * of 1..63 bytes, 255 bytes at most on the wire (a final dot is allowed). */
bool dns_name_valid(const char *name);

/* Build a query into buf: returns its length, 0 when name is invalid or buf
 * too small. */
size_t dns_query_build(uint16_t id, const char *name, uint16_t qtype, uint8_t *buf, size_t size);

enum dns_verdict {
	DNS_NOT_OURS = 0,   /* not an answer to this query (id, QR): keep waiting */
	DNS_GOOD,           /* RCODE 0, our question */
	DNS_BAD,            /* an answer to us that says no (RCODE) or does not match */
};

/* Judge ans (alen bytes) against query (qlen bytes, from dns_query_build).
 * For DNS_BAD, why (if size > 0) says why. */
enum dns_verdict dns_answer_check(const uint8_t *query, size_t qlen, const uint8_t *ans, size_t alen,
				  char *why, size_t why_size);

/* "NXDOMAIN" style name of an RCODE. */
const char *dns_rcode_name(unsigned rcode);

#endif
