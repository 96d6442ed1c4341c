/* bfd_conf.c - bfd_instance NAME { ... } (keepalived.conf(5), "BFD
 * CONFIGURATION"): the block's keyword table and the checks keepalived
 * 2.2.7 makes, with its messages. keepalived reports a bad value, drops it
 * and counts a configuration error (-t fails); so do we, with file:line.
 * The block's object is one struct bfd_instance_conf appended to
 * config->bfd (bfd_conf.h).
 */
#include "bfd_conf.h"
#include "check_conf.h"
#include "conf_lex.h"
#include "util.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define INTV_MAX_MS (UINT32_MAX / 1000u)   /* keepalived's BFD_M*_MAX */
#define INTV_SENSIBLE_MS 10000u

/* keepalived names the neighbour as the file spells it. */
static const char *nbr_word(const struct conf_args *args)
{
	return strcmp(args->argv[0].text, "neighbour_ip") == 0 ? "neighbour" : "neighbor";
}

static void kw_neighbor(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	if (!ka_addr_parse(args->argv[1].text, 0, &b->neighbor))
		conf_error(ctx, &args->argv[1], "Configuration error: BFD instance %s has malformed %s address %s",
			   b->name, nbr_word(args), args->argv[1].text);
}

static void kw_source(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	if (!ka_addr_parse(args->argv[1].text, 0, &b->source))
		conf_error(ctx, &args->argv[1], "Configuration error: BFD instance %s has malformed source address %s, ignoring",
			   b->name, args->argv[1].text);
}

/* min_rx / min_tx / idle_tx MS (3 decimals: microseconds) in [lo_ms, 4294967]. */
static void set_interval(struct conf_ctx *ctx, struct bfd_instance_conf *b, const struct conf_args *args,
			 uint32_t lo_ms, uint32_t *out)
{
	const char *kw = args->argv[0].text, *v = args->argv[1].text;
	uint32_t us;
	if (!conf_value_fixed(v, 3, lo_ms * 1000u, INTV_MAX_MS * 1000u, &us)) {
		/* keepalived 2.2.7's words; it skips the line and runs */
		conf_warn(ctx, &args->argv[1],
			  "Configuration error: BFD instance %s %s value %s is not valid (must be in range [%u-%u]), ignoring",
			  b->name, kw, v, lo_ms, INTV_MAX_MS);
		return;
	}
	*out = us;
	if (us > INTV_SENSIBLE_MS * 1000u)
		conf_warn(ctx, &args->argv[1], "Configuration warning: BFD instance %s %s value %s is larger than max sensible (%u)",
			  b->name, kw, v, INTV_SENSIBLE_MS);
}

static void kw_min_rx(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	set_interval(ctx, b, args, 1, &b->min_rx_us);
}

static void kw_min_tx(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	set_interval(ctx, b, args, 1, &b->min_tx_us);
}

static void kw_idle_tx(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	set_interval(ctx, b, args, 1000, &b->idle_tx_us);
}

/* argv[1] as a whole integer in [lo, hi] (keepalived's read_int_strvec,
 * "" being 0); otherwise keepalived's message naming the value as what, a
 * warning (it skips the line and runs), and false. */
static bool get_int(struct conf_ctx *ctx, const struct bfd_instance_conf *b, const struct conf_args *args,
		    const char *what, long lo, long hi, long *out)
{
	const char *text = args->argv[1].text;
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v < lo || v > hi) {
		conf_warn(ctx, &args->argv[1],
			  "Configuration error: BFD instance %s %s value %s not valid (must be in range [%ld-%ld]), ignoring",
			  b->name, what, text, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

static void kw_multiplier(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	long v;
	if (get_int(ctx, b, args, "multiplier", 1, 255, &v))
		b->multiplier = (uint8_t)v;
}

/* ttl and hoplimit set the same value (keepalived: one handler). */
static void kw_ttl(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	long v;
	if (get_int(ctx, b, args, "ttl/hoplimit", 1, 255, &v))
		b->ttl = (uint8_t)v;
}

static void kw_max_hops(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	long v;
	if (get_int(ctx, b, args, "max_hops", -1, 255, &v))
		b->max_hops = (int16_t)v;
}

/* weight W [reverse]: the default weight of the track_bfd entries naming it. */
static void kw_weight(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct bfd_instance_conf *b = obj;
	long v;
	if (get_int(ctx, b, args, "weight", -253, 253, &v))
		b->weight = (int16_t)v;
	if (args->argc < 3)
		return;
	if (strcmp(args->argv[2].text, "reverse") == 0)
		b->weight_reverse = true;
	else
		conf_error(ctx, &args->argv[2], "Configuration error: BFD instance %s unknown weight option %s",
			   b->name, args->argv[2].text);
}

/* vrrp / checker: the events go only to the processes named (both when neither is). */
static void kw_vrrp(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct bfd_instance_conf *)obj)->to_vrrp = true;
}

static void kw_checker(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct bfd_instance_conf *)obj)->to_checker = true;
}

