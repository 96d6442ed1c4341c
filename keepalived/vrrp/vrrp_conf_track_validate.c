/* vrrp_conf_track_validate.c - cross-checks of vrrp_ext_conf.h after parsing:
 * vrrp_script / vrrp_track_file defaults and users, references from
 * instances and sync groups (an unknown name is an error: ignoring it would
 * change who is master), sync-group membership (group trackers are copied
 * into each member; weighted member scripts and files are dropped unless
 * sync_group_tracking_weight, as keepalived 2.2.7), unicast peers, and the
 * global defaults of the lower/higher-priority knobs.
 */
#include "bfd_conf.h"
#include "conf_lex.h"
#include "vrrp_packet.h"
#include "script.h"
#include "script_exec.h"
#include "util.h"

#include <grp.h>
#include <netdb.h>
#include <stddef.h>
#include <pwd.h>
#include <sys/socket.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- declaring tokens of objects ---------------------------------------------------- */

void conf_objs_meta_push(struct conf_ctx *ctx, enum conf_obj_kind kind, const struct conf_token *tok)
{
	struct conf_obj_toks *t = &ctx->obj_toks[kind];
	*(const struct conf_token **)array_push(&t->toks, &t->n, sizeof(tok)) = tok;
}

const struct conf_token *conf_obj_tok(const struct conf_ctx *ctx, enum conf_obj_kind kind, size_t i)
{
	const struct conf_obj_toks *t = &ctx->obj_toks[kind];
	return i < t->n ? t->toks[i] : NULL;
}

void conf_objs_meta_free(struct conf_ctx *ctx)
{
	for (int k = 0; k < CONF_OBJ_KINDS; k++) {
		free(ctx->obj_toks[k].toks);
		ctx->obj_toks[k].toks = NULL;
		ctx->obj_toks[k].n = 0;
	}
}

static struct conf_token origin_tok(const struct vrrp_instance_conf *vi)
{
	return (struct conf_token){ .text = vi->name, .file = vi->origin.file, .line = vi->origin.line };
}

/* ---- objects ----------------------------------------------------------------------------- */

static void validate_script(struct conf_ctx *ctx, struct vrrp_script_conf *s, const struct conf_token *at)
{
	const struct global_conf *g = &ctx->conf->global;
	/* no script: disable_unrunnable_scripts() removes it, as keepalived */
	if (!s->timeout_s)
		s->timeout_s = s->interval_s;
	if (!s->user_set) {
		s->uid = g->script_uid;
		s->gid = g->script_gid;
		return;
	}
	if (!getpwnam(s->user) || (s->group[0] && !getgrnam(s->group))) {
		/* keepalived 2.2.7: "Unable to set uid/gid for script" - removed */
		conf_warn(ctx, at, "vrrp_script %s: no user '%s'%s%s%s: the script is not run, as keepalived 2.2.7 "
			  "does not run it", s->name, s->user, s->group[0] ? " or no group '" : "", s->group,
			  s->group[0] ? "'" : "");
		free(s->script);
		s->script = NULL;   /* disable_unrunnable_scripts() disables it */
		return;
	}
	char what[96];
	snprintf(what, sizeof(what), "vrrp_script %s", s->name);
	conf_get_user(ctx, at, at, what, s->user, s->group, &s->uid, &s->gid);
}

/* ---- objects defined twice ------------------------------------------------------------------ */

static void free_script(void *p) { vrrp_script_conf_free(p); }
static void free_file(void *p) { vrrp_track_file_conf_free(p); }
static void free_proc(void *p) { vrrp_track_process_conf_free(p); }
static void free_group(void *p) { vrrp_sync_group_conf_free(p); }

_Static_assert(offsetof(struct vrrp_script_conf, name) == 0, "name first");
_Static_assert(offsetof(struct vrrp_track_file_conf, name) == 0, "name first");
_Static_assert(offsetof(struct vrrp_track_process_conf, name) == 0, "name first");
_Static_assert(offsetof(struct vrrp_sync_group_conf, name) == 0, "name first");

/* The objects of one kind (arr[0..*n), each size bytes, its name first)
 * whose name an earlier one has are removed, the first kept, as keepalived
 * 2.2.7 keeps both and finds the first by name (a later vrrp_script: "Warning
 * - script chk is not used" at run time, -t 0; a later vrrp_sync_group
 * block is skipped: "vrrp sync group G already defined", -t 5). counted:
 * a warning (else a notice, -t 0 as 2.2.7's). Ours refused the file. */
