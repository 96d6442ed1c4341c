/* bfd_dump.c - what the BFD child writes into the dumps: the data dump
 * (SIGUSR1: the parent puts it in keepalived_bfd.data after the global
 * definitions, as keepalived 2.2.7: each session's configuration and state,
 * the fields of keepalived's keepalived_bfd.data), the stats dump (SIGUSR2:
 * packet and transition counters) and its status record (JSON,
 * doc/status-json.md: "bfd").
 */
#include "bfd.h"
#include "check_conf.h"
#include "ipc.h"
#include "jsonw.h"
#include "util.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

static void dump_session(const struct bfd_session *s, char **out, size_t *len)
{
	const struct bfd_instance_conf *b = &s->conf;
	char a[64];
	str_appendf(out, len, " BFD Instance = %s\n", b->name);
	str_appendf(out, len, "   Neighbor IP = %s\n", bfd_addr_str(&b->neighbor, a, sizeof(a)));
	if (b->source.family)
		str_appendf(out, len, "   Source IP = %s\n", bfd_addr_str(&b->source, a, sizeof(a)));
	str_appendf(out, len, "   Source port = %u\n", s->src_port);
	str_appendf(out, len, "   Required min RX interval = %u us\n", b->min_rx_us);
	str_appendf(out, len, "   Desired min TX interval = %u us\n", b->min_tx_us);
	str_appendf(out, len, "   Desired idle TX interval = %u us\n", b->idle_tx_us);
	str_appendf(out, len, "   Detection multiplier = %u\n", b->multiplier);
	str_appendf(out, len, "   %s = %u\n", b->neighbor.family == AF_INET ? "TTL" : "hoplimit", b->ttl);
	str_appendf(out, len, "   max_hops = %d\n", b->max_hops);
	str_appendf(out, len, "   passive = %s\n", b->passive ? "true" : "false");
	str_appendf(out, len, "   weight = %d%s\n", b->weight, b->weight_reverse ? " reverse" : "");
	str_appendf(out, len, "   send event to VRRP process = %s\n", b->to_vrrp ? "Yes" : "No");
	str_appendf(out, len, "   send event to checker process = %s\n", b->to_checker ? "Yes" : "No");
	str_appendf(out, len, "   local state = %s\n", bfd_state_str(s->state));
	str_appendf(out, len, "   remote state = %s\n", bfd_state_str(s->remote_state));
	str_appendf(out, len, "   local discriminator = 0x%x\n", s->local_discr);
	str_appendf(out, len, "   remote discriminator = 0x%x\n", s->remote_discr);
	str_appendf(out, len, "   local diag = %s\n", bfd_diag_str(s->diag));
	str_appendf(out, len, "   remote diag = %s\n", bfd_diag_str(s->remote_diag));
	str_appendf(out, len, "   remote min tx intv = %u us\n", s->remote_min_tx_us);
	str_appendf(out, len, "   remote min rx intv = %u us\n", s->remote_min_rx_us);
	str_appendf(out, len, "   remote demand = %u\n", s->remote_demand);
	str_appendf(out, len, "   remote detect multiplier = %u\n", s->remote_mult);
	str_appendf(out, len, "   %spoll\n", s->poll ? "" : "!");
	str_appendf(out, len, "   local tx intv = %u us\n", s->t.tx_us);
	str_appendf(out, len, "   local detection time = %" PRIu64 " us\n", s->t.detect_us);
	if (s->last_rx_us)
		str_appendf(out, len, "   last seen = %.3f s ago\n", (double)(mono_now_us() - s->last_rx_us) / 1e6);
	else
		str_appendf(out, len, "   last seen = [never]\n");
}

static void stats_session(const struct bfd_session *s, char **out, size_t *len)
{
	str_appendf(out, len, " BFD Instance = %s\n", s->conf.name);
	str_appendf(out, len, "   State = %s\n", bfd_state_str(s->state));
	str_appendf(out, len, "   Packets sent = %" PRIu64 "\n", s->n_tx);
	str_appendf(out, len, "   Send errors = %" PRIu64 "\n", s->n_tx_err);
	str_appendf(out, len, "   Packets received = %" PRIu64 "\n", s->n_rx);
	str_appendf(out, len, "   Packets discarded = %" PRIu64 "\n", s->n_rx_bad);
	str_appendf(out, len, "   Up transitions = %" PRIu64 "\n", s->n_up);
	str_appendf(out, len, "   Down transitions = %" PRIu64 "\n", s->n_down);
}

static char *status_json(const struct bfd_child *c, size_t *len)
{
	json_object *root = json_object_new_object();
	json_object *arr = jw_arr(root, "instances");
	char a[64];
	for (const struct bfd_session *s = c->sessions; s; s = s->next) {
		json_object *o = jw_arr_obj(arr);
		jw_str(o, "name", s->conf.name);
		jw_str(o, "neighbor", bfd_addr_str(&s->conf.neighbor, a, sizeof(a)));
		if (s->conf.source.family)
			jw_str(o, "source", bfd_addr_str(&s->conf.source, a, sizeof(a)));
		else
			jw_null(o, "source");
		jw_str(o, "state", bfd_state_str(s->state));
		jw_str(o, "remote_state", bfd_state_str(s->remote_state));
		jw_str(o, "diagnostic", bfd_diag_str(s->diag));
		jw_uint(o, "local_discriminator", s->local_discr);
		jw_uint(o, "remote_discriminator", s->remote_discr);
		jw_uint(o, "tx_interval_us", s->t.tx_us);
		jw_uint(o, "detection_time_us", s->t.detect_us);
		jw_uint(o, "packets_sent", s->n_tx);
		jw_uint(o, "packets_received", s->n_rx);
		jw_uint(o, "packets_discarded", s->n_rx_bad);
		jw_uint(o, "up_transitions", s->n_up);
		jw_uint(o, "down_transitions", s->n_down);
	}
	jw_uint(root, "packets_unknown_session", c->n_rx_unknown);
	jw_uint(root, "packets_malformed", c->n_rx_bad);
	return jw_finish(root, false, len);
}

/* Contract: see bfd.h. */
char *bfd_dump(const struct bfd_child *c, uint32_t kind, size_t *len)
{
	if (kind == IPC_DUMP_JSON_FILE)
		return status_json(c, len);
	char *out = NULL;
	*len = 0;
	bool data = kind == IPC_DUMP_DATA_FILE;
	str_appendf(&out, len, "------< BFD %s >------\n", data ? "Topology" : "Statistics");
	if (data)
		str_appendf(&out, len, " listening on UDP port %d: %s\n", BFD_PORT, c->fd_in >= 0 ? "yes" : "no");
	else
		str_appendf(&out, len, " Packets for no session = %" PRIu64 "\n Malformed packets = %" PRIu64 "\n",
			    c->n_rx_unknown, c->n_rx_bad);
	for (const struct bfd_session *s = c->sessions; s; s = s->next) {
		if (data)
			dump_session(s, &out, len);
		else
			stats_session(s, &out, len);
	}
	return out;
}

/* Contract: see bfd.h. */
void bfd_clear_stats(struct bfd_child *c)
{
	c->n_rx_unknown = c->n_rx_bad = 0;
	for (struct bfd_session *s = c->sessions; s; s = s->next)
		s->n_tx = s->n_tx_err = s->n_rx = s->n_rx_bad = s->n_up = s->n_down = 0;
}
