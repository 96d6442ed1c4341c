/* vrrp_conf_track.c - keywords of VRRP as people deploy it:
 *
 *   top level   vrrp_script NAME { }, vrrp_track_file / track_file NAME { },
 *               vrrp_sync_group NAME { }
 *   instance    track_interface/track_script/track_file/track_bfd { }, unicast_src_ip,
 *               unicast_peer { }, unicast_ttl, unicast_fault_no_peer,
 *               check_unicast_src, garp_lower_prio_delay/_repeat,
 *               lower_prio_no_advert, higher_prio_send_advert,
 *               notify_master_rx_lower_pri
 *
 * Names are resolved and cross-checked in vrrp_conf_validate.c.
 */
#include "conf_lex.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define WEIGHT_MAX 253

/* A signed integer in [min,max], read as keepalived 2.2.7's read_int()
 * (strtol(), "" = 0); another value is skipped with a warning, as 2.2.7
 * skips it. lead (its readers with ignore_error: a vrrp_script's or
 * track_file's weight): the number strtol() finds before other characters
 * ("10x" 10, "abc" 0) is used with a warning, as its running daemon uses
 * it (its -t skips it). */
static bool get_int(struct conf_ctx *ctx, const struct conf_token *t, const char *what,
		    long min, long max, bool lead, int32_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(t->text, &end, 10);
	if (errno || v < min || v > max || (*end && !lead)) {
		conf_warn(ctx, t, "%s must be %ld..%ld, got %s: the line is skipped, as keepalived 2.2.7 skips it",
			  what, min, max, t->text);
		return false;
	}
	if (*end)
		conf_warn(ctx, t, "%s: invalid number '%s': %ld is used, as keepalived 2.2.7 runs it (its -t "
			  "skips it)", what, t->text, v);
	*out = (int32_t)v;
	return true;
}

/* "NAME [weight W [reverse|noreverse]]" into a track_ref, read as keepalived
 * 2.2.7's running daemon reads a track_* line (checked with its data dump):
 * positionally. A second word other than "weight", or "weight" without a
 * value, drops the line (false) with a warning - `chk weight=0`, `eth1 eth2`
 * track nothing there. The weight is read as its read_int_strvec(..., true)
 * reads it: a number out of range is the tracked object's own (weight_set
 * false; 0 for an interface); a word that is no number is strtol()'s value
 * when that is in range ("abc" 0, "12x" 12: 2.2.7's -t says it ignores the
 * word, its daemon runs with that value). +/-254 is +/-253 for interfaces
 * and scripts (wmax 253); process and file take -254..254 (wmax 254), BFD
 * -253..253. The fourth word: reverse, or noreverse (not for interfaces),
 * whatever the weight was; without it the object's own reverse (reverse_set
 * false). Another fourth word is a warning and drops the line for files and
 * BFD sessions (kind "track_file", NULL), is ignored for the others. Words
 * after it are ignored. what: the block's keyword, NULL for track_bfd. */
