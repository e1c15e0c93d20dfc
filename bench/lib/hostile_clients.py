#!/usr/bin/env python3
"""Hostile HTTP/1.1 clients for bench/hostile_clients.sh: IDLE keep-alive connections (one request
answered, then silent), SLOW slowloris connections (a request line, then one header line every
--drip seconds, never the end of the headers; reconnected when the server closes them) and SILENT
connections (connect, send nothing; reconnected when closed). Runs until SIGTERM, then closes every
socket and prints one JSON line of counts: how many of each are open, how many the server closed,
and how many connects failed.
Usage: hostile_clients.py HOST PORT [--idle N] [--slow N] [--silent N] [--drip SECONDS]"""
import argparse
import json
import resource
import selectors
import signal
import socket
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("host")
p.add_argument("port", type=int)
p.add_argument("--idle", type=int, default=1000)
p.add_argument("--slow", type=int, default=200)
p.add_argument("--silent", type=int, default=20)
p.add_argument("--drip", type=float, default=3.0)
a = p.parse_args()

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = a.idle + a.slow + a.silent + 64
if soft < need:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))

sel = selectors.DefaultSelector()
stats = {"idle_open": 0, "slow_open": 0, "silent_open": 0, "closed_by_server": 0, "connect_failed": 0,
         "idle_answered": 0}
stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)


def connect(kind):
    s = socket.socket()
    s.setblocking(True)
    s.settimeout(5)
    try:
        s.connect((a.host, a.port))
    except OSError:
        stats["connect_failed"] += 1
        s.close()
        return None
    s.setblocking(False)
    if kind == "idle":
        s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n")
    elif kind == "slow":
        s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\n")
    sel.register(s, selectors.EVENT_READ, kind)
    stats[kind + "_open"] += 1
    return s


for kind, n in (("idle", a.idle), ("slow", a.slow), ("silent", a.silent)):
    for _ in range(n):
        connect(kind)
print(json.dumps({"connected": dict(stats)}), flush=True)

next_drip = time.monotonic() + a.drip
while not stop:
    for key, _ in sel.select(timeout=0.2):
        s, kind = key.fileobj, key.data
        try:
            data = s.recv(65536)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if data and kind == "idle":
            stats["idle_answered"] += 1  # the answer to the one request; stays open and silent
            continue
        if not data or kind != "idle":
            sel.unregister(s)
            s.close()
            stats[kind + "_open"] -= 1
            stats["closed_by_server"] += 1
            if kind in ("slow", "silent") and not stop:
                connect(kind)  # the attacker comes back
    if time.monotonic() >= next_drip:
        next_drip += a.drip
        for key in list(sel.get_map().values()):
            if key.data == "slow":
                try:
                    key.fileobj.send(b"X-Drip: 1\r\n")
                except OSError:
                    pass

for key in list(sel.get_map().values()):
    key.fileobj.close()
print(json.dumps({"at_stop": stats}), flush=True)
