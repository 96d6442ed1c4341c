/* conf_wire_test.c - IPC encoding of global_defs and vrrp_instance: round
 * trips are exact, truncated or corrupted records are refused cleanly. */
#include "unit.h"
#include "conf_test_util.h"

#include "conf_wire.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>

static bool global_equal(const struct global_conf *a, const struct global_conf *b)
{
	if (a->n_notification_email != b->n_notification_email)
		return false;
	for (size_t i = 0; i < a->n_notification_email; i++)
		if (strcmp(a->notification_email[i], b->notification_email[i]) != 0)
			return false;
	bool s1 = (!a->notification_email_from && !b->notification_email_from) ||
		  (a->notification_email_from && b->notification_email_from &&
		   !strcmp(a->notification_email_from, b->notification_email_from));
	bool s2 = (!a->smtp_server && !b->smtp_server) ||
		  (a->smtp_server && b->smtp_server && !strcmp(a->smtp_server, b->smtp_server));
	return s1 && s2 && !strcmp(a->router_id, b->router_id) && a->vrrp_version == b->vrrp_version &&
	       a->vrrp_mcast_group4.s_addr == b->vrrp_mcast_group4.s_addr &&
	       a->garp_master_delay_s == b->garp_master_delay_s &&
	       a->garp_master_repeat == b->garp_master_repeat &&
	       a->garp_master_refresh_s == b->garp_master_refresh_s &&
	       a->garp_master_refresh_repeat == b->garp_master_refresh_repeat &&
	       a->enable_script_security == b->enable_script_security &&
	       a->script_user_set == b->script_user_set &&
	       !strcmp(a->script_user, b->script_user) && !strcmp(a->script_group, b->script_group) &&
	       a->script_uid == b->script_uid && a->script_gid == b->script_gid &&
	       a->smtp_connect_timeout_s == b->smtp_connect_timeout_s;
}

static void load_good(struct config *c)
{
	char path[512];
	int e = load_capture(c, fixture(path, sizeof(path), "good.conf"), false, NULL);
	CHECK_EQ_INT(e, 0);
}

TEST(global_round_trip)
{
	struct config c;
	load_good(&c);
	struct wbuf w;
	wbuf_init(&w);
	global_conf_encode(&c.global, &w);
	struct global_conf g;
	CHECK(global_conf_decode_msg(w.data, w.len, &g));
	CHECK(global_equal(&c.global, &g));
	global_conf_free(&g);

	/* every shorter prefix is refused and leaves nothing to free */
	for (size_t n = 0; n < w.len; n++) {
		struct global_conf t;
		CHECK(!global_conf_decode_msg(w.data, n, &t));
		CHECK(t.notification_email == NULL && t.smtp_server == NULL);
	}
	/* a trailing byte is refused by the message form */
	wput_u8(&w, 0);
	CHECK(!global_conf_decode_msg(w.data, w.len, &g));
	wbuf_free(&w);
	config_free(&c);
}

TEST(global_defaults_round_trip)
{
	struct config c;
	config_init(&c);
	struct wbuf w;
	wbuf_init(&w);
	global_conf_encode(&c.global, &w);
	struct global_conf g;
	CHECK(global_conf_decode_msg(w.data, w.len, &g));
	CHECK(global_equal(&c.global, &g));
	CHECK(g.notification_email_from == NULL);
	global_conf_free(&g);
	wbuf_free(&w);
	config_free(&c);
}

TEST(instance_round_trip)
{
	struct config c;
	load_good(&c);
	CHECK(c.n_vrrp == 2);
	for (size_t i = 0; i < c.n_vrrp; i++) {
		struct wbuf w;
		wbuf_init(&w);
		vrrp_instance_conf_encode(&c.vrrp[i], &w);
		struct vrrp_instance_conf v;
		CHECK(vrrp_instance_conf_decode_msg(w.data, w.len, &v));
		CHECK(vrrp_instance_conf_equal(&c.vrrp[i], &v));
		CHECK_STR(v.origin.file, c.vrrp[i].origin.file);
		CHECK_EQ_INT(v.origin.line, c.vrrp[i].origin.line);
		vrrp_instance_conf_free(&v);

		for (size_t n = 0; n < w.len; n++) {
			struct vrrp_instance_conf t;
			CHECK(!vrrp_instance_conf_decode_msg(w.data, n, &t));
			CHECK(t.vips == NULL && t.notify_master.cmd == NULL);
		}
		wbuf_free(&w);
	}
	config_free(&c);
}