static void drop_duplicates(struct conf_ctx *ctx, enum conf_obj_kind kind, void *arr, size_t *n, size_t size,
			    void (*free_fn)(void *), const char *what, bool counted)
{
	struct conf_obj_toks *t = &ctx->obj_toks[kind];
	char *base = arr;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		char *e = base + i * size;
		const struct conf_token *at = conf_obj_tok(ctx, kind, i);
		size_t j = 0;
		while (j < k && strcmp(base + j * size, e) != 0)
			j++;
		if (j == k) {
			if (i < t->n)
				t->toks[k] = at;
			if (k != i)
				memcpy(base + k * size, e, size);
			k++;
			continue;
		}
		const struct conf_token *first = conf_obj_tok(ctx, kind, j);
		void (*report)(struct conf_ctx *, const struct conf_token *, const char *, ...) =
			counted ? conf_warn : conf_notice;
		if (first)
			report(ctx, at, "%s %s is already defined (at %s:%d): this one is ignored, as keepalived 2.2.7 "
			       "uses the first", what, e, first->file, first->line);
		else
			report(ctx, at, "%s %s is already defined: this one is ignored, as keepalived 2.2.7 uses the "
			       "first", what, e);
		free_fn(e);
	}
	if (t->n > k)
		t->n = k;
	*n = k;
}

static void validate_objects(struct conf_ctx *ctx)
{
	struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	drop_duplicates(ctx, CONF_OBJ_SCRIPT, o->scripts, &o->n_scripts, sizeof(*o->scripts), free_script,
			"vrrp_script", false);
	drop_duplicates(ctx, CONF_OBJ_PROC, o->procs, &o->n_procs, sizeof(*o->procs), free_proc,
			"vrrp_track_process", false);
	for (size_t i = 0; i < o->n_scripts; i++)
		validate_script(ctx, &o->scripts[i], conf_obj_tok(ctx, CONF_OBJ_SCRIPT, i));
	for (size_t i = 0; i < o->n_procs; i++) {
		const struct conf_token *at = conf_obj_tok(ctx, CONF_OBJ_PROC, i);
		struct vrrp_track_process_conf *p = &o->procs[i];
		if (!p->argc)
			conf_error(ctx, at, "vrrp_track_process %s: process is required", p->name);
		if (p->quorum > p->quorum_max && p->quorum_max == 0)
			p->quorum = 0;   /* quorum_max 0: OK while none runs */
		if (p->quorum > p->quorum_max)
			conf_error(ctx, at, "vrrp_track_process %s: quorum %u is above quorum_max %u", p->name,
				   p->quorum, p->quorum_max);
	}
	/* keepalived 2.2.7: "No file set for track_file X - ignoring": the
	 * object is removed, its track_file lines and FILE_CHECKs then name
	 * nothing (each ignored with its warning) and the file runs */
	struct conf_obj_toks *t = &ctx->obj_toks[CONF_OBJ_FILE];
	size_t k = 0;
	for (size_t i = 0; i < o->n_files; i++) {
		const struct conf_token *at = conf_obj_tok(ctx, CONF_OBJ_FILE, i);
		if (o->files[i].path) {
			if (i < t->n && k < t->n)
				t->toks[k] = at;
			o->files[k++] = o->files[i];
			continue;
		}
		conf_warn(ctx, at, "track_file %s: no file set - ignored, as keepalived 2.2.7 ignores it",
			  o->files[i].name);
		vrrp_track_file_conf_free(&o->files[i]);
	}
	if (t->n > k)
		t->n = k;
	o->n_files = k;
	/* after: keepalived 2.2.7 removes a track_file without a file at its
	 * block's end, so a later one of that name is the one found */
	drop_duplicates(ctx, CONF_OBJ_FILE, o->files, &o->n_files, sizeof(*o->files), free_file, "track_file", false);
}

/* ---- scripts that cannot run ------------------------------------------------------------------ */

/* Can vrrp_script s run here: its file found and executable, and secure
 * when enable_script_security is on? why: the reason when not. */
static bool script_runnable(const struct conf_ctx *ctx, const struct vrrp_script_conf *s, char *why, size_t n)
{
	char **words = script_split(s->script);
	if (!words || !words[0] || script_is_open_test(words[0])) {
		/* an empty line is an error of its own; "</path" runs as sh -c */
		script_argv_free(words);
		return true;
	}
	struct script_target t;
	bool found = script_target_open(words[0], s->uid, &t);
	bool ok = found && (t.secure || !ctx->conf->global.enable_script_security);
	if (!ok)
		str_copy(why, n, t.why);
	else if (access(t.path, X_OK) != 0) {   /* keepalived: "not found/accessible" */
		snprintf(why, n, "%.200s: not executable", t.path);
		ok = false;
	}
	script_target_close(&t);
	script_argv_free(words);
	return ok;
}

/* Drop the references to the vrrp_scripts in gone[] from refs. */
static void drop_refs(struct track_ref *refs, size_t *n, char (*gone)[64], size_t n_gone)
{
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		bool drop = false;
		for (size_t j = 0; j < n_gone && !drop; j++)
			drop = !strcmp(refs[i].name, gone[j]);
		if (!drop)
			refs[k++] = refs[i];
	}
	*n = k;
}

/* keepalived 2.2 disables a vrrp_script whose file cannot be found or run
 * (or is insecure under enable_script_security) when it loads the
 * configuration: its track_script lines then have no effect on priority
 * or state. The same here, with a warning at the vrrp_script; the
 * script is removed before the configuration reaches the VRRP child.
 * Runs after validate_objects() (users resolved), before the references. */
