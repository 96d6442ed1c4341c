#!/usr/bin/env python3
"""conf_compare.py - compare keepalived-ng with Debian's keepalived 2.2.7 on
keepalived.conf files (real-world ones kept outside the repository).

    tools/conf_compare.py [-o OUTDIR] [--run] [--stubs] FILE...

For each FILE, in a network namespace of its own (made here, always deleted):
  * every interface the file names (interface, track_interface, dev X,
    lvs_sync_daemon, ...) is made as a veth pair (the kernel may lack the
    dummy module), up, with an IPv4 address the file implies: its
    unicast_src_ip / mcast_src_ip, else an address in the /24 of the
    instance's first IPv4 virtual address (never one of the file's own);
  * `keepalived -t -f FILE` runs with ours ($KEEPALIVED, default
    keepalived/keepalived) and with 2.2.7 ($DEB_KEEPALIVED, default
    /usr/sbin/keepalived); compared: the exit class (ok 0 / warn 5 /
    scriptsec 6 / error 4, other) and the set of line numbers each names in a
    message (2.2.7 "(Line N)", ours "FILE:N:"), shown with each line's
    first word.
  * where 2.2.7's -t exits 5 (warnings: "it runs the file"), 2.2.7 is
    started for 3 s to see whether it really runs it: some errors stop it
    only then ("exited with permanent error CONFIG"): such a file is
    "warn-refuses" (or "scriptsec-refuses"), the same as our -t's error 4
    (--no-probe: not started).
  * --stubs: the scripts the file names (vrrp_script script, notify*,
    misc_path...) are replaced by executable stubs that exit 0, in a
    root-owned directory; the file is rewritten (same line numbers).
  * a top-level net_namespace line is blanked in the copy both daemons
    read (drop_netns()): 2.2.7's -t cannot enter a namespace that does
    not exist and then exits 0 having checked nothing; started, it would
    make the namespace on the host.
  * --pair A:B ...: two files of one MASTER/BACKUP setup run on two
    namespaces linked by their interfaces, 2.2.7 on both, then ours on both:
    each router's states and addresses are compared.
  * --run: also run the file's VRRP part (-P) with each daemon in turn for
    RUN_SECONDS (default 6 + 3 x the largest advert_int, at most 20), then
    compare each instance's state and its settings (SIGUSR1 data dump:
    priorities, timers, garp, tracked objects, virtual routes...), the
    dump's global definitions (garp delays and repeats, vrrp version,
    mcast groups...) and sync groups (state, members) as both print them,
    and the addresses, routes and rules installed in the namespace.
  * the interfaces are found with the file's one-line $NAME=value
    definitions expanded (`interface $IF`), those under an @condition
    left out (no -i is given); a file that is gone is said MISSING.
One line a file goes to stdout (SAME / DIFF ...); details in OUTDIR/NAME.txt.
Runs as root; touches nothing outside the namespaces and OUTDIR (and the
stub directory under /run, removed at the end).
"""
import argparse, ipaddress, os, re, shutil, signal, subprocess, sys, tempfile, time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.environ.get("KEEPALIVED", os.path.join(TOP, "keepalived/keepalived"))
DEB = os.environ.get("DEB_KEEPALIVED", "/usr/sbin/keepalived")
IFNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,15}$")
SCRIPT_KW = re.compile(r"^\s*(script|notify\w*|misc_path)\s+(.*)$")


def sh(*args, check=False, **kw):
    """Run a command, return CompletedProcess (text, output captured)."""
    return subprocess.run(list(args), capture_output=True, text=True, errors="replace",
                          check=check, **kw)


def strip_comment(line):
    """The line without a # or ! comment (outside quotes)."""
    out, q = [], False
    for c in line:
        if c == '"':
            q = not q
        if not q and c in "#!":
            break
        out.append(c)
    return "".join(out)


