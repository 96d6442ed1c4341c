/* parent_resume_test.c - the parent's table of last states (parent_resume.c):
 * the last payload per name wins, malformed payloads are refused, and
 * resume_send() hands back exactly the kept payloads as CONF_RESUME. */
#include "ipc.h"
#include "loop.h"
#include "parent_int.h"
#include "unit.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* A STATE_CHANGED payload as the VRRP child sends it: str name, u32 state. */
static void payload(struct wbuf *w, const char *name, uint32_t state)
{
	wbuf_init(w);
	wput_str(w, name);
	wput_u32(w, state);
}

TEST(last_word_per_name)
{
	struct resume_table *t = resume_new();
	char name[32];
	struct wbuf w;
	/* 1000 names, each reported three times: 1, 2, then its index */
	for (uint32_t round = 0; round < 3; round++) {
		for (int i = 0; i < 1000; i++) {
			snprintf(name, sizeof(name), "VI_%d", i);
			payload(&w, name, round < 2 ? round + 1 : (uint32_t)i);
			CHECK(resume_note(t, w.data, w.len));
			wbuf_free(&w);
		}
	}
	CHECK_EQ_INT(resume_count(t), 1000);

	/* not a name first: refused, nothing kept */
	uint8_t junk[3] = { 1, 2, 3 };
	CHECK(!resume_note(t, junk, sizeof(junk)));
	payload(&w, "", 1);
	CHECK(!resume_note(t, w.data, w.len));
	wbuf_free(&w);
	CHECK_EQ_INT(resume_count(t), 1000);

	/* what goes to the child: one CONF_RESUME per name, the last payload */
	int sv[2];
	CHECK_EQ_INT(ipc_socketpair(sv), 0);
	struct loop *loop = loop_new();
	struct ipc_chan *ch = ipc_open(loop, sv[0], NULL, NULL, NULL);
	resume_send(t, ch);
	bool seen[1000] = { false };
	int got = 0, bad = 0;
	uint8_t buf[256];
	for (;;) {
		ssize_t n = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0)
			break;
		struct ipc_hdr h;
		memcpy(&h, buf, sizeof(h));
		struct rbuf r;
		rbuf_init(&r, buf + sizeof(h), h.len);
		char *nm = rget_str(&r);
		uint32_t st = rget_u32(&r);
		int idx = -1;
		if (nm && sscanf(nm, "VI_%d", &idx) == 1 && idx >= 0 && idx < 1000 && !seen[idx] &&
		    h.type == IPC_CONF_RESUME && st == (uint32_t)idx && !r.error)
			seen[idx] = true;
		else
			bad++;
		free(nm);
		got++;
	}
	CHECK_EQ_INT(got, 1000);
	CHECK_EQ_INT(bad, 0);
	ipc_close(ch);
	close(sv[1]);
	loop_free(loop);
	resume_free(t);
}

int main(void)
{
	RUN(last_word_per_name);
	return unit_summary();
}
