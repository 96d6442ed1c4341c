/* script_path.c - checking a script's path and executing the file checked
 * (see script_exec.h). */
#include "script_exec.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_SYMLINKS 40   /* as the kernel's ELOOP limit */

/* Resolve argv0 through PATH (when it has no '/') into an absolute path. */
static bool resolve_path(const char *argv0, char *buf, size_t size)
{
	if (argv0[0] == '/')
		return str_copy(buf, size, argv0);
	if (strchr(argv0, '/')) {
		char cwd[PATH_MAX];
		return getcwd(cwd, sizeof(cwd)) &&
		       snprintf(buf, size, "%s/%s", cwd, argv0) < (int)size;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len && path[0] == '/' &&
		    snprintf(buf, size, "%.*s/%s", (int)len, path, argv0) < (int)size &&
		    access(buf, X_OK) == 0)
			return true;
		path += len + (end ? 1 : 0);
	}
	return false;
}

/* Who besides root and uid could change what st describes: NULL when
 * nobody, else why. A symlink's mode means nothing, only its owner (in a
 * sticky directory the owner may replace it); a root-owned directory with
 * the sticky bit (/tmp) protects the entries it holds. */
static const char *unsafe_reason(const struct stat *st, uid_t uid, char *buf, size_t len)
{
	if (st->st_uid != 0 && st->st_uid != uid) {
		snprintf(buf, len, "owned by uid %u", (unsigned)st->st_uid);
		return buf;
	}
	if (S_ISLNK(st->st_mode))
		return NULL;
	bool sticky_root = S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) && st->st_uid == 0;
	if (sticky_root)
		return NULL;
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0) {
		snprintf(buf, len, "group-writable, gid %u", (unsigned)st->st_gid);
		return buf;
	}
	if (st->st_mode & S_IWOTH)
		return "world-writable";
	return NULL;
}

/* Record the first unsafe component. */
static void note_unsafe(struct script_target *t, const char *what, const char *path, const char *reason)
{
	if (!t->secure)
		return;
	t->secure = false;
	snprintf(t->why, sizeof(t->why), "%s%s is writable by a non-root user (%s)", what, path, reason);
}

static void check_component(struct script_target *t, const struct stat *st, const char *path, uid_t uid)
{
	char buf[64];
	const char *r = unsafe_reason(st, uid, buf, sizeof(buf));
	if (!r)
		return;
	const char *what = S_ISDIR(st->st_mode) ? "directory " : S_ISLNK(st->st_mode) ? "symlink " : "";
	note_unsafe(t, what, path, r);
}

/* Take the next component of *rest (leading slashes skipped) into comp. */
static bool next_component(const char **rest, char *comp, size_t size)
{
	const char *s = *rest;
	while (*s == '/')
		s++;
	if (!*s)
		return false;
	size_t n = strcspn(s, "/");
	if (n >= size)
		n = size - 1;   /* NAME_MAX exceeded: openat() will say ENAMETOOLONG */
	memcpy(comp, s, n);
	comp[n] = '\0';
	*rest = s + strcspn(s, "/");
	return true;
}

/* Append "/comp" to the path shown in messages (or go up for ".."). */
static void path_push(char *shown, size_t size, const char *comp)
{
	if (!strcmp(comp, "..")) {
		char *slash = strrchr(shown, '/');
		if (slash && slash != shown)
			*slash = '\0';
		else
			str_copy(shown, size, "/");
		return;
	}
	size_t len = strlen(shown);
	snprintf(shown + len, size - len, "%s%s", len > 1 ? "/" : "", comp);
}

static int open_root(struct script_target *t, uid_t uid)
{
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0)
		check_component(t, &st, "/", uid);
	return fd;
}

/* Something makes the path unusable: why says what (replacing any note
 * about an unsafe component). */
static void fail_at(struct script_target *t, const char *what)
{
	snprintf(t->why, sizeof(t->why), "%s: %s", t->path, what);
}

/* The last component was reached and is a regular file: open it from its
 * checked directory and make sure it is the same file. */
