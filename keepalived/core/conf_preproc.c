/* conf_preproc.c - see conf_preproc.h.
 *
 * A line without '$', '@' or '~' at its start goes straight through (no
 * copy). Otherwise the work for one line is linear in what it produces, and
 * what it produces is capped (conf_preproc.h): recursion is bounded by
 * CONF_PP_MAX_DEPTH, each line by CONF_PP_MAX_LINE, the whole run by
 * CONF_PP_MAX_TOTAL bytes and CONF_PP_MAX_LINES lines.
 */
#include "conf_preproc.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct conf_def {
	struct conf_def *next;
	char *name;
	size_t name_len;
	char *value;
	size_t len;
	bool multiline;
};

/* A growable string (not NUL-terminated until sb_cstr()). */
struct sbuf {
	char *p;
	size_t len, cap;
};

/* What one conf_pp_process() call works with. */
struct run {
	struct conf_pp *pp;
	const struct conf_pp_out *out;
};

static void process_line(struct run *r, const char *s, size_t n, int depth);

/* ---- small helpers ------------------------------------------------------------ */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_ws((*s)[*n - 1]))
		(*n)--;
}

static void report(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct run *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->out->error)
		r->out->error(r->out->arg, msg);
}

/* Append n bytes; false (nothing appended) past CONF_PP_MAX_LINE. */
static bool sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (n > CONF_PP_MAX_LINE - b->len)
		return false;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

/* Count n bytes of expansion against the run's total; false when over. */
static bool charge(struct run *r, size_t n)
{
	struct conf_pp *pp = r->pp;
	if (pp->exhausted)
		return false;
	pp->total_bytes += n + 1;
	if (pp->total_bytes > CONF_PP_MAX_TOTAL) {
		pp->exhausted = true;
		report(r, "the configuration expands to more than %llu MiB; giving up",
		       (unsigned long long)(CONF_PP_MAX_TOTAL >> 20));
		return false;
	}
	return true;
}

/* ---- definitions ------------------------------------------------------------------ */

