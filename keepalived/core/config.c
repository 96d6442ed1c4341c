/* config.c - defaults and freeing of struct config (see config.h); each
 * part is freed through its field table (conf_fields.h). */
#include "conf_parse.h"   /* not "config.h": that name is autoconf's in the build dir */
#include "bfd_conf.h"
#include "check_conf.h"
#include "conf_wire.h"
#include "util.h"

#include <stdio.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define VRRP_MCAST_GROUP4 "224.0.0.18"

void config_init(struct config *conf)
{
	memset(conf, 0, sizeof(*conf));
	struct global_conf *g = &conf->global;
	g->vrrp_version = 2;
	g->down_timer_adverts = 3;
	inet_pton(AF_INET, VRRP_MCAST_GROUP4, &g->vrrp_mcast_group4);
	inet_pton(AF_INET6, VRRP_MCAST_GROUP6, &g->vrrp_mcast_group6);
	snprintf(g->fw.table, sizeof(g->fw.table), "%s", VRRP_NFT_TABLE);
	g->fw.priority = -1;
	g->garp_master_delay_s = 5;
	g->garp_master_repeat = 5;
	g->garp_master_refresh_s = 0;
	g->garp_master_refresh_repeat = 1;
	g->smtp_connect_timeout_s = 30;
	g->script_uid = 0;
	g->script_gid = 0;
	vrrp_global_ext_init(&g->ext);
	g->startup.timeout_s = 10;
	g->shutdown.timeout_s = 10;
	conf->mgmt.control_gid = (gid_t)-1;
}

void global_conf_free(struct global_conf *g)
{
	conf_fields_free(&global_conf_desc, g);
}

void config_release(struct config *conf)
{
	for (size_t i = 0; i < conf->n_vrrp; i++)
		conf_fields_release(&vrrp_instance_conf_desc, &conf->vrrp[i]);
	free(conf->vrrp);
	conf->vrrp = NULL;
	conf->n_vrrp = 0;
	for (size_t i = 0; i < conf->n_vs; i++)
		conf_fields_release(&vs_conf_desc, &conf->vs[i]);
	free(conf->vs);
	conf->vs = NULL;
	conf->n_vs = 0;
	config_free(conf);
}

void config_free(struct config *conf)
{
	global_conf_free(&conf->global);
	for (size_t i = 0; i < conf->n_vrrp; i++)
		vrrp_instance_conf_free(&conf->vrrp[i]);
	free(conf->vrrp);
	conf->vrrp = NULL;
	conf->n_vrrp = 0;
	vrrp_objs_conf_free(&conf->vrrp_objs);
	check_conf_free(conf);
	bfd_conf_free(conf->bfd);
	conf->bfd = NULL;
}