static bool parse_ref(struct conf_ctx *ctx, const struct conf_args *args, long wmax, const char *what,
		      struct track_ref *ref)
{
	const char *kind = what ? what : "track_bfd";
	memset(ref, 0, sizeof(*ref));
	if (!conf_get_string(ctx, &args->argv[0], "track name", ref->name, sizeof(ref->name)))
		return false;
	if (args->argc < 2)
		return true;
	if (strcmp(args->argv[1].text, "weight") != 0) {
		conf_warn(ctx, &args->argv[1], "%s %s: unknown option '%s': the line is ignored, as keepalived "
			  "2.2.7 ignores it (NAME [weight W [reverse]], one name per line)", kind, ref->name,
			  args->argv[1].text);
		return false;
	}
	if (args->argc < 3) {
		conf_warn(ctx, &args->argv[1], "%s %s: weight without a value: the line is ignored, as keepalived "
			  "2.2.7 ignores it", kind, ref->name);
		return false;
	}
	const struct conf_token *w = &args->argv[2];
	bool bfd = !what, iface = what && !strcmp(what, "track_interface");
	long rmax = bfd ? WEIGHT_MAX : WEIGHT_MAX + 1;   /* the range 2.2.7 reads */
	char *end;
	errno = 0;
	long v = strtol(w->text, &end, 10);
	bool in_range = !errno && v >= -rmax && v <= rmax;
	if (in_range && !bfd && wmax == WEIGHT_MAX && (v == rmax || v == -rmax)) {
		/* keepalived 2.2.7: "weight for X cannot be +/-254. Setting to +/-253" */
		conf_warn(ctx, w, "weight %s for %s: %s253 is used (as keepalived 2.2.7)", w->text, ref->name,
			  v < 0 ? "-" : "");
		v = v < 0 ? -WEIGHT_MAX : WEIGHT_MAX;
	} else if (in_range && *end) {   /* "" is 0, as 2.2.7 reads it (its -t says nothing) */
		conf_warn(ctx, w, "%s %s: weight must be a number, got %s: %ld is used, as keepalived 2.2.7 runs it "
			  "(the number it starts with)", kind, ref->name, w->text, v);
	} else if (!in_range) {
		conf_warn(ctx, w, "%s %s: weight must be %ld..%ld, got %s: %s (as keepalived 2.2.7)", kind,
			  ref->name, -wmax, wmax, w->text, iface ? "0 is used" : "its own weight is used");
	}
	if (in_range) {
		ref->weight = (int32_t)v;
		ref->weight_set = true;
	}
	if (args->argc < 4)
		return true;
	const char *r = args->argv[3].text;
	if (!strcmp(r, "reverse") || (!iface && !strcmp(r, "noreverse"))) {
		ref->reverse = r[0] == 'r';
		ref->reverse_set = true;
		return true;
	}
	bool drop = bfd || !strcmp(kind, "track_file");
	conf_warn(ctx, &args->argv[3], "%s %s: unknown weight option %s: %s, as keepalived 2.2.7 does", kind,
		  ref->name, r, drop ? "the line is ignored" : "ignored");
	return !drop;
}

/* Append the line's reference to arr. A name the list already has is
 * ignored with a warning at its line, as keepalived 2.2.7 does ("(B)
 * duplicate track_interface eth1 - ignoring": the first line stays, its
 * weight too - measured for track_interface, track_script, track_file and
 * track_process, in instances and sync groups). what: the block's keyword,
 * NULL for no check here (track_bfd: resolve_refs() drops duplicates). */
static void push_ref(struct conf_ctx *ctx, const struct conf_args *args, long wmax, const char *owner,
		     const char *what, struct track_ref **arr, size_t *n)
{
	struct track_ref ref;
	if (!parse_ref(ctx, args, wmax, what, &ref))
		return;
	for (size_t i = 0; what && i < *n; i++)
		if (!strcmp((*arr)[i].name, ref.name)) {
			conf_warn(ctx, &args->argv[0], "(%s) duplicate %s %s: ignored, as keepalived 2.2.7 does "
				  "(the first line stays)", owner, what, ref.name);
			return;
		}
	*(struct track_ref *)array_push(arr, n, sizeof(ref)) = ref;
}

/* Whether the vrrp_script / vrrp_track_file / vrrp_track_process `name`
 * has been declared above the line being read. */
static bool declared_yet(const struct conf_ctx *ctx, const char *what, const char *name)
{
	const struct vrrp_objs_conf *o = &ctx->conf->vrrp_objs;
	if (!strcmp(what, "track_script")) {
		for (size_t i = 0; i < o->n_scripts; i++)
			if (!strcmp(o->scripts[i].name, name))
				return true;
	} else if (!strcmp(what, "track_file")) {
		for (size_t i = 0; i < o->n_files; i++)
			if (!strcmp(o->files[i].name, name))
				return true;
	} else if (!strcmp(what, "track_process")) {
		for (size_t i = 0; i < o->n_procs; i++)
			if (!strcmp(o->procs[i].name, name))
				return true;
	} else {
		return true;
	}
	return false;
}

/* push_ref() of a track_script / track_file / track_process line of an
 * instance or sync group (kind "vrrp_instance", "vrrp_sync_group"): a name
 * not declared yet is noted (struct conf_late_ref) - keepalived 2.2.7 looks
 * it up as it reads the line and ignores it when the object comes later
 * in the file ("track script X not found, ignoring..."); validation drops
 * it then (resolve_refs()), or says that no such object exists. */
