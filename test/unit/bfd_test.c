/* bfd_test.c - the pure parts of BFD: the control packet (RFC 5880 4.1,
 * 6.8.6 checks), the session FSM table, timer negotiation and jitter, the
 * bfd_instance parser (keepalived 2.2.7's defaults and errors) and the
 * IPC_CONF_BFD record.
 */
#include "bfd_conf.h"
#include "bfd_proto.h"
#include "conf_fields.h"
#include "conf_test_util.h"
#include "unit.h"

#include <arpa/inet.h>

TEST(packet_roundtrip)
{
	struct bfd_pkt p = { .diag = BFD_DIAG_EXPIRED, .state = BFD_UP, .poll = true, .detect_mult = 3,
			     .my_discr = 0x11223344, .your_discr = 0x55667788, .min_tx_us = 300000,
			     .min_rx_us = 10000 };
	uint8_t b[BFD_PKT_LEN];
	bfd_pkt_build(&p, b);
	/* RFC 5880 4.1: version 1 in the top 3 bits, diag below; Up = 3 in the
	 * top 2 bits of byte 1, P = 0x20 */
	CHECK_EQ_INT(b[0], 0x21);
	CHECK_EQ_INT(b[1], 0xe0);
	CHECK_EQ_INT(b[2], 3);
	CHECK_EQ_INT(b[3], 24);
	uint8_t disc[4] = { 0x11, 0x22, 0x33, 0x44 };
	CHECK_MEM(b + 4, disc, 4);
	struct bfd_pkt q;
	CHECK_EQ_INT(bfd_pkt_parse(b, sizeof(b), &q), BFD_RX_OK);
	CHECK_EQ_INT(q.state, BFD_UP);
	CHECK(q.poll && !q.final);
	CHECK_EQ_INT(q.diag, BFD_DIAG_EXPIRED);
	CHECK_EQ_INT(q.my_discr, 0x11223344);
	CHECK_EQ_INT(q.your_discr, 0x55667788);
	CHECK_EQ_INT(q.min_tx_us, 300000);
	CHECK_EQ_INT(q.min_rx_us, 10000);
	CHECK_EQ_INT(q.detect_mult, 3);
}

TEST(packet_checks)
{
	struct bfd_pkt p = { .state = BFD_DOWN, .detect_mult = 3, .my_discr = 1 };
	uint8_t b[BFD_PKT_LEN + 4];
	struct bfd_pkt q;
	bfd_pkt_build(&p, b);
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_OK);   /* Down with your_discr 0: fine */
	CHECK_EQ_INT(bfd_pkt_parse(b, 23, &q), BFD_RX_SHORT);
	b[0] = (uint8_t)(2 << 5);
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_VERSION);
	bfd_pkt_build(&p, b);
	b[3] = 20;
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_LENGTH);
	b[3] = 28;
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_SHORT);   /* says more than received */
	bfd_pkt_build(&p, b);
	b[2] = 0;
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_MULT);
	bfd_pkt_build(&p, b);
	b[1] |= 0x01;
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_MULTIPOINT);
	struct bfd_pkt z = p;
	z.my_discr = 0;
	bfd_pkt_build(&z, b);
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_MY_DISCR);
	z = p;
	z.state = BFD_UP;   /* Up without your_discr */
	bfd_pkt_build(&z, b);
	CHECK_EQ_INT(bfd_pkt_parse(b, BFD_PKT_LEN, &q), BFD_RX_YOUR_DISCR);
	z = p;
	z.auth = true;
	bfd_pkt_build(&z, b);
	b[3] = 26;
	CHECK_EQ_INT(bfd_pkt_parse(b, sizeof(b), &q), BFD_RX_AUTH);
}

