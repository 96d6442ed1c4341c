#!/usr/bin/env python3
"""corpus-adapt.py IN OUT DIR - adapt a real-world keepalived.conf to the
corpus lab of test/vm/guest-corpus.sh, changing as little as needed:

- real_server / sorry_server / connect_ip addresses: the distinct IPv4
  addresses, in order of appearance, become 10.0.2.11, .12, .13 (backends
  that answer) and .14 on (nobody there); IPv6 ones are left (unreachable);
- every script (notify_up/down, quorum_up/down, misc_path, VRRP notify and
  track scripts) becomes "DIR/note.sh KEYWORD LINE" (it logs its arguments
  and, for misc_path, exits 1 while DIR/dead.N exists for its real server
  10.0.2.1N, else 0);
- timers capped so that a phase settles in seconds: delay_loop 2,
  connect_timeout 2, retry / nb_get_retry / delay_before_retry 1,
  misc_timeout 5 (also when lower), warmup 1;
- interface names (interface, bind_if, lvs_sync_daemon, track_interface,
  "dev IF", "label IF:N") -> eth0 (the director's only link); include, bindto, bind_port, net_namespace, the
  notify FIFOs and their scripts, SMTP alerts dropped.

Writes OUT and prints the backends to start, one "IP PROTO PORT KIND" a
line (KIND http, https, smtp, tcp, udp), for 10.0.2.11-13 only.
"""
import re
import sys

src, out_path, D = sys.argv[1], sys.argv[2], sys.argv[3]

CHECKERS = {"HTTP_GET", "SSL_GET", "TCP_CHECK", "MISC_CHECK", "SMTP_CHECK",
            "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK"}
SCRIPTS = {"notify_up", "notify_down", "quorum_up", "quorum_down", "misc_path",
           "notify_master", "notify_backup", "notify_fault", "notify_stop",
           "notify", "script", "notify_deleted", "notify_master_rx_lower_pri"}
CAPS = {"delay_loop": 2, "connect_timeout": 2, "retry": 1, "nb_get_retry": 1,
        "delay_before_retry": 1, "misc_timeout": 5, "warmup": 1}
# and raised: a script's stub can take more than a second to start under TCG
# (misc_timeout 1: both daemons' MISC_CHECKs time out now and then)
FLOORS = {"misc_timeout": 5}
DROP = {"include", "bindto", "bind_port", "net_namespace", "notify_fifo",
        "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script",
        "lvs_notify_fifo", "lvs_notify_fifo_script",
        "net_namespace_ipvs", "smtp_server", "smtp_alert", "smtp_alert_checker",
        "smtp_alert_vrrp", "checker_log_all_failures"}

addr_map = {}


def map_ip(a):
    if ":" in a or not re.match(r"^\d+\.\d+\.\d+\.\d+$", a):
        return a
    if a not in addr_map:
        addr_map[a] = "10.0.2.%d" % (11 + len(addr_map))
    return addr_map[a]


def tokens(line):
    """split a line like keepalived does (quotes kept), comments removed"""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t\r\n":
            i += 1
        elif c in "#!":
            break
        elif c == '"':
            j = line.find('"', i + 1)
            j = n if j < 0 else j + 1
            out.append(line[i:j])
            i = j
        elif c in "{}":
            out.append(c)
            i += 1
        else:
            j = i
            while j < n and line[j] not in " \t\r\n{}\"":
                j += 1
            out.append(line[i:j])
            i = j
    return out


backends = {}   # (ip, proto, port) -> kind
stack = []      # block keywords
cur_rs = None   # (ip, port) of the enclosing real_server
lines_out = []

