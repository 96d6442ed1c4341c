/* file_value.c - FILE_CHECK's pure part (see check_file.h). */
#include "check_file.h"

#include <ctype.h>

int64_t file_value_parse(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	bool neg = false;
	if (i < len && (text[i] == '-' || text[i] == '+'))
		neg = text[i++] == '-';
	if (i >= len || !isdigit((unsigned char)text[i]))
		return 0;
	int64_t v = 0;
	for (; i < len && isdigit((unsigned char)text[i]); i++)
		if (v <= INT64_C(2147483648))
			v = v * 10 + (text[i] - '0');
	if (neg)
		v = -v;
	if (v < INT32_MIN)
		v = INT32_MIN;
	if (v > INT32_MAX)
		v = INT32_MAX;
	return v;
}

struct file_verdict file_verdict(int64_t value, int32_t weight, bool reverse)
{
	struct file_verdict r = { true, 0 };
	if (weight == 0) {
		r.up = reverse ? value != 0 : value == 0;
		return r;
	}
	int64_t d = value * weight;   /* |value|, |weight| <= 2^31: no overflow */
	if (reverse)
		d = -d;
	if (d <= INT32_MIN) {
		r.up = false;
		return r;
	}
	r.delta = d;
	return r;
}