static size_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct conf_def *def_find(const struct conf_defs *d, const char *name, size_t len)
{
	if (!d->n_buckets)
		return NULL;
	struct conf_def *e = d->buckets[hash_name(name, len) & (d->n_buckets - 1)];
	for (; e; e = e->next)
		if (e->name_len == len && memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

/* Double the table when it is full (keeps chains short). */
static void defs_grow(struct conf_defs *d)
{
	size_t nb = d->n_buckets ? d->n_buckets * 2 : 64;
	struct conf_def **b = xcalloc(nb, sizeof(*b));
	for (size_t i = 0; i < d->n_buckets; i++) {
		struct conf_def *e = d->buckets[i];
		while (e) {
			struct conf_def *next = e->next;
			size_t h = hash_name(e->name, e->name_len) & (nb - 1);
			e->next = b[h];
			b[h] = e;
			e = next;
		}
	}
	free(d->buckets);
	d->buckets = b;
	d->n_buckets = nb;
}

/* Define (or redefine) name as value[0..len). */
static void def_set(struct conf_defs *d, const char *name, size_t name_len,
		    const char *value, size_t len, bool multiline)
{
	struct conf_def *e = def_find(d, name, name_len);
	if (!e) {
		if (d->n >= d->n_buckets)
			defs_grow(d);
		e = xcalloc(1, sizeof(*e));
		e->name = xmalloc(name_len + 1);
		memcpy(e->name, name, name_len);
		e->name[name_len] = '\0';
		e->name_len = name_len;
		size_t h = hash_name(name, name_len) & (d->n_buckets - 1);
		e->next = d->buckets[h];
		d->buckets[h] = e;
		d->n++;
	}
	if (e->len < len || !e->value)
		e->value = xrealloc(e->value, len + 1);
	memcpy(e->value, value, len);
	e->value[len] = '\0';
	e->len = len;
	e->multiline = multiline;
}

void conf_pp_init(struct conf_pp *pp, const char *config_id)
{
	memset(pp, 0, sizeof(*pp));
	pp->config_id = config_id;
	pp->rand_state = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16) ^ 0x9e3779b9u;
	if (!pp->rand_state)
		pp->rand_state = 1;
}

void conf_pp_free(struct conf_pp *pp)
{
	struct conf_defs *d = &pp->defs;
	for (size_t i = 0; i < d->n_buckets; i++) {
		struct conf_def *e = d->buckets[i];
		while (e) {
			struct conf_def *next = e->next;
			free(e->name);
			free(e->value);
			free(e);
			e = next;
		}
	}
	free(d->buckets);
	memset(d, 0, sizeof(*d));
}

const char *conf_pp_lookup(const struct conf_pp *pp, const char *name)
{
	const struct conf_def *e = def_find(&pp->defs, name, strlen(name));
	return e ? e->value : NULL;
}

/* ---- pre-defined definitions ----------------------------------------------------------- */

/* xorshift32: ${_RANDOM} needs no quality, only no global state. */
static uint32_t next_random(struct conf_pp *pp)
{
	uint32_t x = pp->rand_state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return pp->rand_state = x;
}

void conf_pp_seed(struct conf_pp *pp, uint32_t seed)
{
	pp->rand_state = seed ^ 0x9e3779b9u;
	if (!pp->rand_state)   /* xorshift stays at 0 */
		pp->rand_state = 1;
}

static const char hash_str[] = { CONF_PP_HASH, 0 };
static const char bang_str[] = { CONF_PP_BANG, 0 };

/* The value of a pre-defined NAME into buf (params: "MIN MAX" of _RANDOM).
 * Returns false if name is not pre-defined or takes no such params. */
static bool builtin(struct run *r, const char *name, size_t len, const char *params, size_t plen,
		    char *buf, size_t size, const char **val)
{
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
	if (IS("_RANDOM")) {
		unsigned long v[2] = { 0, 32767 };
		size_t nv = 0;
		for (size_t i = 0; i < plen && nv < 3;) {
			while (i < plen && is_ws(params[i]))
				i++;
			if (i >= plen)
				break;
			unsigned long x = 0;
			while (i < plen && params[i] >= '0' && params[i] <= '9' && x < 100000000ul)
				x = x * 10 + (unsigned long)(params[i++] - '0');
			if (nv < 2)
				v[nv] = x;
			nv++;
		}
		if (nv > 2)
			return false;
		if (v[1] < v[0])
			v[1] = v[0];
		snprintf(buf, size, "%lu", v[0] + next_random(r->pp) % (v[1] - v[0] + 1));
		*val = buf;
		return true;
	}
	if (plen)
		return false;
	if (IS("_PWD"))
		*val = r->pp->pwd ? r->pp->pwd : "";
	else if (IS("_INSTANCE"))
		*val = r->pp->config_id ? r->pp->config_id : "";
	else if (IS("_HASH"))
		*val = hash_str;
	else if (IS("_BANG"))
		*val = bang_str;
	else
		return false;
	return true;
#undef IS
}

/* ---- substitution ------------------------------------------------------------------------- */

/* A $NAME or ${NAME [params]} reference at s[0] == '$' (n bytes left). */
struct ref {
	const char *name;
	size_t name_len;
	const char *params;
	size_t plen;
	size_t len;          /* bytes of the reference */
};

static bool parse_ref(const char *s, size_t n, struct ref *ref)
{
	bool braced = n > 1 && s[1] == '{';
	size_t i = 1 + braced;
	if (i >= n || !name_char(s[i], true))
		return false;
	ref->name = s + i;
	while (i < n && name_char(s[i], false))
		i++;
	ref->name_len = (size_t)(s + i - ref->name);
	ref->params = NULL;
	ref->plen = 0;
	if (braced) {
		size_t p = i;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i >= n || s[i] != '}')
			return false;
		ref->params = s + p;
		ref->plen = i - p;
		trim(&ref->params, &ref->plen);
		i++;
	} else if (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != ',' && s[i] != ')') {
		return false;
	}
	ref->len = i;
	return true;
}

static bool only_ws(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return false;
	return true;
}

/* Append s[0..n) to b with definitions replaced, recursively. A multi-line
 * value is allowed only where ml_ok and the reference ends the text; it is
 * appended raw and *ml set. false: an error was reported (line dropped). */
