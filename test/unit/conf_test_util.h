/* conf_test_util.h - helpers shared by the config unit tests: fixture
 * paths, temporary config files, and capturing what the parser logs.
 *
 * Log lines go to stderr (the log's default destination); load_capture()
 * points fd 2 at a temporary file for the duration of one config_load().
 */
#ifndef KA_CONF_TEST_UTIL_H
#define KA_CONF_TEST_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_host.h"
#include "conf_parse.h"   /* not "config.h": that name is autoconf's in the build dir */

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

/* path of a fixture under test/unit/conf into buf. */
static inline const char *fixture(char *buf, size_t size, const char *name)
{
	const char *top = getenv("TOP_SRCDIR");
	snprintf(buf, size, "%s/test/unit/conf/%s", top && *top ? top : TOP_SRCDIR, name);
	return buf;
}

/* path of a file of the source tree (e.g. doc/samples/...) into buf. */
static inline const char *srcfile(char *buf, size_t size, const char *name)
{
	const char *top = getenv("TOP_SRCDIR");
	snprintf(buf, size, "%s/%s", top && *top ? top : TOP_SRCDIR, name);
	return buf;
}

/* Run fn(arg) with stderr captured; returns the captured text (malloc'd). */
static inline char *capture_stderr(void (*fn)(void *), void *arg)
{
	fflush(stderr);
	FILE *tmp = tmpfile();
	int saved = dup(2);
	if (!tmp || saved < 0) {
		perror("capture_stderr");
		exit(2);
	}
	dup2(fileno(tmp), 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	long n = ftell(tmp);
	if (n < 0)
		n = 0;
	char *text = malloc((size_t)n + 1);
	rewind(tmp);
	size_t got = fread(text, 1, (size_t)n, tmp);
	text[got] = '\0';
	fclose(tmp);
	return text;
}

/* The interfaces the configuration checks see in the unit tests, whatever
 * the host has: lo (a loopback interface), eth0..eth3 (Ethernet, MTU
 * 1500), lo9 (a loopback interface of another name) and ethlo (an
 * Ethernet interface whose name says otherwise). Any other name does not
 * exist. Addresses: 127.0.0.1 and ::1 on lo, 10.1.1.1 on eth0. None is a
 * macvlan (fake_link_kind). */
struct fake_if {
	const char *name;
	unsigned index, flags, mtu;
};
#define FAKE_ETH (IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST)
static const struct fake_if fake_ifs[] = {
	{ "lo", 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, 65536 },
	{ "eth0", 2, FAKE_ETH, 1500 }, { "eth1", 3, FAKE_ETH, 1500 },
	{ "eth2", 4, FAKE_ETH, 1500 }, { "eth3", 5, FAKE_ETH, 1500 },
	{ "lo9", 6, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, 65536 },
	{ "ethlo", 7, FAKE_ETH, 1500 },
};

/* conf_host.iface over fake_ifs. */
static inline bool fake_iface(const struct conf_host *h, const char *ifname, struct conf_host_if *out)
{
	(void)h;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(fake_ifs) / sizeof(fake_ifs[0]); i++)
		if (!strcmp(fake_ifs[i].name, ifname)) {
			*out = (struct conf_host_if){ fake_ifs[i].index, fake_ifs[i].flags, fake_ifs[i].mtu };
			return true;
		}
	return false;
}

static const struct { const char *ifname; int family; const char *addr; } fake_addrs[] = {
	{ "lo", AF_INET, "127.0.0.1" }, { "lo", AF_INET6, "::1" }, { "eth0", AF_INET, "10.1.1.1" },
};
struct fake_ifa {
	struct ifaddrs ifa;   /* first: the list is the array */
	struct sockaddr_storage sa;
};