static void push_obj_ref(struct conf_ctx *ctx, const struct conf_args *args, long wmax, const char *kind,
			 const char *owner, const char *what, struct track_ref **arr, size_t *n)
{
	size_t before = *n;
	push_ref(ctx, args, wmax, owner, what, arr, n);
	if (*n == before || declared_yet(ctx, what, (*arr)[*n - 1].name))
		return;
	struct conf_late_ref *l = array_push(&ctx->late_refs, &ctx->n_late_refs, sizeof(*l));
	snprintf(l->owner, sizeof(l->owner), "%s %s", kind, owner);
	str_copy(l->what, sizeof(l->what), what);
	str_copy(l->name, sizeof(l->name), (*arr)[*n - 1].name);
	l->at = &args->argv[0];
}

/* ---- track_* blocks of an instance ------------------------------------------------------ */

static void line_vi_track_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ext_conf *e = &vi->ext;
	push_ref(ctx, args, WEIGHT_MAX, vi->name, "track_interface", &e->track_ifs, &e->n_track_ifs);
}

static void line_vi_track_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ext_conf *e = &vi->ext;
	push_obj_ref(ctx, args, WEIGHT_MAX, "vrrp_instance", vi->name, "track_script", &e->track_scripts,
		     &e->n_track_scripts);
}

static void line_vi_track_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ext_conf *e = &vi->ext;
	push_obj_ref(ctx, args, WEIGHT_MAX + 1, "vrrp_instance", vi->name, "track_file", &e->track_files,
		     &e->n_track_files);
}

static void line_vi_track_proc(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ext_conf *e = &vi->ext;
	push_obj_ref(ctx, args, WEIGHT_MAX + 1, "vrrp_instance", vi->name, "track_process", &e->track_procs,
		     &e->n_track_procs);
}

/* track_bfd { NAME [weight W [reverse|noreverse]] }: -253..253 as keepalived. */
static void line_vi_track_bfd(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ext_conf *e = &vi->ext;
	push_ref(ctx, args, WEIGHT_MAX, vi->name, NULL, &e->track_bfds, &e->n_track_bfds);
}

const struct conf_block conf_vi_track_bfd_block = { .name = "track_bfd", .line_handler = line_vi_track_bfd };
const struct conf_block conf_vi_track_proc_block = { .name = "track_process", .line_handler = line_vi_track_proc };
const struct conf_block conf_vi_track_if_block = { .name = "track_interface", .line_handler = line_vi_track_if };
const struct conf_block conf_vi_track_script_block = { .name = "track_script", .line_handler = line_vi_track_script };
const struct conf_block conf_vi_track_file_block = { .name = "track_file", .line_handler = line_vi_track_file };

/* ---- unicast -------------------------------------------------------------------------------- */

/* unicast_peer { ... } itself: the instance is in unicast mode even when
 * the block is empty (then unicast_fault_no_peer decides). */
void conf_kw_unicast_peer(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct vrrp_instance_conf *)obj)->ext.unicast = true;
}

static void line_unicast_peer(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	struct unicast_peer_conf p = { .min_ttl = 0, .max_ttl = 255 };
	if (!conf_get_addr_ka(ctx, &args->argv[0], "unicast_peer", 0, &p.addr) ||
	    !conf_vrrp_family(ctx, vi, &args->argv[0], p.addr.family, "unicast_peer"))
		return;
	for (size_t i = 1; i < args->argc; i++) {
		const struct conf_token *t = &args->argv[i];
		uint32_t v;
		bool is_min = !strcmp(t->text, "min_ttl"), is_max = !strcmp(t->text, "max_ttl");
		if (!is_min && !is_max) {
			/* keepalived 2.2.7 skips it ("X is missing a value") and keeps
			 * the peer: `unicast_peer { 10.0.0.7 10.0.0.8 }` is 10.0.0.7 */
			conf_warn(ctx, t, "unicast_peer: expected min_ttl N or max_ttl N, got %s: ignored, as keepalived "
				  "2.2.7 does (one peer per line)", t->text);
			continue;
		}
		if (i + 1 >= args->argc) {
			conf_error(ctx, t, "unicast_peer: %s needs a value", t->text);
			return;
		}
		if (!conf_get_uint(ctx, &args->argv[++i], t->text, 0, 255, &v))
			return;
		if (is_min)
			p.min_ttl = (uint8_t)v;
		else
			p.max_ttl = (uint8_t)v;
		vi->ext.check_unicast_src = true;   /* keepalived: a TTL range turns it on */
	}
	vi->ext.unicast = true;
	*(struct unicast_peer_conf *)array_push(&vi->ext.peers, &vi->ext.n_peers, sizeof(p)) = p;
}

