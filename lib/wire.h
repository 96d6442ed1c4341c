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
void wput_bytes(struct wbuf *w, const void *p, size_t n);
void wput_u8(struct wbuf *w, uint8_t v);
void wput_u16(struct wbuf *w, uint16_t v);
void wput_u32(struct wbuf *w, uint32_t v);
void wput_u64(struct wbuf *w, uint64_t v);
/* A string that may be NULL: length (u32, 0xffffffff for NULL) then bytes. */
void wput_str(struct wbuf *w, const char *s);

void rbuf_init(struct rbuf *r, const void *p, size_t n);
void rget_bytes(struct rbuf *r, void *p, size_t n);
uint8_t rget_u8(struct rbuf *r);
uint16_t rget_u16(struct rbuf *r);
uint32_t rget_u32(struct rbuf *r);
uint64_t rget_u64(struct rbuf *r);
/* Returns a malloc'd string (or NULL as written). */
char *rget_str(struct rbuf *r);
/* Copies a string into a fixed buffer, always NUL-terminated; too long = error. */
void rget_strbuf(struct rbuf *r, char *buf, size_t size);

#endif
