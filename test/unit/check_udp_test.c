/* check_udp_test.c - UDP_CHECK's pure parts: hex strings and reply matching. */
#include "check_conf.h"
#include "../../keepalived/check/check_udp.h"
#include "unit.h"

#include <stdlib.h>

TEST(hex_decode)
{
	uint8_t b[16], m[16];
	CHECK_EQ_INT(udp_hex_decode("00ff7A", b, NULL, sizeof(b)), 3);
	CHECK_EQ_INT(b[0], 0x00);
	CHECK_EQ_INT(b[1], 0xff);
	CHECK_EQ_INT(b[2], 0x7a);
	/* keepalived's example: "Ab12f 3 456 546443123" */
	const uint8_t ka[] = { 0xab, 0x12, 0x0f, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03 };
	CHECK_EQ_INT(udp_hex_decode("Ab12f 3 456 546443123", b, NULL, sizeof(b)), 11);
	CHECK_MEM(b, ka, sizeof(ka));
	CHECK_EQ_INT(udp_hex_decode(" \t01\t02 ", b, NULL, sizeof(b)), 2);
	CHECK_EQ_INT(udp_hex_decode("", b, NULL, sizeof(b)), -1);            /* nothing */
	CHECK_EQ_INT(udp_hex_decode("   ", b, NULL, sizeof(b)), -1);
	CHECK_EQ_INT(udp_hex_decode("zz", b, NULL, sizeof(b)), -1);          /* not hex */
	CHECK_EQ_INT(udp_hex_decode("0x01", b, NULL, sizeof(b)), -1);        /* no wildcard without a mask */
	CHECK_EQ_INT(udp_hex_decode("0000000000000000 00", b, NULL, 8), -1); /* 9 > 8 */
	/* wildcards */
	CHECK_EQ_INT(udp_hex_decode("1x X2 xx", b, m, sizeof(b)), 3);
	CHECK_EQ_INT(b[0], 0x10);
	CHECK_EQ_INT(m[0], 0x0f);
	CHECK_EQ_INT(b[1], 0x02);
	CHECK_EQ_INT(m[1], 0xf0);
	CHECK_EQ_INT(m[2], 0xff);
}

/* A require_reply conf from a hex string (NULL = any reply). */
static void udp_conf(struct udp_check_conf *u, const char *hex)
{
	memset(u, 0, sizeof(*u));
	u->require_reply = true;
	u->max_reply_len = UDP_DEFAULT_MAX_REPLY;
	if (!hex)
		return;
	size_t n = strlen(hex) + 1;
	u->reply = malloc(n);
	u->reply_mask = malloc(n);
	u->reply_len = u->reply_mask_len = (uint32_t)udp_hex_decode(hex, u->reply, u->reply_mask, n);
}

static void udp_conf_free(struct udp_check_conf *u)
{
	free(u->reply);
	free(u->reply_mask);
}

TEST(reply_match)
{
	struct udp_check_conf u;
	char why[160];
	const uint8_t rep[] = { 'r', 's', '1', ':', 'h', 'i' };
	udp_conf(&u, NULL);
	CHECK(udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(udp_reply_ok(&u, rep, 0, 0, why, sizeof(why)));      /* an empty reply is a reply */
	u.min_reply_len = 7;
	CHECK(!udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(strncmp(why, "UDP reply mismatch", 18) == 0);
	u.min_reply_len = 6;
	u.max_reply_len = 6;
	CHECK(udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	u.max_reply_len = 5;
	CHECK(!udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	/* the length is the datagram's, not what was read of it; default max 255 */
	u.max_reply_len = UDP_DEFAULT_MAX_REPLY;
	CHECK(!udp_reply_ok(&u, rep, sizeof(rep), 256, why, sizeof(why)));

	udp_conf(&u, "7273313a");                                   /* "rs1:" */
	CHECK(udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(udp_reply_ok(&u, rep, 4, 4, why, sizeof(why)));
	/* keepalived compares min(length, require_reply) bytes: "rs" passes */
	CHECK(udp_reply_ok(&u, rep, 2, 2, why, sizeof(why)));
	udp_conf_free(&u);

	udp_conf(&u, "7273323a");                                   /* "rs2:" */
	CHECK(!udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(strncmp(why, "UDP reply mismatch", 18) == 0);
	udp_conf_free(&u);

	udp_conf(&u, "7273 3X 3a");                                 /* "rs" 0x3? ":" */
	CHECK(udp_reply_ok(&u, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	const uint8_t rep9[] = { 'r', 's', '9', ':' };
	CHECK(udp_reply_ok(&u, rep9, sizeof(rep9), sizeof(rep9), why, sizeof(why)));
	const uint8_t repA[] = { 'r', 's', 'A', ':' };               /* 0x41: high nibble differs */
	CHECK(!udp_reply_ok(&u, repA, sizeof(repA), sizeof(repA), why, sizeof(why)));
	udp_conf_free(&u);
}

int main(void)
{
	RUN(hex_decode);
	RUN(reply_match);
	return unit_summary();
}