static void disable_unrunnable_scripts(struct conf_ctx *ctx)
{
	struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	char (*gone)[64] = NULL;
	size_t n_gone = 0, k = 0;
	for (size_t i = 0; i < o->n_scripts; i++) {
		struct vrrp_script_conf *s = &o->scripts[i];
		char why[256] = "no script";
		if (s->script && script_runnable(ctx, s, why, sizeof(why))) {
			o->scripts[k++] = *s;
			continue;
		}
		/* keepalived 2.2.7: "No script set for vrrp_script X - removing" */
		conf_warn(ctx, conf_obj_tok(ctx, CONF_OBJ_SCRIPT, i),
			  "vrrp_script %s: %s - disabled, as keepalived does: its track_script lines do not "
			  "change priority or state", s->name, why);
		memcpy(array_push(&gone, &n_gone, sizeof(*gone)), s->name, sizeof(*gone));
		vrrp_script_conf_free(s);
	}
	o->n_scripts = k;
	for (size_t i = 0; n_gone && i < ctx->conf->n_vrrp; i++) {
		struct vrrp_ext_conf *e = &ctx->conf->vrrp[i].ext;
		drop_refs(e->track_scripts, &e->n_track_scripts, gone, n_gone);
	}
	for (size_t i = 0; n_gone && i < o->n_groups; i++)
		drop_refs(o->groups[i].track_scripts, &o->groups[i].n_track_scripts, gone, n_gone);
	free(gone);
}

/* ---- references ------------------------------------------------------------------------------ */

static const struct vrrp_track_process_conf *find_proc(const struct vrrp_objs_conf *o, const char *name)
{
	for (size_t i = 0; i < o->n_procs; i++)
		if (!strcmp(o->procs[i].name, name))
			return &o->procs[i];
	return NULL;
}

static const struct vrrp_script_conf *find_script(const struct vrrp_objs_conf *o, const char *name)
{
	for (size_t i = 0; i < o->n_scripts; i++)
		if (!strcmp(o->scripts[i].name, name))
			return &o->scripts[i];
	return NULL;
}

static const struct vrrp_track_file_conf *find_file(const struct vrrp_objs_conf *o, const char *name)
{
	for (size_t i = 0; i < o->n_files; i++)
		if (!strcmp(o->files[i].name, name))
			return &o->files[i];
	return NULL;
}

/* A bfd_instance whose events go to the VRRP process (keepalived: one
 * with only `checker` is unknown to VRRP). */
static const struct bfd_instance_conf *find_bfd(const struct config *conf, const char *name)
{
	const struct bfd_instance_conf *b = bfd_conf_find(conf->bfd, name);
	return b && b->to_vrrp ? b : NULL;
}

static const char *object_kind(const char *what)
{
	return !strcmp(what, "track_script") ? "vrrp_script"
	     : !strcmp(what, "track_process") ? "vrrp_track_process"
	     : !strcmp(what, "track_bfd") ? "bfd_instance (sending events to VRRP)" : "track_file";
}

/* Give each reference the object's weight and reverse when the line did not
 * set them.
 * A reference to no object is dropped with a warning, as keepalived 2.2.7
 * ignores it ("track script X not found, ignoring..."). what:
 * "track_script", "track_process", "track_bfd" or "track_file". A name given
 * twice in one list keeps its first line (keepalived: "duplicate
 * track_bfd X - ignoring"). */
static void resolve_refs(struct conf_ctx *ctx, const struct conf_token *at, const char *owner,
			 const char *what, struct track_ref *refs, size_t *n)
{
	const struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		struct track_ref *r = &refs[i];
		bool found = false;
		int32_t weight = 0;
		bool reverse = false;
		if (!strcmp(what, "track_script")) {
			const struct vrrp_script_conf *s = find_script(o, r->name);
			if ((found = s != NULL))
				weight = s->weight, reverse = s->reverse;
		} else if (!strcmp(what, "track_process")) {
			const struct vrrp_track_process_conf *p = find_proc(o, r->name);
			if ((found = p != NULL))
				weight = p->weight, reverse = p->reverse;
		} else if (!strcmp(what, "track_bfd")) {
			const struct bfd_instance_conf *b = find_bfd(ctx->conf, r->name);
			if ((found = b != NULL))
				weight = b->weight, reverse = b->weight_reverse;
		} else {
			const struct vrrp_track_file_conf *f = find_file(o, r->name);
			if ((found = f != NULL))
				weight = f->weight, reverse = f->reverse;
		}
		if (!found) {
			conf_warn(ctx, at, "%s: %s %s: no %s of that name: ignored, as keepalived 2.2.7 does", owner,
				  what, r->name, object_kind(what));
			continue;
		}
		const struct conf_late_ref *late = NULL;
		for (size_t j = 0; j < ctx->n_late_refs && !late; j++) {
			const struct conf_late_ref *l = &ctx->late_refs[j];
			if (!strcmp(l->owner, owner) && !strcmp(l->what, what) && !strcmp(l->name, r->name))
				late = l;
		}
		if (late) {
			const char *late_kind = !strcmp(what, "track_file") ? "vrrp_track_file" : object_kind(what);
			conf_warn(ctx, late->at, "%s: %s %s: its %s is defined below this line: ignored, as keepalived "
				  "2.2.7 does (it looks the name up as it reads the line: \"%s not found, ignoring\"; "
				  "define the %s first)", owner, what, r->name, late_kind, r->name, late_kind);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < kept && !strcmp(what, "track_bfd"); j++)
			dup |= !strcmp(refs[j].name, r->name);
		if (dup) {
			conf_warn(ctx, at, "%s: duplicate %s %s: ignored, as keepalived 2.2.7 does", owner, what, r->name);
			continue;
		}
		if (!r->weight_set)
			r->weight = weight;
		if (!r->reverse_set)   /* keepalived 2.2.7: the object's, unless the line says */
			r->reverse = reverse;
		refs[kept++] = *r;
	}
	*n = kept;
}

