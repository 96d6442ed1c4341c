/* vrrp_track_test.c - effective priority, script rise/fall, sync-group
 * following and group state (vrrp_track.h), and the wire records of
 * vrrp_ext_conf.h. */
#include "vrrp_conf.h"
#include "util.h"
#include "vrrp_track.h"
#include "unit.h"

#include <arpa/inet.h>
#include <stdlib.h>

static struct vrrp_track_input script(bool up, int32_t w, bool rev)
{
	return (struct vrrp_track_input){ .kind = VRRP_TRACK_SCRIPT, .up = up, .weight = w, .reverse = rev };
}

static struct vrrp_track_input file(int64_t v, int32_t w, bool rev)
{
	return (struct vrrp_track_input){ .kind = VRRP_TRACK_FILE, .value = v, .weight = w, .reverse = rev };
}

TEST(negative_weight_when_down)
{
	struct vrrp_track_input in[] = { script(true, -20, false) };
	struct vrrp_track_verdict v = vrrp_track_eval(100, in, 1);
	CHECK(!v.fault);
	CHECK_EQ_INT(v.priority, 100);
	in[0].up = false;
	v = vrrp_track_eval(100, in, 1);
	CHECK(!v.fault);
	CHECK_EQ_INT(v.priority, 80);
}

TEST(positive_weight_when_up)
{
	struct vrrp_track_input in[] = { script(true, 30, false), script(false, 10, false) };
	struct vrrp_track_verdict v = vrrp_track_eval(100, in, 2);
	CHECK_EQ_INT(v.priority, 130);
}

TEST(reverse_negates)
{
	struct vrrp_track_input in[] = { script(true, 30, true) };
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 70);   /* decreased when up */
	in[0] = script(false, -30, true);
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 130);  /* increased when down */
	in[0] = script(true, -30, true);
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 100);
}

TEST(weight_zero_is_fault)
{
	struct vrrp_track_input in[] = { script(true, 0, false), script(false, -10, false) };
	CHECK(!vrrp_track_eval(100, in, 2).fault);
	in[0].up = false;
	CHECK(vrrp_track_eval(100, in, 2).fault);
	in[0] = script(true, 0, true);   /* weight 0 reverse: down when up */
	CHECK(vrrp_track_eval(100, in, 1).fault);
	in[0] = (struct vrrp_track_input){ .kind = VRRP_TRACK_IFACE, .up = false };
	CHECK(vrrp_track_eval(100, in, 1).fault);
}

TEST(clamped_and_owner)
{
	struct vrrp_track_input in[] = { script(false, -253, false), script(true, 253, false) };
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 1);
	CHECK_EQ_INT(vrrp_track_eval(100, in + 1, 1).priority, 254);
	CHECK_EQ_INT(vrrp_track_eval(255, in, 1).priority, 255);     /* owner unchanged */
	CHECK_EQ_INT(vrrp_track_eval(255, in + 1, 1).priority, 255);
	CHECK_EQ_INT(vrrp_track_eval(100, NULL, 0).priority, 100);
}

TEST(files)
{
	struct vrrp_track_input in[] = { file(5, 2, false) };
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 110);
	in[0] = file(-5, 2, false);
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 90);
	in[0] = file(5, 2, true);
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 90);
	in[0] = file(3, 0, false);                 /* weight 0: non-zero is a failure */
	CHECK(vrrp_track_eval(100, in, 1).fault);
	in[0] = file(0, 0, false);
	CHECK(!vrrp_track_eval(100, in, 1).fault);
	in[0] = file(-254, 1, false);              /* below -253: FAULT */
	CHECK(vrrp_track_eval(100, in, 1).fault);
	in[0] = file(-253, 1, false);
	CHECK(!vrrp_track_eval(100, in, 1).fault);
	CHECK_EQ_INT(vrrp_track_eval(100, in, 1).priority, 1);
}

TEST(rise_and_fall)
{
	uint32_t ok = 0, bad = 0;
	bool up = true;
	up = vrrp_script_result(up, false, 2, 3, &ok, &bad); CHECK(up);
	up = vrrp_script_result(up, false, 2, 3, &ok, &bad); CHECK(up);
	up = vrrp_script_result(up, true, 2, 3, &ok, &bad); CHECK(up);   /* the run resets */
	up = vrrp_script_result(up, false, 2, 3, &ok, &bad); CHECK(up);
	up = vrrp_script_result(up, false, 2, 3, &ok, &bad); CHECK(up);
	up = vrrp_script_result(up, false, 2, 3, &ok, &bad); CHECK(!up);  /* 3 in a row */
	up = vrrp_script_result(up, true, 2, 3, &ok, &bad); CHECK(!up);
	up = vrrp_script_result(up, true, 2, 3, &ok, &bad); CHECK(up);    /* 2 in a row */
	ok = bad = 0;
	CHECK(vrrp_script_result(false, true, 1, 1, &ok, &bad));
	CHECK(!vrrp_script_result(true, false, 1, 1, &ok, &bad));
}

