/* status_test.c - the status document and its views from fixed child
 * records: status_build() (merge, null and broken children), the table. */
#include "status.h"
#include "jsonw.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const char vrrp_rec[] =
	"{\"instances\": [{\"name\": \"VI_1\", \"state\": \"BACKUP\", \"interface\": \"eth0\", \"vrid\": 51,"
	" \"priority\": 100, \"effective_priority\": 90, \"garp_master_delay\": 5,"
	" \"master\": {\"address\": \"10.0.0.1\", \"priority\": 150, \"self\": false},"
	" \"since\": 1700000000.5, \"last_transition\": {\"from\": \"INIT\", \"to\": \"BACKUP\", \"reason\": \"startup\"},"
	" \"virtual_ipaddresses\": [{\"address\": \"10.0.0.100/32\", \"interface\": \"eth0\"},"
	"   {\"address\": \"10.0.0.101/32\", \"interface\": \"eth0\"}],"
	" \"excluded_ipaddresses\": [{\"address\": \"fe80::1/64\", \"interface\": \"eth1\"}],"
	" \"trackers\": [\"chk_web\"],"
	" \"tracking\": [{\"name\": \"chk_web\", \"type\": \"script\", \"up\": false, \"weight\": -10,"
	"   \"reverse\": false, \"adjustment\": -10, \"fault\": false}],"
	" \"counters\": {\"adverts_received\": 12, \"adverts_sent\": 0, \"became_master\": 1, \"released_master\": 1,"
	"   \"priority_zero_received\": 0, \"priority_zero_sent\": 0,"
	"   \"errors\": {\"packet_length\": 1, \"ip_ttl\": 2, \"version\": 0, \"invalid_type\": 0, \"checksum\": 0,"
	"     \"vrid\": 0, \"auth_type\": 5, \"auth_type_invalid\": 2, \"auth_failure\": 3, \"address_list\": 0, \"advert_interval\": 0}}}],"
	" \"sync_groups\": [{\"name\": \"G1\", \"state\": \"BACKUP\", \"instances\": [\"VI_1\"]}],"
	" \"trackers\": [{\"name\": \"chk_web\", \"type\": \"script\", \"status\": \"BAD\", \"weight\": -10,"
	"   \"instances\": [\"VI_1\"]}]}";

static const char checker_rec[] =
	"{\"ipvs\": true, \"virtual_servers\": [{\"name\": \"10.0.0.100:80/TCP\", \"address\": \"10.0.0.100\","
	" \"port\": 80, \"protocol\": \"TCP\", \"scheduler\": \"rr\", \"method\": \"NAT\", \"quorum\": 1,"
	" \"quorum_up\": true, \"sorry_active\": false, \"suspended\": false, \"live_weight\": 1,"
	" \"real_servers\": [{\"address\": \"10.0.1.11\", \"port\": 80, \"sorry\": false, \"up\": true, \"weight\": 1,"
	"   \"went_up\": 0, \"went_down\": 0, \"checks\": [{\"type\": \"TCP_CHECK\", \"up\": true, \"ok\": 7, \"failed\": 0,"
	"   \"last\": {\"result\": \"ok\", \"text\": \"connected\", \"duration_seconds\": 0.0015, \"age_seconds\": 0.2}}]},"
	"  {\"address\": \"10.0.1.12\", \"port\": 80, \"sorry\": false, \"up\": false, \"weight\": 2,"
	"   \"went_up\": 1, \"went_down\": 2, \"checks\": [{\"type\": \"HTTP_GET\", \"up\": false, \"ok\": 1, \"failed\": 4,"
	"   \"last\": {\"result\": \"failed\", \"text\": \"status 500\", \"duration_seconds\": 0.25, \"age_seconds\": 1}}]}]}]}";

