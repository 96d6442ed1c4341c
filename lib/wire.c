/* wire.c - see wire.h. */
#include "wire.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

#define WIRE_NULL_STR 0xffffffffu

void wbuf_init(struct wbuf *w) { w->data = NULL; w->len = w->cap = 0; }

void wbuf_free(struct wbuf *w)
{
	free(w->data);
	wbuf_init(w);
}

void wput_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w->len + n > w->cap) {
		size_t ncap = w->cap ? w->cap : 256;
		while (ncap < w->len + n)
			ncap *= 2;
		w->data = realloc(w->data, ncap);
		if (!w->data)
			fatal("out of memory");
		w->cap = ncap;
	}
	if (n)
		memcpy(w->data + w->len, p, n);
	w->len += n;
}

void wput_u8(struct wbuf *w, uint8_t v) { wput_bytes(w, &v, 1); }
void wput_u16(struct wbuf *w, uint16_t v) { wput_bytes(w, &v, 2); }
void wput_u32(struct wbuf *w, uint32_t v) { wput_bytes(w, &v, 4); }
void wput_u64(struct wbuf *w, uint64_t v) { wput_bytes(w, &v, 8); }

void wput_str(struct wbuf *w, const char *s)
{
	if (!s) {
		wput_u32(w, WIRE_NULL_STR);
		return;
	}
	size_t n = strlen(s);
	wput_u32(w, (uint32_t)n);
	wput_bytes(w, s, n);
}

void rbuf_init(struct rbuf *r, const void *p, size_t n)
{
	r->p = p;
	r->left = n;
	r->error = false;
}

void rget_bytes(struct rbuf *r, void *p, size_t n)
{
	if (r->error || r->left < n) {
		r->error = true;
		memset(p, 0, n);
		return;
	}
	memcpy(p, r->p, n);
	r->p += n;
	r->left -= n;
}

uint8_t rget_u8(struct rbuf *r) { uint8_t v; rget_bytes(r, &v, 1); return v; }
uint16_t rget_u16(struct rbuf *r) { uint16_t v; rget_bytes(r, &v, 2); return v; }
uint32_t rget_u32(struct rbuf *r) { uint32_t v; rget_bytes(r, &v, 4); return v; }
uint64_t rget_u64(struct rbuf *r) { uint64_t v; rget_bytes(r, &v, 8); return v; }

char *rget_str(struct rbuf *r)
{
	uint32_t n = rget_u32(r);
	if (r->error || n == WIRE_NULL_STR)
		return NULL;
	if (r->left < n) {
		r->error = true;
		return NULL;
	}
	char *s = malloc((size_t)n + 1);
	if (!s)
		fatal("out of memory");
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	r->left -= n;
	return s;
}

void rget_strbuf(struct rbuf *r, char *buf, size_t size)
{
	char *s = rget_str(r);
	buf[0] = '\0';
	if (!s)
		return;
	if (strlen(s) >= size)
		r->error = true;
	else
		memcpy(buf, s, strlen(s) + 1);
	free(s);
}
