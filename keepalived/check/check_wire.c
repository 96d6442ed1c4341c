/* check_wire.c - the field tables of the checker's configuration structs
 * (vs_conf, rs_conf, check_conf, url_conf, vsg_conf, vsg_entry) and what
 * they drive: the IPC_CONF_VS / IPC_CONF_VSG records with their validation
 * on decode, reload's comparisons, freeing (see conf_fields.h).
 *
 * A new keyword: the struct field (include/check_conf.h), one row below,
 * the keyword row in check_keywords.c / check_kw_*.c.
 */
#include "check_conf.h"
#include "ipc.h"
#include "util.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define VS_MAGIC  0x4b415653u   /* "KAVS" */
#define VSG_MAGIC 0x4b414747u   /* "KAGG" */


/* check_conf.u: the type's own fields (each type's file has its table),
 * chosen by check_conf.type. */
#define VARIANT_ROW(ID, name, kw) { ID, &check_##name##_desc },
static const struct conf_variant check_variants[] = {
	CHECK_TYPE_LIST(VARIANT_ROW)
};
#undef VARIANT_ROW

#define C struct check_conf
static const struct conf_field check_rows[] = {
	CF_ENUM(C, type, CHECK_NONE + 1, CHECK_TYPE_END - 1),
	CF_ORIGIN(C, origin),
	CF_A(C, connect_ip, CF_OPTIONAL),
	CF_UANY(C, connect_port),
	CF_A(C, bindto, CF_OPTIONAL),
	CF_UANY(C, bind_port),
	CF_SBUF(C, bind_if),
	CF_UANY(C, fwmark),
	CF_UANY(C, connect_timeout_ms),
	CF_UANY(C, retry),
	CF_UANY(C, delay_before_retry_ms),
	CF_UANY(C, delay_loop_ms),
	CF_UANY(C, warmup_ms),
	CF_UANY(C, rise),
	CF_UANY(C, fall),
	CF_UANY(C, alpha),
	CF_B(C, log_all_failures),
	CF_UNI(C, u, type, check_variants),
};
#undef C
const struct conf_struct_desc check_conf_desc = CF_DESC(struct check_conf, 0, check_rows, NULL);

#define R struct rs_conf
static const struct conf_field rs_rows[] = {
	CF_ORIGIN(R, origin),
	CF_A(R, addr, CF_OPTIONAL),       /* an unset sorry_server has none */
	CF_UANY(R, port),
	CF_I(R, weight, INT32_MIN, INT32_MAX),
	CF_UANY(R, u_threshold),
	CF_UANY(R, l_threshold),
	CF_ENUM(R, method, LVS_METHOD_UNSET, LVS_METHOD_TUN),
	CF_UANY(R, inhibit_on_failure),
	CF_UANY(R, alpha),
	CF_NOTIFY(R, notify_up),
	CF_NOTIFY(R, notify_down),
	CF_UANY(R, smtp_alert),
	CF_S(R, virtualhost),
	CF_UANY(R, connect_timeout_ms),
	CF_UANY(R, retry),
	CF_UANY(R, delay_before_retry_ms),
	CF_UANY(R, delay_loop_ms),
	CF_UANY(R, warmup_ms),
	CF_UANY(R, rise),
	CF_UANY(R, fall),
	CF_ARR(R, checks, n_checks, check_conf_desc),
};
#undef R
const struct conf_struct_desc rs_conf_desc = CF_DESC(struct rs_conf, 0, rs_rows, NULL);

/* Protocol and scheduler are among those the parser accepts. */
static bool vs_valid(const void *obj)
{
	const struct vs_conf *vs = obj;
	bool proto = vs->protocol == IPPROTO_TCP || vs->protocol == IPPROTO_UDP ||
		     vs->protocol == IPPROTO_SCTP;
	/* 0: not settled (validation settles it; IPv4 then) */
	bool fam = vs->fwmark_family == 0 || vs->fwmark_family == AF_INET || vs->fwmark_family == AF_INET6;
	return proto && fam && lvs_sched_valid(vs->sched);
}

#define V struct vs_conf
static const struct conf_field vs_rows[] = {
	CF_SBUF(V, name),
	CF_ORIGIN(V, origin),
	CF_ENUM(V, kind, VS_KIND_ADDR, VS_KIND_GROUP),
	CF_A(V, addr, CF_OPTIONAL),
	CF_UANY(V, port),
	CF_UANY(V, fwmark),
	CF_UANY(V, fwmark_family),
	CF_SBUF(V, group),
	CF_UANY(V, protocol),
	CF_SBUF(V, sched),
	CF_UANY(V, sched_flags),
	CF_B(V, ops),
	CF_ENUM(V, method, LVS_METHOD_UNSET, LVS_METHOD_TUN),
	CF_B(V, persistent),
	CF_UANY(V, persistence_timeout_s),
	CF_UANY(V, persistence_netmask),
	CF_SBUF(V, pe_name),
	CF_B(V, ha_suspend),
	CF_S(V, virtualhost),
	CF_B(V, alpha),
	CF_B(V, omega),
	CF_UANY(V, quorum),
	CF_UANY(V, hysteresis),
	CF_NOTIFY(V, quorum_up),
	CF_NOTIFY(V, quorum_down),
	CF_UANY(V, smtp_alert),
	CF_B(V, has_sorry),
	CF_SUB(V, sorry, rs_conf_desc, 0),
	CF_B(V, sorry_server_inhibit),
	CF_B(V, inhibit_on_failure),
	CF_UANY(V, connect_timeout_ms),
	CF_UANY(V, retry),
	CF_UANY(V, delay_before_retry_ms),
	CF_UANY(V, delay_loop_ms),
	CF_UANY(V, warmup_ms),
	CF_UANY(V, rise),
	CF_UANY(V, fall),
	CF_ARR(V, rs, n_rs, rs_conf_desc),
};
#undef V
const struct conf_struct_desc vs_conf_desc = CF_DESC(struct vs_conf, VS_MAGIC, vs_rows, vs_valid);

