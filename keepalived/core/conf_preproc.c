/* conf_preproc.c - see conf_preproc.h. */
#include "conf_preproc.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool name_char(char c, bool first)
{
	return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

static const char *def_lookup(const struct conf_defs *d, const char *name, size_t len)
{
	for (size_t i = d->n; i-- > 0;)
		if (strlen(d->names[i]) == len && strncmp(d->names[i], name, len) == 0)
			return d->values[i];
	return NULL;
}

static void def_set(struct conf_defs *d, const char *name, size_t len, const char *value)
{
	for (size_t i = 0; i < d->n; i++) {
		if (strlen(d->names[i]) == len && strncmp(d->names[i], name, len) == 0) {
			free(d->values[i]);
			d->values[i] = xstrdup(value);
			return;
		}
	}
	d->names = xrealloc(d->names, (d->n + 1) * sizeof(*d->names));
	d->values = xrealloc(d->values, (d->n + 1) * sizeof(*d->values));
	d->names[d->n] = xmalloc(len + 1);
	memcpy(d->names[d->n], name, len);
	d->names[d->n][len] = '\0';
	d->values[d->n] = xstrdup(value);
	d->n++;
}

void conf_defs_free(struct conf_defs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->values[i]);
	}
	free(d->names);
	free(d->values);
	memset(d, 0, sizeof(*d));
}

/* "@ID rest" / "@^ID rest": does the line apply? *rest points after it. */
static bool condition_holds(const char *s, const char *config_id, const char **rest)
{
	bool negate = s[1] == '^';
	const char *id = s + 1 + negate;
	size_t len = 0;
	while (id[len] && !isspace((unsigned char)id[len]))
		len++;
	*rest = id + len;
	bool match = config_id && strlen(config_id) == len && strncmp(config_id, id, len) == 0;
	return negate ? !match : match;
}

/* "$NAME=value": define it. true if s is a definition. */
static bool definition(struct conf_defs *d, const char *s)
{
	if (s[0] != '$' || !name_char(s[1], true))
		return false;
	size_t len = 1;
	while (name_char(s[1 + len], false))
		len++;
	if (s[1 + len] != '=')
		return false;
	const char *v = s + 2 + len;
	size_t vlen = strlen(v);
	while (vlen && isspace((unsigned char)v[vlen - 1]))
		vlen--;
	char *value = xmalloc(vlen + 1);
	memcpy(value, v, vlen);
	value[vlen] = '\0';
	def_set(d, s + 1, len, value);
	free(value);
	return true;
}

/* Replace $NAME and ${NAME} of defined names; others stay as written. */
static char *substitute(const struct conf_defs *d, const char *s)
{
	char *out = NULL;
	size_t len = 0;
	str_appendf(&out, &len, "%s", "");
	while (*s) {
		if (s[0] == '$' && d->n) {
			bool braced = s[1] == '{';
			const char *name = s + 1 + braced;
			size_t n = 0;
			while (name_char(name[n], n == 0))
				n++;
			const char *value = n ? def_lookup(d, name, n) : NULL;
			if (value && (!braced || name[n] == '}')) {
				str_appendf(&out, &len, "%s", value);
				s = name + n + braced;
				continue;
			}
		}
		str_appendf(&out, &len, "%c", *s++);
	}
	return out;
}

char *conf_preproc_line(struct conf_defs *defs, const char *config_id, const char *line)
{
	const char *s = line;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '@') {
		const char *rest;
		if (!condition_holds(s, config_id, &rest))
			return NULL;
		s = rest;
		while (isspace((unsigned char)*s))
			s++;
	}
	if (definition(defs, s))
		return NULL;
	return substitute(defs, s);
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
