/* conf_fields.c - the field engine: encode, decode (with validation),
 * compare, copy and free configuration structs from their descriptions
 * (see conf_fields.h). */
#include "conf_fields.h"
#include "conf_plan.h"
#include "config.h"
#include "log.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define WIRE_NULL_LEN 0xffffffffu

static const struct conf_field origin_rows[] = {
	CF_IS(struct conf_origin, file),
	CF_I(struct conf_origin, line, 0, INT32_MAX),
};
const struct conf_struct_desc conf_origin_desc = CF_DESC(struct conf_origin, 0, origin_rows, NULL);

static const struct conf_field script_rows[] = {
	CF_SCR(struct conf_script, cmd),
	CF_SCR_UID(struct conf_script, uid),
	CF_SCR_GID(struct conf_script, gid),
	CF_SCR_USER_SET(struct conf_script, user_set),
};
const struct conf_struct_desc conf_script_desc = CF_DESC(struct conf_script, 0, script_rows, NULL);

/* ---- raw member access ----------------------------------------------------------------- */

static void *at(void *obj, size_t off) { return (uint8_t *)obj + off; }
static const void *cat(const void *obj, size_t off) { return (const uint8_t *)obj + off; }

static void store_int(void *p, size_t size, int64_t v)
{
	switch (size) {
	case 1: *(uint8_t *)p = (uint8_t)v; break;
	case 2: *(uint16_t *)p = (uint16_t)v; break;
	case 4: *(uint32_t *)p = (uint32_t)v; break;
	default: *(int64_t *)p = v; break;
	}
}

static void put_int(struct wbuf *w, const void *p, size_t size) { wput_bytes(w, p, size); }

static size_t count_of(const void *obj, const struct conf_field *f)
{
	return (size_t)conf_load_int(cat(obj, f->count_off), f->count_size, false);
}

static const struct conf_struct_desc *variant_of(const struct conf_field *f, const void *obj)
{
	int64_t sel = conf_load_int(cat(obj, f->count_off), f->count_size, true);
	for (size_t i = 0; i < f->n_variants; i++)
		if (f->variants[i].value == sel)
			return f->variants[i].desc;
	return NULL;
}

/* ---- encode ---------------------------------------------------------------------------- */

static void put_addr(struct wbuf *w, const struct ka_addr *a)
{
	wput_u8(w, (uint8_t)a->family);
	if (a->family == AF_INET)
		wput_bytes(w, &a->u.v4, sizeof(a->u.v4));
	else if (a->family == AF_INET6)
		wput_bytes(w, &a->u.v6, sizeof(a->u.v6));
}

static void encode_body(const struct conf_plan *plan, const void *obj, struct wbuf *w);

/* The element plan of step s (looked up when the row nests its own description). */
static const struct conf_plan *sub_of(const struct conf_step *s)
{
	return s->sub ? s->sub : conf_plan_of(s->f->elem);
}

static void encode_field(const struct conf_step *s, const void *obj, struct wbuf *w)
{
	const struct conf_field *f = s->f;
	const void *p = cat(obj, f->off);
	switch (f->type) {
	case CF_UINT:
	case CF_INT:
		put_int(w, p, f->size);
		break;
	case CF_BOOL:
		wput_u8(w, *(const bool *)p ? 1 : 0);
		break;
	case CF_STRBUF:
		wput_str(w, p);
		break;
	case CF_STR:
	case CF_ISTR:
		wput_str(w, *(char *const *)p);
		break;
	case CF_BYTES:
		wput_bytes(w, p, f->size);
		break;
	case CF_ADDR:
		put_addr(w, p);
		break;
	case CF_BLOB: {
		const uint8_t *b = *(uint8_t *const *)p;
		uint32_t n = (uint32_t)count_of(obj, f);
		wput_u32(w, b ? n : WIRE_NULL_LEN);
		if (b)
			wput_bytes(w, b, n);
		break;
	}
	case CF_STRUCT:
		encode_body(sub_of(s), p, w);
		break;
	case CF_PTR: {
		const void *sub = *(void *const *)p;
		wput_u8(w, sub != NULL);
		if (sub)
			encode_body(sub_of(s), sub, w);
		break;
	}
	case CF_ARRAY: {
		const uint8_t *arr = *(uint8_t *const *)p;
		size_t n = count_of(obj, f);
		wput_u32(w, (uint32_t)n);
		const struct conf_plan *ep = sub_of(s);
		for (size_t i = 0; i < n; i++)
			encode_body(ep, arr + i * f->elem->size, w);
		break;
	}
	case CF_STR_ARRAY: {
		char *const *arr = *(char **const *)p;
		size_t n = count_of(obj, f);
		wput_u32(w, (uint32_t)n);
		for (size_t i = 0; i < n; i++)
			wput_str(w, arr[i]);
		break;
	}
	case CF_UNION: {
		const struct conf_struct_desc *v = variant_of(f, obj);
		if (v)
			encode_body(conf_plan_of(v), p, w);
		break;
	}
	}
}

