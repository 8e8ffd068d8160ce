"""Keywords a reader would pick: whole compound terms scored by interchangeable methods.

Candidates are the document's compound-aware terms (``Document.terms``): whole compounds (影響力,
オンラインサロン), single nouns and hashtags, matched on their ``norm`` key so that KLOUT/Klout and
コミュニティ/コミュニティー are one keyword shown in its most frequent written form.  Verbs, adjectives and
adjectival nouns are left out by default: in Japanese blog posts they are mostly evaluative or light
(思う, 楽しい, 大切) and a reader never lists them as what a post is *about*; pass ``kinds=`` to change
that.  Stopwords, numbers, dates, URLs, lone kana and symbols never reach the candidates (``tokens``
filters them).

Methods share one signature ``method(stats, background) -> scores`` and are registered by name in
``METHODS`` (the way sumy registers summarizers):

``flr``
    Nakagawa & Mori's term-extraction score: frequency × LR, where LR is the geometric mean of how often
    each unit of the compound is joined to other units on its left and on its right, counted over the
    post itself.  A compound whose units build many compounds (影響 → 影響力, SNS → SNS黒歴史,
    SNSセミナー) scores high; a lone noun scores its frequency.  Works on one post alone.
``textrank``
    Mihalcea & Tarau's graph ranking over term co-occurrence (window of neighbouring terms inside a
    sentence), with numpy power iteration.  Works on one post alone.
``tfidf``
    term frequency × inverse document frequency against a background table: by default the table shipped
    in ``data/background_df.tsv.gz`` (built by ``scripts/build_background_df.py`` from MIT/CC BY corpora),
    or the user's own corpus (``background=``).
``hybrid`` (default)
    FLR damped by the background IDF: FLR alone promotes frequent everyday nouns (言葉, 時間, 今日)
    that every post uses; the IDF factor (shipped table, no corpus needed from the user) pushes them down
    while a post's own compounds keep their FLR weight.  Chosen after ``scripts/eval_keywords.py``
    (see ``DEFAULT_METHOD`` for the figures).

The author's own labels are strong evidence of what a post is about, so a candidate that also occurs in
the post's title, its categories or inside one of its hashtags (しなやかフェス in #しなやかフェス2018秋) has
its score multiplied by ``TITLE_BOOST``.
"""

from __future__ import annotations

import gzip
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from operator import attrgetter, itemgetter
from typing import Any

from .document import Document, prepare
from .errors import JpblogError, ResourceError
from .normalize import norm_key
from .records import Post, Term, slot_constructor
from .tokens import Morpheme, build_terms, parse_label, stopwords

