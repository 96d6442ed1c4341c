/* conf_fields_test.c - the field engine (conf_fields.h) on every real
 * description (global_defs, vrrp_instance, VIP, virtual server, real server,
 * check, url, group) and on a synthetic one with an optional record and a
 * union: every field survives a round trip and is seen by equality; a
 * truncated, corrupted or out-of-range record is refused cleanly. */
#include "unit.h"

#include "check_conf.h"
#include "conf_fields.h"
#include "conf_plan.h"
#include "conf_wire.h"
#include "util.h"
#include "vrrp_conf.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* ---- a synthetic description: optional record, union by type ------------------------ */

struct t_tcp { uint16_t port; char *banner; };
struct t_http { char path[32]; uint32_t status; bool tls; };
struct t_obj {
	int32_t kind;                 /* selects the union: 1 tcp, 2 http */
	union { struct t_tcp tcp; struct t_http http; } u;
	struct t_http *extra;         /* optional */
	uint64_t big;
	int8_t small;
};

static const struct conf_field t_tcp_rows[] = {
	CF_U(struct t_tcp, port, 1, 65535),
	CF_S(struct t_tcp, banner),
};
static const struct conf_struct_desc t_tcp_desc = CF_DESC(struct t_tcp, 0, t_tcp_rows, NULL);
static const struct conf_field t_http_rows[] = {
	CF_SBUF(struct t_http, path),
	CF_U(struct t_http, status, 100, 599),
	CF_B(struct t_http, tls),
};
static const struct conf_struct_desc t_http_desc = CF_DESC(struct t_http, 0, t_http_rows, NULL);
static const struct conf_variant t_variants[] = { { 1, &t_tcp_desc }, { 2, &t_http_desc } };
static const struct conf_field t_rows[] = {
	CF_ENUM(struct t_obj, kind, 1, 2),
	CF_UNI(struct t_obj, u, kind, t_variants),
	CF_OPT(struct t_obj, extra, t_http_desc),
	CF_UANY(struct t_obj, big),
	CF_I(struct t_obj, small, -5, 5),
};
static const struct conf_struct_desc t_desc = CF_DESC(struct t_obj, 0x54455354u, t_rows, NULL);

/* ---- a generic filler: a value for every field, from a seed ---------------------------- */

static void fill(const struct conf_struct_desc *d, void *obj, unsigned seed);

static bool is_selector(const struct conf_struct_desc *d, const struct conf_field *f)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (d->fields[i].type == CF_UNION && d->fields[i].count_off == f->off)
			return true;
	return false;
}

static void store(void *p, size_t size, int64_t v)
{
	switch (size) {
	case 1: *(uint8_t *)p = (uint8_t)v; break;
	case 2: *(uint16_t *)p = (uint16_t)v; break;
	case 4: *(uint32_t *)p = (uint32_t)v; break;
	default: *(int64_t *)p = v; break;
	}
}

