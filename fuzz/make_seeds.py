#!/usr/bin/env python3
"""Writes the hand-made seed inputs of fuzz/corpus/ (the ones not copied from shipped files).

Usage: fuzz/make_seeds.py   (rewrites fuzz/corpus/<target>/seed-*; leaves other files alone)

Each seed is one input as its target reads it: a first byte that picks the mode (see the
target's header comment), then the bytes. Seeds are small, meaningful inputs — valid requests,
responses, frames and files, plus the refusals the tests already cover — from which libFuzzer
mutates. Crash reproducers found later are committed beside them as regress-<what>.
"""
import base64
import os
import struct

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(ROOT)


def write(target, name, data):
    folder = os.path.join(ROOT, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def http1_request():
    reqs = {
        "get": b"GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
        "post-json": b"POST /v1/search HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 27\r\n\r\n{\"query\":\"vacuum\",\"k\":5}  ",
        "chunked-trailer": b"POST /v1/documents?title=x%20y HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                           b"Content-Type: text/plain\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
        "pipelined": b"GET /v1/models HTTP/1.1\r\nHost: a\r\n\r\nGET /v1/jobs/1?x=%41 HTTP/1.1\r\nHost: a\r\n"
                     b"Connection: close\r\n\r\n",
        "http10": b"GET / HTTP/1.0\r\n\r\n",
        "expect": b"POST /v1/query HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nAccept-Encoding: gzip, br\r\n"
                  b"Content-Length: 2\r\n\r\n{}",
        "upgrade-h2c": b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                       b"HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n",
        "bad-te": b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "two-hosts": b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "bad-escape": b"GET /v1/documents/%zz HTTP/1.1\r\nHost: a\r\n\r\n",
        "cl-and-te": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"3\r\nabc\r\n0\r\n\r\n",
    }
    for i, (name, data) in enumerate(reqs.items()):
        write("http1_request", name, bytes([(i * 7) % 64]) + data)


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):  # HPACK literal header field without indexing, new name, no Huffman
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


def headers(method, path, extra=()):
    block = literal(b":method", method) + literal(b":scheme", b"http") + literal(b":path", path)
    block += literal(b":authority", b"127.0.0.1")
    for n, v in extra:
        block += literal(n, v)
    return block


def h2_input():
    settings = frame(4, 0, 0, struct.pack(">HI", 3, 100) + struct.pack(">HI", 4, 65535))
    ack = frame(4, 1, 0)
    get = frame(1, 0x5, 1, headers(b"GET", b"/health"))
    post = frame(1, 0x4, 3, headers(b"POST", b"/echo", [(b"content-length", b"5")])) + frame(0, 1, 3, b"hello")
    stream = frame(1, 0x5, 5, headers(b"GET", b"/stream/1", [(b"accept-encoding", b"gzip")]))
    later = frame(1, 0x5, 7, headers(b"GET", b"/later/1"))
    rst = frame(3, 0, 5, struct.pack(">I", 8))
    ping = frame(6, 0, 0, b"12345678")
    window = frame(8, 0, 0, struct.pack(">I", 1 << 20))
    goaway = frame(7, 0, 0, struct.pack(">II", 0, 0))
    cont = frame(1, 0x1, 9, headers(b"GET", b"/health")[:20]) + frame(9, 0x4, 9, headers(b"GET", b"/health")[20:])
    seeds = {
        "get": settings + get,
        "post-echo": settings + ack + post,
        "stream-reset": settings + stream + rst + ping,
        "later-window": settings + later + window + goaway,
        "continuation": settings + cont,
        "stream": settings + stream + window,
        "later": settings + later + ping,
        "bad-path": settings + frame(1, 0x5, 1, headers(b"GET", b"/a%zz")),
    }
    for i, (name, data) in enumerate(seeds.items()):
        write("h2_input", name, bytes([i * 9 % 128]) + data)
    payload = base64.urlsafe_b64encode(struct.pack(">HI", 3, 100)).rstrip(b"=")
    write("h2_input", "upgrade", bytes([0x80 | 5]) + payload + b"\n" + settings + window)


