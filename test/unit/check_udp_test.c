/* check_udp_test.c - UDP_CHECK's pure parts: hex strings and reply matching. */
#include "check_conf.h"
#include "../../keepalived/check/check_udp.h"
#include "unit.h"

#include <stdlib.h>

TEST(hex_decode)
{
	uint8_t b[8];
	CHECK_EQ_INT(udp_hex_decode("00ff7A", b, sizeof(b)), 3);
	CHECK_EQ_INT(b[0], 0x00);
	CHECK_EQ_INT(b[1], 0xff);
	CHECK_EQ_INT(b[2], 0x7a);
	CHECK_EQ_INT(udp_hex_decode("0123456789abcdef", b, sizeof(b)), 8);
	CHECK_EQ_INT(b[7], 0xef);
	CHECK_EQ_INT(udp_hex_decode("", b, sizeof(b)), -1);            /* nothing */
	CHECK_EQ_INT(udp_hex_decode("abc", b, sizeof(b)), -1);         /* odd */
	CHECK_EQ_INT(udp_hex_decode("zz", b, sizeof(b)), -1);          /* not hex */
	CHECK_EQ_INT(udp_hex_decode("0x01", b, sizeof(b)), -1);
	CHECK_EQ_INT(udp_hex_decode("000000000000000000", b, sizeof(b)), -1);  /* 9 > 8 */
}

/* A UDP_CHECK conf with the given require_reply bytes (NULL = any reply). */
static void udp_conf(struct check_conf *cc, const char *hex)
{
	check_conf_init(cc, CHECK_UDP);
	cc->udp_require_reply = true;
	if (!hex)
		return;
	cc->udp_reply = malloc(strlen(hex) / 2 + 1);
	cc->udp_reply_len = (uint32_t)udp_hex_decode(hex, cc->udp_reply, strlen(hex) / 2 + 1);
}

TEST(reply_match)
{
	struct check_conf cc;
	char why[160];
	const uint8_t rep[] = { 'r', 's', '1', ':', 'h', 'i' };

	udp_conf(&cc, NULL);
	CHECK(udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(udp_reply_ok(&cc, rep, 0, 0, why, sizeof(why)));      /* an empty reply is a reply */
	cc.udp_min_reply_len = 7;
	CHECK(!udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(strncmp(why, "UDP reply mismatch", 18) == 0);
	cc.udp_min_reply_len = 6;
	cc.udp_max_reply_len = 6;
	CHECK(udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	cc.udp_max_reply_len = 5;
	CHECK(!udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	/* the length is the datagram's, not what was read of it */
	cc.udp_max_reply_len = 100;
	CHECK(!udp_reply_ok(&cc, rep, sizeof(rep), 2000, why, sizeof(why)));

	udp_conf(&cc, "7273313a");                                   /* "rs1:" */
	CHECK(udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(udp_reply_ok(&cc, rep, 4, 4, why, sizeof(why)));
	CHECK(!udp_reply_ok(&cc, rep, 3, 3, why, sizeof(why)));     /* shorter than required */
	CHECK(strncmp(why, "UDP reply mismatch", 18) == 0);
	free(cc.udp_reply);

	udp_conf(&cc, "7273323a");                                   /* "rs2:" */
	CHECK(!udp_reply_ok(&cc, rep, sizeof(rep), sizeof(rep), why, sizeof(why)));
	CHECK(strncmp(why, "UDP reply mismatch", 18) == 0);
	free(cc.udp_reply);
}

int main(void)
{
	RUN(hex_decode);
	RUN(reply_match);
	return unit_summary();
}
