/* sdnotify.c - see sdnotify.h. */
#include "sdnotify.h"
#include "dynlib.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

/* libsystemd's calls, loaded when NOTIFY_SOCKET is set (dynlib.h) */
struct sd_lib {
	__typeof__(sd_notify) *notify;
	__typeof__(sd_watchdog_enabled) *watchdog_enabled;
};

struct sdnotify {
	struct loop *loop;
	struct sd_lib lib;
	char *socket;              /* NOTIFY_SOCKET, kept here: the environment no longer has it */
	uint64_t watchdog_us;      /* 0 = no watchdog */
	struct ev_timer watchdog;
};

/* NOTIFY_SOCKET is in the environment only for the time of the call, so
 * that the scripts the parent runs (fork/exec) never see it. */
static void send_line(struct sdnotify *n, const char *msg)
{
	setenv("NOTIFY_SOCKET", n->socket, 1);
	int r = n->lib.notify(1, msg);   /* 1: unset it again */
	if (r < 0)
		log_warn("systemd notification '%s' failed: %s", msg, strerror(-r));
	else
		log_debug("systemd: %s", msg);
}

static void watchdog_fired(void *arg)
{
	struct sdnotify *n = arg;
	send_line(n, "WATCHDOG=1");
	timer_start(n->loop, &n->watchdog, n->watchdog_us / 2);
}

struct sdnotify *sdnotify_open(struct loop *loop)
{
	const char *sock = getenv("NOTIFY_SOCKET");
	if (!sock || !*sock)
		return NULL;
	struct sdnotify *n = xcalloc(1, sizeof(*n));
	const struct dynlib_sym syms[] = {
		{ "sd_notify", (void **)&n->lib.notify },
		{ "sd_watchdog_enabled", (void **)&n->lib.watchdog_enabled },
		{ NULL, NULL },
	};
	if (!dynlib_load("systemd notification (NOTIFY_SOCKET is set)", SYSTEMD_SONAME, SYSTEMD_PACKAGE, syms)) {
		/* runs as without systemd (the error says why); the children
		 * and scripts still must not see the variables */
		unsetenv("NOTIFY_SOCKET");
		unsetenv("WATCHDOG_USEC");
		unsetenv("WATCHDOG_PID");
		free(n);
		return NULL;
	}
	n->loop = loop;
	n->socket = xstrdup(sock);
	unsetenv("NOTIFY_SOCKET");
	timer_init(&n->watchdog, watchdog_fired, n);
	uint64_t usec = 0;
	if (n->lib.watchdog_enabled(1, &usec) > 0 && usec > 0) {   /* 1: WATCHDOG_* leave the environment */
		n->watchdog_us = usec;
		log_info("systemd watchdog: WATCHDOG=1 every %llu ms", (unsigned long long)(usec / 2000));
		timer_start(loop, &n->watchdog, usec / 2);
	}
	return n;
}

void sdnotify_close(struct sdnotify *n)
{
	if (!n)
		return;
	timer_stop(n->loop, &n->watchdog);
	free(n->socket);
	free(n);
}

void sdnotify_ready(struct sdnotify *n)
{
	if (n)
		send_line(n, "READY=1");
}

void sdnotify_reloading(struct sdnotify *n)
{
	if (n)
		send_line(n, "RELOADING=1");
}

void sdnotify_stopping(struct sdnotify *n)
{
	if (n)
		send_line(n, "STOPPING=1");
}

void sdnotify_status(struct sdnotify *n, const char *line)
{
	if (!n)
		return;
	char msg[512];
	snprintf(msg, sizeof(msg), "STATUS=%s", line);
	for (char *c = msg; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	send_line(n, msg);
}