/* RFC 5880 6.2's diagram, edge by edge. */
TEST(fsm_table)
{
	struct bfd_step s = bfd_fsm_step(BFD_ADMIN_DOWN, BFD_EV_ADMIN_UP);
	CHECK(s.changed && s.state == BFD_DOWN);
	s = bfd_fsm_step(BFD_DOWN, BFD_EV_RX_DOWN);
	CHECK(s.changed && s.state == BFD_INIT && s.keep_diag);
	s = bfd_fsm_step(BFD_DOWN, BFD_EV_RX_INIT);
	CHECK(s.changed && s.state == BFD_UP && s.diag == BFD_DIAG_NONE);
	s = bfd_fsm_step(BFD_DOWN, BFD_EV_RX_UP);
	CHECK(!s.changed && s.state == BFD_DOWN);
	s = bfd_fsm_step(BFD_DOWN, BFD_EV_RX_ADMIN_DOWN);
	CHECK(!s.changed);
	s = bfd_fsm_step(BFD_DOWN, BFD_EV_TIMER);
	CHECK(!s.changed);
	s = bfd_fsm_step(BFD_INIT, BFD_EV_RX_INIT);
	CHECK(s.changed && s.state == BFD_UP);
	s = bfd_fsm_step(BFD_INIT, BFD_EV_RX_UP);
	CHECK(s.changed && s.state == BFD_UP);
	s = bfd_fsm_step(BFD_INIT, BFD_EV_RX_DOWN);
	CHECK(!s.changed);
	s = bfd_fsm_step(BFD_INIT, BFD_EV_TIMER);
	CHECK(s.changed && s.state == BFD_DOWN && s.diag == BFD_DIAG_EXPIRED);
	s = bfd_fsm_step(BFD_UP, BFD_EV_RX_DOWN);
	CHECK(s.changed && s.state == BFD_DOWN && s.diag == BFD_DIAG_NBR_DOWN);
	s = bfd_fsm_step(BFD_UP, BFD_EV_RX_ADMIN_DOWN);
	CHECK(s.changed && s.state == BFD_DOWN && s.diag == BFD_DIAG_NBR_DOWN);
	s = bfd_fsm_step(BFD_UP, BFD_EV_RX_UP);
	CHECK(!s.changed);
	s = bfd_fsm_step(BFD_UP, BFD_EV_RX_INIT);
	CHECK(!s.changed);
	s = bfd_fsm_step(BFD_UP, BFD_EV_TIMER);
	CHECK(s.changed && s.state == BFD_DOWN && s.diag == BFD_DIAG_EXPIRED);
	s = bfd_fsm_step(BFD_UP, BFD_EV_ADMIN_DOWN);
	CHECK(s.changed && s.state == BFD_ADMIN_DOWN && s.diag == BFD_DIAG_ADMIN_DOWN);
	s = bfd_fsm_step(BFD_ADMIN_DOWN, BFD_EV_RX_UP);
	CHECK(!s.changed);
	CHECK_EQ_INT(bfd_fsm_rx_event(BFD_INIT), BFD_EV_RX_INIT);
}

TEST(timers)
{
	struct bfd_timers_in in = { .local_state = BFD_DOWN, .local_min_tx_us = 10000, .local_idle_tx_us = 1000000,
				    .local_min_rx_us = 20000 };
	struct bfd_timers t = bfd_timers_calc(&in);
	CHECK_EQ_INT(t.desired_tx_us, 1000000);   /* not Up: idle_tx */
	CHECK_EQ_INT(t.tx_us, 1000000);
	CHECK_EQ_INT(t.detect_us, 0);             /* nothing heard */
	in.local_idle_tx_us = 500000;             /* never under 1 s while not Up */
	CHECK_EQ_INT(bfd_timers_calc(&in).desired_tx_us, 1000000);
	in.local_state = BFD_UP;
	in.remote_min_tx_us = 50000;
	in.remote_min_rx_us = 30000;
	in.remote_mult = 3;
	t = bfd_timers_calc(&in);
	CHECK_EQ_INT(t.desired_tx_us, 10000);
	CHECK_EQ_INT(t.tx_us, 30000);             /* the remote cannot receive faster */
	CHECK_EQ_INT(t.detect_us, 150000);        /* 3 x max(20 ms, 50 ms) */
	in.remote_min_tx_us = 5000;
	CHECK_EQ_INT(bfd_timers_calc(&in).detect_us, 60000);   /* 3 x our 20 ms */
	in.remote_min_rx_us = 0;
	CHECK_EQ_INT(bfd_timers_calc(&in).tx_us, 0);           /* it wants no packets */
}

