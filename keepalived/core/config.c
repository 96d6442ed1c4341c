/* config.c - defaults, freeing and comparison of the config structs
 * (see config.h). */
#include "conf_parse.h"   /* not "config.h": that name is autoconf's in the build dir */
#include "check_conf.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define VRRP_MCAST_GROUP4 "224.0.0.18"

void config_init(struct config *conf)
{
	memset(conf, 0, sizeof(*conf));
	struct global_conf *g = &conf->global;
	g->vrrp_version = 2;
	inet_pton(AF_INET, VRRP_MCAST_GROUP4, &g->vrrp_mcast_group4);
	g->garp_master_delay_s = 5;
	g->garp_master_repeat = 5;
	g->garp_master_refresh_s = 0;
	g->garp_master_refresh_repeat = 1;
	g->smtp_connect_timeout_s = 30;
	g->script_uid = 0;
	g->script_gid = 0;
}

void global_conf_free(struct global_conf *g)
{
	for (size_t i = 0; i < g->n_notification_email; i++)
		free(g->notification_email[i]);
	free(g->notification_email);
	free(g->notification_email_from);
	free(g->smtp_server);
	g->notification_email = NULL;
	g->n_notification_email = 0;
	g->notification_email_from = NULL;
	g->smtp_server = NULL;
}

void config_free(struct config *conf)
{
	global_conf_free(&conf->global);
	for (size_t i = 0; i < conf->n_vrrp; i++)
		vrrp_instance_conf_free(&conf->vrrp[i]);
	free(conf->vrrp);
	conf->vrrp = NULL;
	conf->n_vrrp = 0;
	check_conf_free(conf);
}

void vrrp_instance_conf_init(struct vrrp_instance_conf *vi)
{
	memset(vi, 0, sizeof(*vi));
	vi->initial_state = VRRP_STATE_BACKUP;
	vi->priority = 100;
	vi->version = 2;
	vi->advert_int_cs = 100;
	inet_pton(AF_INET, VRRP_MCAST_GROUP4, &vi->mcast_group);
	vi->garp_master_delay_s = 5;
	vi->garp_master_repeat = 5;
	vi->garp_master_refresh_s = 0;
	vi->garp_master_refresh_repeat = 1;
}

void vrrp_instance_conf_free(struct vrrp_instance_conf *vi)
{
	free(vi->vips);
	free(vi->vips_excluded);
	free(vi->notify_master);
	free(vi->notify_backup);
	free(vi->notify_fault);
	free(vi->notify_stop);
	free(vi->notify);
	vi->vips = vi->vips_excluded = NULL;
	vi->n_vips = vi->n_vips_excluded = 0;
	vi->notify_master = vi->notify_backup = vi->notify_fault = vi->notify_stop = vi->notify = NULL;
}

/* Strings that may be NULL. */
static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool addr_eq(const struct ka_addr *a, const struct ka_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
	return true;
}

static bool vip_eq(const struct vip_conf *a, const struct vip_conf *b)
{
	return addr_eq(&a->addr, &b->addr) && a->prefixlen == b->prefixlen &&
	       addr_eq(&a->brd, &b->brd) && strcmp(a->dev, b->dev) == 0 &&
	       a->scope == b->scope && strcmp(a->label, b->label) == 0;
}

static bool vips_eq(const struct vip_conf *a, size_t na, const struct vip_conf *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!vip_eq(&a[i], &b[i]))
			return false;
	return true;
}

/* Every configured value; origin (file:line) is not configuration and is
 * ignored, so moving an instance in the file does not restart it. */
bool vrrp_instance_conf_equal(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	return strcmp(a->name, b->name) == 0 &&
	       a->initial_state == b->initial_state &&
	       strcmp(a->ifname, b->ifname) == 0 &&
	       a->vrid == b->vrid && a->priority == b->priority &&
	       a->version == b->version && a->advert_int_cs == b->advert_int_cs &&
	       vips_eq(a->vips, a->n_vips, b->vips, b->n_vips) &&
	       vips_eq(a->vips_excluded, a->n_vips_excluded, b->vips_excluded, b->n_vips_excluded) &&
	       a->nopreempt == b->nopreempt && a->preempt_delay_ms == b->preempt_delay_ms &&
	       a->auth_type == b->auth_type && strcmp(a->auth_pass, b->auth_pass) == 0 &&
	       a->mcast_src_ip.s_addr == b->mcast_src_ip.s_addr &&
	       a->mcast_group.s_addr == b->mcast_group.s_addr &&
	       a->garp_master_delay_s == b->garp_master_delay_s &&
	       a->garp_master_repeat == b->garp_master_repeat &&
	       a->garp_master_refresh_s == b->garp_master_refresh_s &&
	       a->garp_master_refresh_repeat == b->garp_master_refresh_repeat &&
	       str_eq(a->notify_master, b->notify_master) &&
	       str_eq(a->notify_backup, b->notify_backup) &&
	       str_eq(a->notify_fault, b->notify_fault) &&
	       str_eq(a->notify_stop, b->notify_stop) &&
	       str_eq(a->notify, b->notify) &&
	       a->smtp_alert == b->smtp_alert && a->debug == b->debug &&
	       a->dont_track_primary == b->dont_track_primary;
}