/* The record: a run of plain rows is one copy (conf_plan.h). */
static void encode_body(const struct conf_plan *plan, const void *obj, struct wbuf *w)
{
	if (plan->d->magic)
		wput_u32(w, plan->d->magic);
	for (size_t i = 0; i < plan->n_steps; i++) {
		const struct conf_step *s = &plan->steps[i];
		if (s->n_rows)
			wput_bytes(w, cat(obj, s->off), s->len);
		else
			encode_field(s, obj, w);
	}
}

void conf_fields_encode(const struct conf_struct_desc *d, const void *obj, struct wbuf *w)
{
	encode_body(conf_plan_of(d), obj, w);
}

/* ---- decode ---------------------------------------------------------------------------- */

/* A string of at most `max` bytes without NUL; NULL as written (allowed
 * only when null_ok). Returns a heap copy or NULL. */
static char *get_str(struct rbuf *r, size_t max, bool null_ok)
{
	uint32_t n = rget_u32(r);
	if (r->error)
		return NULL;
	if (n == WIRE_NULL_LEN) {
		if (!null_ok)
			r->error = true;
		return NULL;
	}
	if (n > r->left || n > max || memchr(r->p, '\0', n)) {
		r->error = true;
		return NULL;
	}
	char *s = xmalloc((size_t)n + 1);
	rget_bytes(r, s, n);
	s[n] = '\0';
	return s;
}

/* A string into buf[size]: at most size - 1 bytes without NUL, not NULL;
 * on error buf is left as it was and r->error set. */
static void get_strbuf(struct rbuf *r, char *buf, size_t size)
{
	uint32_t n = rget_u32(r);
	if (r->error)
		return;
	if (n == WIRE_NULL_LEN || n > r->left || n > size - 1 || memchr(r->p, '\0', n)) {
		r->error = true;
		return;
	}
	rget_bytes(r, buf, n);
	buf[n] = '\0';
}

static void get_addr(struct rbuf *r, struct ka_addr *a, bool optional)
{
	uint8_t fam = rget_u8(r);
	if (fam == AF_INET)
		rget_bytes(r, &a->u.v4, sizeof(a->u.v4));
	else if (fam == AF_INET6)
		rget_bytes(r, &a->u.v6, sizeof(a->u.v6));
	else if (fam != 0 || !optional)
		r->error = true;
	a->family = r->error ? 0 : fam;
}

/* An element count: at most CF_MAX_ITEMS and, since every element takes at
 * least min_bytes, no more than what is left. */
static size_t get_count(struct rbuf *r, size_t min_bytes)
{
	uint32_t n = rget_u32(r);
	if (r->error)
		return 0;
	if (n > CF_MAX_ITEMS || (min_bytes && n > r->left / min_bytes)) {
		r->error = true;
		return 0;
	}
	return n;
}

static bool decode_body(const struct conf_plan *plan, struct rbuf *r, void *obj);

