/* check_nft.c - nftables_ipvs: the checker's nftables table (libnftnl over
 * libmnl, lib/nft_batch.c), made as keepalived 2.2.7 makes it (measured in
 * the IPVS VM with `nft -a list ruleset` and `nft --debug=netlink`):
 *
 *   table ip|ip6 NAME (default keepalived_ipvs), made when a first element
 *   of that family is needed, removed at stop (kept with -I);
 *     map tcp_map|udp_map|sctp_map { type ADDR . inet_service : mark;
 *                                    flags interval; }
 *       one element per group entry: ADDR[-LAST] . PORT : the fwmark
 *     chain in { type filter hook input priority PRIORITY (default -1);
 *                policy accept;
 *       meta mark set ip daddr . tcp dport map @tcp_map return  (one rule
 *       per map, in the order the maps were made) }
 *
 * A virtual server whose group has addresses and no fwmark entry gets a
 * fwmark (nftables_ipvs_start_fwmark, default 1000, then the next one for
 * each new virtual server; a reload keeps the fwmark of a virtual server
 * with the same group and protocol) and is one IPVS fwmark service
 * (check_vs.c expand_services()). A reload changes elements by difference;
 * maps that become empty stay, as 2.2.7 leaves them; a reload without
 * nftables_ipvs removes the tables. A table of that name
 * found at the first use (a previous run's) is removed and made again.
 * Only tables of this name are touched. With net_namespace_ipvs the table
 * is made in that namespace (as 2.2.7 does), through a socket the parent
 * made there.
 */
#include "checker.h"
#include "child_ipc.h"
#include "ipc.h"
#include "log.h"
#include "nft_batch.h"
#include "util.h"
#include "wire.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_FAM 2     /* [0] ip, [1] ip6 */
#define N_PROTO 3   /* [0] tcp, [1] udp, [2] sctp */
#define ELEMS_PER_MSG 200
#define NFT_BYTEORDER_HOST 1   /* nft's enum byteorder, in a set's user data */
#define NFT_BYTEORDER_BIG 2

static const char *const map_names[N_PROTO] = { "tcp_map", "udp_map", "sctp_map" };
static const uint8_t proto_nums[N_PROTO] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };

/* One map element (zeroed before filling: compared with memcmp). */
struct nft_elem {
	uint8_t fam, proto;          /* indexes */
	uint16_t port;               /* network order */
	uint8_t lo[16], hi[16];      /* first and last address */
	uint32_t mark;
};

/* The fwmark of the virtual server on group with protocol (a mark of 0:
 * none any more). */
struct mark_rec {
	char group[CONF_NAME_MAX];
	uint16_t protocol;
	uint32_t mark;
	bool used;                   /* resumed: taken again */
};

struct check_nft {
	struct nft_conn conn;
	bool enabled;                /* nftables_ipvs in the configuration */
	char table[32];              /* wanted name and priority */
	int32_t priority;
	char made_table[32];         /* of the tables made */
	bool made[N_FAM];            /* table + chain "in" */
	bool map_made[N_FAM][N_PROTO];
	struct nft_elem *elems;      /* installed, sorted */
	size_t n_elems;
	uint32_t next_mark;
	bool marks_started;
	bool in_ns;                  /* net_namespace_ipvs: conn is the handed socket */
	bool no_ns;                  /*   ... which was not handed over: no table */
	struct mark_rec *told;       /* the marks the parent knows (IPC_STATE_CHANGED) */
	size_t n_told;
	uint32_t told_next;
	struct mark_rec *resumed;    /* a respawned checker: its predecessor's marks */
	size_t n_resumed;
	uint32_t resumed_next;
};

static int fam_nfproto(int fam) { return fam ? NFPROTO_IPV6 : NFPROTO_IPV4; }

static int proto_index(uint16_t protocol)
{
	for (int i = 0; i < N_PROTO; i++)
		if (proto_nums[i] == protocol)
			return i;
	return -1;
}

/* ---- netlink messages ---------------------------------------------------------------- */

