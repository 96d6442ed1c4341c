/* conf_wire.h - struct global_conf as an IPC record (IPC_CONF_GLOBAL; see
 * ipc.h), driven by its field table in core/conf_wire.c. The VRRP records
 * are declared in vrrp_conf.h, the checker's in check_conf.h.
 *
 * encode appends one record to w. decode reads one record from r into *out:
 * on success it returns true and *out owns heap strings/arrays (free with
 * global_conf_free()); on a short or malformed record it returns false,
 * leaves *out zeroed (nothing to free) and never reads past the end of r.
 * A round trip gives an equal struct (global_conf_equal()).
 */
#ifndef KA_CONF_WIRE_H
#define KA_CONF_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf_fields.h"
#include "config.h"
#include "wire.h"

extern const struct conf_struct_desc global_conf_desc;

void global_conf_encode(const struct global_conf *g, struct wbuf *w);
bool global_conf_decode(struct rbuf *r, struct global_conf *out);
/* The payload must hold exactly one record. */
bool global_conf_decode_msg(const void *payload, size_t len, struct global_conf *out);
/* Every field equal (deep). */
bool global_conf_equal(const struct global_conf *a, const struct global_conf *b);

#endif