/* RFC 5880 6.8.3: new values while Up are held until the poll sequence ends. */
TEST(poll_hold)
{
	struct bfd_hold none = { 0, 0 };
	/* min_tx raised 10 ms -> 200 ms: we keep sending every 10 ms (or the
	 * remote's Required Min RX) until the Final; Desired Min TX says 200 ms */
	struct bfd_hold h = bfd_hold_start(none, 10000, 200000, 20000, 20000);
	CHECK_EQ_INT(h.tx_us, 10000);
	CHECK_EQ_INT(h.min_rx_us, 0);
	struct bfd_timers_in in = { .local_state = BFD_UP, .local_min_tx_us = 200000, .local_idle_tx_us = 1000000,
				    .local_min_rx_us = 20000, .remote_min_tx_us = 10000, .remote_min_rx_us = 5000,
				    .remote_mult = 3, .hold = h };
	struct bfd_timers t = bfd_timers_calc(&in);
	CHECK_EQ_INT(t.desired_tx_us, 200000);    /* advertised at once */
	CHECK_EQ_INT(t.tx_us, 10000);             /* used only after the poll sequence */
	in.hold = none;                           /* the Final came */
	CHECK_EQ_INT(bfd_timers_calc(&in).tx_us, 200000);
	/* lowered: at once */
	h = bfd_hold_start(none, 200000, 10000, 20000, 20000);
	CHECK_EQ_INT(h.tx_us, 0);
	/* min_rx lowered 100 ms -> 20 ms: the detection time stays 3 x 100 ms */
	h = bfd_hold_start(none, 10000, 10000, 100000, 20000);
	CHECK_EQ_INT(h.tx_us, 0);
	CHECK_EQ_INT(h.min_rx_us, 100000);
	in.hold = h;
	CHECK_EQ_INT(bfd_timers_calc(&in).detect_us, 300000);
	in.hold = none;
	CHECK_EQ_INT(bfd_timers_calc(&in).detect_us, 60000);
	/* min_rx raised: at once */
	CHECK_EQ_INT(bfd_hold_start(none, 10000, 10000, 20000, 100000).min_rx_us, 0);
	/* a second change during the sequence: the value in use stays the
	 * first one; one back under it applies at once */
	h = bfd_hold_start(none, 10000, 200000, 20000, 20000);
	CHECK_EQ_INT(bfd_hold_start(h, 200000, 300000, 20000, 20000).tx_us, 10000);
	CHECK_EQ_INT(bfd_hold_start(h, 200000, 5000, 20000, 20000).tx_us, 0);
}

TEST(jitter)
{
	for (uint32_t r = 0; r < 100; r++) {
		uint64_t j = bfd_jitter(100000, 3, r);
		CHECK(j >= 75000 && j <= 100000);
		j = bfd_jitter(100000, 1, r);
		CHECK(j >= 75000 && j <= 90000);
	}
	CHECK_EQ_INT(bfd_jitter(100000, 3, 0), 100000);
	CHECK_EQ_INT(bfd_jitter(100000, 3, 25), 75000);
}

static struct config *load_conf(const char *text, int *errors, char **log)
{
	char path[512];
	struct config *conf = calloc(1, sizeof(*conf));
	*errors = load_fresh(conf, text, path, log);
	return conf;
}

static void conf_drop(struct config *c)
{
	config_free(c);
	free(c);
}