static bool take_file(struct script_target *t, int dir, const char *name, const struct stat *st)
{
	t->file_fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat fst;
	if (t->file_fd < 0 || fstat(t->file_fd, &fst) < 0) {
		fail_at(t, strerror(errno));
		return false;
	}
	if (fst.st_dev != st->st_dev || fst.st_ino != st->st_ino) {
		fail_at(t, "changed while it was checked");
		return false;
	}
	t->dir_fd = dir;
	t->name = xstrdup(name);
	t->dev = st->st_dev;
	t->ino = st->st_ino;
	char head[4] = { 0 };
	ssize_t n = pread(t->file_fd, head, sizeof(head), 0);
	if (n >= 4 && !memcmp(head, "\177ELF", 4))
		t->kind = SCRIPT_ELF;
	else if (n >= 2 && head[0] == '#' && head[1] == '!')
		t->kind = SCRIPT_SHEBANG;
	else
		t->kind = SCRIPT_SHELL;
	return true;
}

/* A symlink at fd (its name already in t->path): put its target in front
 * of what is left to walk (*todo, *rest); from "/" when it is absolute. */
static bool follow_link(struct script_target *t, int fd, char **todo, const char **rest,
			int *dir, uid_t uid)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n <= 0) {
		fail_at(t, strerror(n < 0 ? errno : ENOENT));
		return false;
	}
	target[n] = '\0';
	char *more = xmalloc(strlen(target) + strlen(*rest) + 2);
	sprintf(more, "%s/%s", target, *rest);
	free(*todo);
	*todo = more;
	*rest = more;
	path_push(t->path, sizeof(t->path), "..");   /* the link's name is not in the resolved path */
	if (target[0] == '/') {
		close(*dir);
		*dir = open_root(t, uid);
		str_copy(t->path, sizeof(t->path), "/");
		if (*dir < 0) {
			fail_at(t, strerror(errno));
			return false;
		}
	}
	return true;
}

/* Walk path from "/". Each component is opened relative to the directory
 * checked before it; symlinks are followed here. */
static bool walk(struct script_target *t, const char *path, uid_t uid)
{
	char *todo = xstrdup(path);     /* what is left to walk */
	const char *rest = todo;
	char comp[NAME_MAX + 2];
	int links = 0;
	bool ok = false;
	str_copy(t->path, sizeof(t->path), "/");
	int dir = open_root(t, uid);
	if (dir < 0) {
		fail_at(t, strerror(errno));
		free(todo);
		return false;
	}
	for (;;) {
		if (!next_component(&rest, comp, sizeof(comp))) {
			fail_at(t, strerror(EISDIR));
			break;
		}
		if (!strcmp(comp, "."))
			continue;
		path_push(t->path, sizeof(t->path), comp);
		int fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			fail_at(t, strerror(errno));
			if (fd >= 0)
				close(fd);
			break;
		}
		check_component(t, &st, t->path, uid);
		if (S_ISLNK(st.st_mode)) {
			bool followed = ++links <= MAX_SYMLINKS &&
					follow_link(t, fd, &todo, &rest, &dir, uid);
			if (links > MAX_SYMLINKS)
				fail_at(t, "too many levels of symbolic links");
			close(fd);
			if (!followed)
				break;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			close(dir);
			dir = fd;
			continue;
		}
		close(fd);
		if (rest[strspn(rest, "/")]) {
			fail_at(t, strerror(ENOTDIR));
			break;
		}
		if (!S_ISREG(st.st_mode)) {
			fail_at(t, "not a regular file");
			break;
		}
		ok = take_file(t, dir, comp, &st);
		if (ok)
			dir = -1;   /* now t->dir_fd */
		break;
	}
	if (dir >= 0)
		close(dir);
	free(todo);
	return ok;
}

bool script_target_open(const char *argv0, uid_t uid, struct script_target *t)
{
	memset(t, 0, sizeof(*t));
	t->dir_fd = t->file_fd = -1;
	t->secure = true;
	char path[PATH_MAX];
	if (!resolve_path(argv0, path, sizeof(path))) {
		snprintf(t->why, sizeof(t->why), "%s: not found", argv0);
		t->secure = false;
		return false;
	}
	if (!walk(t, path, uid)) {
		t->secure = false;
		script_target_close(t);
		return false;
	}
	return true;
}

void script_target_close(struct script_target *t)
{
	if (t->dir_fd >= 0)
		close(t->dir_fd);
	if (t->file_fd >= 0)
		close(t->file_fd);
	t->dir_fd = t->file_fd = -1;
	free(t->name);
	t->name = NULL;
}

/* ---- executing -------------------------------------------------------------------- */

extern char **environ;

static void __attribute__((noreturn)) exec_fail(const struct script_target *t, int code, const char *what)
{
	fprintf(stderr, "script %s: %s\n", t->path, what);
	_exit(code);
}

