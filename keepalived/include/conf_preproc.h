/* conf_preproc.h - keepalived's line-level preprocessing (keepalived.conf(5)
 * of 2.2: "Conditional configuration", "Parameter substitution",
 * "Sequence blocks", "List blocks"), applied to each logical line before it
 * is split into words. Pure: no file access; unit-tested.
 *
 *   @ID line      the line counts only when the config id (-i) is ID;
 *   @^ID line     the line counts unless the config id is ID;
 *   $NAME=value   defines NAME (the line itself is dropped); a definition
 *                 continued with backslashes is a multi-line definition;
 *   $NAME ${NAME} replaced by NAME's value at use time, recursively; $NAME
 *                 must be followed by white space, ',' or ')' or end the
 *                 line; a multi-line value only where the use ends the line,
 *                 and each of its lines is then processed as a line;
 *   ${_PWD} ${_INSTANCE} ${_RANDOM [MIN [MAX]]} ${_HASH} ${_BANG}
 *                 pre-defined;
 *   ~SEQ(var, [[start,] step,] end) / ~SEQx(...) / ~LST(var, v1, ...) /
 *   ~LST({a,b}, {1,2}, ...)  the rest of the line once per value.
 *
 * Everything is bounded (CONF_PP_* below): nesting of expansions, the length
 * of a line after substitution, the bytes and lines produced in total. A
 * limit reached is an error reported through the caller's error callback.
 */
#ifndef KA_CONF_PREPROC_H
#define KA_CONF_PREPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONF_PP_MAX_DEPTH 16                    /* nested expansions */
#define CONF_PP_MAX_LINE (1u << 20)             /* bytes of one line after substitution */
#define CONF_PP_MAX_TOTAL ((uint64_t)64 << 20)  /* bytes produced by expansion, in all */
#define CONF_PP_MAX_LINES ((uint64_t)8000000)   /* lines processed, in all */

/* '#' and '!' made by ${_HASH} / ${_BANG}: ordinary characters, not comments.
 * The lexer turns these bytes back into '#' and '!' inside words (and
 * rejects them in files). */
#define CONF_PP_HASH '\x01'
#define CONF_PP_BANG '\x02'

struct conf_def;

/* The definitions: a hash table by name. */
struct conf_defs {
	struct conf_def **buckets;
	size_t n_buckets;
	size_t n;
};

/* One physical line of a group joined by trailing backslashes (the
 * backslash and the newline are not part of it). */
struct conf_seg {
	const char *p;
	size_t len;
};

/* Where the preprocessor sends its results. */
struct conf_pp_out {
	/* One line to split into words (not NUL-terminated). */
	void (*line)(void *arg, const char *text, size_t len);
	/* A problem with the current line (message without file:line). */
	void (*error)(void *arg, const char *msg);
	/* true: stop (e.g. too many errors); checked between lines. */
	bool (*stop)(void *arg);
	void *arg;
};

struct conf_pp {
	struct conf_defs defs;
	const char *config_id;      /* for @ID and ${_INSTANCE} (not owned) */
	const char *pwd;            /* ${_PWD}: directory of the current file (not owned) */
	uint64_t total_bytes;       /* produced by expansion so far */
	uint64_t total_lines;       /* processed so far */
	bool exhausted;             /* a total limit was hit: every later line is dropped */
	uint32_t rand_state;
};

/* Start with no definitions. config_id and pwd may be NULL. */
void conf_pp_init(struct conf_pp *pp, const char *config_id);
void conf_pp_free(struct conf_pp *pp);

/* Process one logical line given as its physical lines segs[0..n) (n >= 1):
 * a definition keeps them as the lines of a multi-line value; any other
 * line is their concatenation with a space for each backslash. Sends
 * zero or more lines to out->line(). */
void conf_pp_process(struct conf_pp *pp, const struct conf_seg *segs, size_t n,
		     const struct conf_pp_out *out);

/* random_seed N: ${_RANDOM} from here on gives the same numbers for the same
 * N, so a configuration is repeatable (else seeded from time and pid). */
void conf_pp_seed(struct conf_pp *pp, uint32_t seed);

/* The value of NAME (NULL if not defined); multi-line values have '\n'
 * between their lines. For tests. */
const char *conf_pp_lookup(const struct conf_pp *pp, const char *name);

/* The default config id: the host name up to the first dot (into buf). */
void conf_default_config_id(char *buf, size_t size);

#endif
