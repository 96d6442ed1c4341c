/* dump.h - asking the children for text and collecting their answers.
 *
 * Every request has an id and a kind (enum ipc_dump_kind); the parent
 * sends DUMP_REQUEST(id, kind) to each running child, and each answer
 * (DUMP_DATA(id, ...)* DUMP_END(id)) is matched to its request by id, so
 * any number of requests of any kinds can be under way at once (a USR2
 * right after a USR1 writes each file with its own text). A child that is
 * not running is not asked; one that exits is no longer waited for; one
 * that sends nothing for 3 s (or has not finished after 60 s) is given up
 * on (logged). When
 * every asked child is done, the requester's callback runs - always from
 * the loop, never from inside dump_request().
 */
#ifndef KA_DUMP_H
#define KA_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc.h"

struct loop;
struct ipc_chan;
struct dump_mgr;

/* One child's part of a result. */
struct dump_answer {
	const char *name;     /* the child's name ("vrrp", "checker") */
	bool asked;           /* it was running and was sent the request */
	bool answered;        /* its DUMP_END arrived (else it exited or timed out) */
	char *text;           /* NUL-terminated; "" when it sent nothing */
	size_t len;
};

struct dump_result {
	uint32_t id;
	enum ipc_dump_kind kind;
	size_t n;                      /* one answer per child slot, in slot order */
	const struct dump_answer *answers;
};

typedef void (*dump_done_fn)(void *arg, const struct dump_result *res);

/* n_children slots; names[i] must outlive the manager. */
struct dump_mgr *dump_mgr_new(struct loop *loop, size_t n_children, const char *const *names);
/* Pending requests are dropped without calling their callbacks. */
void dump_mgr_free(struct dump_mgr *m);

/* Ask every child whose chans[i] is non-NULL. Returns the request id (> 0),
 * or 0 when too many requests are under way (nothing was sent). */
uint32_t dump_request(struct dump_mgr *m, enum ipc_dump_kind kind, struct ipc_chan *const *chans,
		      dump_done_fn done, void *arg);
/* The requester went away: its callback will not be called. */
void dump_cancel(struct dump_mgr *m, uint32_t id);

/* Messages from child slot i (payloads as received). An unknown id is
 * ignored (a request already given up on). */
void dump_on_data(struct dump_mgr *m, size_t child, const void *payload, size_t len);
void dump_on_end(struct dump_mgr *m, size_t child, const void *payload, size_t len);
/* Child slot i is gone (exited, channel closed): stop waiting for it. */
void dump_on_child_gone(struct dump_mgr *m, size_t child);

#endif
