/* child_ipc.c - see child_ipc.h. */
#include "child_ipc.h"
#include "conf_wire.h"
#include "ipc.h"
#include "log.h"
#include "loop.h"
#include "privdrop.h"
#include "script_remote.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A descriptor the parent opened for the child (IPC_FILE_FD). */
struct handed_file {
	struct handed_file *next;
	char *path;
	int fd;
};

/* A track file's text as the parent last sent it (IPC_FILE_VALUE). */
struct file_text {
	struct file_text *next;
	char *path;
	char *text;                    /* NULL: missing or unreadable */
};

struct child_ipc {
	struct loop *loop;
	struct ipc_chan *chan;
	const struct child_ipc_ops *ops;
	void *arg;
	bool staging;
	uint32_t staging_gen;
	uint64_t staging_us;           /* CONF_BEGIN arrived (mono_now_us) */
	uint64_t staging_bytes;        /* record bytes since */
	size_t staging_records;
	bool have_global;
	struct global_conf global;
	bool stopped;
	bool have_privs;               /* IPC_PRIVS received */
	bool dropped;                  /* privileges dropped (after the first CONF_END) */
	uint64_t keep_caps;
	uint32_t uid, gid;             /* to become (IPC_PRIVS); uid 0 = stay */
	struct script_remote *scripts; /* this child's scripts, run by the parent */
	struct handed_file *files;     /* FILE_FD of the stream being applied */
	struct file_text *texts;       /* FILE_VALUE: the last text of each track file */
	struct ev_timer drain_timer;   /* after stop(): wait for busy() to clear */
	uint64_t drain_deadline;
};

#define DRAIN_POLL_US (50 * USEC_PER_MSEC)
#define DRAIN_MAX_US  (10 * USEC_PER_SEC)

static void desync(const char *what)
{
	log_err("desynchronized with the parent (%s): exiting", what);
	_exit(2);
}

/* End the loop once the child has no scripts left to run (or time is up). */
static void drain_poll(void *arg)
{
	struct child_ipc *ci = arg;
	if (ci->ops->busy(ci->arg) && mono_now_us() < ci->drain_deadline) {
		timer_start(ci->loop, &ci->drain_timer, DRAIN_POLL_US);
		return;
	}
	loop_stop(ci->loop);
}

/* Once, after the first configuration is applied and before it is
 * acknowledged (so before anything came from the network): keep only the
 * capabilities the parent's process table gives this child. */
static void drop_privileges(struct child_ipc *ci)
{
	if (ci->dropped)
		return;
	char why[256], names[512];
	if (!privdrop_apply(ci->keep_caps, ci->uid, ci->gid, why, sizeof(why))) {
		log_err("cannot drop privileges (%s): exiting", why);
		_exit(2);
	}
	ci->dropped = true;
	uint64_t perm = 0, eff = 0;
	privdrop_current(&perm, &eff);
	privdrop_names(perm, names, sizeof(names));
	if (ci->uid)
		log_info("privileges dropped: uid %u gid %u, capabilities %s, no_new_privs",
			 ci->uid, ci->gid, names);
	else
		log_info("privileges dropped: capabilities %s, no_new_privs", names);
}

static void stop_once(struct child_ipc *ci)
{
	if (ci->stopped)
		return;
	ci->stopped = true;
	log_info("stopping");
	ci->ops->stop(ci->arg);
	ci->drain_deadline = mono_now_us() + DRAIN_MAX_US;
	timer_start(ci->loop, &ci->drain_timer, 0);
}

/* Close the handed-over descriptors nobody took. */
static void drop_files(struct child_ipc *ci)
{
	while (ci->files) {
		struct handed_file *f = ci->files;
		ci->files = f->next;
		close(f->fd);
		free(f->path);
		free(f);
	}
}