static void append_refs(struct track_ref **dst, size_t *n_dst, const struct track_ref *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct track_ref *r = array_push(dst, n_dst, sizeof(src[i]));
		*r = src[i];
		r->from_group = true;   /* the group's, not listed in the instance's dump */
	}
}

/* Contract: see conf_lex.h. */
struct vrrp_instance_conf *conf_vrrp_find(struct config *conf, const char *name)
{
	for (size_t i = 0; i < conf->n_vrrp; i++)
		if (!strcmp(conf->vrrp[i].name, name))
			return &conf->vrrp[i];
	return NULL;
}

/* Weighted trackers of a sync group member without
 * sync_group_tracking_weight, as keepalived 2.2.7 treats them (measured:
 * its man page says their weights are set to zero, which it does not do):
 * a track_script or track_file with a weight is dropped - it neither
 * changes the priority nor causes a FAULT ("ignoring tracked script ...
 * due to SYNC group") - but a track_file of weight 1 (its default) gets
 * weight 0 and so becomes a fault tracker; track_interface and track_process keep their
 * weights (keepalived zeroes the instance's copy of an interface's weight,
 * which its dump shows, but the interface's copy counts: dump_zero).
 * Unweighted trackers put the whole group in FAULT as usual.
 * drop: remove the weighted refs (else only say that the weight counts). */
static void sync_member_weights(struct conf_ctx *ctx, struct vrrp_instance_conf *vi,
				const struct vrrp_sync_group_conf *g, const char *what, bool drop,
				struct track_ref *refs, size_t *n)
{
	struct conf_token at = origin_tok(vi);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (!refs[i].weight) {
			refs[kept++] = refs[i];
			continue;
		}
		if (drop && refs[i].weight == 1 && !strcmp(what, "track_file")) {
			/* keepalived 2.2.7: weight 1 (a track_file's default) becomes 0 */
			conf_warn(ctx, &at, "(%s) ignoring weight from tracked file %s due to SYNC group. specify "
				  "weight 0 (as keepalived 2.2.7: it is a fault tracker now)", vi->name, refs[i].name);
			refs[i].weight = 0;
			refs[kept++] = refs[i];
			continue;
		}
		if (drop) {
			conf_warn(ctx, &at, "vrrp_instance %s: %s %s ignored: it has a weight and %s is in "
				  "sync group %s without sync_group_tracking_weight (as keepalived 2.2.7; "
				  "weight 0 makes it a fault tracker)", vi->name, what, refs[i].name, vi->name,
				  g->name);
			continue;
		}
		if (!strcmp(what, "track_interface")) {
			conf_warn(ctx, &at, "(%s) ignoring %s tracked interface weight due to SYNC group - as in "
				  "keepalived 2.2.7 its dump says weight 0 but weight %d still counts (sync group %s "
				  "has no sync_group_tracking_weight)", vi->name, refs[i].name, (int)refs[i].weight,
				  g->name);
			refs[i].dump_zero = true;
		} else {
			conf_warn(ctx, &at, "vrrp_instance %s: weight %d of %s %s counts although %s is in sync "
				  "group %s without sync_group_tracking_weight (as keepalived 2.2.7)", vi->name,
				  (int)refs[i].weight, what, refs[i].name, vi->name, g->name);
		}
		refs[kept++] = refs[i];
	}
	*n = kept;
}

/* The sync group naming instance `name`, or NULL. */
static const struct vrrp_sync_group_conf *group_of(const struct vrrp_objs_conf *o, const char *name)
{
	for (size_t i = 0; i < o->n_groups; i++)
		for (size_t m = 0; m < o->groups[i].n_members; m++)
			if (!strcmp(o->groups[i].members[m], name))
				return &o->groups[i];
	return NULL;
}

