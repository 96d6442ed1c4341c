/* smtp_alert.h - one alert mail with global_defs' settings (notification_email,
 * notification_email_from, smtp_server, smtp_helo_name, smtp_connect_timeout,
 * router_id), sent through core/smtp_client.c without blocking. Used by the
 * VRRP child (vrrp/vrrp_smtp.c) and the checker (check/check_smtp_alert.c).
 */
#ifndef KA_SMTP_ALERT_H
#define KA_SMTP_ALERT_H

#include <stddef.h>

#include "config.h"

struct loop;

/* Send subject/body to every notification_email; nothing when there is no
 * recipient or no usable smtp_server (logged). */
void smtp_alert_mail(struct loop *loop, const struct global_conf *g, const char *subject, const char *body);

/* router_id, or the host name when it is not set: the "[...]" that starts
 * every alert subject, as keepalived writes it. */
const char *smtp_router_id(const struct global_conf *g, char *buf, size_t size);

#endif
