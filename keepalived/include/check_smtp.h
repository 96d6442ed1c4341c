/* check_smtp.h - SMTP_CHECK's pieces: the reply reader is the shared one
 * (smtp_reply.h, core/smtp_reply.c), also used by the alert mails. */
#ifndef KA_CHECK_SMTP_H
#define KA_CHECK_SMTP_H

#include "smtp_reply.h"

#define SMTP_DEFAULT_HELO "smtpchecker.keepalived.org"

#endif
