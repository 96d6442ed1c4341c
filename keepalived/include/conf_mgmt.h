/* conf_mgmt.h - global_defs keywords of the management interfaces (struct
 * mgmt_conf in config.h): control_socket, control_socket_group,
 * status_http, status_http_auth, reload_time_file, reload_repeat. Rows in conf_keywords_global.c; the
 * checks that need the whole block run from conf_validate(). */
#ifndef KA_CONF_MGMT_H
#define KA_CONF_MGMT_H

#include <stdbool.h>
#include <sys/socket.h>

#include "conf_parse.h"

#define CONTROL_SOCKET_DEFAULT "/run/keepalived/keepalived.ctl"

void conf_kw_control_socket(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_control_group(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_status_http(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_status_http_auth(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_reload_time_file(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_reload_repeat(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_reload_check_config(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_instance(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_use_pid_dir(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_umask(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
void conf_kw_data_use_instance(struct conf_ctx *ctx, void *obj, const struct conf_args *args);
/* status_http on a non-loopback address needs status_http_auth (an error,
 * also with -t); resolves the listening address. */
void conf_mgmt_validate(struct conf_ctx *ctx);

/* "ADDR:PORT" (IPv4) or "[ADDR]:PORT" (IPv6) into *ss. false if invalid. */
bool mgmt_parse_hostport(const char *s, struct sockaddr_storage *ss, socklen_t *len);
/* 127.0.0.0/8, ::1 or ::ffff:127.x */
bool mgmt_is_loopback(const struct sockaddr_storage *ss);

#endif
