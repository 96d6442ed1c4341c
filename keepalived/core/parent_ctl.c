/* parent_ctl.c - what keepalivedctl's commands do in the parent. Each
 * command either answers at once or waits, as a `struct pending`, for what
 * it asked: a dump of the children (status, dump, stats), every child
 * applying a configuration (reload), or one child's CONTROL_REPLY (garp).
 * Every wait has a deadline, so every client gets exactly one answer.
 *
 *   status [--json]          the status table, or the status document
 *   reload                   synchronous: errors (FILE:LINE) or "applied"
 *   dump data|stats|json     the dump file's text
 *   stats [--clear]          the stats text (then the counters are zeroed)
 *   garp INSTANCE            a gratuitous ARP burst from a master now
 */
#include "parent_int.h"
#include "jsonw.h"
#include "log.h"
#include "status.h"
#include "util.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPLY_TIMEOUT_US (60 * USEC_PER_SEC)
#define CHILD_TIMEOUT_US (5 * USEC_PER_SEC)
#define MAX_WORDS 4

enum wait_kind { WAIT_DUMP, WAIT_APPLY, WAIT_CHILD };
enum view { VIEW_TABLE, VIEW_JSON, VIEW_TEXT };

struct pending {
	struct pending *next;
	struct parent *p;
	struct control_conn *conn;
	enum wait_kind what;
	enum view view;            /* WAIT_DUMP: how to show the result */
	uint32_t id;               /* WAIT_DUMP: dump id; WAIT_CHILD: control id */
	size_t child;              /* WAIT_CHILD */
	uint32_t gen;              /* WAIT_APPLY */
	char *messages;            /* WAIT_APPLY: the reload's warnings */
	struct ev_timer timer;     /* WAIT_APPLY / WAIT_CHILD deadline */
};

struct parent_ctl {
	struct pending *list;
	uint32_t next_id;
};

static struct parent_ctl *ctl_of(struct parent *p)
{
	if (!p->pctl)
		p->pctl = xcalloc(1, sizeof(*p->pctl));
	return p->pctl;
}

