/* jsonw.c - see jsonw.h. */
#include "jsonw.h"
#include "util.h"

#include <string.h>

void jw_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

void jw_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

void jw_uint(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

void jw_bool(json_object *o, const char *k, bool v)
{
	json_object_object_add(o, k, json_object_new_boolean(v));
}

void jw_double(json_object *o, const char *k, double v)
{
	json_object_object_add(o, k, json_object_new_double(v));
}

void jw_null(json_object *o, const char *k)
{
	json_object_object_add(o, k, NULL);
}

json_object *jw_obj(json_object *o, const char *k)
{
	json_object *c = json_object_new_object();
	json_object_object_add(o, k, c);
	return c;
}

json_object *jw_arr(json_object *o, const char *k)
{
	json_object *c = json_object_new_array();
	json_object_object_add(o, k, c);
	return c;
}

json_object *jw_arr_obj(json_object *a)
{
	json_object *c = json_object_new_object();
	json_object_array_add(a, c);
	return c;
}

char *jw_finish(json_object *o, bool pretty, size_t *len)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN);
	size_t n = 0;
	const char *s = json_object_to_json_string_length(o, flags, &n);
	char *out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	json_object_put(o);
	if (len)
		*len = n;
	return out;
}

json_object *jr_get(const json_object *o, const char *k)
{
	json_object *v = NULL;
	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

const char *jr_str(const json_object *o, const char *k)
{
	json_object *v = jr_get(o, k);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool is_number(const json_object *v)
{
	return v && (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double));
}

int64_t jr_int(const json_object *o, const char *k, int64_t def)
{
	json_object *v = jr_get(o, k);
	return is_number(v) ? json_object_get_int64(v) : def;
}

uint64_t jr_uint(const json_object *o, const char *k, uint64_t def)
{
	json_object *v = jr_get(o, k);
	return is_number(v) ? json_object_get_uint64(v) : def;
}

double jr_double(const json_object *o, const char *k, double def)
{
	json_object *v = jr_get(o, k);
	return is_number(v) ? json_object_get_double(v) : def;
}

bool jr_bool(const json_object *o, const char *k, bool def)
{
	json_object *v = jr_get(o, k);
	return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : def;
}

size_t jr_len(const json_object *o, const char *k)
{
	json_object *v = jr_get(o, k);
	return v && json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;
}

json_object *jr_idx(const json_object *o, const char *k, size_t i)
{
	json_object *v = jr_get(o, k);
	if (!v || !json_object_is_type(v, json_type_array) || i >= json_object_array_length(v))
		return NULL;
	return json_object_array_get_idx(v, i);
}
