"""Evaluate keyword distinctiveness on the livedoor news corpus (9 categories, 7,367 articles).

For every article and every method, the top-10 keywords are extracted.  Per category, a term's weight is
the number of the category's articles that have it among their top 10; the category's 20 heaviest terms
are its profile.  A good method gives profiles that differ between categories, so the figure reported is,
per category, how many of its top-20 terms also appear in another category's top 20 (lower is better),
and the mean over categories.

Methods evaluated: the registered ones with the built-in background table, plus "tfidf" and "hybrid"
against livedoor itself as the user's corpus (``background=`` path).

The corpus is read from ``../shared/data/livedoor`` (CC BY-ND: read only, nothing derived is shipped).

With ``--keyphrase``, recall against human keyphrases instead: on ``../shared/data/keyphrase/
keyphrase-dev.json`` (51 documents of about 200, 2,000 and 20,000 characters), the share of each
document's ``essential_terms`` groups with any synonym among the top k keywords (k = 10 and 20), after NFKC,
case folding and removing spaces and ー (the metric of SOURCES.md), per method, overall and per length.
The 51 documents are half of the labelled set (the other half is held out), so a second table gives the
figures on two 2-fold splits (even/odd index, first/second half of each length group): a change that
generalises helps both folds of both.  ``--misses`` prints, per document, the default method's top 20
and the rank of every missed keyphrase group (``-`` when no candidate matches it).

Usage::

    python scripts/eval_keywords.py [--limit N] [--workers 2]
    python scripts/eval_keywords.py --keyphrase [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

from jpblog_nlp import extract_keywords, iter_posts
from jpblog_nlp.keywords import DEFAULT_METHOD, METHODS, TITLE_BOOST, Background, rank, term_stats
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post

ROOT = Path(__file__).resolve().parents[1]
LIVEDOOR = ROOT.parent / "shared" / "data" / "livedoor"
TOP_K = 10
PROFILE = 20
KEYPHRASE = ROOT.parent / "shared" / "data" / "keyphrase" / "keyphrase-dev.json"


def phrase_key(text: str) -> str:
    """The matching form of SOURCES.md: NFKC, case folded, without spaces and ー."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split()).replace("ー", "")


KeyphraseItem = tuple[str, int, str, list[list[str]]]


def keyphrase_work(item: KeyphraseItem) -> tuple[str, int, dict[str, tuple[float, float]], list[str], list[str]]:
    """(length group, index in it, {method: (recall@10, recall@20)}, default top 20, missed groups)."""
    group, index, text, groups = item
    out = {}
    top20: list[str] = []
    for name in METHODS:
        terms = [k.term for k in extract_keywords(text, top_k=20, method=name)]
        keys = [phrase_key(t) for t in terms]
        recall = []
        for k in (10, 20):
            top = set(keys[:k])
            recall.append(sum(any(phrase_key(s) in top for s in g) for g in groups) / max(len(groups), 1))
        out[name] = (recall[0], recall[1])
        if name == DEFAULT_METHOD:
            top20 = terms
    # Where the default method ranks each group missed from its top 10, over all its candidates.
    rank_of: dict[str, int] = {}
    for n, kw in enumerate(extract_keywords(text, top_k=None)):
        rank_of.setdefault(phrase_key(kw.term), n + 1)
    missed = []
    for g in groups:
        best = min((rank_of.get(phrase_key(s), 0) or 10**9 for s in g), default=10**9)
        if best > 10:
            missed.append(f"{g[0]}@{best if best < 10**9 else '-'}")
    return group, index, out, top20, missed


def _mean_cell(rows: list[tuple[float, float]]) -> str:
    return f"{sum(a for a, _ in rows) / len(rows):.3f} / {sum(b for _, b in rows) / len(rows):.3f}"