static void put_table(struct nft_batch *bt, const char *name, int fam, uint16_t type)
{
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, (uint32_t)fam_nfproto(fam));
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nftnl_table_nlmsg_build_payload(nft_batch_msg(bt, type, (uint16_t)fam_nfproto(fam),
						      type == NFT_MSG_NEWTABLE ? NLM_F_CREATE : 0), t);
	nft_batch_next(bt);
	nftnl_table_free(t);
}

static void put_chain(struct nft_batch *bt, const struct check_nft *n, int fam)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, (uint32_t)fam_nfproto(fam));
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, n->table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, "in");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_IN);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, n->priority);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_nlmsg_build_payload(nft_batch_msg(bt, NFT_MSG_NEWCHAIN, (uint16_t)fam_nfproto(fam),
						      NLM_F_CREATE), c);
	nft_batch_next(bt);
	nftnl_chain_free(c);
}

static uint32_t addr_len(int fam) { return fam ? 16 : 4; }

/* The map's set (table name, family, name; with its type when full). */
static struct nftnl_set *set_of(const struct check_nft *n, int fam, int proto, bool full)
{
	struct nftnl_set *s = nftnl_set_alloc();
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)fam_nfproto(fam));
	nftnl_set_set_str(s, NFTNL_SET_TABLE, n->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, map_names[proto]);
	if (!full)
		return s;
	uint32_t atype = fam ? NFT_TYPE_IP6ADDR : NFT_TYPE_IPADDR;
	uint8_t fields[NFT_REG32_COUNT] = { (uint8_t)addr_len(fam), 2 };
	nftnl_set_set_u32(s, NFTNL_SET_ID, (uint32_t)(fam * N_PROTO + proto + 1));
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, atype << NFT_TYPE_BITS | NFT_TYPE_INET_SERVICE);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, addr_len(fam) + 4);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, NFT_SET_INTERVAL | NFT_SET_MAP | NFT_SET_CONCAT);
	nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_TYPE_MARK);
	nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, sizeof(uint32_t));
	nftnl_set_set_data(s, NFTNL_SET_DESC_CONCAT, fields, 2);
	/* for `nft list`: the key in network order, the mark in host order */
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_KEYBYTEORDER, NFT_BYTEORDER_BIG);
	nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_DATABYTEORDER, NFT_BYTEORDER_HOST);
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud), nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return s;
}

/* meta mark set ADDR daddr . PROTO dport map @PROTO_map return */
static void put_rule(struct nft_batch *bt, const struct check_nft *n, int fam, int proto)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)fam_nfproto(fam));
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, n->table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "in");
	nft_e_meta(r, NFT_META_L4PROTO, NFT_REG_1);
	nft_e_cmp_eq(r, NFT_REG_1, &proto_nums[proto], 1);
	nft_e_payload(r, NFT_PAYLOAD_NETWORK_HEADER, fam ? 24 : 16, addr_len(fam), NFT_REG_1);
	nft_e_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, fam ? NFT_REG32_04 : NFT_REG32_01);
	nft_e_lookup(r, NFT_REG_1, map_names[proto], (uint32_t)(fam * N_PROTO + proto + 1), NFT_REG_1);
	nft_e_meta_set(r, NFT_META_MARK, NFT_REG_1);
	nft_e_verdict(r, NFT_RETURN, NULL);
	nftnl_rule_nlmsg_build_payload(nft_batch_msg(bt, NFT_MSG_NEWRULE, (uint16_t)fam_nfproto(fam),
						     NLM_F_CREATE | NLM_F_APPEND), r);
	nft_batch_next(bt);
	nftnl_rule_free(r);
}

/* The tables of name NAME, both families; ENOENT is no error. */
static void delete_tables(struct check_nft *n, const char *name, bool which[N_FAM])
{
	struct nft_batch bt;
	nft_batch_begin(&n->conn, &bt);
	for (int f = 0; f < N_FAM; f++)
		if (which[f])
			put_table(&bt, name, f, NFT_MSG_DELTABLE);
	nft_batch_send(&bt, ENOENT, "removing the nftables_ipvs table");
}

