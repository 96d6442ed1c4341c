/* check_bfd.c - BFD_CHECK (a check_type.h row): a real server follows a BFD
 * session, keepalived 2.2.7's way.
 *
 * BFD_CHECK { name NAME  alpha [BOOL] }: NAME is a bfd_instance whose events
 * go to the checker (not `vrrp` only). The check has no attempts
 * (event_driven): the BFD child reports each session's state to the parent,
 * which relays it as IPC_BFD_STATE (and the last state of every session in
 * each configuration stream, before CONF_END). Up is a success, leaving Up a
 * failure; as in keepalived, a session that has not been Up since the check
 * started changes nothing when it is down (without alpha the real server
 * starts up and stays up until the session goes down after being Up; with
 * alpha it starts down and comes up with the session). No retries: each
 * change is a verdict (rise = fall = 1).
 */
#include "checker.h"
#include "bfd_conf.h"
#include "bfd_proto.h"
#include "check_kw.h"
#include "config.h"
#include "log.h"
#include "util.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

/* Every started BFD_CHECK and the states heard of. */
struct bfd_checks {
	struct check_rt_list rts;
	struct bfd_states seen;
};

/* c->priv */
struct bfd_priv {
	bool seen_up;                 /* the session was Up since the check started */
	bool judged, up;              /* the last verdict given */
};

static struct bfd_priv *priv(const struct check_rt *c)
{
	return c->priv;
}

static struct bfd_checks *lists_of(struct checker *ck)
{
	if (!ck->bfds)
		ck->bfds = xcalloc(1, sizeof(*ck->bfds));
	return ck->bfds;
}

/* name's last state, -1 when never heard of. */
static int seen_state(const struct checker *ck, const char *name)
{
	return ck->bfds ? bfd_states_get(&ck->bfds->seen, name) : -1;
}

/* Judge c from its session's last state (nothing when never heard of). */
static void evaluate(struct check_rt *c)
{
	const char *name = c->conf->u.bfd.name;
	int state = seen_state(c->rs->vs->ck, name);
	if (state < 0)
		return;
	bool up = state == BFD_UP;
	struct bfd_priv *p = priv(c);
	if (up)
		p->seen_up = true;
	else if (!p->seen_up)
		return;   /* keepalived: no news until the session has been Up */
	if (p->judged && p->up == up)
		return;
	p->judged = true;
	p->up = up;
	char rs[128];
	log_info("BFD check of [%s] RS(%s) is %s", name, rs_str(c->rs, rs, sizeof(rs)), up ? "UP" : "DOWN");
	check_done(c, up, "BFD %s %s", name, up ? "is Up" : bfd_state_str((unsigned)state));
}

/* Contract: see checker.h. */
bool check_bfd_state_msg(struct checker *ck, struct rbuf *r)
{
	char name[BFD_NAME_MAX];
	uint32_t state;
	if (!bfd_state_decode(r, name, &state))
		return false;
	struct bfd_checks *l = lists_of(ck);
	bfd_states_set(&l->seen, name, state);
	for (size_t i = 0; i < l->rts.n; i++)
		if (l->rts.c[i] && !strcmp(l->rts.c[i]->conf->u.bfd.name, name))
			evaluate(l->rts.c[i]);
	return true;
}

/* Contract: see checker.h. */
void check_bfd_free(struct checker *ck)
{
	struct bfd_checks *l = ck->bfds;
	if (!l)
		return;
	check_rt_list_free(&l->rts);
	bfd_states_free(&l->seen);
	free(l);
	ck->bfds = NULL;
}

static void bfd_rt_init(struct check_rt *c)
{
	c->priv = xcalloc(1, sizeof(struct bfd_priv));
}

static void bfd_rt_free(struct check_rt *c)
{
	struct bfd_checks *l = c->rs->vs->ck->bfds;
	if (l)
		check_rt_list_remove(&l->rts, c);
	free(c->priv);
	c->priv = NULL;
}

