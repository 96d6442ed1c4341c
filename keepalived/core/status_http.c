/* status_http.c - see status_http.h. */
#include "status_http.h"
#include "dynlib.h"
#include "log.h"
#include "loop.h"
#include "status.h"
#include "util.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define HTTP_MAX_CONNS         32
#define HTTP_MAX_PER_IP        8
#define HTTP_IDLE_TIMEOUT_S    10
#define HTTP_REQUEST_TIMEOUT_S 10   /* a whole request header must arrive within this */
#define HTTP_ANSWER_TIMEOUT_S  30   /* then the answer must be sent within this */
#define HTTP_MEMORY_LIMIT      (16 * 1024)
#define HTTP_DOC_MAX_AGE_US    (1 * USEC_PER_SEC)
#define HTTP_PAGE_REFRESH_S    5
#define REALM                  "keepalived"

enum page { PAGE_HTML, PAGE_JSON, PAGE_METRICS };

/* One request (MHD's con_cls). */
struct http_req {
	struct http_req *next;       /* in the waiting list while suspended */
	struct MHD_Connection *conn;
	enum page page;
	bool waiting;
	bool ready;                  /* resumed: answer from the document */
};

/* A connection's socket, so that a forked child can close it, and its
 * deadline: MHD's timeout is one of inactivity, which a client sending a
 * byte now and then never meets ("slow drip"); the deadline bounds the
 * time a connection may take to send its request (and to be answered). */
struct http_sock {
	struct http_sock *next;
	int fd;
	uint64_t deadline_us;        /* monotonic; 0 = none */
};

/* libmicrohttpd's calls, loaded when a status_http server opens
 * (dynlib.h): the daemon does not link it. */
#define MHD_CALL(f) __typeof__(MHD_##f) *f
struct mhd_lib {
	MHD_CALL(start_daemon);
	MHD_CALL(stop_daemon);
	MHD_CALL(run);
	MHD_CALL(get_timeout);
	MHD_CALL(get_daemon_info);
	MHD_CALL(get_connection_info);
	MHD_CALL(suspend_connection);
	MHD_CALL(resume_connection);
	MHD_CALL(create_response_from_buffer);
	MHD_CALL(add_response_header);
	MHD_CALL(queue_response);
	MHD_CALL(destroy_response);
	MHD_CALL(basic_auth_get_username_password);
	MHD_CALL(queue_basic_auth_fail_response);
	MHD_CALL(free);
};
#undef MHD_CALL

/* Resolve every call of l; false (logged) when the library is missing. */
static bool mhd_lib_load(struct mhd_lib *l)
{
#define SYM(f) { "MHD_" #f, (void **)&l->f }
	const struct dynlib_sym syms[] = {
		SYM(start_daemon), SYM(stop_daemon), SYM(run), SYM(get_timeout), SYM(get_daemon_info),
		SYM(get_connection_info), SYM(suspend_connection), SYM(resume_connection),
		SYM(create_response_from_buffer), SYM(add_response_header), SYM(queue_response),
		SYM(destroy_response), SYM(basic_auth_get_username_password),
		SYM(queue_basic_auth_fail_response), SYM(free), { NULL, NULL },
	};
#undef SYM
	return dynlib_load("status_http", MHD_SONAME, MHD_PACKAGE, syms);
}

struct http_server {
	struct loop *loop;
	struct mhd_lib lib;
	struct MHD_Daemon *mhd;
	int epfd;
	struct ev_timer timer;
	struct ev_timer sweep_timer; /* deadlines, once a second while connections are open */
	char *user, *password;
	http_fetch_fn fetch;
	void *arg;
	json_object *doc;            /* the last document */
	uint64_t doc_time;
	bool fetching;
	bool closed;                 /* a connection closed in this MHD_run() */
	struct http_req *waiting;
	struct http_sock *socks;
};

static void http_log(void *arg, const char *fmt, va_list ap)
{
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_info("status_http: %s", buf);
}

/* ---- driving MHD from the loop ----------------------------------------------------------- */

static void schedule(struct http_server *s)
{
	MHD_UNSIGNED_LONG_LONG ms;
	if (s->lib.get_timeout(s->mhd, &ms) == MHD_YES)
		timer_start(s->loop, &s->timer, (uint64_t)ms * USEC_PER_MSEC);
	else
		timer_stop(s->loop, &s->timer);
}

/* One MHD_run(), and one more when it closed connections: MHD (external
 * epoll) takes its listening socket out of its epoll set at the
 * connection limit and puts it back only at the start of a run after the
 * count went down - which, with nothing else to do (no timeout, no event),
 * would never come, and the connections waiting in the listen queue would
 * never be accepted. */
static void run_mhd(struct http_server *s)
{
	s->closed = false;
	s->lib.run(s->mhd);
	if (s->closed) {
		s->closed = false;
		s->lib.run(s->mhd);
	}
	if (s->closed)
		timer_start(s->loop, &s->timer, 0);   /* again on the next turn */
	else
		schedule(s);
}

static void on_epoll(void *arg, int fd, uint32_t events) { run_mhd(arg); }
static void on_timer(void *arg) { run_mhd(arg); }

