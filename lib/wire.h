/* wire.h - building and reading flat binary records (IPC payloads).
 *
 * The writer grows a heap buffer; the reader never reads past the end: any
 * short read sets r->error and returns zeroes, so a decoder can read every
 * field and check r->error once at the end. Integers are host order (both
 * ends of a socketpair are the same machine).
 */
#ifndef KA_WIRE_H
#define KA_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wbuf {
	uint8_t *data;
	size_t len, cap;
};

struct rbuf {
	const uint8_t *p;
	size_t left;
	bool error;
};

void wbuf_init(struct wbuf *w);
void wbuf_free(struct wbuf *w);
/* Grow w so that n more bytes fit (the slow path of wput_bytes()). */
void wbuf_grow(struct wbuf *w, size_t n);
/* Fail a read of n bytes into p: r->error set, p zeroed (rget_bytes()). */
void rget_fail(struct rbuf *r, void *p, size_t n);

/* The writers and readers are inline: an encoder or decoder calls them for
 * every field of every record (1,000 instances: some 100,000 calls). */
static inline void wput_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (n > w->cap - w->len)
		wbuf_grow(w, n);
	if (n)
		memcpy(w->data + w->len, p, n);
	w->len += n;
}
static inline void wput_u8(struct wbuf *w, uint8_t v) { wput_bytes(w, &v, 1); }
static inline void wput_u16(struct wbuf *w, uint16_t v) { wput_bytes(w, &v, 2); }
static inline void wput_u32(struct wbuf *w, uint32_t v) { wput_bytes(w, &v, 4); }
static inline void wput_u64(struct wbuf *w, uint64_t v) { wput_bytes(w, &v, 8); }
/* A string that may be NULL: length (u32, 0xffffffff for NULL) then bytes. */
void wput_str(struct wbuf *w, const char *s);

void rbuf_init(struct rbuf *r, const void *p, size_t n);
static inline void rget_bytes(struct rbuf *r, void *p, size_t n)
{
	if (r->error || r->left < n) {
		rget_fail(r, p, n);
		return;
	}
	if (n)
		memcpy(p, r->p, n);
	r->p += n;
	r->left -= n;
}
static inline uint8_t rget_u8(struct rbuf *r) { uint8_t v; rget_bytes(r, &v, 1); return v; }
static inline uint16_t rget_u16(struct rbuf *r) { uint16_t v; rget_bytes(r, &v, 2); return v; }
static inline uint32_t rget_u32(struct rbuf *r) { uint32_t v; rget_bytes(r, &v, 4); return v; }
static inline uint64_t rget_u64(struct rbuf *r) { uint64_t v; rget_bytes(r, &v, 8); return v; }
/* Returns a malloc'd string (or NULL as written). */
char *rget_str(struct rbuf *r);
/* Copies a string into a fixed buffer, always NUL-terminated; too long = error. */
void rget_strbuf(struct rbuf *r, char *buf, size_t size);

#endif