static json_object *doc_with(const char *vrrp, bool vrrp_answered, const char *checker)
{
	static const struct status_proc procs[] = {
		{ "vrrp", true, 101, 0, 3 },
		{ "checker", true, 102, 2, 3 },
	};
	struct status_daemon d = {
		.version = "9.9", .pid = 100, .config_file = "/etc/k.conf", .router_id = "r1",
		.started = 1700000000, .now = 1700007380, .config_generation = 3, .applied_generation = 3,
		.reloads = 2, .procs = procs, .n_procs = 2,
	};
	struct dump_answer a[2] = {
		{ "vrrp", true, vrrp_answered, (char *)vrrp, vrrp ? strlen(vrrp) : 0 },
		{ "checker", checker != NULL, checker != NULL, (char *)checker, checker ? strlen(checker) : 0 },
	};
	struct dump_result res = { 1, IPC_DUMP_JSON_FILE, 2, a };
	return status_build(&d, &res);
}

TEST(build_merges_children)
{
	json_object *doc = doc_with(vrrp_rec, true, checker_rec);
	CHECK_STR(jr_str(doc, "schema"), "keepalived-ng/status");
	CHECK_EQ_INT(jr_int(doc, "version", 0), 1);
	CHECK_EQ_INT(jr_int(jr_get(doc, "daemon"), "pid", 0), 100);
	CHECK_EQ_INT(jr_int(jr_get(jr_get(doc, "daemon"), "config"), "reloads", 0), 2);
	CHECK_STR(jr_str(jr_idx(jr_get(doc, "vrrp"), "instances", 0), "name"), "VI_1");
	CHECK_EQ_INT(jr_len(jr_get(doc, "checker"), "virtual_servers"), 1);
	json_object_put(doc);
}

TEST(build_absent_and_broken_children)
{
	json_object *doc = doc_with("{not json", true, NULL);
	CHECK(jr_str(jr_get(doc, "vrrp"), "error") != NULL);
	CHECK(jr_get(doc, "checker") == NULL);
	json_object *v = NULL;
	CHECK(json_object_object_get_ex(doc, "checker", &v) && v == NULL);   /* present, null */
	json_object_put(doc);
	doc = doc_with(vrrp_rec, false, NULL);   /* asked, never answered */
	CHECK(jr_get(doc, "vrrp") == NULL);
	json_object_put(doc);
}

/* keepalived.json's part (STATUS_FILE_MEMBER) stays out of the status
 * document; status_json_file() joins the children's arrays, and gives
 * NULL when no child has one (2.2.7 writes no file then). */
TEST(json_file_member)
{
	static const char vrec[] = "{\"instances\":[{\"name\":\"VI_1\"}],"
				   "\"keepalived_json\":[{\"data\":{\"iname\":\"VI_1\",\"state\":2},\"stats\":{}},"
				   "{\"data\":{\"iname\":\"VI_2\",\"state\":1},\"stats\":{}}]}";
	json_object *doc = doc_with(vrec, true, checker_rec);
	CHECK(jr_get(jr_get(doc, "vrrp"), STATUS_FILE_MEMBER) == NULL);
	CHECK_STR(jr_str(jr_idx(jr_get(doc, "vrrp"), "instances", 0), "name"), "VI_1");
	json_object_put(doc);
	struct dump_answer a[2] = {
		{ "vrrp", true, true, (char *)vrec, sizeof(vrec) - 1 },
		{ "checker", true, true, (char *)checker_rec, strlen(checker_rec) },
	};
	struct dump_result res = { 1, IPC_DUMP_JSON_FILE, 2, a };
	json_object *file = status_json_file(&res);
	CHECK(file && json_object_is_type(file, json_type_array) && json_object_array_length(file) == 2);
	if (file && json_object_array_length(file) == 2) {
		CHECK_STR(jr_str(jr_get(json_object_array_get_idx(file, 1), "data"), "iname"), "VI_2");
		CHECK_EQ_INT(jr_int(jr_get(json_object_array_get_idx(file, 0), "data"), "state", 0), 2);
	}
	json_object_put(file);
	res.n = 1;
	a[0] = a[1];   /* the checker alone: no instance, no file */
	CHECK(status_json_file(&res) == NULL);
}

