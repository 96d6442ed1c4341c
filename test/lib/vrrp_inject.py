#!/usr/bin/env python3
"""vrrp_inject.py - craft, send and capture VRRP adverts (and capture GARPs).

Raw sockets only (AF_PACKET), no scapy. Run it inside a namespace:

  ip netns exec NS vrrp_inject.py --iface eth0 --vrid 51 --prio 200 \
        --addrs 10.1.2.100 [--version 2|3] [--ttl 255] [--bad-checksum] \
        [--auth-type 0|1|2 --auth-pass PASS] [--interval 1] [--count 3]

  ip netns exec NS vrrp_inject.py --listen --iface eth0 --duration 10
      one line per VRRP packet seen, e.g.
      vrrp src=10.1.2.1 dst=224.0.0.18 ttl=255 version=2 type=1 vrid=51
           prio=150 naddr=1 auth=0 int=1.00 csum=ok dir=in smac=.. addrs=10.1.2.100

  ip netns exec NS vrrp_inject.py --arp-listen --iface eth0 --duration 10
      one line per gratuitous ARP (sender IP == target IP):
      garp op=request sip=10.1.2.100 smac=aa:bb:.. eth_src=aa:bb:..

Both listen modes print "listening on IF" first (once the socket is bound),
then flush every line, so a test can tail the output while it runs.
"""

import argparse
import fcntl
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
IPPROTO_VRRP = 112
VRRP_GROUP = "224.0.0.18"
SIOCGIFADDR = 0x8915
SIOCGIFHWADDR = 0x8927
PACKET_OUTGOING = 4


