#!/usr/bin/env python3
"""Calls every ragserver route once (plus a few bad inputs) and prints status, latency and a short
excerpt per call; exits 1 when a route answers with an unexpected status.

usage: ci/exercise_routes.py URL
"""
import json
import sys
import time
import urllib.error
import urllib.request


def call(base, method, path, body=None, headers=None):
    data = None
    hdrs = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(base + path, data=data, headers=hdrs, method=method)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, text, rh = resp.status, resp.read().decode(errors="replace"), dict(resp.headers)
    except urllib.error.HTTPError as e:
        status, text, rh = e.code, e.read().decode(errors="replace"), dict(e.headers)
    return status, text, rh, (time.perf_counter() - started) * 1000


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    base = sys.argv[1].rstrip("/")
    failures = 0

    def check(label, method, path, expect, body=None, headers=None):
        nonlocal failures
        status, text, rh, ms = call(base, method, path, body, headers)
        ok = status == expect
        failures += 0 if ok else 1
        excerpt = " ".join(text.split())[:70]
        print(f"{'ok ' if ok else 'BAD'} {status:3d} {ms:8.1f} ms  {label:34s} {excerpt}")
        return status, text, rh

    print(f"    {'code':>3s} {'latency':>11s}  {'call':34s} response")
    check("GET /health", "GET", "/health", 200)
    check("GET /health/detailed", "GET", "/health/detailed", 200)
    _, text, _ = check("POST /v1/documents (json)", "POST", "/v1/documents", 201,
                       {"title": "Demo note", "content": "Checkpoints flush dirty buffers to disk. " * 20,
                        "metadata": {"source": "demo"}})
    doc_id = json.loads(text)["id"]
    check("POST /v1/documents (markdown)", "POST", "/v1/documents", 201,
          b"# WAL\n\nWrite-ahead logging protects data integrity.", {"Content-Type": "text/markdown"})
    _, text, _ = check("POST /v1/documents?async=true", "POST", "/v1/documents?async=true", 202,
                       {"title": "Async demo", "content": "Autovacuum runs in the background. " * 50})
    job_id = json.loads(text)["job_id"]
    time.sleep(0.3)
    check("GET /v1/jobs/{id}", "GET", f"/v1/jobs/{job_id}", 200)
    _, _, rh = check("GET /v1/documents/{id}", "GET", f"/v1/documents/{doc_id}", 200)
    check("GET /v1/documents/{id} If-None-Match", "GET", f"/v1/documents/{doc_id}", 304,
          headers={"If-None-Match": rh.get("ETag", rh.get("etag", ""))})
    check("GET /v1/documents?limit=3", "GET", "/v1/documents?limit=3", 200)
    check("POST /v1/search", "POST", "/v1/search", 200, {"query": "how do checkpoints work", "k": 3})
    check("POST /v1/query (miss)", "POST", "/v1/query", 200, {"query": "what does write-ahead logging protect?"})
    check("POST /v1/query (cached)", "POST", "/v1/query", 200, {"query": "what does write-ahead logging protect?"})
    check("POST /v1/chat (SSE)", "POST", "/v1/chat", 200, {"query": "explain autovacuum", "k": 2})
    check("DELETE /v1/documents/{id}", "DELETE", f"/v1/documents/{doc_id}", 204)
    check("GET /metrics", "GET", "/metrics", 200)
    check("bad: query too short", "POST", "/v1/search", 400, {"query": "ab"})
    check("bad: k out of range", "POST", "/v1/search", 400, {"query": "valid query", "k": 500})
    check("bad: malformed JSON", "POST", "/v1/search", 400, b"{oops")
    check("bad: unknown route", "GET", "/nope", 404)
    check("bad: wrong method", "DELETE", "/v1/search", 405)
    if failures:
        print(f"exercise_routes: {failures} unexpected status codes", file=sys.stderr)
        return 1
    print("exercise_routes: every route answered as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