/* The table of family fam with its chain, and the map of proto with its rule. */
static bool ensure_map(struct check_nft *n, int fam, int proto)
{
	if (n->made[fam] && n->map_made[fam][proto])
		return true;
	if (n->no_ns || !nft_conn_open(&n->conn))
		return false;
	struct nft_batch bt;
	if (!n->made[fam]) {
		bool one[N_FAM] = { fam == 0, fam == 1 };
		delete_tables(n, n->table, one);   /* a previous run's */
	}
	nft_batch_begin(&n->conn, &bt);
	if (!n->made[fam]) {
		put_table(&bt, n->table, fam, NFT_MSG_NEWTABLE);
		put_chain(&bt, n, fam);
	}
	struct nftnl_set *s = set_of(n, fam, proto, true);
	nftnl_set_nlmsg_build_payload(nft_batch_msg(&bt, NFT_MSG_NEWSET, (uint16_t)fam_nfproto(fam), NLM_F_CREATE), s);
	nft_batch_next(&bt);
	nftnl_set_free(s);
	put_rule(&bt, n, fam, proto);
	if (nft_batch_send(&bt, 0, "creating the nftables_ipvs table") < 0)
		return false;
	if (!n->made[fam])
		str_copy(n->made_table, sizeof(n->made_table), n->table);
	n->made[fam] = true;
	n->map_made[fam][proto] = true;
	log_info("nftables_ipvs: %s table %s, map %s made", fam ? "ip6" : "ip", n->table, map_names[proto]);
	return true;
}

/* One message adding (or deleting) es[0..m) - of one family and protocol -
 * into bt. */
static void elems_msg(struct nft_batch *bt, const struct check_nft *n, const struct nft_elem *es, size_t m, bool add)
{
	int fam = es[0].fam;
	struct nftnl_set *s = set_of(n, fam, es[0].proto, false);
	for (size_t i = 0; i < m; i++) {
		uint8_t key[20] = { 0 }, end[20] = { 0 };
		uint32_t al = addr_len(fam);
		memcpy(key, es[i].lo, al);
		memcpy(key + al, &es[i].port, 2);
		memcpy(end, es[i].hi, al);
		memcpy(end + al, &es[i].port, 2);
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, al + 4);
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, end, al + 4);
		if (add)
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_DATA, es[i].mark);
		nftnl_set_elem_add(s, e);
	}
	nftnl_set_elems_nlmsg_build_payload(nft_batch_msg(bt, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
							  (uint16_t)fam_nfproto(fam), add ? NLM_F_CREATE : 0), s);
	nft_batch_next(bt);
	nftnl_set_free(s);
}

/* The table of family fam made whole in one transaction - a previous run's
 * table of that name replaced, the chain, the maps es[0..count) need (all
 * of family fam, sorted) with their rules, and the elements - so that
 * packets meet the old table or the new one, never none (a respawned
 * checker: the marks are the same, traffic keeps its fwmark service).
 * false: not made (the caller goes the step by step way). */
