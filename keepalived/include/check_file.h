/* check_file.h - FILE_CHECK's pure part (check/file_value.c): reading the
 * number in a track_file and judging it, keepalived 2.2's way. No I/O.
 */
#ifndef KA_CHECK_FILE_H
#define KA_CHECK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of a track_file's text: a decimal number after optional
 * blanks, clamped to -2147483648..2147483647; anything else (empty, not a
 * number) reads 0, as keepalived reads it. */
int64_t file_value_parse(const char *text, size_t len);

/* What a value means for a check with weight (and reverse):
 *   weight 0: down while the value is not 0 (with reverse: while it is 0)
 *   else:     the value times the weight (negated with reverse) is added
 *             to the real server's weight; at or below -2147483648 the
 *             check is down (keepalived's FAULT). */
struct file_verdict {
	bool up;
	int64_t delta;           /* for the real server's weight (0 when down) */
};
struct file_verdict file_verdict(int64_t value, int32_t weight, bool reverse);

#endif
