"""Topics discovered across a corpus, without a dictionary: NMF over compound-term frequencies.

Each post is reduced to the matching keys of its compound terms and nouns (``prepare(post)``, so
影響力 and オンラインサロン count whole and コミュニティー = コミュニティ); verbs and adjectives are left
out because they say how, not what.  Each post's terms weighted by 1 + log(tf) (unit length, no idf) and
scikit-learn's NMF (Kullback-Leibler loss, started from k-means: ``explore.topics_fit``) give each topic its
terms and each post its topic weights.  A topic's label is made of its most *distinctive* terms (relevance:
a term's share of the topic against its share of the corpus), not its heaviest, with nested terms folded.

What is exact and what is equal to a tolerance.  NMF's floats differ in their last bits between CPUs (BLAS
kernels), thread counts and engines, and on a corpus with symmetric subjects two starts may reach equal
losses.  The same data then give the same topics with weights a little apart.  So nothing discrete is
decided by float noise: every weight is put in a form that does not depend on how NMF split each topic's
scale between W and H (a topic's term weights sum to 1, a post's topic weights sum to 1), weights within
``TIE_TOLERANCE`` (relative) of each other count as equal, and equal ones are ordered by something
discrete (a term's key, a topic's top-term keys, the topic order).  Topic order, labels, top terms,
``n_posts`` and each post's dominant topic are therefore exact for a given corpus and vocabulary; the
weights themselves are equal to a tolerance only.

When ``k`` is not given, the k (in 3..10) whose grouping of the posts comes out the same on different
subsamples is kept (``topics_fit.k_stability``), and every k's stability is reported with the topics.
Two is not tried by default: halving a corpus is always the most stable grouping (livedoor 0.95, a
diary blog 0.83) and tells a reader nothing.

scikit-learn and pandas are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from ..errors import InputError
from ..text.document import Document
from ..text.records import Post
from .boilerplate import MIN_POSTS, blog_of, iter_lines, line_keys, own_names, select
from .frequency import as_document
from .topics_fit import choose_k, coherent_lines, fit_nmf, k_stability, one_thread

TOPIC_KINDS = frozenset(("compound", "noun"))
_NUMBERISH = re.compile(r"^[\d.,:/\-]+$")
LABEL_SEPARATOR = "・"
#: Weights closer than this (relative to the largest weight compared) count as equal.  NMF stops at a
#: tolerance of 1e-4, so its weights mean little beyond about 1e-3, while CPU and engine noise is around
#: 1e-12: a thousandth is far above the noise and below any difference worth reading.
TIE_TOLERANCE = 1e-3
#: Relevance of a term to a topic: this weight on log p(term | topic), the rest on the lift
#: log(p(term | topic) / p(term)).  Sievert and Shirley (LDAvis, 2014) found readers recognised topics
#: best around 0.6: the heaviest terms alone are the corpus's common words (女性, 日本, 記事), the lift
#: alone picks rare oddities.
RELEVANCE_LAMBDA = 0.6
#: The label is chosen among this many times ``n_terms`` of a topic's heaviest terms.
LABEL_POOL = 3
#: Marks the key of a term counted only as evidence (inside a series' signature line): never shown.
EVIDENCE = "\x00"
#: A term alone on its line in at least this share of its occurrences is a heading (``heading_terms``).
HEADING_SHARE = 0.9
#: ... a line being the term alone when, but for punctuation and spaces (【】, ■, ・), it is the term; a line
#: more than this many characters longer than the term is never looked at.
HEADING_SLACK = 16
_NON_WORD = re.compile(r"[\W_]+")
_FIELD = re.compile(r"\s*[:：]")
_CLOSING = ("】", "]", "］")


def topic_terms(doc: Document, boilerplate: frozenset[str] = frozenset(),
                names: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The (key, written form) of a document's terms that may carry a topic.

    Compound terms and nouns of two characters or more (a single kanji such as 人 or 日 is too vague to
    name a topic), without pure numbers.

    Args:
        doc: The prepared post.
        boilerplate: Keys of its blog's boilerplate lines (``boilerplate.line_keys``): a term's
            occurrences inside those lines (credits, signatures) are left out, the others count.
        names: Keys of the blog's own names (``boilerplate.own_names``), never topic terms.
    """
    lines = [(start, end, line_keys(line)) for start, end, line in iter_lines(doc.post.text)] if boilerplate else []
    return split_terms(doc, lines, boilerplate, names).kept