TEST(sync_follow)
{
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_STATE_BACKUP), VRRP_EV_MASTER_DOWN);
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, VRRP_STATE_MASTER), VRRP_EV_PREEMPTED);
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_STATE_FAULT), VRRP_EV_COUNT);
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_STATE_MASTER), VRRP_EV_COUNT);
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_MASTER, VRRP_STATE_FAULT, VRRP_STATE_MASTER), VRRP_EV_COUNT);
	CHECK_EQ_INT(vrrp_sync_follow(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_STATE_MASTER), VRRP_EV_COUNT);
	/* every forced event exists in the FSM for the member's state */
	CHECK(vrrp_fsm_find(VRRP_STATE_BACKUP, VRRP_EV_MASTER_DOWN) != NULL);
	CHECK(vrrp_fsm_find(VRRP_STATE_MASTER, VRRP_EV_PREEMPTED) != NULL);
}

TEST(group_state)
{
	enum vrrp_state a[] = { VRRP_STATE_MASTER, VRRP_STATE_MASTER };
	CHECK_EQ_INT(vrrp_sync_group_state(a, 2, VRRP_STATE_MASTER), VRRP_STATE_MASTER);
	enum vrrp_state b[] = { VRRP_STATE_MASTER, VRRP_STATE_FAULT };
	CHECK_EQ_INT(vrrp_sync_group_state(b, 2, VRRP_STATE_MASTER), VRRP_STATE_FAULT);
	enum vrrp_state c[] = { VRRP_STATE_BACKUP, VRRP_STATE_INIT };
	CHECK_EQ_INT(vrrp_sync_group_state(c, 2, VRRP_STATE_BACKUP), VRRP_STATE_BACKUP);
	enum vrrp_state d[] = { VRRP_STATE_BACKUP, VRRP_STATE_MASTER };
	CHECK_EQ_INT(vrrp_sync_group_state(d, 2, VRRP_STATE_MASTER), VRRP_STATE_MASTER);
	enum vrrp_state e[] = { VRRP_STATE_STOP, VRRP_STATE_STOP };
	CHECK_EQ_INT(vrrp_sync_group_state(e, 2, VRRP_STATE_STOP), VRRP_STATE_STOP);
}

TEST(wire_ext_round_trip)
{
	struct vrrp_instance_conf a, b;
	vrrp_instance_conf_init(&a);
	strcpy(a.name, "VI_1");
	strcpy(a.ifname, "eth0");
	a.vrid = 7;
	struct track_ref r = { .name = "chk", .weight = -20, .weight_set = true, .reverse = true };
	*(struct track_ref *)array_push(&a.ext.track_scripts, &a.ext.n_track_scripts, sizeof(r)) = r;
	struct unicast_peer_conf p = { .addr = { .family = AF_INET }, .min_ttl = 200, .max_ttl = 255 };
	inet_pton(AF_INET, "192.0.2.2", &p.addr.u.v4);
	*(struct unicast_peer_conf *)array_push(&a.ext.peers, &a.ext.n_peers, sizeof(p)) = p;
	a.ext.unicast = true;
	a.ext.notify_master_rx_lower_pri.cmd = xstrdup("/bin/true");
	strcpy(a.ext.sync_group, "G1");
	struct wbuf w;
	wbuf_init(&w);
	vrrp_instance_conf_encode(&a, &w);
	CHECK(vrrp_instance_conf_decode_msg(w.data, w.len, &b));
	CHECK(vrrp_instance_conf_equal(&a, &b));
	CHECK_EQ_INT(b.ext.peers[0].min_ttl, 200);
	/* every truncation is refused without leaking */
	for (size_t n = 0; n < w.len; n++) {
		struct vrrp_instance_conf c;
		CHECK(!vrrp_instance_conf_decode_msg(w.data, n, &c));
	}
	wbuf_free(&w);
	vrrp_instance_conf_free(&a);
	vrrp_instance_conf_free(&b);
}

TEST(wire_objects)
{
	struct vrrp_script_conf s;
	vrrp_script_conf_init(&s);
	strcpy(s.name, "chk");
	s.script = xstrdup("/bin/true");
	s.weight = -30;
	struct wbuf w;
	wbuf_init(&w);
	conf_fields_encode(&vrrp_script_conf_desc, &s, &w);
	struct vrrp_objs_conf o = { 0 };
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	CHECK(vrrp_obj_decode(&r, &o));
	CHECK_EQ_INT(o.n_scripts, 1);
	CHECK(conf_fields_check_desc(&vrrp_script_conf_desc) == NULL);
	CHECK(conf_fields_check_desc(&vrrp_sync_group_conf_desc) == NULL);
	CHECK(conf_fields_check_desc(&vrrp_track_file_conf_desc) == NULL);
	CHECK(conf_fields_check_desc(&vrrp_ext_conf_desc) == NULL);
	CHECK(conf_fields_check_desc(&vrrp_global_ext_desc) == NULL);
	if (o.n_scripts)
		CHECK(vrrp_script_conf_equal(&s, &o.scripts[0]));
	for (size_t n = 0; n < w.len; n++) {
		rbuf_init(&r, w.data, n);
		CHECK(!vrrp_obj_decode(&r, &o));
	}
	CHECK_EQ_INT(o.n_scripts, 1);
	wbuf_free(&w);
	vrrp_script_conf_free(&s);
	vrrp_objs_conf_free(&o);
}

