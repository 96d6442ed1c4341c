/* util.h - small helpers shared by every part of the daemon. */
#ifndef KA_UTIL_H
#define KA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL (fatal() on failure). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL in, NULL out */
/* Grow *arr (of *n elements of size elem, from malloc) by one zeroed element;
 * returns it. The block grows by half when full (malloc_usable_size() is the
 * capacity), so a pointer into it is valid until the next push. */
void *array_push(void *arr_ptr, size_t *n, size_t elem);

/* Copy src into dst[size], always NUL-terminated; returns false if truncated. */
bool str_copy(char *dst, size_t size, const char *src);
/* a then b into dst[size] (as snprintf "%s%s": cut to fit, always
 * terminated); false when cut. Cheaper than snprintf in per-record loops. */
bool str_concat(char *dst, size_t size, const char *a, const char *b);
/* One shared copy of s for the life of the process (NULL in, NULL out):
 * for the few strings repeated in thousands of objects (configuration
 * file names). Never free the result. Not thread-safe (one thread). */
const char *str_intern(const char *s);
/* Append to a growing heap string: *buf (NULL or from malloc), *len.
 * printf-style. The buffer grows geometrically (any number of appends costs
 * time linear in the total length, whatever the allocator). */
void str_appendf(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Append s as a JSON string literal (quoted, escaped); NULL appends null. */
void str_append_json(char **buf, size_t *len, const char *s);

/* mkdir -p of the directory part of path (each missing one made with mode);
 * errors are left for the caller's next step to report. */
void mkdir_parents(const char *path, mode_t mode);
/* mkdir_parents(path, mode), and the directory of path (heap) when this
 * call created it - for its owner to rmdir() when done - else NULL. */
char *mkdir_parents_made(const char *path, mode_t mode);

/* Write all of data to fd (retrying short writes and EINTR). 0 or -1. */
int write_all(int fd, const void *data, size_t len);
/* Create a new empty file in path's directory, named ".BASE.XXXXXX" with
 * O_EXCL (never an existing file, never through a symlink), with mode and,
 * unless gid is (gid_t)-1, group gid. Returns the fd (close-on-exec) and
 * its name in *tmp (heap), or -1 with errno. */
int file_tmp_create(const char *path, mode_t mode, gid_t gid, char **tmp);
/* Replace path by a file holding data: written to a file_tmp_create() file
 * then renamed over path. A symlink at path is replaced, never followed;
 * nobody else's file is truncated; readers see the old or the new file,
 * never half of one. 0 or -1 with errno. */
int write_file(const char *path, const char *data, size_t len, mode_t mode, gid_t gid);
/* The whole text of the regular file path (at most max bytes, no NUL byte),
 * NUL-terminated on the heap, its length in *len when len is not NULL;
 * NULL with errno (EFBIG: longer than max, EINVAL: not a regular file or a
 * NUL byte in it). Never blocks on a FIFO or device (O_NONBLOCK open). */
char *read_small_file(const char *path, size_t max, size_t *len);
/* A kernel setting (/proc/sys, sysfs): write value into path in one
 * write(), or read its first line into buf (size bytes, newline cut).
 * 0, or -1 with errno. */
int sysctl_write(const char *path, const char *value);
int sysctl_read(const char *path, char *buf, size_t size);

/* The wall clock (CLOCK_REALTIME) in seconds since the epoch: for what
 * people read (status "since"), never for timers. */
double wall_now(void);

/* Set O_NONBLOCK / FD_CLOEXEC. 0 or -1. */
int fd_set_nonblock(int fd);
int fd_set_cloexec(int fd);
/* Close fd on a failure path keeping errno; returns -1 (to return it). */
int close_keep_errno(int fd);

#endif