int child_ipc_take_file(struct child_ipc *ci, const char *path)
{
	for (struct handed_file **pp = &ci->files; *pp; pp = &(*pp)->next) {
		struct handed_file *f = *pp;
		if (strcmp(f->path, path))
			continue;
		int fd = f->fd;
		*pp = f->next;
		free(f->path);
		free(f);
		return fd;
	}
	return -1;
}

/* FILE_FD(path) inside a stream: keep the descriptor for the apply. */
static void take_file_fd(struct child_ipc *ci, struct rbuf *r)
{
	int fd = ipc_take_fd(ci->chan);
	char *path = rget_str(r);
	if (r->error || !path || fd < 0 || !ci->staging) {
		if (fd >= 0)
			close(fd);
		free(path);
		desync("bad FILE_FD");
	}
	struct handed_file *f = xcalloc(1, sizeof(*f));
	f->path = path;
	f->fd = fd;
	f->next = ci->files;
	ci->files = f;
}

bool child_ipc_file_text(struct child_ipc *ci, const char *path, const char **text)
{
	for (struct file_text *f = ci ? ci->texts : NULL; f; f = f->next)
		if (!strcmp(f->path, path)) {
			*text = f->text;
			return true;
		}
	*text = NULL;
	return false;
}

/* FILE_VALUE(path, present, text): keep it; a change is told to the child. */
static void take_file_value(struct child_ipc *ci, struct rbuf *r)
{
	char *path = rget_str(r);
	bool present = rget_u8(r) != 0;
	char *text = rget_str(r);
	if (r->error || !path || !text || r->left) {
		free(path);
		free(text);
		desync("bad FILE_VALUE");
	}
	if (!present) {
		free(text);
		text = NULL;
	}
	struct file_text *f = ci->texts;
	while (f && strcmp(f->path, path))
		f = f->next;
	if (f) {
		free(path);
		bool same = (!f->text && !text) || (f->text && text && !strcmp(f->text, text));
		free(f->text);
		f->text = text;
		if (same)
			return;
	} else {
		f = xcalloc(1, sizeof(*f));
		f->path = path;
		f->text = text;
		f->next = ci->texts;
		ci->texts = f;
	}
	if (ci->ops->file_changed)
		ci->ops->file_changed(ci->arg, f->path);
}

static void drop_texts(struct child_ipc *ci)
{
	while (ci->texts) {
		struct file_text *f = ci->texts;
		ci->texts = f->next;
		free(f->path);
		free(f->text);
		free(f);
	}
}

static void drop_global(struct child_ipc *ci)
{
	if (ci->have_global)
		global_conf_free(&ci->global);
	memset(&ci->global, 0, sizeof(ci->global));
	ci->have_global = false;
}

static bool is_mine(const struct child_ipc *ci, uint32_t type)
{
	for (size_t i = 0; i < sizeof(ci->ops->record_types) / sizeof(ci->ops->record_types[0]); i++)
		if (ci->ops->record_types[i] && type == ci->ops->record_types[i])
			return true;
	return false;
}

static void on_gone(void *arg);

/* The outcome of a send: a failure means the parent is lost. */
static int sent(struct child_ipc *ci, uint32_t type, int r)
{
	if (r == 0)
		return 0;
	log_err("cannot send message type %u to the parent", type);
	on_gone(ci);
	return -1;
}

int child_ipc_send(struct child_ipc *ci, uint32_t type, const void *payload, size_t len)
{
	return ci->chan ? sent(ci, type, ipc_send(ci->chan, type, payload, len)) : -1;
}

int child_ipc_send_soon(struct child_ipc *ci, uint32_t type, const void *payload, size_t len)
{
	return ci->chan ? sent(ci, type, ipc_send_soon(ci->chan, type, payload, len)) : -1;
}

void child_ipc_flush(struct child_ipc *ci)
{
	if (ci && ci->chan)
		ipc_flush(ci->chan);   /* a write error: on_close, as for any send */
}

/* Answer DUMP_REQUEST(id, kind): the child's text, then DUMP_END(id).
 * STATS_CLEAR is the stats text, then clear_stats(). An unknown kind gets
 * an empty answer (the parent is never left waiting). A failed send means
 * the parent is lost (child_ipc_send() stops the child). */
