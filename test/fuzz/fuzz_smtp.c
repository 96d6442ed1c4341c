/* fuzz_smtp.c - SMTP_CHECK: a server's replies read incrementally
 * (smtp_reply_feed(), check/smtp_reply.c), and the HELO line.
 *
 * The input after two bytes is the server's byte stream, read reply after
 * reply (the reader is reset after each whole reply and fed what was left)
 * once in one piece and once in pieces of a size the first byte chooses.
 * Invariants: both readings give the same replies (codes, texts) and end
 * alike - the reader's result does not depend on how TCP cut the stream;
 * a whole reply has a code 200..599 and consumed at most what it was fed;
 * an error says why and stays an error; the second byte's choice of a name
 * gives a HELO line exactly when the name has no space or control byte. */
#include "fuzz.h"
#include "check_smtp.h"

#include <string.h>

#define MAX_REPLIES 64

struct reading {
	int codes[MAX_REPLIES];
	char last_text[SMTP_LINE_MAX + 1];
	size_t n;
	enum smtp_result end;
};

/* Read the whole stream in pieces of step bytes (0: one piece). */
static void read_stream(const char *s, size_t len, size_t step, struct reading *out)
{
	struct smtp_reply *r = malloc(sizeof(*r));
	smtp_reply_init(r);
	memset(out, 0, sizeof(*out));
	out->end = SMTP_MORE;
	size_t off = 0;
	while (off < len && out->n < MAX_REPLIES) {
		size_t piece = step && len - off > step ? step : len - off;
		size_t used = 0;
		enum smtp_result res = smtp_reply_feed(r, s + off, piece, &used);
		fuzz_assert(used <= piece);
		if (res == SMTP_MORE)
			fuzz_assert(used == piece);
		off += used;
		if (res == SMTP_ERROR) {
			fuzz_assert(r->error != NULL);
			size_t u2 = 7;
			fuzz_assert(smtp_reply_feed(r, "250 ok\r\n", 8, &u2) == SMTP_ERROR);
			out->end = SMTP_ERROR;
			break;
		}
		if (res == SMTP_DONE) {
			fuzz_assert(r->code >= 200 && r->code <= 599);
			fuzz_assert(strlen(r->text) <= SMTP_LINE_MAX);
			out->codes[out->n++] = r->code;
			memcpy(out->last_text, r->text, sizeof(out->last_text));
			smtp_reply_init(r);
		}
	}
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t step = (size_t)data[0] % 17 + 1;
	uint8_t namesel = data[1];
	const char *s = (const char *)data + 2;
	size_t len = size - 2;

	struct reading *whole = malloc(sizeof(*whole)), *pieces = malloc(sizeof(*pieces));
	read_stream(s, len, 0, whole);
	read_stream(s, len, step, pieces);
	fuzz_assert(whole->n == pieces->n && whole->end == pieces->end);
	fuzz_assert(memcmp(whole->codes, pieces->codes, whole->n * sizeof(int)) == 0);
	if (whole->n)
		fuzz_assert(strcmp(whole->last_text, pieces->last_text) == 0);
	free(whole);
	free(pieces);

	/* a HELO name: the first namesel % 32 bytes of the stream */
	size_t nl = namesel % 32 < len ? namesel % 32 : len;
	char name[33], buf[64];
	memcpy(name, s, nl);
	name[nl] = '\0';
	nl = strlen(name);   /* a NUL ends the name the function sees */
	bool clean = nl > 0;
	for (size_t i = 0; i < nl && clean; i++)
		clean = (unsigned char)name[i] > ' ' && name[i] != 0x7f;
	bool ok = smtp_helo_build(name, buf, sizeof(buf));
	fuzz_assert(ok == clean);
	if (ok)
		fuzz_assert(strncmp(buf, "HELO ", 5) == 0 && strcmp(buf + 5 + nl, "\r\n") == 0 &&
			    memcmp(buf + 5, name, nl) == 0);
	fuzz_assert(!smtp_helo_build("x", buf, 7));
	return 0;
}
