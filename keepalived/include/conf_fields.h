/* conf_fields.h - declarative descriptions of the configuration structs.
 *
 * Each configuration struct that crosses the parent/child boundary has one
 * table of rows, one per field: its name, its type, where it is (offsetof)
 * and how big, and what values are valid. The generic code in
 * core/conf_fields.c reads these tables to
 *   - encode a struct into an IPC record        conf_fields_encode()
 *   - decode and validate one                   conf_fields_decode()
 *   - compare two (reload's diff)               conf_fields_equal()
 *   - free what a struct owns on the heap       conf_fields_free()
 * so a new keyword needs a struct field, one row here, and a keyword handler
 * only when none of the generic setters fits (see doc/HACKING.md, "How to
 * add a keyword").
 *
 * Wire format: the fields in table order, integers in host order (both ends
 * are the same machine), strings as u32 length (0xffffffff = NULL) + bytes,
 * arrays as u32 count + elements, optional records (CF_PTR) as u8 present +
 * record. A record described with a non-zero magic starts with it.
 *
 * The decoder trusts nothing: integers and enums must lie in [min, max],
 * booleans are 0 or 1, counts are bounded by what is left in the record,
 * strings must fit their buffer and hold no NUL byte, address families are
 * 0 (when allowed), AF_INET or AF_INET6, and the description's validate
 * hook sees the whole decoded struct last. On any error it frees what it
 * built, leaves the struct zeroed and returns false.
 */
#ifndef KA_CONF_FIELDS_H
#define KA_CONF_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

enum cf_type {
	CF_UINT = 1,     /* unsigned integer of size 1, 2, 4 or 8; range [min, max] */
	CF_INT,          /* signed integer (also C enums) of size 1, 2, 4 or 8; range [min, max] */
	CF_BOOL,         /* bool: 0 or 1 */
	CF_STRBUF,       /* char[size], NUL-terminated */
	CF_STR,          /* char *, heap, may be NULL */
	CF_ISTR,         /* const char *, str_intern()ed (shared, never freed), may be NULL */
	CF_BYTES,        /* size raw bytes (struct in_addr, a digest, a bit set) */
	CF_ADDR,         /* struct ka_addr; family 0 only with CF_OPTIONAL */
	CF_BLOB,         /* uint8_t *, heap, may be NULL; its length is the uint32_t at count_off */
	CF_STRUCT,       /* a nested struct described by elem, in place */
	CF_PTR,          /* pointer to a heap struct described by elem; NULL allowed with CF_OPTIONAL */
	CF_ARRAY,        /* pointer to a heap array of elem; its size_t count is at count_off */
	CF_STR_ARRAY,    /* char ** (each non-NULL); its size_t count is at count_off */
	CF_UNION,        /* a union at off whose member is chosen by the value of the
	                    integer field at count_off (the selector, encoded earlier):
	                    variants[] maps each selector value to a description */
};

/* Row flags. */
#define CF_OPTIONAL  (1u << 0)   /* CF_ADDR: family 0 allowed; CF_PTR: NULL allowed */
#define CF_NO_EQUAL  (1u << 1)   /* not configuration (file:line): equality ignores it */
/* Scripts: the parent runs a child's script only when the configuration it
 * sent that child has it (core/script_broker.c); these flags say where. */
#define CF_SCRIPT     (1u << 2)  /* CF_STR: a script's command line */
#define CF_SCRIPT_UID (1u << 3)  /* CF_UINT (uid_t): the user the scripts of this struct run as
                                    (without one: the global script_user) */
#define CF_SCRIPT_GID (1u << 4)  /* CF_UINT (gid_t): their group */
#define CF_SCRIPT_USER_SET (1u << 5) /* CF_BOOL: when false, this struct's CF_SCRIPT_UID/GID
                                        rows are not set (the user around it applies) */

struct conf_struct_desc;

/* CF_UNION: when the selector equals value, the union holds a desc. */
struct conf_variant {
	int64_t value;
	const struct conf_struct_desc *desc;
};

