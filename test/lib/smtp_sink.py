#!/usr/bin/env python3
"""smtp_sink.py - a tiny SMTP server for tests: accepts sessions one after
the other on ADDR PORT, answers like a permissive mail server and appends
every line the client sends to FILE ("C: ..."), plus "MAIL END" after each
message. Prints "listening" once bound. Stops after --duration seconds.

  smtp_sink.py --addr 10.1.2.10 --port 25 --out FILE --duration 60
"""
import argparse
import socket
import sys
import time


def session(conn, out):
    f = conn.makefile("rwb", buffering=0)

    def say(line):
        f.write((line + "\r\n").encode())

    say("220 sink.test ESMTP ready")
    in_data = False
    while True:
        raw = f.readline()
        if not raw:
            return
        line = raw.decode(errors="replace").rstrip("\r\n")
        out.write("C: %s\n" % line)
        out.flush()
        if in_data:
            if line == ".":
                in_data = False
                out.write("MAIL END\n")
                out.flush()
                say("250 queued")
            continue
        cmd = line.split(" ", 1)[0].split(":", 1)[0].upper()
        if cmd in ("HELO", "EHLO", "MAIL", "RCPT", "RSET", "NOOP"):
            say("250 ok")
        elif cmd == "DATA":
            in_data = True
            say("354 go ahead")
        elif cmd == "QUIT":
            say("221 bye")
            return
        else:
            say("500 what")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, default=25)
    ap.add_argument("--out", required=True)
    ap.add_argument("--duration", type=float, default=60)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.addr, a.port))
    s.listen(8)
    print("listening", flush=True)
    end = time.monotonic() + a.duration
    with open(a.out, "a") as out:
        while time.monotonic() < end:
            s.settimeout(max(0.1, end - time.monotonic()))
            try:
                conn, _ = s.accept()
            except socket.timeout:
                continue
            conn.settimeout(10)
            try:
                session(conn, out)
            except OSError:
                pass
            conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
