/* parent_dump.c - what the parent does with dumps: the files of the dump
 * signals (USR1 keepalived.data, USR2 keepalived.stats, RTMIN+2
 * keepalived.json, STATS_CLEAR keepalived.stats) and -d's copy of the data
 * dump in the log. The requests and answers are dump.c's. */
#include "parent_int.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FILE_MODE 0600

static const char *dump_file_name(enum ipc_dump_kind kind)
{
	switch (kind) {
	case IPC_DUMP_DATA_FILE: return "keepalived.data";
	case IPC_DUMP_JSON_FILE: return "keepalived.json";
	default: return "keepalived.stats";
	}
}

/* The text of a result: the parent's part first (data: global
 * definitions), then each child's in slot order. Heap; *len set. */
static char *result_text(const struct parent *p, const struct dump_result *res, size_t *len)
{
	char *out = NULL;
	*len = 0;
	if (res->kind == IPC_DUMP_JSON_FILE) {
		str_appendf(&out, len, "{");
		bool first = true;
		for (size_t i = 0; i < res->n; i++) {
			const struct dump_answer *a = &res->answers[i];
			if (!a->answered || !a->len)
				continue;
			str_appendf(&out, len, "%s\n\"%s\": %s", first ? "" : ",", a->name, a->text);
			first = false;
		}
		str_appendf(&out, len, "\n}\n");
		return out;
	}
	if (res->kind == IPC_DUMP_DATA_FILE)
		str_appendf(&out, len, "------< Global definitions >------\n Router ID = %s\n"
			    " Configuration file = %s\n Default VRRP version = %u\n\n",
			    p->conf->global.router_id, p->conf->path, p->conf->global.vrrp_version);
	for (size_t i = 0; i < res->n; i++)
		if (res->answers[i].len)
			str_appendf(&out, len, "%s", res->answers[i].text);
	if (!out)
		out = xstrdup("");
	return out;
}

static void write_dump_file(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	size_t len;
	char *text = result_text(p, res, &len);
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", p->opts->dump_dir, dump_file_name(res->kind));
	if (write_file(path, text, len, DUMP_FILE_MODE, (gid_t)-1) < 0)
		log_err("cannot write %s: %s", path, strerror(errno));
	else
		log_info("wrote %s%s", path, res->kind == IPC_DUMP_STATS_CLEAR ? " (counters cleared)" : "");
	free(text);
}

void parent_dump_files(struct parent *p, enum ipc_dump_kind kind)
{
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	dump_request(p->dumps, kind, chans, write_dump_file, p);
}

static void log_dump(void *arg, const struct dump_result *res)
{
	struct parent *p = arg;
	size_t len;
	char *text = result_text(p, res, &len);
	for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		log_info("%s", line);
	}
	free(text);
}

void parent_dump_to_log(struct parent *p)
{
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	dump_request(p->dumps, IPC_DUMP_DATA_FILE, chans, log_dump, p);
}