/* A peer line with an error is skipped with a warning, as keepalived 2.2.7
 * skips it ("malformed unicast peer address ... Skipping"). */
const struct conf_block conf_unicast_peer_block = { .name = "unicast_peer", .line_handler = line_unicast_peer,
						    .skip_bad_lines = true };

/* unicast_ttl N: remembered as given (an IPv6 instance without it leaves
 * the hop limit to the kernel, as keepalived 2.2.7 does). */
void conf_kw_unicast_ttl(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t v;
	if (!conf_get_uint(ctx, &args->argv[1], "unicast_ttl", 1, 255, &v))
		return;
	vi->ext.unicast_ttl = (uint8_t)v;
	vi->ext.unicast_ttl_set = true;
}

/* check_unicast_src: a unicast keyword in keepalived 2.2.7 - without a
 * unicast_peer it warns "Defaulting to multicast" (validate_unicast()). */
void conf_kw_check_unicast_src(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	vi->ext.check_unicast_src = true;
	vi->ext.unicast = true;
}

/* old_unicast_checksum [never]: the old VRRPv3 checksum, or never
 * switching to it (vrrp_csum_compat.c). Another word is an error. A
 * unicast keyword, as check_unicast_src. */
void conf_kw_old_unicast_checksum(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	vi->ext.unicast = true;
	if (args->argc < 2) {
		vi->ext.old_unicast_checksum = VRRP_OLD_CSUM_ON;
		return;
	}
	if (strcmp(args->argv[1].text, "never") != 0) {
		conf_error(ctx, &args->argv[1], "old_unicast_checksum: expected never or nothing, got %s",
			   args->argv[1].text);
		return;
	}
	vi->ext.old_unicast_checksum = VRRP_OLD_CSUM_NEVER;
}

/* smtp_alert [BOOL] of an instance: given here, the global default is not used. */
void conf_kw_vi_smtp_alert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->smtp_alert))
		conf_vrrp_meta(ctx, vi)->set |= VRRP_SET_SMTP_ALERT;
}

/* ---- lower / higher priority adverts ------------------------------------------------------ */

void conf_kw_lower_prio_no_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->ext.lower_prio_no_advert))
		conf_vrrp_meta(ctx, vi)->set |= VRRP_SET_LOWER_PRIO_NO_ADVERT;
}

void conf_kw_higher_prio_send_advert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->ext.higher_prio_send_advert))
		conf_vrrp_meta(ctx, vi)->set |= VRRP_SET_HIGHER_PRIO_SEND_ADVERT;
}

/* notify_priority_changes [BOOL] of an instance: given here, the group's or
 * the global default is not used. */
void conf_kw_notify_priority_changes(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	if (conf_get_bool(ctx, args, 1, &vi->ext.notify_priority_changes))
		conf_vrrp_meta(ctx, vi)->set |= VRRP_SET_NOTIFY_PRIO_CHANGES;
}

/* notify_deleted [SCRIPT [user [group]]] of an instance: removed by a
 * reload, its notify gets DELETED instead of FAULT, and SCRIPT runs. */
void conf_kw_notify_deleted(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_instance_conf *vi = obj;
	vi->ext.notify_deleted = true;
	free(vi->ext.notify_deleted_script);
	vi->ext.notify_deleted_script = args->argc > 1 ? conf_join_args(args, 1) : NULL;
}

/* ---- vrrp_script NAME { ... } ------------------------------------------------------------- */

/* script COMMAND: one word, "quoted" or 'quoted' for a command with
 * arguments (conf_script_word()). keepalived 2.2.7 takes the first word
 * and ignores the rest without a word: `script /bin/kill -0 1` runs
 * /bin/kill alone - the same here, with a notice (not counted: its -t
 * exits 0 there). */