/* Called once: register, and judge what is known already. */
static void bfd_start(struct check_rt *c)
{
	check_rt_list_add(&lists_of(c->rs->vs->ck)->rts, c);
	evaluate(c);
}

static void bfd_dump(const struct check_rt *c, char **b, size_t *n)
{
	int state = seen_state(c->rs->vs->ck, c->conf->u.bfd.name);
	str_appendf(b, n, "     BFD instance %s: %s\n", c->conf->u.bfd.name,
		    state >= 0 ? bfd_state_str((unsigned)state) : "not heard of");
}

/* ---- configuration ------------------------------------------------------- */

static void kw_name(struct conf_ctx *ctx, void *obj, const struct conf_args *a)
{
	struct bfd_check_conf *b = &((struct check_conf *)obj)->u.bfd;
	if (a->argc != 2) {   /* the check goes: check_validate.c's bfd_dead() */
		conf_warn(ctx, &a->argv[0], "BFD_CHECK - No or too many names specified - skipping checker, as "
			  "keepalived 2.2.7 skips it");
		b->name[0] = '\0';
		return;
	}
	if (b->name[0])   /* 2.2.7 takes the last one (then "BFD X not configured" if none has it) */
		conf_notice(ctx, &a->argv[1], "BFD_CHECK - BFD %s replaces %s, as keepalived 2.2.7 takes the last name",
			    a->argv[1].text, b->name);
	if (strlen(a->argv[1].text) >= sizeof(b->name)) {
		/* 2.2.7 looks it up and skips the check: "BFD X not configured" */
		conf_warn(ctx, &a->argv[1], "BFD_CHECK - BFD name %s too long: no bfd_instance has it - the check is "
			  "skipped, as keepalived 2.2.7 skips it", a->argv[1].text);
		b->name[0] = '\0';
		return;
	}
	str_copy(b->name, sizeof(b->name), a->argv[1].text);
}

/* Sorted by strcmp. keepalived's BFD_CHECK takes these two only. */
static const struct conf_keyword bfd_keywords[] = {
	CHECK_KW_BOOL_U32("alpha", struct check_conf, alpha),
	{ "name", 0, CONF_ARGS_ANY, kw_name, NULL, NULL },
};

const struct conf_block check_bfd_block = {
	"BFD_CHECK", bfd_keywords, ARRAY_SIZE(bfd_keywords), NULL, NULL, NULL,
};

static const struct conf_field bfd_rows[] = {
	CF_SBUF(struct bfd_check_conf, name),
};
const struct conf_struct_desc check_bfd_desc = CF_DESC(struct bfd_check_conf, 0, bfd_rows, NULL);

/* The bfd_instance must exist and send its events to the checker
 * (keepalived: "BFD_CHECK - BFD X not configured"); one real server
 * follows a session once. */
static int bfd_validate(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			const struct config *conf)
{
	(void)vs;
	const char *name = c->u.bfd.name;
	if (!name[0])
		return check_conf_error(c, "No name has been specified for BFD_CHECK");
	const struct bfd_instance_conf *b = bfd_conf_find(conf->bfd, name);
	if (!b || !b->to_checker)
		return check_conf_error(c, "BFD_CHECK - BFD %s not configured%s", name,
					b ? " (its bfd_instance sends events to vrrp only)" : "");
	for (size_t i = 0; i < rs->n_checks && &rs->checks[i] != c; i++)
		if (rs->checks[i].type == CHECK_BFD && !strcmp(rs->checks[i].u.bfd.name, name))
			return check_conf_error(c, "BFD_CHECK - RS already monitoring %s", name);
	c->retry = 0;
	c->rise = 1;
	c->fall = 1;
	return 0;
}

const struct check_ops check_ops_bfd = {
	.id = CHECK_BFD,
	.name = "BFD_CHECK",
	.event_driven = true,
	.block = &check_bfd_block,
	.validate = bfd_validate,
	.start = bfd_start,
	.rt_init = bfd_rt_init,
	.rt_free = bfd_rt_free,
	.dump = bfd_dump,
};