struct conf_field {
	const char *name;                 /* the member's name (messages, tests) */
	enum cf_type type;
	size_t off;                       /* offsetof(struct, member) */
	size_t size;                      /* sizeof(member) */
	int64_t min, max;                 /* CF_UINT/CF_INT: valid range (inclusive) */
	unsigned flags;                   /* CF_OPTIONAL, CF_NO_EQUAL */
	size_t count_off;                 /* CF_ARRAY/CF_STR_ARRAY/CF_BLOB: the count;
	                                     CF_UNION: the selector */
	size_t count_size;                /* CF_UNION: sizeof the selector */
	const struct conf_struct_desc *elem;   /* CF_STRUCT/CF_PTR/CF_ARRAY element */
	const struct conf_variant *variants;   /* CF_UNION */
	size_t n_variants;
};

struct conf_struct_desc {
	const char *name;                 /* "vrrp_instance_conf" */
	size_t size;                      /* sizeof the struct */
	uint32_t magic;                   /* non-zero: the record starts with it */
	const struct conf_field *fields;
	size_t n_fields;
	/* Cross-field checks on a decoded struct (e.g. prefix length against
	 * the address family); NULL = none. Return false to reject. */
	bool (*validate)(const void *obj);
};

/* Largest element count a decoder accepts for one array (a sanity bound;
 * counts are also bounded by the bytes left in the record). */
#define CF_MAX_ITEMS 10000000u

/* ---- row helpers: one line per field in a table -------------------------------------------
 * T is the struct type, M the member. */
#define CF_SZ(T, M) sizeof(((T *)0)->M)
#define CF_U(T, M, lo, hi)     { #M, CF_UINT, offsetof(T, M), CF_SZ(T, M), (lo), (hi), 0, 0, 0, NULL, NULL, 0 }
#define CF_UANY(T, M)          CF_U(T, M, 0, (int64_t)(CF_SZ(T, M) >= 8 ? INT64_MAX : \
                                       (int64_t)((1ull << (8 * CF_SZ(T, M))) - 1)))
#define CF_I(T, M, lo, hi)     { #M, CF_INT, offsetof(T, M), CF_SZ(T, M), (lo), (hi), 0, 0, 0, NULL, NULL, 0 }
#define CF_ENUM(T, M, lo, hi)  CF_I(T, M, lo, hi)
#define CF_B(T, M)             { #M, CF_BOOL, offsetof(T, M), CF_SZ(T, M), 0, 1, 0, 0, 0, NULL, NULL, 0 }
#define CF_SBUF(T, M)          { #M, CF_STRBUF, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, 0, 0, NULL, NULL, 0 }
#define CF_S(T, M)             { #M, CF_STR, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, 0, 0, NULL, NULL, 0 }
/* A script's command line (CF_STR flagged CF_SCRIPT), and the uid/gid its
 * struct's scripts run as. */
#define CF_SCR(T, M)           { #M, CF_STR, offsetof(T, M), CF_SZ(T, M), 0, 0, CF_SCRIPT, 0, 0, NULL, NULL, 0 }
#define CF_SCR_UID(T, M)       { #M, CF_UINT, offsetof(T, M), CF_SZ(T, M), 0, UINT32_MAX, CF_SCRIPT_UID, 0, 0, \
                                 NULL, NULL, 0 }
#define CF_SCR_GID(T, M)       { #M, CF_UINT, offsetof(T, M), CF_SZ(T, M), 0, UINT32_MAX, CF_SCRIPT_GID, 0, 0, \
                                 NULL, NULL, 0 }
#define CF_SCR_USER_SET(T, M)  { #M, CF_BOOL, offsetof(T, M), CF_SZ(T, M), 0, 1, CF_SCRIPT_USER_SET, 0, 0, \
                                 NULL, NULL, 0 }
#define CF_IS(T, M)            { #M, CF_ISTR, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, 0, 0, NULL, NULL, 0 }
#define CF_RAW(T, M)           { #M, CF_BYTES, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, 0, 0, NULL, NULL, 0 }
#define CF_A(T, M, fl)         { #M, CF_ADDR, offsetof(T, M), CF_SZ(T, M), 0, 0, (fl), 0, 0, NULL, NULL, 0 }
#define CF_BLOBF(T, M, N)      { #M, CF_BLOB, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, offsetof(T, N), \
                                 CF_SZ(T, N), NULL, NULL, 0 }
#define CF_SUB(T, M, D, fl)    { #M, CF_STRUCT, offsetof(T, M), CF_SZ(T, M), 0, 0, (fl), 0, 0, &(D), NULL, 0 }
#define CF_OPT(T, M, D)        { #M, CF_PTR, offsetof(T, M), CF_SZ(T, M), 0, 0, CF_OPTIONAL, 0, 0, &(D), NULL, 0 }
#define CF_ARR(T, M, N, D)     { #M, CF_ARRAY, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, offsetof(T, N), \
                                 CF_SZ(T, N), &(D), NULL, 0 }
