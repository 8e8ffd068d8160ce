"""Benchmark: keyword extraction must add at most 20% to the tokenization time of the same corpus.

In one run, on livedoor (``../shared/data/livedoor``; by default the first 170 articles of each of the 9
categories = 1,530 articles, ``--limit 0`` for all 7,367):

1. time ``prepare(post)`` for every post (MeCab parse, sentences, compound terms);
2. time ``extract_keywords(doc)`` on the prepared documents, for each registered method;
3. print each method's time as a ratio of the tokenization time.

Posts are loaded before timing; the built-in background table and the tagger are warmed up first, so
the timings compare steady-state work.

Usage::

    python scripts/bench_keywords.py [--limit 170] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jpblog_nlp import iter_posts
from jpblog_nlp.keywords import DEFAULT_METHOD, METHODS, default_background, extract_keywords
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post

ROOT = Path(__file__).resolve().parents[1]
LIVEDOOR = ROOT.parent / "shared" / "data" / "livedoor"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=170, help="articles per category (0 = all)")
    parser.add_argument("--repeat", type=int, default=3, help="keyword passes per method (best is kept)")
    args = parser.parse_args(argv)
    if not LIVEDOOR.exists():
        print(f"{LIVEDOOR} not found", file=sys.stderr)
        return 1
    posts: list[Post] = []
    for category in sorted(p.name for p in LIVEDOOR.iterdir() if p.is_dir()):
        loaded = [p for p in iter_posts(LIVEDOOR / category, errors="skip") if isinstance(p, Post)]
        posts += loaded[: args.limit or None]
    n_chars = sum(len(p.text) for p in posts)
    prepare(posts[0])
    default_background()
    extract_keywords(prepare(posts[0]))

    t0 = time.perf_counter()
    docs = [prepare(p) for p in posts]
    t_prepare = time.perf_counter() - t0
    print(f"livedoor: {len(posts)} articles, {n_chars:,} characters")
    print(f"prepare (tokenize + terms): {t_prepare:.2f} s ({t_prepare / len(posts) * 1000:.2f} ms/article)")
    for name in METHODS:
        best = float("inf")
        for _ in range(max(args.repeat, 1)):
            t0 = time.perf_counter()
            for doc in docs:
                extract_keywords(doc, top_k=10, method=name)
            best = min(best, time.perf_counter() - t0)
        flag = " (default)" if name == DEFAULT_METHOD else ""
        verdict = "OK" if best <= 0.2 * t_prepare else "over 20%"
        print(f"extract_keywords method={name:9}{flag:10}: {best:.2f} s  ratio {best / t_prepare:.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