TEST(text_table)
{
	json_object *doc = doc_with(vrrp_rec, true, checker_rec);
	char *t = status_render_text(doc);
	CHECK(strstr(t, "keepalived-ng 9.9, pid 100, up 2h 03m") != NULL);
	CHECK(strstr(t, "generation 3 (applied 3), 2 reloads") != NULL);
	CHECK(strstr(t, "checker pid 102 (2 restarts)") != NULL);
	CHECK(strstr(t, "VI_1  BACKUP  100/90") != NULL);
	CHECK(strstr(t, "10.0.0.1 (150)") != NULL);
	CHECK(strstr(t, "10.0.0.100/32,10.0.0.101/32") != NULL);
	CHECK(strstr(t, "INIT->BACKUP (startup)") != NULL);
	CHECK(strstr(t, "G1    -     BACKUP") != NULL);
	CHECK(strstr(t, "chk_web  script  BAD    -10     VI_1 (-10)\n") != NULL);
	CHECK(strstr(t, "10.0.0.100:80/TCP  rr NAT, quorum UP (live weight 1, quorum 1)") != NULL);
	CHECK(strstr(t, "10.0.1.11:80  UP") != NULL);
	CHECK(strstr(t, "TCP_CHECK ok \"connected\" 1.5 ms") != NULL);
	CHECK(strstr(t, "10.0.1.12:80  DOWN   2       up 1, down 2") != NULL);
	if (unit_failed_checks)
		fputs(t, stderr);
	free(t);
	json_object_put(doc);
}

TEST(summary_line)
{
	json_object *doc = doc_with(vrrp_rec, true, checker_rec);
	char *t = status_render_summary(doc);
	CHECK_STR(t, "VI_1 BACKUP; 1/2 real servers up in 1 virtual server; configuration generation 3");
	free(t);
	json_object_put(doc);
}

/* The BFD child's record: a table of sessions, only when it is there. */
TEST(text_bfd_sessions)
{
	static const char bfd_rec[] =
		"{\"instances\": [{\"name\": \"link1\", \"neighbor\": \"10.0.0.2\", \"source\": null,"
		" \"state\": \"Up\", \"remote_state\": \"Up\", \"diagnostic\": \"No Diagnostic\","
		" \"detection_time_us\": 300000}]}";
	static const struct status_proc procs[] = { { "bfd", true, 103, 0, 3 } };
	struct status_daemon d = { .version = "9.9", .pid = 100, .config_file = "/etc/k.conf", .router_id = "r1",
				   .started = 1700000000, .now = 1700000010, .procs = procs, .n_procs = 1 };
	struct dump_answer a[1] = { { "bfd", true, true, (char *)bfd_rec, sizeof(bfd_rec) - 1 } };
	struct dump_result res = { 1, IPC_DUMP_JSON_FILE, 1, a };
	json_object *doc = status_build(&d, &res);
	char *t = status_render_text(doc);
	CHECK(strstr(t, "BFD sessions:\n") != NULL);
	CHECK(strstr(t, "link1  10.0.0.2  Up     Up      0.300 s  No Diagnostic\n") != NULL);
	if (unit_failed_checks)
		fputs(t, stderr);
	free(t);
	json_object_put(doc);
	doc = doc_with(vrrp_rec, true, checker_rec);   /* no BFD record: no section */
	t = status_render_text(doc);
	CHECK(strstr(t, "BFD") == NULL);
	free(t);
	json_object_put(doc);
}

TEST(text_without_children)
{
	json_object *doc = doc_with(NULL, false, NULL);
	char *t = status_render_text(doc);
	CHECK(strstr(t, "VRRP: not running") != NULL);
	CHECK(strstr(t, "Checker: not running") != NULL);
	free(t);
	json_object_put(doc);
}

