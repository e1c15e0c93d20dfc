#!/usr/bin/env python3
"""Build the ragbench sample corpus from Debian's PostgreSQL HTML manual (python3 stdlib only).

Writes OUT/documents.jsonl ({"title", "content"} per line, one document per manual page: tags
stripped, entities decoded, navigation removed) and OUT/queries.csv (header `text`: section
titles, key phrases and short questions built from the pages, 3..200 characters each).
The output is deterministic for a given manual.
"""
import argparse
import csv
import glob
import html.parser
import json
import os
import random
import re
import sys

MANUAL_DIR = "/usr/share/doc/postgresql-doc-15/html"
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "pre", "h1",
              "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "title"}
SKIP_CLASSES = {"navheader", "navfooter", "toc"}
HEADINGS = {"h1", "h2", "h3", "h4"}


class page_parser(html.parser.HTMLParser):
    """Collects the page title, its visible text and its headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.parts = []
        self.headings = []
        self._skip_depth = 0   # > 0 while inside a skipped element (nesting depth)
        self._in_head = False
        self._in_title = False
        self._heading = None   # text of the heading being read
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        if self._skip_depth:
            self._skip_depth += 1
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("script", "style") or classes & SKIP_CLASSES:
            self._skip_depth = 1
            return
        if tag == "head":
            self._in_head = True
        elif tag == "title":
            self._in_title = True
        elif tag in HEADINGS:
            self._heading = []
        elif tag == "pre":
            self._pre += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self._skip_depth and tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        elif tag in HEADINGS and self._heading is not None:
            self.headings.append(normalize(" ".join(self._heading)))
            self._heading = None
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip_depth:
            return
        if self._in_title:
            self.title += data
            return
        if self._in_head:
            return
        if self._heading is not None:
            self._heading.append(data)
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def text(self):
        lines = [line.rstrip() for line in "".join(self.parts).split("\n")]
        out, blank = [], False
        for line in lines:
            if not line.strip():
                blank = bool(out)
                continue
            if blank:
                out.append("")
            out.append(line if line.startswith("  ") else line.strip())
            blank = False
        return "\n".join(out)


def normalize(s):
    return re.sub(r"\s+", " ", s).strip()


def strip_numbering(title):
    """'9.7.3. Pattern Matching' -> 'Pattern Matching'; 'Chapter 9. Functions' -> 'Functions'."""
    title = re.sub(r"^(Chapter|Appendix|Part)\s+[\w.]+\.?\s*", "", title)
    title = re.sub(r"^[A-Z]?\.?[\d.]+\s+", "", title)
    return title.strip(" .")


def make_queries(pages, rng, count):
    titles, phrases, questions = set(), set(), set()
    for title, content, headings in pages:
        t = strip_numbering(title)
        if 3 <= len(t) <= 80:
            titles.add(t)
            questions.add(rng.choice(["What is {}?", "How do I use {}?", "Explain {}",
                                      "{} example", "How does {} work?"]).format(t))
        for h in headings:
            h = strip_numbering(h)
            if 3 <= len(h) <= 80:
                titles.add(h)
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(content.split("\n")[:40]))
        for s in sentences:
            words = s.split()
            if words and words[0] in ("Note", "Tip", "Warning", "Caution", "Important"):
                words = words[1:]
            if 6 <= len(words) <= 40 and not re.search(r"[{}<>|\[\]]", s):
                phrases.add(" ".join(words[: rng.randint(4, 10)]).rstrip(",;:"))
    def pick(pool, n):
        pool = sorted(q for q in pool if 3 <= len(q) <= 200 and "\n" not in q)
        return rng.sample(pool, min(n, len(pool)))
    chosen = pick(titles, count * 2 // 5) + pick(questions, count // 5) + pick(phrases, count * 2 // 5)
    seen, out = set(), []
    for q in chosen:
        if q.lower() not in seen:
            seen.add(q.lower())
            out.append(q)
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--max-docs", type=int, default=0, help="at most this many documents (0 = all)")
    ap.add_argument("--queries", type=int, default=400, help="number of queries to write (default 400)")
    ap.add_argument("--manual", default=MANUAL_DIR, help="PostgreSQL HTML manual directory")
    args = ap.parse_args()
    if args.max_docs < 0 or args.queries < 1:
        sys.exit("make_corpus.py: --max-docs must be >= 0 and --queries >= 1")

    files = sorted(glob.glob(os.path.join(args.manual, "*.html")))
    if not files:
        sys.exit(f"make_corpus.py: the PostgreSQL manual was not found in {args.manual} "
                 "(install the Debian package postgresql-doc-15, e.g. via ci/setup.sh)")
    pages = []
    for path in files:
        parser = page_parser()
        with open(path, encoding="utf-8", errors="replace") as f:
            parser.feed(f.read())
        parser.close()
        title, content = normalize(parser.title), parser.text()
        if title and len(content) >= 200:
            pages.append((title, content, parser.headings))
        if args.max_docs and len(pages) >= args.max_docs:
            break

    os.makedirs(args.out, exist_ok=True)
    docs_path = os.path.join(args.out, "documents.jsonl")
    with open(docs_path + ".tmp", "w", encoding="utf-8") as f:
        for title, content, _ in pages:
            f.write(json.dumps({"title": title, "content": content}, ensure_ascii=False) + "\n")
    os.replace(docs_path + ".tmp", docs_path)

    queries = make_queries(pages, random.Random(20240601), args.queries)
    queries_path = os.path.join(args.out, "queries.csv")
    with open(queries_path + ".tmp", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text"])
        for q in queries:
            w.writerow([q])
    os.replace(queries_path + ".tmp", queries_path)
    print(f"make_corpus.py: {len(pages)} documents, {len(queries)} queries -> {args.out}")


if __name__ == "__main__":
    main()
