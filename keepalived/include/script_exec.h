/* script_exec.h - the checked script file and how it is executed (the
 * process that runs scripts: the parent; core/script_path.c).
 *
 * script_target_open() walks the path one component at a time from "/",
 * with openat(O_PATH|O_NOFOLLOW) relative to the directory just checked,
 * following symlinks itself: every directory it passes through (those of
 * the path as written and those of every symlink's target), every symlink
 * and the file itself must be writable by nobody but root and the script's
 * user (a root-owned directory with the sticky bit may be world-writable).
 * It ends holding the file open, so what runs is what was checked:
 *
 *   - an ELF binary is executed from its descriptor (execveat AT_EMPTY_PATH);
 *   - a "#!" script, or a file without a known header (run by /bin/sh, as
 *     execvp() does), is run from the descriptor of its checked directory
 *     (fd 10), after checking that its name there still names the checked
 *     file: the interpreter named on its "#!" line (parsed as the kernel
 *     does) is started on /proc/self/fd/10/NAME, which is also the
 *     script's $0, so `$(dirname "$0")` and `$(basename "$0")` keep
 *     working (/dev/fd, which the kernel would use, may be missing).
 */
#ifndef KA_SCRIPT_EXEC_H
#define KA_SCRIPT_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The descriptor a script's directory (or an ELF file) has when it runs. */
#define SCRIPT_EXEC_FD 10

enum script_kind { SCRIPT_ELF, SCRIPT_SHEBANG, SCRIPT_SHELL };

struct script_target {
	int dir_fd;              /* O_PATH of the directory holding the file */
	int file_fd;             /* the file, O_RDONLY */
	char *name;              /* its name in that directory (heap) */
	char path[4096];         /* the resolved path, for messages */
	dev_t dev;               /* what was checked */
	ino_t ino;
	enum script_kind kind;
	bool secure;             /* nobody but root or uid can change it */
	char why[4200];          /* when !secure: which component and why */
};

/* Resolve argv0 (through PATH when it has no '/'), check every component
 * for uid (see above) and open the file. Returns false when there is
 * nothing to run (not found, not a regular file, a symlink loop; why says
 * so); true otherwise, with t->secure telling whether the path is safe.
 * Release with script_target_close() either way. */
bool script_target_open(const char *argv0, uid_t uid, struct script_target *t);
void script_target_close(struct script_target *t);

/* In a forked process that is otherwise ready (user, signals, stdio):
 * keep only t's descriptor, execute it with argv and the environment. On
 * failure writes why to stderr and _exit()s: 126 when the file changed
 * since the check or cannot be executed, 127 when it is gone. */
void script_target_exec(const struct script_target *t, char *const argv[]) __attribute__((noreturn));

/* In a process just forked from one that runs scripts (a new child of the
 * parent): the scripts running are not this process's; forget them (no
 * signal, no callback). */
void script_forget_all(void);

#endif
