/* netns.c - running in a named network namespace (-s NAME, top-level
 * net_namespace NAME), as keepalived 2.2.7 does it (measured with Debian's
 * 2.2.7, see test/netns/net_namespace.sh):
 *   - the process enters /run/netns/NAME (setns);
 *   - it takes a mount namespace of its own (mounts below / become slaves,
 *     so nothing it mounts is seen outside) and binds /run/keepalived/NAME
 *     over /run/keepalived: its pid files and control socket, and whatever
 *     its scripts put in /run/keepalived, are /run/keepalived/NAME/... for
 *     everybody else, so daemons in different namespaces never meet there;
 *   - at exit the bind is undone and /run/keepalived/NAME removed when empty.
 * Children and scripts inherit both namespaces through fork().
 */
#include "netns.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int netns_enter(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("network namespace %s: cannot open %s: %s", name, path, strerror(errno));
		return -1;
	}
	int r = setns(fd, CLONE_NEWNET);
	int e = errno;
	close(fd);
	if (r < 0) {
		log_err("network namespace %s: setns: %s", name, strerror(e));
		return -1;
	}
	log_info("running in network namespace %s", name);
	return 0;
}

int netns_socket(const char *name, const char *what, int domain, int type, int proto)
{
	char path[256];
	if (name[0])
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	else
		snprintf(path, sizeof(path), "/proc/1/ns/net");
	int there = open(path, O_RDONLY | O_CLOEXEC);
	int here = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (there < 0 || here < 0) {
		log_err("%s: cannot open network namespace %s: %s", what, path, strerror(errno));
		goto out;
	}
	if (setns(there, CLONE_NEWNET) < 0) {
		log_err("%s: cannot enter network namespace %s: %s", what, path, strerror(errno));
		goto out;
	}
	int fd = socket(domain, type, proto);
	int e = errno;
	if (setns(here, CLONE_NEWNET) < 0)
		fatal("%s: cannot return from network namespace %s: %s", what, path, strerror(errno));
	close(there);
	close(here);
	if (fd < 0)
		log_err("%s: no socket in network namespace %s: %s", what, path, strerror(e));
	return fd;
out:
	if (there >= 0)
		close(there);
	if (here >= 0)
		close(here);
	return -1;
}

/* mkdir DIR mode 0755 whatever the umask; an existing one is fine. */
static int mkdir_755(const char *dir)
{
	mode_t old = umask(022);
	int r = mkdir(dir, 0755);
	int e = errno;
	umask(old);
	if (r < 0 && e != EEXIST) {
		errno = e;
		return -1;
	}
	return 0;
}

void netns_run_mount(struct netns_run *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s/%s", NETNS_RUN_DIR, name);
	if (mkdir_755(NETNS_RUN_DIR) < 0 || mkdir_755(r->dir) < 0) {
		log_warn("cannot create %s: %s", r->dir, strerror(errno));
		r->dir[0] = '\0';
		return;
	}
	if (unshare(CLONE_NEWNS) < 0) {
		log_warn("cannot make a mount namespace for %s: %s", r->dir, strerror(errno));
		return;
	}
	/* systemd makes mounts shared: ours must not leak out */
	if (mount("", "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		log_warn("cannot make the mounts slaves: %s", strerror(errno));
	if (mount(r->dir, NETNS_RUN_DIR, NULL, MS_BIND, NULL) < 0) {
		log_warn("cannot bind %s over %s: %s", r->dir, NETNS_RUN_DIR, strerror(errno));
		return;
	}
	r->mounted = true;
	log_info("%s is %s in this process's mount namespace", NETNS_RUN_DIR, r->dir);
}

void netns_run_unmount(struct netns_run *r)
{
	if (r->mounted && umount(NETNS_RUN_DIR) < 0)
		log_warn("cannot unmount %s: %s", NETNS_RUN_DIR, strerror(errno));
	r->mounted = false;
	if (r->dir[0] && rmdir(r->dir) < 0 && errno != ENOTEMPTY && errno != EBUSY && errno != ENOENT)
		log_warn("cannot remove %s: %s", r->dir, strerror(errno));
	r->dir[0] = '\0';
}