static bool make_family(struct check_nft *n, int fam, const struct nft_elem *es, size_t count)
{
	if (n->no_ns || !nft_conn_open(&n->conn))
		return false;
	struct nft_batch bt;
	nft_batch_begin(&n->conn, &bt);
	put_table(&bt, n->table, fam, NFT_MSG_NEWTABLE);   /* so that the delete finds one */
	put_table(&bt, n->table, fam, NFT_MSG_DELTABLE);
	put_table(&bt, n->table, fam, NFT_MSG_NEWTABLE);
	put_chain(&bt, n, fam);
	bool want[N_PROTO] = { false };
	for (size_t i = 0; i < count; i++)
		want[es[i].proto] = true;
	for (int p = 0; p < N_PROTO; p++) {
		if (!want[p])
			continue;
		struct nftnl_set *s = set_of(n, fam, p, true);
		nftnl_set_nlmsg_build_payload(nft_batch_msg(&bt, NFT_MSG_NEWSET, (uint16_t)fam_nfproto(fam), NLM_F_CREATE), s);
		nft_batch_next(&bt);
		nftnl_set_free(s);
		put_rule(&bt, n, fam, p);
	}
	for (size_t start = 0, i = 1; i <= count; i++)
		if (i == count || es[i].proto != es[start].proto) {
			elems_msg(&bt, n, es + start, i - start, true);
			start = i;
		}
	if (nft_batch_send(&bt, 0, "creating the nftables_ipvs table") < 0)
		return false;
	str_copy(n->made_table, sizeof(n->made_table), n->table);
	n->made[fam] = true;
	for (int p = 0; p < N_PROTO; p++)
		if (want[p]) {
			n->map_made[fam][p] = true;
			log_info("nftables_ipvs: %s table %s, map %s made", fam ? "ip6" : "ip", n->table, map_names[p]);
		}
	return true;
}

/* Add (or delete) es[0..count) - all of one family and protocol. */
static int put_elems(struct check_nft *n, const struct nft_elem *es, size_t count, bool add)
{
	int rc = 0;
	for (size_t at = 0; at < count; at += ELEMS_PER_MSG) {
		size_t m = count - at < ELEMS_PER_MSG ? count - at : ELEMS_PER_MSG;
		struct nft_batch bt;
		nft_batch_begin(&n->conn, &bt);
		elems_msg(&bt, n, es + at, m, add);
		if (nft_batch_send(&bt, add ? EEXIST : ENOENT, add ? "adding elements" : "removing elements") < 0)
			rc = -1;
	}
	return rc;
}

/* ---- what the virtual servers want ----------------------------------------------------- */

static int elem_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct nft_elem));
}

/* The group named by a virtual server, or NULL. */
static const struct vsg_conf *group_of(const struct checker *ck, const char *name)
{
	for (size_t i = 0; i < ck->n_vsg; i++)
		if (strcmp(ck->vsg[i].name, name) == 0)
			return &ck->vsg[i];
	return NULL;
}

/* The last address of a group entry (count addresses from e->addr). */
static void entry_last(const struct vsg_entry *e, uint8_t out[16])
{
	if (e->addr.family == AF_INET) {
		uint32_t v = htonl(ntohl(e->addr.u.v4.s_addr) + e->count - 1);
		memcpy(out, &v, 4);
	} else {
		memcpy(out, &e->addr.u.v6, 16);
		uint32_t w;
		memcpy(&w, out + 12, 4);
		w = htonl(ntohl(w) + e->count - 1);
		memcpy(out + 12, &w, 4);
	}
}

/* The elements every marked virtual server wants, sorted. */
static struct nft_elem *wanted_elems(const struct checker *ck, size_t *count)
{
	struct nft_elem *w = NULL;
	size_t n = 0;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		const struct vsg_conf *g = vs->nft_mark ? group_of(ck, vs->conf.group) : NULL;
		int proto = proto_index(vs->conf.protocol);
		if (!g || proto < 0)
			continue;
		for (size_t i = 0; i < g->n_entries; i++) {
			const struct vsg_entry *e = &g->entries[i];
			struct nft_elem *x = array_push(&w, &n, sizeof(*x));
			memset(x, 0, sizeof(*x));
			x->fam = e->addr.family == AF_INET6;
			x->proto = (uint8_t)proto;
			x->port = htons(e->port);
			memcpy(x->lo, &e->addr.u, addr_len(x->fam));
			entry_last(e, x->hi);
			x->mark = vs->nft_mark;
		}
	}
	if (n)
		qsort(w, n, sizeof(*w), elem_cmp);
	*count = n;
	return w;
}

/* Apply one run of like elements (same family and protocol). */
static void apply_run(struct check_nft *n, const struct nft_elem *es, size_t count, bool add)
{
	if (!count)
		return;
	if (add && !ensure_map(n, es[0].fam, es[0].proto))
		return;
	if (!add && !n->map_made[es[0].fam][es[0].proto])
		return;
	put_elems(n, es, count, add);
}

