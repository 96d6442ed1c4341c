/* smtp_reply.c - reading SMTP replies; see smtp_reply.h. Pure. Shared by
 * SMTP_CHECK (check/check_smtp.c) and the alert mails (core/smtp_client.c). */
#include "smtp_reply.h"

#include <stdio.h>
#include <string.h>

void smtp_reply_init(struct smtp_reply *r)
{
	r->len = 0;
	r->code = 0;
	r->error = NULL;
	r->line[0] = '\0';
	r->text[0] = '\0';
}

static enum smtp_result fail(struct smtp_reply *r, const char *why)
{
	r->error = why;
	return SMTP_ERROR;
}

/* One complete line (without its line end) in r->line: SMTP_MORE for a
 * continuation line, SMTP_DONE for the last line of the reply. */
static enum smtp_result line_done(struct smtp_reply *r)
{
	const char *l = r->line;
	if (r->len < 3 || l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' || l[2] < '0' || l[2] > '9')
		return fail(r, "not an SMTP reply line");
	if (r->len > 3 && l[3] != ' ' && l[3] != '-')
		return fail(r, "not an SMTP reply line");
	int code = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
	if (r->code && code != r->code)
		return fail(r, "reply lines with different codes");
	r->code = code;
	snprintf(r->text, sizeof(r->text), "%s", r->len > 4 ? l + 4 : "");
	bool more = r->len > 3 && l[3] == '-';
	r->len = 0;
	return more ? SMTP_MORE : SMTP_DONE;
}

enum smtp_result smtp_reply_feed(struct smtp_reply *r, const char *data, size_t len, size_t *used)
{
	size_t i = 0;
	enum smtp_result res = SMTP_MORE;
	if (r->error)
		res = SMTP_ERROR;
	while (res == SMTP_MORE && i < len) {
		char ch = data[i++];
		if (ch == '\n') {
			if (r->len && r->line[r->len - 1] == '\r')
				r->len--;
			r->line[r->len] = '\0';
			res = line_done(r);
			continue;
		}
		if (ch == '\0')
			res = fail(r, "NUL byte in an SMTP reply");
		else if (r->len >= SMTP_LINE_MAX)
			res = fail(r, "SMTP reply line too long");
		else
			r->line[r->len++] = ch;
	}
	if (used)
		*used = i;
	return res;
}

bool smtp_helo_build(const char *name, char *buf, size_t size)
{
	if (!name || !*name)
		return false;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	int n = snprintf(buf, size, "HELO %s\r\n", name);
	return n > 0 && (size_t)n < size;
}