def csum(data: bytes) -> int:
    """Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def if_ipv4(ifname: str) -> str:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        r = fcntl.ioctl(s.fileno(), SIOCGIFADDR, struct.pack("256s", ifname.encode()[:15]))
        return socket.inet_ntoa(r[20:24])
    finally:
        s.close()


def if_mac(ifname: str) -> bytes:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        r = fcntl.ioctl(s.fileno(), SIOCGIFHWADDR, struct.pack("256s", ifname.encode()[:15]))
        return r[18:24]
    finally:
        s.close()


def mac_str(b: bytes) -> str:
    return ":".join("%02x" % x for x in b)


def mcast_mac(ip: str) -> bytes:
    a = socket.inet_aton(ip)
    return bytes([0x01, 0x00, 0x5E, a[1] & 0x7F, a[2], a[3]])


AUTH_TYPES = {"none": 0, "pass": 1, "ah": 2}


def build_vrrp(args, src: str, dst: str) -> bytes:
    """The VRRP payload (v2 with auth data, or v3) with its checksum."""
    addrs = [a for a in (args.addrs or "").split(",") if a]
    naddr = len(addrs) if args.naddr is None else args.naddr
    packed = b"".join(socket.inet_aton(a) for a in addrs)
    vt = ((args.version & 0xF) << 4) | (args.type & 0xF)
    if args.version == 3:
        cs = int(round(args.interval * 100)) & 0x0FFF
        hdr = struct.pack("!BBBBHH", vt, args.vrid, args.prio, naddr, cs, 0)
        body = hdr + packed
        pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, IPPROTO_VRRP, len(body))
        c = csum(pseudo + body)
    else:
        auth = AUTH_TYPES.get(str(args.auth_type).lower())
        if auth is None:
            auth = int(args.auth_type)
        hdr = struct.pack("!BBBBBBH", vt, args.vrid, args.prio, naddr, auth, int(args.interval) & 0xFF, 0)
        pw = (args.auth_pass or "").encode()[:8].ljust(8, b"\0")
        body = hdr + packed + pw
        c = csum(body)
    if args.bad_checksum:
        c ^= 0x5A5A
    return body[:6] + struct.pack("!H", c) + body[8:]


def build_ip(src: str, dst: str, ttl: int, payload: bytes) -> bytes:
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(payload), 0, 0x4000, ttl, IPPROTO_VRRP, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def do_send(args) -> int:
    src = args.src or if_ipv4(args.iface)
    dst = args.dst
    smac = if_mac(args.iface)
    if args.vmac:
        smac = bytes([0x00, 0x00, 0x5E, 0x00, 0x01, args.vrid])
    dmac = mcast_mac(dst) if socket.inet_aton(dst)[0] >= 224 else b"\xff" * 6
    pkt = build_ip(src, dst, args.ttl, build_vrrp(args, src, dst))
    frame = dmac + smac + struct.pack("!H", ETH_P_IP) + pkt
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((args.iface, 0))
    for i in range(args.count):
        s.send(frame)
        if not args.quiet:
            print("sent version=%d vrid=%d prio=%d src=%s ttl=%d%s" % (
                args.version, args.vrid, args.prio, src, args.ttl,
                " bad-checksum" if args.bad_checksum else ""), flush=True)
        if i + 1 < args.count:
            time.sleep(args.period if args.period is not None else args.interval)
    return 0


def parse_vrrp(ip: bytes):
    """Decode an IPv4 packet carrying VRRP, or None."""
    if len(ip) < 20 or ip[0] >> 4 != 4:
        return None
    ihl = (ip[0] & 0xF) * 4
    if ip[9] != IPPROTO_VRRP or len(ip) < ihl + 8:
        return None
    tot = struct.unpack("!H", ip[2:4])[0]
    src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
    v = ip[ihl:tot] if tot >= ihl + 8 else ip[ihl:]
    ver, typ = v[0] >> 4, v[0] & 0xF
    vrid, prio, naddr = v[1], v[2], v[3]
    addrs = [socket.inet_ntoa(v[8 + 4 * i:12 + 4 * i]) for i in range(naddr) if len(v) >= 12 + 4 * i]
    if ver == 3:
        interval = (struct.unpack("!H", v[4:6])[0] & 0x0FFF) / 100.0
        auth = 0
        body = v[:8 + 4 * naddr]
        pseudo = ip[12:20] + struct.pack("!BBH", 0, IPPROTO_VRRP, len(body))
        ok = csum(pseudo + body) == 0
    else:
        auth, interval = v[4], float(v[5])
        body = v[:8 + 4 * naddr + 8]
        ok = csum(body) == 0
    return dict(src=src, dst=dst, ttl=ip[8], version=ver, type=typ, vrid=vrid, prio=prio,
                naddr=naddr, auth=auth, interval=interval, csum="ok" if ok else "bad",
                addrs=",".join(addrs))


def listen_socket(iface: str, proto: int):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
    s.bind((iface, 0))
    return s


def listen_loop(args, proto: int, handle) -> int:
    s = listen_socket(args.iface, proto)
    print("listening on %s" % args.iface, flush=True)
    end = time.monotonic() + args.duration
    seen = 0
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([s], [], [], left)
        if not r:
            continue
        frame, addr = s.recvfrom(65535)
        line = handle(frame, addr)
        if line:
            print(line, flush=True)
            seen += 1
            if args.count and seen >= args.count:
                break
    return 0


def handle_vrrp(args):
    def h(frame, addr):
        if len(frame) < 14 or struct.unpack("!H", frame[12:14])[0] != ETH_P_IP:
            return None
        p = parse_vrrp(frame[14:])
        if p is None or (args.vrid_filter and p["vrid"] != args.vrid_filter):
            return None
        d = "out" if addr[2] == PACKET_OUTGOING else "in"
        return ("vrrp src={src} dst={dst} ttl={ttl} version={version} type={type} vrid={vrid} "
                "prio={prio} naddr={naddr} auth={auth} int={interval:.2f} csum={csum} "
                "dir=%s smac=%s addrs={addrs}" % (d, mac_str(frame[6:12]))).format(**p)
    return h


def handle_arp(args):
    def h(frame, addr):
        if len(frame) < 42 or struct.unpack("!H", frame[12:14])[0] != ETH_P_ARP:
            return None
        a = frame[14:42]
        htype, ptype, hlen, plen, op = struct.unpack("!HHBBH", a[:8])
        if ptype != ETH_P_IP or hlen != 6 or plen != 4:
            return None
        sha, spa, tha, tpa = a[8:14], a[14:18], a[18:24], a[24:28]
        if spa != tpa and not args.all_arp:
            return None
        d = "out" if addr[2] == PACKET_OUTGOING else "in"
        return "%s op=%s sip=%s smac=%s tip=%s eth_src=%s dir=%s" % (
            "garp" if spa == tpa else "arp", {1: "request", 2: "reply"}.get(op, str(op)),
            socket.inet_ntoa(spa), mac_str(sha), socket.inet_ntoa(tpa), mac_str(frame[6:12]), d)
    return h


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--listen", action="store_true", help="capture VRRP packets")
    ap.add_argument("--arp-listen", action="store_true", help="capture gratuitous ARPs")
    ap.add_argument("--all-arp", action="store_true", help="with --arp-listen: print every ARP")
    ap.add_argument("--duration", type=float, default=10, help="listen for this many seconds")
    ap.add_argument("--vrid-filter", type=int, default=0, help="listen: only this VRID")
    ap.add_argument("--version", type=int, choices=(2, 3), default=2)
    ap.add_argument("--vrid", type=int, default=51)
    ap.add_argument("--prio", type=int, default=100)
    ap.add_argument("--src", help="IP source (default: the interface's address)")
    ap.add_argument("--dst", default=VRRP_GROUP)
    ap.add_argument("--addrs", default="", help="comma-separated virtual addresses")
    ap.add_argument("--naddr", type=int, help="override the address count field")
    ap.add_argument("--ttl", type=int, default=255)
    ap.add_argument("--type", type=int, default=1, help="VRRP type field (1 = advertisement)")
    ap.add_argument("--bad-checksum", action="store_true")
    ap.add_argument("--auth-type", default="0", help="v2: 0|none, 1|pass, 2|ah")
    ap.add_argument("--auth-pass", default="")
    ap.add_argument("--interval", type=float, default=1.0, help="advert interval in the packet (s)")
    ap.add_argument("--period", type=float, help="seconds between sent packets (default: --interval)")
    ap.add_argument("--count", type=int, default=None,
                    help="send N packets (default 1) / stop listening after N")
    ap.add_argument("--vmac", action="store_true", help="send from the VRRP virtual MAC")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.listen:
        return listen_loop(args, ETH_P_ALL, handle_vrrp(args))
    if args.arp_listen:
        return listen_loop(args, ETH_P_ALL, handle_arp(args))
    if args.count is None:
        args.count = 1
    return do_send(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