/* Add or delete list[0..count) in runs of one family and protocol. */
static void apply_list(struct check_nft *n, const struct nft_elem *list, size_t count, bool add)
{
	size_t start = 0;
	for (size_t i = 1; i <= count; i++)
		if (i == count || list[i].fam != list[start].fam || list[i].proto != list[start].proto) {
			apply_run(n, list + start, i - start, add);
			start = i;
		}
}

/* ---- the marks across a respawn ----------------------------------------------------------- */

/* The parent keeps the last state change of each name a child reports and
 * hands them back to a checker respawned after a crash (core/parent_resume.c):
 * every fwmark given to a virtual server is reported as "nftables_ipvs
 * PROTO GROUP" with the mark (0 when the virtual server went), and the next
 * mark as "nftables_ipvs next". The respawned checker gives each virtual
 * server the mark it had - the fwmark services in IPVS are its own again
 * (adopted, not made anew: traffic keeps flowing) - and removes the
 * services of the marks no virtual server takes any more, left in IPVS by
 * its predecessor. */
#define MARK_PREFIX "nftables_ipvs "

static void mark_name(char *buf, size_t size, const char *group, uint16_t protocol)
{
	snprintf(buf, size, MARK_PREFIX "%u %s", (unsigned)protocol, group);
}

static void report(struct checker *ck, const char *name, uint32_t mark)
{
	if (!ck->ipc || !child_ipc_chan(ck->ipc))
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, name);
	wput_u32(&w, mark);
	child_ipc_send_soon(ck->ipc, IPC_STATE_CHANGED, w.data, w.len);
	wbuf_free(&w);
}

static struct mark_rec *find_rec(struct mark_rec *r, size_t n, const char *group, uint16_t protocol)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].protocol == protocol && !strcmp(r[i].group, group))
			return &r[i];
	return NULL;
}

bool check_nft_resume(struct checker *ck, struct rbuf *r)
{
	char name[CONF_NAME_MAX + 32];
	rget_strbuf(r, name, sizeof(name));
	uint32_t mark = rget_u32(r);
	if (r->error)
		return false;
	if (strncmp(name, MARK_PREFIX, strlen(MARK_PREFIX)) != 0)
		return true;   /* not ours */
	if (!ck->nft)
		ck->nft = xcalloc(1, sizeof(*ck->nft));
	struct check_nft *n = ck->nft;
	const char *rest = name + strlen(MARK_PREFIX);
	if (!strcmp(rest, "next")) {
		n->resumed_next = mark;
		return true;
	}
	char *end;
	unsigned long proto = strtoul(rest, &end, 10);
	if (*end != ' ' || proto > UINT16_MAX)
		return true;
	struct mark_rec *m = array_push(&n->resumed, &n->n_resumed, sizeof(*m));
	memset(m, 0, sizeof(*m));
	str_copy(m->group, sizeof(m->group), end + 1);
	m->protocol = (uint16_t)proto;
	m->mark = mark;
	return true;
}

/* After the first configuration of a respawned checker: the services of the
 * resumed marks no virtual server took are its predecessor's leftovers. */
static void drop_unused_resumed(struct checker *ck, struct check_nft *n)
{
	for (size_t i = 0; i < n->n_resumed; i++) {
		struct mark_rec *m = &n->resumed[i];
		if (m->used || !m->mark)
			continue;
		for (int f = 0; ck->ipvs && f < N_FAM; f++) {
			struct ipvs_svc s;
			memset(&s, 0, sizeof(s));
			s.af = f ? AF_INET6 : AF_INET;
			s.fwmark = m->mark;
			int r = ipvs_svc_del(ck->ipvs, &s);
			if (r >= 0)
				log_info("nftables_ipvs: fwmark %u (group %s) is no virtual server's any more: its "
					 "service, left by the previous checker, removed", m->mark, m->group);
			else if (r != -ENOENT && r != -ESRCH)
				log_err("nftables_ipvs: removing the service of fwmark %u failed: %s", m->mark,
					ipvs_strerror(r));
		}
	}
	free(n->resumed);
	n->resumed = NULL;
	n->n_resumed = 0;
}

