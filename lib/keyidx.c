/* keyidx.c - open-addressing hash index of byte-string keys (see keyidx.h). */
#include "keyidx.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t hash;
	size_t value;
	size_t key_off;          /* into the key arena */
	size_t key_len;
	bool used;
};

struct keyidx {
	struct slot *slots;
	size_t cap;              /* a power of two, kept at most half full */
	size_t count;
	uint8_t *keys;           /* every key, back to back */
	size_t keys_len, keys_cap;
};

static uint64_t fnv1a(const void *key, size_t len)
{
	const uint8_t *p = key;
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static size_t cap_for(size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

struct keyidx *keyidx_new(size_t expected)
{
	struct keyidx *ix = xcalloc(1, sizeof(*ix));
	ix->cap = cap_for(expected);
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	return ix;
}

void keyidx_free(struct keyidx *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix->keys);
	free(ix);
}

/* The slot holding key, or the empty slot where it would go. */
static struct slot *probe(const struct keyidx *ix, uint64_t h, const void *key, size_t len)
{
	size_t mask = ix->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct slot *s = &ix->slots[i];
		if (!s->used)
			return s;
		/* an empty key may be stored while ix->keys is still NULL */
		if (s->hash == h && s->key_len == len && (!len || memcmp(ix->keys + s->key_off, key, len) == 0))
			return s;
	}
}

static void grow(struct keyidx *ix)
{
	struct slot *old = ix->slots;
	size_t old_cap = ix->cap;
	ix->cap *= 2;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].used)
			continue;
		size_t mask = ix->cap - 1, j = (size_t)old[i].hash & mask;
		while (ix->slots[j].used)
			j = (j + 1) & mask;
		ix->slots[j] = old[i];
	}
	free(old);
}

bool keyidx_put(struct keyidx *ix, const void *key, size_t len, size_t value)
{
	if (2 * (ix->count + 1) > ix->cap)
		grow(ix);
	uint64_t h = fnv1a(key, len);
	struct slot *s = probe(ix, h, key, len);
	if (s->used)
		return false;
	if (ix->keys_len + len > ix->keys_cap) {
		ix->keys_cap = ix->keys_cap ? ix->keys_cap : 256;
		while (ix->keys_len + len > ix->keys_cap)
			ix->keys_cap *= 2;
		ix->keys = xrealloc(ix->keys, ix->keys_cap);
	}
	if (len)
		memcpy(ix->keys + ix->keys_len, key, len);
	*s = (struct slot){ .hash = h, .value = value, .key_off = ix->keys_len, .key_len = len, .used = true };
	ix->keys_len += len;
	ix->count++;
	return true;
}

size_t keyidx_get(const struct keyidx *ix, const void *key, size_t len)
{
	const struct slot *s = probe(ix, fnv1a(key, len), key, len);
	return s->used ? s->value : KEYIDX_NONE;
}

size_t keyidx_count(const struct keyidx *ix) { return ix->count; }
