/* conf_preproc_test.c - keepalived.conf(5) preprocessing: @ID
 * conditionals, $NAME definitions (multi-line, recursive, pre-defined),
 * ~SEQ/~SEQx/~LST, limits; and (through config_load) continuation. The
 * expected outputs were checked against keepalived 2.2.7 -t. */
#include "conf_preproc.h"
#include "conf_test_util.h"
#include "unit.h"
#include "util.h"

#include <stdlib.h>

/* What a run of the preprocessor produced: lines joined by '|', errors. */
struct pp_result {
	char *lines;
	size_t len, cap;     /* lines grows geometrically: a test emits 8 million */
	char *errors;
	size_t elen;
};

static void got_line(void *arg, const char *t, size_t n)
{
	struct pp_result *r = arg;
	if (r->len + n + 2 > r->cap) {
		while (r->len + n + 2 > r->cap)
			r->cap = r->cap ? r->cap * 2 : 256;
		r->lines = xrealloc(r->lines, r->cap);
	}
	memcpy(r->lines + r->len, t, n);
	r->len += n;
	r->lines[r->len++] = '|';
	r->lines[r->len] = '\0';
}

static void got_error(void *arg, const char *msg)
{
	struct pp_result *r = arg;
	str_appendf(&r->errors, &r->elen, "%s|", msg);
}

/* Run text (lines separated by '\n', backslash continuation) through pp. */
static void run_pp(struct conf_pp *pp, const char *text, struct pp_result *r)
{
	const struct conf_pp_out out = { got_line, got_error, NULL, r };
	free(r->lines);
	free(r->errors);
	memset(r, 0, sizeof(*r));
	got_line(r, "", 0);
	r->lines[r->len = 0] = '\0';
	str_appendf(&r->errors, &r->elen, "%s", "");
	struct conf_seg segs[64];
	size_t n = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool more = len && p[len - 1] == '\\';
		segs[n++] = (struct conf_seg){ p, more ? len - 1 : len };
		if (!more || n == 64) {
			conf_pp_process(pp, segs, n, &out);
			n = 0;
		}
		p += len + (nl != NULL);
	}
	if (n)
		conf_pp_process(pp, segs, n, &out);
}

/* The lines text gives with config id `id`, as "a|b|". */
static char *pp_text(const char *id, const char *text)
{
	struct conf_pp pp;
	struct pp_result r = { 0 };
	conf_pp_init(&pp, id);
	pp.pwd = "/etc/ka";
	run_pp(&pp, text, &r);
	conf_pp_free(&pp);
	free(r.errors);
	return r.lines;
}

#define CHECK_PP(id, text, want) do { \
	char *got_ = pp_text(id, text); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

TEST(conditionals)
{
	CHECK_PP("lb1", "@lb1 priority 150\n", "priority 150|");
	CHECK_PP("lb2", "@lb1 priority 150\n", "");
	CHECK_PP("lb1", "  @^lb1 priority 100\n", "");
	CHECK_PP("lb2", "  @^lb1 priority 100\n", "priority 100|");
	CHECK_PP(NULL, "@lb1 x\n", "");
	CHECK_PP("lb1", "plain line\n", "plain line|");
	/* a definition that makes a conditional */
	CHECK_PP("main", "$IF_MAIN=@main\n$IF_MAIN priority 240\n", "priority 240|");
	CHECK_PP("other", "$IF_MAIN=@main\n$IF_MAIN priority 240\n", "");
	/* a conditional definition */
	CHECK_PP("b", "@a $PRIO=150\n@b $PRIO=100\npriority $PRIO\n", "priority 100|");
}