static void send_dump(struct child_ipc *ci, uint32_t id, uint32_t kind)
{
	size_t len = 0;
	char *text = NULL;
	uint32_t asked = kind == IPC_DUMP_STATS_CLEAR ? IPC_DUMP_STATS_FILE : kind;
	if (asked >= IPC_DUMP_DATA_FILE && asked <= IPC_DUMP_JSON_FILE)
		text = ci->ops->dump(ci->arg, asked, &len);
	int r = 0;
	if (text && len && ipc_send_text(ci->chan, id, text, len) < 0) {
		log_err("cannot send the dump text to the parent");
		on_gone(ci);
		r = -1;
	}
	free(text);
	if (kind == IPC_DUMP_STATS_CLEAR && ci->ops->clear_stats)
		ci->ops->clear_stats(ci->arg);
	if (r == 0)
		child_ipc_send(ci, IPC_DUMP_END, &id, sizeof(id));
}

/* Answer CONTROL(id, verb, argument) with CONTROL_REPLY(id, status, text). */
static void run_control(struct child_ipc *ci, struct rbuf *r)
{
	uint32_t id = rget_u32(r);
	char *verb = rget_str(r);
	char *argument = rget_str(r);
	if (r->error)
		desync("bad CONTROL");
	char *text = NULL;
	int status = 1;
	if (ci->ops->control)
		status = ci->ops->control(ci->arg, verb ? verb : "", argument ? argument : "", &text);
	else
		text = xstrdup("this process takes no commands");
	struct wbuf w;
	wbuf_init(&w);
	wput_u32(&w, id);
	wput_u32(&w, (uint32_t)status);
	wput_str(&w, text ? text : "");
	child_ipc_send(ci, IPC_CONTROL_REPLY, w.data, w.len);
	wbuf_free(&w);
	free(text);
	free(verb);
	free(argument);
}

/* Apply the staged generation gen, acknowledge it, and log how long the
 * reception (CONF_BEGIN to CONF_END) and the apply took. */
static void apply_timed(struct child_ipc *ci, uint32_t gen)
{
	uint64_t t_end = mono_now_us();
	ci->ops->conf_apply(ci->arg, &ci->global);
	drop_global(ci);
	drop_files(ci);
	drop_privileges(ci);
	uint64_t t_applied = mono_now_us();
	log_info("configuration generation %u: %zu records (%llu bytes) received in %.3f s, applied in %.3f s",
		 gen, ci->staging_records, (unsigned long long)ci->staging_bytes,
		 (double)(t_end - ci->staging_us) / 1e6, (double)(t_applied - t_end) / 1e6);
	child_ipc_send(ci, IPC_CONF_ACK, &gen, sizeof(gen));
}