static bool subst(struct run *r, struct sbuf *b, const char *s, size_t n, int depth,
		  bool ml_ok, bool *ml)
{
	if (depth > CONF_PP_MAX_DEPTH) {
		report(r, "definitions nested more than %d deep (does one use itself?)", CONF_PP_MAX_DEPTH);
		return false;
	}
	size_t i = 0;
	while (i < n) {
		const char *d = memchr(s + i, '$', n - i);
		size_t upto = d ? (size_t)(d - s) : n;
		if (!sb_add(b, s + i, upto - i))
			goto too_long;
		i = upto;
		if (!d)
			break;
		struct ref ref;
		char tmp[32];
		const char *val = NULL;
		const struct conf_def *def = NULL;
		if (parse_ref(s + i, n - i, &ref)) {
			if (!builtin(r, ref.name, ref.name_len, ref.params, ref.plen, tmp, sizeof(tmp), &val) &&
			    !ref.plen)
				def = def_find(&r->pp->defs, ref.name, ref.name_len);
		}
		if (!val && !def) {
			if (!sb_add(b, "$", 1))
				goto too_long;
			i++;
			continue;
		}
		bool at_end = only_ws(s + i + ref.len, n - i - ref.len);
		if (def && def->multiline && !(ml_ok && at_end)) {
			if (!sb_add(b, s + i, ref.len))
				goto too_long;
			i += ref.len;
			continue;
		}
		if (!charge(r, ref.len + (def ? def->len : strlen(val))))
			return false;
		i += ref.len;
		if (val) {
			if (!sb_add(b, val, strlen(val)))
				goto too_long;
		} else if (def->multiline) {
			if (!sb_add(b, def->value, def->len))
				goto too_long;
			*ml = true;
			return true;
		} else if (!subst(r, b, def->value, def->len, depth + 1, ml_ok && at_end, ml)) {
			return false;
		} else if (*ml) {
			return true;
		}
	}
	return true;
too_long:
	report(r, "line longer than %u bytes after substitution", CONF_PP_MAX_LINE);
	return false;
}

/* ---- conditionals and definitions ------------------------------------------------------------ */

/* "@ID rest" / "@^ID rest" at s[0]: does the line apply? *skip = bytes of
 * the condition and the white space after it. */
static bool condition_holds(const struct conf_pp *pp, const char *s, size_t n, size_t *skip)
{
	bool negate = n > 1 && s[1] == '^';
	size_t i = 1 + negate, start = i;
	while (i < n && !is_ws(s[i]))
		i++;
	size_t len = i - start;
	const char *id = pp->config_id;
	bool match = id && strlen(id) == len && memcmp(id, s + start, len) == 0;
	while (i < n && is_ws(s[i]))
		i++;
	*skip = i;
	return negate ? !match : match;
}

/* If s is "$NAME=..." return the length of NAME (else 0). */
static size_t definition_name(const char *s, size_t n)
{
	if (n < 3 || s[0] != '$' || !name_char(s[1], true))
		return 0;
	size_t i = 2;
	while (i < n && name_char(s[i], false))
		i++;
	return i < n && s[i] == '=' ? i - 1 : 0;
}

/* The length of s[0..n) without a comment ('#' or '!' outside quotes). */
static size_t uncommented(const char *s, size_t n)
{
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && (s[i] == '#' || s[i] == '!'))
			return i;
	}
	return n;
}

/* The length of s[0..n) up to a ${_HASH} or ${_BANG} outside quotes: keepalived
 * 2.2.7 drops a line's comment again after it replaced definitions
 * (read_line()), so those start a comment there ('$OFF=${_HASH}' then
 * '$OFF priority 50' comments a line out, as keepalived's maintainer
 * does); inside quotes they stay the characters. */
static size_t marker_comment(const char *s, size_t n)
{
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && (s[i] == CONF_PP_HASH || s[i] == CONF_PP_BANG))
			return i;
	}
	return n;
}

/* Define from "$NAME=value" (s, n) and the continuation lines more[0..nm);
 * comments are not part of the value. */