/* conf_host.addrs over fake_addrs (one calloc'd array, linked). */
static inline struct ifaddrs *fake_addrs_list(const struct conf_host *h)
{
	(void)h;
	size_t n = sizeof(fake_addrs) / sizeof(fake_addrs[0]);
	struct fake_ifa *a = calloc(n, sizeof(*a));
	if (!a)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		a[i].ifa.ifa_name = (char *)fake_addrs[i].ifname;
		a[i].ifa.ifa_addr = (struct sockaddr *)&a[i].sa;
		a[i].ifa.ifa_next = i + 1 < n ? &a[i + 1].ifa : NULL;
		a[i].sa.ss_family = (sa_family_t)fake_addrs[i].family;
		void *dst = fake_addrs[i].family == AF_INET ? (void *)&((struct sockaddr_in *)&a[i].sa)->sin_addr
							    : (void *)&((struct sockaddr_in6 *)&a[i].sa)->sin6_addr;
		inet_pton(fake_addrs[i].family, fake_addrs[i].addr, dst);
	}
	return &a[0].ifa;
}

static inline void fake_addrs_free(const struct conf_host *h, struct ifaddrs *list)
{
	(void)h;
	free(list);
}

/* conf_host.link_kind: every fake interface is a plain link (none is a
 * macvlan). */
static inline enum conf_link_kind fake_link_kind(const struct conf_host *h, const char *ifname)
{
	struct conf_host_if i;
	return fake_iface(h, ifname, &i) ? CONF_LINK_OTHER : CONF_LINK_UNKNOWN;
}

static const struct conf_host conf_test_host = {
	.iface = fake_iface, .addrs = fake_addrs_list, .addrs_free = fake_addrs_free, .link_kind = fake_link_kind,
};

struct load_call {
	struct config *conf;
	const char *path;
	bool check_only;
	int errors;
};

static inline void load_call_run(void *arg)
{
	struct load_call *c = arg;
	struct config_load_opts opts = { .check_only = c->check_only, .host = &conf_test_host };
	c->errors = config_load(c->conf, c->path, &opts);
}

/* config_load() with the log captured into *log (free it). Returns errors. */
static inline int load_capture(struct config *conf, const char *path, bool check_only, char **log)
{
	struct load_call c = { conf, path, check_only, 0 };
	char *text = capture_stderr(load_call_run, &c);
	if (log)
		*log = text;
	else
		free(text);
	return c.errors;
}

/* Number of occurrences of needle in hay. */
static inline int count_in(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* A private temporary directory for generated config files. */
struct tmpdir {
	char path[64];
};

static inline void tmpdir_make(struct tmpdir *t)
{
	snprintf(t->path, sizeof(t->path), "/tmp/conf_test.XXXXXX");
	if (!mkdtemp(t->path)) {
		perror("mkdtemp");
		exit(2);
	}
}

/* Write text to DIR/name (sub directories must exist); path into out. */
static inline const char *tmpdir_write(const struct tmpdir *t, const char *name, const char *text,
				       char *out, size_t size)
{
	static char local[512];
	if (!out) {
		out = local;
		size = sizeof(local);
	}
	snprintf(out, size, "%s/%s", t->path, name);
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	return out;
}

static inline void tmpdir_remove(struct tmpdir *t)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->path);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", t->path);
}

/* Load a config given as text (written to a temporary file named name);
 * the file's path goes to path_out, the log to *log. Returns errors. */
static inline int load_text(struct config *conf, const char *text, bool check_only,
			    char *path_out, size_t size, char **log)
{
	struct tmpdir t;
	tmpdir_make(&t);
	tmpdir_write(&t, "test.conf", text, path_out, size);
	int errors = load_capture(conf, path_out, check_only, log);
	tmpdir_remove(&t);
	return errors;
}

/* config_init(conf), then load_text() of text as -t would (path_out: 512
 * bytes). Returns errors. */
static inline int load_fresh(struct config *conf, const char *text, char *path_out, char **log)
{
	config_init(conf);
	return load_text(conf, text, true, path_out, 512, log);
}

/* "error: PATH:LINE: MSG" / "warning: PATH:LINE: MSG" as the log prints them. */
static inline bool log_has_at(const char *log, const char *kind, const char *path, int line, const char *msg)
{
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s: %s:%d: %s", kind, path, line, msg);
	bool ok = strstr(log, buf) != NULL;
	if (!ok)
		fprintf(stderr, "expected in log: [%s]\nlog was:\n%s\n", buf, log);
	return ok;
}

/* Whether any "KIND: PATH:LINE:" line is in the log (no message printed). */
static inline bool log_has_at_quiet(const char *log, const char *kind, const char *path, int line)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s: %s:%d:", kind, path, line);
	return strstr(log, buf) != NULL;
}

#endif
