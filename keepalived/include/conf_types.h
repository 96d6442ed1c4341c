/* conf_types.h - small value types shared by every configuration struct. */
#ifndef KA_CONF_TYPES_H
#define KA_CONF_TYPES_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#define CONF_NAME_MAX 64

/* Where an object was declared, for error messages and dumps. */
struct conf_origin {
	const char *file;   /* str_intern()ed (shared, never freed); NULL when unset */
	int line;
};

/* An IPv4 or IPv6 address. */
struct ka_addr {
	sa_family_t family;   /* AF_INET, AF_INET6, or 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

/* Same family and address (ignores padding); two unset addresses are equal. */
static inline bool ka_addr_eq(const struct ka_addr *a, const struct ka_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
	return true;
}

/* A notify script as keepalived 2.2.7 reads it: SCRIPT [USER [GROUP]]
 * (conf_set_notify_slot()). It runs as its own user when one was given,
 * else as the default script user (script_user, or root). */
struct conf_script {
	char *cmd;          /* the command line; NULL when unset */
	uint32_t uid, gid;  /* its own user and group, when user_set */
	bool user_set;
};

#endif
