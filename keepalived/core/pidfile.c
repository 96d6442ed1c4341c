/* pidfile.c - see pidfile.h. */
#include "pidfile.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t pidfile_read(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	long pid = 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 ? (pid_t)pid : 0;
}

bool pidfile_running(const char *path, pid_t *pid_out)
{
	pid_t pid = pidfile_read(path);
	if (pid_out)
		*pid_out = pid;
	if (pid <= 0 || pid == getpid())
		return false;
	return kill(pid, 0) == 0 || errno == EPERM;
}

int pidfile_write(const char *path, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	if (write_file(path, buf, (size_t)n, 0644) < 0) {
		log_err("cannot write pid file %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void pidfile_remove(const char *path, pid_t pid)
{
	if (path && pidfile_read(path) == pid)
		unlink(path);
}
