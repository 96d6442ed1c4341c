#!/usr/bin/env python3
"""corpus-backend.py IP CERTDIR - the servers of one real server of the corpus
lab (test/vm/guest-corpus.sh): reads "PROTO PORT KIND" lines on stdin
(corpus-adapt.py's output for IP) and serves each on IP until killed.
KIND http: any request -> 200 "ok"; https: the same over TLS (a
self-signed certificate made in CERTDIR); smtp: 220 greeting, 250 to
everything, 221 to QUIT; udp: echoes datagrams; dns (udp): answers every
query with its question, QR set and rcode 0 (what keepalived's DNS_CHECK
asks for); tcp: like http."""
import os
import socket
import ssl
import subprocess
import sys
import threading

ip, certdir = sys.argv[1], sys.argv[2]
cert, key = os.path.join(certdir, "cert.pem"), os.path.join(certdir, "key.pem")
ctx = None


def tls():
    global ctx
    if ctx is None:
        if not os.path.exists(cert):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-days", "2", "-subj", "/CN=rs", "-keyout", key, "-out", cert],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
    return ctx


def http(c):
    c.settimeout(3)
    data = b""
    try:
        while b"\r\n\r\n" not in data and b"\n\n" not in data and len(data) < 65536:
            b = c.recv(4096)
            if not b:
                break
            data += b
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
                  b"Content-Length: 3\r\nConnection: close\r\n\r\nok\n")
    except Exception:
        pass


def smtp(c):
    c.settimeout(5)
    try:
        f = c.makefile("rwb")
        f.write(b"220 rs ESMTP\r\n")
        f.flush()
        for line in f:
            if line.strip().upper().startswith(b"QUIT"):
                f.write(b"221 bye\r\n")
                f.flush()
                break
            f.write(b"250 ok\r\n")
            f.flush()
    except Exception:
        pass


def tcp_socket(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(64)
    return s


def udp_socket(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, port))
    return s


def serve_tcp(s, kind):
    while True:
        c, _ = s.accept()

        def one(c=c):
            try:
                if kind == "https":
                    try:
                        c2 = tls().wrap_socket(c, server_side=True)
                    except Exception:
                        return
                    http(c2)
                    c2.close()
                elif kind == "smtp":
                    smtp(c)
                else:
                    http(c)
            finally:
                try:
                    c.close()
                except Exception:
                    pass
        threading.Thread(target=one, daemon=True).start()


def serve_udp(s, kind):
    while True:
        d, a = s.recvfrom(4096)
        if d and kind == "dns":
            if len(d) >= 12:   # the query back as a reply: QR, RA, rcode 0
                s.sendto(d[:2] + bytes([d[2] | 0x80, 0x80]) + d[4:], a)
        elif d:
            s.sendto(d, a)


threads = []
for line in sys.stdin:
    f = line.split()
    if len(f) != 3 or not f[1].isdigit():
        continue
    proto, port, kind = f[0], int(f[1]), f[2]
    if not 0 < port < 65536:
        continue
    if kind == "https":
        tls()
    try:
        sock = udp_socket(port) if proto == "udp" else tcp_socket(port)
    except OSError as e:
        print("cannot serve %s %d: %s" % (proto, port, e), flush=True)
        continue
    t = threading.Thread(target=serve_udp if proto == "udp" else serve_tcp,
                         args=(sock, kind), daemon=True)
    t.start()
    threads.append(t)
print("ready", flush=True)   # every socket is bound and listening
threading.Event().wait()
