#!/usr/bin/env python3
"""Builds a document of SIZE bytes from the sample corpus, uploads it to a running ragserver and
prints how long until it is fully indexed (202 + job polled to done, or 201).

usage: upload_timing.py URL CORPUS_DIR [SIZE_BYTES]
"""
import json
import sys
import time
import urllib.request


def request(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.status, json.loads(resp.read() or b"{}")


def main():
    base, corpus = sys.argv[1], sys.argv[2]
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000
    parts, total = [], 0
    while total < size:
        with open(f"{corpus}/documents.jsonl", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["content"]
                parts.append(text)
                total += len(text) + 1
                if total >= size:
                    break
    content = "\n".join(parts)[:size]
    started = time.perf_counter()
    status, body = request("POST", base + "/v1/documents", {"title": "large upload", "content": content})
    if status == 202:
        while True:
            _, job = request("GET", f"{base}/v1/jobs/{body['job_id']}")
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.02)
        chunks, state = job["total"], job["state"]
    else:
        chunks, state = body.get("chunks"), body.get("status")
    elapsed = time.perf_counter() - started
    print(f"upload of {len(content) / 1e6:.1f} MB: {state}, {chunks} chunks indexed in {elapsed:.2f} s")
    return 0 if state == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
