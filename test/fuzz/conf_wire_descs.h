/* conf_wire_descs.h - every field table whose records cross the
 * parent/child boundary, for fuzz_conf_wire.c and the program that makes
 * its seeds (seeds_conf_wire.c). A corpus file starts with an index into
 * this table: append, never reorder. */
#ifndef KA_FUZZ_CONF_WIRE_DESCS_H
#define KA_FUZZ_CONF_WIRE_DESCS_H

#include "bfd_conf.h"
#include "check_conf.h"
#include "conf_fields.h"
#include "conf_wire.h"
#include "vrrp_conf.h"
#include "vrrp_l3_conf.h"
#include "vrrp_route_conf.h"

/* The check types' tables are named one by one, in the order they had
 * when the corpus was made (CHECK_TYPE_LIST is sorted by keyword and grows
 * in the middle); new ones go at the end. */
static const struct conf_struct_desc *const conf_wire_descs[] = {
	&global_conf_desc, &vrrp_instance_conf_desc, &vip_conf_desc, &vrrp_l3_conf_desc,
	&vrrp_fw_global_desc, &vrrp_routes_conf_desc, &route_conf_desc, &rule_conf_desc,
	&check_global_conf_desc, &vs_conf_desc, &rs_conf_desc, &check_conf_desc, &url_conf_desc,
	&vsg_conf_desc, &vsg_entry_desc,
	&conf_origin_desc,   /* was conf_pos_desc (now the same): the slot keeps the corpus's indices */
	&conf_origin_desc,
	&check_dns_desc, &check_file_desc, &check_http_desc, &check_misc_desc, &check_ping_desc,
	&check_smtp_desc, &check_ssl_desc, &check_tcp_desc, &check_udp_desc,
	&bfd_instance_conf_desc, &check_bfd_desc,
};
#define N_CONF_WIRE_DESCS (sizeof(conf_wire_descs) / sizeof(conf_wire_descs[0]))
/* 17 tables above the check types, every check type, bfd_instance_conf */
_Static_assert(N_CONF_WIRE_DESCS == 17 + (CHECK_TYPE_END - 1) + 1, "append the new check type's table");

#endif