@dataclass(frozen=True, slots=True)
class LineTerms:
    """The topic terms inside one boilerplate line of a post (see ``split_terms``).

    Attributes:
        line: The line's comparison key (``boilerplate.line_keys``) that made it boilerplate.
        keys: The keys of the topic terms inside it, once per occurrence.
    """

    line: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostTerms:
    """A post's terms as topic discovery splits them (``split_terms``).

    Attributes:
        kept: (key, written form) of its topic terms, once per occurrence, in text order.
        boilerplate: The terms inside its boilerplate lines, line by line (evidence only, never shown).
        alone: Keys of the kept occurrences that make up a whole line by themselves (``【関連記事】``),
            open it as a field label (``記事執筆：memn0ck``) or stand as a bracketed tag (``…【売れ筋チェック】``).
    """

    kept: list[tuple[str, str]]
    boilerplate: tuple[LineTerms, ...]
    alone: tuple[str, ...]


def split_terms(doc: Document, lines: Sequence[tuple[int, int, tuple[str, ...]]],
                boilerplate: frozenset[str] = frozenset(), names: frozenset[str] = frozenset()) -> PostTerms:
    """A post's topic terms (as ``topic_terms``), those inside its boilerplate lines, and those alone on a line.

    The terms of boilerplate lines are no topic terms, but a line that only one series of posts carries
    still says which posts belong together (``topics_fit.coherent_lines``): ``topics_from_terms`` may count
    them as evidence.  A term that stands alone on its line is a heading there; one that is a heading
    almost wherever it occurs (関連記事, 関連リンク, 応募方法) names a part of the page, not a subject
    (see ``heading_terms``).

    Args:
        doc: The prepared post.
        lines: (start, end, keys) of each of its lines (``boilerplate.iter_lines``, ``line_keys``), computed
            once for the corpus's boilerplate count and reused here.
        boilerplate, names: As for ``topic_terms``.
    """
    text = doc.post.text
    kept: list[tuple[str, str]] = []
    inside: dict[int, list[str]] = {}
    alone: list[str] = []
    j = 0
    # Terms and lines are both in text order: one sweep, not a test of every term against every line.
    for sentence_terms in doc.terms:
        for t in sentence_terms:
            if not is_topic_term(t.norm, t.kind) or t.norm in names:
                continue
            while j < len(lines) and lines[j][1] <= t.start:
                j += 1
            if j < len(lines) and lines[j][0] <= t.start:
                start, end, keys = lines[j]
                if boilerplate and not boilerplate.isdisjoint(keys):
                    inside.setdefault(j, []).append(t.norm)
                    continue
                if heads_line(text, start, end, t.start, t.text):
                    alone.append(t.norm)
            kept.append((t.norm, t.text))
    evidence = tuple(LineTerms(next(key for key in lines[i][2] if key in boilerplate), tuple(keys))
                     for i, keys in sorted(inside.items()))
    return PostTerms(kept, evidence, tuple(alone))