TEST(several_records_in_one_buffer)
{
	struct config c;
	load_good(&c);
	struct wbuf w;
	wbuf_init(&w);
	for (size_t i = 0; i < c.n_vrrp; i++)
		vrrp_instance_conf_encode(&c.vrrp[i], &w);
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	for (size_t i = 0; i < c.n_vrrp; i++) {
		struct vrrp_instance_conf v;
		CHECK(vrrp_instance_conf_decode(&r, &v));
		CHECK(vrrp_instance_conf_equal(&c.vrrp[i], &v));
		vrrp_instance_conf_free(&v);
	}
	CHECK_EQ_INT(r.left, 0);
	wbuf_free(&w);
	config_free(&c);
}

TEST(corrupted_records_refused)
{
	struct vrrp_instance_conf vi;
	vrrp_instance_conf_init(&vi);
	str_copy(vi.name, sizeof(vi.name), "V");
	struct wbuf w;
	wbuf_init(&w);
	vrrp_instance_conf_encode(&vi, &w);
	struct vrrp_instance_conf v;
	CHECK(vrrp_instance_conf_decode_msg(w.data, w.len, &v));
	CHECK(vrrp_instance_conf_equal(&vi, &v));
	vrrp_instance_conf_free(&v);

	/* flip every byte in turn: decoding either fails or yields a struct that
	 * can be freed; it never crashes or reads out of bounds (ASan) */
	for (size_t i = 0; i < w.len; i++) {
		uint8_t *copy = malloc(w.len);
		memcpy(copy, w.data, w.len);
		copy[i] ^= 0xff;
		if (vrrp_instance_conf_decode_msg(copy, w.len, &v))
			vrrp_instance_conf_free(&v);
		free(copy);
	}
	/* the magic number is checked */
	w.data[0] ^= 1;
	CHECK(!vrrp_instance_conf_decode_msg(w.data, w.len, &v));
	wbuf_free(&w);

	/* a huge VIP count with no data behind it is refused without allocating */
	wbuf_init(&w);
	struct vrrp_instance_conf big;
	vrrp_instance_conf_init(&big);
	vrrp_instance_conf_encode(&big, &w);
	/* the VIP count follows: magic, name, file, line, state (an enum: 4
	 * bytes), ifname, vrid, prio, version, advert */
	size_t off = 4 + 4 + 4 + 4 + 4 + 4 + 1 + 1 + 1 + 4;
	uint32_t zero;
	memcpy(&zero, w.data + off, 4);
	CHECK_EQ_INT(zero, 0);                       /* no VIPs: the offset is right */
	CHECK(vrrp_instance_conf_decode_msg(w.data, w.len, &v));
	vrrp_instance_conf_free(&v);
	uint32_t huge = 0x7fffffff;
	memcpy(w.data + off, &huge, 4);
	CHECK(!vrrp_instance_conf_decode_msg(w.data, w.len, &v));
	wbuf_free(&w);
}

TEST(equal_detects_changes)
{
	struct config a, b;
	load_good(&a);
	load_good(&b);
	CHECK(vrrp_instance_conf_equal(&a.vrrp[0], &b.vrrp[0]));
	CHECK(!vrrp_instance_conf_equal(&a.vrrp[0], &a.vrrp[1]));
	b.vrrp[0].origin.line = 999;                 /* not configuration */
	CHECK(vrrp_instance_conf_equal(&a.vrrp[0], &b.vrrp[0]));
	b.vrrp[0].vips[1].prefixlen = 31;
	CHECK(!vrrp_instance_conf_equal(&a.vrrp[0], &b.vrrp[0]));
	b.vrrp[0].vips[1].prefixlen = a.vrrp[0].vips[1].prefixlen;
	b.vrrp[0].notify_stop.cmd[0] = 'X';
	CHECK(!vrrp_instance_conf_equal(&a.vrrp[0], &b.vrrp[0]));
	free(b.vrrp[0].notify_stop.cmd);
	b.vrrp[0].notify_stop.cmd = NULL;
	CHECK(!vrrp_instance_conf_equal(&a.vrrp[0], &b.vrrp[0]));
	config_free(&a);
	config_free(&b);
}

int main(void)
{
	RUN(global_round_trip);
	RUN(global_defaults_round_trip);
	RUN(instance_round_trip);
	RUN(several_records_in_one_buffer);
	RUN(corrupted_records_refused);
	RUN(equal_detects_changes);
	return unit_summary();
}
