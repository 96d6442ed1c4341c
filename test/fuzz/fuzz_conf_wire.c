/* fuzz_conf_wire.c - the configuration records a child decodes
 * (conf_fields_decode() over every field table: global_defs, VRRP instance,
 * VIP, L3, routes and rules, firewall, virtual server, real server, check
 * and each check type's table, url, group and its entries, the checker's
 * global record, origins), and the child-side wrappers (vs_conf_decode()
 * & co, which also refuse trailing bytes).
 *
 * The first byte chooses the table; the rest is the record. Invariants:
 *   - a refused record leaves the struct all zero (nothing to free);
 *   - an accepted one encodes back to exactly the bytes given (the wire
 *     format has one encoding per value), decodes again to an equal
 *     struct, copies to an equal struct, and frees cleanly (ASan);
 *   - the wrapper of a table agrees with the engine.
 * Seeds (corpus/conf_wire/) are real records: the sample configurations encoded by
 * test/fuzz/seeds_conf_wire.c. */
#include "fuzz.h"
#include "conf_wire_descs.h"
#include "wire.h"

#include <string.h>


static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* The child-side decoder of d, when it has its own: true when accepted. */
static bool wrapper_decode(const struct conf_struct_desc *d, const uint8_t *p, size_t n, void *obj, bool *has)
{
	struct rbuf r;
	rbuf_init(&r, p, n);
	*has = true;
	if (d == &vs_conf_desc)
		return vs_conf_decode(&r, obj);
	if (d == &rs_conf_desc)
		return rs_conf_decode(&r, obj);
	if (d == &vsg_conf_desc)
		return vsg_conf_decode(&r, obj);
	if (d == &check_global_conf_desc)
		return check_global_conf_decode(&r, obj);
	if (d == &global_conf_desc)
		return global_conf_decode_msg(p, n, obj);
	if (d == &vrrp_instance_conf_desc)
		return vrrp_instance_conf_decode_msg(p, n, obj);
	*has = false;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct conf_struct_desc *d = conf_wire_descs[data[0] % N_CONF_WIRE_DESCS];
	const uint8_t *rec = data + 1;
	size_t len = size - 1;
	void *a = calloc(1, d->size), *b = calloc(1, d->size), *c = calloc(1, d->size);

	bool ok = conf_fields_decode_msg(d, rec, len, a);
	bool has;
	bool wok = wrapper_decode(d, rec, len, b, &has);
	if (has) {
		fuzz_assert(wok == ok);
		if (wok)
			fuzz_assert(conf_fields_equal(d, a, b));
		conf_fields_free(d, b);
	}
	memset(b, 0, d->size);
	if (!ok) {
		fuzz_assert(all_zero(a, d->size));
		goto out;
	}
	struct wbuf w;
	wbuf_init(&w);
	conf_fields_encode(d, a, &w);
	fuzz_assert(w.len == len && memcmp(w.data, rec, len) == 0);
	fuzz_assert(conf_fields_decode_msg(d, w.data, w.len, b));
	fuzz_assert(conf_fields_equal(d, a, b));
	fuzz_assert(conf_fields_equal(d, b, a));
	conf_fields_copy(d, c, a);
	fuzz_assert(conf_fields_equal(d, a, c));
	/* the record with bytes behind it: the engine stops at the record's
	 * end, decode_msg refuses the rest */
	wput_u8(&w, 0);
	struct rbuf r;
	rbuf_init(&r, w.data, w.len);
	void *e = calloc(1, d->size);
	fuzz_assert(conf_fields_decode(d, &r, e) && r.left == 1);
	conf_fields_free(d, e);
	fuzz_assert(!conf_fields_decode_msg(d, w.data, w.len, e) && all_zero(e, d->size));
	free(e);
	wbuf_free(&w);
	conf_fields_free(d, a);
	conf_fields_free(d, b);
	conf_fields_free(d, c);
out:
	free(a);
	free(b);
	free(c);
	return 0;
}