static void kw_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_script_conf *s = obj;
	if (args->argc < 2) {
		/* keepalived 2.2.7 reads the command only when the line has
		 * one: an empty second `script` line leaves the first (-t 0);
		 * with none at all the vrrp_script is removed ("No script set",
		 * disable_unrunnable_scripts() here). Ours refused the file. */
		conf_notice(ctx, &args->argv[0], "vrrp_script: script without a command: ignored%s, as keepalived "
			    "2.2.7 ignores it", s->script ? " (the one given before is kept)" : "");
		return;
	}
	free(s->script);
	size_t next = conf_script_word(args, 1, &s->script);
	if (next < args->argc)
		conf_notice(ctx, &args->argv[next], "vrrp_script: script runs '%s' alone: '%s' and what follows is "
			    "ignored, as keepalived 2.2.7 ignores it (quote the command line to give it arguments)",
			    s->script, args->argv[next].text);
}

/* interval and timeout: whole seconds 0..4294 as keepalived 2.2.7 reads
 * them (UINT_MAX / TIMER_HZ: a larger value is skipped with a warning,
 * the default kept); 0 is 1 with a warning, as 2.2.7 sets it ("must be
 * greater than 0, setting to 1"). */
#define SCRIPT_SECS_MAX (UINT32_MAX / 1000000)
static bool script_secs(struct conf_ctx *ctx, const struct conf_args *args, const char *what, uint32_t *out)
{
	uint32_t v;
	if (!conf_get_uint_lead(ctx, &args->argv[1], what, 0, SCRIPT_SECS_MAX, &v))
		return false;
	if (!v) {
		conf_warn(ctx, &args->argv[1], "vrrp_script %s must be greater than 0: 1 is used, as keepalived "
			  "2.2.7 sets it", what);
		v = 1;
	}
	*out = v;
	return true;
}

static void kw_interval(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	script_secs(ctx, args, "interval", &((struct vrrp_script_conf *)obj)->interval_s);
}

static void kw_timeout(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_script_conf *s = obj;
	if (script_secs(ctx, args, "timeout", &s->timeout_s))
		s->timeout_set = true;
}

/* weight W [reverse] of a vrrp_script or track_file; limit wmax. */
static void get_weight(struct conf_ctx *ctx, const struct conf_args *args, long wmax,
		       int32_t *w, bool *reverse)
{
	if (!get_int(ctx, &args->argv[1], "weight", -wmax, wmax, true, w))
		return;
	*reverse = false;
	if (args->argc > 2) {
		if (!strcmp(args->argv[2].text, "reverse"))
			*reverse = true;
		else if (strcmp(args->argv[2].text, "noreverse") != 0)
			conf_error(ctx, &args->argv[2], "weight: expected 'reverse', got %s", args->argv[2].text);
	}
}

static void kw_script_weight(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_script_conf *s = obj;
	get_weight(ctx, args, WEIGHT_MAX, &s->weight, &s->reverse);
}

static void kw_rise(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_uint_lead(ctx, &args->argv[1], "rise", 1, INT32_MAX, &((struct vrrp_script_conf *)obj)->rise);
}

static void kw_fall(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_uint_lead(ctx, &args->argv[1], "fall", 1, INT32_MAX, &((struct vrrp_script_conf *)obj)->fall);
}

/* user USER [GROUP]: names here; validation resolves them. */
static void kw_user(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_script_conf *s = obj;
	bool ok = conf_get_string(ctx, &args->argv[1], "user", s->user, sizeof(s->user));
	s->group[0] = '\0';
	if (args->argc > 2)
		ok = conf_get_string(ctx, &args->argv[2], "user group", s->group, sizeof(s->group)) && ok;
	s->user_set = ok;
}

static void kw_init_fail(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct vrrp_script_conf *)obj)->init_fail = true;
}

static const struct conf_keyword script_keywords[] = {
	{ "script", 0, CONF_ARGS_ANY, kw_script, NULL, NULL },
	{ "interval", 1, 1, kw_interval, NULL, NULL },
	{ "timeout", 1, 1, kw_timeout, NULL, NULL },
	{ "weight", 1, 2, kw_script_weight, NULL, NULL },
	{ "rise", 1, 1, kw_rise, NULL, NULL },
	{ "fall", 1, 1, kw_fall, NULL, NULL },
	{ "user", 1, 2, kw_user, NULL, NULL },
	{ "init_fail", 0, 0, kw_init_fail, NULL, NULL },
};

const struct conf_block conf_vrrp_script_block = {
	.name = "vrrp_script",
	.keywords = script_keywords,
	.n_keywords = ARRAY_SIZE(script_keywords),
};

