/* check_run.c - scheduling health-check attempts and turning their results
 * into real server verdicts (see checker.h). Attempts are spread with a
 * random warmup at start; the next attempt follows delay_loop, or
 * delay_before_retry while a failing check is retrying.
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

void check_target(const struct check_rt *c, struct ka_addr *addr, uint16_t *port)
{
	const struct check_conf *cc = c->conf;
	*addr = cc->connect_ip.family ? cc->connect_ip : c->rs->conf->addr;
	*port = cc->connect_port != CHECK_UNSET ? (uint16_t)cc->connect_port : c->rs->conf->port;
}

void check_rt_init(struct check_rt *c, struct rs_rt *rs, const struct check_conf *conf)
{
	memset(c, 0, sizeof(*c));
	c->rs = rs;
	c->conf = conf;
	c->fd = -1;
	c->dyn_weight = -1;
	chk_state_init(&c->st, conf->rise, conf->fall, conf->alpha == 1);
	timer_init(&c->timer, on_timer, c);
	str_copy(c->last, sizeof(c->last), "not run yet");
}

void check_rt_start(struct check_rt *c, uint64_t max_delay_us)
{
	struct loop *loop = c->rs->vs->ck->loop;
	uint64_t d = max_delay_us ? (uint64_t)random() % max_delay_us : 0;
	timer_start(loop, &c->timer, d);
}

void check_rt_stop(struct check_rt *c)
{
	timer_stop(c->rs->vs->ck->loop, &c->timer);
	check_attempt_release(c);
	c->running = false;
}

static void start_attempt(struct check_rt *c)
{
	c->running = true;
	/* the attempt's overall deadline; engines may re-arm it per step */
	uint64_t to = (uint64_t)c->conf->connect_timeout_ms * USEC_PER_MSEC;
	if (c->conf->type == CHECK_MISC)
		to = (uint64_t)c->conf->misc_timeout_ms * USEC_PER_MSEC + 2 * USEC_PER_SEC;
	timer_start(c->rs->vs->ck->loop, &c->timer, to);
	switch (c->conf->type) {
	case CHECK_TCP:
		check_tcp_start(c);
		break;
	case CHECK_HTTP:
	case CHECK_SSL:
		check_http_start(c);
		break;
	case CHECK_MISC:
		check_misc_start(c);
		break;
	case CHECK_UDP:
		check_udp_start(c);
		break;
	}
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
			timer_start(c->rs->vs->ck->loop, &c->timer,
				    (uint64_t)c->conf->delay_loop_ms * USEC_PER_MSEC);
			return;
		}
		start_attempt(c);
		return;
	}
	if (c->conf->type == CHECK_MISC)
		check_done(c, false, -1, "script timed out after %u ms", c->conf->misc_timeout_ms);
	else if (c->conf->type == CHECK_UDP)
		check_udp_timeout(c);
	else if (c->fd >= 0 && !c->ssl && !c->http_active)
		check_done(c, false, -1, "connect timeout");
	else
		check_done(c, false, -1, "%s timeout", c->ssl && !c->ssl_connected ? "TLS handshake" : "read");
}

bool rs_recompute(struct rs_rt *rs)
{
	bool up = true;
	int32_t w = rs->conf->weight;
	for (size_t i = 0; i < rs->n_checks; i++) {
		const struct check_rt *c = &rs->checks[i];
		up = up && c->st.up;
		if (c->conf->misc_dynamic && c->dyn_weight >= 0)
			w = c->dyn_weight;
	}
	bool changed = up != rs->up || w != rs->weight;
	rs->up = up;
	rs->weight = w;
	return changed;
}

void check_done(struct check_rt *c, bool ok, int32_t dyn_weight, const char *fmt, ...)
{
	struct loop *loop = c->rs->vs->ck->loop;
	char why[sizeof(c->last)];
	char rsb[80];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);

	check_attempt_release(c);
	c->running = false;
	timer_stop(loop, &c->timer);
	c->last_us = loop_now(loop);
	str_copy(c->last, sizeof(c->last), why);
	if (ok)
		c->n_ok++;
	else
		c->n_fail++;

	bool was_up = c->st.up;
	bool flipped = chk_state_feed(&c->st, ok);
	int32_t old_dyn = c->dyn_weight;
	if (ok && dyn_weight >= 0)
		c->dyn_weight = dyn_weight;
	else if (ok)
		c->dyn_weight = -1;

	if (!ok && was_up && !flipped)
		log_info("%s on %s failed (%s), retry %u of %u", check_type_name(c->conf->type),
			 rs_str(c->rs, rsb, sizeof(rsb)), why, c->st.fail_streak, c->st.fall - 1);
	else if (!ok && !flipped && log_detail())
		log_debug("%s on %s failed: %s", check_type_name(c->conf->type),
			  rs_str(c->rs, rsb, sizeof(rsb)), why);
	if (flipped)
		log_notice("%s on %s %s: %s", check_type_name(c->conf->type), rs_str(c->rs, rsb, sizeof(rsb)),
			   c->st.up ? "succeeded" : "failed", why);

	if (flipped || old_dyn != c->dyn_weight) {
		char reason[200];
		snprintf(reason, sizeof(reason), "%s %s", check_type_name(c->conf->type), why);
		if (rs_recompute(c->rs))
			vs_rs_changed(c->rs, reason);
	}

	uint32_t ms = chk_next_delay_ms(&c->st, c->conf->delay_loop_ms, c->conf->delay_before_retry_ms);
	timer_start(loop, &c->timer, (uint64_t)ms * USEC_PER_MSEC);
}