static void fill_field(const struct conf_struct_desc *d, const struct conf_field *f, void *obj, unsigned seed)
{
	uint8_t *p = (uint8_t *)obj + f->off;
	char s[64];
	snprintf(s, sizeof(s), "%s-%u", f->name, seed);
	switch (f->type) {
	case CF_UINT:
	case CF_INT: {
		uint64_t span = (uint64_t)(f->max - f->min) + 1;
		store(p, f->size, f->min + (int64_t)(span ? (seed * 7919u + 1) % span : seed));
		break;
	}
	case CF_BOOL:
		*(bool *)p = seed & 1;
		break;
	case CF_STRBUF:
		snprintf((char *)p, f->size, "%u%s", seed % 10, f->name);
		break;
	case CF_STR:
		*(char **)p = xstrdup(s);
		break;
	case CF_ISTR:
		*(const char **)p = str_intern(s);
		break;
	case CF_BYTES:
		for (size_t i = 0; i < f->size; i++)
			p[i] = (uint8_t)(seed + i);
		break;
	case CF_ADDR: {
		struct ka_addr *a = (struct ka_addr *)p;
		memset(a, 0, sizeof(*a));
		a->family = seed & 1 ? AF_INET6 : AF_INET;
		a->u.v6.s6_addr[0] = 10;
		a->u.v6.s6_addr[3] = (uint8_t)seed;
		break;
	}
	case CF_BLOB: {
		uint8_t *b = xmalloc(3);
		b[0] = (uint8_t)seed; b[1] = 0; b[2] = 0xff;
		*(uint8_t **)p = b;
		store((uint8_t *)obj + f->count_off, f->count_size, 3);
		break;
	}
	case CF_STRUCT:
		fill(f->elem, p, seed);
		break;
	case CF_PTR:
		*(void **)p = xcalloc(1, f->elem->size);
		fill(f->elem, *(void **)p, seed);
		break;
	case CF_ARRAY: {
		size_t n = 2 + seed % 2;
		uint8_t *arr = xcalloc(n, f->elem->size);
		for (size_t i = 0; i < n; i++)
			fill(f->elem, arr + i * f->elem->size, seed + (unsigned)i);
		*(void **)p = arr;
		store((uint8_t *)obj + f->count_off, f->count_size, (int64_t)n);
		break;
	}
	case CF_STR_ARRAY: {
		char **arr = xcalloc(2, sizeof(char *));
		arr[0] = xstrdup(s);
		arr[1] = xstrdup("x");
		*(char ***)p = arr;
		store((uint8_t *)obj + f->count_off, f->count_size, 2);
		break;
	}
	case CF_UNION: {
		int64_t sel = 0;
		memcpy(&sel, (uint8_t *)obj + f->count_off, f->count_size);
		for (size_t i = 0; i < f->n_variants; i++)
			if (f->variants[i].value == sel)
				fill(f->variants[i].desc, p, seed);
		break;
	}
	}
	(void)d;
}

/* Fill obj (zeroed first) so that it passes the description's validation. */
static void fill(const struct conf_struct_desc *d, void *obj, unsigned seed)
{
	memset(obj, 0, d->size);
	for (size_t i = 0; i < d->n_fields; i++)
		fill_field(d, &d->fields[i], obj, seed + (unsigned)i);
	if (d == &vip_conf_desc)
		((struct vip_conf *)obj)->prefixlen = 24;
	if (d == &vs_conf_desc) {
		struct vs_conf *vs = obj;
		vs->protocol = IPPROTO_UDP;
		vs->fwmark_family = AF_INET6;
		str_copy(vs->sched, sizeof(vs->sched), "rr");
	}
	if (d == &vsg_entry_desc)
		((struct vsg_entry *)obj)->fwmark_family = AF_INET;
}

static const struct conf_struct_desc *const all_descs[] = {
	&global_conf_desc, &vrrp_instance_conf_desc, &vip_conf_desc, &vs_conf_desc, &rs_conf_desc,
	&check_conf_desc, &url_conf_desc, &vsg_conf_desc, &vsg_entry_desc, &conf_origin_desc, &t_desc,
};

/* The fields of struct vip_conf after its label, unset. */
static void vip_tail(struct wbuf *w)
{
	wput_u8(w, 0);          /* peer: no family */
	wput_u32(w, 0);         /* flags_on */
	wput_u32(w, 0);         /* flags_off */
	wput_u32(w, 0);         /* preferred_lft */
	wput_u8(w, 0);          /* preferred_set */
	wput_u8(w, 0);          /* no_track */
	wput_u8(w, 0);          /* use_vmac */
}

TEST(descriptions_well_formed)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_descs); i++) {
		const char *bad = conf_fields_check_desc(all_descs[i]);
		if (bad)
			fprintf(stderr, "%s: bad row %s\n", all_descs[i]->name, bad);
		CHECK(bad == NULL);
	}
}

/* Every field of every description: a round trip gives an equal struct, and
 * changing that one field makes equality false (unless it is CF_NO_EQUAL). */
