/* conf_mgmt.c - see conf_mgmt.h. */
#include "conf_mgmt.h"
#include "conf_lex.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct mgmt_conf *mgmt(struct conf_ctx *ctx)
{
	return &conf_ctx_config(ctx)->mgmt;
}

/* control_socket PATH|none */
void conf_kw_control_socket(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const struct conf_token *t = &args->argv[1];
	if (strcmp(t->text, "none") != 0 && t->text[0] != '/') {
		conf_error(ctx, t, "control_socket must be an absolute path or none, got %s", t->text);
		return;
	}
	conf_get_string(ctx, t, "control_socket", mgmt(ctx)->control_socket, sizeof(mgmt(ctx)->control_socket));
}

/* control_socket_group GROUP: the group must exist. */
void conf_kw_control_group(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const struct conf_token *t = &args->argv[1];
	struct mgmt_conf *m = mgmt(ctx);
	if (!conf_get_string(ctx, t, "control_socket_group", m->control_group, sizeof(m->control_group)))
		return;
	struct group *g = getgrnam(t->text);
	if (!g) {
		conf_error(ctx, t, "control_socket_group: no group %s on this host", t->text);
		m->control_group[0] = '\0';
		return;
	}
	m->control_gid = g->gr_gid;
}

/* reload_time_file PATH: the file whose first line schedules a reload
 * (core/parent_reload_time.c). keepalived documents an absolute path; a
 * relative one is taken from / (the daemon's working directory), as there. */
void conf_kw_reload_time_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct mgmt_conf *m = mgmt(ctx);
	conf_get_string(ctx, &args->argv[1], "reload_time_file", m->reload_time_file, sizeof(m->reload_time_file));
}

/* reload_check_config [LOG_FILE]: every reload is checked before it is
 * applied anyway; LOG_FILE receives each check's messages (parent.c). */
void conf_kw_reload_check_config(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct mgmt_conf *m = mgmt(ctx);
	m->reload_check_log[0] = '\0';
	m->reload_check_set = true;
	if (args->argc > 1)
		conf_get_string(ctx, &args->argv[1], "reload_check_config", m->reload_check_log,
				sizeof(m->reload_check_log));
}

/* instance NAME (top level, as keepalived 2.2.7): the pid files are
 * /run/keepalived/keepalived_NAME.pid, vrrp_NAME.pid, checkers_NAME.pid.
 * A second one is ignored with a warning, as there. */
void conf_kw_instance(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct mgmt_conf *m = mgmt(ctx);
	const struct conf_token *t = &args->argv[1];
	if (m->instance[0]) {
		conf_warn(ctx, t, "duplicate instance %s: ignored, the name stays %s (as keepalived 2.2.7)",
			  t->text, m->instance);
		return;
	}
	if (!t->text[0] || strchr(t->text, '/') || !str_copy(m->instance, sizeof(m->instance), t->text)) {
		conf_error(ctx, t, "instance must be a name of 1..63 characters without '/', got %s", t->text);
		m->instance[0] = '\0';
	}
}

/* use_pid_dir: the pid files go in /run/keepalived/. */
void conf_kw_use_pid_dir(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	mgmt(ctx)->use_pid_dir = true;
}

/* One bit name of umask's symbolic form (S_IRUSR ... S_IXOTH without the S_). */
static const struct { const char *name; mode_t bit; } umask_bits[] = {
	{ "IRUSR", S_IRUSR }, { "IWUSR", S_IWUSR }, { "IXUSR", S_IXUSR },
	{ "IRGRP", S_IRGRP }, { "IWGRP", S_IWGRP }, { "IXGRP", S_IXGRP },
	{ "IROTH", S_IROTH }, { "IWOTH", S_IWOTH }, { "IXOTH", S_IXOTH },
};

/* The symbolic form: bit names joined by '|', over one or more words
 * ("IWGRP|IWOTH", "IWGRP | IWOTH"). false (reported) when it does not read. */
static bool umask_symbolic(struct conf_ctx *ctx, const struct conf_args *args, mode_t *out)
{
	mode_t bits = 0;
	bool need_or = false;
	for (size_t i = 1; i < args->argc; i++) {
		for (const char *p = args->argv[i].text; *p;) {
			if (need_or) {
				if (*p != '|') {
					conf_warn(ctx, &args->argv[i], "umask: invalid syntax %s: ignored, as keepalived 2.2.7 "
						  "ignores it", args->argv[i].text);
					return false;
				}
				need_or = false;
				p++;
				continue;
			}
			size_t b = 0;
			while (b < ARRAY_SIZE(umask_bits) && strncmp(p, umask_bits[b].name, 5) != 0)
				b++;
			if (b == ARRAY_SIZE(umask_bits)) {
				conf_warn(ctx, &args->argv[i], "umask: unknown bit %s: ignored, as keepalived 2.2.7 ignores "
					  "it", p);
				return false;
			}
			bits |= umask_bits[b].bit;
			p += 5;
			need_or = true;
		}
	}
	if (!need_or) {
		conf_warn(ctx, &args->argv[0], "umask: a bit value is missing: ignored, as keepalived 2.2.7 ignores it");
		return false;
	}
	*out = bits;
	return true;
}

