/* procstat.c - proc_usage_read() (status.h): a process's memory, CPU time
 * and descriptors from /proc, for the status document and /metrics. */
#include "status.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* utime and stime (clock ticks) and rss (pages) from /proc/PID/stat. */
static bool read_stat(const char *dir, struct proc_usage *u)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "%s/stat", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	const char *p = ok ? strrchr(buf, ')') : NULL;   /* the command may hold spaces */
	if (!p)
		return false;
	unsigned long utime, stime;
	long rss;
	/* after ") ": state(3) ppid .. utime is field 14, stime 15, rss 24 */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %*d %*d %*d %*d %*d %*d %*u %*u %ld",
		   &utime, &stime, &rss) != 3)
		return false;
	long tick = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	u->cpu_seconds = (double)(utime + stime) / (double)(tick > 0 ? tick : 100);
	u->rss_bytes = rss > 0 ? (uint64_t)rss * (uint64_t)(page > 0 ? page : 4096) : 0;
	return true;
}

static unsigned count_fds(const char *dir)
{
	char path[64];
	snprintf(path, sizeof(path), "%s/fd", dir);
	DIR *d = opendir(path);
	unsigned n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n > 0 ? n - 1 : 0;   /* not the one opendir() holds */
}

bool proc_usage_read(pid_t pid, struct proc_usage *u)
{
	char dir[32];
	memset(u, 0, sizeof(*u));
	if (pid)
		snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	else
		snprintf(dir, sizeof(dir), "/proc/self");
	if (!read_stat(dir, u))
		return false;
	u->open_fds = count_fds(dir);
	struct rlimit rl;
	if (!pid && getrlimit(RLIMIT_NOFILE, &rl) == 0)
		u->max_fds = rl.rlim_cur == RLIM_INFINITY ? 0 : (unsigned)rl.rlim_cur;
	u->ok = true;
	return true;
}