def heads_line(text: str, line_start: int, line_end: int, start: int, written: str) -> bool:
    """Whether a term occurrence heads its line: the line is the term alone but for punctuation and spaces
    (``【関連記事】``, ``■関連リンク``), the term opens the line as a field label (``記事執筆：memn0ck``,
    ``販売元：shop``), or it stands as a bracketed tag (``…【売れ筋チェック】`` after a linked title).

    The one rule of ``split_terms`` and of the batch's workers (``batch.worker.term_bag``), which record
    these occurrences for ``heading_terms`` without keeping the text.

    Args:
        text: The post's text.
        line_start, line_end: The span of the occurrence's line (``boilerplate.iter_lines``).
        start: Where the occurrence starts in ``text``.
        written: The term as written there.
    """
    # Only a short line can be the term alone (most lines are paragraphs: no regex for them).
    if line_end - line_start <= len(written) + HEADING_SLACK \
            and _NON_WORD.sub("", text[line_start:line_end]) == _NON_WORD.sub("", written):
        return True
    after = start + len(written)
    if start - line_start <= HEADING_SLACK and _FIELD.match(text, after) \
            and not _NON_WORD.sub("", text[line_start:start]):
        return True
    return start > 0 and text[start - 1] in "【[［" and text[after:after + 1] in _CLOSING


def heading_terms(posts: Iterable[PostTerms], *, share: float = HEADING_SHARE,
                  min_posts: int = MIN_POSTS) -> frozenset[str]:
    """Keys of the terms that stand alone on their line (or open it as a field label, ``記事執筆：``) in at
    least ``share`` of their occurrences, in at least ``min_posts`` posts: the headings of a page's parts
    (関連記事, 関連リンク, 関連情報 on livedoor) and the labels of its credit fields (記事執筆, 販売元).

    A section heading that names a subject (ジョギング on a diary blog, alone on its line in 46% of its
    occurrences) is also written in sentences, so it stays.  Headings still count for fitting (which posts
    carry a 関連リンク list is telling); they are only never shown.
    """
    total: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    carriers: Counter[str] = Counter()
    for post in posts:
        total.update(key for key, _ in post.kept)
        alone.update(post.alone)
        carriers.update(set(post.alone))
    return frozenset(key for key, n in alone.items() if carriers[key] >= min_posts and n >= share * total[key])


def is_topic_term(norm: str, kind: str) -> bool:
    """Whether a term (its key and kind) may carry a topic (see ``topic_terms``)."""
    return kind in TOPIC_KINDS and len(norm) >= 2 and not _NUMBERISH.match(norm)


def rank_descending(values: Sequence[float], keys: Sequence[Any], *, rel_tol: float = TIE_TOLERANCE) -> list[int]:
    """Indices of ``values``, largest first, where values within a tolerance are equal and go in ``keys`` order.

    Why not ``sorted(..., key=-round(v, n))``: a fixed rounding grid can split two values that are equal in
    theory (4.00004999... and 4.00005000... on two CPUs).  Here a group starts at its largest value and takes
    every following value within ``rel_tol`` times the largest of all values, so values equal up to noise
    always share a group, and their order comes from the keys alone.  Values 0 are compared as such.

    Args:
        values: The weights (any real numbers).
        keys: One comparable, discrete key per value (term keys, tuples of term keys ...), which decides
            the order inside a group of equal values; distinct keys make the ranking a function of the keys
            and the weights up to the tolerance.
        rel_tol: The tolerance, relative to the largest absolute value.
    """
    floats = [float(v) for v in values]
    if not floats:
        return []
    tol = rel_tol * max(abs(v) for v in floats)
    ranked: list[int] = []
    group: list[int] = []
    leader = 0.0
    for i in sorted(range(len(floats)), key=lambda i: (-floats[i], keys[i])):
        if group and floats[i] < leader - tol:
            ranked.extend(sorted(group, key=keys.__getitem__))
            group = []
        if not group:
            leader = floats[i]
        group.append(i)
    ranked.extend(sorted(group, key=keys.__getitem__))
    return ranked


def dominant_topics(weights: Any, *, rel_tol: float = TIE_TOLERANCE) -> list[int]:
    """Each row's strongest column (-1 for a row of zeros); columns within the tolerance tie, the first wins.

    A post about two topics equally (weights 0.5 and 0.5 in theory) has them apart by noise only; taking
    the first of the near-equal ones makes its dominant topic a property of the topic order, which is
    itself decided discretely (``rank_descending``), rather than of the CPU.

    Args:
        weights: numpy array (rows x columns) of non-negative weights.
        rel_tol: Tolerance relative to the row's largest weight.
    """
    import numpy as np

    weights = np.asarray(weights, dtype=float)
    if weights.size == 0:
        return [-1] * weights.shape[0]
    top = weights.max(axis=1)
    first = (weights >= (top * (1.0 - rel_tol))[:, None]).argmax(axis=1)  # argmax of booleans: the first True
    return [int(j) if t > 0 else -1 for j, t in zip(first.tolist(), top.tolist(), strict=True)]


