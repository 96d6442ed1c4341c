/* check_run.c - scheduling health-check attempts and turning their results
 * into real server verdicts, for every check type through check_type.h.
 * Attempts are spread with a random warmup at start; the next attempt
 * follows delay_loop after the end of the previous one (keepalived's
 * definition), or delay_before_retry while a failing check is retrying.
 */
#include "checker.h"
#include "log.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_timer(void *arg);

const char *rs_str(const struct rs_rt *rs, char *buf, size_t size)
{
	char a[64];
	snprintf(buf, size, "%s:%u", ka_addr_str(&rs->conf->addr, a, sizeof(a)), rs->conf->port);
	return buf;
}

void check_rt_init(struct check_rt *c, struct rs_rt *rs, const struct check_conf *conf)
{
	memset(c, 0, sizeof(*c));
	c->rs = rs;
	c->conf = conf;
	c->ops = check_type_get(conf->type);
	c->fd = -1;
	chk_state_init(&c->st, conf->rise, conf->fall, conf->alpha == 1);
	timer_init(&c->timer, on_timer, c);
	str_copy(c->last, sizeof(c->last), "not run yet");
	if (c->ops->rt_init)
		c->ops->rt_init(c);
}

static struct loop *loop_of(const struct check_rt *c)
{
	return c->rs->vs->ck->loop;
}

void check_rt_start(struct check_rt *c, uint64_t max_delay_us)
{
	if (c->ops->event_driven) {
		c->ops->start(c);
		return;
	}
	uint64_t d = max_delay_us ? (uint64_t)random() % max_delay_us : 0;
	timer_start(loop_of(c), &c->timer, d);
}

/* The attempt in flight is over: free it. Its deadline timer is left to
 * the caller, who re-arms it (cheaper than stopping and starting it). */
static void finish(struct check_rt *c)
{
	check_attempt_release(c);
	c->running = false;
}

void check_rt_stop(struct check_rt *c)
{
	finish(c);
	timer_stop(loop_of(c), &c->timer);
}

void check_rt_free(struct check_rt *c)
{
	check_rt_stop(c);
	if (c->ops->rt_free)
		c->ops->rt_free(c);
}

static uint64_t attempt_deadline_us(const struct check_rt *c)
{
	if (c->ops->attempt_timeout_us)
		return c->ops->attempt_timeout_us(c);
	return (uint64_t)c->conf->connect_timeout_ms * USEC_PER_MSEC;
}

static void start_attempt(struct check_rt *c)
{
	c->running = true;
	c->attempt_start_us = mono_now_us();
	timer_start(loop_of(c), &c->timer, attempt_deadline_us(c));
	c->ops->start(c);
}

void check_extend(struct check_rt *c)
{
	if (c->running)
		timer_start(loop_of(c), &c->timer, attempt_deadline_us(c));
}

/* Is addr configured on this host? (bind() to it succeeds only then.) */
static bool addr_is_local(const struct ka_addr *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof(ss));
	if (addr->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_addr = addr->u.v4;
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = addr->u.v6;
		len = sizeof(*sin6);
	}
	int fd = socket(addr->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true;   /* cannot tell: do not suspend */
	bool local = bind(fd, (struct sockaddr *)&ss, len) == 0;
	close(fd);
	return local;
}

/* ha_suspend: while the virtual address is not on this host (we are not
 * the director holding the VIP), checks of its real servers pause and
 * their state stays as it is. Logged once per change. */
static bool suspended(struct check_rt *c)
{
	struct vs_rt *vs = c->rs->vs;
	if (!vs->conf.ha_suspend || vs->conf.kind != VS_KIND_ADDR)
		return false;
	bool now = !addr_is_local(&vs->conf.addr);
	if (now != vs->suspended) {
		vs->suspended = now;
		if (now)
			log_notice("VS %s: virtual address not on this host, checks suspended (ha_suspend)",
				   vs->conf.name);
		else
			log_notice("VS %s: virtual address is here again, checks resume", vs->conf.name);
	}
	return now;
}

/* Fires either to start an attempt or when the attempt in flight took too long. */
static void on_timer(void *arg)
{
	struct check_rt *c = arg;
	if (c->rs->vs->ck->stopping)
		return;
	if (!c->running) {
		if (suspended(c)) {
			timer_start(loop_of(c), &c->timer, (uint64_t)c->conf->delay_loop_ms * USEC_PER_MSEC);
			return;
		}
		start_attempt(c);
		return;
	}
	if (c->ops->timeout)
		c->ops->timeout(c);
	else
		check_done(c, false, "timeout");
}