static void decode_int(const struct conf_field *f, struct rbuf *r, void *p)
{
	uint8_t raw[8] = { 0 };
	rget_bytes(r, raw, f->size);
	if (r->error)
		return;
	int64_t v = conf_load_int(raw, f->size, f->type == CF_INT);
	bool big_u64 = f->type == CF_UINT && f->size == 8 && v < 0;
	if (big_u64 ? f->max != INT64_MAX : (v < f->min || v > f->max))
		r->error = true;
	else
		store_int(p, f->size, v);
}

static void decode_field(const struct conf_step *s, struct rbuf *r, void *obj)
{
	const struct conf_field *f = s->f;
	void *p = at(obj, f->off);
	switch (f->type) {
	case CF_UINT:
	case CF_INT:
	case CF_BOOL:
		if (f->type == CF_BOOL) {
			uint8_t b = rget_u8(r);
			if (b > 1)
				r->error = true;
			*(bool *)p = b == 1;
		} else {
			decode_int(f, r, p);
		}
		break;
	case CF_STRBUF:
		get_strbuf(r, p, f->size);
		break;
	case CF_STR:
		*(char **)p = get_str(r, SIZE_MAX, true);
		break;
	case CF_ISTR: {
		char *str = get_str(r, SIZE_MAX, true);
		*(const char **)p = str_intern(str);
		free(str);
		break;
	}
	case CF_BYTES:
		rget_bytes(r, p, f->size);
		break;
	case CF_ADDR:
		get_addr(r, p, f->flags & CF_OPTIONAL);
		break;
	case CF_BLOB: {
		uint32_t n = rget_u32(r);
		if (r->error || n == WIRE_NULL_LEN)
			break;
		if (n > r->left) {
			r->error = true;
			break;
		}
		uint8_t *b = xmalloc(n ? n : 1);
		rget_bytes(r, b, n);
		*(uint8_t **)p = b;
		store_int(at(obj, f->count_off), f->count_size, n);
		break;
	}
	case CF_STRUCT:
		decode_body(sub_of(s), r, p);
		break;
	case CF_PTR: {
		uint8_t present = rget_u8(r);
		if (present > 1 || (!present && !(f->flags & CF_OPTIONAL))) {
			r->error = true;
			break;
		}
		if (!present || r->error)
			break;
		void *sub = xcalloc(1, f->elem->size);
		*(void **)p = sub;
		decode_body(sub_of(s), r, sub);
		break;
	}
	case CF_ARRAY: {
		const struct conf_plan *ep = sub_of(s);
		size_t n = get_count(r, ep->min_bytes);
		if (r->error || !n)
			break;
		uint8_t *arr = xcalloc(n, f->elem->size);
		*(void **)p = arr;
		store_int(at(obj, f->count_off), f->count_size, (int64_t)n);
		for (size_t i = 0; i < n && !r->error; i++)
			decode_body(ep, r, arr + i * f->elem->size);
		break;
	}
	case CF_STR_ARRAY: {
		size_t n = get_count(r, 4);
		if (r->error || !n)
			break;
		char **arr = xcalloc(n, sizeof(char *));
		*(char ***)p = arr;
		store_int(at(obj, f->count_off), f->count_size, (int64_t)n);
		for (size_t i = 0; i < n && !r->error; i++)
			arr[i] = get_str(r, SIZE_MAX, false);
		break;
	}
	case CF_UNION: {
		/* the selector was decoded (and range-checked) before */
		const struct conf_struct_desc *v = variant_of(f, obj);
		if (v)
			decode_body(conf_plan_of(v), r, p);
		break;
	}
	}
}

/* Decode into obj (zeroed by the caller); frees nothing on error: the
 * top-level caller frees the partly built struct once. */
static bool decode_body(const struct conf_plan *plan, struct rbuf *r, void *obj)
{
	const struct conf_struct_desc *d = plan->d;
	if (d->magic && rget_u32(r) != d->magic)
		r->error = true;
	for (size_t i = 0; i < plan->n_steps && !r->error; i++) {
		const struct conf_step *s = &plan->steps[i];
		if (!s->n_rows) {
			decode_field(s, r, obj);
			continue;
		}
		/* a run: one copy, then the rows that can be refused */
		rget_bytes(r, at(obj, s->off), s->len);
		for (size_t k = 0; k < s->n_checks && !r->error; k++)
			if (!conf_plan_value_ok(s->checks[k], cat(obj, s->checks[k]->off)))
				r->error = true;
	}
	if (!r->error && d->validate && !d->validate(obj))
		r->error = true;
	return !r->error;
}