/* ---- vrrp_track_file NAME { ... } -------------------------------------------------------------- */

static void kw_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_file_conf *f = obj;
	free(f->path);
	f->path = xstrdup(args->argv[1].text);
}

static void kw_file_weight(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_file_conf *f = obj;
	get_weight(ctx, args, WEIGHT_MAX + 1, &f->weight, &f->reverse);
}

/* init_file [VALUE] [overwrite] */
static void kw_init_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_file_conf *f = obj;
	f->init_file = true;
	for (size_t i = 1; i < args->argc; i++) {
		if (!strcmp(args->argv[i].text, "overwrite"))
			f->init_overwrite = true;
		else
			get_int(ctx, &args->argv[i], "init_file value", -2147483647L, 2147483647L, false,
				&f->init_value);
	}
}

static const struct conf_keyword file_keywords[] = {
	{ "file", 1, 1, kw_file, NULL, NULL },
	{ "weight", 1, 2, kw_file_weight, NULL, NULL },
	{ "init_file", 0, 2, kw_init_file, NULL, NULL },
};

const struct conf_block conf_vrrp_track_file_block = {
	.name = "vrrp_track_file",
	.keywords = file_keywords,
	.n_keywords = ARRAY_SIZE(file_keywords),
};

/* ---- vrrp_track_process NAME { ... } ---------------------------------------------------------- */

/* process NAME [PARAM...]: each argument one word (quotes keep spaces). */
static void kw_process(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_process_conf *p = obj;
	for (size_t i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	p->argv = NULL;
	p->argc = 0;
	for (size_t i = 1; i < args->argc; i++)
		*(char **)array_push(&p->argv, &p->argc, sizeof(char *)) = xstrdup(args->argv[i].text);
}

static void kw_param_match(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_process_conf *p = obj;
	static const struct conf_choice m[] = {
		{ "partial", TRACK_PARAM_PARTIAL }, { "initial", TRACK_PARAM_INITIAL },
	};
	int v = TRACK_PARAM_EXACT;
	if (args->argc > 1 && !conf_get_choice(ctx, &args->argv[1], "param_match", m, ARRAY_SIZE(m), false, &v))
		return;
	p->param_match = (enum track_param_match)v;
	p->param_match_set = true;
}

static void kw_proc_weight(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_process_conf *p = obj;
	get_weight(ctx, args, WEIGHT_MAX + 1, &p->weight, &p->reverse);
}

static void kw_quorum(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_uint(ctx, &args->argv[1], "quorum", 0, 65535, &((struct vrrp_track_process_conf *)obj)->quorum);
}

static void kw_quorum_max(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_uint(ctx, &args->argv[1], "quorum_max", 0, 65535, &((struct vrrp_track_process_conf *)obj)->quorum_max);
}

static void kw_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_track_process_conf *p = obj;
	uint32_t v;
	if (conf_get_fixed(ctx, &args->argv[1], "delay", 3, 0, 3600000, &v))
		p->fork_delay_ms = p->terminate_delay_ms = v;
}

static void kw_fork_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_fixed(ctx, &args->argv[1], "fork_delay", 3, 0, 3600000,
		       &((struct vrrp_track_process_conf *)obj)->fork_delay_ms);
}

static void kw_terminate_delay(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_get_fixed(ctx, &args->argv[1], "terminate_delay", 3, 0, 3600000,
		       &((struct vrrp_track_process_conf *)obj)->terminate_delay_ms);
}

static void kw_full_command(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct vrrp_track_process_conf *)obj)->full_command = true;
}

static const struct conf_keyword process_keywords[] = {
	{ "process", 1, CONF_ARGS_ANY, kw_process, NULL, NULL },
	{ "param_match", 0, 1, kw_param_match, NULL, NULL },
	{ "weight", 1, 2, kw_proc_weight, NULL, NULL },
	{ "quorum", 1, 1, kw_quorum, NULL, NULL },
	{ "quorum_max", 1, 1, kw_quorum_max, NULL, NULL },
	{ "delay", 1, 1, kw_delay, NULL, NULL },
	{ "fork_delay", 1, 1, kw_fork_delay, NULL, NULL },
	{ "terminate_delay", 1, 1, kw_terminate_delay, NULL, NULL },
	{ "full_command", 0, 0, kw_full_command, NULL, NULL },
};

