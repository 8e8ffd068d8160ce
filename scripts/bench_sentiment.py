"""Cost of sentiment + emotions relative to tokenization, on the livedoor corpus, in one run.

Times, post by post, ``prepare(post)`` (clean, split sentences, MeCab, compound terms) and then
``score_sentiment(doc)`` on that document (which computes the emotions in the same pass), as a program
analysing posts does, and prints the ratio of the second total to the first (target: at most 0.15).
Posts are loaded before timing. Each document and result is dropped after scoring: holding all 7,367 of them would
time the cycle collector's passes over that heap in whichever phase a collection happens to fall.

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
    parser.add_argument("--repeat", type=int, default=1, help="go over the posts R times (totals add up)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found (the livedoor corpus lives in ../shared/data/livedoor)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from jpblog_nlp.sentiment import builtin_lexicon, score_sentiment
    from jpblog_nlp.sources import load_post
    from jpblog_nlp.text.document import prepare

    files = sorted(p for p in args.data.glob("*/*.txt") if p.name != "LICENSE.txt")
    if args.limit:
        files = files[: args.limit]
    posts = [load_post(p) for p in files]
    n_chars = sum(len(p.text) for p in posts)
    prepare("ウォームアップ。")
    builtin_lexicon()  # load the lexicon outside the timed part, as the tagger above
    score_sentiment("ウォームアップ。")

    # CPU time of this process (the machine may be shared) and wall-clock time, for both phases.
    t_prepare = c_prepare = t_score = c_score = 0.0
    clock, cpu = time.perf_counter, time.process_time
    n_sentences = n_evidence = 0
    for _ in range(max(1, args.repeat)):
        for post in posts:
            t0, c0 = clock(), cpu()
            doc = prepare(post)
            t1, c1 = clock(), cpu()
            result = score_sentiment(doc)
            t2, c2 = clock(), cpu()
            n_sentences += len(result.sentences)
            n_evidence += sum(len(s.evidence) + len(s.emotion_evidence) for s in result.sentences)
            t_prepare += t1 - t0
            c_prepare += c1 - c0
            t_score += t2 - t1
            c_score += c2 - c1

    print(f"livedoor: {len(posts)} articles ({'full set' if not args.limit else 'first N'}), {n_chars:,} chars, "
          f"{n_sentences:,} sentences, {n_evidence:,} evidence records")
    print(f"prepare (tokenize):         {t_prepare:7.2f} s wall, {c_prepare:7.2f} s CPU")
    print(f"score_sentiment+emotions:   {t_score:7.2f} s wall, {c_score:7.2f} s CPU")
    print(f"ratio sentiment / tokenize: {t_score / t_prepare:.3f} wall, {c_score / c_prepare:.3f} CPU (target <= 0.15)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
