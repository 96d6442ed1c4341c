/* vrrp_conf_iface.c - keywords about an instance's interface that issue 8
 * adds: track_src_ip's check, and the top-level interface_up_down_delays
 * block of keepalived 2.2 (see vrrp_ifdelay_conf.h): its lines, its field
 * table, the lookup, and the limit keepalived puts on the delays:
 *
 *   a delay must be less than (down_timer_adverts - 1) x advert_int of
 *   every instance on the interface (else a backup would time out and
 *   take over before this instance reached FAULT); a longer one is lowered
 *   to that less advert_int / 256, and with down_timer_adverts 1 there
 *   can be no delay at all. keepalived 2.2.7 logs it and runs: a warning.
 *
 * The run-time side is vrrp/vrrp_ifdelay.c. */
#include "conf_lex.h"
#include "util.h"

#include <net/if.h>
#include <string.h>

static const struct conf_field delay_rows[] = {
	CF_SBUF(struct if_delay_conf, ifname),
	CF_U(struct if_delay_conf, down_us, 0, VRRP_IFDELAY_MAX_US),
	CF_U(struct if_delay_conf, up_us, 0, VRRP_IFDELAY_MAX_US),
};
static const struct conf_struct_desc delay_desc = CF_DESC(struct if_delay_conf, 0, delay_rows, NULL);
static const struct conf_field delays_rows[] = {
	CF_ARR(struct vrrp_if_delays, delays, n_delays, delay_desc),
};
const struct conf_struct_desc vrrp_if_delays_desc = CF_DESC(struct vrrp_if_delays, 0, delays_rows, NULL);

/* Contract: see vrrp_ifdelay_conf.h. */
const struct if_delay_conf *vrrp_if_delay_of(const struct vrrp_if_delays *d, const char *ifname)
{
	for (size_t i = 0; ifname && i < d->n_delays; i++)
		if (strcmp(d->delays[i].ifname, ifname) == 0)
			return &d->delays[i];
	return NULL;
}

/* One line: IFNAME DOWN_DELAY [UP_DELAY], seconds with microseconds. As
 * keepalived 2.2.7: an interface that does not exist is an error (unless
 * dynamic_interfaces), a line without a delay and the words after the
 * second delay are ignored (warnings); a later line for the same interface
 * replaces the earlier one. An omitted UP_DELAY is DOWN_DELAY, as
 * keepalived.conf(5) says (keepalived 2.2.7's code uses 0). */
static void line_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_if_delays *all = obj;
	const struct conf_token *name = &args->argv[0];
	if (strlen(name->text) >= IFNAMSIZ || strchr(name->text, '/')) {
		conf_error(ctx, name, "interface_up_down_delays: '%s' is not an interface name", name->text);
		return;
	}
	if (conf_interfaces_checked(ctx) && !conf_iface_exists(ctx, name->text)) {
		conf_error(ctx, name, "interface_up_down_delays: interface %s does not exist "
			   "(dynamic_interfaces allows interfaces that appear later)", name->text);
		return;
	}
	if (args->argc < 2) {
		conf_warn(ctx, name, "interface_up_down_delays: no delay given for %s: ignored", name->text);
		return;
	}
	if (args->argc > 3)
		conf_warn(ctx, &args->argv[3], "interface_up_down_delays: %s: only DOWN_DELAY [UP_DELAY]: "
			  "'%s' and what follows ignored", name->text, args->argv[3].text);
	struct if_delay_conf d = { .down_us = 0 };
	str_copy(d.ifname, sizeof(d.ifname), name->text);
	if (!conf_get_fixed(ctx, &args->argv[1], "interface_up_down_delays down delay", 6, 0,
			    VRRP_IFDELAY_MAX_US, &d.down_us))
		return;
	d.up_us = d.down_us;
	if (args->argc > 2 &&
	    !conf_get_fixed(ctx, &args->argv[2], "interface_up_down_delays up delay", 6, 0,
			    VRRP_IFDELAY_MAX_US, &d.up_us))
		return;
	struct if_delay_conf *old = (struct if_delay_conf *)vrrp_if_delay_of(all, d.ifname);
	if (old) {
		conf_warn(ctx, name, "interface_up_down_delays: %s is listed again: this line replaces "
			  "the earlier one", d.ifname);
		*old = d;
		return;
	}
	*(struct if_delay_conf *)array_push(&all->delays, &all->n_delays, sizeof(d)) = d;
}

const struct conf_block conf_if_delays_block = { .name = "interface_up_down_delays",
						 .line_handler = line_delay };

/* Contract: see conf_lex.h. Every block adds to the one list. */
void *conf_open_if_delays(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	return &((struct config *)parent)->global.if_delays;
}

/* Lower *us below limit_us (keepalived's limit less advert / 256); true
 * when it was lowered. */
static bool lower(uint32_t *us, uint64_t limit_us, uint64_t adv_us)
{
	if (*us < limit_us)
		return false;
	*us = (uint32_t)(limit_us - adv_us / 256);
	return true;
}

/* track_src_ip without a configured source address tracks nothing
 * (keepalived 2.2.7 drops it silently, -t exits 0): a notice, not
 * counted, and it is cleared (real-world: keepalived-operator's README). */
static void validate_track_src(struct conf_ctx *ctx, struct vrrp_instance_conf *vi)
{
	bool v6 = vi->l3.family == AF_INET6;
	if (!vi->ext.track_src_ip || (v6 ? !IN6_IS_ADDR_UNSPECIFIED(&vi->l3.mcast_src6) : vi->mcast_src_ip.s_addr != 0))
		return;
	struct conf_token at = { .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
	conf_notice(ctx, &at, "vrrp_instance %s: track_src_ip without mcast_src_ip or unicast_src_ip "
		  "tracks nothing: ignored", vi->name);
	vi->ext.track_src_ip = false;
}

/* Contract: see conf_lex.h. */
void vrrp_iface_conf_validate(struct conf_ctx *ctx)
{
	struct config *conf = ctx->conf;
	for (size_t i = 0; i < conf->n_vrrp; i++)
		validate_track_src(ctx, &conf->vrrp[i]);
	for (size_t i = 0; i < conf->n_vrrp; i++) {
		const struct vrrp_instance_conf *vi = &conf->vrrp[i];
		struct if_delay_conf *d = (struct if_delay_conf *)vrrp_if_delay_of(&conf->global.if_delays,
										  vi->ifname);
		if (!vi->ifname[0] || !d || (!d->down_us && !d->up_us))
			continue;
		struct conf_token at = { .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
		if (vi->down_timer_adverts <= 1) {
			conf_warn(ctx, &at, "vrrp_instance %s: no interface_up_down_delays with down_timer_adverts 1: "
				  "the delays of %s are set to 0", vi->name, d->ifname);
			d->down_us = d->up_us = 0;
			continue;
		}
		uint64_t adv_us = (uint64_t)vi->advert_int_cs * 10000;
		uint64_t limit = (uint64_t)(vi->down_timer_adverts - 1) * adv_us;
		bool down = lower(&d->down_us, limit, adv_us), up = lower(&d->up_us, limit, adv_us);
		if (down || up)
			conf_warn(ctx, &at, "vrrp_instance %s: interface_up_down_delays of %s must be less than "
				  "%u x advert_int: lowered to down %u.%06u s, up %u.%06u s", vi->name, d->ifname,
				  vi->down_timer_adverts - 1u, d->down_us / 1000000, d->down_us % 1000000,
				  d->up_us / 1000000, d->up_us % 1000000);
	}
}
