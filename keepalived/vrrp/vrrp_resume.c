/* vrrp_resume.c - the record the VRRP child keeps with the parent for each
 * instance, and what a child respawned after a crash makes of the last ones.
 *
 * Every STATE_CHANGED the child sends is, for the parent, the instance's
 * resume record (core/parent_resume.c keeps the last one per name and
 * hands it back, as CONF_RESUME, to a child respawned after a crash):
 *
 *   str name, u32 state, u32 n, n x { u8 family, 4 or 16 bytes, str device }
 *
 * The addresses are those the instance manages (virtual_ipaddress and
 * virtual_ipaddress_excluded, each on the device it goes on), whatever the
 * state: a superset of what it may have installed. A reload that changes
 * them reports the union of the old and new lists before the difference is
 * applied, so a crash at any moment leaves the parent a superset of what is
 * installed. The checker gets the same payload (IPC_VRRP_STATE) and reads
 * only the name and the state.
 *
 * A respawned child, before it starts its instances:
 *   - removes every recorded address that no instance of its configuration
 *     manages on that device and that is installed: what a predecessor
 *     killed in the middle of a reload left of the old configuration (an
 *     address the new one dropped, an instance it renamed or removed);
 *   - has the parent forget instances that are gone (their record becomes
 *     STOP without addresses), so that a later crash removes nothing more;
 *   - lets an instance that was MASTER resume when every address it keeps
 *     from its record is still installed (vrrp_resume_kept_present()).
 */
#include "vrrp.h"
#include "child_ipc.h"
#include "ipc.h"
#include "keyidx.h"
#include "log.h"
#include "util.h"
#include "vrrp_net.h"
#include "wire.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The device a VIP of vi goes on. */
static const char *vip_device(const struct vrrp_instance *vi, const struct vip_conf *v)
{
	return v->dev[0] ? v->dev : vrrp_vip_dev(vi);
}

static size_t addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static void put_list(struct wbuf *w, const struct vrrp_instance *vi, const struct vip_conf *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wput_u8(w, (uint8_t)v[i].addr.family);
		wput_bytes(w, &v[i].addr.u, addr_len((uint8_t)v[i].addr.family));
		wput_str(w, vip_device(vi, &v[i]));
	}
}

void vrrp_resume_report(struct vrrp_instance *vi, const struct vrrp_instance_conf *also)
{
	if (!vi->ctx->ipc || !child_ipc_chan(vi->ctx->ipc))
		return;
	const struct vrrp_instance_conf *c = &vi->conf;
	bool none = vi->state == VRRP_STATE_STOP;   /* its addresses went with the transition */
	size_t n = none ? 0 : c->n_vips + c->n_vips_excluded;
	if (also && !none)
		n += also->n_vips + also->n_vips_excluded;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, c->name);
	wput_u32(&w, (uint32_t)vi->state);
	wput_u32(&w, (uint32_t)n);
	if (!none) {
		put_list(&w, vi, c->vips, c->n_vips);
		put_list(&w, vi, c->vips_excluded, c->n_vips_excluded);
	}
	if (also && !none) {
		put_list(&w, vi, also->vips, also->n_vips);
		put_list(&w, vi, also->vips_excluded, also->n_vips_excluded);
	}
	/* at the end of the turn, packed with the other instances' (a thousand
	 * transitions at once: one write), and always before the VIP requests
	 * of the turn go to the kernel (vrrp_batch.c): the parent's record
	 * stays a superset of what is installed; failure: the child stops */
	child_ipc_send_soon(vi->ctx->ipc, IPC_STATE_CHANGED, w.data, w.len);
	wbuf_free(&w);
}

