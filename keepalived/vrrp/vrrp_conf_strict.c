/* vrrp_conf_strict.c - vrrp_strict / strict_mode, accept / no_accept and
 * keepalived's firewall keywords (nftables, nftables_priority,
 * nftables_counters, nftables_ifindex; vrrp_iptables and vrrp_ipsets,
 * which Debian's keepalived 2.2.7 (built without iptables) replaces by
 * nftables, as we do). The checks strict mode adds are those keepalived
 * 2.2.7 reports as configuration errors (checked with its -t). */
#include "conf_lex.h"
#include "util.h"
#include "vrrp_packet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct conf_field fw_rows[] = {
	CF_B(struct vrrp_fw_global, strict),
	CF_SBUF(struct vrrp_fw_global, table),
	CF_I(struct vrrp_fw_global, priority, INT32_MIN, INT32_MAX),
	CF_B(struct vrrp_fw_global, counters),
	CF_B(struct vrrp_fw_global, ifindex),
};
const struct conf_struct_desc vrrp_fw_global_desc = CF_DESC(struct vrrp_fw_global, 0, fw_rows, NULL);

/* nftables [NAME]: a table name nft accepts (letters, digits, '_', '-', '.'). */
void conf_kw_nftables(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	if (args->argc < 2)
		return;
	const struct conf_token *t = &args->argv[1];
	if (!conf_value_nft_name(t->text, g->fw.table, sizeof(g->fw.table))) {
		conf_error(ctx, t, "nftables table name must be 1..%zu letters, digits, '_', '-' or '.', got %s",
			   sizeof(g->fw.table) - 1, t->text);
		str_copy(g->fw.table, sizeof(g->fw.table), VRRP_NFT_TABLE);
	}
}

/* nftables_priority N: the base chains' priority (a signed 32-bit number). */
void conf_kw_nftables_priority(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct global_conf *g = obj;
	const struct conf_token *t = &args->argv[1];
	if (!conf_value_int32(t->text, &g->fw.priority))   /* 2.2.7: "invalid nftables chain priority" */
		conf_warn(ctx, t, "nftables_priority must be a number, got %s: ignored, as keepalived 2.2.7 "
			  "ignores it", t->text);
}

/* vrrp_iptables [IN [OUT]] / vrrp_ipsets ...: there is no iptables here;
 * like Debian's keepalived, the nftables table is used instead. */
void conf_kw_vrrp_iptables(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_warn(ctx, &args->argv[0],
		  "%s: iptables is not used, the nftables table '%s' drops the traffic instead (use 'nftables')",
		  args->argv[0].text, ((struct global_conf *)obj)->fw.table);
}

/* strict_mode [on|off]: this instance's own vrrp_strict. */
void conf_kw_strict_mode(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	bool on;
	if (conf_get_bool(ctx, args, 1, &on)) {
		vi->l3.strict = on;
		vi->l3.strict_set = true;
	}
}

/* accept / no_accept (the last one given wins). */
void conf_kw_accept(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	vi->l3.accept = strcmp(args->argv[0].text, "accept") == 0;
	vi->l3.accept_set = true;
}

/* What strict mode forbids in the advert knobs: keepalived 2.2.7 resets
 * them (a warning when the instance itself asked for them) - a master does
 * not answer a lower priority advert, a backup does not advertise at a
 * higher one, no gratuitous ARP bursts towards a lower priority. Set here,
 * before the global values are inherited, so that they stay so. */
static void strict_adverts(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at)
{
	struct vrrp_meta *m = conf_vrrp_meta(ctx, vi);
	struct vrrp_ext_conf *e = &vi->ext;
	const char *n = vi->name;
	if ((m->set & VRRP_SET_LOWER_PRIO_NO_ADVERT) && !e->lower_prio_no_advert)
		conf_warn(ctx, at, "vrrp_instance %s: strict mode requires lower_prio_no_advert: resetting", n);
	if ((m->set & VRRP_SET_HIGHER_PRIO_SEND_ADVERT) && e->higher_prio_send_advert)
		conf_warn(ctx, at, "vrrp_instance %s: strict mode requires higher_prio_send_advert to be clear: resetting",
			  n);
	if (e->garp_lower_prio_repeat != UINT32_MAX && e->garp_lower_prio_repeat)
		conf_warn(ctx, at, "vrrp_instance %s: strict mode requires no garp_lower_prio_repeat: resetting", n);
	if (e->garp_lower_prio_delay_s != UINT32_MAX && e->garp_lower_prio_delay_s)
		conf_warn(ctx, at, "vrrp_instance %s: strict mode requires no garp_lower_prio_delay: resetting", n);
	e->lower_prio_no_advert = true;
	e->higher_prio_send_advert = false;
	e->garp_lower_prio_repeat = 0;
	e->garp_lower_prio_delay_s = 0;
	m->set |= VRRP_SET_LOWER_PRIO_NO_ADVERT | VRRP_SET_HIGHER_PRIO_SEND_ADVERT;
}

