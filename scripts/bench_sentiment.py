"""Cost of sentiment + emotions relative to tokenization, on the livedoor corpus, in one run.

Times ``prepare(post)`` (clean, split sentences, MeCab, compound terms) over the posts, then
``score_sentiment(doc)`` (which computes the emotions in the same pass) over the prepared documents, and
prints the ratio of the second to the first (target: at most 0.15).  Posts are loaded before timing.

Usage: python scripts/bench_sentiment.py [--limit N] [--data ../shared/data/livedoor] [--repeat R]
(default: the full corpus, 7,367 articles)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "livedoor"


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="time the scoring R times and keep the best")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found (the livedoor corpus lives in ../shared/data/livedoor)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from jpblog_nlp.document import prepare
    from jpblog_nlp.sentiment import builtin_lexicon, score_sentiment
    from jpblog_nlp.sources import load_post

    files = sorted(p for p in args.data.glob("*/*.txt") if p.name != "LICENSE.txt")
    if args.limit:
        files = files[: args.limit]
    posts = [load_post(p) for p in files]
    n_chars = sum(len(p.text) for p in posts)
    prepare("ウォームアップ。")
    builtin_lexicon()  # load the lexicon outside the timed part, as the tagger above
    score_sentiment("ウォームアップ。")

    # CPU time of this process (the machine may be shared) and wall-clock time, for both phases.
    start, cpu = time.perf_counter(), time.process_time()
    docs = [prepare(p) for p in posts]
    t_prepare, c_prepare = time.perf_counter() - start, time.process_time() - cpu

    t_score = c_score = float("inf")
    for _ in range(max(1, args.repeat)):
        start, cpu = time.perf_counter(), time.process_time()
        results = [score_sentiment(d) for d in docs]
        t_score = min(t_score, time.perf_counter() - start)
        c_score = min(c_score, time.process_time() - cpu)

    n_sentences = sum(len(r.sentences) for r in results)
    n_evidence = sum(len(s.evidence) + len(s.emotion_evidence) for r in results for s in r.sentences)
    print(f"livedoor: {len(posts)} articles ({'full set' if not args.limit else 'first N'}), {n_chars:,} chars, "
          f"{n_sentences:,} sentences, {n_evidence:,} evidence records")
    print(f"prepare (tokenize):         {t_prepare:7.2f} s wall, {c_prepare:7.2f} s CPU")
    print(f"score_sentiment+emotions:   {t_score:7.2f} s wall, {c_score:7.2f} s CPU")
    print(f"ratio sentiment / tokenize: {t_score / t_prepare:.3f} wall, {c_score / c_prepare:.3f} CPU (target <= 0.15)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