TEST(every_field_round_trips_and_compares)
{
	for (size_t k = 0; k < ARRAY_SIZE(all_descs); k++) {
		const struct conf_struct_desc *d = all_descs[k];
		void *a = xcalloc(1, d->size), *b = xcalloc(1, d->size), *c = xcalloc(1, d->size);
		fill(d, a, 3);
		struct wbuf w;
		wbuf_init(&w);
		conf_fields_encode(d, a, &w);
		CHECK(conf_fields_decode_msg(d, w.data, w.len, b));
		CHECK(conf_fields_equal(d, a, b));
		/* re-encoding gives the same bytes: nothing was lost, even CF_NO_EQUAL fields */
		struct wbuf w2;
		wbuf_init(&w2);
		conf_fields_encode(d, b, &w2);
		CHECK(w.len == w2.len && memcmp(w.data, w2.data, w.len) == 0);
		wbuf_free(&w2);

		for (size_t i = 0; i < d->n_fields; i++) {
			const struct conf_field *f = &d->fields[i];
			if (is_selector(d, f))
				continue;
			conf_fields_copy(d, c, a);
			struct conf_struct_desc one = { "one", d->size, 0, f, 1, NULL };
			conf_fields_free(&one, c);
			fill_field(d, f, c, 1000 + (unsigned)i);
			bool eq = conf_fields_equal(d, a, c);
			if (eq == !(f->flags & CF_NO_EQUAL))
				fprintf(stderr, "%s.%s: equality %s the change\n", d->name, f->name,
					eq ? "misses" : "sees");
			CHECK(eq == !!(f->flags & CF_NO_EQUAL));
			conf_fields_free(d, c);
		}
		/* every shorter prefix is refused, leaving nothing behind */
		for (size_t n = 0; n < w.len; n++) {
			CHECK(!conf_fields_decode_msg(d, w.data, n, c));
			for (size_t j = 0; j < d->size; j++)
				if (((uint8_t *)c)[j]) {
					CHECK(!"decode left state behind");
					break;
				}
		}
		/* flipping any byte: refused or a struct that frees cleanly (ASan) */
		for (size_t n = 0; n < w.len; n++) {
			w.data[n] ^= 0xa5;
			if (conf_fields_decode_msg(d, w.data, w.len, c))
				conf_fields_free(d, c);
			w.data[n] ^= 0xa5;
		}
		/* random garbage of every length */
		srand(42);
		for (size_t n = 0; n < 2000; n++) {
			size_t len = (size_t)rand() % 300;
			uint8_t *g = xmalloc(len + 1);
			for (size_t j = 0; j < len; j++)
				g[j] = (uint8_t)rand();
			if (d->magic && len >= 4)
				memcpy(g, &d->magic, 4);
			if (conf_fields_decode_msg(d, g, len, c))
				conf_fields_free(d, c);
			free(g);
		}
		wbuf_free(&w);
		conf_fields_free(d, a);
		conf_fields_free(d, b);
		free(a);
		free(b);
		free(c);
	}
}

/* Encode t, patch `len` bytes at the offset of the first byte equal to
 * marker... simpler: build records by hand. */
static bool decode_t(struct wbuf *w)
{
	struct t_obj o;
	bool ok = conf_fields_decode_msg(&t_desc, w->data, w->len, &o);
	if (ok)
		conf_fields_free(&t_desc, &o);
	wbuf_free(w);
	return ok;
}

static void t_head(struct wbuf *w, int32_t kind)
{
	wbuf_init(w);
	wput_u32(w, 0x54455354u);
	wput_u32(w, (uint32_t)kind);
}

