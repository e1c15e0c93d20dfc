#!/usr/bin/env python3
"""A scripted text/event-stream origin for bench/stream_overhead.sh (loopback only).

Every request (any method and path, HTTP/1.1 keep-alive) gets a chunked text/event-stream answer:
the first output event TTFT after the request was read, then EVENTS - 1 more, BATCH events per write
every GAP * BATCH, then `data: [DONE]`. Just before writing the first event it stamps its own send
time; `sent - arrival` (arrival = the moment the request's last byte was read) is kept per request
and, on SIGTERM or SIGINT, its distribution is written as JSON to --stats (count, p50, p90, p99,
p999, max in ms) along with how late the origin itself was (sent - arrival - TTFT).
Usage: sse_origin.py --port P --ttft-ms 50 --events 10 --gap-ms 50 [--batch 1] --stats FILE
"""
import argparse
import asyncio
import json
import signal
import time


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, int(round(q / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


async def serve(reader, writer, args, samples):
    event = b'data: {"choices":[{"delta":{"content":"tok"}}]}\n\n'
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            arrival = time.monotonic_ns()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            await asyncio.sleep(max(0.0, (arrival + args.ttft_ms * 1e6 - time.monotonic_ns()) / 1e9))
            sent = time.monotonic_ns()
            writer.write(b"%x\r\n%s\r\n" % (len(event), event))
            samples.append(sent - arrival)
            left = args.events - 1
            while left > 0:
                await asyncio.sleep(args.gap_ms * args.batch / 1000.0)
                n = min(args.batch, left)
                body = event * n
                writer.write(b"%x\r\n%s\r\n" % (len(body), body))
                left -= n
            done = b"data: [DONE]\n\n"
            writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(done), done))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ttft-ms", type=float, default=50)
    p.add_argument("--events", type=int, default=10)
    p.add_argument("--gap-ms", type=float, default=50)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--stats", required=True)
    args = p.parse_args()
    samples = []
    server = await asyncio.start_server(lambda r, w: serve(r, w, args, samples), "127.0.0.1", args.port, backlog=16384)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"sse_origin listening on 127.0.0.1:{args.port}", flush=True)
    await stop.wait()
    server.close()
    values = sorted(s / 1e6 for s in samples)
    late = [v - args.ttft_ms for v in values]
    out = {"count": len(values)}
    for name, q in (("p50", 50), ("p90", 90), ("p99", 99), ("p999", 99.9)):
        out[name] = percentile(values, q)
        out["late_" + name] = percentile(late, q)
    out["max"] = values[-1] if values else 0.0
    with open(args.stats, "w") as f:
        json.dump(out, f)


asyncio.run(main())
