/* pidfile.c - see pidfile.h. */
#include "pidfile.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACQUIRE_TRIES 8

struct pidfile {
	char *path;
	int fd;          /* the file at path, locked */
	dev_t dev;
	ino_t ino;
	char *made_dir;  /* the directory acquire created (e.g. a -p path's missing parent), or NULL */
};

/* The pid written in the file open at fd (0 if none). */
static pid_t read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	long pid = strtol(buf, NULL, 10);
	return pid > 0 ? (pid_t)pid : 0;
}

/* A live process named keepalived (ours or another build) with that pid;
 * a zombie (killed, not reaped yet) is not alive. */
static bool keepalived_alive(pid_t pid)
{
	if (pid <= 0 || pid == getpid() || (kill(pid, 0) < 0 && errno != EPERM))
		return false;
	char path[64], stat[512] = "";
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(stat, sizeof(stat), f) != NULL;
	fclose(f);
	/* "PID (COMM) STATE ..." */
	const char *open = strchr(stat, '('), *close = strrchr(stat, ')');
	if (!ok || !open || !close || close[1] != ' ')
		return false;
	return strncmp(open + 1, "keepalived", 10) == 0 && close[2] != 'Z' && close[2] != 'X';
}

/* Is the file open at fd held by someone (the caller holds no lock on it)? */
static bool held(int fd, const char *path)
{
	if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			log_err("already running: %s is held by pid %d", path, (int)read_pid(fd));
			return true;
		}
		return false;
	}
	flock(fd, LOCK_UN);
	pid_t pid = read_pid(fd);
	if (keepalived_alive(pid)) {
		log_err("already running: %s names the running keepalived pid %d", path, (int)pid);
		return true;
	}
	return false;
}

bool pidfile_busy(const char *path)
{
	if (!path)
		return false;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	bool busy = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && held(fd, path);
	close(fd);
	return busy;
}

/* Open (creating it empty if missing) and lock the file now at path, so
 * nobody else can take the name while we replace it. The fd, -2 when it
 * is held by someone else, -1 on error. */
static int lock_current(const char *path)
{
	for (int i = 0; i < ACQUIRE_TRIES; i++) {
		int fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
		if (fd < 0 && (errno == ELOOP || errno == EISDIR || errno == ENXIO)) {
			if (unlink(path) < 0 && errno != ENOENT)
				return -1;
			continue;   /* a symlink (or other non-file) is replaced, never followed */
		}
		if (fd < 0)
			return -1;
		struct stat a, b;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int e = errno;
			if (e == EWOULDBLOCK)
				log_err("already running: %s is held by pid %d", path, (int)read_pid(fd));
			close(fd);
			errno = e;
			return e == EWOULDBLOCK ? -2 : -1;
		}
		if (fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino && S_ISREG(a.st_mode)) {
			pid_t pid = read_pid(fd);
			if (keepalived_alive(pid)) {
				log_err("already running: %s names the running keepalived pid %d", path, (int)pid);
				close(fd);
				return -2;
			}
			return fd;
		}
		close(fd);   /* replaced under us: look again */
	}
	errno = EAGAIN;
	return -1;
}

/* The pid file where no file is: made at the name itself (O_EXCL: a new
 * file of ours, nothing to replace - one inode made instead of two and
 * no rename), locked, checked to be still the file at the name, written.
 * The fd; -1 with errno EEXIST when a file is there or another process
 * took the new one first (the caller goes the way of an existing file),
 * -1 with another errno when it cannot be made, -2 when it cannot be
 * written (removed again). */
static int create_fresh(const char *path, const char *text, size_t len, struct stat *st)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	struct stat b;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 || fstat(fd, st) < 0 || lstat(path, &b) < 0 ||
	    st->st_dev != b.st_dev || st->st_ino != b.st_ino) {
		close(fd);   /* not ours any more: whoever has it decides */
		errno = EEXIST;
		return -1;
	}
	if (fchmod(fd, 0644) < 0 || write_all(fd, text, len) < 0) {
		int e = errno;
		unlink(path);
		close(fd);
		errno = e;
		return -2;
	}
	return fd;
}

static struct pidfile *pidfile_new(const char *path, int fd, const struct stat *st, char *dir)
{
	struct pidfile *pf = xcalloc(1, sizeof(*pf));
	pf->path = xstrdup(path);
	pf->fd = fd;
	pf->dev = st->st_dev;
	pf->ino = st->st_ino;
	pf->made_dir = dir;
	return pf;
}

struct pidfile *pidfile_acquire(const char *path, pid_t pid)
{
	char *dir = mkdir_parents_made(path, 0755);
	char buf[32], *tmp = NULL;
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	struct stat st;
	int fd = create_fresh(path, buf, (size_t)n, &st);
	if (fd >= 0)
		return pidfile_new(path, fd, &st, dir);
	if (fd == -2 || errno != EEXIST) {
		log_err("cannot %s pid file %s: %s", fd == -2 ? "write" : "lock", path, strerror(errno));
		free(dir);
		return NULL;
	}
	int old = lock_current(path);
	if (old < 0) {
		if (old != -2)
			log_err("cannot lock pid file %s: %s", path, strerror(errno));
		free(dir);
		return NULL;
	}
	fd = file_tmp_create(path, 0644, (gid_t)-1, &tmp);
	/* renamed empty, then written: ext4 flushes a file renamed over
	 * another (auto_da_alloc) when it has data waiting - a disk write
	 * started in our context for every pid file (37 -> 12 us of CPU per
	 * file here). The name holds an empty file for the time of one
	 * write, as it does while lock_current() creates it. */
	bool renamed = false;
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0 || fstat(fd, &st) < 0 ||
	    !(renamed = rename(tmp, path) == 0) || write_all(fd, buf, (size_t)n) < 0) {
		log_err("cannot write pid file %s: %s", path, strerror(errno));
		if (fd >= 0) {
			unlink(renamed ? path : tmp);
			close(fd);
		}
		free(tmp);
		free(dir);
		close(old);
		return NULL;
	}
	free(tmp);
	close(old);   /* the name now holds our new, locked file */
	return pidfile_new(path, fd, &st, dir);
}

void pidfile_release(struct pidfile *pf)
{
	if (!pf)
		return;
	struct stat st;
	if (lstat(pf->path, &st) == 0 && st.st_dev == pf->dev && st.st_ino == pf->ino)
		unlink(pf->path);
	if (pf->made_dir)
		rmdir(pf->made_dir);   /* only when empty: the other pid files went first */
	pidfile_forget(pf);
}

void pidfile_forget(struct pidfile *pf)
{
	if (!pf)
		return;
	close(pf->fd);
	free(pf->path);
	free(pf->made_dir);
	free(pf);
}