TEST(invalid_values_refused)
{
	struct wbuf w;
	/* a good http variant, no extra, big, small */
	t_head(&w, 2); wput_u32(&w, 3); wput_bytes(&w, "/ok", 3); wput_u32(&w, 200); wput_u8(&w, 1);
	wput_u8(&w, 0); wput_u64(&w, UINT64_MAX); wput_u8(&w, (uint8_t)-5);
	CHECK(decode_t(&w));
	/* enum out of range */
	t_head(&w, 3); wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* integer out of range (status 600) */
	t_head(&w, 2); wput_u32(&w, 1); wput_bytes(&w, "/", 1); wput_u32(&w, 600); wput_u8(&w, 0);
	wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* signed out of range (small = 6) */
	t_head(&w, 1); wput_u16(&w, 80); wput_u32(&w, 0xffffffffu); wput_u8(&w, 0); wput_u64(&w, 0);
	wput_u8(&w, 6);
	CHECK(!decode_t(&w));
	/* the same with small = -5: fine, and NULL banner */
	t_head(&w, 1); wput_u16(&w, 80); wput_u32(&w, 0xffffffffu); wput_u8(&w, 0); wput_u64(&w, 0);
	wput_u8(&w, (uint8_t)-5);
	CHECK(decode_t(&w));
	/* bool that is 2 */
	t_head(&w, 2); wput_u32(&w, 1); wput_bytes(&w, "/", 1); wput_u32(&w, 200); wput_u8(&w, 2);
	wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* "present" byte that is 2 */
	t_head(&w, 1); wput_u16(&w, 80); wput_u32(&w, 0xffffffffu); wput_u8(&w, 2); wput_u64(&w, 0);
	wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* a string buffer too long (path is 32 bytes: 32 chars do not fit) */
	t_head(&w, 2); wput_u32(&w, 32); wput_bytes(&w, "0123456789012345678901234567890123", 32);
	wput_u32(&w, 200); wput_u8(&w, 0); wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* a string with a NUL inside */
	t_head(&w, 2); wput_u32(&w, 3); wput_bytes(&w, "a\0b", 3); wput_u32(&w, 200); wput_u8(&w, 0);
	wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* a string longer than the record */
	t_head(&w, 1); wput_u16(&w, 80); wput_u32(&w, 1000); wput_bytes(&w, "abc", 3);
	CHECK(!decode_t(&w));
	/* a wrong magic */
	wbuf_init(&w); wput_u32(&w, 0x54455355u); wput_u32(&w, 1);
	wput_u16(&w, 80); wput_u32(&w, 0xffffffffu); wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
	/* the optional record present, and bad inside: refused, nothing leaks (ASan) */
	t_head(&w, 1); wput_u16(&w, 80); wput_str(&w, "hello"); wput_u8(&w, 1);
	wput_str(&w, "/x"); wput_u32(&w, 99); wput_u8(&w, 0); wput_u64(&w, 0); wput_u8(&w, 0);
	CHECK(!decode_t(&w));
}

TEST(addresses_and_counts)
{
	struct vip_conf v;
	memset(&v, 0, sizeof(v));
	struct wbuf w;
	/* a VIP address family 7, then 0 (not optional), then v4 with /33
	 * (vip_tail: peer, flags, preferred_lft, no_track, use_vmac, all unset) */
	uint8_t fams[] = { 7, 0 };
	for (size_t i = 0; i < 2; i++) {
		wbuf_init(&w);
		wput_u8(&w, fams[i]);
		wput_u32(&w, 0x0100000a);
		wput_u8(&w, 24); wput_u8(&w, 0); wput_str(&w, ""); wput_u8(&w, 0); wput_str(&w, "");
		vip_tail(&w);
		CHECK(!conf_fields_decode_msg(&vip_conf_desc, w.data, w.len, &v));
		wbuf_free(&w);
	}
	wbuf_init(&w);
	wput_u8(&w, AF_INET); wput_u32(&w, 0x0100000a);
	wput_u8(&w, 33); wput_u8(&w, 0); wput_str(&w, ""); wput_u8(&w, 0); wput_str(&w, "");
		vip_tail(&w);
	CHECK(!conf_fields_decode_msg(&vip_conf_desc, w.data, w.len, &v));
	wbuf_free(&w);
	wbuf_init(&w);
	wput_u8(&w, AF_INET); wput_u32(&w, 0x0100000a);
	wput_u8(&w, 32); wput_u8(&w, 0); wput_str(&w, ""); wput_u8(&w, 0); wput_str(&w, "");
		vip_tail(&w);
	CHECK(conf_fields_decode_msg(&vip_conf_desc, w.data, w.len, &v));
	CHECK_EQ_INT(v.prefixlen, 32);
	wbuf_free(&w);

	/* a group claiming 2^31 entries with a few bytes behind: refused, no allocation */
	struct vsg_conf g;
	wbuf_init(&w);
	wput_u32(&w, 0x4b414747u); wput_str(&w, "G"); wput_str(&w, "f"); wput_u32(&w, 1);
	wput_u32(&w, 0x80000000u); wput_u32(&w, 0);
	CHECK(!conf_fields_decode_msg(&vsg_conf_desc, w.data, w.len, &g));
	wbuf_free(&w);
}