bool conf_fields_decode(const struct conf_struct_desc *d, struct rbuf *r, void *obj)
{
	memset(obj, 0, d->size);
	if (decode_body(conf_plan_of(d), r, obj))
		return true;
	r->error = true;
	conf_fields_free(d, obj);
	memset(obj, 0, d->size);
	return false;
}

bool conf_fields_decode_msg(const struct conf_struct_desc *d, const void *payload, size_t len, void *obj)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	if (!conf_fields_decode(d, &r, obj))
		return false;
	if (r.left) {
		conf_fields_free(d, obj);
		memset(obj, 0, d->size);
		return false;
	}
	return true;
}

/* ---- free -------------------------------------------------------------------------------- */

/* conf_fields_free() (clear: every pointer and count it frees is zeroed)
 * and conf_fields_release() (!clear: obj and what it points to are not
 * written). Both walk the rows that own something only (conf_plan.h). */
static void fields_free(const struct conf_struct_desc *d, void *obj, bool clear)
{
	const struct conf_plan *plan = conf_plan_of(d);
	for (size_t i = 0; i < plan->n_owner_rows; i++) {
		const struct conf_field *f = plan->owner_rows[i];
		void *p = at(obj, f->off);
		bool counted = false;   /* a count goes with the pointer */
		switch (f->type) {
		case CF_ISTR:   /* shared: not ours to free */
			break;
		case CF_STR:
		case CF_BLOB:
			free(*(void **)p);
			counted = f->type == CF_BLOB;
			break;
		case CF_STRUCT:
			fields_free(f->elem, p, clear);
			continue;
		case CF_PTR:
			if (*(void **)p)
				fields_free(f->elem, *(void **)p, clear);
			free(*(void **)p);
			break;
		case CF_ARRAY: {
			uint8_t *arr = *(uint8_t **)p;
			size_t n = arr ? count_of(obj, f) : 0;
			for (size_t k = 0; k < n; k++)
				fields_free(f->elem, arr + k * f->elem->size, clear);
			free(arr);
			counted = true;
			break;
		}
		case CF_STR_ARRAY: {
			char **arr = *(char ***)p;
			size_t n = arr ? count_of(obj, f) : 0;
			for (size_t k = 0; k < n; k++)
				free(arr[k]);
			free(arr);
			counted = true;
			break;
		}
		case CF_UNION: {
			const struct conf_struct_desc *v = variant_of(f, obj);
			if (v)
				fields_free(v, p, clear);
			continue;
		}
		default:
			continue;
		}
		if (!clear)
			continue;
		*(void **)p = NULL;
		if (counted)
			store_int(at(obj, f->count_off), f->count_size, 0);
	}
}

void conf_fields_free(const struct conf_struct_desc *d, void *obj)
{
	fields_free(d, obj, true);
}

void conf_fields_release(const struct conf_struct_desc *d, const void *obj)
{
	fields_free(d, (void *)obj, false);   /* written to only when clearing */
}

