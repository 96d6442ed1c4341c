/* check_regex.h - HTTP_GET/SSL_GET `regex` matching of a response body
 * with PCRE2 (check/http_regex.c). No I/O.
 *
 * keepalived's url keywords: regex PATTERN, regex_no_match (a match makes
 * the check fail), regex_options (PCRE2 compile options by name),
 * regex_min_offset (the match may not start before it), regex_max_offset
 * (nor after it: PCRE2's offset limit), regex_stack START MAX (the JIT
 * stack). The body is matched once it is complete; at most
 * HTTP_REGEX_BODY_MAX bytes of it are kept for that.
 */
#ifndef KA_CHECK_REGEX_H
#define KA_CHECK_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_REGEX_BODY_MAX (1024 * 1024)

/* The PCRE2 compile option of a regex_options word (keepalived's names:
 * caseless, multiline, dotall, ...); false when unknown. */
bool http_regex_option(const char *name, uint32_t *flag);
/* The known names, space separated, for error messages. */
const char *http_regex_option_names(void);
/* The names of the options set in opts, each after a space, in keepalived
 * 2.2.7's order (its USR1 dump's "Regex options:" line), into buf. */
void http_regex_option_list(uint32_t opts, char *buf, size_t size);

struct http_regex;

/* Compile pattern with options (PCRE2_* bits). use_offset_limit: a
 * max_offset will be given to matches. stack_start/stack_max: a JIT stack
 * (0 = PCRE2's default). NULL on error, with the message and the offset in
 * the pattern written to err. */
struct http_regex *http_regex_new(const char *pattern, uint32_t options, bool use_offset_limit,
				  size_t stack_start, size_t stack_max, char *err, size_t err_size);
void http_regex_free(struct http_regex *re);

/* Match subject[0..len): 1 = a match starting at or after min_offset and
 * (max_offset != 0) at or before max_offset; 0 = none; -1 = PCRE2 error
 * (err says which). */
int http_regex_match(struct http_regex *re, const char *subject, size_t len, size_t min_offset,
		     size_t max_offset, char *err, size_t err_size);

#endif
