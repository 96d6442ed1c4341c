/* bfd_wire.c - the field table of struct bfd_instance_conf (bfd_conf.h):
 * the IPC_CONF_BFD record the parent sends the BFD child for each
 * bfd_instance, its validation on decode, reload's comparison, freeing.
 */
#include "bfd_conf.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define BFD_MAGIC 0x4b414246u   /* "KABF" */

/* A decoded record is as the parser leaves one: a neighbour, a source of
 * its family (or none), intervals within keepalived's ranges. */
static bool validate(const void *obj)
{
	const struct bfd_instance_conf *b = obj;
	return b->name[0] && b->neighbor.family &&
	       (!b->source.family || b->source.family == b->neighbor.family) &&
	       b->min_rx_us >= 1000 && b->min_tx_us >= 1000 && b->idle_tx_us >= 1000000 &&
	       b->multiplier >= 1 && b->ttl >= 1 && b->max_hops <= b->ttl;
}

#define B struct bfd_instance_conf
static const struct conf_field bfd_rows[] = {
	CF_SBUF(B, name),
	CF_ORIGIN(B, origin),
	CF_A(B, neighbor, 0),
	CF_A(B, source, CF_OPTIONAL),
	CF_UANY(B, min_rx_us),
	CF_UANY(B, min_tx_us),
	CF_UANY(B, idle_tx_us),
	CF_U(B, multiplier, 1, 255),
	CF_B(B, passive),
	CF_U(B, ttl, 1, 255),
	CF_I(B, max_hops, -1, 255),
	CF_I(B, weight, -253, 253),
	CF_B(B, weight_reverse),
	CF_B(B, to_vrrp),
	CF_B(B, to_checker),
};
#undef B
const struct conf_struct_desc bfd_instance_conf_desc = CF_DESC(struct bfd_instance_conf, BFD_MAGIC, bfd_rows, validate);

/* Contract: see bfd_conf.h. */
void bfd_instance_conf_init(struct bfd_instance_conf *b, const char *name)
{
	memset(b, 0, sizeof(*b));
	str_copy(b->name, sizeof(b->name), name);
	b->min_rx_us = BFD_MINRX_DEFAULT_US;
	b->min_tx_us = BFD_MINTX_DEFAULT_US;
	b->idle_tx_us = BFD_IDLETX_DEFAULT_US;
	b->multiplier = BFD_MULT_DEFAULT;
}

/* Contract: see bfd_conf.h. */
const char *bfd_addr_str(const struct ka_addr *a, char *buf, size_t size)
{
	if (!a->family || !inet_ntop(a->family, &a->u, buf, (socklen_t)size))
		str_copy(buf, size, "(none)");
	return buf;
}

/* Contract: see bfd_conf.h. */
void bfd_conf_free(struct bfd_conf *conf)
{
	if (!conf)
		return;
	for (size_t i = 0; i < conf->n; i++)
		conf_fields_free(&bfd_instance_conf_desc, &conf->inst[i]);
	free(conf->inst);
	free(conf);
}

/* Contract: see bfd_conf.h. */
const struct bfd_instance_conf *bfd_conf_find(const struct bfd_conf *conf, const char *name)
{
	for (size_t i = 0; conf && i < conf->n; i++)
		if (strcmp(conf->inst[i].name, name) == 0)
			return &conf->inst[i];
	return NULL;
}
