/* conf_setters.c - generic keyword handlers: a table row names the struct
 * member (offsetof/sizeof) and the setter parses, checks and stores the
 * value (see "generic setters" in conf_parse.h). */
#include "conf_parse.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void *member(void *obj, const struct conf_args *args)
{
	return (uint8_t *)obj + args->kw->off;
}

/* Parse argument 1 in the row's [min, max] (skip: a bad value is a
 * warning, else an error) and store it in the member's size. */
static void set_uint(struct conf_ctx *ctx, void *obj, const struct conf_args *args, bool skip)
{
	const struct conf_keyword *kw = args->kw;
	uint32_t v;
	uint32_t hi = kw->max > UINT32_MAX ? UINT32_MAX : (uint32_t)kw->max;
	bool ok = skip ? conf_get_uint_or_skip(ctx, &args->argv[1], kw->name, (uint32_t)kw->min, hi, &v)
		       : conf_get_uint(ctx, &args->argv[1], kw->name, (uint32_t)kw->min, hi, &v);
	if (!ok)
		return;
	void *p = member(obj, args);
	switch (kw->size) {
	case 1: *(uint8_t *)p = (uint8_t)v; break;
	case 2: *(uint16_t *)p = (uint16_t)v; break;
	case 4: *(uint32_t *)p = v; break;
	default: *(uint64_t *)p = v; break;
	}
}

/* CONF_KW_UINT: one unsigned integer in [min, max]. */
void conf_set_uint(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_uint(ctx, obj, args, false);
}

/* CONF_KW_UINT_SKIP: a bad value skipped with a warning. */
void conf_set_uint_skip(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	set_uint(ctx, obj, args, true);
}

/* CONF_KW_BOOL / CONF_KW_FLAG. */
void conf_set_bool(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_bool(ctx, args, 1, member(obj, args));
}

/* CONF_KW_STRBUF: one word into a fixed buffer. */
void conf_set_strbuf(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_string(ctx, &args->argv[1], args->kw->name, member(obj, args), args->kw->size);
}

/* CONF_KW_SCRIPT: the arguments joined into a heap string (replacing an
 * earlier one). */
void conf_set_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	char **slot = member(obj, args);
	free(*slot);
	*slot = conf_join_args(args, 1);
}

/* CONF_KW_NOTIFY: see conf_set_notify_slot(). */
void conf_set_notify(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, member(obj, args));
}

/* CONF_KW_ADDR: an IPv4 or IPv6 address (connect_ip, bindto: read as
 * keepalived 2.2.7's inet_stosockaddr() reads them). */
void conf_set_addr(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_addr_ka(ctx, &args->argv[1], args->kw->name, 0, member(obj, args));
}