#: Term kinds that can be keywords by default (see the module docstring for why not verbs/adjectives).
DEFAULT_KINDS: tuple[str, ...] = ("compound", "noun", "hashtag")
#: Multiplier for a candidate that also occurs in the post's title.
TITLE_BOOST = 1.5
#: Neighbouring terms (inside one sentence) linked in the TextRank graph.
TEXTRANK_WINDOW = 3
TEXTRANK_DAMPING = 0.85
# Chosen with scripts/eval_keywords.py on livedoor (7,367 articles, 9 categories): per category, how many
# of its 20 most frequent top-10 keywords are also among another category's 20 (lower = more
# distinctive), mean over categories: hybrid 5.6, tfidf 7.2, flr 7.9, textrank 8.6 (built-in background).
# With the corpus itself as background= (a user's own blog), tfidf 3.8 and hybrid 4.9: when a corpus is
# at hand, method="tfidf" with background= is the better choice.
DEFAULT_METHOD = "hybrid"


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword of a post.

    Attributes:
        term: Display form: the most frequent written form in the post (first seen on ties).
        norm: Matching key (``normalize.norm_key``) shared by its variants.
        score: The method's score (higher is more key; comparable within one method only).
        count: Occurrences of the term as a whole term in the post's body.
        first_offset: Offset of its first occurrence in ``post.text``.
        first_sentence: Index of the sentence of its first occurrence.
        kind: "compound", "noun" or "hashtag" (or another term kind when asked for).
    """

    term: str
    norm: str
    score: float
    count: int
    first_offset: int
    first_sentence: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        # Written out: dataclasses.asdict deep-copies every field, a cost paid per keyword of every post.
        return {"term": self.term, "norm": self.norm, "score": self.score, "count": self.count,
                "first_offset": self.first_offset, "first_sentence": self.first_sentence, "kind": self.kind}


class TermStats:
    """Per-post statistics of the keyword candidates, computed once and shared by every method.

    Plain parallel lists indexed by candidate number (no object per occurrence), because keyword
    extraction must stay cheap next to tokenization.

    Attributes:
        norms: Candidate keys in order of first occurrence.
        index: key → candidate number.
        counts: Occurrences as a whole term.
        forms: Written forms and their counts.
        first_offset / first_sentence / kinds: Where each candidate first occurs and its kind.
        units: The unit keys of each candidate (one unit for single nouns and hashtags).
        sequences: For each sentence, the candidate numbers in text order.
        title_norms: Keys of the terms of the post's title.
    """

    __slots__ = ("counts", "first_offset", "first_sentence", "forms", "index", "kinds", "norms", "sequences",
                 "title_norms", "units")

    def __init__(self) -> None:
        self.norms: list[str] = []
        self.index: dict[str, int] = {}
        self.counts: list[int] = []
        self.forms: list[dict[str, int]] = []
        self.first_offset: list[int] = []
        self.first_sentence: list[int] = []
        self.kinds: list[str] = []
        self.units: list[tuple[str, ...]] = []
        self.sequences: list[list[int]] = []
        self.title_norms: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.norms)

    def display(self, i: int) -> str:
        """Most frequent written form of candidate i (the first seen wins ties)."""
        forms = self.forms[i]
        if len(forms) == 1:  # most candidates are written one way only
            return next(iter(forms))
        # max keeps the first of equal maxima, and dicts keep insertion order: the first seen wins ties.
        return max(forms, key=forms.__getitem__)


#: Last units that make a compound say "for/during/after X" or add an honorific or plural to a name
#: (サラダ用, 練習中, 藤村正宏さん, 野村氏, 独女たち): the keyword is X itself, so they are trimmed and the
#: occurrence counts for X (独女, 独女たち and 独女達 are one keyword).
TRIM_SUFFIXES = frozenset((
    "用", "中", "後", "前", "時", "等", "など", "向け", "別", "済み", "付き", "以上", "以下", "以外", "毎", "ごと",
    "たち", "達", "さん", "ちゃん", "くん", "君", "氏", "様", "さま", "選手",
))
_UNSEEN = object()
# Morpheme offsets, read in C by the binary searches of _compound_entry.
_MORPHEME_START = attrgetter("start")
_MORPHEME_END = attrgetter("end")
_MORPHEME_NORM = attrgetter("norm")


def _compound_entry(
    morphs: tuple[Morpheme, ...], j: int, term: Term, stop: frozenset[str]
) -> tuple[tuple[str, str, int, tuple[str, ...]] | None, int]:
    """Key, kind, characters to cut and unit keys of a compound candidate (None: drop it); new scan position.

    The morphemes covering the term are searched from ``j`` on (terms come in text order); morpheme
    starts and ends both increase along a sentence, so binary searches find them.
    """
    j = bisect_left(morphs, term.start, j, key=_MORPHEME_START)
    k = bisect_right(morphs, term.end, j, key=_MORPHEME_END)
    # Compound units are nouns and affixes, keyed on their written base: their token_norm, which parse
    # computed once per morpheme (Morpheme.norm).
    units = tuple(map(_MORPHEME_NORM, morphs[j:k])) or (term.norm,)
    if len(units) < 2 or units[-1] not in TRIM_SUFFIXES:
        return (term.norm, "compound", 0, units), k
    cut = len(morphs[k - 1].surface)
    units = units[:-1]
    if len(units) == 1:
        key, kind = units[0], "noun"
    else:
        key, kind = norm_key(term.text[:-cut]), "compound"
    if key in stop or (len(term.text) - cut < 2 and not ("\u4e00" <= term.text[0] <= "\u9fff")):
        return None, k  # 自分用, ご用: nothing left worth a keyword
    return (key, kind, cut, units), k


def term_stats(doc: Document, *, kinds: Iterable[str] = DEFAULT_KINDS) -> TermStats:
    """Collect the keyword candidates of a document.

    Args:
        doc: A prepared document.
        kinds: Term kinds admitted as candidates.

    Returns:
        The candidates' statistics.
    """
    kinds = frozenset(kinds)
    stop = stopwords()
    st = TermStats()
    index = st.index
    counts = st.counts
    forms = st.forms
    # The per-candidate lists' appends, looked up once: this loop runs once per term of the post.
    add_norm = st.norms.append
    add_offset = st.first_offset.append
    add_sentence = st.first_sentence.append
    add_kind = st.kinds.append
    add_units = st.units.append
    compounds: dict[str, tuple[str, str, int, tuple[str, ...]] | None] = {}
    for s_index, (sentence_terms, morphs) in enumerate(zip(doc.terms, doc.morphemes, strict=False)):
        seq: list[int] = []
        j = 0
        for term in sentence_terms:
            kind = term.kind
            if kind not in kinds:
                continue
            key = term.norm
            # A lone Latin letter is what is left of 3D, S-MAX or Wi-Fi once numbers and hyphens split.
            if len(key) == 1 and key.isascii():
                continue
            text, units = term.text, None
            if kind == "compound":
                entry = compounds.get(key, _UNSEEN)
                if entry is _UNSEEN:
                    entry, j = _compound_entry(morphs, j, term, stop)
                    compounds[key] = entry
                if entry is None:
                    continue
                key, kind, cut, units = entry  # type: ignore[misc]
                if cut:
                    text = text[:-cut]
            i = index.get(key)
            if i is None:
                i = index[key] = len(counts)
                add_norm(key)
                counts.append(1)
                forms.append({text: 1})
                add_offset(term.start)
                add_sentence(s_index)
                add_kind(kind)
                add_units(units or (key,))
            else:
                counts[i] += 1
                f = forms[i]
                f[text] = f.get(text, 0) + 1
            seq.append(i)
        st.sequences.append(seq)
    st.title_norms = _label_norms(doc.post)
    return st


@lru_cache(maxsize=4096)
def _text_norms(text: str) -> frozenset[str]:
    """Keys of the terms of a title or category (cached: categories repeat across a blog's posts)."""
    return frozenset(t.norm for t in build_terms(parse_label(text), text, content_words=False))


def _label_norms(post: Post) -> frozenset[str]:
    """Keys of the author's own labels: title terms, category terms, and hashtags without their '#'.

    Hashtags are kept whole ("しなやかフェス2018秋"); ``rank`` matches a candidate inside them.
    """
    keys: set[str] = set()
    if post.title:
        keys |= _text_norms(post.title)
    for category in post.categories:
        keys |= _text_norms(category)
    keys.update(norm_key(tag.lstrip("#＃")) for tag in post.hashtags)
    return frozenset(keys)


# --- background document frequencies ---------------------------------------------------------------------


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
    from .safe_io import write_bytes

    lines = [f"#n_docs\t{background.n_docs}\n"] + [f"{key}\t{background.df[key]}\n" for key in sorted(background.df)]
    # mtime=0: the same table gives the same bytes (stable diffs of the shipped file).
    write_bytes(path, gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0), what="background table")