DEF_LINE = re.compile(r"^\s*\$([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
DEF_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def expand_defs(lines):
    """The lines with the file's one-line $NAME=value definitions (those
    not under an @config-id condition: no -i is given) replaced where they
    are used after their definition, definitions blanked: `interface $IF`
    names the interface to make. Same line count; comments left alone."""
    defs, out = {}, []
    for raw in lines:
        line = strip_comment(raw)
        m = DEF_LINE.match(line)
        if m:
            if not m.group(2).rstrip().endswith("\\"):
                defs[m.group(1)] = m.group(2).strip()
            out.append("\n")
            continue
        if "$" in line:
            line = DEF_REF.sub(lambda mo: defs.get(mo.group(1) or mo.group(2), mo.group(0)), line)
        out.append(line + "\n")
    return out


def scan(lines, hosts=(253, 252, 251, 250)):
    """Interfaces named by the file -> {name: set(addresses/24)}, and the
    file's virtual addresses. A pure textual scan, as a user reads it
    (its one-line $definitions expanded, expand_defs()).
    hosts: the host numbers tried for an interface's derived address."""
    lines = expand_defs(lines)
    ifs, vips, cur_if, block, pending_src = {}, set(), None, [], []
    first_vip = {}
    in_list = None
    for raw in lines:
        line = strip_comment(raw)
        w = line.replace("{", " { ").replace("}", " } ").split()
        if not w:
            continue
        if in_list:
            if w[0] == "}":
                in_list = None
                continue
            if in_list == "track_interface" and IFNAME.match(w[0]):
                ifs.setdefault(w[0], set())
            if in_list in ("virtual_ipaddress", "virtual_ipaddress_excluded", "static_ipaddress"):
                a = w[0].split("/")[0]
                try:
                    ip = ipaddress.ip_address(a)
                    vips.add(ip)
                    if cur_if and ip.version == 4:
                        first_vip.setdefault(cur_if, w[0])
                except ValueError:
                    pass
                if "dev" in w and w.index("dev") + 1 < len(w):
                    d = w[w.index("dev") + 1]
                    if IFNAME.match(d):
                        ifs.setdefault(d, set())
                        if a and w[0][0].isdigit():
                            first_vip.setdefault(d, w[0])
            elif "dev" in w and w.index("dev") + 1 < len(w):
                d = w[w.index("dev") + 1]
                if IFNAME.match(d):
                    ifs.setdefault(d, set())
            continue
        k = w[0]
        if k == "vrrp_instance":
            cur_if = None
        if k in ("track_interface", "virtual_ipaddress", "virtual_ipaddress_excluded",
                 "static_ipaddress", "virtual_routes", "static_routes", "virtual_rules",
                 "static_rules", "unicast_peer") and "{" in w:
            if "}" not in w[w.index("{"):]:
                in_list = k
            continue
        if k in ("interface", "lvs_sync_daemon_interface", "lvs_sync_daemon") and len(w) > 1:
            if IFNAME.match(w[1]):
                ifs.setdefault(w[1], set())
                if k == "interface":
                    cur_if = w[1]
                    for s in pending_src:
                        ifs[w[1]].add(s)
                    pending_src = []
        if k in ("mcast_src_ip", "unicast_src_ip") and len(w) > 1:
            try:
                ip = ipaddress.ip_address(w[1])
                s = f"{ip}/{24 if ip.version == 4 else 64}"
                if cur_if:
                    ifs[cur_if].add(s)
                else:
                    pending_src.append(s)
            except ValueError:
                pass
    # an interface without an address of its own gets one in its first VIP's /24
    for name, addrs in ifs.items():
        if any(":" not in a for a in addrs):
            continue
        v = first_vip.get(name)
        if not v:
            continue
        try:
            net = ipaddress.ip_interface(v.split("/")[0] + "/24").network
        except ValueError:
            continue
        for h in hosts:
            cand = net.network_address + h
            if cand not in vips:
                addrs.add(f"{cand}/24")
                break
    # the links the daemons make themselves (use_vmac / use_ipvlan NAME,
    # named by routes as 'dev NAME'): made here, they would be an interface
    # of another kind, which 2.2.7 does not take as its VMAC (it uses the
    # default name) and ours does not replace
    for raw in lines:
        w = strip_comment(raw).split()
        if len(w) >= 2 and w[0] in ("use_vmac", "use_ipvlan") and ":" not in w[1] and w[1] in ifs:
            del ifs[w[1]]
    return ifs, vips


def stub_scripts(lines, stubdir):
    """Rewrite the absolute paths of the file's scripts to stubs under
    stubdir (same line count). Returns the new lines."""
    out = []
    for raw in lines:
        m = SCRIPT_KW.match(strip_comment(raw))
        if m:
            def repl(mo):
                p = mo.group(0)
                dst = stubdir + p
                os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
                if not os.path.exists(dst):
                    with open(dst, "w") as f:
                        f.write("#!/bin/sh\nexit 0\n")
                    os.chmod(dst, 0o755)
                return dst
            raw = re.sub(r"(?<![\w/])/[\w./+-]+", repl, raw, count=1)
        out.append(raw)
    return out


def ns_setup(ns, ifs):
    """Namespace ns with each interface a veth (peer inside too), up."""
    sh("ip", "netns", "add", ns, check=True)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    made = []
    for i, (name, addrs) in enumerate(sorted(ifs.items())):
        if name == "lo":
            continue
        r = sh("ip", "-n", ns, "link", "add", name, "type", "veth", "peer", "name", f"rwp{i}")
        if r.returncode:
            continue
        sh("ip", "-n", ns, "link", "set", f"rwp{i}", "up")
        sh("ip", "-n", ns, "link", "set", name, "up")
        for a in sorted(addrs):
            sh("ip", "-n", ns, "addr", "add", a, "dev", name, "nodad")
        made.append(name)
    return made


def ns_del(ns):
    """Kill what runs in ns, delete it."""
    r = sh("ip", "netns", "pids", ns)
    for p in r.stdout.split():
        try:
            os.kill(int(p), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    sh("ip", "netns", "del", ns)


def exit_class(rc):
    """2.2.7's exit 2 ("is missing a parameter", a fatal configuration
    error: it does not run the file either) counts as error."""
    return {0: "ok", 5: "warn", 6: "scriptsec", 4: "error", 2: "error"}.get(rc, f"rc{rc}")


def block_lines(raw):
    """{("vrrp_script", NAME): line, ("vrrp_instance", NAME): line,
    ("virtual_server", "IP PORT"): line} of the file's block headers."""
    out = {}
    for i, l in enumerate(raw, 1):
        w = strip_comment(l).replace("{", " ").split()
        if len(w) > 1 and w[0] in ("vrrp_script", "vrrp_instance", "vrrp_sync_group"):
            out.setdefault((w[0], w[1]), i)
        if len(w) > 2 and w[0] == "virtual_server":
            out.setdefault((w[0], f"{w[1]} {w[2]}"), i)
    return out


def lines_named(out, ours, raw=()):
    """Line numbers named by the messages of one -t run. keepalived 2.2.7
    names no line in some messages: those about a script, an instance or a
    virtual server are put on the line of its block header."""
    if ours:
        return {int(n) for n in re.findall(r"^\S*?:(\d+): ", out, re.M)}
    found = set()
    heads = block_lines(raw)
    for l in out.splitlines():
        m = re.search(r"\((?:[^()]*: )?Line (\d+)\)", l)
        if m:
            found.add(int(m.group(1)))
            continue
        m = (re.search(r"track script (\S+) (?:since|not found)", l) or
             re.search(r"script (\S+) (?:since|not found|disabled)", l))
        if m and ("vrrp_script", m.group(1)) in heads:
            found.add(heads[("vrrp_script", m.group(1))])
            continue
        m = re.match(r"\((\S+?)\)", l) or re.search(r"VRRP_Instance\((\S+?)\)", l)
        if m and ("vrrp_instance", m.group(1)) in heads:
            found.add(heads[("vrrp_instance", m.group(1))])
            continue
        m = re.search(r"[Vv]irtual server \[?([0-9a-fA-F.:]+?)\]?:\w+:(\d+)", l)
        if m and ("virtual_server", f"{m.group(1)} {m.group(2)}") in heads:
            found.add(heads[("virtual_server", f"{m.group(1)} {m.group(2)}")])
    return found


def run_t(ns, binary, conf):
    r = sh("timeout", "30", "ip", "netns", "exec", ns, binary, "-t", "-f", conf)
    return r.returncode, r.stdout + r.stderr


def ka_runs(ns, conf, work, raw, secs=3):
    """Does keepalived 2.2.7 run the file? Its -t exits 5 ("errors, but it
    runs", or 6 for script security) on some errors that stop it when it
    really starts: an instance without a virtual router id or an interface,
    a virtual server whose address does not parse... (its child exits "with
    permanent error CONFIG"). Each part started alone for secs in ns (-P
    for the VRRP part, -C for the checker: without IPVS in this kernel the
    checker stops with FATAL after its configuration was accepted):
    "refuses" (CONFIG), else "runs"."""
    os.makedirs(work, exist_ok=True)
    text = "".join(raw)
    parts = []
    if re.search(r"^\s*vrrp_instance\b", text, re.M):
        parts.append("-P")
    if re.search(r"^\s*virtual_server\b", text, re.M):
        parts.append("-C")
    for part in parts or ["-P"]:
        log = f"{work}/probe{part}.log"
        with open(log, "w") as lf:
            p = subprocess.Popen(["ip", "netns", "exec", ns, DEB, "-n", "-l", part, "-f", conf, "-G",
                                  "-p", f"{work}/p.pid", "-r", f"{work}/r.pid", "-c", f"{work}/c.pid",
                                  "-b", f"{work}/b.pid"], stdout=lf, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=work))
            try:
                p.wait(secs)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if "permanent error CONFIG" in open(log, errors="replace").read():
            return "refuses"
    return "runs"


def instances(lines):
    """vrrp_instance names and the largest advert_int."""
    names, adv = [], 1.0
    for raw in lines:
        w = strip_comment(raw).replace("{", " ").split()
        if len(w) > 1 and w[0] == "vrrp_instance":
            names.append(w[1])
        if len(w) > 1 and w[0] == "advert_int":
            try:
                adv = max(adv, float(w[1]))
            except ValueError:
                pass
    return names, adv


def addr_set(ns):
    """The namespace's addresses ("ADDR/LEN DEV", link-local and lo left
    out), routes ("route [-6] ...", every table, the kernel's own left
    out) and rules ("rule [-6] ..."): what the daemons install."""
    r = sh("ip", "-n", ns, "-o", "addr", "show")
    out = set()
    for l in r.stdout.splitlines():
        m = re.match(r"\d+: (\S+?)(?:@\S+)?\s+inet6? (\S+)", l)
        if m and not m.group(2).startswith("fe80") and m.group(1) != "lo":
            out.add(f"{m.group(2)} {m.group(1)}")
    for fam in ("-4", "-6"):
        routes = []
        for l in sh("ip", "-n", ns, fam, "route", "show", "table", "all").stdout.splitlines():
            if l[:1].isspace() and routes:
                routes[-1] += " " + l     # a next hop of the route above
            else:
                routes.append(l)
        for l in routes:
            if "proto kernel" in l or l.startswith(("local ", "broadcast ", "multicast ", "anycast ")) \
                    or re.match(r"^(unreachable |)fe80::|^ff00::", l):
                continue
            out.add(f"route {fam} {' '.join(l.split())}")
        for l in sh("ip", "-n", ns, fam, "rule", "show").stdout.splitlines():
            if re.match(r"^(0|32766|32767):\s+from all lookup (local|main|default)\s*$", l.strip()):
                continue
            out.add(f"rule {fam} {' '.join(l.split())}")
    return out


def ns_clean(ns, base):
    """Remove what a daemon left in ns beyond base (addresses, its routes
    and rules: keepalived's protocol 18 routes, rules not in base)."""
    for a in addr_set(ns) - base:
        if a.startswith("route "):
            continue
        if a.startswith("rule "):
            _, fam, spec = a.split(" ", 2)
            sh("ip", "-n", ns, fam, "rule", "del", *spec.split(":", 1)[1].split())
            continue
        ad, dev = a.split()
        sh("ip", "-n", ns, "addr", "del", ad, "dev", dev)
    for fam in ("-4", "-6"):
        sh("ip", "-n", ns, fam, "route", "flush", "table", "all", "proto", "18")
    sh("ip", "netns", "exec", ns, "nft", "flush", "ruleset")


def dump_states(path):
    st = {}
    cur = None
    try:
        for l in open(path, errors="replace"):
            m = re.match(r"^ *VRRP Instance = (\S+)", l)
            if m:
                cur = m.group(1)
                continue
            m = re.match(r"^ *State = (\S+)", l)
            if m and cur and cur not in st:
                st[cur] = m.group(1)
    except OSError:
        return None
    return st


# instance fields of the data dump not compared: times, descriptors, the
# counters of faults (ours does not print them), what 2.2.7 alone prints
DUMP_SKIP = {"Last transition", "Read timeout", "Master router", "Master priority", "Flags",
             "Number of config faults", "Number of interface and track script faults",
             "Number of track scripts init", "Total priority", "fd_in"}


# globals not compared: where each daemon runs (paths, namespaces, its own
# build), not what the file asks for
DUMP_SKIP_GLOBAL = {"Network namespace", "Network namespace ipvs", "libnftnl version", "umask",
                    "SNMP socket", "DBus service name", "Default script uid:gid"}


def dump_fields(path):
    """{instance: {field: value}} of a SIGUSR1 data dump's VRRP instances:
    each "Key = value" line of the instance, and each list ("Virtual IP
    (N):", "Tracked interfaces :", ...) as one field, its lines sorted.
    Both daemons write the same field names (keepalived.data of 2.2.7)."""
    out, cur, lst, sect = {}, None, None, ""
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError:
        return None
    for l in lines:
        if l.startswith("------<"):
            cur = lst = None
            sect = l.strip("-<> ")
            if sect == "Global definitions":
                cur = out.setdefault("(global)", {})
            continue
        m = re.match(r"^ VRRP Instance = (\S+)", l)
        if m:
            cur, lst = out.setdefault(m.group(1), {}), None
            continue
        if sect == "Global definitions":
            # " Key = value" (one space): the globals both daemons print
            m = re.match(r"^ (\S[^=]*?) = (.*)$", l)
            if m and m.group(1) not in DUMP_SKIP_GLOBAL:
                cur[m.group(1)] = m.group(2).strip()
            continue
        # the entries of the other object sections (sync groups, scripts,
        # track files/processes): " Kind = NAME[, STATE]", then as an
        # instance's fields
        m = re.match(r"^ (VRRP Sync Group|VRRP Script|Track file|Track process|VRRP Track file|"
                     r"VRRP Track process) = ([^,]+)(?:, (.*))?$", l)
        if m and sect not in ("VRRP Topology", "Interfaces", "VRRP Sockpool"):
            cur, lst = out.setdefault(f"({m.group(1)} {m.group(2).strip()})", {}), None
            if m.group(3):
                cur["State"] = m.group(3).strip()
            continue
        if cur is None:
            continue
        m = re.match(r"^   (\S[^=:]*?)\s*(?:=\s*(.*)|:\s*(.*))$", l)
        if m and not l.startswith("     "):
            key, val = m.group(1).strip(), (m.group(2) if m.group(2) is not None else m.group(3)).strip()
            key = re.sub(r"\s*\(\d+\)$", "", key)
            if m.group(2) is None and not val:
                lst = key
                cur[lst] = []
            else:
                lst = None
                cur[key] = val
            continue
        if lst is not None and l.startswith("     "):
            cur[lst].append(" ".join(l.split()))
    for inst in out.values():
        for k, v in inst.items():
            if isinstance(v, list):
                inst[k] = "; ".join(sorted(v))
    return out


IFINDEX = re.compile(r"ifindex \d+")


def dump_diffs(fk, fn):
    """["INSTANCE.FIELD ka=... ng=..."] for the fields both dumps have."""
    diffs = []
    for inst in sorted(set(fk or {}) & set(fn or {})):
        a, b = fk[inst], fn[inst]
        for key in sorted(set(a) & set(b)):
            if key in DUMP_SKIP or key.startswith("fd_in"):
                continue
            # an interface index: each daemon makes its own VMACs, which
            # the kernel numbers anew (VRID 51's ff02::12 'ifindex 6' and 7)
            if IFINDEX.sub("ifindex N", a[key]) != IFINDEX.sub("ifindex N", b[key]):
                diffs.append(f"{inst}.{key} ka={a[key]!r} ng={b[key]!r}")
    return diffs


def run_daemon(ns, binary, conf, work, secs, ours):
    """Start binary -P in ns for secs, dump, stop. Returns (states, addrs, log)."""
    os.makedirs(work, exist_ok=True)
    base = sh("ip", "-n", ns, "-o", "addr", "show").stdout
    args = ["ip", "netns", "exec", ns, binary, "-n", "-l", "-P", "-f", conf,
            "-p", f"{work}/ka.pid", "-r", f"{work}/vrrp.pid", "-c", f"{work}/chk.pid",
            "-b", f"{work}/bfd.pid"]
    env = dict(os.environ, TMPDIR=work)
    if ours:
        args += ["--dump-dir", work, "--control-socket", f"{work}/ctl"]
    else:
        args += ["-G"]
    logf = open(f"{work}/log", "w")
    p = subprocess.Popen(args, stdout=logf, stderr=subprocess.STDOUT, env=env,
                         stdin=subprocess.DEVNULL)
    time.sleep(secs)
    states = fields = None
    if p.poll() is None:
        dumpf = f"{work}/keepalived.data"
        try:
            os.unlink(dumpf)
        except OSError:
            pass
        p.send_signal(signal.SIGUSR1)
        for _ in range(50):
            time.sleep(0.2)
            if os.path.exists(dumpf) and os.path.getsize(dumpf) > 0:
                time.sleep(0.5)
                break
        states = dump_states(dumpf)
        fields = dump_fields(dumpf)
    addrs = addr_set(ns)
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    logf.close()
    # leave the namespace as it was for the next daemon
    for a in addrs - set():
        pass
    return states, addrs, open(f"{work}/log", errors="replace").read(), fields


NETNS_LINE = re.compile(r"^\s*(@\S+\s+)?net_namespace(\s|$)")


def drop_netns(lines):
    """The lines with every top-level net_namespace line blanked (same line
    count), and their numbers: keepalived 2.2.7 cannot enter a namespace
    that does not exist at -t (it does not make it then), and its -t then
    exits 0 without checking anything ("Unable to set network namespace");
    started, it would make the namespace on the host. Both daemons run
    the file in the test namespace instead."""
    out, gone = [], []
    for i, l in enumerate(lines, 1):
        if NETNS_LINE.match(strip_comment(l)):
            out.append("\n")
            gone.append(i)
        else:
            out.append(l)
    return out, gone


def compare(path, outdir, args, idx):
    name = os.path.basename(path)
    raw = open(path, errors="replace").read().splitlines(keepends=True)
    ifs, _ = scan(raw)
    ns = f"rw11c{os.getpid()}-{idx}"
    work = tempfile.mkdtemp(prefix="rw11.", dir="/tmp")
    os.chmod(work, 0o755)
    stubdir = None
    conf = os.path.join(work, "keepalived.conf")
    lines = raw
    if args.stubs or args.run:
        stubdir = tempfile.mkdtemp(prefix="rw11stub.", dir="/run")
        os.chmod(stubdir, 0o755)
        lines = stub_scripts(raw, stubdir)
    lines, netns_gone = drop_netns(lines)
    with open(conf, "w") as f:
        f.writelines(lines)
    rep = [f"file {path}", f"interfaces {sorted((k, sorted(v)) for k, v in ifs.items())}"]
    if netns_gone:
        rep.append(f"net_namespace blanked at line {','.join(map(str, netns_gone))}")
    verdict = []
    try:
        ns_setup(ns, ifs)
        rk, ok = run_t(ns, DEB, conf)
        rn, on = run_t(ns, OURS, conf)
        ck, cn = exit_class(rk), exit_class(rn)
        lk, ln = lines_named(ok, False, raw), lines_named(on, True)
        rep += [f"--- keepalived 2.2.7 -t: exit {rk}", ok.rstrip(),
                f"--- ours -t: exit {rn}", on.rstrip()]
        if ck in ("warn", "scriptsec") and not args.no_probe:
            # what 2.2.7 really does with a file its -t passes with warnings
            if ka_runs(ns, conf, work + "/probe", lines) == "refuses":
                ck += "-refuses"
                rep.append("--- keepalived 2.2.7 started: exits with permanent error CONFIG")
        if ck.endswith("-refuses") and cn == "error":
            pass        # both refuse to run it
        elif ck != cn:
            verdict.append(f"class {ck}/{cn}")
        only_k, only_n = sorted(lk - ln), sorted(ln - lk)
        def kw(n):
            w = strip_comment(raw[n - 1]).split() if 0 < n <= len(raw) else []
            return f"{n}:{w[0] if w else '-'}"
        if only_k:
            verdict.append("ka-only " + ",".join(kw(n) for n in only_k))
        if only_n:
            verdict.append("ng-only " + ",".join(kw(n) for n in only_n))
        if args.run:
            names, adv = instances(raw)
            if names:
                secs = min(20, 6 + 3 * adv)
                base = addr_set(ns)
                sk, ak, lgk, fk = run_daemon(ns, DEB, conf, work + "/ka", secs, False)
                # the namespace back to its start for ours
                ns_clean(ns, base)
                sn, an, lgn, fn = run_daemon(ns, OURS, conf, work + "/ng", secs, True)
                dd = dump_diffs(fk, fn)
                rep += [f"--- run {secs}s: keepalived states {sk} ours {sn}",
                        f"keepalived addrs {sorted(ak - base)}", f"ours addrs {sorted(an - base)}",
                        "--- keepalived log", lgk[-6000:], "--- ours log", lgn[-6000:]]
                if sk is None and "Can't initialize ipvs" in lgk:
                    # lvs_sync_daemon in the VRRP part: 2.2.7 needs IPVS there,
                    # and this kernel has none (ours starts without it)
                    verdict.append("ka-needs-ipvs")
                elif sk != sn:
                    verdict.append(f"states ka={sk} ng={sn}")
                elif dd:
                    # the same states: the instances' settings as each dumps them
                    verdict.append("dump " + " | ".join(dd))
                rep += ["--- dump fields that differ"] + dd
                if ak - base != an - base and "ka-needs-ipvs" not in verdict:
                    verdict.append(f"addrs ka-only={sorted((ak - base) - (an - base))} "
                                   f"ng-only={sorted((an - base) - (ak - base))}")
                verdict.append(f"ran({','.join(f'{k}={v}' for k, v in (sn or {}).items())})")
    finally:
        ns_del(ns)
        shutil.rmtree(work, ignore_errors=True)
        if stubdir:
            shutil.rmtree(stubdir, ignore_errors=True)
    same = not [v for v in verdict if not v.startswith("ran(") and v != "ka-needs-ipvs"]
    line = f"{'SAME' if same else 'DIFF'} {ck}/{cn} {name} {' | '.join(verdict)}"
    if outdir:
        with open(os.path.join(outdir, name + ".txt"), "w") as f:
            f.write("\n".join(rep + ["--- verdict", line]) + "\n")
    return line


def pair_setup(nsa, nsb, ifa, ifb):
    """Namespaces nsa and nsb, each interface a veth pair between them with
    the same name on both sides (a link per name), up, with each side's
    addresses."""
    for ns in (nsa, nsb):
        sh("ip", "netns", "add", ns, check=True)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    for name in sorted(set(ifa) | set(ifb)):
        if name == "lo":
            continue
        r = sh("ip", "link", "add", "rw11tmpa", "netns", nsa, "type", "veth", "peer", "name", "rw11tmpb",
               "netns", nsb)
        if r.returncode:
            continue
        sh("ip", "-n", nsa, "link", "set", "rw11tmpa", "name", name)
        sh("ip", "-n", nsb, "link", "set", "rw11tmpb", "name", name)
        for ns, ifs in ((nsa, ifa), (nsb, ifb)):
            sh("ip", "-n", ns, "link", "set", name, "up")
            for a in sorted(ifs.get(name, ())):
                sh("ip", "-n", ns, "addr", "add", a, "dev", name, "nodad")


def compare_pair(pa, pb, outdir, args, idx):
    """Run the MASTER/BACKUP pair pa (router A) and pb (router B) on two
    namespaces linked by their interfaces: 2.2.7 on both, then ours on
    both; compare each router's states and installed addresses."""
    name = os.path.basename(pa) + "+" + os.path.basename(pb)
    raws = [open(p, errors="replace").read().splitlines(keepends=True) for p in (pa, pb)]
    ifa, _ = scan(raws[0])
    ifb, _ = scan(raws[1], hosts=(252, 251, 250, 249))
    nss = [f"rw11a{os.getpid()}-{idx}", f"rw11b{os.getpid()}-{idx}"]
    work = tempfile.mkdtemp(prefix="rw11.", dir="/tmp")
    os.chmod(work, 0o755)
    stubdir = tempfile.mkdtemp(prefix="rw11stub.", dir="/run")
    os.chmod(stubdir, 0o755)
    confs = []
    for i, raw in enumerate(raws):
        c = os.path.join(work, f"r{i}.conf")
        with open(c, "w") as f:
            f.writelines(drop_netns(stub_scripts(raw, stubdir))[0])
        confs.append(c)
    adv = max(instances(r)[1] for r in raws)
    secs = min(25, 8 + 3 * adv)
    rep = [f"pair {pa} {pb}", f"A {sorted((k, sorted(v)) for k, v in ifa.items())}",
           f"B {sorted((k, sorted(v)) for k, v in ifb.items())}"]
    res = {}
    try:
        pair_setup(nss[0], nss[1], ifa, ifb)
        base = [addr_set(ns) for ns in nss]
        for who, binary, ours in (("ka", DEB, False), ("ng", OURS, True)):
            procs = []
            for i in range(2):
                procs.append(start_daemon(nss[i], binary, confs[i], f"{work}/{who}{i}", ours))
                if i == 0:
                    # A first, by a clear margin: two routers of equal
                    # priority race for MASTER (the first to time out
                    # wins, a backup does not preempt an equal), and a
                    # start-up a few ms slower must not decide the verdict
                    time.sleep(1)
            time.sleep(secs)
            # both dumped before either stops (a stopping master sends
            # priority 0, and the other takes over at once)
            snaps = [dump_daemon(procs[i], f"{work}/{who}{i}", nss[i]) for i in range(2)]
            res[who] = [snaps[i] + (stop_daemon(procs[i], f"{work}/{who}{i}"),) for i in range(2)]
            for i, ns in enumerate(nss):
                ns_clean(ns, base[i])
            time.sleep(1)
    finally:
        for ns in nss:
            ns_del(ns)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(stubdir, ignore_errors=True)
    verdict = []
    for i, r in enumerate("AB"):
        (sk, ak, lk), (sn, an, ln) = res["ka"][i], res["ng"][i]
        ak, an = ak - base[i], an - base[i]
        rep += [f"--- router {r}: keepalived {sk} {sorted(ak)}", f"--- router {r}: ours {sn} {sorted(an)}",
                f"--- {r} keepalived log", lk[-4000:], f"--- {r} ours log", ln[-4000:]]
        if sk != sn:
            verdict.append(f"{r} states ka={sk} ng={sn}")
        if ak != an:
            verdict.append(f"{r} addrs ka-only={sorted(ak - an)} ng-only={sorted(an - ak)}")
        verdict.append(f"{r}({','.join(f'{k}={v}' for k, v in (sn or {}).items())})")
    same = not [v for v in verdict if " states " in v or " addrs " in v]
    line = f"{'SAME' if same else 'DIFF'} pair {name} {' | '.join(verdict)}"
    if outdir:
        with open(os.path.join(outdir, name + ".txt"), "w") as f:
            f.write("\n".join(rep + ["--- verdict", line]) + "\n")
    return line


def start_daemon(ns, binary, conf, work, ours):
    """binary -P in ns with its files under work: the Popen."""
    os.makedirs(work, exist_ok=True)
    args = ["ip", "netns", "exec", ns, binary, "-n", "-l", "-P", "-f", conf,
            "-p", f"{work}/ka.pid", "-r", f"{work}/vrrp.pid", "-c", f"{work}/chk.pid",
            "-b", f"{work}/bfd.pid"]
    args += ["--dump-dir", work, "--control-socket", f"{work}/ctl"] if ours else ["-G"]
    if os.environ.get("RW11_DETAIL"):
        args.append("-D")
    logf = open(f"{work}/log", "w")
    p = subprocess.Popen(args, stdout=logf, stderr=subprocess.STDOUT, env=dict(os.environ, TMPDIR=work),
                         stdin=subprocess.DEVNULL)
    logf.close()
    return p


def dump_daemon(p, work, ns):
    """Dump (SIGUSR1): (states or None, ns's addresses)."""
    states = None
    if p.poll() is None:
        dumpf = f"{work}/keepalived.data"
        p.send_signal(signal.SIGUSR1)
        for _ in range(50):
            time.sleep(0.2)
            if os.path.exists(dumpf) and os.path.getsize(dumpf) > 0:
                time.sleep(0.5)
                break
        states = dump_states(dumpf)
    return states, addr_set(ns)


def stop_daemon(p, work):
    """Stop (SIGTERM, then SIGKILL): its log."""
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return open(f"{work}/log", errors="replace").read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--outdir")
    ap.add_argument("--stubs", action="store_true")
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--no-probe", action="store_true",
                    help="do not start keepalived 2.2.7 to see whether it runs a file its -t warns about")
    ap.add_argument("--pair", action="store_true",
                    help="FILE arguments are A:B pairs (MASTER and BACKUP of one setup), run on two linked namespaces")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    # SIGTERM/SIGINT unwind through the finally blocks: namespaces deleted
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if os.geteuid() != 0:
        sys.exit("conf_compare: needs root (network namespaces)")
    if a.outdir:
        os.makedirs(a.outdir, exist_ok=True)
    n = same = 0
    for i, f in enumerate(a.files):
        missing = [x for x in (f.split(":", 1) if a.pair else [f]) if not os.path.isfile(x)]
        if missing:   # a list made earlier may name files moved since: go on
            print(f"MISSING {' '.join(missing)}", flush=True)
            continue
        if a.pair:
            pa, pb = f.split(":", 1)
            line = compare_pair(pa, pb, a.outdir, a, i)
        else:
            line = compare(f, a.outdir, a, i)
        print(line, flush=True)
        n += 1
        same += line.startswith("SAME")
    print(f"# {n} files, {same} same, {n - same} differ")


if __name__ == "__main__":
    main()
