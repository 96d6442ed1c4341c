/* dynlib.h - optional libraries loaded at run time (dlopen), only by the
 * process and only when the feature that needs them is configured:
 * libmicrohttpd for status_http, libsystemd for Type=notify. Linking them
 * would map them (and GnuTLS, p11-kit, gcrypt, zstd... behind them) into
 * every process at every start, for a feature most configurations do not
 * use. configure finds each library's SONAME and Debian package
 * (ka_build_config.h: MHD_SONAME, MHD_PACKAGE, SYSTEMD_SONAME,
 * SYSTEMD_PACKAGE); the headers still come from the -dev packages. */
#ifndef KA_DYNLIB_H
#define KA_DYNLIB_H

#include <stdbool.h>

/* One symbol to resolve: its name and where to store its address
 * (a function pointer, passed as (void **)&ptr). */
struct dynlib_sym {
	const char *name;
	void **addr;
};

/* Load soname (once; it stays loaded for the life of the process) and
 * resolve every symbol of syms (ended by a row with name NULL). true when
 * all were found; otherwise logs one error naming what needs the library,
 * the library, the Debian package that has it and dlerror(), leaves the
 * addresses NULL and returns false. */
bool dynlib_load(const char *what, const char *soname, const char *package, const struct dynlib_sym *syms);

#endif
