/* conf_plan.h - what the field engine (conf_fields.c) works out once per
 * process from each constant description (conf_fields.h), so that encoding,
 * decoding and the script walks do not go through every row of every
 * record: at 1,000 vrrp_instance records of ~100 rows each, per-row work
 * was most of the parent's encode and of the child's decode.
 *
 *   - the codec's steps: a run of consecutive rows that are plain values
 *     (CF_UINT, CF_INT, CF_BOOL, CF_BYTES) lying back to back in the struct
 *     is one step, encoded as one copy of those bytes - the same bytes the
 *     rows give one by one (integers in host order, a bool as 0 or 1) - and
 *     decoded as one copy followed by the checks of the rows that have one
 *     (a bool is 0 or 1, an integer lies in [min, max] unless that is the
 *     whole range of its type); every other row is a step of its own;
 *   - the fewest bytes one record takes (bounds the counts of arrays);
 *   - the rows that own heap memory (strings, arrays, optional records,
 *     nested structs and unions that have such rows): free and release
 *     visit those only;
 *   - the rows that can lead to a script (CF_SCRIPT strings, nested
 *     structs, arrays and unions holding one somewhere) and the struct's
 *     own CF_SCRIPT_UID/GID/USER_SET rows.
 */
#ifndef KA_CONF_PLAN_H
#define KA_CONF_PLAN_H

#include "conf_fields.h"

struct conf_plan;

/* One step of the codec. */
struct conf_step {
	const struct conf_field *f;       /* the row (n_rows 0), or the first row of a run */
	uint32_t off, len;                /* a run: bytes [off, off + len) of the struct */
	uint16_t n_rows;                  /* 0: one row handled by its type; else a run of rows */
	uint16_t n_checks;                /* a run: rows to check after the copy */
	const struct conf_field *const *checks;
	const struct conf_plan *sub;      /* CF_STRUCT/CF_PTR/CF_ARRAY: the element's plan (NULL:
	                                     look it up, the row nests the description in itself) */
};

struct conf_plan {
	const struct conf_struct_desc *d;
	const struct conf_field *fields;  /* d's rows when the plan was made: a description
	                                     at the same address with other rows (one built
	                                     on the stack, as a unit test does) gets a new plan */
	size_t n_fields;
	bool done;                        /* false while being made (a description nested in itself) */
	size_t n_steps;
	struct conf_step *steps;
	const struct conf_field **checks; /* the steps' checks, one array */
	size_t min_bytes;                 /* the fewest bytes one encoded record takes */
	size_t n_owner_rows;              /* rows that own heap memory somewhere below (or
	                                     hold an interned pointer): what free and
	                                     release visit, in table order */
	const struct conf_field **owner_rows;
	bool holds;                       /* a script may be somewhere below */
	size_t n_script_rows;             /* rows that may lead to a script, in table order */
	const struct conf_field **script_rows;
	const struct conf_field *uid_row, *gid_row, *user_set_row;   /* the last of each, or NULL */
};

/* d's plan, made on first use and kept for the life of the process (the
 * descriptions are constant tables; one at an address that held another
 * description before replaces its plan); NULL
 * only while d's own plan is being made (a description that contains
 * itself through a pointer or an array). */
const struct conf_plan *conf_plan_of(const struct conf_struct_desc *d);

/* Does the integer or bool row f accept the value stored at p (the checks
 * of decode: a bool 0 or 1, an integer in [min, max])? */
bool conf_plan_value_ok(const struct conf_field *f, const void *p);

/* The integer member of size 1/2/4/8 (signed or not) at p, as int64 (a u64
 * above INT64_MAX comes out negative: see the range checks). */
int64_t conf_load_int(const void *p, size_t size, bool is_signed);

#endif
