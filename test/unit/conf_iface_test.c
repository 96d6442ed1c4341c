/* conf_iface_test.c - the interface and notification keywords of issue 8
 * that keepalived 2.2.7 has and we used to reject: interface_up_down_delays
 * (values, the up delay's default, the advert_int limit), track_src_ip,
 * old_unicast_checksum, fifo_write_vrrp_states_on_reload, notify_deleted in a
 * vrrp_sync_group (unknown there, as in keepalived 2.2.7). */
#include "unit.h"
#include "conf_test_util.h"

/* Delays in seconds with microseconds; UP_DELAY defaults to DOWN_DELAY
 * (keepalived.conf(5)); a missing interface is an error, a line without a
 * delay and extra words warnings, a bad value an error. */
TEST(up_down_delays_values)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "interface_up_down_delays {\n"      /* 1 */
		     " lo 0.5 0.000010\n"                 /* 2 */
		     " nosuch0 1\n"                       /* 3 */
		     " lo\n"                              /* 4 */
		     " lo 1.5 2 3\n"                      /* 5: replaces line 2 */
		     " lo 256\n"                          /* 6 */
		     "}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n advert_int 5\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "error", path, 3, "interface_up_down_delays: interface nosuch0 does not exist"));
	CHECK(log_has_at(log, "warning", path, 4, "interface_up_down_delays: no delay given for lo: ignored"));
	CHECK(log_has_at(log, "warning", path, 5, "interface_up_down_delays: lo: only DOWN_DELAY [UP_DELAY]: '3' and what follows ignored"));
	CHECK(log_has_at(log, "warning", path, 5, "interface_up_down_delays: lo is listed again"));
	/* skipped, as keepalived 2.2.7 skips it (-t exits 5) */
	CHECK(log_has_at(log, "warning", path, 6, "interface_up_down_delays down delay must be 0..255 seconds, got 256: the line is skipped"));
	const struct vrrp_if_delays *d = &c.global.if_delays;
	CHECK_EQ_INT(d->n_delays, 1);
	const struct if_delay_conf *lo = vrrp_if_delay_of(d, "lo");
	CHECK(lo != NULL);
	if (lo) {
		CHECK_EQ_INT(lo->down_us, 1500000);
		CHECK_EQ_INT(lo->up_us, 2000000);
	}
	free(log);
	config_free(&c);

	e = load_fresh(&c, "interface_up_down_delays {\n lo 0.25\n}\n", path, &log);
	CHECK_EQ_INT(e, 0);
	lo = vrrp_if_delay_of(&c.global.if_delays, "lo");
	CHECK(lo && lo->down_us == 250000 && lo->up_us == 250000);   /* up = down */
	free(log);
	config_free(&c);
}

/* A delay of at least (down_timer_adverts - 1) x advert_int of an instance
 * on the interface is lowered to that less advert_int / 256 (keepalived
 * 2.2.7: "debounce timer(s) not less that 2 * advert_int - resetting");
 * with down_timer_adverts 1 there is none. A warning: keepalived runs. */
TEST(up_down_delays_limit)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "interface_up_down_delays {\n eth0 10 1\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n advert_int 2\n"   /* 4 */
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 4, "vrrp_instance A: interface_up_down_delays of eth0 must be less than 2 x advert_int: lowered to down 3.992188 s, up 1.000000 s"));
	const struct if_delay_conf *d = vrrp_if_delay_of(&c.global.if_delays, "eth0");
	CHECK(d && d->down_us == 4000000 - 2000000 / 256 && d->up_us == 1000000);
	free(log);
	config_free(&c);

	e = load_fresh(&c,
		 "interface_up_down_delays {\n eth0 1\n}\n"
		 "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n down_timer_adverts 1\n"
		 " virtual_ipaddress {\n  192.0.2.1\n }\n}\n",
		 path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(log_has_at(log, "warning", path, 4, "vrrp_instance A: no interface_up_down_delays with down_timer_adverts 1"));
	d = vrrp_if_delay_of(&c.global.if_delays, "eth0");
	CHECK(d && d->down_us == 0 && d->up_us == 0);
	free(log);
	config_free(&c);
}

/* track_src_ip: a flag of the instance; without mcast_src_ip /
 * unicast_src_ip it tracks nothing (a notice, not counted: 2.2.7's -t
 * exits 0 - and cleared). */
TEST(track_src_ip)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n mcast_src_ip 192.0.2.9\n"
		     " track_src_ip\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n track_src_ip\n"   /* 10 */
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK_EQ_INT(c.n_vrrp, 2);
	if (c.n_vrrp == 2) {
		CHECK(c.vrrp[0].ext.track_src_ip);
		CHECK(!c.vrrp[1].ext.track_src_ip);
	}
	CHECK(strstr(log, "test.conf:10: vrrp_instance B: track_src_ip without mcast_src_ip or "
		     "unicast_src_ip tracks nothing: ignored") != NULL);
	CHECK(strstr(log, "warning:") == NULL);
	free(log);
	config_free(&c);
}

/* old_unicast_checksum [never]: on, never, or an error for another word. */
TEST(old_unicast_checksum)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n version 3\n old_unicast_checksum\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n old_unicast_checksum never\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
		     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n old_unicast_checksum always\n" /* 21 */
		     " virtual_ipaddress {\n  192.0.2.3\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 1);
	CHECK(log_has_at(log, "error", path, 21, "old_unicast_checksum: expected never or nothing, got always"));
	CHECK_EQ_INT(c.n_vrrp, 3);
	if (c.n_vrrp == 3) {
		CHECK_EQ_INT(c.vrrp[0].ext.old_unicast_checksum, VRRP_OLD_CSUM_ON);
		CHECK_EQ_INT(c.vrrp[1].ext.old_unicast_checksum, VRRP_OLD_CSUM_NEVER);
		CHECK_EQ_INT(c.vrrp[2].ext.old_unicast_checksum, VRRP_OLD_CSUM_AUTO);
	}
	free(log);
	config_free(&c);
}

/* fifo_write_vrrp_states_on_reload (global_defs) is a flag; notify_deleted
 * in a vrrp_sync_group is an unknown keyword, ignored with a warning, as
 * keepalived 2.2.7's -t says (its group behaves as without it). */
TEST(fifo_states_and_group_notify_deleted)
{
	struct config c;
	char path[512], *log;
	int e = load_fresh(&c,
		     "global_defs {\n fifo_write_vrrp_states_on_reload\n}\n"
		     "vrrp_sync_group G {\n group {\n  A\n  B\n }\n notify_deleted\n}\n"     /* 9 */
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
		     " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 6\n"
		     " virtual_ipaddress {\n  192.0.2.2\n }\n}\n",
		     path, &log);
	CHECK_EQ_INT(e, 0);
	CHECK(c.global.ext.fifo_write_states_on_reload);
	CHECK(log_has_at(log, "warning", path, 9, "unknown keyword 'notify_deleted' in vrrp_sync_group"));
	CHECK(!c.vrrp[0].ext.notify_deleted && !c.vrrp[1].ext.notify_deleted);
	free(log);
	config_free(&c);
}

int main(void)
{
	RUN(up_down_delays_values);
	RUN(up_down_delays_limit);
	RUN(track_src_ip);
	RUN(old_unicast_checksum);
	RUN(fifo_states_and_group_notify_deleted);
	return unit_summary();
}