static bool vsg_entry_valid(const void *obj)
{
	const struct vsg_entry *e = obj;
	return e->fwmark_family == 0 || e->fwmark_family == AF_INET || e->fwmark_family == AF_INET6;
}

#define E struct vsg_entry
static const struct conf_field vsg_entry_rows[] = {
	CF_ENUM(E, kind, VSGE_ADDR, VSGE_FWMARK),
	CF_A(E, addr, CF_OPTIONAL),
	CF_UANY(E, count),
	CF_UANY(E, port),
	CF_UANY(E, fwmark),
	CF_UANY(E, fwmark_family),
	CF_ORIGIN(E, origin),
};
#undef E
const struct conf_struct_desc vsg_entry_desc = CF_DESC(struct vsg_entry, 0, vsg_entry_rows, vsg_entry_valid);

static const struct conf_field vsg_rows[] = {
	CF_SBUF(struct vsg_conf, name),
	CF_ORIGIN(struct vsg_conf, origin),
	CF_ARR(struct vsg_conf, entries, n_entries, vsg_entry_desc),
};
const struct conf_struct_desc vsg_conf_desc = CF_DESC(struct vsg_conf, VSG_MAGIC, vsg_rows, NULL);

void vs_conf_encode(const struct vs_conf *vs, struct wbuf *w)
{
	conf_fields_encode(&vs_conf_desc, vs, w);
}

/* The rest of r must be exactly one record. */
bool vs_conf_decode(struct rbuf *r, struct vs_conf *vs)
{
	if (conf_fields_decode(&vs_conf_desc, r, vs) && !r->left)
		return true;
	conf_fields_free(&vs_conf_desc, vs);
	memset(vs, 0, sizeof(*vs));
	return false;
}

void vsg_conf_encode(const struct vsg_conf *g, struct wbuf *w)
{
	conf_fields_encode(&vsg_conf_desc, g, w);
}

bool vsg_conf_decode(struct rbuf *r, struct vsg_conf *g)
{
	if (conf_fields_decode(&vsg_conf_desc, r, g) && !r->left)
		return true;
	conf_fields_free(&vsg_conf_desc, g);
	memset(g, 0, sizeof(*g));
	return false;
}

void rs_conf_encode(const struct rs_conf *rs, struct wbuf *w)
{
	conf_fields_encode(&rs_conf_desc, rs, w);
}

bool rs_conf_equal(const struct rs_conf *a, const struct rs_conf *b)
{
	return conf_fields_equal(&rs_conf_desc, a, b);
}

bool vs_conf_equal(const struct vs_conf *a, const struct vs_conf *b)
{
	return conf_fields_equal(&vs_conf_desc, a, b);
}

void vs_conf_free(struct vs_conf *vs)
{
	conf_fields_free(&vs_conf_desc, vs);
}

void vsg_conf_free(struct vsg_conf *vsg)
{
	conf_fields_free(&vsg_conf_desc, vsg);
}

bool rs_conf_decode(struct rbuf *r, struct rs_conf *rs)
{
	if (conf_fields_decode(&rs_conf_desc, r, rs) && !r->left)
		return true;
	conf_fields_free(&rs_conf_desc, rs);
	memset(rs, 0, sizeof(*rs));
	return false;
}

bool check_global_conf_decode(struct rbuf *r, struct check_global_conf *g)
{
	if (conf_fields_decode(&check_global_conf_desc, r, g) && !r->left)
		return true;
	conf_fields_free(&check_global_conf_desc, g);
	memset(g, 0, sizeof(*g));
	return false;
}

void check_conf_send(const struct config *conf, void (*emit)(void *arg, uint32_t type, const struct wbuf *w),
		     void *arg)
{
	struct wbuf w;
	struct check_global_conf dflt;
	check_global_conf_init(&dflt);
	wbuf_init(&w);
	conf_fields_encode(&check_global_conf_desc, conf->checker ? conf->checker : &dflt, &w);
	emit(arg, IPC_CONF_CHECK, &w);
	wbuf_free(&w);
	for (size_t i = 0; i < conf->n_vsg; i++) {
		wbuf_init(&w);
		vsg_conf_encode(&conf->vsg[i], &w);
		emit(arg, IPC_CONF_VSG, &w);
		wbuf_free(&w);
	}
	for (size_t i = 0; i < conf->n_vs; i++) {
		struct vs_conf head = conf->vs[i];
		head.rs = NULL;
		head.n_rs = 0;
		wbuf_init(&w);
		vs_conf_encode(&head, &w);
		emit(arg, IPC_CONF_VS, &w);
		wbuf_free(&w);
		for (size_t j = 0; j < conf->vs[i].n_rs; j++) {
			wbuf_init(&w);
			rs_conf_encode(&conf->vs[i].rs[j], &w);
			emit(arg, IPC_CONF_RS, &w);
			wbuf_free(&w);
		}
	}
}