/* Tell the parent the marks that changed since the last time. */
static void report_marks(struct checker *ck, struct check_nft *n)
{
	char name[CONF_NAME_MAX + 32];
	struct mark_rec *now = NULL;
	size_t n_now = 0;
	for (const struct vs_rt *vs = ck->vs; vs; vs = vs->next) {
		if (!vs->nft_mark || find_rec(now, n_now, vs->conf.group, vs->conf.protocol))
			continue;
		struct mark_rec *m = array_push(&now, &n_now, sizeof(*m));
		memset(m, 0, sizeof(*m));
		str_copy(m->group, sizeof(m->group), vs->conf.group);
		m->protocol = vs->conf.protocol;
		m->mark = vs->nft_mark;
	}
	for (size_t i = 0; i < n->n_told; i++)
		if (n->told[i].mark && !find_rec(now, n_now, n->told[i].group, n->told[i].protocol)) {
			mark_name(name, sizeof(name), n->told[i].group, n->told[i].protocol);
			report(ck, name, 0);
		}
	for (size_t i = 0; i < n_now; i++) {
		const struct mark_rec *t = find_rec(n->told, n->n_told, now[i].group, now[i].protocol);
		if (!t || t->mark != now[i].mark) {
			mark_name(name, sizeof(name), now[i].group, now[i].protocol);
			report(ck, name, now[i].mark);
		}
	}
	if (n->next_mark != n->told_next) {
		report(ck, MARK_PREFIX "next", n->next_mark);
		n->told_next = n->next_mark;
	}
	free(n->told);
	n->told = now;
	n->n_told = n_now;
}

/* ---- the interface (checker.h) ---------------------------------------------------------- */

/* net_namespace_ipvs: the table goes where IPVS is, through the socket the
 * parent made there (core/parent_files.c), taken once. */
static void take_ns_socket(struct checker *ck, struct check_nft *n)
{
	int fd = ck->ipc ? child_ipc_take_file(ck->ipc, CHECK_NFT_SOCKET_KEY) : -1;
	if (!n->enabled || n->in_ns || n->conn.nl || !ck->global.has_net_namespace_ipvs) {
		if (fd >= 0)
			close(fd);
		return;
	}
	n->in_ns = fd >= 0 && nft_conn_adopt(&n->conn, fd);
	n->no_ns = !n->in_ns;
	if (n->no_ns)
		log_err("nftables_ipvs: no socket in the net_namespace_ipvs namespace: no table is made");
}

void check_nft_configure(struct checker *ck, const struct check_global_conf *cg)
{
	if (!ck->nft)
		ck->nft = xcalloc(1, sizeof(*ck->nft));
	struct check_nft *n = ck->nft;
	n->enabled = cg->nft_ipvs;
	if (!n->marks_started) {
		n->next_mark = cg->nft_start_fwmark;
		n->marks_started = true;
		/* a respawned checker: its predecessor's marks are taken again
		 * (check_nft_mark()), new ones come after them */
		n->told_next = n->resumed_next;
		if (n->resumed_next > n->next_mark)
			n->next_mark = n->resumed_next;
		for (size_t i = 0; i < n->n_resumed; i++) {
			struct mark_rec *m = &n->resumed[i];
			*(struct mark_rec *)array_push(&n->told, &n->n_told, sizeof(*m)) = *m;
			if (m->mark >= n->next_mark)
				n->next_mark = m->mark + 1;
		}
	}
	bool changed = strcmp(n->table, cg->nft_table) || n->priority != cg->nft_priority || !cg->nft_ipvs;
	if (changed && (n->made[0] || n->made[1])) {
		delete_tables(n, n->made_table, n->made);
		memset(n->made, 0, sizeof(n->made));
		memset(n->map_made, 0, sizeof(n->map_made));
		free(n->elems);
		n->elems = NULL;
		n->n_elems = 0;
	}
	str_copy(n->table, sizeof(n->table), cg->nft_table);
	n->priority = cg->nft_priority;
	take_ns_socket(ck, n);
}