/* A virtual server of 10,000 real servers: encoded, decoded and compared
 * in linear time (a quadratic decoder would take seconds here). */
TEST(large_virtual_server)
{
	struct vs_conf vs;
	vs_conf_init(&vs);
	vs.protocol = IPPROTO_TCP;       /* validation sets it; this record is not validated */
	str_copy(vs.sched, sizeof(vs.sched), "wlc");   /* validation's default, as the method's */
	vs.method = LVS_METHOD_NAT;
	str_copy(vs.name, sizeof(vs.name), "10.0.0.1:80/TCP");
	vs.addr.family = AF_INET;
	vs.n_rs = 10000;
	vs.rs = xcalloc(vs.n_rs, sizeof(*vs.rs));
	for (size_t i = 0; i < vs.n_rs; i++) {
		rs_conf_init(&vs.rs[i]);
		vs.rs[i].addr.family = AF_INET;
		vs.rs[i].addr.u.v4.s_addr = htonl(0x0a010000u + (uint32_t)i);
		vs.rs[i].port = 80;
		vs.rs[i].n_checks = 1;
		vs.rs[i].checks = xcalloc(1, sizeof(struct check_conf));
		check_conf_init(&vs.rs[i].checks[0], CHECK_TCP);
	}
	struct wbuf w;
	wbuf_init(&w);
	vs_conf_encode(&vs, &w);
	CHECK(w.len > 64 * 1024);
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	struct vs_conf out;
	CHECK(vs_conf_decode(&r, &out));
	CHECK_EQ_INT(out.n_rs, 10000);
	CHECK(vs_conf_equal(&vs, &out));
	out.rs[9999].port = 81;
	CHECK(!vs_conf_equal(&vs, &out));
	vs_conf_free(&out);
	vs_conf_free(&vs);
	wbuf_free(&w);
}

/* ---- runs of plain rows (conf_plan.h) ------------------------------------------------------ */

struct t_run {
	uint8_t a;        /* 0: full range, no check */
	uint8_t b;        /* 1: 0..10 */
	bool c;           /* 2 */
	/* 3: padding */
	uint32_t d;       /* 4: full range */
	int16_t e;        /* 8: full range, signed */
	char name[6];     /* 10: a string buffer ends the run */
	uint64_t f;       /* 16: full range (a u64 above INT64_MAX is fine) */
};
static const struct conf_field t_run_rows[] = {
	CF_UANY(struct t_run, a),
	CF_U(struct t_run, b, 0, 10),
	CF_B(struct t_run, c),
	CF_UANY(struct t_run, d),
	CF_I(struct t_run, e, INT16_MIN, INT16_MAX),
	CF_SBUF(struct t_run, name),
	CF_UANY(struct t_run, f),
};
static const struct conf_struct_desc t_run_desc = CF_DESC(struct t_run, 0, t_run_rows, NULL);

static bool decode_run(const struct wbuf *w, struct t_run *out)
{
	struct rbuf r;
	rbuf_init(&r, w->data, w->len);
	return conf_fields_decode(&t_run_desc, &r, out) && !r.left;
}

/* The plan merges rows that lie back to back (a, b, c; d, e), the wire is
 * what the rows give one by one, and a bad value inside a run is refused. */