/* The same address lists (and devices)? */
static bool same_lists(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	if (a->n_vips != b->n_vips || a->n_vips_excluded != b->n_vips_excluded ||
	    a->l3.use_vmac != b->l3.use_vmac || a->l3.use_ipvlan != b->l3.use_ipvlan ||
	    strcmp(a->ifname, b->ifname) != 0 ||
	    strcmp(a->l3.vmac_name, b->l3.vmac_name) != 0)
		return false;
	for (size_t i = 0; i < a->n_vips; i++)
		if (memcmp(&a->vips[i].addr, &b->vips[i].addr, sizeof(a->vips[i].addr)) != 0 ||
		    strcmp(a->vips[i].dev, b->vips[i].dev) != 0)
			return false;
	for (size_t i = 0; i < a->n_vips_excluded; i++)
		if (memcmp(&a->vips_excluded[i].addr, &b->vips_excluded[i].addr, sizeof(a->vips_excluded[i].addr)) != 0 ||
		    strcmp(a->vips_excluded[i].dev, b->vips_excluded[i].dev) != 0)
			return false;
	return true;
}

void vrrp_resume_widen(struct vrrp_instance *vi, const struct vrrp_instance_conf *fresh)
{
	if (same_lists(&vi->conf, fresh))
		return;
	vrrp_resume_report(vi, fresh);   /* vi->conf is still the old one: the union */
	if (!vi->resume_narrow) {
		vi->resume_narrow = true;
		vi->ctx->resume_narrow++;
	}
	task_schedule(vi->ctx->loop, &vi->ctx->batch_task);
}

void vrrp_resume_narrow(struct vrrp_ctx *ctx)
{
	for (struct vrrp_instance *vi = ctx->instances; vi && ctx->resume_narrow; vi = vi->next) {
		if (!vi->resume_narrow)
			continue;
		vi->resume_narrow = false;
		ctx->resume_narrow--;
		vrrp_resume_report(vi, NULL);
	}
	ctx->resume_narrow = 0;
}

bool vrrp_resume_decode(struct rbuf *r, struct vrrp_resume_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	rget_strbuf(r, rec->name, sizeof(rec->name));
	rec->state = rget_u32(r);
	uint32_t n = rget_u32(r);
	/* each address takes at least 1 + 4 + 4 bytes */
	if (r->error || n > r->left / 9) {
		r->error = true;
		return false;
	}
	rec->addrs = xcalloc(n ? n : 1, sizeof(*rec->addrs));
	for (uint32_t i = 0; i < n && !r->error; i++) {
		struct vrrp_held_addr *a = &rec->addrs[i];
		uint8_t fam = rget_u8(r);
		if (!addr_len(fam)) {
			r->error = true;
			break;
		}
		a->addr.family = fam;
		rget_bytes(r, &a->addr.u, addr_len(fam));
		rget_strbuf(r, a->dev, sizeof(a->dev));
		rec->n++;
	}
	if (r->error) {
		vrrp_resume_rec_free(rec);
		return false;
	}
	return true;
}

void vrrp_resume_rec_free(struct vrrp_resume_rec *rec)
{
	free(rec->addrs);
	rec->addrs = NULL;
	rec->n = 0;
}

/* The index key of an address on a device. */
struct addr_key {
	uint8_t family;
	uint8_t addr[16];
	char dev[IFNAMSIZ];
};

static void make_key(struct addr_key *k, const struct ka_addr *a, const char *dev)
{
	memset(k, 0, sizeof(*k));
	k->family = (uint8_t)a->family;
	memcpy(k->addr, &a->u, addr_len(k->family));
	str_copy(k->dev, sizeof(k->dev), dev);
}

static void index_list(struct keyidx *ix, const struct vrrp_instance *vi, const struct vip_conf *v, size_t n)
{
	struct addr_key k;
	for (size_t i = 0; i < n; i++) {
		make_key(&k, &v[i].addr, vip_device(vi, &v[i]));
		keyidx_put(ix, &k, sizeof(k), 0);
	}
}

/* Remove rec's addresses that the configuration does not manage (ix) and
 * that are installed. */
