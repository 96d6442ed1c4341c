/* check_file.c - FILE_CHECK (a check_type.h row): a real server follows the
 * number in a top-level track_file (vrrp_track_file), keepalived's way
 * (check_file.h: weight 0 = down while the value is not 0, else the value
 * times the weight is added to the real server's weight and at or below
 * -2147483648 the check is down).
 *
 * FILE_CHECK { track_file NAME  weight W [reverse]  dynamic }: weight and
 * reverse default to the track_file's. The track_file blocks are parsed
 * with the VRRP configuration (vrrp/, struct vrrp_track_file_conf in
 * config.vrrp_objs); validation copies the path, the defaults and
 * init_file into the check, so the checker needs nothing of vrrp/.
 *
 * The check has no attempts (event_driven): the file is judged at start and
 * whenever its text changes (a missing file reads 0). The parent (root)
 * watches and reads the file and writes init_file (core/parent_track.c):
 * its text comes as IPC_FILE_VALUE (child_ipc_file_text(), and
 * check_file_changed() from the child's file_changed hook).
 */
#include "checker.h"
#include "child_ipc.h"
#include "check_file.h"
#include "config.h"
#include "log.h"
#include "util.h"
#include "vrrp_ext_conf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the engine ------------------------------------------------------------------ */

/* Every started FILE_CHECK of the checker. */
struct file_checks {
	struct check_rt_list rts;
};

/* c->priv */
struct file_priv {
	bool have;                  /* a value was judged */
	int64_t value;
};

static struct file_priv *priv(const struct check_rt *c)
{
	return c->priv;
}

/* The file's value (0 when missing or unreadable, as keepalived), from its
 * first 64 bytes as the parent read them (core/parent_track.c). */
static int64_t read_value(struct checker *ck, const char *path)
{
	const char *text = NULL;
	child_ipc_file_text(ck->ipc, path, &text);
	if (!text)
		return 0;
	size_t n = strlen(text);
	return n ? file_value_parse(text, n < 64 ? n : 64) : 0;
}

/* Read and judge the file; report when the value changed (or at start). */
static void evaluate(struct check_rt *c)
{
	const struct file_check_conf *f = &c->conf->u.file;
	int64_t v = read_value(c->rs->vs->ck, f->path);
	if (priv(c)->have && priv(c)->value == v)
		return;
	priv(c)->have = true;
	priv(c)->value = v;
	struct file_verdict r = file_verdict(v, f->weight, f->reverse);
	check_set_weight(c, r.delta);
	if (r.up)
		check_done(c, true, "track_file %s: value %lld, weight %+lld", f->track_file, (long long)v,
			   (long long)r.delta);
	else
		check_done(c, false, "track_file %s: value %lld (fault)", f->track_file, (long long)v);
}

void check_file_changed(struct checker *ck, const char *path)
{
	struct file_checks *fc = ck->files;
	for (size_t i = 0; fc && i < fc->rts.n; i++) {
		struct check_rt *c = fc->rts.c[i];
		if (c && strcmp(c->conf->u.file.path, path) == 0)
			evaluate(c);
	}
}

static struct file_checks *checks_of(struct checker *ck)
{
	if (!ck->files)
		ck->files = xcalloc(1, sizeof(*ck->files));
	return ck->files;
}

void check_file_free(struct checker *ck)
{
	struct file_checks *fc = ck->files;
	if (!fc)
		return;
	check_rt_list_free(&fc->rts);
	free(fc);
	ck->files = NULL;
}

static void file_rt_init(struct check_rt *c)
{
	c->priv = xcalloc(1, sizeof(struct file_priv));
}

static void file_rt_free(struct check_rt *c)
{
	struct file_checks *fc = c->rs->vs->ck->files;
	if (fc)
		check_rt_list_remove(&fc->rts, c);
	free(c->priv);
	c->priv = NULL;
}

/* Called once: judge the file (init_file is the parent's, before it sent
 * the configuration). */
static void file_start(struct check_rt *c)
{
	check_rt_list_add(&checks_of(c->rs->vs->ck)->rts, c);
	priv(c)->have = false;
	evaluate(c);
}

static void file_dump(const struct check_rt *c, char **b, size_t *n)
{
	const struct file_check_conf *f = &c->conf->u.file;
	str_appendf(b, n, "     track_file %s (%s), weight %d%s, value %lld\n", f->track_file, f->path, f->weight,
		    f->reverse ? " reverse" : "", (long long)priv(c)->value);
}

/* ---- configuration ------------------------------------------------------- */

#define FILEC(obj) (&((struct check_conf *)(obj))->u.file)

static void kw_track_file(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	conf_get_string(c, &a->argv[1], "track_file", FILEC(obj)->track_file, sizeof(FILEC(obj)->track_file));
}

