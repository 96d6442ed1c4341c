/* check_keywords.c - PLACEHOLDER owned by the checker: top-level keywords
 * virtual_server and virtual_server_group. */
#include "conf_parse.h"
#include "check_conf.h"

#include <stdlib.h>

const struct conf_keyword conf_check_top_keywords[] = {
	{ NULL, 0, 0, NULL, NULL, NULL },
};
const size_t conf_check_top_keywords_count = 0;

void check_conf_free(struct config *conf)
{
	free(conf->vs);
	free(conf->vsg);
	conf->vs = NULL;
	conf->vsg = NULL;
	conf->n_vs = conf->n_vsg = 0;
}

void vs_conf_encode(const struct vs_conf *vs, struct wbuf *w) { wput_str(w, vs->name); }
bool vs_conf_decode(struct rbuf *r, struct vs_conf *vs) { rget_strbuf(r, vs->name, sizeof(vs->name)); return !r->error; }
void vsg_conf_encode(const struct vsg_conf *vsg, struct wbuf *w) { wput_str(w, vsg->name); }
bool vsg_conf_decode(struct rbuf *r, struct vsg_conf *vsg) { rget_strbuf(r, vsg->name, sizeof(vsg->name)); return !r->error; }
int check_conf_validate(struct config *conf, bool check_only) { return 0; }