TEST(parse_defaults)
{
	int errors;
	char *log;
	struct config *c = load_conf("bfd_instance b1 {\n neighbor_ip 10.0.0.2\n}\n"
				     "bfd_instance b6 {\n neighbour_ip fe80::2\n source_ip fe80::1\n"
				     " min_rx 3.312\n min_tx 20\n idle_tx 2000\n multiplier 3\n passive\n"
				     " hoplimit 10\n max_hops 2\n weight -20 reverse\n vrrp\n}\n", &errors, &log);
	CHECK_EQ_INT(errors, 0);
	CHECK(c->bfd && c->bfd->n == 2);
	const struct bfd_instance_conf *b = bfd_conf_find(c->bfd, "b1");
	CHECK(b != NULL);
	if (b) {
		CHECK_EQ_INT(b->min_rx_us, 10000);
		CHECK_EQ_INT(b->min_tx_us, 10000);
		CHECK_EQ_INT(b->idle_tx_us, 1000000);
		CHECK_EQ_INT(b->multiplier, 5);
		CHECK_EQ_INT(b->ttl, 255);
		CHECK_EQ_INT(b->max_hops, 0);
		CHECK(!b->passive && b->to_vrrp && b->to_checker);
		CHECK_EQ_INT(b->origin.line, 1);
	}
	b = bfd_conf_find(c->bfd, "b6");
	CHECK(b != NULL);
	if (b) {
		CHECK_EQ_INT(b->neighbor.family, AF_INET6);
		CHECK_EQ_INT(b->min_rx_us, 3312);
		CHECK_EQ_INT(b->min_tx_us, 20000);
		CHECK_EQ_INT(b->idle_tx_us, 2000000);
		CHECK_EQ_INT(b->multiplier, 3);
		CHECK_EQ_INT(b->ttl, 10);
		CHECK_EQ_INT(b->max_hops, 2);
		CHECK_EQ_INT(b->weight, -20);
		CHECK(b->weight_reverse && b->passive && b->to_vrrp && !b->to_checker);
	}
	/* the record crosses the socket unchanged */
	struct wbuf w;
	wbuf_init(&w);
	conf_fields_encode(&bfd_instance_conf_desc, b, &w);
	struct bfd_instance_conf d;
	CHECK(conf_fields_decode_msg(&bfd_instance_conf_desc, w.data, w.len, &d));
	CHECK(conf_fields_equal(&bfd_instance_conf_desc, b, &d));
	conf_fields_free(&bfd_instance_conf_desc, &d);
	wbuf_free(&w);
	CHECK(conf_fields_check_desc(&bfd_instance_conf_desc) == NULL);
	free(log);
	conf_drop(c);
}

/* keepalived 2.2.7's -t messages for what it refuses. */
TEST(parse_errors)
{
	int errors;
	char *log;
	struct config *c = load_conf(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n source_ip 10.0.0.1\n min_rx 0\n idle_tx 500\n"
		" multiplier 300\n ttl 0\n max_hops 256\n weight 300\n}\n"          /* 1-10 */
		"bfd_instance b2 {\n source_ip 10.0.0.1\n}\n"                       /* 11-13 */
		"bfd_instance b3 {\n neighbor_ip 10.0.0.2\n source_ip fe80::1\n}\n" /* 14-17 */
		"bfd_instance b4 {\n neighbor_ip 10.0.0.2\n source_ip 10.0.0.1\n}\n" /* 18-21 */
		"bfd_instance b5 {\n neighbor_ip 10.0.0.3\n ttl 5\n max_hops 10\n weight 1 foo\n}\n" /* 22-27 */
		"bfd_instance b5 {\n neighbor_ip 10.0.0.9\n}\n"                     /* 28-30 */
		"bfd_instance b6 {\n neighbor_ip nonsense\n}\n"                     /* 31-33 */
		"bfd_instance abcdefghijabcdefghijabcdefghijab {\n neighbor_ip 10.0.0.7\n}\n", &errors, &log);
	CHECK(count_in(log, "min_rx value 0 is not valid (must be in range [1-4294967])") == 1);
	CHECK(count_in(log, "idle_tx value 500 is not valid (must be in range [1000-4294967])") == 1);
	CHECK(count_in(log, "multiplier value 300 not valid (must be in range [1-255])") == 1);
	CHECK(count_in(log, "ttl/hoplimit value 0 not valid (must be in range [1-255])") == 1);
	CHECK(count_in(log, "max_hops value 256 not valid (must be in range [-1-255])") == 1);
	CHECK(count_in(log, "weight value 300 not valid (must be in range [-253-253])") == 1);
	CHECK(count_in(log, "BFD instance b2 has no neighbor address set, disabling instance") == 1);
	CHECK(count_in(log, "BFD instance b3 source address fe80::1 and neighbor address 10.0.0.2 are not of the same family") == 1);
	CHECK(count_in(log, "BFD instance b4 has duplicate source/neighbor address 10.0.0.1/10.0.0.2, ignoring instance") == 1);
	CHECK(count_in(log, "BFD instance b5: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit") == 1);
	CHECK(count_in(log, "BFD instance b5 unknown weight option foo") == 1);
	CHECK(count_in(log, "BFD instance b5 already configured - ignoring") == 1);
	CHECK(count_in(log, "BFD instance b6 has malformed neighbor address nonsense") == 1);
	CHECK(count_in(log, "name too long (maximum length is 31 characters)") == 1);
	CHECK(strstr(log, "test.conf:4:") != NULL);   /* each with file:line */
	/* the six values above are warnings: 2.2.7 skips them and runs; so
	 * are the instances it disables or ignores (b2, b3, b4) and the
	 * clamped max_hops of b5 */
	CHECK(errors >= 4);
	CHECK(count_in(log, "warning: ") >= 10);
	/* what is left: b1 (bad values dropped) and b5 (max_hops clamped) */
	CHECK(c->bfd && c->bfd->n == 2);
	const struct bfd_instance_conf *b = bfd_conf_find(c->bfd, "b5");
	CHECK(b && b->max_hops == 5 && b->ttl == 5);
	free(log);
	conf_drop(c);
}