/* A vrrp_track_process of ARGS... (argv[0] = process) with param_match pm. */
static void proc_conf(struct vrrp_track_process_conf *c, enum track_param_match pm, bool pm_set,
		      const char *const *args)
{
	vrrp_track_process_conf_init(c);
	for (; *args; args++)
		*(char **)array_push(&c->argv, &c->argc, sizeof(char *)) = xstrdup(*args);
	c->param_match = pm;
	c->param_match_set = pm_set;
}

/* keepalived's matching rules (keepalived.conf(5) "VRRP track processes"):
 * the name alone against comm (15 characters kept by the kernel); with
 * parameters, param_match or full_command against the command line: exact,
 * the first n parameters (partial), the last one a prefix (initial). */
TEST(process_matching)
{
	static const char cl[] = "/usr/sbin/haproxy\0-f\0/etc/haproxy/haproxy.cfg\0-Ws";
	struct vrrp_track_process_conf c;

	proc_conf(&c, TRACK_PARAM_EXACT, false, (const char *const[]){ "haproxy", NULL });
	CHECK(!vrrp_proc_needs_cmdline(&c));
	CHECK(vrrp_proc_matches(&c, "haproxy", NULL, 0));
	CHECK(!vrrp_proc_matches(&c, "haproxy2", NULL, 0));
	CHECK(!vrrp_proc_matches(&c, "haprox", NULL, 0));   /* no substring match (pgrep "^haproxy$") */
	vrrp_track_process_conf_free(&c);

	/* a name longer than 15 characters: comm holds its first 15 */
	proc_conf(&c, TRACK_PARAM_EXACT, false, (const char *const[]){ "a_very_long_daemon_name", NULL });
	CHECK(vrrp_proc_matches(&c, "a_very_long_dae", NULL, 0));
	CHECK(!vrrp_proc_matches(&c, "a_very_long_da", NULL, 0));
	vrrp_track_process_conf_free(&c);

	/* parameters: exact */
	proc_conf(&c, TRACK_PARAM_EXACT, false,
		  (const char *const[]){ "/usr/sbin/haproxy", "-f", "/etc/haproxy/haproxy.cfg", "-Ws", NULL });
	CHECK(vrrp_proc_needs_cmdline(&c));
	CHECK(vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	CHECK(!vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl) - 4));   /* "-Ws" missing */
	CHECK(!vrrp_proc_matches(&c, "haproxy", NULL, 0));               /* kernel thread / zombie */
	vrrp_track_process_conf_free(&c);
	proc_conf(&c, TRACK_PARAM_EXACT, false, (const char *const[]){ "/usr/sbin/haproxy", "-f", NULL });
	CHECK(!vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));        /* more parameters than given */
	vrrp_track_process_conf_free(&c);

	/* partial: the first parameters given */
	proc_conf(&c, TRACK_PARAM_PARTIAL, true, (const char *const[]){ "/usr/sbin/haproxy", "-f", NULL });
	CHECK(vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	vrrp_track_process_conf_free(&c);
	proc_conf(&c, TRACK_PARAM_PARTIAL, true, (const char *const[]){ "/usr/sbin/haproxy", "-W", NULL });
	CHECK(!vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	vrrp_track_process_conf_free(&c);

	/* initial: the last one may be longer */
	proc_conf(&c, TRACK_PARAM_INITIAL, true,
		  (const char *const[]){ "/usr/sbin/haproxy", "-f", "/etc/haproxy/", NULL });
	CHECK(vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	vrrp_track_process_conf_free(&c);
	proc_conf(&c, TRACK_PARAM_INITIAL, true, (const char *const[]){ "/usr/sbin/haproxy", "-x", NULL });
	CHECK(!vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	vrrp_track_process_conf_free(&c);

	/* param_match without parameters: a command with none */
	static const char bare[] = "/usr/sbin/haproxy";
	proc_conf(&c, TRACK_PARAM_EXACT, true, (const char *const[]){ "/usr/sbin/haproxy", NULL });
	CHECK(vrrp_proc_matches(&c, "haproxy", bare, sizeof(bare)));
	CHECK(!vrrp_proc_matches(&c, "haproxy", cl, sizeof(cl)));
	vrrp_track_process_conf_free(&c);
}

int main(void)
{
	RUN(negative_weight_when_down);
	RUN(positive_weight_when_up);
	RUN(reverse_negates);
	RUN(weight_zero_is_fault);
	RUN(clamped_and_owner);
	RUN(files);
	RUN(rise_and_fall);
	RUN(process_matching);
	RUN(sync_follow);
	RUN(group_state);
	RUN(wire_ext_round_trip);
	RUN(wire_objects);
	return unit_summary();
}