# --- methods ---------------------------------------------------------------------------------------------

Method = Callable[[TermStats, "Background | None"], list[float]]


def _lr_factors(st: TermStats) -> list[float]:
    """Nakagawa's LR of each candidate: geometric mean of (left+1)(right+1) over its units.

    Left/right counts are the numbers of *different* units a unit is joined to in the post's compounds
    (異なり数).  Counting occurrences (延べ数) instead lets a compound repeated n times lift itself by
    about sqrt(n+1) on top of its frequency, which on a single post drowns single nouns such as 共感.
    """
    # Each different (unit, next unit) pair adds one to the right count of the first and the left count
    # of the second.
    pairs = {pair for units in st.units if len(units) > 1 for pair in pairwise(units)}
    right = Counter(map(itemgetter(0), pairs))
    left = Counter(map(itemgetter(1), pairs))
    # (left+1)(right+1) of each unit joined to another; every other unit's factor is 1.
    joins = {unit: (left[unit] + 1) * (right[unit] + 1) for unit in left.keys() | right.keys()}
    joins_of = joins.get
    out = []
    for units in st.units:
        if len(units) == 1 and units[0] not in joins:
            out.append(1.0)  # what the general formula gives: 1.0 ** 0.5
            continue
        product = 1.0
        for unit in units:
            product *= joins_of(unit, 1)
        out.append(product ** (1.0 / (2 * len(units))))
    return out


