#!/usr/bin/env python3
"""An HTTP/1.1 origin with a known latency distribution, for bench/segments.sh (loopback only).

Every request (any method and path, keep-alive) is answered `200 ok` after a delay of
1 + (k * 37 mod 100) ms, k being the server's request counter: the delays cycle through 1..100 ms, so
over any whole number of 100 requests they are uniform on 1..100 ms — the true p50 is 50 ms and the true
p99 is 99 ms (plus the server's own few hundred microseconds). asyncio: the delays overlap.
Usage: latency_origin.py PORT
"""
import asyncio
import sys

counter = 0


async def handle(reader, writer):
    global counter
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            k = counter
            counter += 1
            await asyncio.sleep((1 + (k * 37) % 100) / 1000)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main(int(sys.argv[1])))
    except KeyboardInterrupt:
        pass
