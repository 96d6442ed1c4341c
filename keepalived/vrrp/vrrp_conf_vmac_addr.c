/* vrrp_conf_vmac_addr.c - use_vmac_addr (vrrp_instance), an address
 * line's use_vmac and vmac_addr_prefix (global_defs), as keepalived 2.2.7
 * does them.
 *
 * An address line with use_vmac gets a VMAC on its interface (dev, else
 * the instance's) with its family's virtual MAC - also an address of the
 * instance's family on its interface when the instance has no use_vmac.
 *
 * An address (virtual_ipaddress or _excluded) of an instance with
 * use_vmac_addr gets a VMAC when it is on another interface than the
 * instance's (`dev`), or is of the other address family: a macvlan on its
 * interface with the virtual MAC of its family (00:00:5e:00:01|02:VRID).
 * The addresses of one interface and family share one. Their names are
 * keepalived's: PREFIX.VRID, else (IPv6) PREFIX6.VRID, else PREFIX1.VRID,
 * PREFIX2.VRID ... (skipping 6 after trying it for IPv6), the first one no
 * instance uses and no interface has - unless that interface is the VMAC
 * itself, left by a crash. PREFIX: vmac_addr_prefix, else vmac_prefix,
 * else "vrrp". The address's `dev` becomes the VMAC; vrrp_l3.c makes the
 * VMACs with the instance's own and removes them at stop. */
#include "conf_lex.h"
#include "util.h"
#include "vrrp_vmac.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct conf_field addr_vmac_rows[] = {
	CF_SBUF(struct vrrp_addr_vmac, name),
	CF_SBUF(struct vrrp_addr_vmac, base),
	CF_U(struct vrrp_addr_vmac, family, 0, AF_INET6),
};
const struct conf_struct_desc vrrp_addr_vmac_desc = CF_DESC(struct vrrp_addr_vmac, 0, addr_vmac_rows, NULL);

/* name is some instance's VMAC / ipvlan or an address VMAC already named. */
static bool name_taken(const struct config *conf, const char *name)
{
	for (size_t i = 0; i < conf->n_vrrp; i++) {
		const struct vrrp_l3_conf *l3 = &conf->vrrp[i].l3;
		if (vrrp_l3_own_link(l3) && strcmp(l3->vmac_name, name) == 0)
			return true;
		for (size_t j = 0; j < l3->n_addr_vmacs; j++)
			if (strcmp(l3->addr_vmacs[j].name, name) == 0)
				return true;
	}
	return false;
}

