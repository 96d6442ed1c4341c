/* privdrop_test.c - privdrop_apply() in a forked process: the sets the
 * kernel reports in /proc/self/status, the uid/gid it became, and what the
 * process can and can no longer do. The capability cases need root (skipped otherwise). */
#include "privdrop.h"
#include "unit.h"

#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The value of "Key:" in /proc/self/status, as text. */
static bool status_field(const char *key, char *out, size_t len)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t kl = strlen(key);
	bool found = false;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			char *v = line + kl + 1;
			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = '\0';
			snprintf(out, len, "%s", v);
			found = true;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

static unsigned long long status_mask(const char *key)
{
	char v[64] = "";
	return status_field(key, v, sizeof(v)) ? strtoull(v, NULL, 16) : ~0ULL;
}

/* In a child: drop to keep and check everything; exit 0 when all holds,
 * else the number of the first check that failed. */
static int child_checks(uint64_t keep, uint32_t uid)
{
	char why[256], v[64] = "";
	if (!privdrop_apply(keep, uid, uid, why, sizeof(why))) {
		fprintf(stderr, "privdrop_apply: %s\n", why);
		return 1;
	}
	if (status_mask("CapEff") != keep || status_mask("CapPrm") != keep || status_mask("CapBnd") != keep)
		return 2;
	if (status_mask("CapInh") != 0 || status_mask("CapAmb") != 0)
		return 3;
	if (!status_field("NoNewPrivs", v, sizeof(v)) || strcmp(v, "1"))
		return 4;
	if (setuid(uid ? 0 : 65534) == 0 || errno != EPERM)   /* no CAP_SETUID */
		return 5;
	uid_t r, e, sv;
	gid_t gr, ge, gs;
	if (getresuid(&r, &e, &sv) || r != uid || e != uid || sv != uid ||
	    getresgid(&gr, &ge, &gs) || gr != uid || ge != uid || gs != uid ||
	    (uid && getgroups(0, NULL) != 0))
		return 9;
	if (unshare(CLONE_NEWUTS) == 0 || errno != EPERM)   /* no CAP_SYS_ADMIN */
		return 6;
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);  /* CAP_NET_RAW kept */
	if ((keep & PRIV_CAP(CAP_NET_RAW)) ? raw < 0 : raw >= 0)
		return 7;
	if (raw >= 0)
		close(raw);
	/* a second drop can only keep less */
	if (!privdrop_apply(PRIV_CAP(CAP_NET_RAW), uid, uid, why, sizeof(why)) ||
	    status_mask("CapEff") != (keep & PRIV_CAP(CAP_NET_RAW)))
		return 8;
	return 0;
}

static int in_child(uint64_t keep, uint32_t uid)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_checks(keep, uid));
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

TEST(keeps_only_what_it_is_told)
{
	if (geteuid() != 0) {
		printf("# not root: skipped\n");
		return;
	}
	uint64_t perm, eff;
	CHECK(privdrop_current(&perm, &eff));
	uint64_t net = PRIV_CAP(CAP_NET_ADMIN) | PRIV_CAP(CAP_NET_RAW);
	if ((perm & net) != net || !(perm & PRIV_CAP(CAP_SETPCAP))) {
		printf("# this root lacks NET_ADMIN/NET_RAW/SETPCAP: skipped\n");
		return;
	}
	CHECK_EQ_INT(in_child(net, 0), 0);
	CHECK_EQ_INT(in_child(PRIV_CAP(CAP_NET_ADMIN), 0), 0);
	/* under an unprivileged uid (65534, no supplementary groups), the
	 * capabilities kept across the change (a raw socket still opens) */
	CHECK_EQ_INT(in_child(net, 65534), 0);
	/* the test process itself is untouched */
	uint64_t perm2, eff2;
	CHECK(privdrop_current(&perm2, &eff2));
	CHECK(perm2 == perm && eff2 == eff);
}

TEST(names)
{
	char buf[256];
	privdrop_names(PRIV_CAP(CAP_NET_ADMIN) | PRIV_CAP(CAP_NET_RAW), buf, sizeof(buf));
	CHECK_STR(buf, "cap_net_admin,cap_net_raw");
	privdrop_names(0, buf, sizeof(buf));
	CHECK_STR(buf, "none");
	privdrop_names(PRIV_CAP(40), buf, sizeof(buf));
	CHECK_STR(buf, "cap_40");
}

int main(void)
{
	RUN(keeps_only_what_it_is_told);
	RUN(names);
	return unit_summary();
}