def api_json_body():
    bodies = [
        (0, b'{"query":"how does autovacuum work","k":5}'),
        (0, b'{"query":"vacuum","k":5,"filters":{"document_id":1}}'),
        (1, b'{"query":"what is a tablespace","k":3,"cache":false}'),
        (2, b'{"query":"explain MVCC","session":"user-1:a.b_c"}'),
        (3, b'{"title":"Autovacuum notes","content":"VACUUM reclaims storage.","metadata":{"source":"loadgen"}}'),
        (4, b'# Autovacuum\n\nVACUUM reclaims storage occupied by dead tuples.\n'),
        (5, b'{"model":"ragserver-sim","messages":[{"role":"system","content":"be brief"},'
            b'{"role":"user","content":"what is VACUUM?"}],"max_tokens":64,"stream":true,'
            b'"stream_options":{"include_usage":true},"temperature":0.2}'),
        (5, b'{"model":"ragserver-sim","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}'),
        (6, b'{"query":"abc"}'),
        (0, b'[' * 70 + b']' * 70),
        (3, b'{"title":"t","content":"c","metadata":' + b'{"a":' * 70 + b'1' + b'}' * 71),
    ]
    for i, (route, body) in enumerate(bodies):
        write("api_json_body", f"{i:02d}", bytes([route]) + body)


