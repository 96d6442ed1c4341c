/* jsonw.h - small helpers over json-c for building and reading the status
 * records (doc/status-json.md). json-c owns the escaping and the parser;
 * these only shorten the common steps. */
#ifndef KA_JSONW_H
#define KA_JSONW_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Add member k to object o (replacing one of that name). A NULL string
 * is stored as null. */
void jw_str(json_object *o, const char *k, const char *v);
void jw_int(json_object *o, const char *k, int64_t v);
void jw_uint(json_object *o, const char *k, uint64_t v);
void jw_bool(json_object *o, const char *k, bool v);
void jw_double(json_object *o, const char *k, double v);
void jw_null(json_object *o, const char *k);
/* A new empty object / array added as member k of o; returned (owned by o). */
json_object *jw_obj(json_object *o, const char *k);
json_object *jw_arr(json_object *o, const char *k);
/* A new empty object appended to array a; returned (owned by a). */
json_object *jw_arr_obj(json_object *a);

/* Serialize o (compact, or pretty with 2-space indent), put o, and return
 * a heap copy of the text; *len gets its length. */
char *jw_finish(json_object *o, bool pretty, size_t *len);

/* Reading: the member k of o (NULL when o is not an object or has none). */
json_object *jr_get(const json_object *o, const char *k);
/* Member k as a string (NULL if absent or not a string), integer,
 * unsigned, double or boolean (def when absent or of another type). */
const char *jr_str(const json_object *o, const char *k);
int64_t jr_int(const json_object *o, const char *k, int64_t def);
uint64_t jr_uint(const json_object *o, const char *k, uint64_t def);
double jr_double(const json_object *o, const char *k, double def);
bool jr_bool(const json_object *o, const char *k, bool def);
/* Array member k: its length (0 when absent) and element i. */
size_t jr_len(const json_object *o, const char *k);
json_object *jr_idx(const json_object *o, const char *k, size_t i);

#endif
