/* conf_types.h - small value types shared by every configuration struct. */
#ifndef KA_CONF_TYPES_H
#define KA_CONF_TYPES_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONF_NAME_MAX 64

/* Where an object was declared, for error messages and dumps. */
struct conf_origin {
	char file[256];
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

#endif