/* ---- deadlines ------------------------------------------------------------------------------- */

/* Give conn's socket until now + seconds (0: no deadline). */
static void set_deadline(struct http_server *s, struct MHD_Connection *conn, unsigned seconds)
{
	const union MHD_ConnectionInfo *ci = s->lib.get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct http_sock *k = ci ? ci->socket_context : NULL;
	if (k)
		k->deadline_us = seconds ? mono_now_us() + (uint64_t)seconds * USEC_PER_SEC : 0;
}

/* Shut down the sockets past their deadline (MHD then sees the end of the
 * connection and frees it); again in a second while any is open. */
static void on_sweep(void *arg)
{
	struct http_server *s = arg;
	uint64_t now = mono_now_us();
	unsigned cut = 0;
	for (struct http_sock *k = s->socks; k; k = k->next) {
		if (k->deadline_us && now >= k->deadline_us && k->fd >= 0) {
			shutdown(k->fd, SHUT_RDWR);
			k->deadline_us = 0;
			cut++;
		}
	}
	if (cut)
		log_info("status_http: closed %u connection%s that did not complete a request within %d s", cut,
			 cut == 1 ? "" : "s", HTTP_REQUEST_TIMEOUT_S);
	if (s->socks)
		timer_start(s->loop, &s->sweep_timer, USEC_PER_SEC);
	if (cut)
		run_mhd(s);
}

/* ---- answers --------------------------------------------------------------------------------- */

static enum MHD_Result answer(struct http_server *s, struct MHD_Connection *conn, unsigned status, const char *type,
			      char *body)
{
	struct MHD_Response *r = s->lib.create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	s->lib.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	s->lib.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = s->lib.queue_response(conn, status, r);
	s->lib.destroy_response(r);
	return ret;
}

static enum MHD_Result answer_text(struct http_server *s, struct MHD_Connection *conn, unsigned status,
				   const char *text)
{
	return answer(s, conn, status, "text/plain; charset=utf-8", xstrdup(text));
}