static void define(struct run *r, const char *s, size_t n, size_t name_len,
		   const struct conf_seg *more, size_t nm)
{
	const char *v = s + name_len + 2;
	size_t vl = uncommented(v, n - name_len - 2);
	trim(&v, &vl);
	if (!nm) {
		def_set(&r->pp->defs, s + 1, name_len, v, vl, false);
		return;
	}
	struct sbuf b = { 0 };
	bool ok = true;
	if (vl)
		ok = sb_add(&b, v, vl);
	for (size_t i = 0; ok && i < nm; i++) {
		const char *p = more[i].p;
		size_t l = uncommented(p, more[i].len);
		trim(&p, &l);
		if (b.len)
			ok = sb_add(&b, "\n", 1);
		ok = ok && sb_add(&b, p, l);
	}
	if (!ok)
		report(r, "multi-line definition longer than %u bytes", CONF_PP_MAX_LINE);
	else
		def_set(&r->pp->defs, s + 1, name_len, b.p ? b.p : "", b.len, true);
	free(b.p);
}

/* ---- ~SEQ and ~LST --------------------------------------------------------------------------- */

#define LST_MAX_VARS 16

/* Split s[0..n) at commas outside {} into fields[] (trimmed); count or -1. */
static int split_fields(const char *s, size_t n, struct conf_seg *f, int max)
{
	int nf = 0, nest = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '{')
			nest++;
		else if (i < n && s[i] == '}')
			nest--;
		if (i < n && (s[i] != ',' || nest))
			continue;
		if (nf == max)
			return -1;
		f[nf].p = s + start;
		f[nf].len = i - start;
		trim(&f[nf].p, &f[nf].len);
		nf++;
		start = i + 1;
	}
	return nest ? -1 : nf;
}

static bool valid_name(const struct conf_seg *f)
{
	if (!f->len || !name_char(f->p[0], true))
		return false;
	for (size_t i = 1; i < f->len; i++)
		if (!name_char(f->p[i], false))
			return false;
	return true;
}

static bool parse_ll(const struct conf_seg *f, long long *out)
{
	char buf[32];
	if (!f->len || f->len >= sizeof(buf))
		return false;
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	char *end;
	errno = 0;
	long long v = strtoll(buf, &end, 0);
	if (errno || *end || v < -(1ll << 60) || v > (1ll << 60))
		return false;
	*out = v;
	return true;
}

/* Run rest once per value of ~SEQ(spec); hex: ~SEQx. */
static void seq_run(struct run *r, const char *spec, size_t sl, bool hex,
		    const char *rest, size_t rl, int depth)
{
	struct conf_seg f[4];
	int nf = split_fields(spec, sl, f, 4);
	long long v[3];
	if (nf < 2 || !valid_name(&f[0])) {
		report(r, "invalid ~SEQ specification '~SEQ(%.*s)'", (int)(sl > 200 ? 200 : sl), spec);
		return;
	}
	for (int i = 1; i < nf; i++) {
		if (!parse_ll(&f[i], &v[i - 1])) {
			report(r, "invalid ~SEQ value '%.*s'", (int)(f[i].len > 64 ? 64 : f[i].len), f[i].p);
			return;
		}
	}
	long long start, step, end = v[nf - 2];
	start = nf >= 3 ? v[0] : (end < 0 ? -1 : 1);
	step = nf == 4 ? v[1] : (end >= start ? 1 : -1);
	if (step == 0 || (step > 0 && end < start) || (step < 0 && end > start)) {
		report(r, "invalid ~SEQ values: %lld to %lld in steps of %lld", start, end, step);
		return;
	}
	if (hex && (start < 0 || end < 0)) {
		report(r, "~SEQx takes only positive numbers");
		return;
	}
	unsigned long long count = (unsigned long long)((end - start) / step) + 1;
	if (count > CONF_PP_MAX_LINES) {
		report(r, "~SEQ gives %llu lines, more than %llu", count, (unsigned long long)CONF_PP_MAX_LINES);
		return;
	}
	for (unsigned long long k = 0; k < count; k++) {
		if (r->pp->exhausted || (r->out->stop && r->out->stop(r->out->arg)))
			return;
		char buf[32];
		long long x = start + (long long)k * step;
		int len = hex ? snprintf(buf, sizeof(buf), "%llx", (unsigned long long)x)
			      : snprintf(buf, sizeof(buf), "%lld", x);
		def_set(&r->pp->defs, f[0].p, f[0].len, buf, (size_t)len, false);
		process_line(r, rest, rl, depth + 1);
	}
}