static void on_msg(void *arg, uint32_t type, const void *data, size_t len)
{
	struct child_ipc *ci = arg;
	struct rbuf r;
	uint32_t u;
	rbuf_init(&r, data, len);
	switch (type) {
	case IPC_CONF_BEGIN:
		ci->staging_gen = rget_u32(&r);
		if (r.error)
			desync("bad CONF_BEGIN");
		drop_global(ci);
		drop_files(ci);
		ci->staging = true;
		ci->staging_us = mono_now_us();
		ci->staging_bytes = 0;
		ci->staging_records = 0;
		ci->ops->conf_begin(ci->arg);
		break;
	case IPC_CONF_GLOBAL:
		if (!ci->staging)
			desync("GLOBAL outside a configuration");
		drop_global(ci);
		if (!global_conf_decode(&r, &ci->global))
			desync("bad GLOBAL record");
		ci->have_global = true;
		break;
	case IPC_CONF_VRRP:
	case IPC_CONF_VRRP_OBJ:
	case IPC_CONF_VS:
	case IPC_CONF_VSG:
	case IPC_CONF_CHECK:
	case IPC_CONF_RS:
	case IPC_CONF_BFD:
		if (!ci->staging)
			desync("object record outside a configuration");
		if (is_mine(ci, type) && !ci->ops->conf_record(ci->arg, type, &r))
			desync("bad object record");
		ci->staging_records++;
		ci->staging_bytes += len;
		break;
	case IPC_CONF_RESUME:
		if (!ci->staging)
			desync("RESUME outside a configuration");
		if (ci->ops->conf_resume && !ci->ops->conf_resume(ci->arg, &r))
			desync("bad RESUME record");
		break;
	case IPC_PRIVS:
		rget_bytes(&r, &ci->keep_caps, sizeof(ci->keep_caps));
		ci->uid = rget_u32(&r);
		ci->gid = rget_u32(&r);
		if (r.error || r.left || ci->have_privs)
			desync("bad PRIVS");
		ci->have_privs = true;
		break;
	case IPC_FILE_FD:
		take_file_fd(ci, &r);
		break;
	case IPC_FILE_VALUE:
		take_file_value(ci, &r);
		break;
	case IPC_SCRIPT_DONE:
		if (!script_remote_done(ci->scripts, data, len))
			desync("bad SCRIPT_DONE");
		break;
	case IPC_CONF_END:
		u = rget_u32(&r);
		if (!ci->staging || r.error || u != ci->staging_gen || !ci->have_global)
			desync("unexpected CONF_END");
		if (!ci->have_privs)
			desync("no PRIVS before the first configuration");
		ci->staging = false;
		if (ci->stopped) {
			ci->ops->conf_begin(ci->arg);   /* drop what was staged */
			drop_global(ci);
			drop_files(ci);
			break;
		}
		apply_timed(ci, u);
		break;
	case IPC_DUMP_REQUEST: {
		uint32_t id = rget_u32(&r);
		u = rget_u32(&r);
		if (r.error)
			desync("bad DUMP_REQUEST");
		send_dump(ci, id, u);
		break;
	}
	case IPC_CONTROL:
		run_control(ci, &r);
		break;
	case IPC_SHUTDOWN:
		stop_once(ci);
		break;
	default:
		if (ci->ops->message) {
			if (!ci->ops->message(ci->arg, type, &r))
				desync("bad message");
		} else {
			log_warn("unexpected message type %u from the parent", type);
		}
	}
}

/* The parent closed its end, or the channel broke. */
static void on_gone(void *arg)
{
	struct child_ipc *ci = arg;
	if (!ci->chan)
		return;
	log_err("the parent went away");
	script_remote_parent_gone(ci->scripts);
	ipc_close(ci->chan);
	ci->chan = NULL;
	stop_once(ci);
}

static void on_signal(void *arg, int signo)
{
	if (signo == SIGTERM || signo == SIGINT)
		stop_once(arg);
}

struct child_ipc *child_ipc_open(struct loop *loop, int fd, const struct child_ipc_ops *ops, void *arg)
{
	struct child_ipc *ci = xcalloc(1, sizeof(*ci));
	ci->loop = loop;
	ci->ops = ops;
	ci->arg = arg;
	ci->chan = ipc_open(loop, fd, on_msg, on_gone, ci);
	ci->scripts = script_remote_new(loop, ci->chan);
	script_set_remote(ci->scripts);
	timer_init(&ci->drain_timer, drain_poll, ci);
	signal(SIGPIPE, SIG_IGN);
	const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2 };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		loop_signal_add(loop, sigs[i], on_signal, ci);
	return ci;
}

struct ipc_chan *child_ipc_chan(struct child_ipc *ci) { return ci->chan; }

void child_ipc_close(struct child_ipc *ci)
{
	if (!ci)
		return;
	drop_global(ci);
	drop_files(ci);
	drop_texts(ci);
	timer_stop(ci->loop, &ci->drain_timer);
	script_set_remote(NULL);
	script_remote_free(ci->scripts);
	if (ci->chan)
		ipc_close(ci->chan);
	free(ci);
}