/* One list of an address owner's trackers: see owner_weights(). */
static void owner_refs(struct conf_ctx *ctx, const struct conf_token *at, const char *vi_name, const char *what,
		       struct track_ref *refs, size_t *n)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		struct track_ref *r = &refs[i];
		if (r->weight == 1 && !strcmp(what, "track_file")) {
			conf_warn(ctx, at, "(%s) ignoring weight from tracked file %s due to address_owner. specify "
				  "weight 0 (as keepalived 2.2.7: it is a fault tracker now)", vi_name, r->name);
			r->weight = 0;
		} else if (r->weight) {
			conf_warn(ctx, at, "(%s) ignoring %s %s with weight %d due to address owner: not tracked "
				  "(as keepalived 2.2.7)", vi_name, what, r->name, (int)r->weight);
			continue;
		}
		refs[kept++] = *r;
	}
	*n = kept;
}

/* A track_interface entry naming the instance's own interface is dropped
 * with a warning, as keepalived 2.2.7 drops it ("Ignoring track_interface
 * X since own interface"), whatever its weight: the own interface is
 * tracked as usual (FAULT when down), or not at all with
 * dont_track_primary. */
static void drop_own_interface(struct conf_ctx *ctx, const struct conf_token *at, struct vrrp_instance_conf *vi)
{
	struct vrrp_ext_conf *e = &vi->ext;
	size_t kept = 0;
	for (size_t i = 0; i < e->n_track_ifs; i++) {
		if (vi->ifname[0] && !strcmp(e->track_ifs[i].name, vi->ifname)) {
			conf_warn(ctx, at, "(%s) Ignoring track_interface %s since own interface (as keepalived 2.2.7)",
				  vi->name, vi->ifname);
			continue;
		}
		e->track_ifs[kept++] = e->track_ifs[i];
	}
	e->n_track_ifs = kept;
}

/* keepalived 2.2.7's address owner (priority 255), whose priority no
 * weight changes: its own weighted track_interface, track_script and
 * track_bfd entries are no longer tracked, a track_file of weight 1 (the
 * default) becomes a fault tracker (weight 0) and one of another weight is
 * dropped, each with a warning; track_process is left alone. A member of a
 * sync group without sync_group_tracking_weight follows the group's rule
 * (sync_member_weights()) instead, as there. Before validate_groups(): the
 * group's own entries are not the instance's. */
static void owner_weights(struct conf_ctx *ctx, struct vrrp_instance_conf *vi)
{
	const struct vrrp_sync_group_conf *g = group_of(&ctx->conf->vrrp_objs, vi->name);
	if (vi->priority != VRRP_PRIO_OWNER || (g && !g->tracking_weight))
		return;
	struct conf_token at = origin_tok(vi);
	struct vrrp_ext_conf *e = &vi->ext;
	owner_refs(ctx, &at, vi->name, "track_interface", e->track_ifs, &e->n_track_ifs);
	owner_refs(ctx, &at, vi->name, "track_script", e->track_scripts, &e->n_track_scripts);
	owner_refs(ctx, &at, vi->name, "track_file", e->track_files, &e->n_track_files);
	owner_refs(ctx, &at, vi->name, "track_bfd", e->track_bfds, &e->n_track_bfds);
}

/* keepalived 2.2.7 removes a sync group that names no instance ("Sync
 * group X has no virtual router(s). removing"), or none that exists and is
 * in no other group ("no matching virtual router found ... removing"), and
 * runs the rest: the same, with a warning (why: its format, %s the group);
 * its declaring tokens move with the groups. */
static void drop_empty_groups(struct conf_ctx *ctx, const char *why)
{
	struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	struct conf_obj_toks *t = &ctx->obj_toks[CONF_OBJ_GROUP];
	size_t k = 0;
	for (size_t i = 0; i < o->n_groups; i++) {
		const struct conf_token *at = conf_obj_tok(ctx, CONF_OBJ_GROUP, i);
		if (o->groups[i].n_members) {
			if (i < t->n)
				t->toks[k] = at;
			o->groups[k++] = o->groups[i];
			continue;
		}
		conf_warn(ctx, at, why, o->groups[i].name);
		vrrp_sync_group_conf_free(&o->groups[i]);
	}
	if (t->n > k)
		t->n = k;
	o->n_groups = k;
}

/* The members of g as keepalived 2.2.7 takes them: one that is no instance,
 * or is already in a group, is left out with a warning (it runs the rest);
 * the others get g as their sync group. Then its warnings about the group:
 * one member only, an address owner (state MASTER, priority 255) followed
 * by a member in state BACKUP. */
