/* log_test.c - console lines held by log_set_buffered(): written at
 * log_flush() in their order; an error line is never held (an _exit()
 * may follow it), nor are the lines held before it. */
#include "unit.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* stderr goes to a temporary file; read_back() returns what it holds. */
static FILE *g_out;

static char *read_back(void)
{
	static char buf[4096];
	fflush(g_out);
	long n = ftell(g_out);
	rewind(g_out);
	size_t got = fread(buf, 1, sizeof(buf) - 1, g_out);
	buf[got] = '\0';
	fseek(g_out, n, SEEK_SET);
	return buf;
}

TEST(held_until_flush_errors_at_once)
{
	log_set_buffered(true);
	log_info("first line");
	log_info("second line");
	CHECK(strstr(read_back(), "first line") == NULL);
	log_err("an error");
	const char *s = read_back();
	const char *a = strstr(s, "first line"), *b = strstr(s, "second line"), *c = strstr(s, "an error");
	CHECK(a && b && c && a < b && b < c);
	log_info("third line");
	CHECK(strstr(read_back(), "third line") == NULL);
	log_flush();
	CHECK(strstr(read_back(), "third line") != NULL);
	log_set_buffered(false);
	log_info("fourth line");
	CHECK(strstr(read_back(), "fourth line") != NULL);
}

int main(void)
{
	int saved = dup(STDERR_FILENO);
	g_out = tmpfile();
	if (saved < 0 || !g_out || dup2(fileno(g_out), STDERR_FILENO) < 0)
		return 2;
	log_init("Keepalived_test", "test", LOG_DEST_CONSOLE, LOG_DAEMON);
	RUN(held_until_flush_errors_at_once);
	const char *captured = read_back();   /* CHECK messages landed here too */
	dup2(saved, STDERR_FILENO);
	fputs(captured, stderr);
	return unit_summary();
}