bool rs_recompute(struct rs_rt *rs)
{
	bool up = true;
	int64_t w = rs->conf->weight;
	for (size_t i = 0; i < rs->n_checks; i++) {
		const struct check_rt *c = &rs->checks[i];
		up = up && c->st.up;
		w += c->weight;
	}
	if (w < 0)
		w = 0;
	if (w > INT32_MAX)
		w = INT32_MAX;
	bool changed = up != rs->up || w != rs->weight;
	rs->up = up;
	rs->weight = (int32_t)w;
	return changed;
}

void check_set_weight(struct check_rt *c, int64_t delta)
{
	c->weight = delta;
}

/* Log a result the way keepalived's users expect to read it. */
static void log_result(const struct check_rt *c, bool ok, bool was_up, bool flipped, const char *why)
{
	char rsb[80];
	if (flipped)
		log_notice("%s on %s %s: %s", c->ops->name, rs_str(c->rs, rsb, sizeof(rsb)),
			   c->st.up ? "succeeded" : "failed", why);
	else if (!ok && was_up)
		log_info("%s on %s failed (%s), retry %u of %u", c->ops->name, rs_str(c->rs, rsb, sizeof(rsb)),
			 why, c->st.fail_streak, c->st.fall - 1);
	else if (!ok && c->conf->log_all_failures)
		log_info("%s on %s failed: %s", c->ops->name, rs_str(c->rs, rsb, sizeof(rsb)), why);
	else if (!ok && log_detail())
		log_debug("%s on %s failed: %s", c->ops->name, rs_str(c->rs, rsb, sizeof(rsb)), why);
}

void check_vdone(struct check_rt *c, bool ok, const char *fmt, va_list ap)
{
	vsnprintf(c->last, sizeof(c->last), fmt, ap);
	finish(c);
	c->last_us = loop_now(loop_of(c));
	c->last_duration_us = mono_now_us() - c->attempt_start_us;
	c->last_ok = ok;
	if (ok)
		c->n_ok++;
	else
		c->n_fail++;

	bool was_up = c->st.up, rs_was_up = c->rs->up;
	bool flipped = chk_state_feed(&c->st, ok);
	log_result(c, ok, was_up, flipped, c->last);
	if (rs_recompute(c->rs)) {
		char reason[200];
		snprintf(reason, sizeof(reason), "%s %s", c->ops->name, c->last);
		vs_rs_changed(c->rs, reason);
	}
	if (flipped)
		check_smtp_check(c, rs_was_up != c->rs->up);
	if (c->ops->event_driven) {
		timer_stop(loop_of(c), &c->timer);
		return;
	}
	uint64_t us = (uint64_t)chk_next_delay_ms(&c->st, c->conf->delay_loop_ms, c->conf->delay_before_retry_ms)
		      * USEC_PER_MSEC;
	if (c->ops->next_delay_us)
		us = c->ops->next_delay_us(c, ok, us);
	timer_start(loop_of(c), &c->timer, us);
}

/* Contract: see checker.h. */
size_t check_rt_list_add(struct check_rt_list *l, struct check_rt *c)
{
	size_t i = 0;
	while (i < l->n && l->c[i] && l->c[i] != c)
		i++;
	if (i == l->n)
		*(struct check_rt **)array_push(&l->c, &l->n, sizeof(*l->c)) = NULL;
	l->c[i] = c;
	return i;
}

void check_rt_list_remove(struct check_rt_list *l, const struct check_rt *c)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->c[i] == c)
			l->c[i] = NULL;
}

void check_rt_list_free(struct check_rt_list *l)
{
	free(l->c);
	l->c = NULL;
	l->n = 0;
}

void check_done(struct check_rt *c, bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	check_vdone(c, ok, fmt, ap);
	va_end(ap);
}

void check_step(struct check_rt *c, uint64_t delay_us, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->last, sizeof(c->last), fmt, ap);
	va_end(ap);
	finish(c);
	c->last_us = loop_now(loop_of(c));
	timer_start(loop_of(c), &c->timer, delay_us);
}
