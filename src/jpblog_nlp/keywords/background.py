"""Background document frequencies: how common a term is across many posts, for the IDF of tfidf and hybrid.

The package ships a table (``data/background_df.tsv.gz``, built by ``scripts/build_background_df.py`` from
MIT/CC BY corpora) so that a single post can be scored without a corpus of the user's; a user's own corpus
can be counted instead (``build_background``).
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import ResourceError
from ..text.document import Document, prepare
from ..text.records import Post
from .candidates import DEFAULT_KINDS, term_stats


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of term keys over a background corpus.

    Attributes:
        n_docs: Number of documents counted.
        df: Term key → number of documents holding it.
        name: Where it comes from (for messages and reports).
    """

    n_docs: int
    df: Mapping[str, int]
    name: str = ""

    def idf(self, norm: str) -> float:
        """Smoothed inverse document frequency: log((N + 1) / (df + 1)) + 1, never below 1."""
        return math.log((self.n_docs + 1) / (self.df.get(norm, 0) + 1)) + 1.0


def build_background(
    documents: Iterable[str | Post | Document], *, kinds: Iterable[str] = DEFAULT_KINDS, min_df: int = 1,
    name: str = "corpus",
) -> Background:
    """Count document frequencies of term keys over a corpus.

    Args:
        documents: Posts, documents or texts (each is one document).
        kinds: Term kinds counted.
        min_df: Drop keys held by fewer documents (keeps shipped tables small).
        name: Label of the corpus.

    Returns:
        The background table.
    """
    kinds = tuple(kinds)
    df: dict[str, int] = {}
    n = 0
    for source in documents:
        n += 1
        # The candidates' own keys (trimmed compounds included), so that idf looks up what is scored.
        for key in term_stats(prepare(source), kinds=kinds).norms:
            df[key] = df.get(key, 0) + 1
    if min_df > 1:
        df = {k: v for k, v in df.items() if v >= min_df}
    return Background(n, df, name)


BACKGROUND_FILE = "background_df.tsv.gz"


@lru_cache(maxsize=1)
def default_background() -> Background:
    """The background table shipped with the package (``data/background_df.tsv.gz``).

    Format: a first line ``#n_docs<TAB>N``, then ``key<TAB>df`` lines.
    """
    path = resources.files("jpblog_nlp") / "data" / BACKGROUND_FILE
    try:
        # Decompressed whole and split once: iterating a GzipFile line by line costs ~15 ms at start-up.
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
        header = lines[0].split("\t") if lines else []
        if len(header) != 2 or header[0] != "#n_docs":
            raise ResourceError("background table has no '#n_docs' header", source=str(path),
                                hint="rebuild it with scripts/build_background_df.py")
        n_docs = int(header[1])
        df: dict[str, int] = {}
        for line in lines[1:]:
            key, _, value = line.rpartition("\t")
            if key:
                df[key] = int(value)
    except (OSError, ValueError) as err:
        raise ResourceError(f"cannot read the background table ({err})", source=str(path),
                            hint="reinstall jpblog-nlp or rebuild it with scripts/build_background_df.py") from err
    return Background(n_docs, df, "built-in")


def write_background(background: Background, path: str) -> None:
    """Write a background table in the shipped format (gzip TSV, keys sorted for stable diffs).

    Built whole in memory (a few MB) and written by ``safe_io``: a rebuild interrupted half-way leaves the
    previous table, never a truncated gzip that every later analysis would fail to read.
    """
    from ..safe_io import write_bytes

    lines = [f"#n_docs\t{background.n_docs}\n"] + [f"{key}\t{background.df[key]}\n" for key in sorted(background.df)]
    # mtime=0: the same table gives the same bytes (stable diffs of the shipped file).
    write_bytes(path, gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0), what="background table")


def as_background(background: Background | Iterable[str | Post | Document] | None) -> Background | None:
    """Accept a Background or an iterable of posts/documents (built into one).

    ``extract_keywords(background=...)`` takes either, so that a notebook user can pass a list of posts
    without building the table first.
    """
    if background is None or isinstance(background, Background):
        return background
    return build_background(background, name="user corpus")


__all__ = ["BACKGROUND_FILE", "Background", "as_background", "build_background", "default_background",
           "write_background"]
