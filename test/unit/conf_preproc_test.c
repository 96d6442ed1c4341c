/* conf_preproc_test.c - @ID conditionals, $NAME definitions and
 * substitution, and (through the lexer) backslash continuation. */
#include "conf_preproc.h"
#include "conf_test_util.h"
#include "unit.h"

#include <stdlib.h>

static char *pp(struct conf_defs *d, const char *id, const char *line)
{
	return conf_preproc_line(d, id, line);
}

TEST(conditionals)
{
	struct conf_defs d = { 0 };
	char *s = pp(&d, "lb1", "@lb1 priority 150\n");
	CHECK_STR(s, "priority 150\n");
	free(s);
	CHECK(pp(&d, "lb2", "@lb1 priority 150\n") == NULL);
	CHECK(pp(&d, "lb1", "  @^lb1 priority 100\n") == NULL);
	s = pp(&d, "lb2", "  @^lb1 priority 100\n");
	CHECK_STR(s, "priority 100\n");
	free(s);
	CHECK(pp(&d, NULL, "@lb1 x\n") == NULL);
	s = pp(&d, "lb1", "plain line\n");
	CHECK_STR(s, "plain line\n");
	free(s);
	conf_defs_free(&d);
}

TEST(definitions_and_substitution)
{
	struct conf_defs d = { 0 };
	CHECK(pp(&d, "x", "$IF=eth1\n") == NULL);
	CHECK(pp(&d, "x", "$VIP=10.0.0.100/24  \n") == NULL);
	char *s = pp(&d, "x", "interface $IF\n");
	CHECK_STR(s, "interface eth1\n");
	free(s);
	s = pp(&d, "x", "${VIP} dev ${IF}x $UNDEFINED $\n");
	CHECK_STR(s, "10.0.0.100/24 dev eth1x $UNDEFINED $\n");
	free(s);
	CHECK(pp(&d, "x", "$IF=eth2\n") == NULL);            /* redefined */
	s = pp(&d, "x", "interface $IF\n");
	CHECK_STR(s, "interface eth2\n");
	free(s);
	/* a conditional definition */
	CHECK(pp(&d, "b", "@a $PRIO=150\n") == NULL);
	CHECK(pp(&d, "b", "@b $PRIO=100\n") == NULL);
	s = pp(&d, "b", "priority $PRIO\n");
	CHECK_STR(s, "priority 100\n");
	free(s);
	conf_defs_free(&d);
}

/* Through config_load: a continued line, a definition and a conditional. */
TEST(whole_file)
{
	const char *text =
		"$IFACE=eth9\n"
		"vrrp_instance VI_1 {\n"
		"  interface $IFACE\n"
		"  virtual_router_id \\\n"
		"     42\n"
		"@thishost priority 150\n"
		"@^thishost priority 100\n"
		"  virtual_ipaddress {\n"
		"    10.0.0.1\n"
		"  }\n"
		"}\n";
	char path[] = "/tmp/ka-preproc-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	struct config conf;
	struct config_load_opts lo = { .check_only = true, .config_id = "thishost" };
	CHECK_EQ_INT(config_load(&conf, path, &lo), 0);
	CHECK_EQ_INT(conf.n_vrrp, 1);
	if (conf.n_vrrp == 1) {
		CHECK_STR(conf.vrrp[0].ifname, "eth9");
		CHECK_EQ_INT(conf.vrrp[0].vrid, 42);
		CHECK_EQ_INT(conf.vrrp[0].priority, 150);
	}
	config_free(&conf);
	lo.config_id = "otherhost";
	CHECK_EQ_INT(config_load(&conf, path, &lo), 0);
	if (conf.n_vrrp == 1)
		CHECK_EQ_INT(conf.vrrp[0].priority, 100);
	config_free(&conf);
	unlink(path);
}

int main(void)
{
	RUN(conditionals);
	RUN(definitions_and_substitution);
	RUN(whole_file);
	return unit_summary();
}