TEST(prometheus)
{
	json_object *doc = doc_with(vrrp_rec, true, checker_rec);
	char *t = status_render_prom(doc);
	CHECK(strstr(t, "# TYPE keepalived_up gauge\nkeepalived_up 1\n") != NULL);
	CHECK(strstr(t, "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"10.0.0.100\"} 1\n") != NULL);
	CHECK(strstr(t, "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"10.0.0.101\"} 1\n") != NULL);
	CHECK(strstr(t, "keepalived_advert_rcvd_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 12\n") != NULL);
	CHECK(strstr(t, "keepalived_ip_ttl_err_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 2\n") != NULL);
	CHECK(strstr(t, "keepalived_auth_failure_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 3\n") != NULL);
	/* errors.auth_type 5 of which auth_type_invalid 2: 3 mismatches, 2 invalid */
	CHECK(strstr(t, "keepalived_authtype_mismatch_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 3\n") != NULL);
	CHECK(strstr(t, "keepalived_invalid_authtype_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 2\n") != NULL);
	CHECK(strstr(t, "keepalived_authentication_mismatch_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 3\n") != NULL);
	CHECK(strstr(t, "keepalived_authentication_invalid_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 2\n") != NULL);
	CHECK(strstr(t, "keepalived_garp_delay_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 5\n") != NULL);
	/* the exporter's current names: the same counters without the state label */
	CHECK(strstr(t, "keepalived_advertisements_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 12\n") != NULL);
	CHECK(strstr(t, "keepalived_ip_ttl_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 2\n") != NULL);
	CHECK(strstr(t, "keepalived_packet_length_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1\n") != NULL);
	CHECK(strstr(t, "keepalived_authentication_failure_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 3\n") != NULL);
	CHECK(strstr(t, "keepalived_gratuitous_arp_delay_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 5\n") != NULL);
	CHECK(strstr(t, "keepalived_exporter_check_script_status{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"10.0.0.101\"} 0\n") != NULL);
	CHECK(strstr(t, "# TYPE keepalived_become_master_total counter\nkeepalived_become_master_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 1\n# HELP") != NULL);
	/* the instance follows chk_web, which is BAD */
	CHECK(strstr(t, "keepalived_check_script_status{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"10.0.0.100\"} 0\n") != NULL);
	CHECK(strstr(t, "keepalived_script_status{name=\"chk_web\"} 0\n") != NULL);
	CHECK(strstr(t, "keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth1\",vrid=\"51\",ip_address=\"fe80::1\"} 1\n") != NULL);
	CHECK(!strstr(t, "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth1\""));
	CHECK(strstr(t, "keepalived_sync_group_state{name=\"G1\"} 1\n") != NULL);
	CHECK(strstr(t, "keepalived_real_server_up{virtual_server=\"10.0.0.100:80/TCP\",address=\"10.0.1.12\",port=\"80\"} 0\n") != NULL);
	CHECK(strstr(t, "keepalived_check_duration_seconds{virtual_server=\"10.0.0.100:80/TCP\",address=\"10.0.1.12\",port=\"80\",check=\"HTTP_GET\",index=\"0\"} 0.25\n") != NULL);
	CHECK(strstr(t, "keepalived_child_restarts_total{process=\"checker\"} 2\n") != NULL);
	/* one TYPE line per family */
	const char *first = strstr(t, "# TYPE keepalived_vrrp_state ");
	CHECK(first && !strstr(first + 1, "# TYPE keepalived_vrrp_state "));
	if (unit_failed_checks)
		fputs(t, stderr);
	free(t);
	json_object_put(doc);
}

TEST(escaping)
{
	const char *rec = "{\"instances\": [{\"name\": \"a\\\"b<script>\", \"state\": \"MASTER\", \"vrid\": 1,"
			  " \"interface\": \"e\\\\0\", \"virtual_ipaddresses\": [{\"address\": \"1.2.3.4/32\", \"interface\": \"e\"}]}]}";
	json_object *doc = doc_with(rec, true, NULL);
	char *p = status_render_prom(doc);
	CHECK(strstr(p, "iname=\"a\\\"b<script>\"") != NULL);     /* \" in a label value */
	CHECK(strstr(p, "intf=\"e\\\\0\"") != NULL);              /* \\ in a label value */
	char *h = status_render_html(doc, 0);
	CHECK(strstr(h, "a&quot;b&lt;script&gt;") != NULL);
	CHECK(strstr(h, "<script>") == NULL);
	CHECK(strstr(h, "http-equiv=\"refresh\"") == NULL);
	free(p);
	free(h);
	json_object_put(doc);
}

int main(void)
{
	RUN(build_merges_children);
	RUN(build_absent_and_broken_children);
	RUN(text_table);
	RUN(summary_line);
	RUN(text_bfd_sessions);
	RUN(text_without_children);
	RUN(prometheus);
	RUN(escaping);
	RUN(json_file_member);
	return unit_summary();
}
