"""Build ``src/jpblog_nlp/data/background_df.tsv.gz``: document frequencies of term keys.

The table is what ``keywords`` methods "tfidf" and "hybrid" compare a post against when the user gives
no corpus of their own.  It is derived data shipped with the package, so it is built only from corpora
whose licences allow redistributing derived data:

* ``../shared/data/hatena/mt-export/yamadattt.hatenablog.jp.export.txt``: 455 Hatena Blog posts (MIT),
  one document per post — blog-style prose, the register we analyse;
* ``../shared/data/chabsa/sentences_all.tsv``: chABSA (CC BY 4.0) sentences grouped by their
  ``document_id`` (one securities report each) — formal prose, so that everyday business nouns
  (状況, 影響, 増加) read as common.

NOT livedoor (CC BY-ND: no derived data may be shipped) and NOT WRIME (CC BY-NC-ND).

Only keys held by at least ``--min-df`` documents are written (a key the table lacks gets the highest
IDF anyway), which keeps the file small.

Usage::

    python scripts/build_background_df.py [--shared ../shared/data] [--min-df 2]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from jpblog_nlp.keywords import BACKGROUND_FILE, build_background, write_background
from jpblog_nlp.sources import iter_posts
from jpblog_nlp.text.records import Post

ROOT = Path(__file__).resolve().parents[1]


def hatena_posts(shared: Path) -> list[Post]:
    """The MIT-licensed Hatena Blog export, one Post per entry."""
    path = shared / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"
    return [p for p in iter_posts(path, errors="skip") if isinstance(p, Post) and p.text.strip()]


def chabsa_documents(shared: Path) -> list[Post]:
    """chABSA sentences joined into one Post per securities report."""
    path = shared / "chabsa" / "sentences_all.tsv"
    by_doc: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            by_doc[row["document_id"]].append(row["text"])
    return [Post(id=f"chabsa-{doc_id}", title="", text="。\n".join(lines) + "。", source=str(path))
            for doc_id, lines in sorted(by_doc.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "jpblog_nlp" / "data" / BACKGROUND_FILE)
    args = parser.parse_args(argv)
    hatena = hatena_posts(args.shared)
    chabsa = chabsa_documents(args.shared)
    if not hatena:
        print("no Hatena posts loaded: is the MT export reader installed?", file=sys.stderr)
        return 1
    background = build_background(hatena + chabsa, min_df=args.min_df, name="hatena-yamadattt+chabsa")
    write_background(background, str(args.out))
    print(f"{len(hatena)} Hatena posts + {len(chabsa)} chABSA reports = {background.n_docs} documents; "
          f"{len(background.df)} keys with df >= {args.min_df} -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
