/* smtp_client.c - one alert mail on the loop (see smtp_client.h). */
#include "smtp_client.h"
#include "log.h"
#include "loop.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

/* ---- the message ---------------------------------------------------------------- */

char *smtp_build_message(const struct smtp_msg *m, const char *date)
{
	char *out = NULL;
	size_t len = 0;
	str_appendf(&out, &len, "From: %s\r\nSubject: %s\r\nX-Mailer: Keepalived\r\nDate: %s\r\nTo: ",
		    m->from, m->subject, date);
	for (size_t i = 0; i < m->n_to; i++)
		str_appendf(&out, &len, "%s%s", i ? ", " : "", m->to[i]);
	str_appendf(&out, &len, "\r\n\r\n");
	const char *p = m->body ? m->body : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		str_appendf(&out, &len, "%s%.*s\r\n", *p == '.' ? "." : "", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
	str_appendf(&out, &len, ".\r\n");
	return out;
}

/* ---- the session ------------------------------------------------------------------ */

/* One step of the dialogue: what we send (NULL: nothing, the greeting),
 * and the reply class we need (2 or 3). */
struct step {
	char *send;
	int want;
};

struct session {
	struct loop *loop;
	int fd;
	struct ev_timer timer;
	uint64_t timeout_us;
	struct step *steps;
	size_t n_steps, cur;
	bool connected, sent;      /* this step's command is out */
	size_t out_off;
	struct smtp_reply rd;
	char server[INET6_ADDRSTRLEN + 8];
	char *subject;
	void (*done)(void *arg, bool ok);
	void *arg;
};

static void add_step(struct session *s, char *send, int want)
{
	struct step *st = array_push(&s->steps, &s->n_steps, sizeof(*st));
	st->send = send;
	st->want = want;
}

static char *strf(const char *fmt, const char *a)
{
	char *out = NULL;
	size_t len = 0;
	str_appendf(&out, &len, fmt, a);
	return out;
}

static void finish(struct session *s, bool ok, const char *why)
{
	if (!ok)
		log_warn("SMTP alert: mail '%s' not sent: server %s %s", s->subject, s->server, why);
	else
		log_info("SMTP alert: mail '%s' sent through %s", s->subject, s->server);
	timer_stop(s->loop, &s->timer);
	if (s->fd >= 0) {
		loop_io_del(s->loop, s->fd);
		close(s->fd);
	}
	if (s->done)
		s->done(s->arg, ok);
	for (size_t i = 0; i < s->n_steps; i++)
		free(s->steps[i].send);
	free(s->steps);
	free(s->subject);
	free(s);
}

static void timed_out(void *arg)
{
	struct session *s = arg;
	finish(s, false, s->connected ? "did not answer in time" : "is unreachable (connection timed out)");
}

/* Send what is left of the current step's command; true when all is out. */
static bool flush(struct session *s)
{
	const char *cmd = s->steps[s->cur].send;
	size_t len = strlen(cmd);
	while (s->out_off < len) {
		ssize_t n = send(s->fd, cmd + s->out_off, len - s->out_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			loop_io_mod(s->loop, s->fd, EPOLLIN | EPOLLOUT);
			return false;
		}
		if (n < 0) {
			char why[128];
			snprintf(why, sizeof(why), "closed the connection (%s)", strerror(errno));
			finish(s, false, why);
			return false;
		}
		s->out_off += (size_t)n;
	}
	loop_io_mod(s->loop, s->fd, EPOLLIN);
	s->sent = true;
	return true;
}

/* Move to the next step: send its command (if any) and wait for the reply. */
static void next_step(struct session *s)
{
	s->cur++;
	if (s->cur == s->n_steps) {
		finish(s, true, NULL);
		return;
	}
	smtp_reply_init(&s->rd);
	s->out_off = 0;
	s->sent = false;
	timer_start(s->loop, &s->timer, s->timeout_us);
	if (s->steps[s->cur].send)
		flush(s);
	else
		s->sent = true;
}

static void readable(struct session *s)
{
	char buf[1024];
	ssize_t n = recv(s->fd, buf, sizeof(buf), 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		finish(s, false, "closed the connection");
		return;
	}
	switch (smtp_reply_feed(&s->rd, buf, (size_t)n, NULL)) {
	case SMTP_MORE:
		return;
	case SMTP_ERROR: {
		char why[160];
		snprintf(why, sizeof(why), "does not speak SMTP (%s)", s->rd.error);
		finish(s, false, why);
		return;
	}
	case SMTP_DONE:
		break;
	}
	if (s->rd.code / 100 != s->steps[s->cur].want) {
		char why[SMTP_LINE_MAX + 32];
		snprintf(why, sizeof(why), "answered: %d %s", s->rd.code, s->rd.text);
		finish(s, false, why);
		return;
	}
	next_step(s);   /* may free s when it was the last step */
}

static void on_io(void *arg, int fd, uint32_t events)
{
	struct session *s = arg;
	if (!s->connected) {
		int err = 0;
		socklen_t l = sizeof(err);
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l);
		if (err) {
			char why[160];
			snprintf(why, sizeof(why), "is unreachable (%s)", strerror(err));
			finish(s, false, why);
			return;
		}
		s->connected = true;
		loop_io_mod(s->loop, fd, EPOLLIN);
		s->cur = 0;                /* the greeting: nothing to send */
		s->sent = true;
		timer_start(s->loop, &s->timer, s->timeout_us);
		return;
	}
	if ((events & EPOLLOUT) && !s->sent && !flush(s))
		return;
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		readable(s);
}

static void rfc5322_date(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S %z", &tm);
}

void smtp_send(struct loop *loop, const struct sockaddr *addr, socklen_t addrlen, const struct smtp_msg *m,
	       uint64_t timeout_us, void (*done)(void *arg, bool ok), void *arg)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->loop = loop;
	s->fd = -1;
	s->timeout_us = timeout_us;
	s->subject = xstrdup(m->subject);
	s->done = done;
	s->arg = arg;
	char host[INET6_ADDRSTRLEN] = "?";
	uint16_t port = 0;
	if (addr->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)addr;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
	} else if (addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)addr;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
	}
	snprintf(s->server, sizeof(s->server), "%s:%u", host, port);
	timer_init(&s->timer, timed_out, s);

	char date[64];
	rfc5322_date(date, sizeof(date));
	add_step(s, NULL, 2);                              /* 220 greeting */
	add_step(s, strf("HELO %s\r\n", m->helo), 2);
	add_step(s, strf("MAIL FROM:<%s>\r\n", m->from), 2);
	for (size_t i = 0; i < m->n_to; i++)
		add_step(s, strf("RCPT TO:<%s>\r\n", m->to[i]), 2);
	add_step(s, xstrdup("DATA\r\n"), 3);
	add_step(s, smtp_build_message(m, date), 2);
	add_step(s, xstrdup("QUIT\r\n"), 2);

	s->fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		finish(s, false, "cannot be reached (no socket)");
		return;
	}
	if (connect(s->fd, addr, addrlen) < 0 && errno != EINPROGRESS) {
		char why[160];
		snprintf(why, sizeof(why), "is unreachable (%s)", strerror(errno));
		close(s->fd);
		s->fd = -1;
		finish(s, false, why);
		return;
	}
	if (loop_io_add(loop, s->fd, EPOLLOUT, on_io, s) < 0) {
		finish(s, false, "cannot be watched");
		return;
	}
	timer_start(loop, &s->timer, timeout_us);
}
