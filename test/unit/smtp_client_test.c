/* smtp_client_test.c - the SMTP reply reader and the message text. */
#include "smtp_client.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The client reads replies with SMTP_CHECK's reader (smtp_reply.h): the
 * shapes the dialogue meets. */
TEST(replies)
{
	struct smtp_reply r;
	size_t used;
	smtp_reply_init(&r);
	const char *a = "220-mail.example ESMTP\r\n220 ready\r\nXX";
	CHECK_EQ_INT(smtp_reply_feed(&r, a, strlen(a), &used), SMTP_DONE);
	CHECK_EQ_INT(r.code, 220);
	CHECK_EQ_INT(used, strlen(a) - 2);     /* stops after the reply */
	CHECK_STR(r.text, "ready");
	smtp_reply_init(&r);
	CHECK_EQ_INT(smtp_reply_feed(&r, "25", 2, NULL), SMTP_MORE);
	CHECK_EQ_INT(smtp_reply_feed(&r, "0 ok\n", 5, NULL), SMTP_DONE);   /* split, and a bare LF */
	CHECK_EQ_INT(r.code, 250);
	smtp_reply_init(&r);
	CHECK_EQ_INT(smtp_reply_feed(&r, "hello\r\n", 7, NULL), SMTP_ERROR);
	smtp_reply_init(&r);
	CHECK_EQ_INT(smtp_reply_feed(&r, "354\r\n", 5, NULL), SMTP_DONE);
	CHECK_EQ_INT(r.code, 354);
}

TEST(message)
{
	const char *to[] = { "a@example.com", "b@example.com" };
	struct smtp_msg m = { .helo = "h", .from = "ka@example.com", .to = to, .n_to = 2,
			      .subject = "[r1] VRRP Instance VI_1 - Entering MASTER state",
			      .body = "line one\n.dot line" };
	char *t = smtp_build_message(&m, "Tue, 1 Dec 2026 12:00:00 +0000");
	CHECK(strstr(t, "From: ka@example.com\r\n") != NULL);
	CHECK(strstr(t, "Subject: [r1] VRRP Instance VI_1 - Entering MASTER state\r\n") != NULL);
	CHECK(strstr(t, "To: a@example.com, b@example.com\r\n\r\n") != NULL);
	CHECK(strstr(t, "\r\nline one\r\n..dot line\r\n.\r\n") != NULL);   /* dot-stuffed */
	free(t);
}

int main(void)
{
	RUN(replies);
	RUN(message);
	return unit_summary();
}