TEST(plain_rows_copied_in_runs)
{
	const struct conf_plan *p = conf_plan_of(&t_run_desc);
	CHECK(p && p->n_steps == 4);
	CHECK(p->steps[0].n_rows == 3 && p->steps[0].off == 0 && p->steps[0].len == 3);
	CHECK(p->steps[0].n_checks == 2);                   /* b and c */
	CHECK(p->steps[1].n_rows == 2 && p->steps[1].off == 4 && p->steps[1].len == 6);
	CHECK(p->steps[1].n_checks == 0);
	CHECK(p->steps[2].n_rows == 0 && p->steps[2].f == &t_run_rows[5]);
	CHECK(p->steps[3].n_rows == 1 && p->steps[3].n_checks == 0);
	CHECK(p->min_bytes == 1 + 1 + 1 + 4 + 2 + 4 + 8);
	CHECK(p->n_owner_rows == 0);                      /* nothing to free */
	const struct conf_plan *tp = conf_plan_of(&t_desc);   /* the union (tcp's banner), extra */
	CHECK(tp && tp->n_owner_rows == 2 && tp->owner_rows[0] == &t_rows[1] && tp->owner_rows[1] == &t_rows[2]);

	struct t_run v;
	memset(&v, 0xee, sizeof(v));   /* padding that must not reach the wire */
	v.a = 200; v.b = 7; v.c = true; v.d = 0x01020304; v.e = -2; strcpy(v.name, "ab"); v.f = UINT64_MAX;
	struct wbuf w, want;
	wbuf_init(&w);
	conf_fields_encode(&t_run_desc, &v, &w);
	wbuf_init(&want);
	wput_u8(&want, 200); wput_u8(&want, 7); wput_u8(&want, 1); wput_u32(&want, 0x01020304);
	wput_u16(&want, (uint16_t)-2); wput_str(&want, "ab"); wput_u64(&want, UINT64_MAX);
	CHECK(w.len == want.len && memcmp(w.data, want.data, w.len) == 0);
	struct t_run back;
	CHECK(decode_run(&w, &back));
	CHECK(back.a == 200 && back.b == 7 && back.c && back.d == 0x01020304 && back.e == -2);
	CHECK_STR(back.name, "ab");
	CHECK(back.f == UINT64_MAX);
	CHECK(conf_fields_equal(&t_run_desc, &v, &back));

	/* b = 11 (out of 0..10), then c = 2: each refused, the struct left zeroed */
	want.data[1] = 11;
	CHECK(!decode_run(&want, &back));
	CHECK(back.a == 0 && back.b == 0 && back.d == 0);
	want.data[1] = 10;
	CHECK(decode_run(&want, &back));
	want.data[2] = 2;
	CHECK(!decode_run(&want, &back));
	want.data[2] = 0;
	CHECK(decode_run(&want, &back) && !back.c);
	/* a run cut short by the end of the record */
	want.len = 5;
	CHECK(!decode_run(&want, &back));
	wbuf_free(&w);
	wbuf_free(&want);
}

/* conf_fields_scripts(): the scripts of a virtual server with their users. */
struct seen { char text[512]; };
static void saw(void *arg, const char *cmd, uint32_t uid, uint32_t gid)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);
	snprintf(s->text + n, sizeof(s->text) - n, "%s%s@%u:%u", n ? "|" : "", cmd, uid, gid);
}

