/* ka_ssl.c - see ka_ssl.h. */
#define KA_SSL_TABLE   /* the real names here: the table is filled by them */
#include "ka_ssl.h"
#include "dynlib.h"
#include "log.h"

#include <stdlib.h>

/* Filled once per process (a forked child inherits it loaded or not). */
static struct {
	struct ka_ssl_funcs f;
	bool loaded;
} ssl_lib;

bool ka_ssl_load(void)
{
	if (ssl_lib.loaded)
		return true;
	const struct dynlib_sym syms[] = {
#define KA_SSL_SYM(fn) { #fn, (void **)&ssl_lib.f.fn },
		KA_SSL_FUNCS(KA_SSL_SYM)
#undef KA_SSL_SYM
		{ NULL, NULL }
	};
	/* libssl brings libcrypto along: dlsym() on its handle finds both */
	ssl_lib.loaded = dynlib_load("OpenSSL (SSL_GET, HTTP_GET digests, genhash, VRRP AH authentication)",
				     SSL_SONAME, SSL_PACKAGE, syms);
	return ssl_lib.loaded;
}

const struct ka_ssl_funcs *ka_ssl(void)
{
	if (!ssl_lib.loaded && !ka_ssl_load())
		fatal("cannot continue without OpenSSL");
	return &ssl_lib.f;
}
