/* dynlib.c - see dynlib.h. */
#include "dynlib.h"
#include "log.h"

#include <dlfcn.h>
#include <stddef.h>

static void clear(const struct dynlib_sym *syms)
{
	for (const struct dynlib_sym *s = syms; s->name; s++)
		*s->addr = NULL;
}

bool dynlib_load(const char *what, const char *soname, const char *package, const struct dynlib_sym *syms)
{
	/* RTLD_NOW: a missing symbol shows here, not in the middle of a request */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		log_err("%s needs %s (Debian package %s): %s", what, soname, package, dlerror());
		clear(syms);
		return false;
	}
	for (const struct dynlib_sym *s = syms; s->name; s++) {
		dlerror();
		*s->addr = dlsym(h, s->name);
		if (!*s->addr) {
			const char *e = dlerror();
			log_err("%s needs %s from %s (Debian package %s): %s", what, s->name, soname, package,
				e ? e : "not found");
			clear(syms);
			return false;   /* h stays loaded: dlopen() counts, a later try finds it again */
		}
	}
	return true;
}
