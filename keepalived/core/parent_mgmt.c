/* parent_mgmt.c - the management interfaces of the parent, following the
 * configuration (struct mgmt_conf) across reloads: the control socket
 * (control.c, commands in parent_ctl.c). */
#include "parent_int.h"
#include "conf_mgmt.h"
#include "log.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* The control socket's path: --control-socket, else control_socket, else
 * the default (under /run/keepalived/keepalived_NAME/ with -s NAME). ""
 * when it is off. */
static void control_path(const struct parent *p, char *buf, size_t size)
{
	const char *conf = p->conf->mgmt.control_socket;
	if (p->opts->control_socket)
		snprintf(buf, size, "%s", p->opts->control_socket);
	else if (conf[0])
		snprintf(buf, size, "%s", conf);
	else if (p->opts->netns)
		snprintf(buf, size, "/run/keepalived/keepalived_%s/keepalived.ctl", p->opts->netns);
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

void parent_mgmt_apply(struct parent *p)
{
	control_apply(p);
}

void parent_mgmt_close(struct parent *p)
{
	parent_ctl_free(p);
	control_server_close(p->ctl);
	p->ctl = NULL;
}

void parent_mgmt_forget(struct parent *p)
{
	control_server_forget(p->ctl);
	p->ctl = NULL;
}