/* Contract: see conf_lex.h. As keepalived 2.2.7 (measured with its -t and
 * its data dump): what RFC 3768/5798 forbid is reset with a warning and the
 * instance runs (authentication dropped, preempt_delay cleared, no accept
 * with VRRPv2, version 3 over IPv6, state BACKUP unless the address owner,
 * no vmac_xmit_base); an instance without a virtual address is an error. */
void vrrp_strict_validate(struct conf_ctx *ctx, struct vrrp_instance_conf *vi, const struct conf_token *at)
{
	struct vrrp_meta *m = conf_vrrp_meta(ctx, vi);
	if (!vi->l3.strict_set)
		vi->l3.strict = ctx->conf->global.fw.strict;
	if (vi->l3.strict && vi->l3.family == AF_INET6 && vi->version == 2) {
		conf_warn(ctx, at, "vrrp_instance %s: strict mode cannot use IPv6 with VRRP version 2: version 3",
			  vi->name);
		vi->version = 3;
	}
	if (vi->l3.strict && vi->version == 2 && vi->l3.accept_set && vi->l3.accept) {
		conf_warn(ctx, at, "vrrp_instance %s: accept mode does not comply with RFC 3768 (VRRP version 2) "
			  "in strict mode: resetting", vi->name);
		vi->l3.accept = false;
	}
	if (!vi->l3.accept_set)
		vi->l3.accept = !vi->l3.strict;
	if (!vi->l3.strict)
		return;
	const char *n = vi->name;
	if (m->set & (VRRP_SET_AUTH_TYPE | VRRP_SET_AUTH_PASS)) {
		conf_warn(ctx, m->auth_tok ? m->auth_tok : at,
			  "vrrp_instance %s: strict mode does not allow authentication: ignored", n);
		m->set &= ~(unsigned)(VRRP_SET_AUTH_TYPE | VRRP_SET_AUTH_PASS);
		vi->auth_type = VRRP_AUTH_NONE;
		memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
	}
	if (vi->preempt_delay_ms) {
		conf_warn(ctx, at, "vrrp_instance %s: preempt_delay is incompatible with strict mode: resetting", n);
		vi->preempt_delay_ms = 0;
	}
	if (vi->l3.family == AF_INET6 && !vi->ext.unicast && vi->n_vips && !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.u.v6))
		conf_warn(ctx, at, "vrrp_instance %s: in strict mode the first IPv6 virtual_ipaddress should be link-local",
			  n);
	if (!vi->n_vips)
		conf_error(ctx, at, "vrrp_instance %s: strict mode needs at least one virtual_ipaddress", n);
	/* keepalived gives `state MASTER` without a priority 255 (see
	 * vrrp_instance_conf_init()): only another priority is reset */
	if (vi->initial_state == VRRP_STATE_MASTER && vi->priority != VRRP_PRIO_OWNER) {
		conf_warn(ctx, m->priority_tok ? m->priority_tok : at,
			  "vrrp_instance %s: in strict mode state MASTER is for the address owner (priority 255): "
			  "state BACKUP", n);
		vi->initial_state = VRRP_STATE_BACKUP;
	}
	/* and the owner's state is MASTER (keepalived 2.2.7: "State MASTER must
	 * match being address owner") */
	if (vi->initial_state != VRRP_STATE_MASTER && vi->priority == VRRP_PRIO_OWNER) {
		conf_warn(ctx, at, "vrrp_instance %s: in strict mode the address owner (priority 255) is in state "
			  "MASTER: state MASTER", n);
		vi->initial_state = VRRP_STATE_MASTER;
	}
	if (vi->l3.vmac_xmit_base) {
		conf_warn(ctx, at, "vrrp_instance %s: vmac_xmit_base is incompatible with strict mode: resetting", n);
		vi->l3.vmac_xmit_base = false;
	}
	strict_adverts(ctx, vi, at);
}