static void pending_free(struct pending *w)
{
	struct parent_ctl *pc = ctl_of(w->p);
	for (struct pending **pp = &pc->list; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	timer_stop(w->p->loop, &w->timer);
	free(w->messages);
	free(w);
}

/* Answer and forget the wait. */
static void pending_reply(struct pending *w, bool ok, const char *text)
{
	control_reply(w->conn, ok, text, strlen(text));
	pending_free(w);
}

static void pending_timeout(void *arg);

static struct pending *pending_new(struct parent *p, struct control_conn *c, enum wait_kind what)
{
	struct parent_ctl *pc = ctl_of(p);
	struct pending *w = xcalloc(1, sizeof(*w));
	w->p = p;
	w->conn = c;
	w->what = what;
	timer_init(&w->timer, pending_timeout, w);
	w->next = pc->list;
	pc->list = w;
	return w;
}

static void pending_timeout(void *arg)
{
	struct pending *w = arg;
	char msg[160];
	if (w->what == WAIT_APPLY)
		snprintf(msg, sizeof(msg), "configuration generation %u was not applied by every child "
			 "within %llu s (see the log)\n", w->gen, (unsigned long long)(APPLY_TIMEOUT_US / USEC_PER_SEC));
	else
		snprintf(msg, sizeof(msg), "the %s child did not answer\n", w->p->slots[w->child].desc->name);
	pending_reply(w, false, msg);
}

/* ---- dumps: status, dump, stats ------------------------------------------------------ */

static void dump_done(void *arg, const struct dump_result *res)
{
	struct pending *w = arg;
	struct parent *p = w->p;
	char *text;
	size_t len;
	if (w->view == VIEW_TEXT) {
		text = parent_dump_text(p, res, &len);
	} else {
		json_object *doc = parent_status_doc(p, res);
		if (w->view == VIEW_TABLE) {
			text = status_render_text(doc);
			json_object_put(doc);
		} else {
			text = jw_finish(doc, true, &len);
			str_appendf(&text, &len, "\n");
		}
	}
	w->id = 0;
	pending_reply(w, true, text ? text : "");
	free(text);
}

static void start_dump(struct parent *p, struct control_conn *c, enum ipc_dump_kind kind, enum view view)
{
	struct pending *w = pending_new(p, c, WAIT_DUMP);
	w->view = view;
	struct ipc_chan *chans[PROC_COUNT];
	parent_chans(p, chans);
	w->id = dump_request(p->dumps, kind, chans, dump_done, w);
	if (!w->id)
		pending_reply(w, false, "too many requests under way; try again\n");
}

/* ---- reload ------------------------------------------------------------------------------ */

static void cmd_reload(struct parent *p, struct control_conn *c)
{
	char *messages = NULL;
	int errors = parent_reload(p, &messages);
	if (errors < 0) {
		const char msg[] = "the daemon is stopping\n";
		control_reply(c, false, msg, sizeof(msg) - 1);
	} else if (errors > 0) {
		size_t ml = messages ? strlen(messages) : 0;
		str_appendf(&messages, &ml, "%s: %d error%s: the running configuration is kept\n",
			    p->opts->conf_file, errors, errors == 1 ? "" : "s");
		control_reply(c, false, messages, strlen(messages));
	} else {
		struct pending *w = pending_new(p, c, WAIT_APPLY);
		w->gen = p->generation;
		w->messages = messages;
		messages = NULL;
		timer_start(p->loop, &w->timer, APPLY_TIMEOUT_US);
		parent_ctl_applied(p);   /* nothing to wait for when no child is wanted */
	}
	free(messages);
}

void parent_ctl_applied(struct parent *p)
{
	if (!p->pctl)
		return;
	for (struct pending *w = p->pctl->list, *next; w; w = next) {
		next = w->next;
		if (w->what != WAIT_APPLY || p->applied_gen < w->gen)
			continue;
		char *text = w->messages;
		size_t len = text ? strlen(text) : 0;
		w->messages = NULL;
		str_appendf(&text, &len, "configuration generation %u applied\n", w->gen);
		pending_reply(w, true, text);
		free(text);
	}
}

/* ---- a command for one child (garp) ------------------------------------------------------ */

static void child_command(struct parent *p, struct control_conn *c, size_t child, const char *verb,
			  const char *argument)
{
	struct proc_slot *s = &p->slots[child];
	if (!s->pid || !s->chan) {
		char msg[96];
		snprintf(msg, sizeof(msg), "the %s child is not running\n", s->desc->name);
		control_reply(c, false, msg, strlen(msg));
		return;
	}
	struct parent_ctl *pc = ctl_of(p);
	struct pending *w = pending_new(p, c, WAIT_CHILD);
	w->child = child;
	w->id = ++pc->next_id ? pc->next_id : ++pc->next_id;
	struct wbuf b;
	wbuf_init(&b);
	wput_u32(&b, w->id);
	wput_str(&b, verb);
	wput_str(&b, argument);
	int r = ipc_send(s->chan, IPC_CONTROL, b.data, b.len);
	wbuf_free(&b);
	if (r < 0) {
		pending_reply(w, false, "cannot reach the child\n");
		return;
	}
	timer_start(p->loop, &w->timer, CHILD_TIMEOUT_US);
}

void parent_ctl_reply(struct parent *p, size_t child, const void *payload, size_t len)
{
	struct rbuf r;
	rbuf_init(&r, payload, len);
	uint32_t id = rget_u32(&r);
	uint32_t status = rget_u32(&r);
	char *text = rget_str(&r);
	if (r.error || !p->pctl) {
		free(text);
		return;
	}
	for (struct pending *w = p->pctl->list; w; w = w->next) {
		if (w->what == WAIT_CHILD && w->child == child && w->id == id) {
			size_t n = text ? strlen(text) : 0;
			str_appendf(&text, &n, "\n");
			pending_reply(w, status == 0, text);
			break;
		}
	}
	free(text);
}

void parent_ctl_child_gone(struct parent *p, size_t child)
{
	if (!p->pctl)
		return;
	for (struct pending *w = p->pctl->list, *next; w; w = next) {
		next = w->next;
		if (w->what == WAIT_CHILD && w->child == child)
			pending_reply(w, false, "the child exited before answering\n");
	}
}

void parent_ctl_free(struct parent *p)
{
	if (!p->pctl)
		return;
	while (p->pctl->list) {
		struct pending *w = p->pctl->list;
		if (w->what == WAIT_DUMP && w->id)
			dump_cancel(p->dumps, w->id);
		pending_free(w);
	}
	free(p->pctl);
	p->pctl = NULL;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static size_t split_words(char *line, char *words[MAX_WORDS])
{
	size_t n = 0;
	for (char *tok = strtok(line, " \t"); tok && n < MAX_WORDS; tok = strtok(NULL, " \t"))
		words[n++] = tok;
	return n;
}

static bool is(const char *word, const char *a, const char *b)
{
	return word && (strcmp(word, a) == 0 || (b && strcmp(word, b) == 0));
}

void parent_ctl_command(void *arg, struct control_conn *c, char *line)
{
	struct parent *p = arg;
	char *w[MAX_WORDS] = { NULL };
	size_t n = split_words(line, w);
	log_debug("control: command '%s%s%s'", n ? w[0] : "", n > 1 ? " " : "", n > 1 ? w[1] : "");
	if (n == 1 && is(w[0], "status", NULL))
		start_dump(p, c, IPC_DUMP_JSON_FILE, VIEW_TABLE);
	else if (n == 2 && is(w[0], "status", NULL) && is(w[1], "--json", "json"))
		start_dump(p, c, IPC_DUMP_JSON_FILE, VIEW_JSON);
	else if (n == 1 && is(w[0], "reload", NULL))
		cmd_reload(p, c);
	else if (n == 2 && is(w[0], "dump", NULL) && is(w[1], "data", NULL))
		start_dump(p, c, IPC_DUMP_DATA_FILE, VIEW_TEXT);
	else if (n == 2 && is(w[0], "dump", NULL) && is(w[1], "stats", NULL))
		start_dump(p, c, IPC_DUMP_STATS_FILE, VIEW_TEXT);
	else if (n == 2 && is(w[0], "dump", NULL) && is(w[1], "json", NULL))
		start_dump(p, c, IPC_DUMP_JSON_FILE, VIEW_JSON);
	else if (n == 1 && is(w[0], "stats", NULL))
		start_dump(p, c, IPC_DUMP_STATS_FILE, VIEW_TEXT);
	else if (n == 2 && is(w[0], "stats", NULL) && is(w[1], "--clear", "clear"))
		start_dump(p, c, IPC_DUMP_STATS_CLEAR, VIEW_TEXT);
	else if (n == 2 && is(w[0], "garp", NULL))
		child_command(p, c, PROC_VRRP, "garp", w[1]);
	else {
		const char msg[] = "unknown command (status [--json], reload, dump data|stats|json, "
				   "stats [--clear], garp INSTANCE)\n";
		control_reply(c, false, msg, sizeof(msg) - 1);
	}
}