const struct conf_block conf_vrrp_track_process_block = {
	.name = "vrrp_track_process",
	.keywords = process_keywords,
	.n_keywords = ARRAY_SIZE(process_keywords),
};

/* ---- vrrp_sync_group NAME { ... } ---------------------------------------------------------------- */

static void line_group_member(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	for (size_t i = 0; i < args->argc; i++)
		*(char **)array_push(&g->members, &g->n_members, sizeof(char *)) = xstrdup(args->argv[i].text);
}

static const struct conf_block group_members_block = { .name = "group", .line_handler = line_group_member };

static void line_sg_track_if(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	push_ref(ctx, args, WEIGHT_MAX, g->name, "track_interface", &g->track_ifs, &g->n_track_ifs);
}

static void line_sg_track_script(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	push_obj_ref(ctx, args, WEIGHT_MAX, "vrrp_sync_group", g->name, "track_script", &g->track_scripts,
		     &g->n_track_scripts);
}

static void line_sg_track_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	push_obj_ref(ctx, args, WEIGHT_MAX + 1, "vrrp_sync_group", g->name, "track_file", &g->track_files,
		     &g->n_track_files);
}

static void line_sg_track_proc(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	push_obj_ref(ctx, args, WEIGHT_MAX + 1, "vrrp_sync_group", g->name, "track_process", &g->track_procs,
		     &g->n_track_procs);
}

static void line_sg_track_bfd(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	push_ref(ctx, args, WEIGHT_MAX, g->name, NULL, &g->track_bfds, &g->n_track_bfds);
}

static const struct conf_block sg_track_bfd_block = { .name = "track_bfd", .line_handler = line_sg_track_bfd };
static const struct conf_block sg_track_proc_block = { .name = "track_process", .line_handler = line_sg_track_proc };
static const struct conf_block sg_track_if_block = { .name = "track_interface", .line_handler = line_sg_track_if };
static const struct conf_block sg_track_script_block = { .name = "track_script", .line_handler = line_sg_track_script };
static const struct conf_block sg_track_file_block = { .name = "track_file", .line_handler = line_sg_track_file };

/* notify_* SCRIPT [USER [GROUP]], as for instances (conf_set_notify_slot()). */

static void kw_sg_notify_master(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, &((struct vrrp_sync_group_conf *)obj)->notify_master);
}

static void kw_sg_notify_backup(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, &((struct vrrp_sync_group_conf *)obj)->notify_backup);
}

static void kw_sg_notify_fault(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, &((struct vrrp_sync_group_conf *)obj)->notify_fault);
}

static void kw_sg_notify_stop(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, &((struct vrrp_sync_group_conf *)obj)->notify_stop);
}

static void kw_sg_notify(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_set_notify_slot(ctx, args, &((struct vrrp_sync_group_conf *)obj)->notify);
}

static void kw_sg_smtp_alert(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	if (conf_get_bool(ctx, args, 1, &g->smtp_alert))
		g->smtp_alert_set = true;
}

static void kw_sg_notify_priority_changes(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct vrrp_sync_group_conf *g = obj;
	if (conf_get_bool(ctx, args, 1, &g->notify_priority_changes))
		g->notify_priority_changes_set = true;
}

static void kw_sg_tracking_weight(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	((struct vrrp_sync_group_conf *)obj)->tracking_weight = true;
}

/* global_tracking: deprecated in keepalived 2.2 for sync_group_tracking_weight,
 * and the same thing: member trackers keep their weights. */
static void kw_sg_global_tracking(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	conf_warn(ctx, &args->argv[0], "global_tracking is deprecated, use sync_group_tracking_weight");
	((struct vrrp_sync_group_conf *)obj)->tracking_weight = true;
}

