/* conf_plan.c - the plans of conf_plan.h: worked out once per description
 * and kept in a small hash table keyed by the description's address (the
 * descriptions are constant tables, so a plan never goes stale). */
#include "conf_plan.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The plans, by description address (open addressing, grown at half full). */
static struct {
	struct conf_plan **slot;
	size_t cap, n;
} plans;

static size_t slot_of(const struct conf_struct_desc *d, size_t cap)
{
	uintptr_t h = (uintptr_t)d;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

static void plans_put(struct conf_plan *p)
{
	if (2 * (plans.n + 1) > plans.cap) {
		size_t cap = plans.cap ? 2 * plans.cap : 64;
		struct conf_plan **slot = xcalloc(cap, sizeof(*slot));
		for (size_t i = 0; i < plans.cap; i++) {
			if (!plans.slot[i])
				continue;
			size_t k = slot_of(plans.slot[i]->d, cap);
			while (slot[k])
				k = (k + 1) & (cap - 1);
			slot[k] = plans.slot[i];
		}
		free(plans.slot);
		plans.slot = slot;
		plans.cap = cap;
	}
	size_t k = slot_of(p->d, plans.cap);
	while (plans.slot[k])
		k = (k + 1) & (plans.cap - 1);
	plans.slot[k] = p;
	plans.n++;
}

/* The slot holding d's plan, or NULL. */
static struct conf_plan **plans_get(const struct conf_struct_desc *d)
{
	if (!plans.cap)
		return NULL;
	for (size_t k = slot_of(d, plans.cap); plans.slot[k]; k = (k + 1) & (plans.cap - 1))
		if (plans.slot[k]->d == d)
			return &plans.slot[k];
	return NULL;
}

static void plan_free(struct conf_plan *p)
{
	free(p->steps);
	free(p->checks);
	free(p->owner_rows);
	free(p->script_rows);
	free(p);
}

/* ---- value checks ------------------------------------------------------------------------ */

/* Contract: see conf_plan.h. */
int64_t conf_load_int(const void *p, size_t size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? (int64_t)*(const int8_t *)p : (int64_t)*(const uint8_t *)p;
	case 2: return is_signed ? (int64_t)*(const int16_t *)p : (int64_t)*(const uint16_t *)p;
	case 4: return is_signed ? (int64_t)*(const int32_t *)p : (int64_t)*(const uint32_t *)p;
	default: return *(const int64_t *)p;
	}
}

/* Contract: see conf_plan.h. */
bool conf_plan_value_ok(const struct conf_field *f, const void *p)
{
	if (f->type == CF_BOOL)
		return *(const uint8_t *)p <= 1;
	int64_t v = conf_load_int(p, f->size, f->type == CF_INT);
	if (f->type == CF_UINT && f->size == 8 && v < 0)   /* above INT64_MAX */
		return f->max == INT64_MAX;
	return v >= f->min && v <= f->max;
}

/* Can a value of row f be refused on decode? */
static bool needs_check(const struct conf_field *f)
{
	if (f->type == CF_BYTES)
		return false;
	if (f->type == CF_BOOL)
		return true;
	unsigned bits = (unsigned)f->size * 8;
	if (f->type == CF_UINT)
		return f->min != 0 || f->max != (bits >= 64 ? INT64_MAX : (int64_t)((1ull << bits) - 1));
	int64_t lo = bits >= 64 ? INT64_MIN : -(int64_t)(1ull << (bits - 1));
	int64_t hi = bits >= 64 ? INT64_MAX : (int64_t)((1ull << (bits - 1)) - 1);
	return f->min != lo || f->max != hi;
}

/* ---- the codec's steps ---------------------------------------------------------------------- */

static bool plain(const struct conf_field *f)
{
	return f->type == CF_UINT || f->type == CF_INT || f->type == CF_BOOL || f->type == CF_BYTES;
}

/* Rows [i, end) of d that make one run: plain, back to back in the struct. */
static size_t run_end(const struct conf_struct_desc *d, size_t i)
{
	size_t j = i + 1;
	while (j < d->n_fields && j - i < UINT16_MAX && plain(&d->fields[j]) &&
	       d->fields[j].off == d->fields[j - 1].off + d->fields[j - 1].size)
		j++;
	return j;
}

