/* parent_mgmt.c - the management interfaces of the parent, following the
 * configuration (struct mgmt_conf) across reloads: the control socket
 * (control.c, commands in parent_ctl.c) and the HTTP status server
 * (status_http.c), and reload_time_file (parent_reload_time.c). */
#include "parent_int.h"
#include "parent_reload_time.h"
#include "conf_mgmt.h"
#include "log.h"
#include "sdnotify.h"
#include "status.h"
#include "status_http.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The control socket's path: --control-socket, else control_socket, else
 * the default (in a network namespace NAME, /run/keepalived is
 * /run/keepalived/NAME: core/netns.c). "" when it is off. */
static void control_path(const struct parent *p, char *buf, size_t size)
{
	const char *conf = p->conf->mgmt.control_socket;
	if (p->opts->control_socket)
		snprintf(buf, size, "%s", p->opts->control_socket);
	else if (conf[0])
		snprintf(buf, size, "%s", conf);
	else
		snprintf(buf, size, "%s", CONTROL_SOCKET_DEFAULT);
	if (strcmp(buf, "none") == 0)
		buf[0] = '\0';
}

static void control_apply(struct parent *p)
{
	char path[sizeof(p->conf->mgmt.control_socket)];
	control_path(p, path, sizeof(path));
	if (!p->ctl)
		p->ctl = control_server_new(p->loop, parent_ctl_command, p);
	control_server_listen(p->ctl, path, p->conf->mgmt.control_gid);
}

/* ---- HTTP status server ---------------------------------------------------------------- */

static void http_doc_done(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	if (!p->http)
		return;   /* closed (reload) meanwhile */
	json_object *doc = parent_status_doc(p, res);
	http_server_status(p->http, doc);
	json_object_put(doc);
}

/* The server wants a fresh document. */
static void http_fetch(void *arg)
{
	struct parent *p = arg;
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	if (!dump_request(p->dumps, IPC_DUMP_JSON_FILE, chans, http_doc_done, p))
		http_server_status(p->http, NULL);
}

static bool http_same(const struct mgmt_conf *a, const struct mgmt_conf *b)
{
	return strcmp(a->status_http, b->status_http) == 0 && strcmp(a->http_user, b->http_user) == 0 &&
	       strcmp(a->http_password, b->http_password) == 0;
}

static void http_apply(struct parent *p)
{
	const struct mgmt_conf *m = &p->conf->mgmt;
	if (p->http && http_same(m, &p->http_running))
		return;
	http_server_close(p->http);
	p->http = NULL;
	memset(&p->http_running, 0, sizeof(p->http_running));
	if (!m->status_http[0])
		return;
	p->http = http_server_open(p->loop, (const struct sockaddr *)&m->http_addr, m->http_addr_len,
				   m->http_user, m->http_password, http_fetch, p);
	if (!p->http)
		return;
	p->http_running = *m;
	log_info("status_http %s%s", m->status_http, m->http_user[0] ? " (basic authentication)" : "");
}

/* ---- systemd -------------------------------------------------------------------------- */

#define SD_STATUS_EVERY_US (30 * USEC_PER_SEC)
#define SD_STATUS_SOON_US  (200 * USEC_PER_MSEC)   /* state changes coalesce into one line */

static void summary_done(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	if (!p->sd || p->shutting_down)
		return;
	json_object *doc = parent_status_doc(p, res);
	char *line = status_render_summary(doc);
	sdnotify_status(p->sd, line);
	free(line);
	json_object_put(doc);
}

/* Ask the children and send a STATUS= line when they answered. */
static void send_summary(struct parent *p)
{
	if (!p->sd || p->shutting_down)
		return;
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	dump_request(p->dumps, IPC_DUMP_JSON_FILE, chans, summary_done, p);
	timer_start(p->loop, &p->sd_status_timer, SD_STATUS_EVERY_US);
}

static void sd_status_timer_fired(void *arg)
{
	send_summary(arg);
}

void parent_notify_applied(struct parent *p)
{
	sdnotify_ready(p->sd);
	send_summary(p);
}

void parent_notify_reloading(struct parent *p)
{
	sdnotify_reloading(p->sd);
}

void parent_notify_rejected(struct parent *p, int errors)
{
	if (!p->sd)
		return;
	char line[160];
	snprintf(line, sizeof(line), "reload rejected: %d error%s in %s; running configuration generation %u",
		 errors, errors == 1 ? "" : "s", p->opts->conf_file, p->applied_gen);
	sdnotify_ready(p->sd);
	sdnotify_status(p->sd, line);
}

void parent_notify_stopping(struct parent *p)
{
	if (!p->sd)
		return;
	timer_stop(p->loop, &p->sd_status_timer);
	sdnotify_stopping(p->sd);
	sdnotify_status(p->sd, "stopping");
}

void parent_notify_state_changed(struct parent *p)
{
	if (!p->sd || p->shutting_down)
		return;
	if (!timer_pending(&p->sd_status_timer) || timer_remaining(p->loop, &p->sd_status_timer) > SD_STATUS_SOON_US)
		timer_start(p->loop, &p->sd_status_timer, SD_STATUS_SOON_US);
}

/* ---- all of them -------------------------------------------------------------------------- */

void parent_mgmt_apply(struct parent *p)
{
	/* global_defs umask: the parent's file creation mask from now on, so
	 * that of the scripts it runs and the files it makes, as keepalived
	 * 2.2.7 applies it when it reads the file (a reload without it keeps
	 * the mask, as there); -u wins */
	if (p->conf->mgmt.umask_set && !(p->opts && p->opts->umask_set))
		umask(p->conf->mgmt.umask_val);
	control_apply(p);
	http_apply(p);
	parent_reload_time_apply(p);
	if (!p->sd_status_timer.cb) {   /* first call: systemd is the daemon's, not the configuration's */
		timer_init(&p->sd_status_timer, sd_status_timer_fired, p);
		p->sd = sdnotify_open(p->loop);
	}
}

void parent_mgmt_close(struct parent *p)
{
	parent_ctl_free(p);
	control_server_close(p->ctl);
	p->ctl = NULL;
	http_server_close(p->http);
	p->http = NULL;
	timer_stop(p->loop, &p->sd_status_timer);
	sdnotify_close(p->sd);
	p->sd = NULL;
	parent_reload_time_free(p);
}

void parent_mgmt_forget(struct parent *p)
{
	control_server_forget(p->ctl);
	p->ctl = NULL;
	http_server_forget(p->http);   /* its memory stays the parent's (not freed here) */
	parent_reload_time_forget(p);
}
