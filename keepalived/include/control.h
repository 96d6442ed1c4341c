/* control.h - the control socket: a local stream socket on which
 * keepalivedctl sends one command line and reads one answer.
 *
 * Protocol (version 1), one exchange per connection:
 *   client: one line, at most CONTROL_MAX_LINE bytes, "\n"-terminated:
 *           VERB [ARGUMENT...]
 *   server: "OK\n" or "ERROR\n", then the text to show, then it closes.
 *
 * Access is the socket file's: mode 0600 root (0660 with a group), in a
 * directory only root writes; the peer's credentials (SO_PEERCRED) are
 * checked again on accept: root, the daemon's own uid, or a member of the
 * configured group. Nothing here blocks the loop: reading, the command
 * (which may answer later, e.g. after the children did) and writing are
 * all driven by it; a client that sends no line in 5 s is dropped, at most
 * CONTROL_MAX_CONNS connections are open at once.
 */
#ifndef KA_CONTROL_H
#define KA_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct loop;
struct control_server;
struct control_conn;

#define CONTROL_MAX_LINE 4096
#define CONTROL_MAX_CONNS 16

/* A command line arrived on c (NUL-terminated, without the newline). The
 * handler must answer with control_reply() - now or later - exactly once. */
typedef void (*control_cmd_fn)(void *arg, struct control_conn *c, char *line);

/* A server that does not listen yet. */
struct control_server *control_server_new(struct loop *loop, control_cmd_fn cmd, void *arg);
/* Listen on path ("" = stop listening) with group gid ((gid_t)-1 = none:
 * mode 0600; else 0660 and that group). The directory is made (0755) if
 * missing; a stale socket left by a dead daemon is replaced, one a live
 * daemon answers on is not. The new socket is set up before the old one
 * is closed (its file removed); on failure (logged, -1) the old one stays.
 * Connections under way are not touched. 0 when listening as asked. */
int control_server_listen(struct control_server *s, const char *path, gid_t gid);
/* Stop listening, drop every connection, remove the socket file, free. */
void control_server_close(struct control_server *s);
/* In a forked child: close the descriptors, touch no file, free. */
void control_server_forget(struct control_server *s);
/* Where it listens ("" when it does not) and with which group. */
const char *control_server_path(const struct control_server *s);
gid_t control_server_gid(const struct control_server *s);

/* The answer to c's command; c is closed once it is written (or the client
 * is gone) and must not be used after this call. */
void control_reply(struct control_conn *c, bool ok, const char *text, size_t len);

#endif