/* weight W [reverse|noreverse], W in -2147483647..2147483647, read as
 * keepalived 2.2.7's running checker reads it (read_int_strvec(..., true)):
 * a number out of range, or a third word other than reverse/noreverse,
 * ignores the line (the track_file's own weight and reverse stay), with a
 * warning; a word that is no number is the number it starts with ("abc" 0,
 * "12x" 12: 2.2.7's -t says it ignores it, its daemon runs so). */
static void kw_weight(struct conf_ctx *c, void *obj, const struct conf_args *a)
{
	struct file_check_conf *f = FILEC(obj);
	const char *t = a->argv[1].text;
	char *end;
	errno = 0;
	long long w = strtoll(t, &end, 10);
	if (errno || w < -INT32_MAX || w > INT32_MAX) {
		conf_warn(c, &a->argv[1], "FILE_CHECK: weight must be -2147483647..2147483647, got %s: ignored, the "
			  "track_file's weight is used (as keepalived 2.2.7)", t);
		return;
	}
	bool reverse = false;
	if (a->argc > 2) {
		if (!strcmp(a->argv[2].text, "reverse"))
			reverse = true;
		else if (strcmp(a->argv[2].text, "noreverse") != 0) {
			conf_warn(c, &a->argv[2], "FILE_CHECK: unknown weight option %s: the line is ignored, the "
				  "track_file's weight is used (as keepalived 2.2.7)", a->argv[2].text);
			return;
		}
	}
	if (*end || end == t)
		conf_warn(c, &a->argv[1], "FILE_CHECK: weight must be a number, got %s: %lld is used, as keepalived "
			  "2.2.7 runs it (the number it starts with)", t, w);
	f->weight = (int32_t)w;
	f->reverse = reverse;
	f->weight_set = true;
}

static const struct conf_keyword file_keywords[] = {
	CONF_KW_FLAG("dynamic", struct check_conf, u.file.dynamic),
	{ "track_file", 1, 1, kw_track_file, NULL, NULL },
	{ "weight", 1, 2, kw_weight, NULL, NULL, .skip_missing = true },   /* 2.2.7: "track file weight missing" */
};

/* no shared options (keepalived: FILE_CHECK has none of them) */
const struct conf_block check_file_block = {
	"FILE_CHECK", file_keywords, ARRAY_SIZE(file_keywords), NULL, NULL, NULL,
};

#define F struct file_check_conf
static const struct conf_field file_rows[] = {
	CF_SBUF(F, track_file),
	CF_S(F, path),
	CF_I(F, weight, -INT32_MAX, INT32_MAX),
	CF_B(F, weight_set),
	CF_B(F, reverse),
	CF_B(F, dynamic),
	CF_B(F, init_file),
	CF_I(F, init_value, INT32_MIN, INT32_MAX),
	CF_B(F, init_overwrite),
};
#undef F
const struct conf_struct_desc check_file_desc = CF_DESC(struct file_check_conf, 0, file_rows, NULL);

/* The track_file: path, default weight and init_file; no attempts, so no
 * retries: every change of the file is a verdict (rise = fall = 1). */
static int file_validate(struct check_conf *c, const struct rs_conf *rs, const struct vs_conf *vs,
			 const struct config *conf)
{
	struct file_check_conf *f = &c->u.file;
	(void)rs;
	(void)vs;
	if (!f->track_file[0])
		return check_conf_error(c, "FILE_CHECK needs track_file NAME");
	const struct vrrp_track_file_conf *tf = NULL;
	for (size_t i = 0; i < conf->vrrp_objs.n_files && !tf; i++)
		if (strcmp(conf->vrrp_objs.files[i].name, f->track_file) == 0)
			tf = &conf->vrrp_objs.files[i];
	if (!tf)
		return check_conf_error(c, "FILE_CHECK: no track_file %s", f->track_file);
	if (!tf->path)
		return check_conf_error(c, "FILE_CHECK: track_file %s has no file", f->track_file);
	free(f->path);
	f->path = xstrdup(tf->path);
	if (!f->weight_set) {
		f->weight = tf->weight;
		f->reverse = tf->reverse;
	}
	f->init_file = tf->init_file;
	f->init_value = tf->init_value;
	f->init_overwrite = tf->init_overwrite;
	c->retry = 0;
	c->rise = 1;
	c->fall = 1;
	return 0;
}

const struct check_ops check_ops_file = {
	.id = CHECK_FILE,
	.name = "FILE_CHECK",
	.event_driven = true,
	.block = &check_file_block,
	.validate = file_validate,
	.start = file_start,
	.rt_init = file_rt_init,
	.rt_free = file_rt_free,
	.dump = file_dump,
};
