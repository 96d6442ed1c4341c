/* check_types.c - the tables built from CHECK_TYPE_LIST (check_conf.h):
 * the engines' rows, the real_server keywords that open each type's block,
 * and the variants of check_conf.u for the field tables. A new type is its
 * file(s) and one row in CHECK_TYPE_LIST. */
#include "check_kw.h"
#include "check_type.h"
#include "util.h"

#define OPS_ROW(ID, name, kw) [ID] = &check_ops_##name,
const struct check_ops *const check_types[CHECK_TYPE_END] = {
	CHECK_TYPE_LIST(OPS_ROW)
};
#undef OPS_ROW
const size_t check_types_count = ARRAY_SIZE(check_types);

const struct check_ops *check_type_get(enum check_type id)
{
	return (size_t)id < check_types_count ? check_types[id] : NULL;
}

/* TCP_CHECK { ... } and the others: sorted like the list (by keyword). */
#define KW_ROW(ID, name, kw) { kw, 0, 0, NULL, &check_##name##_block, check_block_open },
static const struct conf_keyword type_keywords[] = {
	CHECK_TYPE_LIST(KW_ROW)
};
#undef KW_ROW
const struct conf_block check_type_keywords_block = {
	.name = "real_server",
	.keywords = type_keywords,
	.n_keywords = ARRAY_SIZE(type_keywords),
};


/* Every keyword table of the checker, for the sortedness unit test. */
#define BLOCK_ROW(ID, name, kw) &check_##name##_block,
const struct conf_block *const check_kw_all_blocks[] = {
	&vs_block, &rs_block, &url_block, &check_conn_block, &check_timing_block, &check_type_keywords_block,
	&check_global_block, &check_ssl_conf_block,
	CHECK_TYPE_LIST(BLOCK_ROW)
};
#undef BLOCK_ROW
const size_t check_kw_all_blocks_count = ARRAY_SIZE(check_kw_all_blocks);