static const struct conf_keyword bfd_keywords[] = {
	{ "neighbor_ip", 1, 1, kw_neighbor, NULL, NULL },
	{ "neighbour_ip", 1, 1, kw_neighbor, NULL, NULL },
	{ "source_ip", 1, 1, kw_source, NULL, NULL },
	{ "min_rx", 1, 1, kw_min_rx, NULL, NULL },
	{ "min_tx", 1, 1, kw_min_tx, NULL, NULL },
	{ "idle_tx", 1, 1, kw_idle_tx, NULL, NULL },
	{ "multiplier", 1, 1, kw_multiplier, NULL, NULL },
	CONF_KW_FLAG("passive", struct bfd_instance_conf, passive),
	{ "ttl", 1, 1, kw_ttl, NULL, NULL },
	{ "hoplimit", 1, 1, kw_ttl, NULL, NULL },
	{ "max_hops", 1, 1, kw_max_hops, NULL, NULL },
	{ "weight", 1, 2, kw_weight, NULL, NULL },
	{ "vrrp", 0, 0, kw_vrrp, NULL, NULL },
	{ "checker", 0, 0, kw_checker, NULL, NULL },
};

/* Another instance with the same neighbour and source (keepalived's
 * find_bfd_by_addr), before b in the list. */
static bool same_addrs(const struct bfd_conf *c, const struct bfd_instance_conf *b)
{
	for (const struct bfd_instance_conf *o = c->inst; o < b; o++)
		if (ka_addr_eq(&o->neighbor, &b->neighbor) && ka_addr_eq(&o->source, &b->source))
			return true;
	return false;
}

/* The closing brace: keepalived's end-of-block checks. A disabled instance
 * is removed (it is the last of the list), with a counted warning: 2.2.7
 * reports it and runs the file (-t exits 5). */
static void close_bfd(struct conf_ctx *ctx, void *obj, const struct conf_token *brace)
{
	struct bfd_conf *c = conf_ctx_config(ctx)->bfd;
	struct bfd_instance_conf *b = obj;
	char n[64], s[64];
	bool drop = false;
	const char *nw = "neighbor";
	if (!b->neighbor.family) {
		conf_warn(ctx, brace, "Configuration error: BFD instance %s has no %s address set, disabling instance",
			   b->name, nw);
		drop = true;
	} else if (b->source.family && b->source.family != b->neighbor.family) {
		conf_warn(ctx, brace,
			   "Configuration error: BFD instance %s source address %s and %s address %s are not of the same family, disabling instance",
			   b->name, bfd_addr_str(&b->source, s, sizeof(s)), nw, bfd_addr_str(&b->neighbor, n, sizeof(n)));
		drop = true;
	} else if (same_addrs(c, b)) {
		if (b->source.family)
			conf_warn(ctx, brace,
				   "Configuration error: BFD instance %s has duplicate source/%s address %s/%s, ignoring instance",
				   b->name, nw, bfd_addr_str(&b->source, s, sizeof(s)), bfd_addr_str(&b->neighbor, n, sizeof(n)));
		else
			conf_warn(ctx, brace, "Configuration error: BFD instance %s has duplicate %s address %s, ignoring instance",
				   b->name, nw, bfd_addr_str(&b->neighbor, n, sizeof(n)));
		drop = true;
	}
	if (drop) {
		c->n--;
		return;
	}
	if (!b->ttl)
		b->ttl = b->neighbor.family == AF_INET ? BFD_TTL_V4_DEFAULT : BFD_HOPLIMIT_V6_DEFAULT;
	if (b->max_hops > b->ttl) {
		conf_warn(ctx, brace, "BFD instance %s: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit", b->name);
		b->max_hops = b->ttl;
	}
	if (!b->to_vrrp && !b->to_checker)
		b->to_vrrp = b->to_checker = true;
}

const struct conf_block conf_bfd_block = {
	.name = "bfd_instance",
	.keywords = bfd_keywords,
	.n_keywords = ARRAY_SIZE(bfd_keywords),
	.close = close_bfd,
};

/* Contract: see bfd_conf.h. bfd_instance NAME: a new instance with
 * keepalived's defaults, or NULL (block skipped) for a name too long or
 * already used. */
void *conf_open_bfd(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	const struct conf_token *name = &args->argv[1];
	if (strlen(name->text) >= BFD_NAME_MAX) {
		conf_error(ctx, name, "Configuration error: BFD instance %s name too long (maximum length is %d characters) - ignoring",
			   name->text, BFD_NAME_MAX - 1);
		return NULL;
	}
	if (!conf->bfd)
		conf->bfd = xcalloc(1, sizeof(*conf->bfd));
	if (bfd_conf_find(conf->bfd, name->text)) {
		conf_error(ctx, name, "Configuration error: BFD instance %s already configured - ignoring", name->text);
		return NULL;
	}
	struct bfd_instance_conf *b = array_push(&conf->bfd->inst, &conf->bfd->n, sizeof(*b));
	bfd_instance_conf_init(b, name->text);
	b->origin = conf_origin_of(&args->argv[0]);
	return b;
}
