/* check_conf.h - virtual_server / virtual_server_group configuration.
 * PLACEHOLDER owned by the checker: it replaces this file. */
#ifndef KA_CHECK_CONF_H
#define KA_CHECK_CONF_H

#include "config.h"
#include "wire.h"

struct vs_conf {
	char name[CONF_NAME_MAX];
};

struct vsg_conf {
	char name[CONF_NAME_MAX];
};

/* Free config->vs / config->vsg and everything they own. */
void check_conf_free(struct config *conf);
/* Wire encoding for IPC_CONF_VS / IPC_CONF_VSG. decode returns false on a bad record. */
void vs_conf_encode(const struct vs_conf *vs, struct wbuf *w);
bool vs_conf_decode(struct rbuf *r, struct vs_conf *vs);
void vsg_conf_encode(const struct vsg_conf *vsg, struct wbuf *w);
bool vsg_conf_decode(struct rbuf *r, struct vsg_conf *vsg);
/* Cross-object checks after parsing (e.g. a "group" naming no group). Returns errors. */
int check_conf_validate(struct config *conf, bool check_only);

#endif
