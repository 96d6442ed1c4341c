/* privdrop.c - see privdrop.h.
 *
 * Why raw capset/prctl and not libcap(-ng): the steps must happen in a
 * fixed order (securebits and the bounding set need CAP_SETPCAP, so they
 * come before capset() drops it), every step is one system call, and the
 * result is verified here anyway; a library would add a dependency and hide
 * none of that.
 */
#include "privdrop.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <grp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/securebits.h>

/* The highest capability number the kernel may know of (64-bit masks). */
#define PRIV_MAX_CAP 63

static const char *const cap_names[] = {
	[CAP_CHOWN] = "cap_chown", [CAP_DAC_OVERRIDE] = "cap_dac_override",
	[CAP_DAC_READ_SEARCH] = "cap_dac_read_search", [CAP_FOWNER] = "cap_fowner",
	[CAP_FSETID] = "cap_fsetid", [CAP_KILL] = "cap_kill", [CAP_SETGID] = "cap_setgid",
	[CAP_SETUID] = "cap_setuid", [CAP_SETPCAP] = "cap_setpcap",
	[CAP_LINUX_IMMUTABLE] = "cap_linux_immutable", [CAP_NET_BIND_SERVICE] = "cap_net_bind_service",
	[CAP_NET_BROADCAST] = "cap_net_broadcast", [CAP_NET_ADMIN] = "cap_net_admin",
	[CAP_NET_RAW] = "cap_net_raw", [CAP_IPC_LOCK] = "cap_ipc_lock", [CAP_IPC_OWNER] = "cap_ipc_owner",
	[CAP_SYS_MODULE] = "cap_sys_module", [CAP_SYS_RAWIO] = "cap_sys_rawio",
	[CAP_SYS_CHROOT] = "cap_sys_chroot", [CAP_SYS_PTRACE] = "cap_sys_ptrace",
	[CAP_SYS_PACCT] = "cap_sys_pacct", [CAP_SYS_ADMIN] = "cap_sys_admin",
	[CAP_SYS_BOOT] = "cap_sys_boot", [CAP_SYS_NICE] = "cap_sys_nice",
	[CAP_SYS_RESOURCE] = "cap_sys_resource", [CAP_SYS_TIME] = "cap_sys_time",
	[CAP_SYS_TTY_CONFIG] = "cap_sys_tty_config", [CAP_MKNOD] = "cap_mknod",
	[CAP_LEASE] = "cap_lease", [CAP_AUDIT_WRITE] = "cap_audit_write",
	[CAP_AUDIT_CONTROL] = "cap_audit_control", [CAP_SETFCAP] = "cap_setfcap",
};

void privdrop_names(uint64_t mask, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (int c = 0; c <= PRIV_MAX_CAP && off < len; c++) {
		if (!(mask & PRIV_CAP(c)))
			continue;
		const char *name = (size_t)c < ARRAY_SIZE(cap_names) ? cap_names[c] : NULL;
		int n = name ? snprintf(buf + off, len - off, "%s%s", off ? "," : "", name)
			     : snprintf(buf + off, len - off, "%scap_%d", off ? "," : "", c);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (!off)
		snprintf(buf, len, "none");
}

/* capget/capset with the 64-bit (version 3) layout. */
static bool caps_get(uint64_t *eff, uint64_t *perm, uint64_t *inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*perm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	*inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return true;
}

static bool caps_set(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)eff, (uint32_t)perm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(perm >> 32), (uint32_t)(inh >> 32) },
	};
	return syscall(SYS_capset, &h, d) == 0;
}

bool privdrop_current(uint64_t *permitted, uint64_t *effective)
{
	uint64_t inh;
	return caps_get(effective, permitted, &inh);
}

/* The bounding set, as far as the kernel knows capabilities. */
static uint64_t bounding_set(void)
{
	uint64_t m = 0;
	for (int c = 0; c <= PRIV_MAX_CAP; c++) {
		int r = prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0);
		if (r < 0)
			break;   /* EINVAL: past the last capability */
		if (r)
			m |= PRIV_CAP(c);
	}
	return m;
}