/* ---- equality ------------------------------------------------------------------------------ */

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool field_equal(const struct conf_field *f, const void *a, const void *b)
{
	const void *pa = cat(a, f->off), *pb = cat(b, f->off);
	switch (f->type) {
	case CF_UINT:
	case CF_INT:
	case CF_BYTES:
		return memcmp(pa, pb, f->size) == 0;
	case CF_BOOL:
		return *(const bool *)pa == *(const bool *)pb;
	case CF_STRBUF:
		return strcmp(pa, pb) == 0;
	case CF_STR:
	case CF_ISTR:
		return str_eq(*(char *const *)pa, *(char *const *)pb);
	case CF_ADDR:
		return ka_addr_eq(pa, pb);
	case CF_BLOB: {
		const uint8_t *x = *(uint8_t *const *)pa, *y = *(uint8_t *const *)pb;
		size_t n = count_of(a, f);
		if (!x || !y)
			return x == y;
		return n == count_of(b, f) && memcmp(x, y, n) == 0;
	}
	case CF_STRUCT:
		return conf_fields_equal(f->elem, pa, pb);
	case CF_PTR: {
		const void *x = *(void *const *)pa, *y = *(void *const *)pb;
		if (!x || !y)
			return x == y;
		return conf_fields_equal(f->elem, x, y);
	}
	case CF_ARRAY: {
		size_t n = count_of(a, f);
		if (n != count_of(b, f))
			return false;
		const uint8_t *x = *(uint8_t *const *)pa, *y = *(uint8_t *const *)pb;
		for (size_t i = 0; i < n; i++)
			if (!conf_fields_equal(f->elem, x + i * f->elem->size, y + i * f->elem->size))
				return false;
		return true;
	}
	case CF_STR_ARRAY: {
		size_t n = count_of(a, f);
		if (n != count_of(b, f))
			return false;
		char *const *x = *(char **const *)pa, *const *y = *(char **const *)pb;
		for (size_t i = 0; i < n; i++)
			if (!str_eq(x[i], y[i]))
				return false;
		return true;
	}
	case CF_UNION: {
		/* the selectors were compared before (they come first) */
		const struct conf_struct_desc *v = variant_of(f, a);
		return !v || conf_fields_equal(v, pa, pb);
	}
	}
	return false;
}

bool conf_fields_equal(const struct conf_struct_desc *d, const void *a, const void *b)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		if (f->flags & CF_NO_EQUAL)
			continue;
		if (!field_equal(f, a, b))
			return false;
	}
	return true;
}

/* ---- copy ------------------------------------------------------------------------------------ */

void conf_fields_copy(const struct conf_struct_desc *d, void *dst, const void *src)
{
	/* through the wire: one code path to trust, and copies are rare */
	struct wbuf w;
	wbuf_init(&w);
	conf_fields_encode(d, src, &w);
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	if (!conf_fields_decode(d, &r, dst))
		fatal("conf_fields_copy: %s does not survive its own encoding", d->name);
	wbuf_free(&w);
}

/* ---- scripts ---------------------------------------------------------------------------------- */

/* The walk goes through the rows that can lead to a script only
 * (conf_plan.h): a vrrp_instance has ~100 rows of which a handful matter,
 * and the parent walks every record at start and on reload. */
void conf_fields_scripts(const struct conf_struct_desc *d, const void *obj, uint32_t uid, uint32_t gid,
			 conf_script_fn fn, void *arg)
{
	const struct conf_plan *plan = conf_plan_of(d);
	if (!plan->holds)
		return;
	bool user_set = !plan->user_set_row || *(const bool *)cat(obj, plan->user_set_row->off);
	if (user_set && plan->uid_row)
		uid = (uint32_t)conf_load_int(cat(obj, plan->uid_row->off), plan->uid_row->size, false);
	if (user_set && plan->gid_row)
		gid = (uint32_t)conf_load_int(cat(obj, plan->gid_row->off), plan->gid_row->size, false);
	for (size_t j = 0; j < plan->n_script_rows; j++) {
		const struct conf_field *f = plan->script_rows[j];
		const void *p = cat(obj, f->off);
		switch (f->type) {
		case CF_STR: {
			const char *s = *(char *const *)p;
			if (s && *s)
				fn(arg, s, uid, gid);
			break;
		}
		case CF_STRUCT:
			conf_fields_scripts(f->elem, p, uid, gid, fn, arg);
			break;
		case CF_PTR:
			if (*(void *const *)p)
				conf_fields_scripts(f->elem, *(void *const *)p, uid, gid, fn, arg);
			break;
		case CF_ARRAY: {
			const uint8_t *a = *(const uint8_t *const *)p;
			size_t cnt = a ? count_of(obj, f) : 0;
			for (size_t k = 0; k < cnt; k++)
				conf_fields_scripts(f->elem, a + k * f->elem->size, uid, gid, fn, arg);
			break;
		}
		case CF_UNION: {
			const struct conf_struct_desc *v = variant_of(f, obj);
			if (v)
				conf_fields_scripts(v, p, uid, gid, fn, arg);
			break;
		}
		default:
			break;
		}
	}
}