static void remove_leftovers(struct vrrp_ctx *ctx, const struct vrrp_resume_rec *rec, const struct keyidx *ix)
{
	for (size_t i = 0; i < rec->n; i++) {
		const struct vrrp_held_addr *a = &rec->addrs[i];
		struct addr_key k;
		make_key(&k, &a->addr, a->dev);
		if (keyidx_get(ix, &k, sizeof(k)) != KEYIDX_NONE)
			continue;
		unsigned ifindex = netif_index(ctx->netif, a->dev);
		if (!ifindex || !netif_has_addr(ctx->netif, ifindex, &a->addr))
			continue;
		struct vip_conf v;
		memset(&v, 0, sizeof(v));
		v.addr = a->addr;
		v.prefixlen = a->addr.family == AF_INET ? 32 : 128;   /* deletion matches the address */
		char text[INET6_ADDRSTRLEN];
		inet_ntop(a->addr.family, &a->addr.u, text, sizeof(text));
		log_notice("(%s) removing %s from %s: the previous VRRP process installed it and the "
			   "configuration no longer has it there", rec->name, text, a->dev);
		vip_queue(ctx->vipnl, ctx->netif, &v, a->dev, false);
		task_schedule(ctx->loop, &ctx->batch_task);
	}
}

static bool has_instance(const struct vrrp_ctx *ctx, const char *name)
{
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		if (strcmp(vi->conf.name, name) == 0)
			return true;
	return false;
}

/* The parent forgets an instance: its record becomes STOP, no addresses. */
static void forget(struct vrrp_ctx *ctx, const char *name)
{
	if (!ctx->ipc || !child_ipc_chan(ctx->ipc))
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_str(&w, name);
	wput_u32(&w, VRRP_STATE_STOP);
	wput_u32(&w, 0);
	child_ipc_send(ctx->ipc, IPC_STATE_CHANGED, w.data, w.len);
	wbuf_free(&w);
}

void vrrp_resume_renamed(struct vrrp_instance *vi, const char *name)
{
	forget(vi->ctx, vi->conf.name);
	snprintf(vi->conf.name, sizeof(vi->conf.name), "%s", name);
	vrrp_resume_report(vi, NULL);
}

void vrrp_resume_cleanup(struct vrrp_ctx *ctx, const struct vrrp_resume_rec *recs, size_t n)
{
	if (!n)
		return;
	size_t managed = 0;
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next)
		managed += vi->conf.n_vips + vi->conf.n_vips_excluded;
	struct keyidx *ix = keyidx_new(managed);
	for (const struct vrrp_instance *vi = ctx->instances; vi; vi = vi->next) {
		index_list(ix, vi, vi->conf.vips, vi->conf.n_vips);
		index_list(ix, vi, vi->conf.vips_excluded, vi->conf.n_vips_excluded);
	}
	for (size_t i = 0; i < n; i++) {
		remove_leftovers(ctx, &recs[i], ix);
		if (!has_instance(ctx, recs[i].name) && recs[i].n)
			forget(ctx, recs[i].name);
	}
	keyidx_free(ix);
}

bool vrrp_resume_kept_present(const struct vrrp_instance *vi, const struct vrrp_resume_rec *rec)
{
	struct keyidx *held = keyidx_new(rec->n);
	struct addr_key k;
	for (size_t i = 0; i < rec->n; i++) {
		make_key(&k, &rec->addrs[i].addr, rec->addrs[i].dev);
		keyidx_put(held, &k, sizeof(k), i);
	}
	const struct vip_conf *lists[2] = { vi->conf.vips, vi->conf.vips_excluded };
	const size_t lens[2] = { vi->conf.n_vips, vi->conf.n_vips_excluded };
	bool ok = true;
	for (int l = 0; l < 2 && ok; l++) {
		for (size_t i = 0; i < lens[l] && ok; i++) {
			const struct vip_conf *v = &lists[l][i];
			make_key(&k, &v->addr, vip_device(vi, v));
			if (keyidx_get(held, &k, sizeof(k)) != KEYIDX_NONE)
				ok = vip_present(vi->ctx->netif, v, vrrp_vip_dev(vi));
		}
	}
	keyidx_free(held);
	return ok;
}
