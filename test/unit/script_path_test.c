/* script_path_test.c - the script path checks and executing the file that
 * was checked (core/script_path.c), on a temporary tree:
 *   - a directory writable by others in the middle of the path;
 *   - a symlink in a directory writable by others (its target is safe);
 *   - a symlink owned by another user in a sticky directory;
 *   - a safe symlink (relative and absolute), and a safe target reached
 *     through a writable directory;
 *   - a script swapped after the check: an ELF binary still runs the file
 *     checked; a "#!" script is not run;
 *   - what a "#!" script sees as $0 (basename and dirname still work), and
 *     a file without a header run by /bin/sh.
 * Needs root for the ownership cases (skipped otherwise).
 */
#include "script_exec.h"
#include "unit.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY 65534

static char base[64];

static void put_file(const char *rel, const char *text, mode_t mode)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	FILE *f = fopen(p, "w");
	if (!f) {
		perror(p);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
}

static void put_dir(const char *rel, mode_t mode)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	mkdir(p, mode);
	chmod(p, mode);
}

static void put_link(const char *rel, const char *target)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	if (symlink(target, p) < 0)
		perror(p);
}

static const char *at(const char *rel)
{
	static char p[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", base, rel);
	return p[k];
}

/* Check rel; *why gets the reason. Returns 1 secure, 0 unsafe, -1 not runnable. */
static int check(const char *path, char *why, size_t len)
{
	struct script_target t;
	bool found = script_target_open(path, 0, &t);
	snprintf(why, len, "%s", t.why);
	int r = !found ? -1 : t.secure ? 1 : 0;
	script_target_close(&t);
	return r;
}

/* Run an opened target with argv in a child; its stdout in out. Returns
 * the exit status (or 128 + signal). */
static int run(const struct script_target *t, char *const argv[], char *out, size_t len)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		script_target_exec(t, argv);
	}
	close(pfd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && (r = read(pfd[0], out + n, len - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(pfd[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

TEST(writable_directory_in_the_middle)
{
	char why[4400];
	put_dir("a", 0777);
	put_dir("a/b", 0755);
	put_file("a/b/s.sh", "#!/bin/sh\nexit 0\n", 0755);
	CHECK_EQ_INT(check(at("a/b/s.sh"), why, sizeof(why)), 0);
	CHECK(strstr(why, "directory ") && strstr(why, "/a is writable by a non-root user"));
	chmod(at("a"), 0755);
	CHECK_EQ_INT(check(at("a/b/s.sh"), why, sizeof(why)), 1);
	chmod(at("a"), 0775);   /* group-writable, group root: allowed as before */
	CHECK_EQ_INT(check(at("a/b/s.sh"), why, sizeof(why)), 1);
	chmod(at("a"), 01777);  /* sticky and root's: entries are safe */
	CHECK_EQ_INT(check(at("a/b/s.sh"), why, sizeof(why)), 1);
	chmod(at("a/b/s.sh"), 0757);
	CHECK_EQ_INT(check(at("a/b/s.sh"), why, sizeof(why)), 0);
	CHECK(strstr(why, "s.sh is writable by a non-root user (world-writable)") != NULL);
}

TEST(symlink_through_a_writable_directory)
{
	char why[4400];
	put_dir("safe", 0755);
	put_file("safe/s.sh", "#!/bin/sh\nexit 0\n", 0755);
	put_dir("w", 0777);
	put_link("w/l", at("safe/s.sh"));
	/* realpath() is safe, but the link can be swapped by anyone */
	CHECK_EQ_INT(check(at("safe/s.sh"), why, sizeof(why)), 1);
	CHECK_EQ_INT(check(at("w/l"), why, sizeof(why)), 0);
	CHECK(strstr(why, "/w is writable") != NULL);
	/* a safe link to a file in a writable directory */
	put_file("w/x.sh", "#!/bin/sh\nexit 0\n", 0755);
	put_link("safe/tox", at("w/x.sh"));
	CHECK_EQ_INT(check(at("safe/tox"), why, sizeof(why)), 0);
	CHECK(strstr(why, "/w is writable") != NULL);
	/* safe links, relative and absolute, and a relative path with .. */
	put_link("safe/rel", "s.sh");
	put_link("safe/abs", at("safe/s.sh"));
	CHECK_EQ_INT(check(at("safe/rel"), why, sizeof(why)), 1);
	CHECK_EQ_INT(check(at("safe/abs"), why, sizeof(why)), 1);
	CHECK_EQ_INT(check(at("w/../safe/s.sh"), why, sizeof(why)), 0);  /* the path as written passes w */
	CHECK_EQ_INT(check("sh", why, sizeof(why)), 1);                   /* through PATH */
}

TEST(symlink_owned_by_another_user)
{
	if (geteuid() != 0)
		return;
	char why[4400];
	put_dir("st", 01777);
	put_file("st/own.sh", "#!/bin/sh\nexit 0\n", 0755);
	put_link("st/l", "own.sh");
	CHECK_EQ_INT(check(at("st/l"), why, sizeof(why)), 1);
	CHECK(lchown(at("st/l"), NOBODY, NOBODY) == 0);
	CHECK_EQ_INT(check(at("st/l"), why, sizeof(why)), 0);
	CHECK(strstr(why, "symlink ") && strstr(why, "owned by uid 65534"));
	/* a file owned by the script's user is fine for that user */
	CHECK(chown(at("st/own.sh"), NOBODY, NOBODY) == 0);
	struct script_target t;
	CHECK(script_target_open(at("st/own.sh"), NOBODY, &t) && t.secure);
	script_target_close(&t);
	CHECK(script_target_open(at("st/own.sh"), 0, &t) && !t.secure);
	script_target_close(&t);
}

TEST(not_runnable)
{
	char why[4400];
	CHECK_EQ_INT(check(at("nothing/here"), why, sizeof(why)), -1);
	CHECK(strstr(why, "No such file") != NULL);
	CHECK_EQ_INT(check(at("safe"), why, sizeof(why)), -1);
	put_link("safe/loop", "loop");
	CHECK_EQ_INT(check(at("safe/loop"), why, sizeof(why)), -1);
	CHECK(strstr(why, "too many levels") != NULL);
	CHECK_EQ_INT(check("no-such-command-ka", why, sizeof(why)), -1);
}

TEST(elf_swapped_after_the_check_runs_what_was_checked)
{
	char cmd[600], out[256];
	snprintf(cmd, sizeof(cmd), "cp /bin/echo %s && cp /bin/false %s", at("safe/prog"), at("safe/new"));
	CHECK(system(cmd) == 0);
	struct script_target t;
	CHECK(script_target_open(at("safe/prog"), 0, &t) && t.secure);
	CHECK_EQ_INT(t.kind, SCRIPT_ELF);
	CHECK(rename(at("safe/new"), at("safe/prog")) == 0);   /* swapped */
	char *argv[] = { "prog", "checked", NULL };
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 0);
	CHECK_STR(out, "checked\n");
	script_target_close(&t);
}

TEST(script_swapped_after_the_check_is_not_run)
{
	char out[256];
	put_file("safe/sw.sh", "#!/bin/sh\necho old\n", 0755);
	put_file("safe/sw.new", "#!/bin/sh\necho new\n", 0755);
	struct script_target t;
	CHECK(script_target_open(at("safe/sw.sh"), 0, &t) && t.secure);
	CHECK_EQ_INT(t.kind, SCRIPT_SHEBANG);
	char *argv[] = { "sw.sh", NULL };
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 0);   /* unchanged: runs */
	CHECK_STR(out, "old\n");
	CHECK(rename(at("safe/sw.new"), at("safe/sw.sh")) == 0);
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 126);
	CHECK_STR(out, "");
	script_target_close(&t);
}

TEST(script_sees_its_name_and_directory)
{
	char out[512];
	put_file("safe/lib.sh", "LIB=yes\n", 0644);
	put_file("safe/me.sh",
		 "#!/bin/sh\n. \"$(dirname \"$0\")/lib.sh\"\necho \"$(basename \"$0\") $LIB $1 $2\"\n", 0755);
	struct script_target t;
	CHECK(script_target_open(at("safe/me.sh"), 0, &t));
	char *argv[] = { (char *)at("safe/me.sh"), "one", "two words", NULL };
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 0);
	CHECK_STR(out, "me.sh yes one two words\n");
	script_target_close(&t);
	/* "#!" lines as the kernel reads them: blanks, one argument */
	put_file("safe/e.sh", "#! /bin/sh  -e  \necho \"$0\"\nfalse\necho not reached\n", 0755);
	CHECK(script_target_open(at("safe/e.sh"), 0, &t));
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 1);
	CHECK_STR(out, "/proc/self/fd/10/e.sh\n");
	script_target_close(&t);
	put_file("safe/env.sh", "#!/usr/bin/env sh\necho \"$1\"\n", 0755);
	CHECK(script_target_open(at("safe/env.sh"), 0, &t));
	CHECK_EQ_INT(run(&t, argv, out, sizeof(out)), 0);
	CHECK_STR(out, "one\n");
	script_target_close(&t);
	/* no "#!": /bin/sh runs it, as execvp() does */
	put_file("safe/plain", "echo plain $1\n", 0755);
	CHECK(script_target_open(at("safe/plain"), 0, &t));
	CHECK_EQ_INT(t.kind, SCRIPT_SHELL);
	char *argv2[] = { "plain", "x", NULL };
	CHECK_EQ_INT(run(&t, argv2, out, sizeof(out)), 0);
	CHECK_STR(out, "plain x\n");
	script_target_close(&t);
	/* a missing interpreter: 127, like execvp() */
	put_file("safe/noint.sh", "#!/no/such/interpreter\n", 0755);
	CHECK(script_target_open(at("safe/noint.sh"), 0, &t));
	CHECK_EQ_INT(run(&t, argv2, out, sizeof(out)), 127);
	script_target_close(&t);
}

int main(void)
{
	snprintf(base, sizeof(base), "/tmp/ka-spath-XXXXXX");
	if (!mkdtemp(base))
		return 99;
	chmod(base, 0755);
	RUN(writable_directory_in_the_middle);
	RUN(symlink_through_a_writable_directory);
	RUN(symlink_owned_by_another_user);
	RUN(not_runnable);
	RUN(elf_swapped_after_the_check_runs_what_was_checked);
	RUN(script_swapped_after_the_check_is_not_run);
	RUN(script_sees_its_name_and_directory);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", base);
	return unit_summary();
}
