/* reload_time_test - reload_time_parse(): the three formats of a
 * reload_time_file, 'Z', time only rolling to tomorrow, dates in the past,
 * times that do not exist and everything that is not exactly the format. */
#include "unit.h"
#include "parent_reload_time.h"

#include <stdlib.h>
#include <time.h>

/* 2026-06-15 12:00:00 UTC */
static const time_t NOW = 1781524800;

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = s };
	return timegm(&tm);
}

TEST(formats)
{
	time_t w = 0;
	bool date = true;
	CHECK_EQ_INT(utc(2026, 6, 15, 12, 0, 0), NOW);
	CHECK_EQ_INT(reload_time_parse("13:30:05", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2026, 6, 15, 13, 30, 5));
	CHECK(!date);
	CHECK_EQ_INT(reload_time_parse("26-06-16 01:02:03", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2026, 6, 16, 1, 2, 3));
	CHECK(date);
	CHECK_EQ_INT(reload_time_parse("2027-01-01 00:00:00", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2027, 1, 1, 0, 0, 0));
	CHECK(date);
}

TEST(z_suffix_is_utc)
{
	time_t w = 0;
	bool date;
	setenv("TZ", "EST5", 1);   /* local = UTC-5, no DST */
	tzset();
	CHECK_EQ_INT(reload_time_parse("13:00:00Z", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2026, 6, 15, 13, 0, 0));
	CHECK_EQ_INT(reload_time_parse("13:00:00", NOW, &w, &date), 0);   /* 13:00 EST = 18:00 UTC */
	CHECK_EQ_INT(w, utc(2026, 6, 15, 18, 0, 0));
	CHECK_EQ_INT(reload_time_parse("2026-06-15 12:30:00Z", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2026, 6, 15, 12, 30, 0));
	setenv("TZ", "UTC", 1);
	tzset();
}

TEST(time_only_past_is_tomorrow)
{
	time_t w = 0;
	bool date;
	CHECK_EQ_INT(reload_time_parse("11:59:59", NOW, &w, &date), 0);
	CHECK_EQ_INT(w, utc(2026, 6, 16, 11, 59, 59));
	CHECK_EQ_INT(reload_time_parse("12:00:00", NOW, &w, &date), 0);   /* now is not after now */
	CHECK_EQ_INT(w, utc(2026, 6, 16, 12, 0, 0));
}

TEST(date_in_past)
{
	time_t w = 0;
	bool date;
	CHECK_EQ_INT(reload_time_parse("2026-06-15 11:59:59", NOW, &w, &date), -2);
	CHECK_EQ_INT(reload_time_parse("2026-06-15 12:00:00", NOW, &w, &date), -2);
	CHECK_EQ_INT(reload_time_parse("01-01-01 00:00:00", NOW, &w, &date), -2);
}

TEST(invalid)
{
	time_t w = 0;
	bool date;
	static const char *const bad[] = {
		"", "Z", "12:00", "12:00:0", "1:00:00 ", " 12:00:00", "12:00:00ZZ", "12:00:00z",
		"25:00:00", "12:60:00", "2026-04-31 10:00:00", "2026-13-01 10:00:00",
		"2026-06-16  10:00:00", "2026-06-16T10:00:00", "26-6-16 10:00:00x", "2026/06/16 10:00:00",
		"12:00:00\n", "tomorrow",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (reload_time_parse(bad[i], NOW, &w, &date) != -1) {
			fprintf(stderr, "accepted \"%s\"\n", bad[i]);
			unit_failed_checks++;
		}
	}
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	RUN(formats);
	RUN(z_suffix_is_utc);
	RUN(time_only_past_is_tomorrow);
	RUN(date_in_past);
	RUN(invalid);
	return unit_summary();
}