static enum MHD_Result answer_page(struct http_server *s, struct http_req *q)
{
	if (!s->doc)
		return answer_text(s, q->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "no status available\n");
	switch (q->page) {
	case PAGE_METRICS:
		return answer(s, q->conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
			      status_render_prom(s->doc));
	case PAGE_JSON: {
		const char *t = json_object_to_json_string_ext(s->doc, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
		char *body = NULL;
		size_t n = 0;
		str_appendf(&body, &n, "%s\n", t);
		return answer(s, q->conn, MHD_HTTP_OK, "application/json", body);
	}
	default:
		return answer(s, q->conn, MHD_HTTP_OK, "text/html; charset=utf-8",
			      status_render_html(s->doc, HTTP_PAGE_REFRESH_S));
	}
}

/* ---- authentication ---------------------------------------------------------------------------- */

/* Equal, in a time that does not depend on where they differ. */
static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = (unsigned char)(la != lb);
	for (size_t i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return d == 0;
}

static bool authorized(struct http_server *s, struct MHD_Connection *conn)
{
	if (!s->user)
		return true;
	char *pass = NULL;
	char *user = s->lib.basic_auth_get_username_password(conn, &pass);
	bool ok = user && pass && same_secret(user, s->user) & same_secret(pass, s->password);
	if (user)
		s->lib.free(user);
	if (pass)
		s->lib.free(pass);
	return ok;
}

/* ---- requests ----------------------------------------------------------------------------------- */

static bool page_of(const char *url, enum page *p)
{
	if (strcmp(url, "/metrics") == 0)
		*p = PAGE_METRICS;
	else if (strcmp(url, "/status.json") == 0)
		*p = PAGE_JSON;
	else if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
		*p = PAGE_HTML;
	else
		return false;
	return true;
}

/* Wait for a fresh document: join the fetch under way or start one. */
static enum MHD_Result wait_for_doc(struct http_server *s, struct http_req *q)
{
	q->waiting = true;
	q->next = s->waiting;
	s->waiting = q;
	s->lib.suspend_connection(q->conn);
	if (!s->fetching) {
		s->fetching = true;
		s->fetch(s->arg);
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *q = *con_cls;
	if (q && q->ready)
		return answer_page(s, q);
	if (q)
		return MHD_YES;   /* still waiting (should not be called while suspended) */
	set_deadline(s, conn, HTTP_ANSWER_TIMEOUT_S);   /* the request is in: now the answer */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer_text(s, conn, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
	if (*upload_size)
		return answer_text(s, conn, MHD_HTTP_BAD_REQUEST, "no request body expected\n");
	if (!authorized(s, conn)) {
		struct MHD_Response *r = s->lib.create_response_from_buffer(13, (void *)"unauthorized\n",
									 MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret = s->lib.queue_basic_auth_fail_response(conn, REALM, r);
		s->lib.destroy_response(r);
		return ret;
	}
	enum page page;
	if (!page_of(url, &page))
		return answer_text(s, conn, MHD_HTTP_NOT_FOUND, "not found: try /, /metrics or /status.json\n");
	q = xcalloc(1, sizeof(*q));
	q->conn = conn;
	q->page = page;
	*con_cls = q;
	if (s->doc && mono_now_us() - s->doc_time < HTTP_DOC_MAX_AGE_US) {
		q->ready = true;
		return answer_page(s, q);
	}
	return wait_for_doc(s, q);
}

static void unlink_waiting(struct http_server *s, struct http_req *q)
{
	for (struct http_req **pp = &s->waiting; *pp; pp = &(*pp)->next) {
		if (*pp == q) {
			*pp = q->next;
			return;
		}
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_req *q = *con_cls;
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		set_deadline(s, conn, HTTP_REQUEST_TIMEOUT_S);   /* kept alive: the next request */
	if (!q)
		return;
	if (q->waiting)
		unlink_waiting(s, q);
	free(q);
	*con_cls = NULL;
}

/* Track connection sockets (for http_server_forget()). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = s->lib.get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct http_sock *k = xcalloc(1, sizeof(*k));
		k->fd = ci ? ci->connect_fd : -1;
		k->deadline_us = mono_now_us() + (uint64_t)HTTP_REQUEST_TIMEOUT_S * USEC_PER_SEC;
		if (!s->socks)
			timer_start(s->loop, &s->sweep_timer, USEC_PER_SEC);
		k->next = s->socks;
		s->socks = k;
		*socket_context = k;
		return;
	}
	struct http_sock *k = *socket_context;
	s->closed = true;
	for (struct http_sock **pp = &s->socks; k && *pp; pp = &(*pp)->next) {
		if (*pp == k) {
			*pp = k->next;
			free(k);
			break;
		}
	}
	*socket_context = NULL;
}

void http_server_status(struct http_server *s, json_object *doc)
{
	s->fetching = false;
	if (doc) {
		json_object_put(s->doc);
		s->doc = json_object_get(doc);
		s->doc_time = mono_now_us();
	}
	while (s->waiting) {
		struct http_req *q = s->waiting;
		s->waiting = q->next;
		q->waiting = false;
		q->ready = true;
		s->lib.resume_connection(q->conn);
	}
	timer_start(s->loop, &s->timer, 0);   /* let MHD answer them */
}

/* ---- life ------------------------------------------------------------------------------------------- */

struct http_server *http_server_open(struct loop *loop, const struct sockaddr *sa, socklen_t len,
				     const char *user, const char *password, http_fetch_fn fetch, void *arg)
{
	struct http_server *s = xcalloc(1, sizeof(*s));
	if (!mhd_lib_load(&s->lib)) {
		free(s);
		return NULL;
	}
	s->loop = loop;
	s->fetch = fetch;
	s->arg = arg;
	s->epfd = -1;
	if (user && *user) {
		s->user = xstrdup(user);
		s->password = xstrdup(password ? password : "");
	}
	timer_init(&s->timer, on_timer, s);
	timer_init(&s->sweep_timer, on_sweep, s);
	uint16_t port = ntohs(sa->sa_family == AF_INET6 ? ((const struct sockaddr_in6 *)sa)->sin6_port
							: ((const struct sockaddr_in *)sa)->sin_port);
	unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
			 (sa->sa_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	s->mhd = s->lib.start_daemon(flags, port, NULL, NULL, on_request, s,
				  MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,   /* first: MHD's own logger otherwise */
				  MHD_OPTION_SOCK_ADDR, sa,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_MAX_CONNS,
				  MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_MAX_PER_IP,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_TIMEOUT_S,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
				  MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
				  MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				  MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				  MHD_OPTION_END);
	const union MHD_DaemonInfo *di = s->mhd ? s->lib.get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
	if (!di || loop_io_add(loop, di->epoll_fd, EPOLLIN, on_epoll, s) < 0) {
		log_err("status_http: cannot listen on port %u: %s", port, strerror(errno));
		if (s->mhd)
			s->lib.stop_daemon(s->mhd);
		free(s->user);
		free(s->password);
		free(s);
		return NULL;
	}
	s->epfd = di->epoll_fd;
	schedule(s);
	return s;
}

void http_server_close(struct http_server *s)
{
	if (!s)
		return;
	http_server_status(s, NULL);   /* resume the waiting: they get 503 (no document) or the old one */
	s->lib.run(s->mhd);
	loop_io_del(s->loop, s->epfd);
	timer_stop(s->loop, &s->timer);
	timer_stop(s->loop, &s->sweep_timer);
	s->lib.stop_daemon(s->mhd);
	while (s->socks) {
		struct http_sock *k = s->socks;
		s->socks = k->next;
		free(k);
	}
	json_object_put(s->doc);
	free(s->user);
	free(s->password);
	free(s);
}

void http_server_forget(struct http_server *s)
{
	if (!s)
		return;
	const union MHD_DaemonInfo *di = s->lib.get_daemon_info(s->mhd, MHD_DAEMON_INFO_LISTEN_FD);
	if (di)
		close(di->listen_fd);
	loop_io_del(s->loop, s->epfd);
	close(s->epfd);
	for (struct http_sock *k = s->socks; k; k = k->next)
		if (k->fd >= 0)
			close(k->fd);
	/* the rest of the server is the parent's memory: left as it is */
}
