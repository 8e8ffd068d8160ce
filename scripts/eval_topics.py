"""Evaluate topic discovery on the livedoor news corpus: do discovered topics find the categories?

Usage::

    python scripts/eval_topics.py [../shared/data/livedoor] [--k 9] [--limit N]

Loads every article with ``jpblog_nlp.iter_posts(dir, errors="skip")`` (category = parent folder name),
prepares each once, discovers k topics (9 = the number of categories by default) and prints:

* NMI (``sklearn.metrics.normalized_mutual_info_score``) between each article's dominant topic and its
  category, and purity (share of articles whose topic's majority category is their own);
* the stability of each k tried (``TopicModel.k_stability``);
* each topic's label, size and majority category;
* the time spent preparing (MeCab + compound terms) against the time of the topic model itself, measured
  in this one run.

Preparing 7,367 articles takes minutes, so with ``--cache DIR`` (e.g. ``/tmp``) the prepared term lists
are pickled there, keyed by a digest of the ``text/`` package's source and the article list, and a later
run with the same code and articles loads them (the preparing time shown is then the one recorded).
The cache is the script's only, and lives outside the project.

Nothing derived from livedoor (CC BY-ND) is written anywhere: the script only prints figures.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import jpblog_nlp
from jpblog_nlp import iter_posts
from jpblog_nlp.explore.topics import discover_topics
from jpblog_nlp.text.document import Document, prepare

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "livedoor"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--k", type=int, default=9, help="number of topics (0: choose automatically)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles per category")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder for a pickle of the prepared articles (outside the project, e.g. /tmp)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"no livedoor corpus at {args.root}", file=sys.stderr)
        return 2
    from sklearn.metrics import normalized_mutual_info_score

    t0 = time.perf_counter()
    posts, categories = [], []
    per_category: Counter[str] = Counter()
    for post in iter_posts(args.root, errors="skip"):
        category = Path(post.source.split("#", 1)[0]).parent.name
        if args.limit and per_category[category] >= args.limit:
            continue
        # Articles sit in <category>/ folders; README, LICENSE and SOURCES files are not articles.
        if Path(post.source).parent.resolve() == args.root.resolve() or Path(post.source).name.startswith(
                ("LICENSE", "README", "CHANGES")):
            continue
        per_category[category] += 1
        posts.append(post)
        categories.append(category)
    t1 = time.perf_counter()
    docs, prepare_time = prepared(posts, args.cache)
    t2 = time.perf_counter()
    model = discover_topics(docs, k=args.k or None)
    t3 = time.perf_counter()

    dominant = model.dominant()
    nmi = normalized_mutual_info_score(categories, dominant)
    by_topic: dict[int, Counter[str]] = {}
    for topic, category in zip(dominant, categories, strict=True):
        by_topic.setdefault(topic, Counter())[category] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_topic.values()) / len(categories)

    print(f"articles: {len(posts)} in {len(per_category)} categories; k = {model.k}")
    print(f"NMI(dominant topic, category) = {nmi:.3f}")
    print(f"purity = {purity:.3f}")
    print("stability per k: " + ", ".join(f"{k}: {v:.3f}" for k, v in model.k_stability))
    print()
    for topic in model.topics:
        counts = by_topic.get(topic.index, Counter())
        major, n_major = counts.most_common(1)[0] if counts else ("-", 0)
        size = sum(counts.values())
        share = n_major / size if size else 0.0
        print(f"  topic {topic.index}: {topic.label:<40} posts={size:5d}  majority={major} ({share:.0%})")
    print()
    model_time = t3 - t2
    print(f"load: {t1 - t0:.1f} s; prepare (MeCab + terms): {prepare_time:.1f} s "
          f"({1000 * prepare_time / max(1, len(posts)):.1f} ms/article); topic model: {model_time:.1f} s")
    print(f"topic model time / prepare time = {model_time / prepare_time:.2f}")
    return 0


def prepared(posts: list, cache: Path | None) -> tuple[list[Document], float]:
    """Each post prepared (terms only), and the seconds preparing took; from ``cache`` when it holds them."""
    path = None
    if cache is not None:
        digest = hashlib.sha256()
        for source in sorted((Path(jpblog_nlp.__file__).parent / "text").glob("*.py")):
            digest.update(source.read_bytes())
        for post in posts:
            digest.update(f"{post.source}\0{len(post.text)}\0".encode())
        path = cache / f"jpblog-eval-topics-{digest.hexdigest()[:16]}.pickle"
        if path.is_file():
            with path.open("rb") as handle:
                return pickle.load(handle)
    start = time.perf_counter()
    # Topic discovery reads terms only: keep each post's terms, not its morphemes (4 GB less on livedoor).
    docs = [Document(post=d.post, sentences=(), morphemes=(), terms=(tuple(d.all_terms()),))
            for d in map(prepare, posts)]
    result = (docs, time.perf_counter() - start)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return result


if __name__ == "__main__":
    sys.exit(main())