static void take_members(struct conf_ctx *ctx, const struct conf_token *at, struct vrrp_sync_group_conf *g)
{
	size_t kept = 0;
	enum { G_NONE, G_MASTER, G_BACKUP } gs = G_NONE;
	for (size_t m = 0; m < g->n_members; m++) {
		struct vrrp_instance_conf *vi = conf_vrrp_find(ctx->conf, g->members[m]);
		if (!vi || vi->ext.sync_group[0]) {
			if (!vi)
				conf_warn(ctx, at, "Virtual router %s specified in sync group %s doesn't exist - ignoring "
					  "(as keepalived 2.2.7)", g->members[m], g->name);
			else
				conf_warn(ctx, at, "Virtual router %s cannot exist in more than one sync group; "
					  "ignoring %s (it is in %s, as keepalived 2.2.7)", vi->name, g->name,
					  vi->ext.sync_group);
			free(g->members[m]);
			continue;
		}
		str_copy(vi->ext.sync_group, sizeof(vi->ext.sync_group), g->name);
		if (gs == G_MASTER && vi->initial_state != VRRP_STATE_MASTER)
			conf_warn(ctx, at, "Sync group %s has some member(s) as address owner and some not as address "
				  "owner. This won't work.", g->name);
		if (gs != G_BACKUP)
			gs = vi->initial_state == VRRP_STATE_MASTER && vi->priority == VRRP_PRIO_OWNER ? G_MASTER
												      : G_BACKUP;
		g->members[kept++] = g->members[m];
	}
	g->n_members = kept;
	if (kept == 1)
		conf_warn(ctx, at, "vrrp_sync_group %s has only one vrrp_instance", g->name);
}

/* keepalived 2.2.7: when a member is an address owner (priority 255) the
 * group's own trackers cannot have weights - each weighted one gets weight
 * 0 (a fault tracker of the group) with a warning. */
static void group_owner_weights(struct conf_ctx *ctx, const struct conf_token *at, struct vrrp_sync_group_conf *g)
{
	bool owner = false;
	for (size_t m = 0; m < g->n_members && !owner; m++) {
		const struct vrrp_instance_conf *vi = conf_vrrp_find(ctx->conf, g->members[m]);
		owner = vi && vi->priority == VRRP_PRIO_OWNER;
	}
	const struct { const char *what; struct track_ref *refs; size_t n; } lists[] = {
		{ "interface", g->track_ifs, g->n_track_ifs }, { "script", g->track_scripts, g->n_track_scripts },
		{ "file", g->track_files, g->n_track_files }, { "process", g->track_procs, g->n_track_procs },
		{ "bfd", g->track_bfds, g->n_track_bfds },
	};
	for (size_t l = 0; owner && l < ARRAY_SIZE(lists); l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			if (!lists[l].refs[i].weight)
				continue;
			conf_warn(ctx, at, "(%s) Cannot have weighted track %s '%s' with member having priority %d - "
				  "setting weight 0 (as keepalived 2.2.7)", g->name, lists[l].what,
				  lists[l].refs[i].name, VRRP_PRIO_OWNER);
			lists[l].refs[i].weight = 0;
		}
}

static void validate_groups(struct conf_ctx *ctx)
{
	struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	drop_duplicates(ctx, CONF_OBJ_GROUP, o->groups, &o->n_groups, sizeof(*o->groups), free_group,
			"vrrp_sync_group", true);
	drop_empty_groups(ctx, "vrrp_sync_group %s names no vrrp_instance: removed, as keepalived 2.2.7 does");
	for (size_t i = 0; i < o->n_groups; i++) {
		struct vrrp_sync_group_conf *g = &o->groups[i];
		const struct conf_token *at = conf_obj_tok(ctx, CONF_OBJ_GROUP, i);
		take_members(ctx, at, g);
		if (!g->n_members)
			continue;
		char owner[96];
		snprintf(owner, sizeof(owner), "vrrp_sync_group %s", g->name);
		resolve_refs(ctx, at, owner, "track_script", g->track_scripts, &g->n_track_scripts);
		resolve_refs(ctx, at, owner, "track_file", g->track_files, &g->n_track_files);
		resolve_refs(ctx, at, owner, "track_process", g->track_procs, &g->n_track_procs);
		resolve_refs(ctx, at, owner, "track_bfd", g->track_bfds, &g->n_track_bfds);
		group_owner_weights(ctx, at, g);
		for (size_t m = 0; m < g->n_members; m++) {
			struct vrrp_instance_conf *vi = conf_vrrp_find(ctx->conf, g->members[m]);
			if (!g->tracking_weight) {
				struct vrrp_ext_conf *e = &vi->ext;
				sync_member_weights(ctx, vi, g, "track_script", true, e->track_scripts,
						    &e->n_track_scripts);
				sync_member_weights(ctx, vi, g, "track_file", true, e->track_files,
						    &e->n_track_files);
				sync_member_weights(ctx, vi, g, "track_interface", false, e->track_ifs,
						    &e->n_track_ifs);
				sync_member_weights(ctx, vi, g, "track_process", false, e->track_procs,
						    &e->n_track_procs);
				sync_member_weights(ctx, vi, g, "track_bfd", true, e->track_bfds,
						    &e->n_track_bfds);
			}
			append_refs(&vi->ext.track_ifs, &vi->ext.n_track_ifs, g->track_ifs, g->n_track_ifs);
			append_refs(&vi->ext.track_scripts, &vi->ext.n_track_scripts, g->track_scripts,
				    g->n_track_scripts);
			append_refs(&vi->ext.track_files, &vi->ext.n_track_files, g->track_files, g->n_track_files);
			append_refs(&vi->ext.track_procs, &vi->ext.n_track_procs, g->track_procs, g->n_track_procs);
			append_refs(&vi->ext.track_bfds, &vi->ext.n_track_bfds, g->track_bfds, g->n_track_bfds);
		}
	}
	drop_empty_groups(ctx, "Sync group %s, no matching virtual router found in group declaration - removing "
			  "(as keepalived 2.2.7)");
}

