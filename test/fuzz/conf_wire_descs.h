/* conf_wire_descs.h - every field table whose records cross the
 * parent/child boundary, for fuzz_conf_wire.c and the program that makes
 * its seeds (seeds_conf_wire.c). A corpus file starts with an index into
 * this table: append, never reorder. */
#ifndef KA_FUZZ_CONF_WIRE_DESCS_H
#define KA_FUZZ_CONF_WIRE_DESCS_H

#include "check_conf.h"
#include "conf_fields.h"
#include "conf_wire.h"
#include "vrrp_conf.h"
#include "vrrp_l3_conf.h"
#include "vrrp_route_conf.h"

#define CONF_WIRE_CHECK_DESC(ID, name, kw) &check_##name##_desc,

static const struct conf_struct_desc *const conf_wire_descs[] = {
	&global_conf_desc, &vrrp_instance_conf_desc, &vip_conf_desc, &vrrp_l3_conf_desc,
	&vrrp_fw_global_desc, &vrrp_routes_conf_desc, &route_conf_desc, &rule_conf_desc,
	&check_global_conf_desc, &vs_conf_desc, &rs_conf_desc, &check_conf_desc, &url_conf_desc,
	&vsg_conf_desc, &vsg_entry_desc, &conf_pos_desc, &conf_origin_desc,
	CHECK_TYPE_LIST(CONF_WIRE_CHECK_DESC)
};
#define N_CONF_WIRE_DESCS (sizeof(conf_wire_descs) / sizeof(conf_wire_descs[0]))

#undef CONF_WIRE_CHECK_DESC
#endif
