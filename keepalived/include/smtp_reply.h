/* smtp_reply.h - SMTP replies (RFC 5321 4.2) read incrementally, for
 * SMTP_CHECK (check/check_smtp.c) and the alert mails (core/smtp_client.c).
 * Pure, no I/O (core/smtp_reply.c).
 *
 * A reply is one or more lines "CODE-text" ending with a line "CODE text"
 * (or just "CODE"); every line of a reply carries the same three-digit
 * code. Lines end with CRLF (a bare LF is accepted) and are at most
 * SMTP_LINE_MAX bytes; anything else is a protocol error.
 */
#ifndef KA_SMTP_REPLY_H
#define KA_SMTP_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#define SMTP_LINE_MAX 512

enum smtp_result {
	SMTP_MORE = 0,     /* feed more bytes */
	SMTP_DONE,         /* a whole reply: code in r->code */
	SMTP_ERROR,        /* not SMTP (r->error says why) */
};

struct smtp_reply {
	char line[SMTP_LINE_MAX + 1];
	size_t len;
	int code;                /* the reply's code (0 until the first line) */
	const char *error;
	char text[SMTP_LINE_MAX + 1];   /* the text of the last line, for logs */
};

void smtp_reply_init(struct smtp_reply *r);
/* Feed received bytes. *used (may be NULL) is set to the bytes consumed:
 * on SMTP_DONE what follows the reply is left for the next one. */
enum smtp_result smtp_reply_feed(struct smtp_reply *r, const char *data, size_t len, size_t *used);

/* "HELO name\r\n" into buf; false when the name is empty or holds a
 * space/control character, or buf is too small. */
bool smtp_helo_build(const char *name, char *buf, size_t size);

#endif