static const struct conf_keyword group_keywords[] = {
	{ "group", 0, 0, NULL, &group_members_block, NULL },
	{ "track_interface", 0, 0, NULL, &sg_track_if_block, NULL },
	{ "track_script", 0, 0, NULL, &sg_track_script_block, NULL },
	{ "track_file", 0, 0, NULL, &sg_track_file_block, NULL },
	{ "notify_master", 1, CONF_ARGS_ANY, kw_sg_notify_master, NULL, NULL },
	{ "notify_backup", 1, CONF_ARGS_ANY, kw_sg_notify_backup, NULL, NULL },
	{ "notify_fault", 1, CONF_ARGS_ANY, kw_sg_notify_fault, NULL, NULL },
	{ "notify_stop", 1, CONF_ARGS_ANY, kw_sg_notify_stop, NULL, NULL },
	{ "notify", 1, CONF_ARGS_ANY, kw_sg_notify, NULL, NULL },
	{ "smtp_alert", 0, 1, kw_sg_smtp_alert, NULL, NULL },
	{ "notify_priority_changes", 0, 1, kw_sg_notify_priority_changes, NULL, NULL },
	{ "sync_group_tracking_weight", 0, 0, kw_sg_tracking_weight, NULL, NULL },
	{ "global_tracking", 0, 0, kw_sg_global_tracking, NULL, NULL },
	{ "track_process", 0, 0, NULL, &sg_track_proc_block, NULL },
	{ "track_bfd", 0, 0, NULL, &sg_track_bfd_block, NULL },
	/* no notify_deleted: keepalived 2.2.7 has it in vrrp_instance only; in a
	 * group it is an unknown keyword there (measured, -t 5), so here too */
};

const struct conf_block conf_vrrp_sync_group_block = {
	.name = "vrrp_sync_group",
	.keywords = group_keywords,
	.n_keywords = ARRAY_SIZE(group_keywords),
};

/* ---- opening the top-level blocks ---------------------------------------------------------------- */

static bool name_ok(struct conf_ctx *ctx, const struct conf_args *args)
{
	const struct conf_token *name = &args->argv[1];
	if (strlen(name->text) >= 64) {
		conf_error(ctx, name, "%s name must be at most 63 characters, got %s",
			   args->argv[0].text, name->text);
		return false;
	}
	return true;
}

void *conf_open_vrrp_script(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	if (!name_ok(ctx, args))
		return NULL;
	struct vrrp_objs_conf *o = &conf->vrrp_objs;
	struct vrrp_script_conf *s = array_push(&o->scripts, &o->n_scripts, sizeof(*s));
	vrrp_script_conf_init(s);
	str_copy(s->name, sizeof(s->name), args->argv[1].text);
	conf_objs_meta_push(ctx, CONF_OBJ_SCRIPT, &args->argv[0]);
	return s;
}

void *conf_open_vrrp_track_file(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	if (!name_ok(ctx, args))
		return NULL;
	struct vrrp_objs_conf *o = &conf->vrrp_objs;
	struct vrrp_track_file_conf *f = array_push(&o->files, &o->n_files, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->weight = 1;
	str_copy(f->name, sizeof(f->name), args->argv[1].text);
	conf_objs_meta_push(ctx, CONF_OBJ_FILE, &args->argv[0]);
	return f;
}

void *conf_open_vrrp_track_process(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	if (!name_ok(ctx, args))
		return NULL;
	struct vrrp_objs_conf *o = &conf->vrrp_objs;
	struct vrrp_track_process_conf *p = array_push(&o->procs, &o->n_procs, sizeof(*p));
	vrrp_track_process_conf_init(p);
	str_copy(p->name, sizeof(p->name), args->argv[1].text);
	conf_objs_meta_push(ctx, CONF_OBJ_PROC, &args->argv[0]);
	return p;
}

void *conf_open_vrrp_sync_group(struct conf_ctx *ctx, void *parent, const struct conf_args *args)
{
	struct config *conf = parent;
	if (args->argc != 2) {
		/* keepalived 2.2.7: "vrrp_sync_group must have a name - skipping" */
		conf_warn(ctx, &args->argv[0], "vrrp_sync_group must have a name (one word, got %zu): the block is "
			  "skipped, as keepalived 2.2.7 skips it", args->argc - 1);
		return NULL;
	}
	if (!name_ok(ctx, args))
		return NULL;
	struct vrrp_objs_conf *o = &conf->vrrp_objs;
	struct vrrp_sync_group_conf *g = array_push(&o->groups, &o->n_groups, sizeof(*g));
	memset(g, 0, sizeof(*g));
	str_copy(g->name, sizeof(g->name), args->argv[1].text);
	conf_objs_meta_push(ctx, CONF_OBJ_GROUP, &args->argv[0]);
	return g;
}