for lineno, raw in enumerate(open(src, errors="replace"), 1):
    t = tokens(raw)
    t0 = list(t)
    if not t:
        continue
    kw = t[0]
    if kw in DROP and kw != "{":
        # a dropped block keyword: skip its block too
        if "{" in t and "}" not in t:
            stack.append("#drop")
        continue
    if stack and stack[-1] == "#drop":
        stack.extend(["#drop"] * (t.count("{")))
        for _ in range(t.count("}")):
            stack.pop()
        continue
    if kw in ("real_server", "sorry_server") and len(t) > 1:
        t[1] = map_ip(t[1])
        if kw == "real_server":
            port = t[2] if len(t) > 2 and t[2].isdigit() else "0"
            cur_rs = (t[1], port)
    elif kw == "connect_ip" and len(t) > 1:
        t[1] = map_ip(t[1])
    elif kw in CAPS and len(t) > 1:
        try:
            v = float(t[1])
            if v > CAPS[kw] or (kw in FLOORS and v < FLOORS[kw]):
                t[1] = str(CAPS[kw])
        except ValueError:
            pass
    elif kw in SCRIPTS and len(t) > 1 and t[1] not in ("{",):
        rest = [x for x in t[2:] if x in ("{", "}")]
        n = "0"
        if cur_rs and cur_rs[0] in ("10.0.2.11", "10.0.2.12", "10.0.2.13"):
            n = cur_rs[0][-1]
        tag = "%s_L%d" % (kw, lineno)
        if kw == "misc_path":
            tag += "_rs%s" % n
        t = [kw, '"%s/note.sh %s"' % (D, tag)] + rest
    elif kw in ("interface", "lvs_sync_daemon_interface", "bind_if") and len(t) > 1:
        t[1] = "eth0"
    elif kw == "lvs_sync_daemon" and len(t) > 1:
        t[1] = "eth0"
    elif stack and stack[-1] == "track_interface" and kw not in ("{", "}"):
        t[0] = "eth0"
    # addresses and routes: "dev IF" and "label IF:N"
    for i in range(1, len(t) - 1):
        if t[i] == "dev":
            t[i + 1] = "eth0"
        elif t[i] == "label" and ":" in t[i + 1]:
            t[i + 1] = "eth0:" + t[i + 1].split(":", 1)[1]

    opens = t.count("{")
    closes = t.count("}")
    for _ in range(opens):
        stack.append(kw)
    for _ in range(closes):
        if stack:
            b = stack.pop()
            if b == "real_server":
                cur_rs = None
    lines_out.append(raw.rstrip("\n") if t == t0 else " ".join(t))

# second pass: the backends each real server and checker needs
text = "\n".join(lines_out)


def add(ip, proto, port, kind):
    if ip in ("10.0.2.11", "10.0.2.12", "10.0.2.13") and port and port != "0":
        backends.setdefault((ip, proto, port), kind)


stack = []
cur_rs = None
chk = None
proto = "TCP"
for l in lines_out:
    t = tokens(l)
    if not t:
        continue
    kw = t[0]
    if kw == "virtual_server":
        proto = "TCP"
    if kw == "protocol" and len(t) > 1:
        proto = t[1].upper()
    if kw == "real_server" and len(t) > 2:
        cur_rs = [t[1], t[2], proto]
        add(t[1], "udp" if proto == "UDP" else "tcp", t[2],
            "udp" if proto == "UDP" else "tcp")
    if kw == "sorry_server" and len(t) > 2:
        add(t[1], "udp" if proto == "UDP" else "tcp", t[2], "http")
    if kw in CHECKERS and cur_rs:
        chk = [kw, cur_rs[0], cur_rs[1]]
    if chk and kw == "connect_port" and len(t) > 1:
        chk[2] = t[1]
    if chk and kw == "connect_ip" and len(t) > 1:
        chk[1] = t[1]
    for c in t:
        if c == "{":
            stack.append(kw)
        elif c == "}" and stack:
            b = stack.pop()
            if b in CHECKERS and chk:
                kind = {"HTTP_GET": "http", "SSL_GET": "https", "SMTP_CHECK": "smtp",
                        "UDP_CHECK": "udp", "DNS_CHECK": "udp"}.get(chk[0], "tcp")
                if chk[0] in ("HTTP_GET", "SSL_GET", "SMTP_CHECK", "TCP_CHECK"):
                    backends[(chk[1], "tcp", chk[2])] = kind
                elif kind == "udp":
                    add(chk[1], "udp", chk[2], "udp")
                chk = None
            elif b == "real_server":
                cur_rs = None

with open(out_path, "w") as f:
    f.write(text + "\n")
for (ip, proto, port), kind in sorted(backends.items()):
    if ip in ("10.0.2.11", "10.0.2.12", "10.0.2.13") and port.isdigit() and port != "0":
        # a real server's own port serves HTTP unless a checker says otherwise
        if kind == "tcp" and proto == "tcp":
            kind = "http"
        print(ip, proto, port, kind)