def http1_response():
    resp = {
        "content-length": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
        "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\ndata\r\n0\r\nTrailer: 1\r\n\r\n",
        "keep-alive-pair": b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}",
        "close-delimited": b"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\ndata: [DONE]\n\n",
        "continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        "garbage": b"HTTP/1.1 2x0 OK\r\n\r\n",
        "long-body": b"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + b"x" * 2000,
    }
    for i, (name, data) in enumerate(resp.items()):
        write("http1_response", name, bytes([i * 37 % 128]) + data)
    write("http1_response", "head", bytes([0x20]) + b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n")


def scenario_yaml():
    for folder, mode in (("scenarios", 0), ("profiles", 1)):
        for name in sorted(os.listdir(os.path.join(REPO, folder))):
            if name.endswith(".yaml"):
                with open(os.path.join(REPO, folder, name), "rb") as f:
                    write("scenario_yaml", f"{folder}-{name[:-5]}", bytes([mode]) + f.read())
    for i, kv in enumerate([b"load={arrival_rate: 50/s, duration: 10s}", b"load.users=10", b"wait={between: [1s, 2s]}",
                            b"target=https://127.0.0.1:8443", b"protocol=h2", b"max_error_rate=0.5%"]):
        write("scenario_yaml", f"set-{i}", bytes([2]) + kv)


def copy(target, name, path, first_byte=None):
    with open(os.path.join(REPO, path), "rb") as f:
        data = f.read()
    write(target, name, (bytes([first_byte]) if first_byte is not None else b"") + data)


def loadgen_parts():
    copy("feeder_text", "queries-csv", "scenarios/feeds/queries.csv", 0)
    copy("feeder_text", "users-csv", "scenarios/feeds/users.csv", 0)
    copy("feeder_text", "paraphrases-jsonl", "scenarios/feeds/paraphrases.jsonl", 1)
    write("feeder_text", "quoted-csv", b"\x00" + b'text,topic\n"a ""quoted"", value",sql\n"multi\nline",x\n')
    write("feeder_text", "bad-jsonl", b"\x01" + b'{"a":1,"b":true}\n\n{"a":[1]}\n{"c":null}\n')
    templates = [(1, b'{"query":"{{queries.text}}","k":5,"doc":"{{doc}}"}'), (2, b"/v1/documents/{{doc}}?q={{q.topic}}"),
                 (0, b"user-{{user_id}}-{{iteration}}-{{random_int(1,100)}}-{{uuid}}"), (4 | 2, b"/s?x={{ q.text }}&y=a b"),
                 (0, b"{{file:feeds/sample_doc.md}} {{unknown}} {{random_int(5,1)}} {{"), (1, b"{{q.nope}}}}{{ }}")]
    for i, (mode, text) in enumerate(templates):
        write("template_text", f"{i:02d}", bytes([mode]) + text)
    kpis = [b"p95 < 200ms", b"p99.9 <= 1.5s", b"error_rate < 0.1%", b"rps >= 1000", b"mean < 50ms after 10s",
            b"requests > 100", b"failures == 0", b"max < 2s", b"p9x < 1", b"p95 <", b"min > -1ms"]
    for i, text in enumerate(kpis):
        write("kpi_expr", f"{i:02d}", bytes([i % 2]) + text)
    copy("run_results", "summary-golden", "tests/golden/loadgen/summary.json")
    copy("run_results", "summary-baseline", "reports/baselines/knowledge-assistant/run-1/summary.json")
    copy("run_results", "histograms-baseline", "reports/baselines/knowledge-assistant/run-1/histograms.json")
    write("run_results", "not-a-result", b'{"schema":"something/else"}')


def server_config():
    write("server_config", "yaml", b"\x00listen: 127.0.0.1:0\nstore: memory\ncache: [lru, semantic]\nchunk_size: 400\n"
          b"chunk_overlap: 50\nllm_scale: 0\nlog_level: warn\n")
    write("server_config", "yaml-bad", b"\x00listen: [1, 2]\nstore: memry\nstore: memory\n")
    write("server_config", "env", b"\x01RAGSERVER_STORE=memory\nRAGSERVER_THREADS=2\nRAGSERVER_CACHE=none\n"
          b"RAGSERVER_CHUNK_OVERLAP=900\n")
    write("server_config", "flags", b"\x02--listen\n127.0.0.1:0\n--gzip\n--index=flat\n--no-gzip\n--chunk-size\n10\n")


def sse_events():
    # first byte: the bound (< 128: 1 MiB, else byte - 127 bytes); second: the piece length (1 + b % 17)
    streams = {
        "ragserver-chat": b"event: token\ndata: Hello\n\nevent: token\ndata: world\n\n"
                          b"event: done\ndata: {\"answer\":\"Hello world\"}\n\n",
        "openai": b'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}'
                  b'\n\ndata: {"choices":[],"usage":{"completion_tokens":2}}\n\ndata: [DONE]\n\n',
        "bom-crlf": b"\xef\xbb\xbfdata: bom first\r\n\r\n: a comment\r\ndata: a\r\ndata: b\r\n\r\n",
        "cr-fields": b"data: cr only\r\rid: 7\rretry: 10\rdata\r\revent: x\n\n",
        "unterminated": b"data: no blank line at the end",
        "long": b"event: token\ndata: " + b"x" * 300 + b"\n\n",
    }
    for name, stream in streams.items():
        for j, (bound, piece) in enumerate([(0, 0), (0, 3), (200, 1), (130, 16)]):
            write("sse_events", f"{name}-{j}", bytes([bound, piece]) + stream)


def prometheus_text():
    # first byte: bit 0 picks small bounds (4 KiB text, 256-byte lines, 64 samples, 4 labels)
    for name in ("ragserver", "prometheus", "nginx_exporter"):
        copy("prometheus_text", name, f"tests/data/metrics/{name}.txt", 0)
    texts = {
        "escapes": b'# HELP a A \\\\ help\\nline\n# TYPE a counter\na{path="C:\\\\x",msg="say \\"hi\\"\\n"} 1 1395066363000\n',
        "values": b'a +Inf\nb -Inf\nc NaN\nd 1.5e-3 -10\ne{x="1",} 2\n',
        "histogram": b'# TYPE h histogram\nh_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.3\nh_count 2\n'
                     b'# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 3\ns_count 2\n',
        "crlf-tabs": b'# TYPE g gauge\r\n\tg { a = "1" }\t3\r\n# EOF\n',
        "bad-escape": b'a{x="\\q"} 1\n',
        "bad-order": b"a 1\n# TYPE a gauge\n",
        "bad-bucket": b"# TYPE h histogram\nh_bucket 1\n",
        "many-labels": b"a{" + b",".join(b'l%d="v"' % i for i in range(10)) + b"} 1\n",
    }
    for i, (name, text) in enumerate(texts.items()):
        write("prometheus_text", name, bytes([i % 2]) + text)


http1_request()
h2_input()
api_json_body()
http1_response()
scenario_yaml()
loadgen_parts()
server_config()
sse_events()
prometheus_text()