/* Read /sys/class/net/NAME/FILE's first line into buf. */
static bool sys_read(const char *name, const char *file, char *buf, size_t size)
{
	char path[96];
	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* No interface has name, or it is this VMAC already (MAC and parent), as
 * the checks see the interfaces (struct conf_host: all names are free in a
 * net_namespace they cannot see; a unit test's list cannot tell a VMAC). */
static bool name_free_here(const struct conf_ctx *ctx, const char *name, const char *base, const uint8_t mac[6])
{
	struct conf_host_if hi, bi;
	if (!conf_host_visible(ctx) || !conf_iface(ctx, name, &hi))
		return true;
	if (ctx->host || !conf_iface(ctx, base, &bi))
		return false;
	char want[18], got[32], link[16];
	snprintf(want, sizeof(want), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return sys_read(name, "address", got, sizeof(got)) && strcmp(got, want) == 0 &&
	       sys_read(name, "iflink", link, sizeof(link)) && strtoul(link, NULL, 10) == bi.index;
}

/* keepalived's name for a new VMAC of vrid on base for family. */
static void pick_name(const struct conf_ctx *ctx, const char *prefix, const struct vrrp_instance_conf *vi,
		      const char *base, int family, char out[16])
{
	uint8_t mac[6];
	vmac_mac(vi->vrid, family, mac);
	unsigned num = 0;
	for (unsigned tries = 0; tries < 1000; tries++) {
		if (!num)
			snprintf(out, 16, "%.*s.%u", (int)(15 - 4), prefix, vi->vrid);
		else
			snprintf(out, 16, "%.*s%u.%u", (int)(15 - 4 - (num > 9) - (num > 99)), prefix, num, vi->vrid);
		if (!name_taken(ctx->conf, out) && name_free_here(ctx, out, base, mac))
			return;
		if (family == AF_INET6)
			num = num == 0 ? 6 : num == 6 ? 1 : num + 1 == 6 ? 7 : num + 1;
		else
			num++;
	}
}

/* The index of vi's address VMAC for (base, family), made when missing. */
static size_t vmac_for(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const char *base, int family)
{
	struct vrrp_l3_conf *l3 = &vi->l3;
	for (size_t i = 0; i < l3->n_addr_vmacs; i++)
		if (l3->addr_vmacs[i].family == family && strcmp(l3->addr_vmacs[i].base, base) == 0)
			return i;
	const struct global_conf *g = &ctx->conf->global;
	const char *prefix = g->vmac_addr_prefix[0] ? g->vmac_addr_prefix : g->vmac_prefix[0] ? g->vmac_prefix : "vrrp";
	struct vrrp_addr_vmac v = { .family = (uint8_t)family };
	str_copy(v.base, sizeof(v.base), base);
	pick_name(ctx, prefix, vi, base, family, v.name);
	*(struct vrrp_addr_vmac *)array_push(&l3->addr_vmacs, &l3->n_addr_vmacs, sizeof(v)) = v;
	return l3->n_addr_vmacs - 1;
}

/* keepalived 2.2.7's checks of a line's use_vmac: reported and cleared
 * where the instance's own VMAC (use_vmac) or use_vmac_addr already gives
 * the address its VMAC (the file runs; -t exits 5). */
static void line_use_vmac(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi, struct vip_conf *v,
			  bool own_if, int fam)
{
	if (!v->use_vmac)
		return;
	struct conf_token at = { .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(v->addr.family, &v->addr.u, a, sizeof(a));
	if (own_if && vi->l3.use_vmac && v->addr.family == fam) {
		conf_warn(ctx, &at, "(%s) use_vmac specified for VIP/eVIP %s/%u and vrrp instance: it is on the instance's VMAC",
			  vi->name, a, v->prefixlen);
		v->use_vmac = false;
	} else if ((!own_if || v->addr.family != fam) && vi->l3.use_vmac_addr) {
		conf_warn(ctx, &at, "(%s) use_vmac_addr specified and use_vmac specified for VIP/eVIP %s/%u: one VMAC",
			  vi->name, a, v->prefixlen);
		v->use_vmac = false;
	}
}

/* Where each address goes, as keepalived 2.2.7 decides it: onto a VMAC of
 * its own on its interface (dev, else the instance's) with the virtual MAC
 * of its family when the line says use_vmac, or with use_vmac_addr when it
 * is on another interface or of the other family; an address of the other
 * family on the instance's interface of a use_vmac instance stays on that
 * interface (its dev is set to it: not the VMAC, whose MAC is the other
 * family's). Returns false when an address needs an interface it has not. */
static bool assign_list(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, struct vip_conf *list, size_t n)
{
	int fam = vi->l3.family == AF_INET6 ? AF_INET6 : AF_INET;
	for (size_t i = 0; i < n; i++) {
		struct vip_conf *v = &list[i];
		bool own_if = !v->dev[0] || strcmp(v->dev, vi->ifname) == 0;
		line_use_vmac(ctx, vi, v, own_if, fam);
		bool needs = v->use_vmac || (vi->l3.use_vmac_addr && (!own_if || v->addr.family != fam));
		if (needs && !v->dev[0] && !vi->ifname[0])
			return false;
		if (needs) {
			const char *base = v->dev[0] ? v->dev : vi->ifname;
			size_t k = vmac_for(ctx, vi, base, v->addr.family);
			str_copy(v->dev, sizeof(v->dev), vi->l3.addr_vmacs[k].name);
		} else if (own_if && v->addr.family != fam && vi->l3.use_vmac && vi->ifname[0])
			str_copy(v->dev, sizeof(v->dev), vi->ifname);
	}
	return true;
}

/* The instance has an address line with use_vmac. */
static bool any_line_vmac(const struct vrrp_instance_conf *vi)
{
	for (size_t i = 0; i < vi->n_vips; i++)
		if (vi->vips[i].use_vmac)
			return true;
	for (size_t i = 0; i < vi->n_vips_excluded; i++)
		if (vi->vips_excluded[i].use_vmac)
			return true;
	return false;
}

/* Contract: see conf_lex.h. */
void vrrp_vmac_addr_assign(struct conf_ctx *ctx)
{
	const char *p = ctx->conf->global.vmac_addr_prefix;
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		struct vrrp_instance_conf *vi = &ctx->conf->vrrp[i];
		struct conf_token at = { .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
		if (vi->l3.n_addr_vmacs)
			continue;   /* done */
		bool vmacs = vi->l3.use_vmac_addr || any_line_vmac(vi);
		if (vi->l3.use_vmac_addr && !vi->ifname[0]) {
			conf_error(ctx, &at, "vrrp_instance %s: use_vmac_addr needs an interface", vi->name);
			continue;
		}
		if (vmacs && strpbrk(p, "/ \t:")) {
			conf_error(ctx, &at, "vmac_addr_prefix '%s' cannot start an interface name", p);
			return;
		}
		if (!assign_list(ctx, vi, vi->vips, vi->n_vips) ||
		    !assign_list(ctx, vi, vi->vips_excluded, vi->n_vips_excluded))
			conf_error(ctx, &at, "vrrp_instance %s: an address with use_vmac needs 'dev IFNAME' "
				   "(the instance has no interface)", vi->name);
	}
}
