/* replay.c - main() for `make check`: run a fuzz target over its corpus.
 *
 * Usage: replay_NAME [FILE|DIR...]; without arguments the committed corpus
 * $TOP_SRCDIR/test/fuzz/corpus/NAME (FUZZ_NAME is set by the build). Every
 * input must run to the end without a crash or a failed invariant. Prints
 * the TAP-like "N passed, 0 failed" line on success. */
#include "fuzz.h"

#include <dirent.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

/* Run the target on one file; false if it could not be read. */
static bool run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		return false;
	/* an exact-size copy, so ASan sees reads past the end */
	uint8_t *exact = malloc(len ? len : 1);
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return true;
}

/* Run every regular file of dir (sorted); returns how many ran, -1 on error. */
static int run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -1;
	int ran = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (!run_file(path)) {
				fprintf(stderr, "replay: cannot read %s\n", path);
				return -1;
			}
			ran++;
		}
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	char def[4096];
	const char *top = getenv("TOP_SRCDIR");
	snprintf(def, sizeof(def), "%s/test/fuzz/corpus/%s", top && *top ? top : TOP_SRCDIR, FUZZ_NAME);
	char *dflt[] = { def };
	char **paths = argc > 1 ? argv + 1 : dflt;
	int np = argc > 1 ? argc - 1 : 1;
	int total = 0;
	for (int i = 0; i < np; i++) {
		struct stat st;
		int ran = stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode) ? run_dir(paths[i])
									 : run_file(paths[i]) ? 1 : -1;
		if (ran < 0) {
			fprintf(stderr, "replay %s: cannot read %s\n", FUZZ_NAME, paths[i]);
			printf("0 passed, 1 failed\n");
			return 1;
		}
		total += ran;
	}
	if (!total) {
		fprintf(stderr, "replay %s: no inputs\n", FUZZ_NAME);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	printf("replay %s: %d inputs\n%d passed, 0 failed\n", FUZZ_NAME, total, total);
	return 0;
}
