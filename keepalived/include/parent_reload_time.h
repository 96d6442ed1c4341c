/* parent_reload_time.h - reload_time_file / reload_repeat: a reload
 * scheduled by the time written in a file (core/parent_reload_time.c). */
#ifndef KA_PARENT_RELOAD_TIME_H
#define KA_PARENT_RELOAD_TIME_H
#include <stdbool.h>
#include <time.h>

struct parent;

/* The first line of a reload_time_file, exactly "HH:MM:SS",
 * "YY-MM-DD HH:MM:SS" or "YYYY-MM-DD HH:MM:SS", each with an optional
 * trailing 'Z' (UTC; else local time), into *when. A time only that is not
 * after now means the same time tomorrow. Returns 0 (*date_given: the text
 * had a date), -1 when the text is not one of the formats or names a time
 * that does not exist, -2 when a date and time is not after now. Pure. */
int reload_time_parse(const char *text, time_t now, time_t *when, bool *date_given);

/* After each configuration the parent runs (start, reload): watch
 * p->conf->mgmt.reload_time_file and schedule from its content, or stop
 * when the setting is gone. */
void parent_reload_time_apply(struct parent *p);
/* At exit: stop watching, cancel, free. */
void parent_reload_time_free(struct parent *p);
/* In a forked child: close the watch's descriptor, touch nothing else. */
void parent_reload_time_forget(struct parent *p);

#endif