size_t conf_fields_drop_default_scripts(const struct conf_struct_desc *d, void *obj, bool own)
{
	bool has_uid = false, user_set = true;
	for (size_t i = 0; i < d->n_fields; i++) {
		if (d->fields[i].flags & CF_SCRIPT_USER_SET)
			user_set = *(const bool *)cat(obj, d->fields[i].off);
		if (d->fields[i].flags & CF_SCRIPT_UID)
			has_uid = true;
	}
	own = own || (has_uid && user_set);
	size_t n = 0;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		void *p = at(obj, f->off);
		switch (f->type) {
		case CF_STR:
			if ((f->flags & CF_SCRIPT) && !own && *(char **)p) {
				free(*(char **)p);
				*(char **)p = NULL;
				n++;
			}
			break;
		case CF_STRUCT:
			n += conf_fields_drop_default_scripts(f->elem, p, own);
			break;
		case CF_PTR:
			if (*(void **)p)
				n += conf_fields_drop_default_scripts(f->elem, *(void **)p, own);
			break;
		case CF_ARRAY: {
			uint8_t *a = *(uint8_t **)p;
			size_t cnt = a ? count_of(obj, f) : 0;
			for (size_t k = 0; k < cnt; k++)
				n += conf_fields_drop_default_scripts(f->elem, a + k * f->elem->size, own);
			break;
		}
		case CF_UNION: {
			const struct conf_struct_desc *v = variant_of(f, obj);
			if (v)
				n += conf_fields_drop_default_scripts(v, p, own);
			break;
		}
		default:
			break;
		}
	}
	return n;
}

/* ---- description check ------------------------------------------------------------------------ */

static bool int_size_ok(size_t s) { return s == 1 || s == 2 || s == 4 || s == 8; }

const char *conf_fields_check_desc(const struct conf_struct_desc *d)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		if (f->off + f->size > d->size)
			return f->name;
		if ((f->flags & CF_SCRIPT) && f->type != CF_STR)
			return f->name;
		if ((f->flags & (CF_SCRIPT_UID | CF_SCRIPT_GID)) && (f->type != CF_UINT || f->size != 4))
			return f->name;
		if ((f->flags & CF_SCRIPT_USER_SET) && f->type != CF_BOOL)
			return f->name;
		switch (f->type) {
		case CF_UINT:
		case CF_INT:
			if (!int_size_ok(f->size) || f->min > f->max)
				return f->name;
			break;
		case CF_BOOL:
			if (f->size != sizeof(bool))
				return f->name;
			break;
		case CF_STRBUF:
			if (f->size < 1)
				return f->name;
			break;
		case CF_ADDR:
			if (f->size != sizeof(struct ka_addr))
				return f->name;
			break;
		case CF_STR:
		case CF_ISTR:
		case CF_PTR:
		case CF_ARRAY:
		case CF_STR_ARRAY:
		case CF_BLOB:
			if (f->size != sizeof(void *))
				return f->name;
			if ((f->type == CF_PTR || f->type == CF_ARRAY) && !f->elem)
				return f->name;
			if (f->type != CF_STR && f->type != CF_ISTR && f->type != CF_PTR &&
			    (!int_size_ok(f->count_size) || f->count_off + f->count_size > d->size))
				return f->name;
			break;
		case CF_STRUCT:
			if (!f->elem || f->elem->size != f->size || conf_fields_check_desc(f->elem))
				return f->name;
			break;
		case CF_UNION:
			if (!f->variants || !int_size_ok(f->count_size))
				return f->name;
			for (size_t k = 0; k < f->n_variants; k++)
				if (f->variants[k].desc->size > f->size || conf_fields_check_desc(f->variants[k].desc))
					return f->name;
			break;
		case CF_BYTES:
			break;
		default:
			return f->name;
		}
	}
	return NULL;
}
