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

#include "conf_parse.h"   /* not "config.h": that name is autoconf's in the build dir */

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
/* Whether any "KIND: PATH:LINE:" line is in the log (no message printed). */
static inline bool log_has_at_quiet(const char *log, const char *kind, const char *path, int line)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s: %s:%d:", kind, path, line);
	return strstr(log, buf) != NULL;
}

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

struct load_call {
	struct config *conf;
	const char *path;
	bool check_only;
	int errors;
};

static inline void load_call_run(void *arg)
{
	struct load_call *c = arg;
	struct config_load_opts opts = { .check_only = c->check_only };
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