/* umask MASK: a number (strtol base 0: 027, 0x17...) within 0777, or bit
 * names (IWGRP|IWOTH), as keepalived 2.2.7 reads it; it sets the file
 * creation mask of the daemon and its scripts there (measured: a notify
 * script runs with 0027 after `umask 0027`). -u on the command line wins
 * (2.2.7: "umask command line option specified, ignoring config option").
 * A value it cannot read is ignored with a warning, as there (-t 5). */
void conf_kw_umask(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const char *v = args->argv[1].text;
	mode_t bits;
	if (v[0] >= '0' && v[0] <= '9') {
		if (args->argc != 2) {
			conf_warn(ctx, &args->argv[2], "umask: extra parameter %s: the line is ignored, as keepalived "
				  "2.2.7 ignores it", args->argv[2].text);
			return;
		}
		char *end;
		errno = 0;
		long n = strtol(v, &end, 0);
		if (*end || errno || n < 0 || (n & ~(long)0777)) {
			conf_warn(ctx, &args->argv[1], "umask: invalid value %s: ignored, as keepalived 2.2.7 ignores it",
				  v);
			return;
		}
		bits = (mode_t)n;
	} else if (!umask_symbolic(ctx, args, &bits)) {
		return;
	}
	mgmt(ctx)->umask_set = true;
	mgmt(ctx)->umask_val = bits;
}

/* data_use_instance [BOOL]: the USR1 .data files carry the instance name
 * and net_namespace in their names, as keepalived 2.2.7 (parent_dump.c). */
void conf_kw_data_use_instance(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	bool on;
	if (conf_get_bool(ctx, args, 1, &on))
		mgmt(ctx)->data_use_instance = on;
}

/* reload_repeat: a time-only reload_time_file is kept and reloads every day. */
void conf_kw_reload_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	mgmt(ctx)->reload_repeat = true;
}

bool mgmt_parse_hostport(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon;
	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof(host))
			return false;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			return false;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	char *e;
	long port = strtol(colon + 1, &e, 10);
	if (!colon[1] || *e || port < 1 || port > 65535)
		return false;
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (s[0] != '[' && inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		*len = sizeof(*v4);
		return true;
	}
	if (s[0] == '[' && inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*v6);
		return true;
	}
	return false;
}

bool mgmt_is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
	if (ss->ss_family != AF_INET6)
		return false;
	const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
	if (IN6_IS_ADDR_LOOPBACK(a))
		return true;
	return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
}

/* status_http ADDR:PORT */
void conf_kw_status_http(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	const struct conf_token *t = &args->argv[1];
	struct mgmt_conf *m = mgmt(ctx);
	if (!mgmt_parse_hostport(t->text, &m->http_addr, &m->http_addr_len)) {
		conf_error(ctx, t, "status_http must be ADDRESS:PORT or [IPV6-ADDRESS]:PORT, got %s", t->text);
		return;
	}
	if (!conf_get_string(ctx, t, "status_http", m->status_http, sizeof(m->status_http)))
		return;
	m->http_origin = conf_origin_of(t);
}

/* status_http_auth USER PASSWORD */
void conf_kw_status_http_auth(struct conf_ctx *ctx, void *obj, const struct conf_args *args)
{
	struct mgmt_conf *m = mgmt(ctx);
	const struct conf_token *u = &args->argv[1], *p = &args->argv[2];
	if (strchr(u->text, ':')) {
		conf_error(ctx, u, "status_http_auth: the user name cannot contain ':'");
		return;
	}
	if (!conf_get_string(ctx, u, "status_http_auth user", m->http_user, sizeof(m->http_user)) ||
	    !conf_get_string(ctx, p, "status_http_auth password", m->http_password, sizeof(m->http_password)))
		m->http_user[0] = m->http_password[0] = '\0';
}

void conf_mgmt_validate(struct conf_ctx *ctx)
{
	struct mgmt_conf *m = mgmt(ctx);
	if (!m->status_http[0])
		return;
	if (!mgmt_is_loopback(&m->http_addr) && !m->http_user[0]) {
		struct conf_token at = { .text = "status_http", .file = m->http_origin.file,
					 .line = m->http_origin.line };
		conf_error(ctx, &at, "status_http %s is not a loopback address: set status_http_auth USER PASSWORD "
			   "(or listen on 127.0.0.1 / [::1])", m->status_http);
	}
}
