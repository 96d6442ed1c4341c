/* check_smtp_test.c - SMTP_CHECK's reply reader and HELO line. */
#include "check_smtp.h"
#include "unit.h"

#include <string.h>

static enum smtp_result feed(struct smtp_reply *r, const char *s)
{
	return smtp_reply_feed(r, s, strlen(s), NULL);
}

TEST(single_line)
{
	struct smtp_reply r;
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "220 mail.example ESMTP ready\r\n"), SMTP_DONE);
	CHECK_EQ_INT(r.code, 220);
	CHECK_STR(r.text, "mail.example ESMTP ready");
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "221\r\n"), SMTP_DONE);      /* a code alone */
	CHECK_EQ_INT(r.code, 221);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "250 ok\n"), SMTP_DONE);     /* bare LF */
	CHECK_EQ_INT(r.code, 250);
}

TEST(split_and_multiline)
{
	struct smtp_reply r;
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "25"), SMTP_MORE);
	CHECK_EQ_INT(feed(&r, "0-mail.example\r"), SMTP_MORE);
	CHECK_EQ_INT(feed(&r, "\n250-SIZE 1000\r\n250 HELP"), SMTP_MORE);
	CHECK_EQ_INT(feed(&r, "\r\n"), SMTP_DONE);
	CHECK_EQ_INT(r.code, 250);
	CHECK_STR(r.text, "HELP");
	/* what follows the end of a reply stays unread */
	smtp_reply_init(&r);
	size_t used;
	const char *two = "220 hi\r\n250 next\r\n";
	CHECK_EQ_INT(smtp_reply_feed(&r, two, strlen(two), &used), SMTP_DONE);
	CHECK_EQ_INT(used, 8);
	smtp_reply_init(&r);
	CHECK_EQ_INT(smtp_reply_feed(&r, two + used, strlen(two) - used, NULL), SMTP_DONE);
	CHECK_EQ_INT(r.code, 250);
}

TEST(codes)
{
	struct smtp_reply r;
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "554 no service\r\n"), SMTP_DONE);
	CHECK_EQ_INT(r.code, 554);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "421 closing\r\n"), SMTP_DONE);
	CHECK_EQ_INT(r.code, 421);
}

TEST(malformed)
{
	struct smtp_reply r;
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "HTTP/1.1 200 OK\r\n"), SMTP_ERROR);
	CHECK(r.error != NULL);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "2x0 hello\r\n"), SMTP_ERROR);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "120 too low\r\n"), SMTP_ERROR);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "250x\r\n"), SMTP_ERROR);
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "250-a\r\n251 b\r\n"), SMTP_ERROR);   /* codes differ */
	smtp_reply_init(&r);
	CHECK_EQ_INT(feed(&r, "25\r\n"), SMTP_ERROR);
	smtp_reply_init(&r);
	CHECK_EQ_INT(smtp_reply_feed(&r, "250 a\0b\r\n", 9, NULL), SMTP_ERROR);
	/* an endless line */
	smtp_reply_init(&r);
	char big[SMTP_LINE_MAX + 10];
	memset(big, 'a', sizeof(big));
	memcpy(big, "220 ", 4);
	CHECK_EQ_INT(smtp_reply_feed(&r, big, sizeof(big), NULL), SMTP_ERROR);
	/* an error sticks */
	CHECK_EQ_INT(feed(&r, "220 ok\r\n"), SMTP_ERROR);
}

TEST(helo)
{
	char b[64];
	CHECK(smtp_helo_build("checker.example", b, sizeof(b)));
	CHECK_STR(b, "HELO checker.example\r\n");
	CHECK(!smtp_helo_build("two words", b, sizeof(b)));
	CHECK(!smtp_helo_build("inject\r\nQUIT", b, sizeof(b)));
	CHECK(!smtp_helo_build("", b, sizeof(b)));
	CHECK(!smtp_helo_build("a-very-long-name.example", b, 10));
	CHECK(smtp_helo_build(SMTP_DEFAULT_HELO, b, sizeof(b)));
}

int main(void)
{
	RUN(single_line);
	RUN(split_and_multiline);
	RUN(codes);
	RUN(malformed);
	RUN(helo);
	return unit_summary();
}
