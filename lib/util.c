/* util.c - see util.h. */
#include "util.h"
#include "log.h"

#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		fatal("out of memory");
	return q;
}

char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		fatal("out of memory");
	return d;
}

void *array_push(void *arr_ptr, size_t *n, size_t elem)
{
	void **arr = arr_ptr;
	size_t need = (*n + 1) * elem;
	size_t have = *arr ? malloc_usable_size(*arr) : 0;
	/* grow by half when full: N pushes cost O(N) copies, not O(N^2) (1,000
	 * vrrp_instance records were a realloc - and often a copy - each) */
	if (need > have)
		*arr = xrealloc(*arr, need > have + have / 2 ? need : have + have / 2);
	void *slot = (char *)*arr + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}

bool str_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

bool str_concat(char *dst, size_t size, const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n >= size)
		return str_copy(dst, size, a);
	memcpy(dst, a, n);
	return str_copy(dst + n, size - n, b);
}

void str_appendf(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	size_t need = *len + (size_t)n + 1;
	size_t have = *buf ? malloc_usable_size(*buf) : 0;
	if (need > have)   /* grow geometrically: appending N pieces stays O(total) */
		*buf = xrealloc(*buf, need > 2 * have ? need : 2 * have);
	vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	*len += (size_t)n;
}

void str_append_json(char **buf, size_t *len, const char *s)
{
	if (!s) {
		str_appendf(buf, len, "null");
		return;
	}
	str_appendf(buf, len, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			str_appendf(buf, len, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			str_appendf(buf, len, "\\u%04x", (unsigned char)*s);
		else
			str_appendf(buf, len, "%c", *s);
	}
	str_appendf(buf, len, "\"");
}

void mkdir_parents(const char *path, mode_t mode)
{
	char *dir = xstrdup(path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, mode) == 0)
			chmod(dir, mode);   /* the mode asked for, whatever the umask */
		else if (errno != EEXIST)
			break;
		*p = '/';
	}
	free(dir);
}

char *mkdir_parents_made(const char *path, mode_t mode)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return NULL;
	}
	*slash = '\0';
	struct stat st;
	bool existed = stat(dir, &st) == 0;
	mkdir_parents(path, mode);
	if (existed || stat(dir, &st) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, p + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

int file_tmp_create(const char *path, mode_t mode, gid_t gid, char **tmp)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = slash ? slash + 1 : path;
	size_t n = dirlen + strlen(base) + 16;
	char *name = xmalloc(n);
	snprintf(name, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
	/* mkostemp: O_CREAT|O_EXCL with a fresh random name, mode 0600. */
	int fd = mkostemp(name, O_CLOEXEC);
	if (fd < 0) {
		free(name);
		return -1;
	}
	if ((gid != (gid_t)-1 && fchown(fd, (uid_t)-1, gid) < 0) || fchmod(fd, mode) < 0) {
		int e = errno;
		close(fd);
		unlink(name);
		free(name);
		errno = e;
		return -1;
	}
	*tmp = name;
	return fd;
}

int write_file(const char *path, const char *data, size_t len, mode_t mode, gid_t gid)
{
	char *tmp = NULL;
	int fd = file_tmp_create(path, mode, gid, &tmp);
	if (fd < 0)
		return -1;
	int r = write_all(fd, data, len);
	int e = errno;
	if (close(fd) < 0 && r == 0) {
		r = -1;
		e = errno;
	}
	if (r == 0 && rename(tmp, path) < 0) {
		r = -1;
		e = errno;
	}
	if (r < 0)
		unlink(tmp);
	free(tmp);
	errno = e;
	return r;
}

char *read_small_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max || memchr(buf, '\0', n)) {
		free(buf);
		errno = n > max ? EFBIG : EINVAL;
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int fd_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int fd_set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);
	return fl < 0 ? -1 : fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

int close_keep_errno(int fd)
{
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* The pool of str_intern(): a short list (file names), searched linearly;
 * its strings live until exit. */
static struct {
	char **s;
	size_t n;
} intern_pool;

const char *str_intern(const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < intern_pool.n; i++)
		if (strcmp(intern_pool.s[i], s) == 0)
			return intern_pool.s[i];
	char **slot = array_push(&intern_pool.s, &intern_pool.n, sizeof(*intern_pool.s));
	*slot = xstrdup(s);
	return *slot;
}

int sysctl_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t n = strlen(value);
	int ok = write(fd, value, n) == (ssize_t)n ? 0 : -1;
	int saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

int sysctl_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	int saved = errno;
	close(fd);
	errno = saved;
	if (n <= 0) {
		buf[0] = '\0';
		if (n == 0)
			errno = ENODATA;
		return -1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