@dataclass(frozen=True, slots=True)
class Topic:
    """A discovered topic.

    Attributes:
        index: Column of the topic in the post-topic weights.
        label: Short name: the top terms joined by "・".
        terms: Top terms, most characteristic first (written forms).
        weights: Their shares of the topic (a topic's weights over the whole vocabulary sum to 1, so they
            compare across topics too), rounded to 6 decimals; equal to a tolerance across CPUs.
        n_posts: Posts whose dominant topic it is (``TopicModel.dominant``).
    """

    index: int
    label: str
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    n_posts: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"index": self.index, "label": self.label, "terms": list(self.terms),
                "weights": list(self.weights), "n_posts": self.n_posts}


@dataclass(frozen=True, slots=True, eq=False)
class TopicModel:
    """Topics of a corpus and the weight of each topic in each post.

    Attributes:
        topics: The topics, largest (by total weight) first; topics of equal weight (within
            ``TIE_TOLERANCE``) in the order of their top-term keys.
        post_ids: Ids of the posts, in the order given.
        weights: numpy array (posts x topics), each row summing to 1 (all zero for a post without any
            term of the vocabulary): the share of the post's modelled term weight that each topic gives.
            Equal to a tolerance across CPUs and engines, not to the last bit.
        k: Number of topics.
        k_stability: (k, stability) for every k tried (one pair when k was given): how alike the posts'
            grouping into k topics comes out on different subsamples (adjusted Rand index, 1 = the same,
            0 = chance; ``topics_fit.k_stability``).  The chosen k is the most stable one; a reader sees
            from the others how much it stands out.
    """

    topics: tuple[Topic, ...]
    post_ids: tuple[str, ...]
    weights: Any
    k: int
    k_stability: tuple[tuple[int, float], ...]

    def dominant(self) -> list[int]:
        """Index of each post's strongest topic (-1 for a post without any vocabulary term).

        Topics within ``TIE_TOLERANCE`` of the strongest tie, and the first in topic order wins (see
        ``dominant_topics``), so this agrees with every topic's ``n_posts``.
        """
        return dominant_topics(self.weights)

    def to_frame(self) -> Any:
        """Post-topic weights as a pandas DataFrame (rows: post ids, columns: topic labels)."""
        import pandas as pd

        columns = []
        for topic in self.topics:
            label = topic.label
            while label in columns:  # two topics may share a label; keep columns unique
                label += f"#{topic.index}"
            columns.append(label)
        return pd.DataFrame(self.weights, index=pd.Index(list(self.post_ids), name="post"), columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: topics and each post's weights."""
        return {
            "k": self.k,
            "k_stability": [{"k": k, "stability": v} for k, v in self.k_stability],
            "topics": [t.to_dict() for t in self.topics],
            "posts": [
                {"id": pid, "dominant": dom, "weights": [round(float(w), 4) for w in row]}
                for pid, dom, row in zip(self.post_ids, self.dominant(), self.weights, strict=True)
            ],
        }


def _usual_forms(forms: Counter[tuple[str, str]], keys: set[str]) -> dict[str, str]:
    """For each key, its most frequent written form in ``forms``; of equally frequent ones, the first met."""
    best: dict[str, tuple[int, str]] = {}
    for (key, text), count in forms.items():  # in order of first occurrence
        if key in keys and count > best.get(key, (0, ""))[0]:
            best[key] = (count, text)
    return {key: text for key, (_, text) in best.items()}


def discover_topics(
    posts: Iterable[str | Post | Document],
    k: int | None = None,
    *,
    n_terms: int = 10,
    label_terms: int = 3,
    k_range: tuple[int, int] = (3, 10),
    max_features: int = 5000,
    random_state: int = 0,
) -> TopicModel:
    """Discover topics in a corpus.

    Lines repeated across many posts of a blog (image credits, signatures, share prompts: see
    ``explore.boilerplate``) and the blog's own names (author, title, domain handle) give no topic terms;
    everything else of each post counts as written.  The terms of a repeated line that only one series of
    posts carries still count as evidence of which posts belong together (see ``topics_from_terms``).

    Args:
        posts: Posts, documents, paths or texts (a path is one post file, read by ``as_document``);
            documents are used as they are, so a corpus prepared once can be modelled many times.
        k: Number of topics; None picks the most stable k in ``k_range`` (see ``topics_fit.k_stability``).
        n_terms: Top terms kept per topic.
        label_terms: How many terms make the label.
        k_range: Smallest and largest k tried when k is None (capped by the number of posts - 1); 2 is left
            out by default (see the module's docstring).
        max_features: Vocabulary size cap: the most frequent terms are kept.  On livedoor (7,367
            articles, k = 9) 5,000 terms gave NMI 0.594 against 0.579 with 2,000 (nndsvda start); rare
            terms, each in a few posts, add noise rather than topics (20,000 did worse).
        random_state: Seed of the k-means starts and of the stability's subsamples, fixed so that a run is
            repeatable.

    Returns:
        The topic model.

    Raises:
        InputError: Fewer than two posts, no usable vocabulary, or k out of range.
    """
    docs = [as_document(p) for p in posts]  # a post file is read here: prepare reads none
    # Lines the corpus repeats (credits, signatures) and the blog's own names carry no topic.  Each line's
    # keys are computed once, for the count (as ``boilerplate.find_boilerplate`` counts) and for the split.
    lines = [[(start, end, line_keys(line)) for start, end, line in iter_lines(d.post.text)] for d in docs]
    blogs = [blog_of(d.post) for d in docs]
    counts: dict[str, Counter[str]] = {}
    for blog, post_lines in zip(blogs, lines, strict=True):
        counts.setdefault(blog, Counter()).update({key for _, _, keys in post_lines for key in keys})
    found = select(counts, Counter(blogs))
    names = frozenset().union(*(own_names(d.post) for d in docs))
    keys = {blog: found.keys(blog) for blog in counts}
    split = [split_terms(d, post_lines, keys[blog], names) for d, post_lines, blog in zip(docs, lines, blogs,
                                                                                          strict=True)]
    return topics_from_terms([d.post.id for d in docs], [post.kept for post in split], k,
                             evidence=[post.boilerplate for post in split], hidden=heading_terms(split),
                             n_terms=n_terms,
                             label_terms=label_terms, k_range=k_range, max_features=max_features,
                             random_state=random_state)


def topics_from_terms(
    post_ids: Sequence[str],
    per_doc: Sequence[Sequence[tuple[str, str]]],
    k: int | None = None,
    *,
    evidence: Sequence[Sequence[LineTerms]] | None = None,
    hidden: frozenset[str] = frozenset(),
    n_terms: int = 10,
    label_terms: int = 3,
    k_range: tuple[int, int] = (3, 10),
    max_features: int = 5000,
    random_state: int = 0,
) -> TopicModel:
    """``discover_topics`` on terms already gathered: each post's (key, written form) pairs, in text order.

    A batch keeps every post's terms (``topic_terms``) and models them without tokenizing again.

    Args:
        post_ids: The posts' ids.
        per_doc: For each post, its topic terms; a pair stands once per occurrence.
        evidence: For each post, the terms of its boilerplate lines (``split_terms``), or None.  Those of
            the lines whose posts are alike (``topics_fit.coherent_lines``: a series' signature, not a
            site-wide credit) are counted under hidden keys: they pull a series' posts together but never
            show as topic terms.  On livedoor (k = 9) that gave back the NMI that leaving the S-MAX and
            it-life-hack credit lines out had cost.
        hidden: Keys that count for fitting but are never shown as topic terms (``heading_terms``).
        k, n_terms, label_terms, k_range, max_features, random_state: As for ``discover_topics``.

    Returns:
        The topic model.

    Raises:
        InputError: Fewer than two posts, no usable vocabulary, or k out of range.
    """
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning

    if len(per_doc) < 2:
        raise InputError(f"topics need at least two posts, got {len(per_doc)}", hint="give a folder of posts")
    # (key, written form) occurrences, counted in C; a topic shows each term in its most frequent form.
    forms = Counter(chain.from_iterable(per_doc))
    rows = [[key for key, _ in pairs] for pairs in per_doc]
    matrix, vocab = _term_matrix(rows, max_features)
    if evidence is not None:
        # Which boilerplate lines are a series' signature is read off the content terms alone.
        carriers: dict[str, list[int]] = {}
        for i, lines in enumerate(evidence):
            for line in {found.line for found in lines}:
                carriers.setdefault(line, []).append(i)
        signatures = coherent_lines(matrix, carriers)
        if signatures:
            for row, lines in zip(rows, evidence, strict=True):
                row.extend(EVIDENCE + key for found in lines if found.line in signatures for key in found.keys)
            matrix, vocab = _term_matrix(rows, max_features)
    shown_terms = np.array([not term.startswith(EVIDENCE) and term not in hidden for term in vocab])
    n = len(per_doc)
    k_max = min(k_range[1], n - 1, len(vocab))
    if k is not None:
        if not 1 <= k <= min(n, len(vocab)):
            raise InputError(f"k must be between 1 and {min(n, len(vocab))} for this corpus, got {k}")
        candidates = [k]
    else:
        candidates = list(range(min(k_range[0], k_max), k_max + 1)) or [1]

    with one_thread(), warnings.catch_warnings():
        # Not converging to the tolerance within the iterations changes the weights a little, not the topics.
        warnings.simplefilter("ignore", ConvergenceWarning)
        stability = k_stability(matrix, candidates, random_state=random_state)
        chosen = k if k is not None else choose_k(stability)
        # A perfect fit (a few identical posts) leaves a residual of -1e-17, whose square root
        # scikit-learn takes for the error: a NaN and a RuntimeWarning on the user's screen.
        with np.errstate(invalid="ignore"):
            fit = fit_nmf(matrix, chosen, random_state)
    w, h = unit_topics(fit.w, fit.h)
    corpus_share = np.asarray(matrix.sum(axis=0)).ravel()
    corpus_share = corpus_share / max(float(corpus_share.sum()), 1e-300)
    ranked_terms, label_pools, all_ranked = [], [], []
    for j in range(chosen):
        # Heaviest first; equal weights (common in small corpora) in key order, so labels are stable.  A term
        # under a thousandth of the topic's top term does not characterise it (and is the noise's to place).
        row = h[j]
        kept = ((row > TIE_TOLERANCE * row.max()) & shown_terms).nonzero()[0].tolist()
        ranked = [kept[r] for r in rank_descending(row[kept], [vocab[i] for i in kept])]
        ranked_terms.append(ranked[:n_terms])
        all_ranked.append(tuple(vocab[i] for i in ranked))
        label_pools.append(_by_relevance(row, corpus_share, ranked[:LABEL_POOL * max(n_terms, label_terms)],
                                         vocab))
    sums = w.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    weights = w / sums
    # Largest topics first (by the posts' weights, i.e. the `weight` column of the batch's topics table;
    # ties by the keys of all their ranked terms), so the order reads naturally and depends neither on
    # NMF's column order nor on the order the posts came in nor on float noise.
    order = rank_descending(weights.sum(axis=0), all_ranked)
    weights = weights[:, order]
    h = h[order]
    ranked_terms = [ranked_terms[j] for j in order]
    label_pools = [label_pools[j] for j in order]
    sizes = Counter(dominant_topics(weights))
    shown = _usual_forms(forms, {vocab[i] for top in ranked_terms + label_pools for i in top})
    topics = []
    for j, top in enumerate(ranked_terms):
        terms = tuple(shown[vocab[i]] for i in top)
        label = label_of([shown[vocab[i]] for i in label_pools[j]], label_terms)
        topics.append(Topic(j, LABEL_SEPARATOR.join(label), terms,
                            tuple(round(float(h[j][i]), 6) for i in top), sizes.get(j, 0)))
    return TopicModel(tuple(topics), tuple(post_ids), weights, chosen,
                      tuple((c, stability[c]) for c in candidates))


def _term_matrix(rows: Sequence[Sequence[str]], max_features: int) -> tuple[Any, Any]:
    """The posts' term matrix (1 + log tf, rows of unit length, no idf) and its vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(rows)
    # Terms in a single post cannot tie posts together, terms in most posts cannot tell them apart; tiny
    # corpora keep everything.
    min_df, max_df = (2, 0.5) if n >= 10 else (1, 1.0)
    # No idf: the Kullback-Leibler loss already discounts terms spread over every topic; an idf on top
    # made NMI worse on livedoor (0.512 against 0.579 at k = 9, nndsvda start), as it raises the rare,
    # post-specific terms over the shared ones.
    # Each row's keys sorted: a row's order decides the order its weights are summed in (its norm's last
    # bits), and the k-means of the stability follow such bits (0.49 or 0.52 for one k on a diary blog);
    # sorted, text order and a batch's stored order give the same matrix.
    vectorizer = TfidfVectorizer(analyzer=sorted, min_df=min_df, max_df=max_df,
                                 sublinear_tf=True, use_idf=False, max_features=max_features)
    try:
        matrix = vectorizer.fit_transform(rows)
    except ValueError as err:
        raise InputError("the posts share no terms to build topics from",
                         hint="give more posts, or posts with more text") from err
    return matrix, vectorizer.get_feature_names_out()


def _by_relevance(row: Any, corpus_share: Any, candidates: Sequence[int], vocab: Any) -> list[int]:
    """``candidates`` (term columns) by their relevance to the topic whose term shares are ``row``.

    relevance = λ·log p(term | topic) + (1 - λ)·log(p(term | topic) / p(term)), λ = ``RELEVANCE_LAMBDA``,
    p(term) the term's share of the whole matrix.  Equal relevances (within ``TIE_TOLERANCE``) go in key
    order, as weights do.
    """
    import numpy as np

    if not candidates:
        return []
    share = np.maximum(row[candidates], 1e-300)
    lift = share / np.maximum(corpus_share[candidates], 1e-300)
    relevance = RELEVANCE_LAMBDA * np.log(share) + (1 - RELEVANCE_LAMBDA) * np.log(lift)
    return [candidates[r] for r in rank_descending(relevance, [vocab[i] for i in candidates])]


def label_of(terms: Sequence[str], n: int) -> list[str]:
    """The first ``n`` of a topic's ranked terms that are not nested in one already taken.

    Compounds share their parts (ソフトウェア更新 / 更新 / ソフトウェア): a label that repeats a part of a
    term it already shows says less than it could, so such a term gives its place to the next idea.
    """
    label: list[str] = []
    for term in terms:
        if len(label) == n:
            break
        if not any(term in kept or kept in term for kept in label):
            label.append(term)
    return label


def unit_topics(w: Any, h: Any) -> tuple[Any, Any]:
    """NMF's factors with each topic's scale moved into W, so that every row of H sums to 1.

    W·H does not change when a topic's column of W is multiplied and its row of H divided by the same
    number, and NMF settles on whichever split its starting point led to (on symmetric data, the CPU's
    choice).  With H's rows summing to 1, a term's weight is its share of the topic and W[i, j] is the
    part of post i's modelled term weight that topic j gives: both a property of W·H alone.
    """
    mass = h.sum(axis=1)
    scale = mass.copy()
    scale[scale == 0] = 1.0
    return w * mass, h / scale[:, None]
