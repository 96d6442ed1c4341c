/* check_types.c - the table of check types (see check_type.h). A new type
 * is its own file with a const struct check_ops and one row here. */
#include "check_type.h"
#include "util.h"

const struct check_ops *const check_types[] = {
	[CHECK_TCP] = &check_ops_tcp,
	[CHECK_HTTP] = &check_ops_http,
	[CHECK_SSL] = &check_ops_ssl,
	[CHECK_MISC] = &check_ops_misc,
	[CHECK_UDP] = &check_ops_udp,
};
const size_t check_types_count = ARRAY_SIZE(check_types);

const struct check_ops *check_type_get(enum check_type id)
{
	return (size_t)id < check_types_count ? check_types[id] : NULL;
}