/* ---- instances ----------------------------------------------------------------------------- */

static void validate_unicast(struct conf_ctx *ctx, struct vrrp_instance_conf *vi)
{
	struct conf_token at = origin_tok(vi);
	struct vrrp_ext_conf *e = &vi->ext;
	/* keepalived 2.2.7 (vrrp_end_handler): any unicast keyword with
	 * use_vmac sets vmac_xmit_base, with a message (-t exits 5) - even
	 * when unicast_peer turns out empty and the adverts are multicast:
	 * they then leave by the base interface too */
	if (e->unicast && vi->l3.use_vmac && !vi->l3.vmac_xmit_base && vi->ifname[0]) {
		conf_warn(ctx, &at, "(%s) unicast with use_vmac requires vmac_xmit_base - setting "
			  "(as keepalived 2.2.7)", vi->name);
		vi->l3.vmac_xmit_base = true;
	}
	if (e->unicast && !e->n_peers && !e->unicast_fault_no_peer)
		conf_warn(ctx, &at, "vrrp_instance %s: a unicast keyword (unicast_peer, unicast_src_ip, "
			  "check_unicast_src, old_unicast_checksum) without any unicast peer: adverts are multicast, "
			  "as keepalived 2.2.7 ('Defaulting to multicast'; unicast_fault_no_peer puts the instance in "
			  "FAULT instead)", vi->name);
	/* keepalived 2.2.7: "Cannot use unicast_ttl without unicast peers -
	 * resetting" (-t 5), unicast_fault_no_peer or not */
	if (e->unicast_ttl_set && !e->n_peers) {
		conf_warn(ctx, &at, "(%s) cannot use unicast_ttl without unicast peers - resetting (as keepalived "
			  "2.2.7)", vi->name);
		e->unicast_ttl_set = false;
		e->unicast_ttl = 255;
	}
	if (!e->n_peers && !e->unicast_fault_no_peer)
		e->unicast = false;
	if (e->unicast_fault_no_peer)
		e->unicast = true;
}

/* Contract: see conf_lex.h. */
bool conf_interfaces_checked(const struct conf_ctx *ctx)
{
	return !ctx->conf->global.ext.dynamic_interfaces && conf_host_visible(ctx);
}

/* Contract: see conf_lex.h. */
bool conf_host_visible(const struct conf_ctx *ctx)
{
	return !ctx->conf->global.net_namespace[0] || ctx->host_in_netns;
}

/* A tracked interface that does not exist: an error as for the instance's
 * own interface (keepalived 2.2.7 refuses to run), unless
 * dynamic_interfaces (then it counts as down until it appears). */
static void check_missing_ifs(struct conf_ctx *ctx, const struct vrrp_instance_conf *vi)
{
	struct conf_token at = origin_tok(vi);
	if (!conf_interfaces_checked(ctx))
		return;
	for (size_t i = 0; i < vi->ext.n_track_ifs; i++)
		if (!conf_iface_exists(ctx, vi->ext.track_ifs[i].name))
			conf_error(ctx, &at, "vrrp_instance %s: tracked interface %s does not exist "
				   "(dynamic_interfaces allows interfaces that appear later)",
				   vi->name, vi->ext.track_ifs[i].name);
}

/* The default of smtp_alert for instances and groups (global_defs). */
static bool smtp_default(const struct vrrp_global_ext *g)
{
	if (g->smtp_alert_vrrp_set)
		return g->smtp_alert_vrrp;
	return g->smtp_alert_set && g->smtp_alert;
}

/* smtp_server HOST [PORT] -> address (the parent resolves it once, so the
 * VRRP child never waits for DNS). */
static void resolve_smtp(struct conf_ctx *ctx)
{
	struct global_conf *g = &ctx->conf->global;
	if (!g->smtp_server)
		return;
	char host[256];
	unsigned port = 25;
	if (sscanf(g->smtp_server, "%255s %u", host, &port) < 1)
		return;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res) {
		conf_warn(ctx, ctx->smtp_server_tok, "smtp_server %s cannot be resolved: mail alerts will not be sent",
			  host);
		return;
	}
	struct ka_addr *a = &g->ext.smtp_addr;
	a->family = (sa_family_t)res->ai_family;
	if (res->ai_family == AF_INET)
		a->u.v4 = ((const struct sockaddr_in *)(const void *)res->ai_addr)->sin_addr;
	else if (res->ai_family == AF_INET6)
		a->u.v6 = ((const struct sockaddr_in6 *)(const void *)res->ai_addr)->sin6_addr;
	else
		a->family = 0;
	g->ext.smtp_port = port;
	freeaddrinfo(res);
	/* keepalived 2.2.7's default sender: the user it runs as @ the host
	 * name (its set_default_email_from(); root@HOST as a rule) - the mails'
	 * MAIL FROM and the dumps' "Email notification from" */
	struct utsname u;
	const struct passwd *pw = getpwuid(getuid());
	if (!g->notification_email_from && pw && !uname(&u) && u.nodename[0]) {
		size_t n = strlen(pw->pw_name) + strlen(u.nodename) + 2;
		g->notification_email_from = xmalloc(n);
		snprintf(g->notification_email_from, n, "%s@%s", pw->pw_name, u.nodename);
	}
}

