/* smtp_client.h - sending one alert mail without blocking the loop (shared
 * by every child: VRRP transitions, real-server transitions).
 *
 * smtp_send() copies what it needs and returns at once; a small state
 * machine on the loop connects (with a timeout), speaks SMTP (RFC 5321:
 * greeting, HELO, MAIL FROM, RCPT TO per recipient, DATA, the message, QUIT)
 * and closes. Any failure - server unreachable, timeout, an unexpected reply -
 * is one log line naming the server and the mail's subject.
 *
 * Replies are read by the reader SMTP_CHECK uses too (smtp_reply.h).
 */
#ifndef KA_SMTP_CLIENT_H
#define KA_SMTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "smtp_reply.h"

struct loop;

struct smtp_msg {
	const char *helo;              /* HELO name */
	const char *from;              /* envelope and From: */
	const char *const *to;         /* recipients */
	size_t n_to;
	const char *subject;
	const char *body;              /* lines separated by \n */
};

/* Start sending msg to the server at addr (timeout_us for the connection
 * and for each reply). done (may be NULL) is called once with the result,
 * from the loop. */
void smtp_send(struct loop *loop, const struct sockaddr *addr, socklen_t addrlen, const struct smtp_msg *msg,
	       uint64_t timeout_us, void (*done)(void *arg, bool ok), void *arg);

/* The message text after DATA: headers, blank line, body with dot-stuffing
 * and CRLF line ends, ending in CRLF.CRLF. Heap string. date is an RFC 5322
 * date (the caller's clock). */
char *smtp_build_message(const struct smtp_msg *msg, const char *date);

#endif