/* Run rest once per value set of ~LST(spec). */
static void lst_run(struct run *r, const char *spec, size_t sl, const char *rest, size_t rl, int depth)
{
	struct conf_seg f[1024], vars[LST_MAX_VARS];
	int nf = split_fields(spec, sl, f, 1024);
	int nv = 0;
	if (nf >= 2 && f[0].len && f[0].p[0] == '{' && f[0].p[f[0].len - 1] == '}')
		nv = split_fields(f[0].p + 1, f[0].len - 2, vars, LST_MAX_VARS);
	else if (nf >= 2)
		vars[nv++] = f[0];
	bool ok = nv > 0;
	for (int i = 0; ok && i < nv; i++)
		ok = valid_name(&vars[i]);
	if (!ok) {
		report(r, "invalid ~LST specification '~LST(%.*s)'", (int)(sl > 200 ? 200 : sl), spec);
		return;
	}
	for (int k = 1; k < nf; k++) {
		struct conf_seg vals[LST_MAX_VARS];
		int nvals = 1;
		vals[0] = f[k];
		if (f[k].len && f[k].p[0] == '{' && f[k].p[f[k].len - 1] == '}')
			nvals = split_fields(f[k].p + 1, f[k].len - 2, vals, LST_MAX_VARS);
		if (nvals != nv) {
			report(r, "~LST value '%.*s' does not give %d value%s",
			       (int)(f[k].len > 64 ? 64 : f[k].len), f[k].p, nv, nv == 1 ? "" : "s");
			return;
		}
	}
	for (int k = 1; k < nf; k++) {
		if (r->pp->exhausted || (r->out->stop && r->out->stop(r->out->arg)))
			return;
		struct conf_seg vals[LST_MAX_VARS];
		vals[0] = f[k];
		if (nv > 1 || (f[k].len && f[k].p[0] == '{' && f[k].p[f[k].len - 1] == '}'))
			split_fields(f[k].p + 1, f[k].len - 2, vals, LST_MAX_VARS);
		for (int i = 0; i < nv; i++)
			def_set(&r->pp->defs, vars[i].p, vars[i].len, vals[i].p, vals[i].len, false);
		process_line(r, rest, rl, depth + 1);
	}
}

/* s starts with "~SEQ(", "~SEQx(" or "~LST(" - white space may come
 * before the '(' ("~SEQ ( ID , 1 , 2 )"), as keepalived 2.2.7's add_seq()
 * and add_lst() skip it: true if it was one (handled). */
static bool block_line(struct run *r, const char *s, size_t n, int depth)
{
	size_t open;
	int kind;                 /* 0 SEQ, 1 SEQx, 2 LST */
	if (n > 4 && memcmp(s, "~SEQ", 4) == 0)
		open = 4, kind = 0;
	else if (n > 4 && memcmp(s, "~LST", 4) == 0)
		open = 4, kind = 2;
	else
		return false;
	if (kind == 0 && open < n && s[open] == 'x')
		open++, kind = 1;
	while (open < n && (s[open] == ' ' || s[open] == '\t'))
		open++;
	if (open >= n || s[open] != '(')
		return false;
	open++;
	size_t i = open;
	int nest = 0;
	while (i < n && (s[i] != ')' || nest)) {
		nest += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
		i++;
	}
	if (i >= n) {
		report(r, "%.*s without its closing ')'", kind == 1 ? 5 : 4, s);
		return true;
	}
	/* definitions may be used in the specification */
	struct sbuf spec = { 0 };
	bool ml = false;
	if (subst(r, &spec, s + open, i - open, depth + 1, false, &ml)) {
		const char *rest = s + i + 1;
		size_t rl = n - i - 1;
		trim(&rest, &rl);
		const char *sp = spec.p ? spec.p : "";
		if (kind == 2)
			lst_run(r, sp, spec.len, rest, rl, depth);
		else
			seq_run(r, sp, spec.len, kind == 1, rest, rl, depth);
	}
	free(spec.p);
	return true;
}

/* ---- lines ------------------------------------------------------------------------------------- */

