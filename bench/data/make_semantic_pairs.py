#!/usr/bin/env python3
"""Build the labelled query pairs for bench/semantic_eval_bench (python3 stdlib only).

Reads the sample corpus' documents.jsonl (scenarios/data/make_corpus.py; one manual page per
line) and writes CSV rows `kind,should_hit,cached,asked`: `cached` is a query already answered
and cached, `asked` a later query; a semantic cache should answer `asked` with `cached`'s answer
only when should_hit is 1.

  paraphrase  (should hit)   same question, other wording: "How do I use X?" / "How can I use X?"
  near_miss   (should miss)  same wording, another topic that shares words with X
  negation    (should miss)  the question negated: "When should I use X?" / "When should I not use X?"

Deterministic: the same corpus gives the same file (fixed seed, sorted inputs).
Usage: make_semantic_pairs.py [--corpus build/corpus/documents.jsonl] [--out bench/data/semantic_pairs.csv]
"""
import argparse
import csv
import json
import random
import re

# (cached, asked) templates; {} is the topic.
PARAPHRASES = [
    ("How do I use {}?", "How can I use {}?"),
    ("What is {}?", "What is {} in PostgreSQL?"),
    ("Explain {}", "Please explain {}"),
    ("How does {} work?", "How does {} actually work?"),
    ("Tell me about {}", "Tell me about {} please"),
    ("{} example", "Show me an example of {}"),
    ("What does {} do?", "What exactly does {} do?"),
    ("How do I configure {}?", "How should I configure {}?"),
]
NEAR_MISS_TEMPLATES = ["How do I use {}?", "What is {}?", "Explain {}", "How does {} work?"]
NEGATIONS = [
    ("When should I use {}?", "When should I not use {}?"),
    ("Why does {} work?", "Why does {} not work?"),
    ("Is {} enabled by default?", "Is {} not enabled by default?"),
    ("Can I use {} inside a transaction?", "Can I not use {} inside a transaction?"),
    ("Does {} lock the table?", "Does {} never lock the table?"),
]
NUMBERING = re.compile(r"^((Chapter|Appendix|Part)\s+)?[A-Z0-9]+(\.[0-9]+)*\.\s+")


def topics(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            title = NUMBERING.sub("", json.loads(line)["title"]).strip()
            words = re.findall(r"[A-Za-z]+", title)
            if 2 <= len(words) <= 6 and len(title) <= 60 and re.fullmatch(r"[A-Za-z0-9 ,/()'_-]+", title):
                out.add(title)
    return sorted(out)


def shared_word_partner(topic, pool, rng):
    """Another topic sharing a word of 4+ letters with `topic` (a hard near-miss), else any."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", topic)}
    close = [t for t in pool if t != topic and words & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", t)}]
    return rng.choice(close) if close else rng.choice([t for t in pool if t != topic])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="build/corpus/documents.jsonl")
    ap.add_argument("--out", default="bench/data/semantic_pairs.csv")
    ap.add_argument("--topics", type=int, default=120)
    args = ap.parse_args()
    rng = random.Random(20240605)
    pool = topics(args.corpus)
    chosen = sorted(rng.sample(pool, min(args.topics, len(pool))))
    rows = []
    for i, topic in enumerate(chosen):
        for cached, asked in (PARAPHRASES[i % len(PARAPHRASES)], PARAPHRASES[(i + 3) % len(PARAPHRASES)]):
            rows.append(("paraphrase", 1, cached.format(topic), asked.format(topic)))
        template = NEAR_MISS_TEMPLATES[i % len(NEAR_MISS_TEMPLATES)]
        rows.append(("near_miss", 0, template.format(topic), template.format(shared_word_partner(topic, pool, rng))))
        cached, asked = NEGATIONS[i % len(NEGATIONS)]
        rows.append(("negation", 0, cached.format(topic), asked.format(topic)))
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "should_hit", "cached", "asked"])
        w.writerows(rows)
    print(f"{len(rows)} pairs from {len(chosen)} topics -> {args.out}")


if __name__ == "__main__":
    main()