/* Put fd at SCRIPT_EXEC_FD (close-on-exec or not) and close every other
 * descriptor from 3 up. */
static bool keep_only(int fd, bool cloexec)
{
	if (fd != SCRIPT_EXEC_FD && dup2(fd, SCRIPT_EXEC_FD) < 0)
		return false;
	if (fcntl(SCRIPT_EXEC_FD, F_SETFD, cloexec ? FD_CLOEXEC : 0) < 0)
		return false;
#ifdef SYS_close_range
	syscall(SYS_close_range, 3U, (unsigned)SCRIPT_EXEC_FD - 1, 0U);
	syscall(SYS_close_range, (unsigned)SCRIPT_EXEC_FD + 1, ~0U, 0U);
#else
	for (int i = 3; i < 1024; i++)
		if (i != SCRIPT_EXEC_FD)
			close(i);
#endif
	return true;
}

/* execve() path with extra words in front of argv[1..]: what the kernel
 * does for "#!" lines, and execvp() for files without a header. */
static void exec_with(const char *path, const char *w0, const char *w1, const char *w2, char *const argv[])
{
	size_t n = 0;
	while (argv[n])
		n++;
	const char **v = xcalloc(n + 3, sizeof(*v));
	size_t k = 0;
	v[k++] = w0;
	if (w1)
		v[k++] = w1;
	v[k++] = w2;
	for (size_t i = 1; i < n; i++)
		v[k++] = argv[i];
	execve(path, (char *const *)v, environ);
}

/* A "#!" line as the kernel reads it (binfmt_script): the interpreter, then
 * at most one argument, the rest of the line without surrounding blanks.
 * False when the line is not complete within the kernel's 256 bytes. */
static bool parse_shebang(int fd, char *buf, size_t size, char **interp, char **arg)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	if (n < 2)
		return false;
	buf[n] = '\0';
	char *nl = memchr(buf, '\n', (size_t)n);
	if (!nl)
		return false;
	*nl = '\0';
	while (nl > buf + 2 && (nl[-1] == ' ' || nl[-1] == '\t'))
		*--nl = '\0';
	char *p = buf + 2;
	p += strspn(p, " \t");
	*interp = p;
	p += strcspn(p, " \t");
	*arg = NULL;
	if (*p) {
		*p++ = '\0';
		p += strspn(p, " \t");
		if (*p)
			*arg = p;
	}
	return **interp != '\0';
}

void script_target_exec(const struct script_target *t, char *const argv[])
{
	if (t->kind == SCRIPT_ELF) {
		if (!keep_only(t->file_fd, true))
			exec_fail(t, 126, strerror(errno));
		syscall(SYS_execveat, SCRIPT_EXEC_FD, "", argv, environ, AT_EMPTY_PATH);
		exec_fail(t, errno == ENOENT ? 127 : 126, strerror(errno));
	}
	/* By name in the checked directory: the name must still be the file. */
	struct stat st;
	if (fstatat(t->dir_fd, t->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		log_err("script %s: %s: not run", t->path, strerror(errno));
		_exit(127);
	}
	if (st.st_dev != t->dev || st.st_ino != t->ino) {
		log_err("script %s was replaced after it was checked: not run", t->path);
		_exit(126);
	}
	char line[256], *interp = NULL, *arg = NULL;
	bool shebang = t->kind == SCRIPT_SHEBANG && parse_shebang(t->file_fd, line, sizeof(line), &interp, &arg);
	if (!keep_only(t->dir_fd, false))
		exec_fail(t, 126, strerror(errno));
	/* The interpreter opens the script through the directory descriptor:
	 * /proc/self/fd, not /dev/fd, which a minimal /dev may lack. */
	char fdpath[64 + NAME_MAX];
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d/%s", SCRIPT_EXEC_FD, t->name);
	if (shebang) {
		exec_with(interp, interp, arg, fdpath, argv);
		exec_fail(t, errno == ENOENT ? 127 : 126, strerror(errno));
	}
	/* No header we can read: the kernel may know it (binfmt_misc);
	 * otherwise /bin/sh runs it, as execvp() does. */
	syscall(SYS_execveat, SCRIPT_EXEC_FD, t->name, argv, environ, 0);
	if (errno != ENOEXEC)
		exec_fail(t, errno == ENOENT ? 127 : 126, strerror(errno));
	exec_with("/bin/sh", argv[0], NULL, fdpath, argv);
	exec_fail(t, 126, strerror(errno));
}