#define CF_SARR(T, M, N)       { #M, CF_STR_ARRAY, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, offsetof(T, N), \
                                 CF_SZ(T, N), NULL, NULL, 0 }
#define CF_UNI(T, M, SEL, V)   { #M, CF_UNION, offsetof(T, M), CF_SZ(T, M), 0, 0, 0, offsetof(T, SEL), \
                                 CF_SZ(T, SEL), NULL, (V), sizeof(V) / sizeof((V)[0]) }
/* The origin (file:line) of an object: on the wire, not compared. */
#define CF_ORIGIN(T, M)        CF_SUB(T, M, conf_origin_desc, CF_NO_EQUAL)

#define CF_DESC(T, MAGIC, ROWS, VALIDATE) \
	{ #T, sizeof(T), (MAGIC), (ROWS), sizeof(ROWS) / sizeof((ROWS)[0]), (VALIDATE) }

/* Descriptions of the small shared types (config.h). */
extern const struct conf_struct_desc conf_origin_desc;
/* struct conf_script: its command (CF_SCRIPT) and, when user_set, its
 * own uid/gid for the broker (conf_fields_scripts()). */
extern const struct conf_struct_desc conf_script_desc;
#define CF_NOTIFY(T, M)        CF_SUB(T, M, conf_script_desc, 0)

/* ---- the engine -------------------------------------------------------------------------- */

/* Append obj as one record to w. */
void conf_fields_encode(const struct conf_struct_desc *d, const void *obj, struct wbuf *w);
/* Read one record from r into obj (d->size bytes, overwritten). On success
 * obj owns its heap members. On a short or invalid record: false, obj
 * zeroed, nothing to free, r->error set. Never reads past r's end. */
bool conf_fields_decode(const struct conf_struct_desc *d, struct rbuf *r, void *obj);
/* The payload must hold exactly one record. */
bool conf_fields_decode_msg(const struct conf_struct_desc *d, const void *payload, size_t len, void *obj);
/* Every field equal, except those flagged CF_NO_EQUAL (deep: strings,
 * arrays, nested records; addresses by family and address only). */
bool conf_fields_equal(const struct conf_struct_desc *d, const void *a, const void *b);
/* Free the heap members of obj (not obj itself) and zero them. */
void conf_fields_free(const struct conf_struct_desc *d, void *obj);
/* The same without writing to obj (nor to the arrays and structs it
 * points to, which are freed whole; free() keeps its own bookkeeping):
 * obj's contents are garbage afterwards.
 * For a copy whose pages a forked process still shares with its parent -
 * clearing every record would make the kernel copy each page only to
 * free it. */
void conf_fields_release(const struct conf_struct_desc *d, const void *obj);
/* A deep copy of src into dst (dst's old contents are not freed). */
void conf_fields_copy(const struct conf_struct_desc *d, void *dst, const void *src);
/* Check a description once (unit tests, debug builds): sizes supported,
 * offsets inside the struct, arrays with an element description. Returns
 * the name of the first bad field, or NULL when the table is well-formed. */
const char *conf_fields_check_desc(const struct conf_struct_desc *d);

/* Every script of obj (rows flagged CF_SCRIPT, in nested structs, arrays
 * and unions too, NULL and "" skipped): fn(arg, cmdline, uid, gid), where
 * uid/gid are the CF_SCRIPT_UID/GID rows of the struct holding the script
 * (unless its CF_SCRIPT_USER_SET row is false), else those of the struct
 * around it, else uid/gid. */
typedef void (*conf_script_fn)(void *arg, const char *cmdline, uint32_t uid, uint32_t gid);
/* Free and clear every script of obj that would run as the default script
 * user: one not in a struct with its own user (CF_SCRIPT_UID rows, and a
 * CF_SCRIPT_USER_SET row that is true), nor inside one (own: obj is). How
 * many were dropped. keepalived 2.2.7 drops them when script_user names
 * no user. */
size_t conf_fields_drop_default_scripts(const struct conf_struct_desc *d, void *obj, bool own);
void conf_fields_scripts(const struct conf_struct_desc *d, const void *obj, uint32_t uid, uint32_t gid,
			 conf_script_fn fn, void *arg);

#endif
