/* conf_preproc.h - keepalived's line-level preprocessing, applied to each
 * line before it is split into words (pure; unit-tested):
 *
 *   @ID line      the line counts only when the config id (-i, default: the
 *                 host name up to the first dot) is ID;
 *   @^ID line     the line counts unless the config id is ID;
 *   $NAME=value   defines NAME (the line itself is dropped);
 *   $NAME ${NAME} replaced by NAME's value wherever they appear later.
 *
 * Line continuation (a line ending in a backslash) is handled by the lexer
 * before this step.
 */
#ifndef KA_CONF_PREPROC_H
#define KA_CONF_PREPROC_H

#include <stdbool.h>
#include <stddef.h>

struct conf_defs {
	char **names;
	char **values;
	size_t n;
};

/* Preprocess one line (NUL-terminated, may end in a newline). Returns NULL
 * when the line is to be dropped, else a new heap string to lex. */
char *conf_preproc_line(struct conf_defs *defs, const char *config_id, const char *line);
void conf_defs_free(struct conf_defs *defs);

/* The default config id: the host name up to the first dot (into buf). */
void conf_default_config_id(char *buf, size_t size);

#endif
