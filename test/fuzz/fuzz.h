/* fuzz.h - the one entry point every fuzz target under test/fuzz/ defines.
 *
 * Built two ways: by tools/fuzz.sh with clang -fsanitize=fuzzer (libFuzzer
 * provides main), and by `make check` with replay.c, which feeds every file
 * of the target's committed corpus (test/fuzz/corpus/NAME/) to it. A target
 * signals a broken invariant with abort() (fuzz_assert), so both builds
 * fail on it. */
#ifndef KA_FUZZ_H
#define KA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_assert(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