TEST(definitions_and_substitution)
{
	CHECK_PP("x", "$IF=eth1\n$VIP=10.0.0.100/24  \ninterface $IF\n", "interface eth1|");
	CHECK_PP("x", "$IF=eth1\n$VIP=1.2.3.4/24\n${VIP} dev ${IF}x $UNDEFINED $\n",
		 "1.2.3.4/24 dev eth1x $UNDEFINED $|");
	CHECK_PP("x", "$IF=eth1\n$IF=eth2\ninterface $IF\n", "interface eth2|");
	/* $NAME needs white space, ',', ')' or the end after it */
	CHECK_PP("x", "$A=aa\n$A.x\n$A x\n${A}.y\n$A,q\nt_$A\n", "$A.x|aa x|aa.y|aa,q|t_aa|");
	/* recursive, at use time */
	CHECK_PP("x", "$B=b_${C}\n$C=cc\n${B}_z\n$C=dd\n${B}_z\n", "b_cc_z|b_dd_z|");
	/* "$NAME =" is no definition; comments are not part of a value */
	CHECK_PP("x", "$Z =zz\n$X=a # c\n${X}_t\n", "$Z =zz|a_t|");
	/* inside quotes too */
	CHECK_PP("x", "$Y=yy\n\"q_${Y}\"\n", "\"q_yy\"|");
}

TEST(multiline_definitions)
{
	const char *t =
		"$A=aa\n$C=cc\n"
		"$M= \\\n"
		"m1_${A} \\\n"
		"m2_${C}\n"
		"$C=dd\n"
		"$M\n"
		"${M}\n"
		"x $M\n"
		"$M y\n";
	CHECK_PP("x", t, "m1_aa|m2_dd|m1_aa|m2_dd|x m1_aa|m2_dd|$M y|");
	/* nested, with definitions and conditionals inside */
	const char *u =
		"$RS= \\\n"
		"  real_server 10.0.${VS}.${RS_NUM} 80 \\\n"
		"  @lb1 weight 2\n"
		"$VS_T= \\\n"
		"virtual_server 10.0.${VS}.4 80 { \\\n"
		"  $RS_NUM=1 \\\n"
		"  $RS \\\n"
		"  $RS_NUM=2 \\\n"
		"  $RS \\\n"
		"}\n"
		"$VS=7\n"
		"$VS_T\n";
	CHECK_PP("lb1", u, "virtual_server 10.0.7.4 80 {|real_server 10.0.7.1 80|weight 2|"
		 "real_server 10.0.7.2 80|weight 2|}|");
}

TEST(predefined)
{
	CHECK_PP("node1", "a ${_INSTANCE} ${_PWD}/x\n", "a node1 /etc/ka/x|");
	/* '#' and '!' made by _HASH/_BANG are the characters inside quotes
	 * (the lexer turns the marker bytes back into them); outside quotes
	 * they start a comment, as keepalived 2.2.7 decomments a line again
	 * after its definitions are replaced ('$OFF=${_HASH}' comments out
	 * the lines it starts, keepalived's maintainer's files do it) */
	CHECK_PP("x", "l \"_${_HASH}_${_BANG}\"\n", "l \"_\x01_\x02\"|");
	CHECK_PP("x", "l_${_HASH}_${_BANG}\n", "l_|");
	CHECK_PP("x", "$OFF=${_HASH}\na\n$OFF b c\nd e$OFF f\n", "a||d e|");
	CHECK_PP("x", "$OFF=${_BANG}\n$OFF b \"c\"\n", "|");
	CHECK_PP("x", "m_${_RANDOM 5 5}\n", "m_5|");
	char *r = pp_text("x", "${_RANDOM}\n");
	long v = strtol(r, NULL, 10);
	CHECK(v >= 0 && v <= 32767);
	free(r);
}

