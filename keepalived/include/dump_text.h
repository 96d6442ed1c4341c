/* dump_text.h - text shared by the USR1 dump files (core/global_dump.c):
 * the "------< Global definitions >------" section that keepalived 2.2.7
 * puts at the top of keepalived_parent.data, keepalived.data and
 * keepalived_check.data, the files' names, and a script's command line as
 * 2.2.7 prints it. */
#ifndef KA_DUMP_TEXT_H
#define KA_DUMP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/* Append the global definitions of conf to *out (str_appendf). vrrp_view:
 * the VRRP child's copy, which has the "Default interface" line too (as
 * 2.2.7's keepalived.data). Only lines whose value keepalived-ng has. */
void global_defs_dump(const struct config *conf, bool vrrp_view, char **out, size_t *len);

/* Append CMDLINE as 2.2.7 prints a script: each word in single quotes,
 * separated by spaces ('/bin/x' 'arg'), the program as 2.2.7 resolved it
 * (PATH search for a bare name, realpath(): '/usr/bin/echo' for /bin/echo
 * on a merged-/usr system). */
void dump_cmd_str(char **out, size_t *len, const char *cmdline);

struct conf_script;
struct global_conf;
/* Append "LABEL = 'cmd' 'arg', uid:gid U:G" and a newline for script s
 * (nothing when it is unset): its own user (SCRIPT USER [GROUP]), else
 * g's script_user - a notify script as 2.2.7 dumps it. */
void dump_script_line(char **out, size_t *len, const char *label, const struct conf_script *s,
		      const struct global_conf *g);

/* The name of a .data file (BASE, e.g. "keepalived_check.data") into buf:
 * BASE unchanged, or with data_use_instance and an instance name or a
 * net_namespace, 2.2.7's "keepalived_check.NS_NAME.data" (NS, NAME or
 * both joined by "_"). Returns buf. */
const char *dump_data_file_name(const char *base, bool use_instance, const char *instance,
				const char *net_ns, char *buf, size_t size);

#endif
