#!/usr/bin/env python3
"""Uploads the sample corpus (documents.jsonl from scenarios/data/make_corpus.py) into a running
ragserver until a number of documents or chunks is reached. Python standard library only.

usage: ci/load_corpus.py URL CORPUS_DIR [--max-docs N] [--min-chunks N] [--quiet]
Prints one summary line: documents, chunks, seconds.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def post_json(url, payload):
    data = json.dumps(payload).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, json.loads(resp.read() or b"{}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url", help="ragserver base URL, e.g. http://127.0.0.1:8080")
    ap.add_argument("corpus_dir", help="folder holding documents.jsonl")
    ap.add_argument("--max-docs", type=int, default=0, help="stop after this many documents (0 = all)")
    ap.add_argument("--min-chunks", type=int, default=0, help="stop once this many chunks are indexed (0 = all)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    docs = chunks = 0
    started = time.time()
    try:
        with open(f"{args.corpus_dir}/documents.jsonl", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                status, body = post_json(args.url + "/v1/documents",
                                         {"title": doc["title"][:500], "content": doc["content"]})
                if status not in (200, 201, 202):
                    print(f"load_corpus: upload failed with HTTP {status}: {body}", file=sys.stderr)
                    return 1
                docs += 1
                chunks += int(body.get("chunks", 0))
                if not args.quiet and docs % 100 == 0:
                    print(f"load_corpus: {docs} documents, {chunks} chunks", file=sys.stderr)
                if args.max_docs and docs >= args.max_docs:
                    break
                if args.min_chunks and chunks >= args.min_chunks:
                    break
    except FileNotFoundError:
        print(f"load_corpus: {args.corpus_dir}/documents.jsonl not found; build the project first "
              "(the corpus is generated into build/corpus/)", file=sys.stderr)
        return 2
    except urllib.error.HTTPError as e:
        print(f"load_corpus: HTTP {e.code}: {e.read().decode(errors='replace')}", file=sys.stderr)
        return 1
    except urllib.error.URLError as e:
        print(f"load_corpus: cannot reach {args.url}: {e.reason}", file=sys.stderr)
        return 1
    print(f"loaded {docs} documents, {chunks} chunks in {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