/* Each line of a multi-line expansion (text has '\n' between lines). */
static void process_lines(struct run *r, const char *s, size_t n, int depth)
{
	/* the text may be a definition's value, which its own lines can
	 * redefine: work on a copy */
	char *copy = xmalloc(n + 1);
	memcpy(copy, s, n);
	size_t i = 0;
	while (i <= n) {
		const char *nl = memchr(copy + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - copy) : n;
		process_line(r, copy + i, end - i, depth + 1);
		i = end + 1;
	}
	free(copy);
}

/* One logical line (no continuation left). */
static void process_line(struct run *r, const char *s, size_t n, int depth)
{
	struct conf_pp *pp = r->pp;
	if (depth > CONF_PP_MAX_DEPTH) {
		report(r, "definitions and blocks nested more than %d deep", CONF_PP_MAX_DEPTH);
		return;
	}
	if (pp->exhausted)
		return;
	if (++pp->total_lines > CONF_PP_MAX_LINES) {
		pp->exhausted = true;
		report(r, "the configuration expands to more than %llu lines; giving up",
		       (unsigned long long)CONF_PP_MAX_LINES);
		return;
	}
	while (n && is_ws(*s))
		s++, n--;
	/* keepalived 2.2.7 drops a line's comment before it looks for
	 * definitions to replace (decomment() in read_line()): a multi-line
	 * definition used in a comment ('#    $CHECK_DEF') must not put its
	 * other lines into the configuration */
	n = uncommented(s, n);
	size_t skip;
	if (n && s[0] == '@') {
		if (!condition_holds(pp, s, n, &skip))
			return;
		s += skip;
		n -= skip;
	}
	if (!n)
		return;
	size_t name_len = definition_name(s, n);
	if (name_len) {
		define(r, s, n, name_len, NULL, 0);
		return;
	}
	if (s[0] == '~' && block_line(r, s, n, depth))
		return;
	if (!memchr(s, '$', n)) {
		r->out->line(r->out->arg, s, n);
		return;
	}
	struct sbuf b = { 0 };
	bool ml = false;
	if (subst(r, &b, s, n, 0, true, &ml)) {
		const char *t = b.p ? b.p : "";
		size_t tl = b.len;
		while (tl && is_ws(*t))
			t++, tl--;
		if (!ml)
			tl = marker_comment(t, tl);
		if (ml)
			process_lines(r, t, tl, depth);
		else if (tl && t[0] == '@' && condition_holds(pp, t, tl, &skip))
			r->out->line(r->out->arg, t + skip, tl - skip);
		else if (!tl || t[0] != '@')
			r->out->line(r->out->arg, t, tl);
	}
	free(b.p);
}

void conf_pp_process(struct conf_pp *pp, const struct conf_seg *segs, size_t n,
		     const struct conf_pp_out *out)
{
	struct run r = { .pp = pp, .out = out };
	if (!n || pp->exhausted)
		return;
	const char *s = segs[0].p;
	size_t len = segs[0].len;
	while (len && is_ws(*s))
		s++, len--;
	if (n == 1) {
		process_line(&r, s, len, 0);
		return;
	}
	/* a continued line: a multi-line definition keeps its lines */
	size_t skip = 0;
	const char *d = s;
	size_t dl = len;
	if (dl && d[0] == '@') {
		if (!condition_holds(pp, d, dl, &skip))
			return;
		d += skip;
		dl -= skip;
	}
	size_t name_len = definition_name(d, dl);
	if (name_len) {
		if (++pp->total_lines > CONF_PP_MAX_LINES)
			return;
		define(&r, d, dl, name_len, segs + 1, n - 1);
		return;
	}
	struct sbuf b = { 0 };
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		if (i)
			ok = sb_add(&b, " ", 1);
		ok = ok && sb_add(&b, segs[i].p, segs[i].len);
	}
	if (ok)
		process_line(&r, b.p, b.len, 0);
	else
		report(&r, "continued line longer than %u bytes", CONF_PP_MAX_LINE);
	free(b.p);
}

void conf_default_config_id(char *buf, size_t size)
{
	if (gethostname(buf, size) < 0) {
		buf[0] = '\0';
		return;
	}
	buf[size - 1] = '\0';
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
}