TEST(scripts_and_their_users)
{
	struct vs_conf vs;
	vs_conf_init(&vs);
	vs.quorum_up.cmd = xstrdup("/q up");
	vs.n_rs = 1;
	vs.rs = xcalloc(1, sizeof(*vs.rs));
	rs_conf_init(&vs.rs[0]);
	vs.rs[0].notify_down.cmd = xstrdup("/n down");
	vs.rs[0].notify_down.user_set = true;   /* notify_down /n down USER: its own */
	vs.rs[0].notify_down.uid = 8;
	vs.rs[0].notify_down.gid = 9;
	vs.rs[0].notify_up.cmd = xstrdup("");       /* empty: not a script */
	vs.rs[0].n_checks = 2;
	vs.rs[0].checks = xcalloc(2, sizeof(struct check_conf));
	check_conf_init(&vs.rs[0].checks[0], CHECK_MISC);
	vs.rs[0].checks[0].u.misc.path = xstrdup("/m global");
	vs.rs[0].checks[0].u.misc.uid = 7;          /* not user_set: ignored */
	check_conf_init(&vs.rs[0].checks[1], CHECK_MISC);
	vs.rs[0].checks[1].u.misc.path = xstrdup("/m own");
	vs.rs[0].checks[1].u.misc.user_set = true;
	vs.rs[0].checks[1].u.misc.uid = 5;
	vs.rs[0].checks[1].u.misc.gid = 6;
	struct seen s = { "" };
	conf_fields_scripts(&vs_conf_desc, &vs, 100, 101, saw, &s);
	CHECK_STR(s.text, "/q up@100:101|/n down@8:9|/m global@100:101|/m own@5:6");
	/* again, through the rows remembered for these tables on the first walk */
	s.text[0] = '\0';
	conf_fields_scripts(&vs_conf_desc, &vs, 100, 101, saw, &s);
	CHECK_STR(s.text, "/q up@100:101|/n down@8:9|/m global@100:101|/m own@5:6");
	/* a script added to a row that was skipped on the first walk is found */
	vs.rs[0].notify_up.cmd = (free(vs.rs[0].notify_up.cmd), xstrdup("/n up"));
	s.text[0] = '\0';
	conf_fields_scripts(&vs_conf_desc, &vs, 100, 101, saw, &s);
	CHECK_STR(s.text, "/q up@100:101|/n up@100:101|/n down@8:9|/m global@100:101|/m own@5:6");
	vs_conf_free(&vs);

	struct vrrp_instance_conf vi;
	memset(&vi, 0, sizeof(vi));
	vi.notify_master.cmd = xstrdup("/v master");
	vi.notify.cmd = xstrdup("/v all");
	vi.notify.user_set = true;
	vi.notify.uid = 3;
	vi.notify.gid = 4;
	s.text[0] = '\0';
	conf_fields_scripts(&vrrp_instance_conf_desc, &vi, 0, 0, saw, &s);
	CHECK_STR(s.text, "/v master@0:0|/v all@3:4");
	conf_fields_free(&vrrp_instance_conf_desc, &vi);
}

/* conf_fields_release(): frees what the struct owns (the sanitizer build
 * finds a leak or a double free) and writes nothing into it. */
TEST(release_frees_without_writing)
{
	struct vs_conf vs;
	vs_conf_init(&vs);
	vs.quorum_up.cmd = xstrdup("/q up");
	vs.n_rs = 3;
	vs.rs = xcalloc(3, sizeof(*vs.rs));
	for (size_t i = 0; i < vs.n_rs; i++) {
		rs_conf_init(&vs.rs[i]);
		vs.rs[i].notify_down.cmd = xstrdup("/n down");
		vs.rs[i].n_checks = 1;
		vs.rs[i].checks = xcalloc(1, sizeof(struct check_conf));
		check_conf_init(&vs.rs[i].checks[0], CHECK_MISC);
		vs.rs[i].checks[0].u.misc.path = xstrdup("/m");
	}
	struct vs_conf before;
	memcpy(&before, &vs, sizeof(vs));
	conf_fields_release(&vs_conf_desc, &vs);
	CHECK(memcmp(&before, &vs, sizeof(vs)) == 0);
}

int main(void)
{
	RUN(descriptions_well_formed);
	RUN(every_field_round_trips_and_compares);
	RUN(invalid_values_refused);
	RUN(addresses_and_counts);
	RUN(large_virtual_server);
	RUN(plain_rows_copied_in_runs);
	RUN(scripts_and_their_users);
	RUN(release_frees_without_writing);
	return unit_summary();
}
