"""Tokenization throughput on the livedoor corpus, in one process and one run.

Prints characters per second for:
  1. bare fugashi node iteration (``for w in tagger(text): w.surface, w.feature.pos1, w.feature.lemma``),
  2. bare ``tagger.parse(text)`` to a string,
  3. our pipeline: load + clean + split sentences + tokenize + compound terms (``prepare(load_post(path))``),
and our pipeline's time as a ratio of bare node iteration (target: at most 1.0). The three are timed
interleaved, block by block, so that drift in a shared machine's speed affects them alike, and on this
process's CPU time as well as the wall clock: on a shared machine the wall clock also counts the moments
another tenant held the core, which moved the ratio by up to 20 % from run to run.

Usage: python scripts/bench_tokenize.py [--limit N] [--data ../shared/data/livedoor]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "livedoor"
BLOCK = 50


def livedoor_files(data: Path, limit: int | None) -> list[Path]:
    """Article files of the corpus (LICENSE/README files excluded), in a stable order."""
    files = sorted(p for p in data.glob("*/*.txt") if p.name != "LICENSE.txt")
    return files[:limit] if limit else files


def body_of(path: Path) -> str:
    """The article text after the URL, date and title lines (what the bare tagger is given)."""
    return path.read_text(encoding="utf-8").split("\n", 3)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found (the livedoor corpus lives in ../shared/data/livedoor)", file=sys.stderr)
        return 2

    import fugashi

    from jpblog_nlp.sources import load_post
    from jpblog_nlp.text.document import prepare

    files = livedoor_files(args.data, args.limit)
    texts = [body_of(p) for p in files]
    n_chars = sum(len(t) for t in texts)
    tagger = fugashi.Tagger()
    prepare("ウォームアップ。")  # build our tagger outside the timed part, like fugashi's above

    def run_nodes(block: range) -> None:
        for i in block:
            for word in tagger(texts[i]):
                word.surface, word.feature.pos1, word.feature.lemma  # noqa: B018 - the work being measured

    def run_parse(block: range) -> None:
        for i in block:
            tagger.parse(texts[i])

    n_terms = 0

    def run_ours(block: range) -> None:
        nonlocal n_terms
        for i in block:
            doc = prepare(load_post(files[i]))
            n_terms += sum(len(t) for t in doc.terms)

    # The three are interleaved in blocks of BLOCK articles (their order rotating from block to block), so
    # that a machine slowing down or speeding up during the run weighs on all three alike.
    wall = {"nodes": 0.0, "parse": 0.0, "ours": 0.0}
    cpu = dict(wall)
    runners = [("nodes", run_nodes), ("parse", run_parse), ("ours", run_ours)]
    for b, first in enumerate(range(0, len(files), BLOCK)):
        block = range(first, min(first + BLOCK, len(files)))
        for name, runner in runners[b % 3:] + runners[:b % 3]:
            start, start_cpu = time.perf_counter(), time.process_time()
            runner(block)
            wall[name] += time.perf_counter() - start
            cpu[name] += time.process_time() - start_cpu

    print(f"articles: {len(files)}, body characters: {n_chars:,}, terms: {n_terms:,}")
    print(f"{'':<40} {'chars/s (CPU)':>14} {'CPU s':>8} {'wall s':>8}")
    for name, label in (("nodes", "bare fugashi node iteration"), ("parse", "bare tagger.parse() to string"),
                        ("ours", "jpblog load+clean+split+tokenize+terms")):
        print(f"{label:<40} {n_chars / cpu[name]:>14,.0f} {cpu[name]:8.2f} {wall[name]:8.2f}")
    print(f"ratio ours / bare node iteration: {cpu['ours'] / cpu['nodes']:.2f}x CPU, "
          f"{wall['ours'] / wall['nodes']:.2f}x wall (target <= 1.0x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