def keyphrase(workers: int, misses: bool = False) -> int:
    """Print recall@10 and recall@20 against the human keyphrases, per method and length group."""
    import json

    if not KEYPHRASE.exists():
        print(f"{KEYPHRASE} not found", file=sys.stderr)
        return 1
    data = json.loads(KEYPHRASE.read_text(encoding="utf-8"))
    items = [(group, i, d["text"], d["essential_terms"]) for group, docs in data.items() for i, d in enumerate(docs)]
    sizes = {group: len(docs) for group, docs in data.items()}
    with Pool(workers) as pool:
        results = pool.map(keyphrase_work, items)
    groups = sorted({r[0] for r in results}, key=lambda g: int(g.rsplit("_", 1)[-1]))
    print(f"keyphrase-dev: {len(results)} documents; recall@10 / recall@20 of essential_terms groups\n")
    print("| method | all | " + " | ".join(groups) + " |")
    print("|---|" + "---:|" * (len(groups) + 1))
    for name in METHODS:
        cells = [_mean_cell([r[2][name] for r in results if sel is None or r[0] == sel]) for sel in [None, *groups]]
        print(f"| {name} | " + " | ".join(cells) + " |")
    splits = {
        "even index": lambda g, i: i % 2 == 0, "odd index": lambda g, i: i % 2 == 1,
        "first half": lambda g, i: i < (sizes[g] + 1) // 2, "second half": lambda g, i: i >= (sizes[g] + 1) // 2,
    }
    print("\n2-fold checks (within each length group):\n")
    print("| method | " + " | ".join(splits) + " |")
    print("|---|" + "---:|" * len(splits))
    for name in METHODS:
        cells = [_mean_cell([r[2][name] for r in results if keep(r[0], r[1])]) for keep in splits.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if misses:
        for group, index, out, top20, missed in results:
            r10, r20 = out[DEFAULT_METHOD]
            print(f"\n{group} #{index}: {DEFAULT_METHOD} {r10:.2f} / {r20:.2f}")
            print("  top 20: " + " ".join(f"{n}.{t}" for n, t in enumerate(top20, 1)))
            print("  missed (rank): " + ", ".join(missed))
    return 0


def load(limit: int | None) -> list[tuple[str, Post]]:
    """(category, post) pairs, LICENSE/README files skipped by the loader."""
    pairs = []
    for category in sorted(p.name for p in LIVEDOOR.iterdir() if p.is_dir()):
        posts = [p for p in iter_posts(LIVEDOOR / category, errors="skip") if isinstance(p, Post)]
        pairs += [(category, p) for p in posts[:limit]]
    return pairs


def work(pair: tuple[str, Post]) -> tuple[str, dict[str, list[str]], list[str], list[int], list[float], list[bool]]:
    """Top-10 keys per method, plus what the corpus-background variants need."""
    category, post = pair
    doc = prepare(post)
    st = term_stats(doc)
    tops: dict[str, list[str]] = {}
    if not len(st):
        return category, {m: [] for m in METHODS}, [], [], [], []
    flr = METHODS["flr"](st, None)
    for name, method in METHODS.items():
        tops[name] = [k.norm for k in rank(st, flr if name == "flr" else method(st, None), TOP_K)]
    # Which candidates the author's labels boost: rank unit scores and see which came out above 1.
    unit = rank(st, [1.0] * len(st), None)
    boosted = {k.norm for k in unit if k.score > 1.0}
    boost = [n in boosted for n in st.norms]
    return category, tops, list(st.norms), list(st.counts), flr, boost


def profiles(tops_by_category: dict[str, Counter[str]]) -> dict[str, list[str]]:
    """The PROFILE heaviest terms of each category (ties: alphabetical, for a stable table)."""
    return {c: [t for t, _ in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE]]
            for c, cnt in tops_by_category.items()}


def overlaps(prof: dict[str, list[str]]) -> dict[str, int]:
    """Per category: how many of its profile terms are in another category's profile."""
    out = {}
    for c, terms in prof.items():
        others = set().union(*(set(t) for o, t in prof.items() if o != c))
        out[c] = sum(1 for t in terms if t in others)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per category (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keyphrase", action="store_true",
                        help="recall@10/@20 against the human keyphrases of keyphrase-dev.json instead")
    parser.add_argument("--misses", action="store_true",
                        help="with --keyphrase: each document's top 20 and the ranks of its missed keyphrases")
    args = parser.parse_args(argv)
    if args.keyphrase:
        return keyphrase(args.workers, args.misses)
    if not LIVEDOOR.exists():
        print(f"{LIVEDOOR} not found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    pairs = load(args.limit)
    with Pool(args.workers) as pool:
        results = pool.map(work, pairs, chunksize=32)
    elapsed = time.perf_counter() - t0

    # Background from livedoor itself, as a user passing background=their corpus would get.
    df: Counter[str] = Counter()
    for _, _, norms, _, _, _ in results:
        df.update(norms)
    corpus_bg = Background(len(results), df, "livedoor")

    agg: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for category, tops, norms, counts, flr, boost in results:
        for name, keys in tops.items():
            agg[name][category].update(keys)
        if not norms:
            continue
        for name, base in (("tfidf+corpus", counts), ("hybrid+corpus", flr)):
            scores = [b * corpus_bg.idf(n) * (TITLE_BOOST if x else 1.0)
                      for b, n, x in zip(base, norms, boost, strict=True)]
            order = sorted(range(len(norms)), key=lambda i: (-scores[i], -counts[i], i))[:TOP_K]
            agg[name][category].update(norms[i] for i in order)

    categories = sorted({c for c, _ in pairs})
    names = list(agg)
    table = {name: overlaps(profiles(agg[name])) for name in names}
    print(f"livedoor: {len(pairs)} articles, {len(categories)} categories, {elapsed:.0f} s with {args.workers} workers")
    print(f"top-{PROFILE} terms per category (by # articles with the term in their top {TOP_K}) also in another "
          "category's top 20 (lower = more distinctive)\n")
    print("| category | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for c in categories:
        print(f"| {c} | " + " | ".join(str(table[n][c]) for n in names) + " |")
    print("| **mean** | " + " | ".join(f"{sum(table[n].values()) / len(categories):.1f}" for n in names) + " |")
    for name in names:
        print(f"\n{name}: top 8 per category")
        prof = profiles(agg[name])
        for c in categories:
            print(f"  {c:15} " + " ".join(prof[c][:8]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