def score_flr(st: TermStats, background: Background | None = None) -> list[float]:
    """FLR: frequency × LR; a single post, no corpus needed.

    The frequency is that of the term as a whole: counting 影響 inside every 影響力 (termextract's "TF"
    mode) lifted the parts (影響, フェス, サロン) above the compounds a reader names.
    """
    return [c * lr for c, lr in zip(st.counts, _lr_factors(st), strict=False)]


def score_textrank(st: TermStats, background: Background | None = None) -> list[float]:
    """TextRank over term co-occurrence inside sentences (window ``TEXTRANK_WINDOW``), power iteration."""
    import numpy as np

    n = len(st)
    if n == 0:
        return []
    rows: list[int] = []
    cols: list[int] = []
    for seq in st.sequences:
        m = len(seq)
        for a in range(m):
            for b in range(a + 1, min(a + TEXTRANK_WINDOW, m)):
                if seq[a] != seq[b]:
                    rows.append(seq[a])
                    cols.append(seq[b])
    weights = np.zeros(n * n)
    if rows:
        flat = np.asarray(rows, dtype=np.intp) * n + np.asarray(cols, dtype=np.intp)
        weights = np.bincount(flat, minlength=n * n).astype(float)
    weights = weights.reshape(n, n)
    weights += weights.T
    out_degree = weights.sum(axis=1)
    # Column-stochastic transition; an isolated node spreads nothing (its column stays zero).
    safe = np.where(out_degree > 0, out_degree, 1.0)
    transition = (weights / safe[:, None]).T
    d = TEXTRANK_DAMPING
    rank = np.full(n, 1.0 / n)
    base = (1.0 - d) / n
    # A ranking, not exact values, is needed: 1e-6 total change is far below any score gap that matters.
    for _ in range(60):
        new = base + d * (transition @ rank)
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < 1e-6:
            break
    # Scale so that an average node scores 1, and break ties by frequency (a tiny share).
    return [float(r) * n + 1e-6 * c for r, c in zip(rank, st.counts, strict=False)]


def score_tfidf(st: TermStats, background: Background | None = None) -> list[float]:
    """TF-IDF against the background table (the built-in one when none is given)."""
    bg = background or default_background()
    return [c * bg.idf(norm) for c, norm in zip(st.counts, st.norms, strict=False)]


def score_hybrid(st: TermStats, background: Background | None = None) -> list[float]:
    """FLR × IDF: the post's own term structure, with everyday nouns pushed down by the background."""
    bg = background or default_background()
    # Background.idf and score_flr written out (same arithmetic, same order): one pass, no call per term.
    log = math.log
    n_docs = bg.n_docs + 1
    df = bg.df.get
    return [
        c * lr * (log(n_docs / (df(norm, 0) + 1)) + 1.0)
        for c, lr, norm in zip(st.counts, _lr_factors(st), st.norms, strict=False)
    ]