TEST(seq_and_lst)
{
	CHECK_PP("x", "~SEQ(N,1,3) a_${N}\n", "a_1|a_2|a_3|");
	CHECK_PP("x", "~SEQ(N,3) b_${N}\n", "b_1|b_2|b_3|");
	CHECK_PP("x", "~SEQ(N,5,-2,1) c_${N}\n", "c_5|c_3|c_1|");
	CHECK_PP("x", "~SEQ(N,-2) d_${N}\n", "d_-1|d_-2|");
	CHECK_PP("x", "~SEQ(N,3,1) p_${N}\n", "p_3|p_2|p_1|");
	CHECK_PP("x", "~SEQx(H,0x90,0x10,0xc0) e_${H}\n", "e_90|e_a0|e_b0|e_c0|");
	CHECK_PP("x", "~SEQ(I,0,1) ~SEQ(J,0,1) f_${I}_${J}\n", "f_0_0|f_0_1|f_1_0|f_1_1|");
	CHECK_PP("x", "~LST(L,x,y) g_${L}\n", "g_x|g_y|");
	CHECK_PP("x", "~LST({P,Q},{1,2},{3,4}) h_${P}_${Q}\n", "h_1_2|h_3_4|");
	CHECK_PP("x", "~SEQ( S , 1 , 2 ) i_${S}\n", "i_1|i_2|");
	/* white space before the '(', as keepalived 2.2.7's add_seq() and
	 * add_lst() skip it (its maintainer's seq2b.conf: ours read the line as
	 * keywords) */
	CHECK_PP("x", "~SEQ ( IF , 0 , 1 ) ~SEQ ( ID , 1  , 2 \t\t) k_${IF}_${ID}\n", "k_0_1|k_0_2|k_1_1|k_1_2|");
	CHECK_PP("x", "~SEQx\t(H,9,10) l_${H}\n~LST (L,a,b) m_${L}\n", "l_9|l_a|m_a|m_b|");
	CHECK_PP("x", "$K=2\n~SEQ(T,1,$K) j_${T}\n", "j_1|j_2|");
	/* a multi-line definition per value */
	CHECK_PP("x", "$V= \\\nv${N} { \\\n}\n~SEQ(N,1,2) $V\n", "v1 {|}|v2 {|}|");
}

TEST(errors_and_limits)
{
	struct conf_pp pp;
	struct pp_result r = { 0 };
	conf_pp_init(&pp, "x");
	run_pp(&pp, "~SEQ(E,1,0,3) s\n~SEQ(F) t\n~SEQ(G,a,b) u\n~SEQx(H,-1,1) v\n~SEQ(N,1,2\n", &r);
	CHECK_STR(r.lines, "");
	CHECK(strstr(r.errors, "invalid ~SEQ values") != NULL);
	CHECK(strstr(r.errors, "invalid ~SEQ specification") != NULL);
	CHECK(strstr(r.errors, "invalid ~SEQ value 'a'") != NULL);
	CHECK(strstr(r.errors, "~SEQx takes only positive numbers") != NULL);
	CHECK(strstr(r.errors, "without its closing") != NULL);
	/* a definition that uses itself */
	run_pp(&pp, "$A=x $A\n$A\n", &r);
	CHECK_STR(r.lines, "");
	CHECK(strstr(r.errors, "nested more than") != NULL);
	/* exponential growth stops at the line length limit */
	run_pp(&pp, "$B0=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", &r);
	run_pp(&pp, "$B1=${B0} ${B0}\n$B2=${B1} ${B1}\n$B3=${B2} ${B2}\n$B4=${B3} ${B3}\n"
		    "$B5=${B4} ${B4}\n$B6=${B5} ${B5}\n$B7=${B6} ${B6}\n$B8=${B7} ${B7}\n"
		    "$B9=${B8} ${B8}\n$B10=${B9} ${B9}\n$B11=${B10} ${B10}\n$B12=${B11} ${B11}\n"
		    "$B13=${B12} ${B12}\n$B14=${B13} ${B13}\n$B15=${B14} ${B14}\n${B15}\n", &r);
	CHECK_STR(r.lines, "");
	CHECK(strstr(r.errors, "longer than 1048576 bytes after substitution") != NULL);
	/* too many lines in all: one error, then everything is dropped */
	run_pp(&pp, "~SEQ(I,1,3000000) ~SEQ(J,1,3) x\nafter\n", &r);
	CHECK(strstr(r.errors, "expands to more than 8000000 lines") != NULL);
	CHECK(strstr(r.lines, "after") == NULL);
	CHECK(pp.exhausted);
	conf_pp_free(&pp);
	free(r.lines);
	free(r.errors);
}

/* Through config_load: a continued line, a definition and a conditional. */
TEST(whole_file)
{
	const char *text =
		"$IFACE=eth0\n"
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
	struct config_load_opts lo = { .check_only = true, .config_id = "thishost", .host = &conf_test_host };
	CHECK_EQ_INT(config_load(&conf, path, &lo), 0);
	CHECK_EQ_INT(conf.n_vrrp, 1);
	if (conf.n_vrrp == 1) {
		CHECK_STR(conf.vrrp[0].ifname, "eth0");
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
	RUN(multiline_definitions);
	RUN(predefined);
	RUN(seq_and_lst);
	RUN(errors_and_limits);
	RUN(whole_file);
	return unit_summary();
}