/* Steps that need CAP_SETPCAP: lock the securebits, shrink the bounding set. */
static bool drop_bounding(uint64_t keep, char *why, size_t whylen)
{
	const unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
		SECBIT_KEEP_CAPS_LOCKED |
		SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) < 0) {
		snprintf(why, whylen, "PR_SET_SECUREBITS: %s", strerror(errno));
		return false;
	}
	for (int c = 0; c <= PRIV_MAX_CAP; c++) {
		if (keep & PRIV_CAP(c))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break;   /* past the last capability */
			snprintf(why, whylen, "PR_CAPBSET_DROP(%d): %s", c, strerror(errno));
			return false;
		}
	}
	return true;
}

/* Whether the process already is uid/gid with no supplementary group. */
static bool ids_are(uint32_t uid, uint32_t gid)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	if (getresuid(&r, &e, &s) < 0 || getresgid(&gr, &ge, &gs) < 0)
		return false;
	return r == uid && e == uid && s == uid && gr == gid && ge == gid && gs == gid &&
	       getgroups(0, NULL) == 0;
}

/* Become uid/gid (real, effective, saved; no supplementary groups) and
 * keep the permitted capabilities: SECBIT_NO_SETUID_FIXUP when
 * drop_bounding() set it, else PR_SET_KEEPCAPS for the change (capset()
 * then makes them effective again). Needs CAP_SETUID and CAP_SETGID
 * unless the process already is that user. */
static bool set_ids(uint32_t uid, uint32_t gid, char *why, size_t whylen)
{
	if (ids_are(uid, gid))
		return true;
	int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	bool keepcaps = bits < 0 || !(bits & SECBIT_NO_SETUID_FIXUP);
	if (keepcaps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		snprintf(why, whylen, "PR_SET_KEEPCAPS: %s", strerror(errno));
		return false;
	}
	const char *step = setgroups(0, NULL) < 0 ? "setgroups"
			 : setresgid(gid, gid, gid) < 0 ? "setresgid"
			 : setresuid(uid, uid, uid) < 0 ? "setresuid" : NULL;
	if (step) {
		snprintf(why, whylen, "%s(%u/%u): %s", step, uid, gid, strerror(errno));
		return false;
	}
	if (keepcaps)
		prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	return true;
}

bool privdrop_apply(uint64_t keep, uint32_t uid, uint32_t gid, char *why, size_t whylen)
{
	uint64_t eff, perm, inh;
	if (!caps_get(&eff, &perm, &inh)) {
		snprintf(why, whylen, "capget: %s", strerror(errno));
		return false;
	}
	keep &= perm;
	bool setpcap = perm & PRIV_CAP(CAP_SETPCAP);
	/* Without CAP_SETPCAP (a daemon started with a reduced set) the
	 * bounding set stays as it is; no_new_privs still stops any execve()
	 * from gaining capabilities. */
	if (setpcap && !drop_bounding(keep, why, whylen))
		return false;
	if (uid && !set_ids(uid, gid, why, whylen))
		return false;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);   /* EINVAL before 4.3: none */
	if (!caps_set(keep, keep, 0)) {
		snprintf(why, whylen, "capset: %s", strerror(errno));
		return false;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(why, whylen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return false;
	}
	/* Read everything back. */
	if (!caps_get(&eff, &perm, &inh) || eff != keep || perm != keep || inh != 0) {
		snprintf(why, whylen, "capabilities not as set (effective %#llx, permitted %#llx)",
			 (unsigned long long)eff, (unsigned long long)perm);
		return false;
	}
	if (setpcap && (bounding_set() & ~keep)) {
		snprintf(why, whylen, "bounding set still %#llx", (unsigned long long)bounding_set());
		return false;
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		snprintf(why, whylen, "no_new_privs not set");
		return false;
	}
	if (uid && !ids_are(uid, gid)) {
		snprintf(why, whylen, "uid/gid not %u/%u", uid, gid);
		return false;
	}
	return true;
}