static void make_steps(struct conf_plan *p)
{
	const struct conf_struct_desc *d = p->d;
	p->steps = xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*p->steps));
	const struct conf_field **checks = xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*checks));
	p->checks = checks;
	size_t n_checks = 0;
	for (size_t i = 0; i < d->n_fields;) {
		const struct conf_field *f = &d->fields[i];
		struct conf_step *s = &p->steps[p->n_steps++];
		s->f = f;
		if (!plain(f)) {
			if (f->type == CF_STRUCT || f->type == CF_PTR || f->type == CF_ARRAY)
				s->sub = conf_plan_of(f->elem);
			i++;
			continue;
		}
		size_t end = run_end(d, i);
		s->off = (uint32_t)f->off;
		s->len = (uint32_t)(d->fields[end - 1].off + d->fields[end - 1].size - f->off);
		s->n_rows = (uint16_t)(end - i);
		s->checks = checks + n_checks;
		for (; i < end; i++)
			if (needs_check(&d->fields[i]))
				checks[n_checks++] = &d->fields[i];
		s->n_checks = (uint16_t)(checks + n_checks - s->checks);
	}
}

/* The fewest bytes a record of d takes: what each row writes at least. */
static size_t min_bytes(const struct conf_struct_desc *d)
{
	size_t n = d->magic ? 4 : 0;
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		switch (f->type) {
		case CF_UINT: case CF_INT: case CF_BYTES: n += f->size; break;
		case CF_BOOL: case CF_ADDR: case CF_PTR: n += 1; break;
		case CF_STRUCT: n += min_bytes(f->elem); break;
		case CF_UNION: break;
		default: n += 4; break;   /* a length or a count */
		}
	}
	return n;
}

/* ---- heap members ---------------------------------------------------------------------------- */

/* Does row f own heap memory (or an interned pointer to clear)? A
 * description still being made (nested in itself) may. */
static bool row_owns(const struct conf_field *f)
{
	switch (f->type) {
	case CF_STR: case CF_ISTR: case CF_BLOB: case CF_PTR: case CF_ARRAY: case CF_STR_ARRAY:
		return true;
	case CF_STRUCT: {
		const struct conf_plan *p = conf_plan_of(f->elem);
		return !p || p->n_owner_rows;
	}
	case CF_UNION:
		for (size_t v = 0; v < f->n_variants; v++) {
			const struct conf_plan *p = f->variants[v].desc ? conf_plan_of(f->variants[v].desc) : NULL;
			if (!p || p->n_owner_rows)
				return true;
		}
		return false;
	default:
		return false;
	}
}

static void make_owner_rows(struct conf_plan *p)
{
	const struct conf_struct_desc *d = p->d;
	p->owner_rows = xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*p->owner_rows));
	for (size_t i = 0; i < d->n_fields; i++)
		if (row_owns(&d->fields[i]))
			p->owner_rows[p->n_owner_rows++] = &d->fields[i];
}

/* ---- scripts ------------------------------------------------------------------------------ */

/* Can row f lead to a script? A description still being made (nested in
 * itself) may. */
static bool row_may_hold(const struct conf_field *f)
{
	switch (f->type) {
	case CF_STR:
		return f->flags & CF_SCRIPT;
	case CF_STRUCT:
	case CF_PTR:
	case CF_ARRAY: {
		const struct conf_plan *p = f->elem ? conf_plan_of(f->elem) : NULL;
		return !p || p->holds;
	}
	case CF_UNION:
		for (size_t v = 0; v < f->n_variants; v++) {
			const struct conf_plan *p = f->variants[v].desc ? conf_plan_of(f->variants[v].desc) : NULL;
			if (!p || p->holds)
				return true;
		}
		return false;
	default:
		return false;
	}
}

static void make_script_rows(struct conf_plan *p)
{
	const struct conf_struct_desc *d = p->d;
	p->script_rows = xcalloc(d->n_fields ? d->n_fields : 1, sizeof(*p->script_rows));
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		if (f->flags & CF_SCRIPT_UID)
			p->uid_row = f;
		if (f->flags & CF_SCRIPT_GID)
			p->gid_row = f;
		if (f->flags & CF_SCRIPT_USER_SET)
			p->user_set_row = f;
		if (row_may_hold(f)) {
			p->holds = true;
			p->script_rows[p->n_script_rows++] = f;
		}
	}
}

/* Contract: see conf_plan.h. */
const struct conf_plan *conf_plan_of(const struct conf_struct_desc *d)
{
	struct conf_plan **slot = plans_get(d), *p;
	if (slot && (*slot)->fields == d->fields && (*slot)->n_fields == d->n_fields)
		return (*slot)->done ? *slot : NULL;
	p = xcalloc(1, sizeof(*p));
	p->d = d;
	p->fields = d->fields;
	p->n_fields = d->n_fields;
	if (slot) {   /* another description at this address before */
		plan_free(*slot);
		*slot = p;
	} else {
		plans_put(p);
	}
	make_steps(p);
	p->min_bytes = min_bytes(d);
	make_owner_rows(p);
	make_script_rows(p);
	p->done = true;
	return p;
}
