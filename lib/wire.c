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

void wbuf_grow(struct wbuf *w, size_t n)
{
	size_t ncap = w->cap ? w->cap : 256;
	while (ncap < w->len + n)
		ncap *= 2;
	w->data = realloc(w->data, ncap);
	if (!w->data)
		fatal("out of memory");
	w->cap = ncap;
}

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

void rget_fail(struct rbuf *r, void *p, size_t n)
{
	r->error = true;
	memset(p, 0, n);
}

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
