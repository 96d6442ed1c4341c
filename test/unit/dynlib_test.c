/* dynlib_test.c - optional libraries loaded at run time (dynlib.h):
 * libmicrohttpd and libsystemd are not mapped until dynlib_load() asks for
 * them (the daemon and this test link DAEMON_LIBS, which leaves them out),
 * then every symbol is resolved; a missing library or symbol is one error
 * line naming the feature, the library and its Debian package, with every
 * address left NULL. OpenSSL (ka_ssl.h) too: not mapped before its first
 * use, then every function of the table is there. */
#include "dynlib.h"
#include "ka_ssl.h"
#include "log.h"
#include "unit.h"

#include <link.h>
#include <stdbool.h>
#include <string.h>

struct lines {
	char last[512];
	int n;
};

static void sink(void *arg, int prio, const char *line)
{
	struct lines *l = arg;
	snprintf(l->last, sizeof(l->last), "%s", line);
	l->n++;
}

static int find_obj(struct dl_phdr_info *info, size_t size, void *arg)
{
	return info->dlpi_name && strstr(info->dlpi_name, (const char *)arg) ? 1 : 0;
}

/* Is a library whose path contains name mapped in this process? */
static bool mapped(const char *name)
{
	return dl_iterate_phdr(find_obj, (void *)name) == 1;
}

TEST(loaded_only_when_asked)
{
	CHECK(!mapped("libmicrohttpd"));
	CHECK(!mapped("libsystemd"));
	CHECK(!mapped("libgnutls"));
	void *run = NULL, *start = NULL;
	const struct dynlib_sym syms[] = {
		{ "MHD_run", &run }, { "MHD_start_daemon", &start }, { NULL, NULL },
	};
	CHECK(dynlib_load("status_http", MHD_SONAME, MHD_PACKAGE, syms));
	CHECK(run != NULL && start != NULL);
	CHECK(mapped("libmicrohttpd"));
	CHECK(!mapped("libsystemd"));
	CHECK(dynlib_load("status_http", MHD_SONAME, MHD_PACKAGE, syms));   /* again: the same */
}

TEST(missing_library_names_the_package)
{
	struct lines l = { "", 0 };
	log_set_sink(sink, &l);
	void *f = (void *)&l;
	const struct dynlib_sym syms[] = { { "f", &f }, { NULL, NULL } };
	CHECK(!dynlib_load("status_http", "libka-no-such-lib.so.7", "libka-no-such-lib7", syms));
	log_set_sink(NULL, NULL);
	CHECK(f == NULL);
	CHECK_EQ_INT(l.n, 1);
	CHECK(strstr(l.last, "status_http needs libka-no-such-lib.so.7 (Debian package libka-no-such-lib7)"));
}

TEST(missing_symbol_clears_all)
{
	struct lines l = { "", 0 };
	log_set_sink(sink, &l);
	void *a = NULL, *b = (void *)&l;
	const struct dynlib_sym syms[] = {
		{ "sd_notify", &a }, { "sd_ka_no_such_call", &b }, { NULL, NULL },
	};
	CHECK(!dynlib_load("systemd notification", SYSTEMD_SONAME, SYSTEMD_PACKAGE, syms));
	log_set_sink(NULL, NULL);
	CHECK(a == NULL && b == NULL);
	CHECK_EQ_INT(l.n, 1);
	CHECK(strstr(l.last, "sd_ka_no_such_call") && strstr(l.last, SYSTEMD_SONAME) &&
	      strstr(l.last, SYSTEMD_PACKAGE));
}

TEST(openssl_loaded_on_first_use)
{
	CHECK(!mapped("libssl"));
	CHECK(!mapped("libcrypto"));
	CHECK(ka_ssl_load());
	CHECK(mapped("libssl") && mapped("libcrypto"));
	const struct ka_ssl_funcs *f = ka_ssl();
	const void *const *p = (const void *const *)f;
	for (size_t i = 0; i < sizeof(*f) / sizeof(void *); i++)
		CHECK(p[i] != NULL);
	/* through the macros, as the callers write it: MD5("abc") */
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	CHECK(ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) && EVP_DigestUpdate(ctx, "abc", 3) &&
	      EVP_DigestFinal_ex(ctx, md, &n));
	EVP_MD_CTX_free(ctx);
	CHECK_EQ_INT((int)n, 16);
	CHECK(md[0] == 0x90 && md[1] == 0x01 && md[15] == 0x72);   /* 900150983cd24fb0d6963f7d28e17f72 */
}

int main(void)
{
	log_init("dynlib_test", "test", 0, LOG_DAEMON);
	RUN(loaded_only_when_asked);
	RUN(missing_library_names_the_package);
	RUN(missing_symbol_clears_all);
	RUN(openssl_loaded_on_first_use);
	return unit_summary();
}