static void inherit(struct conf_ctx *ctx, struct vrrp_instance_conf *vi)
{
	const struct vrrp_global_ext *g = &ctx->conf->global.ext;
	struct vrrp_ext_conf *e = &vi->ext;
	unsigned set = conf_vrrp_meta(ctx, vi)->set;
	/* garp_lower_prio_delay/repeat of an instance that does not set them:
	 * vrrp_garp_lower_prio_delay/repeat, which default to the global
	 * vrrp_garp_master_delay/repeat - not the instance's garp_master_delay
	 * (keepalived 2.2.7's vrrp_complete_init(); keepalived.conf(5)) */
	if (e->garp_lower_prio_delay_s == UINT32_MAX)
		e->garp_lower_prio_delay_s = g->garp_lower_prio_delay_set ? g->garp_lower_prio_delay_s
									   : ctx->conf->global.garp_master_delay_s;
	if (e->garp_lower_prio_repeat == UINT32_MAX)
		e->garp_lower_prio_repeat = g->garp_lower_prio_repeat_set ? g->garp_lower_prio_repeat
									    : ctx->conf->global.garp_master_repeat;
	if (!(set & VRRP_SET_LOWER_PRIO_NO_ADVERT))
		e->lower_prio_no_advert = g->lower_prio_no_advert;
	if (!(set & VRRP_SET_HIGHER_PRIO_SEND_ADVERT))
		e->higher_prio_send_advert = g->higher_prio_send_advert;
	if (!(set & VRRP_SET_SMTP_ALERT))
		vi->smtp_alert = smtp_default(g);
}

/* notify_priority_changes of an instance that does not set it: its sync
 * group's when the group sets it, else vrrp_notify_priority_changes. Runs
 * after validate_groups() (membership known). */
static void inherit_prio_changes(struct conf_ctx *ctx, struct vrrp_instance_conf *vi)
{
	if (conf_vrrp_meta(ctx, vi)->set & VRRP_SET_NOTIFY_PRIO_CHANGES)
		return;
	const struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	for (size_t i = 0; vi->ext.sync_group[0] && i < o->n_groups; i++) {
		if (!strcmp(o->groups[i].name, vi->ext.sync_group) && o->groups[i].notify_priority_changes_set) {
			vi->ext.notify_priority_changes = o->groups[i].notify_priority_changes;
			return;
		}
	}
	vi->ext.notify_priority_changes = ctx->conf->global.ext.notify_priority_changes;
}

/* Contract: see conf_lex.h. Runs after conf_inherit_globals() (instance
 * GARP values are final) and after the instances' own checks. */
void conf_validate_track(struct conf_ctx *ctx)
{
	validate_objects(ctx);
	disable_unrunnable_scripts(ctx);
	resolve_smtp(ctx);
	for (size_t i = 0; i < ctx->conf->vrrp_objs.n_groups; i++) {
		struct vrrp_sync_group_conf *sg = &ctx->conf->vrrp_objs.groups[i];
		if (!sg->smtp_alert_set)
			sg->smtp_alert = smtp_default(&ctx->conf->global.ext);
	}
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		struct vrrp_instance_conf *vi = &ctx->conf->vrrp[i];
		struct conf_token at = origin_tok(vi);
		char owner[96];
		str_concat(owner, sizeof(owner), "vrrp_instance ", vi->name);
		resolve_refs(ctx, &at, owner, "track_script", vi->ext.track_scripts, &vi->ext.n_track_scripts);
		resolve_refs(ctx, &at, owner, "track_file", vi->ext.track_files, &vi->ext.n_track_files);
		resolve_refs(ctx, &at, owner, "track_process", vi->ext.track_procs, &vi->ext.n_track_procs);
		resolve_refs(ctx, &at, owner, "track_bfd", vi->ext.track_bfds, &vi->ext.n_track_bfds);
		inherit(ctx, vi);
		validate_unicast(ctx, vi);
		str_copy(vi->ext.vip_dev, sizeof(vi->ext.vip_dev),
			 vi->ifname[0] ? vi->ifname : ctx->conf->global.ext.default_interface);
		drop_own_interface(ctx, &at, vi);
		owner_weights(ctx, vi);
	}
	validate_groups(ctx);
	for (size_t i = 0; i < ctx->conf->n_vrrp; i++) {
		check_missing_ifs(ctx, &ctx->conf->vrrp[i]);
		inherit_prio_changes(ctx, &ctx->conf->vrrp[i]);
	}
}
