"""Sanity figures for summaries on the livedoor news corpus (read from ../shared/data, nothing shipped).

For each article: the share of the title's terms that the 3-sentence summary repeats (a ROUGE-1-like
recall against the title, on compound-aware term keys), and the share of picked sentences that come from
the first paragraph.  ``lexrank`` uses the title as a feature, so it is also run with the title hidden.

Usage: python scripts/eval_summarize.py [--categories peachy,dokujo-tsushin] [--limit 150]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from jpblog_nlp.errors import JpblogError
from jpblog_nlp.sources import load_post
from jpblog_nlp.summary import summarize
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.tokens import extract_terms

LIVEDOOR = Path(__file__).resolve().parents[2] / "shared" / "data" / "livedoor"


def main() -> None:
    """Print title recall and first-paragraph share per method."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--categories", default="peachy,dokujo-tsushin")
    parser.add_argument("--limit", type=int, default=150, help="articles per category")
    args = parser.parse_args()
    runs = {"lead": [], "lexrank": [], "lexrank (title hidden)": []}
    first = {name: [] for name in runs}
    started = time.perf_counter()
    count = 0
    for category in args.categories.split(","):
        files = sorted(p for p in (LIVEDOOR / category).glob("*.txt") if p.name != "LICENSE.txt")
        for path in files[: args.limit]:
            try:
                doc = prepare(load_post(path))
            except JpblogError:
                continue
            title_keys = {t.norm for t in extract_terms(doc.post.title)}
            if not title_keys or len(doc.sentences) < 6:
                continue
            count += 1
            hidden = prepare(dataclasses.replace(doc.post, title=""))
            for name, source, method in (("lead", doc, "lead"), ("lexrank", doc, "lexrank"),
                                         ("lexrank (title hidden)", hidden, "lexrank")):
                summary = summarize(source, 3, method=method)
                picked = {t.norm for s in summary.sentences for t in doc.terms[s.index]}
                runs[name].append(len(title_keys & picked) / len(title_keys))
                first[name].append(sum(doc.sentences[s.index].paragraph == 0 for s in summary.sentences)
                                   / max(1, len(summary.sentences)))
    elapsed = time.perf_counter() - started
    print(f"{count} articles ({args.categories}), {elapsed:.1f} s")
    print(f"{'method':<24}{'title recall':>14}{'from 1st para':>15}")
    for name in runs:
        print(f"{name:<24}{statistics.mean(runs[name]):>14.3f}{statistics.mean(first[name]):>15.3f}")


if __name__ == "__main__":
    main()