uint32_t check_nft_mark(struct checker *ck, const struct vs_conf *c, sa_family_t *af)
{
	struct check_nft *n = ck->nft;
	const struct vsg_conf *g = group_of(ck, c->group);
	if (!n || !n->enabled || !g || !g->n_entries || proto_index(c->protocol) < 0)
		return 0;
	sa_family_t fam = 0;
	for (size_t i = 0; i < g->n_entries; i++) {
		const struct vsg_entry *e = &g->entries[i];
		if (e->kind == VSGE_FWMARK || (fam && e->addr.family != fam))
			return 0;   /* as 2.2.7: a group with a fwmark is expanded */
		fam = e->addr.family;
	}
	*af = fam;
	for (const struct vs_rt *old = ck->vs; old; old = old->next)
		if (old->nft_mark && old->conf.protocol == c->protocol && !strcmp(old->conf.group, c->group))
			return old->nft_mark;
	struct mark_rec *m = find_rec(n->resumed, n->n_resumed, c->group, c->protocol);
	if (m && m->mark && !m->used) {
		m->used = true;
		return m->mark;
	}
	return n->next_mark++;
}

void check_nft_sync(struct checker *ck)
{
	struct check_nft *n = ck->nft;
	if (!n)
		return;
	size_t nw;
	struct nft_elem *w = wanted_elems(ck, &nw);
	struct nft_elem *gone = NULL, *fresh = NULL;
	size_t n_gone = 0, n_fresh = 0, i = 0, j = 0;
	while (i < n->n_elems || j < nw) {
		int c = i == n->n_elems ? 1 : j == nw ? -1 : elem_cmp(&n->elems[i], &w[j]);
		if (c < 0)
			*(struct nft_elem *)array_push(&gone, &n_gone, sizeof(*gone)) = n->elems[i++];
		else if (c > 0)
			*(struct nft_elem *)array_push(&fresh, &n_fresh, sizeof(*fresh)) = w[j++];
		else
			i++, j++;
	}
	apply_list(n, gone, n_gone, false);
	/* a family whose table this process has not made yet: made whole in
	 * one transaction when its elements fit one message */
	size_t keep = 0;
	for (size_t a = 0; a < n_fresh;) {
		size_t b = a;
		while (b < n_fresh && fresh[b].fam == fresh[a].fam)
			b++;
		bool done = !n->made[fresh[a].fam] && b - a <= ELEMS_PER_MSG && make_family(n, fresh[a].fam, fresh + a, b - a);
		for (size_t k = a; !done && k < b; k++)
			fresh[keep++] = fresh[k];
		a = b;
	}
	n_fresh = keep;
	apply_list(n, fresh, n_fresh, true);
	free(gone);
	free(fresh);
	free(n->elems);
	n->elems = w;
	n->n_elems = nw;
	if (n->n_resumed)
		drop_unused_resumed(ck, n);
	report_marks(ck, n);
}

void check_nft_stop(struct checker *ck, bool keep)
{
	struct check_nft *n = ck->nft;
	if (!n)
		return;
	if (!keep && (n->made[0] || n->made[1])) {
		delete_tables(n, n->made_table, n->made);
		log_info("nftables_ipvs: table %s removed", n->made_table);
	}
	memset(n->made, 0, sizeof(n->made));
	nft_conn_close(&n->conn);
	n->no_ns = true;   /* nothing more after stop */
}

void check_nft_free(struct checker *ck)
{
	if (!ck->nft)
		return;
	nft_conn_close(&ck->nft->conn);
	free(ck->nft->elems);
	free(ck->nft->told);
	free(ck->nft->resumed);
	free(ck->nft);
	ck->nft = NULL;
}
