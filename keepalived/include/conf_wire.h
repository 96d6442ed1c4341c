/* conf_wire.h - struct global_conf and struct vrrp_instance_conf as flat
 * IPC records (IPC_CONF_GLOBAL, IPC_CONF_VRRP; see ipc.h and wire.h).
 *
 * encode appends one record to w. decode reads one record from r into *out:
 * on success it returns true and *out owns heap strings/arrays (free with
 * global_conf_free() / vrrp_instance_conf_free()); on a short or malformed
 * record it returns false, leaves *out zeroed (nothing to free) and never
 * reads past the end of r. A round trip gives an equal struct
 * (vrrp_instance_conf_equal(), origin included).
 */
#ifndef KA_CONF_WIRE_H
#define KA_CONF_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "wire.h"

void global_conf_encode(const struct global_conf *g, struct wbuf *w);
bool global_conf_decode(struct rbuf *r, struct global_conf *out);

void vrrp_instance_conf_encode(const struct vrrp_instance_conf *vi, struct wbuf *w);
bool vrrp_instance_conf_decode(struct rbuf *r, struct vrrp_instance_conf *out);

/* Whole-message forms: the payload must hold exactly one record. */
bool global_conf_decode_msg(const void *payload, size_t len, struct global_conf *out);
bool vrrp_instance_conf_decode_msg(const void *payload, size_t len, struct vrrp_instance_conf *out);

#endif