/* track_bfd: the bfd_instance's weight is the default, names are checked,
 * a weighted entry of a sync group member is dropped (keepalived 2.2.7). */
TEST(parse_track_bfd)
{
	int errors;
	char *log;
	struct config *c = load_conf(
		"bfd_instance b1 {\n neighbor_ip 10.0.0.2\n weight 20 reverse\n}\n"
		"bfd_instance b2 {\n neighbor_ip 10.0.0.3\n checker\n}\n"
		"bfd_instance b3 {\n neighbor_ip 10.0.0.4\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n priority 100\n"
		" track_bfd {\n  b1\n  b2\n  b9\n  b3 weight -10 noreverse\n  b1 weight 5\n }\n"
		" virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n priority 100\n"
		" track_bfd {\n  b3 weight 10\n }\n virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		"vrrp_sync_group G {\n group {\n  VI_2\n }\n track_bfd {\n  b1 weight 0\n }\n}\n",
		&errors, &log);
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_INT(c->n_vrrp, 2);
	if (c->n_vrrp == 2) {
		const struct vrrp_ext_conf *e = &c->vrrp[0].ext;
		CHECK_EQ_INT(e->n_track_bfds, 2);   /* b2 (checker only), b9, the second b1: dropped */
		if (e->n_track_bfds == 2) {
			CHECK_STR(e->track_bfds[0].name, "b1");
			CHECK_EQ_INT(e->track_bfds[0].weight, 20);
			CHECK(e->track_bfds[0].reverse);
			CHECK_STR(e->track_bfds[1].name, "b3");
			CHECK_EQ_INT(e->track_bfds[1].weight, -10);
			CHECK(!e->track_bfds[1].reverse);
		}
		/* VI_2 is in G without sync_group_tracking_weight: its weighted b3
		 * goes, the group's b1 (weight 0) comes */
		e = &c->vrrp[1].ext;
		CHECK_EQ_INT(e->n_track_bfds, 1);
		if (e->n_track_bfds == 1) {
			CHECK_STR(e->track_bfds[0].name, "b1");
			CHECK_EQ_INT(e->track_bfds[0].weight, 0);
		}
	}
	CHECK(strstr(log, "track_bfd b2: no bfd_instance") != NULL);
	CHECK(strstr(log, "track_bfd b9: no bfd_instance") != NULL);
	CHECK(strstr(log, "duplicate track_bfd b1") != NULL);
	CHECK(strstr(log, "track_bfd b3 ignored") != NULL);
	free(log);
	conf_drop(c);
}

int main(void)
{
	RUN(packet_roundtrip);
	RUN(packet_checks);
	RUN(fsm_table);
	RUN(timers);
	RUN(poll_hold);
	RUN(jitter);
	RUN(parse_defaults);
	RUN(parse_errors);
	RUN(parse_track_bfd);
	return unit_summary();
}
