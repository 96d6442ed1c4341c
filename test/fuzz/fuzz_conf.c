/* fuzz_conf.c - keepalived.conf text through the whole front end:
 * lexer, preprocessor (@ID, $NAME, ~SEQ ...), keyword-table parser and
 * validation (config_load() with check_only, as `keepalived -t`). The text
 * is handed over as a memfd, so nothing is written to disk. Includes in the
 * input are read as usual (regular files only; the limits keep them
 * bounded). Invariant: the error count is never negative and the config
 * can be freed. */
#include "fuzz.h"
#include "conf_parse.h"
#include "log.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	if (!quiet++)
		log_init("fuzz", "parent", getenv("FUZZ_VERBOSE") ? LOG_DEST_CONSOLE : 0, 0);
	int fd = memfd_create("fuzz.conf", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t off = 0;
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct config conf;
	struct config_load_opts lo = { .check_only = true, .config_id = "lb1" };
	int errors = config_load(&conf, path, &lo);
	fuzz_assert(errors >= 0);
	config_free(&conf);
	close(fd);
	return 0;
}