METHODS: dict[str, Method] = {
    "hybrid": score_hybrid,
    "flr": score_flr,
    "textrank": score_textrank,
    "tfidf": score_tfidf,
}


def get_method(name: str) -> Method:
    """Look a scoring method up by name.

    Raises:
        JpblogError: Unknown name (the message lists the known ones).
    """
    try:
        return METHODS[name]
    except KeyError:
        raise JpblogError(f"unknown keyword method {name!r}", hint="use one of " + ", ".join(METHODS)) from None


def _as_background(background: Background | Iterable[str | Post | Document] | None) -> Background | None:
    """Accept a Background or an iterable of posts/documents (built into one)."""
    if background is None or isinstance(background, Background):
        return background
    return build_background(background, name="user corpus")


_make_keyword = slot_constructor(Keyword)


def rank(st: TermStats, scores: list[float], top_k: int | None) -> list[Keyword]:
    """Turn candidate scores into Keyword records, best first (ties: more frequent, then earlier)."""
    labels = st.title_norms
    if labels:
        tags = [k for k in labels if len(k) > 2]
        # One substring search over all tags rules most candidates out; a hit is confirmed tag by tag,
        # since it may straddle two tags.
        all_tags = "\n".join(tags)
        scores = [
            s * TITLE_BOOST
            if norm in labels or (len(norm) >= 2 and norm in all_tags and any(norm in tag for tag in tags))
            else s
            for s, norm in zip(scores, st.norms, strict=False)
        ]
    counts, first_offset = st.counts, st.first_offset
    # Stable sorts from the last key to the first: no key tuple per candidate.  Candidates are numbered
    # in text order, so the first sort finds them already in place.
    order = sorted(range(len(st)), key=first_offset.__getitem__)
    order.sort(key=counts.__getitem__, reverse=True)
    order.sort(key=scores.__getitem__, reverse=True)
    if top_k is not None:
        order = order[: max(top_k, 0)]
    norms, first_sentence, kinds, display = st.norms, st.first_sentence, st.kinds, st.display
    return [
        _make_keyword(display(i), norms[i], round(scores[i], 4), counts[i], first_offset[i], first_sentence[i],
                      kinds[i])
        for i in order
    ]


def extract_keywords(
    source: str | Post | Document,
    top_k: int | None = 10,
    method: str = DEFAULT_METHOD,
    *,
    background: Background | Iterable[str | Post | Document] | None = None,
    kinds: Iterable[str] = DEFAULT_KINDS,
) -> list[Keyword]:
    """Extract the keywords of one post.

    Args:
        source: The post's text (a str is always text), a ``pathlib.Path`` to a post file, a ``Post`` or a
            prepared ``Document``.
        top_k: How many keywords to return (``None`` for every candidate).
        method: A name in ``METHODS``: "hybrid" (default), "flr", "textrank" or "tfidf".
        background: For "tfidf"/"hybrid": a ``Background`` or an iterable of posts/documents to count
            document frequencies over (build it once with ``build_background`` when extracting from many
            posts); the built-in table when omitted.
        kinds: Term kinds admitted as keywords.

    Returns:
        Keywords, best first; an empty list for a post without any candidate (emoji or URLs only).

    Raises:
        JpblogError: Unknown method.

    >>> [k.term for k in extract_keywords("オンラインサロンの影響力。影響力とは何か。", top_k=2)]
    ['影響力', 'オンラインサロン']
    """
    scorer = get_method(method)
    doc = prepare(source)
    st = term_stats(doc, kinds=kinds)
    if not len(st):
        return []
    return rank(st, scorer(st, _as_background(background)), top_k)


__all__ = [
    "DEFAULT_KINDS",
    "DEFAULT_METHOD",
    "METHODS",
    "Background",
    "Keyword",
    "TermStats",
    "build_background",
    "default_background",
    "extract_keywords",
    "get_method",
    "rank",
    "term_stats",
    "write_background",
]
