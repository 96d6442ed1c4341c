/* seeds_conf_wire.c - makes the seed corpus of fuzz_conf_wire.c: loads
 * configuration files, walks every record they hold (the top-level ones
 * and, through the field tables, every nested struct, array element and
 * union member) and writes each as "<table index byte><record>" into DIR,
 * at most MAX_PER_TABLE per table, none over MAX_SEED_BYTES.
 *
 *   test/fuzz/seeds_conf_wire DIR FILE...     (built by `make check`)
 */
#include "conf_wire_descs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PER_TABLE 8
#define MAX_SEED_BYTES 4096   /* larger records only slow the fuzzer down */

static const char *out_dir;
static size_t written[N_CONF_WIRE_DESCS];

static int index_of(const struct conf_struct_desc *d)
{
	for (size_t i = 0; i < N_CONF_WIRE_DESCS; i++)
		if (conf_wire_descs[i] == d)
			return (int)i;
	return -1;
}

static void emit(const struct conf_struct_desc *d, const void *obj)
{
	int k = index_of(d);
	if (k < 0 || written[k] >= MAX_PER_TABLE)
		return;
	struct wbuf w;
	wbuf_init(&w);
	wput_u8(&w, (uint8_t)k);
	conf_fields_encode(d, obj, &w);
	if (w.len > MAX_SEED_BYTES) {
		wbuf_free(&w);
		return;
	}
	char path[4096];
	const char *name = strncmp(d->name, "struct ", 7) == 0 ? d->name + 7 : d->name;
	snprintf(path, sizeof(path), "%s/%02d-%s-%zu", out_dir, k, name, written[k]++);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(w.data, 1, w.len, f) != w.len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	wbuf_free(&w);
}

static void walk(const struct conf_struct_desc *d, const void *obj)
{
	emit(d, obj);
	for (size_t i = 0; i < d->n_fields; i++) {
		const struct conf_field *f = &d->fields[i];
		const uint8_t *p = (const uint8_t *)obj + f->off;
		size_t n = 0;
		switch (f->type) {
		case CF_STRUCT:
			walk(f->elem, p);
			break;
		case CF_PTR:
			if (*(void *const *)p)
				walk(f->elem, *(void *const *)p);
			break;
		case CF_ARRAY:
			memcpy(&n, (const uint8_t *)obj + f->count_off, sizeof(n));
			for (size_t j = 0; j < n; j++)
				walk(f->elem, *(const uint8_t *const *)p + j * f->elem->size);
			break;
		case CF_UNION: {
			int64_t sel = 0;
			memcpy(&sel, (const uint8_t *)obj + f->count_off, f->count_size);
			for (size_t j = 0; j < f->n_variants; j++)
				if (f->variants[j].value == sel)
					walk(f->variants[j].desc, p);
			break;
		}
		default:
			break;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DIR FILE...\n", argv[0]);
		return 2;
	}
	out_dir = argv[1];
	for (int i = 2; i < argc; i++) {
		struct config conf;
		struct config_load_opts lo = { .check_only = true };
		if (config_load(&conf, argv[i], &lo) != 0)
			fprintf(stderr, "%s: errors (its valid records are used anyway)\n", argv[i]);
		walk(&global_conf_desc, &conf.global);
		for (size_t j = 0; j < conf.n_vrrp; j++)
			walk(&vrrp_instance_conf_desc, &conf.vrrp[j]);
		if (conf.checker)
			walk(&check_global_conf_desc, conf.checker);
		for (size_t j = 0; j < conf.n_vs; j++)
			walk(&vs_conf_desc, &conf.vs[j]);
		for (size_t j = 0; j < conf.n_vsg; j++)
			walk(&vsg_conf_desc, &conf.vsg[j]);
		config_free(&conf);
	}
	for (size_t k = 0; k < N_CONF_WIRE_DESCS; k++)
		printf("%-24s %zu\n", conf_wire_descs[k]->name, written[k]);
	return 0;
}
