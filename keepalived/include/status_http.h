/* status_http.h - the HTTP status server of the parent (status_http in
 * global_defs): /metrics (Prometheus), /status.json, / (HTML page).
 *
 * libmicrohttpd does the HTTP, driven by the parent's loop: its epoll
 * descriptor is watched by lib/loop.c and its timeouts are a loop timer,
 * so nothing runs in another thread and nothing blocks. Requests wait
 * (suspended) for a fresh status document, which the owner fetches from
 * the children when asked (fetch callback) and hands over with
 * http_server_status(); one document serves every request that arrives
 * within a second. Limits: 32 connections, 8 per client address, 10 s of
 * inactivity, 10 s to send a whole request (a client that drips its
 * headers a byte at a time is cut off then) and 30 s for its answer to
 * leave, 16 KiB of request (headers included), GET and HEAD only.
 */
#ifndef KA_STATUS_HTTP_H
#define KA_STATUS_HTTP_H

#include <json-c/json.h>
#include <stdbool.h>
#include <sys/socket.h>

struct loop;
struct http_server;

/* The server wants a fresh status document: get one and call
 * http_server_status() (later, from the loop). */
typedef void (*http_fetch_fn)(void *arg);

/* Listen on sa. user/password: basic authentication (NULL or "" = none).
 * NULL (logged) when the address cannot be bound or libmicrohttpd cannot
 * be loaded (dynlib.h). */
struct http_server *http_server_open(struct loop *loop, const struct sockaddr *sa, socklen_t len,
				     const char *user, const char *password, http_fetch_fn fetch, void *arg);
/* The document asked for (a new reference is taken; NULL = none could be
 * had: waiting requests get 503). */
void http_server_status(struct http_server *s, json_object *doc);
/* Stop: waiting requests are answered 503, connections closed. */
void http_server_close(struct http_server *s);
/* In a forked child: close the server's sockets, call nothing of it. */
void http_server_forget(struct http_server *s);

#endif
