/* keyidx.h - a small hash index from byte-string keys to array positions.
 *
 * For matching one list against another in linear time (the real servers
 * of a reloaded virtual server against the old ones, IPVS destinations
 * against the configured ones). The index copies the keys; values are
 * whatever the caller stores (usually an array index). Not meant for keys
 * an attacker chooses (FNV-1a, no seed): keys come from the configuration
 * or the kernel.
 */
#ifndef KA_KEYIDX_H
#define KA_KEYIDX_H

#include <stdbool.h>
#include <stddef.h>

#define KEYIDX_NONE ((size_t)-1)

struct keyidx;

/* An empty index sized for about expected keys (it grows past that). */
struct keyidx *keyidx_new(size_t expected);
void keyidx_free(struct keyidx *ix);
/* Map key (len bytes) to value. A key already present keeps its first
 * value and false is returned; true when it was added. */
bool keyidx_put(struct keyidx *ix, const void *key, size_t len, size_t value);
/* The value stored for key, or KEYIDX_NONE. */
size_t keyidx_get(const struct keyidx *ix, const void *key, size_t len);
/* Number of keys. */
size_t keyidx_count(const struct keyidx *ix);

#endif
