"""Extractive summaries: the sentences that best represent a post, in their original order.

Methods share one signature and are registered by name in ``SUMMARIZERS`` (as sumy does):

* ``lexrank`` (default): LexRank centrality over the cosine similarity of the sentences' compound-term
  TF-IDF vectors (each sentence is a "document", so IDF comes from within the post), blended with how
  rich a sentence is in the post's key terms (nouns and compounds it keeps coming back to) and how much
  of the title it repeats; then priors (the first statement under a heading and the conclusion section
  (まとめ) up, argument markers such as ではなく up; quoted definitions, greetings and sign-offs,
  meta-discourse and sentences leaning on the previous one down), and MMR selection against
  redundancy, where neighbouring sentences count as half-redundant so the picks cover the argument.
* ``lead``: the first eligible sentences (the news baseline; weak on blogs, which open with greetings).

Headings, list fragments and very short lines are not picked unless the post has nothing else: blog
posts are full of section titles (【...】, （まとめ）...) that have many key terms but say nothing.

Only numpy is used (no scikit-learn or pandas): summarizing one post must start fast.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

from .document import Document, prepare
from .errors import EmptyPostError, JpblogError
from .records import Post, Sentence
from .tokens import Morpheme, extract_terms

__all__ = [
    "DEFAULT_METHOD",
    "DEFAULT_N",
    "SUMMARIZERS",
    "Budget",
    "Summary",
    "SummarySentence",
    "eligible_mask",
    "is_fragment",
    "register_summarizer",
    "summarize",
]

DEFAULT_N = 3
DEFAULT_METHOD = "lexrank"


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One picked sentence.

    Attributes:
        index: Index of the sentence in the document (``Document.sentences[index]``).
        text: The sentence.
        score: The method's score (higher is more representative; comparable within one summary).
        start: Offset of the first character in ``post.text``.
        end: Offset after the last character.
    """

    index: int
    text: str
    score: float
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"index": self.index, "text": self.text, "score": round(self.score, 6),
                "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary.

    Attributes:
        method: Name of the method that made it.
        sentences: Picked sentences in their original order.
    """

    method: str
    sentences: tuple[SummarySentence, ...]

    @property
    def text(self) -> str:
        """The picked sentences, one per line."""
        return "\n".join(s.text for s in self.sentences)

    @property
    def indices(self) -> tuple[int, ...]:
        """Indices of the picked sentences."""
        return tuple(s.index for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"method": self.method, "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True, slots=True)
class Budget:
    """How much to pick: at most ``n`` sentences and/or at most ``max_chars`` characters in all."""

    n: int | None = None
    max_chars: int | None = None

    def fits(self, picked_count: int, picked_chars: int, candidate_chars: int) -> bool:
        """Whether one more sentence of ``candidate_chars`` characters still fits."""
        if self.n is not None and picked_count >= self.n:
            return False
        return self.max_chars is None or picked_chars + candidate_chars <= self.max_chars


Summarizer = Callable[[Document, Budget], list[tuple[int, float]]]
"""A method: takes the document and the budget, returns picked ``(sentence index, score)`` pairs."""

SUMMARIZERS: dict[str, Summarizer] = {}


def register_summarizer(name: str) -> Callable[[Summarizer], Summarizer]:
    """Register a summarizing method under ``name`` (decorator)."""

    def decorate(func: Summarizer) -> Summarizer:
        SUMMARIZERS[name] = func
        return func

    return decorate


# --- eligibility: headings, list fragments, short lines ---------------------------------------------

_FINAL_PUNCT = re.compile(r"[。．.！？!?][」』）)】〉》\]”’ｗw〜～ー…・笑]*$")
# 【SNS】..., ■見出し, ・項目, 1. 項目, (まとめ)... : headings and list items of blog markup.
_HEADING_MARK = re.compile(
    r"^(?:【[^】]*】|[（(][^）)]{1,12}[）)](?!.*[。．！？!?])|[■□●○◆◇▼▽▲△★☆♪◎※・\-*＊>＞]|"
    r"[0-9０-９]{1,2}[.．、)）]|[①-⑳])"
)
_MIN_CHARS = 15
_SHORT_UNPUNCTUATED = 40
_PREDICATE_POS = frozenset(("動詞", "形容詞", "助動詞"))


_POS1 = itemgetter(3)  # Morpheme.pos1, read in C


def _has_predicate(morphemes: tuple[Morpheme, ...] | list[Morpheme]) -> bool:
    """True when a verb, an adjective or an auxiliary (copula です/だ, ます, た) occurs."""
    return not _PREDICATE_POS.isdisjoint(map(_POS1, morphemes))


def _ends_punctuated(text: str) -> bool:
    """Whether a sentence ends with full-stop punctuation (possibly followed by closers, 笑, ー ...)."""
    return _FINAL_PUNCT.search(text) is not None


def is_fragment(sentence: Sentence, morphemes: tuple[Morpheme, ...] | list[Morpheme], *,
                punctuated_post: bool = True) -> bool:
    """Whether a sentence is a heading, list fragment or too-short line rather than a statement.

    Args:
        sentence: The sentence.
        morphemes: Its morphemes.
        punctuated_post: Whether the post's author ends sentences with 。！？; when not, a missing
            full stop says nothing and the "short, unpunctuated" rule is off.

    Returns:
        True for: fewer than 15 characters; starting with a particle (a cut-off tail); no predicate
        (no verb, adjective or auxiliary); a bracketed heading or list marker (【...】, （まとめ）...,
        ■, ・, 1.); or no sentence-final punctuation and fewer than 40 characters.
    """
    return _is_fragment(sentence.text, morphemes, None, punctuated_post)


def _is_fragment(text: str, morphemes: tuple[Morpheme, ...] | list[Morpheme], ends_punctuated: bool | None,
                 punctuated_post: bool) -> bool:
    """``is_fragment``, given whether the text ends punctuated when that is already known (else None)."""
    if len(text) < _MIN_CHARS or not _has_predicate(morphemes) or _HEADING_MARK.match(text):
        return True
    if morphemes and morphemes[0].pos1 in ("助詞", "助動詞"):
        return True  # the tail of a sentence cut at いいね! or an emoji: が付き..., を。
    if not punctuated_post or len(text) >= _SHORT_UNPUNCTUATED:
        return False
    return not (_ends_punctuated(text) if ends_punctuated is None else ends_punctuated)


def _eligible(doc: Document, ends_punctuated: list[bool]) -> list[bool]:
    """``eligible_mask`` as a list, given each sentence's ``_ends_punctuated``."""
    # The author uses sentence-final punctuation when at least a fifth of the sentences end with it.
    punctuated = bool(ends_punctuated) and sum(ends_punctuated) * 5 >= len(ends_punctuated)
    mask = [not _is_fragment(s.text, m, punct, punctuated)
            for s, m, punct in zip(doc.sentences, doc.morphemes, ends_punctuated, strict=True)]
    if not any(mask):
        # Nothing but headings and short lines: a summary of fragments beats no summary.
        mask = [True] * len(mask)
    return mask


def eligible_mask(doc: Document) -> np.ndarray:
    """Boolean array: which sentences may be picked (all of them when every one is a fragment)."""
    return np.array(_eligible(doc, [_ends_punctuated(s.text) for s in doc.sentences]), dtype=bool)


# --- features -----------------------------------------------------------------------------------

_TERM_KINDS = frozenset(("compound", "noun", "verb", "adjective", "adjectival_noun", "hashtag"))
_KEY_KINDS = frozenset(("compound", "noun", "hashtag"))


def _term_stats(doc: Document) -> tuple[list[dict[str, int]], dict[str, float]]:
    """Per sentence, counts of its term keys (URLs left out: they say nothing about content), and the
    post's key-term weights (see ``_key_term_weights``), from one pass over the terms."""
    counts: list[dict[str, int]] = []
    key_norms: list[list[str]] = []
    compound: set[str] = set()
    for terms in doc.terms:
        sentence: dict[str, int] = {}
        keys: list[str] = []
        for t in terms:
            kind = t.kind
            if kind not in _TERM_KINDS:
                continue
            norm = t.norm
            sentence[norm] = sentence.get(norm, 0) + 1
            if kind in _KEY_KINDS:
                keys.append(norm)
                if kind == "compound":
                    compound.add(norm)
        counts.append(sentence)
        key_norms.append(keys)
    return counts, _key_term_weights(key_norms, compound)


def _key_term_weights(key_norms: list[list[str]], compound: set[str]) -> dict[str, float]:
    """Weight of each term in the post as a whole: frequency, boosted for compounds and repetition.

    ``key_norms`` holds each sentence's nouns, compounds and hashtags (topics are things; verbs like
    持つ/使う recur in any post), ``compound`` the keys seen as compounds. A blog post's topic shows in
    the compounds it keeps coming back to (影響力, 球体型のコミュニティ); single common nouns weigh less.
    """
    freq = Counter(chain.from_iterable(key_norms))
    spread = Counter(chain.from_iterable(map(set, key_norms)))
    weights: dict[str, float] = {}
    for key, count in freq.items():
        if spread[key] < 2:
            continue  # said in one sentence only: not a key term of the post
        weight = math.log(count)
        if key in compound:
            weight *= 1.5
        weights[key] = weight
    return weights


def _tfidf(counts: list[dict[str, int]], df: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalized TF-IDF matrix, each sentence a document (IDF from within the post).

    ``df`` counts the sentences each key occurs in. Returns the matrix (columns in sorted key order)
    and the document frequency of each column.
    """
    vocab = sorted(df)
    col = dict(zip(vocab, range(len(vocab)), strict=True))
    n = len(counts)
    matrix = np.zeros((n, len(vocab)))
    rows = np.repeat(np.arange(n), [len(c) for c in counts])
    cols = np.fromiter(map(col.__getitem__, chain.from_iterable(counts)), dtype=np.intp, count=len(rows))
    tf = np.fromiter(chain.from_iterable(map(dict.values, counts)), dtype=float, count=len(rows))
    # Sublinear TF: a term said three times in one sentence is not three times the topic. Most terms
    # occur once, and 1 + log 1 is 1: only the repeated ones need the log.
    repeated = np.flatnonzero(tf > 1)
    tf[repeated] = [1.0 + math.log(value) for value in tf[repeated].tolist()]
    matrix[rows, cols] = tf
    frequency = np.fromiter(map(df.__getitem__, vocab), dtype=np.int64, count=len(vocab))
    idf = np.log((n + 1) / (frequency + 1)) + 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms, frequency


def _similarity(matrix: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """Cosine similarity between sentences (n × n) from the TF-IDF rows, with a zero diagonal."""
    # Two sentences only meet on the terms both contain, so the product is taken over the columns of
    # terms in two sentences or more (typically a fifth of them; the others would add exact zeros). The
    # smaller product also stays below the size at which OpenBLAS spreads it over threads, which for a
    # post's few dozen sentences costs far more CPU time (thread wake-up and spinning) than it saves.
    # The diagonal of this product is not the self-similarity, and no step uses one: it is zeroed.
    shared = np.compress(frequency > 1, matrix, axis=1)
    similarity = shared @ shared.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


# Up to this many sentences the LexRank scores are solved for directly (O(n³), a few ms at 400).
_DIRECT_MAX = 400


def _lexrank(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
    """Continuous LexRank: PageRank over the similarity graph (``weights``, self-loops removed).

    For posts of up to ``_DIRECT_MAX`` sentences (longer ones go to ``_lexrank_sparse``).
    """
    n = weights.shape[0]
    if n == 1:
        return np.ones(1)
    sums = weights.sum(axis=1, keepdims=True)
    linked = sums > 0
    # A sentence sharing no term with any other links to every sentence evenly (a dangling node).
    transition = np.where(linked, weights / np.where(linked, sums, 1.0), 1.0 / n)
    # The stationary scores solve (I - d·Tᵀ) s = (1 - d)/n exactly: one small solve beats up to a
    # hundred power iterations, whose per-step overhead dominates for posts of a few dozen sentences.
    system = np.eye(n) - damping * transition.T
    scores = np.linalg.solve(system, np.full(n, (1 - damping) / n))
    return scores / scores.sum()


def _keyword_scores(counts: list[dict[str, int]], weights: dict[str, float]) -> np.ndarray:
    """How rich each sentence is in the post's key terms (sum of weights over √ distinct terms)."""
    return np.array([sum(weights.get(k, 0.0) for k in c) / math.sqrt(len(c) + 2) if c else 0.0
                     for c in counts])


def _title_scores(doc: Document, counts: list[dict[str, int]], df: Counter[str]) -> np.ndarray:
    """Share of the title's terms (weighted by their IDF within the post) each sentence repeats.

    Bloggers put their thesis in the title (SNSは楽しくも虚しくもなる); a sentence that says it again
    (虚しさを感じていた, matched on lemmas) states the point. ``df`` counts the sentences each key
    occurs in.
    """
    scores = np.zeros(len(counts))
    title = doc.post.title.strip()
    if not title or not counts:
        return scores
    keys = {t.norm for t in extract_terms(title) if t.kind in _TERM_KINDS}
    if not keys:
        return scores
    n = len(counts)
    idf = {k: math.log((n + 1) / (df[k] + 1)) + 1.0 for k in keys}
    total = sum(idf.values())
    for i, c in enumerate(counts):
        if not keys.isdisjoint(c):
            scores[i] = sum(idf[k] for k in keys if k in c) / total
    return scores


# A heading that opens the conclusion: まとめ, 結論, 最後に, おわりに, 終わりに.
_CONCLUSION = re.compile(r"まとめ|結論|最後に|おわりに|終わりに|さいごに")
# Quoted dictionary definitions: 「Xとは、...である。」 (Wikipedia style) or a heading "Xとは".
_DEFINITION = re.compile(r"^.{1,40}?とは[、，,]|である。?$|とは$")
# Greetings, self-introductions and sign-offs: asides in every post.
_FORMULA = re.compile(
    r"こんにちは|こんばんは|おはようございます|ごきげんよう|はじめまして|以上です|以上となります|"
    r"ありがとうございました|ありがとうございます|よろしくお願い|ではまた|それでは[、,また]|またね|"
    r"読んでいただ|お読みいただ|参加します$"
)

# Meta-discourse: the post talking about itself (今日は...について話していきたい) says what it will do,
# not what it says.
_META = re.compile(r"話していき|話しします|お伝えし|紹介し(?:ます|てい)|書いていき|今日のお題|本日のテーマ")
# Argument markers: contrast (AではなくB), emphasis (大切なのは), conclusion (つまり, 結局).
_CLAIM = re.compile(r"ではなく|じゃなく|でなく|大切なのは|大事なのは|重要なのは|つまり|要するに|結局は?|本質")
# Openers that lean on the previous sentence (これは, そして) or mark an aside (ちなみに): such a
# sentence read alone in a summary is unclear.
_DEPENDENT_OPENER = re.compile(
    r"^(?:これ[はがも]|それ[はがも]|そして|でも|しかし|だから|また[、,]|さらに|ちなみに|なお[、,])"
)


def _priors(doc: Document, mask: list[bool], ends_punctuated: list[bool]) -> np.ndarray:
    """Multiplicative prior per sentence: section-lead and conclusion boosts, aside penalties."""
    prior: list[float] = []
    in_conclusion = False
    after_heading = False
    definition_paragraphs: set[int] = set()
    for s, eligible, punctuated in zip(doc.sentences, mask, ends_punctuated, strict=True):
        text = s.text
        weight = 1.0
        heading_like = not punctuated and len(text) < _SHORT_UNPUNCTUATED
        if heading_like and _CONCLUSION.search(text):
            in_conclusion = True
        if not eligible:
            after_heading = after_heading or heading_like
        elif after_heading:
            # The first statement under a heading usually states what the section is about.
            weight *= 1.25
            after_heading = False
        if in_conclusion:
            # Bloggers restate their point under (まとめ): the conclusion is the summary's best source.
            weight *= 1.3
        # Every branch of _DEFINITION holds とは or である: the substring test skips most sentences.
        if ("とは" in text or "である" in text) and _DEFINITION.search(text):
            definition_paragraphs.add(s.paragraph)
            if heading_like:
                # The paragraph after a "Xとは" heading is the quoted definition.
                definition_paragraphs.add(s.paragraph + 1)
        if _FORMULA.search(text):
            weight *= 0.3
        if _META.search(text):
            weight *= 0.6
        if _CLAIM.search(text):
            weight *= 1.2
        if _DEPENDENT_OPENER.match(text):
            weight *= 0.85
        prior.append(weight)
    if definition_paragraphs:
        for i, s in enumerate(doc.sentences):
            if s.paragraph in definition_paragraphs:
                # A quoted definition explains a word; it is not the author's argument.
                prior[i] *= 0.4
    return np.array(prior)


def _normalized(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Scale values so that the largest eligible one is 1 (zeros stay zeros)."""
    top = values[mask].max() if mask.any() else 0.0
    return values / top if top > 0 else values


def _proximity(n: int) -> np.ndarray:
    """Redundancy of neighbours by distance: 0.5 for adjacent sentences, fading over about a sixth of the post.

    Neighbouring sentences of a blog post develop the same point in different words (so term overlap
    misses it); counting them as half-redundant spreads the summary over the post's argument.
    """
    return 0.5 * np.exp(-np.arange(n) / max(3.0, n / 6))


class _DenseRedundancy:
    """Redundancy of sentences i and j on the dense path: their cosine similarity, at least their proximity."""

    def __init__(self, similarity: np.ndarray) -> None:
        self.similarity = similarity
        self.proximity = _proximity(similarity.shape[0]).tolist()

    def __getitem__(self, pair: tuple[int, int]) -> float:
        """Redundancy of the pair (1 for a sentence with itself)."""
        i, j = pair
        if i == j:
            return 1.0
        return max(self.similarity[i, j], self.proximity[abs(i - j)])


# Scores and redundancies are compared to 10 decimals: far below any difference in score that means
# something, far above rounding noise (1e-15).
_TIE_SCALE = 1e10


def _mmr_pick(scores: np.ndarray, similarity: Any, mask: list[bool], doc: Document, budget: Budget,
              trade_off: float = 0.7) -> list[tuple[int, float]]:
    """Maximal marginal relevance: repeatedly take the sentence best in score minus redundancy.

    ``similarity[i, j]`` is the redundancy of two sentences; ``trade_off`` weighs relevance against
    redundancy with what is already picked; near-duplicates of a picked sentence are never taken.
    """
    values = scores.tolist()  # Python floats: the loop below does scalar arithmetic only
    # Scores and redundancies are compared to 10 decimals (_TIE_SCALE), so that sentences which score the
    # same in exact arithmetic (duplicates, sentences sharing no term with any other) tie exactly and
    # document order decides, rather than the last bits of the linear algebra (which depend on the order
    # of summation of BLAS and LAPACK: a relative perturbation of 1e-13 changed the picks of 2-3 % of
    # livedoor and Hatena posts).
    keys = [round(value * _TIE_SCALE) / _TIE_SCALE for value in values]
    candidates = [i for i in sorted(range(len(keys)), key=keys.__getitem__, reverse=True) if mask[i]][:_MMR_POOL]
    # Each candidate's redundancy with the picked sentences (the largest), updated after each pick.
    redundancy = dict.fromkeys(candidates, 0.0)
    picked: list[tuple[int, float]] = []
    chars = 0
    # Once the count is reached no candidate fits (an empty one would not): stop without another round.
    while candidates and budget.fits(len(picked), chars, 0):
        best, best_value = -1, -math.inf
        for i in candidates:
            if redundancy[i] > 0.8:
                continue  # a near-duplicate: says again what a picked sentence says
            value = trade_off * keys[i] - (1 - trade_off) * redundancy[i]
            if value > best_value and budget.fits(len(picked), chars, len(doc.sentences[i].text)):
                best, best_value = i, value
        if best < 0:
            break
        picked.append((best, values[best]))
        chars += len(doc.sentences[best].text)
        candidates.remove(best)
        for i in candidates:
            redundancy[i] = max(redundancy[i], round(float(similarity[i, best]) * _TIE_SCALE) / _TIE_SCALE)
    return picked


class _SparseRows:
    """Sentence vectors as sparse rows (a long post's n × n similarity would not fit in memory).

    Cosine similarity of two sentences is a dot product over their few shared terms; neighbouring
    sentences get the same proximity floor as ``_proximity`` gives the dense path.
    """

    def __init__(self, counts: list[dict[str, int]]) -> None:
        n = len(counts)
        df: Counter[str] = Counter(k for c in counts for k in c)
        col = {k: i for i, k in enumerate(sorted(df))}
        idf = {k: math.log((n + 1) / (v + 1)) + 1.0 for k, v in df.items()}
        self.n = n
        self.n_cols = len(col)
        self.rows: list[dict[int, float]] = []
        for c in counts:
            row = {col[k]: (1.0 + math.log(v)) * idf[k] for k, v in c.items()}
            norm = math.sqrt(sum(x * x for x in row.values())) or 1.0
            self.rows.append({j: x / norm for j, x in row.items()})
        self.row_idx = np.fromiter((i for i, r in enumerate(self.rows) for _ in r), dtype=np.int64)
        self.col_idx = np.fromiter((j for r in self.rows for j in r), dtype=np.int64)
        self.values = np.fromiter((x for r in self.rows for x in r.values()), dtype=float)
        self.scale = max(3.0, n / 6)

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """X @ vector (one value per sentence)."""
        return np.bincount(self.row_idx, self.values * vector[self.col_idx], minlength=self.n)

    def tdot(self, vector: np.ndarray) -> np.ndarray:
        """Xᵀ @ vector (one value per term)."""
        return np.bincount(self.col_idx, self.values * vector[self.row_idx], minlength=self.n_cols)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        """Redundancy of sentences i and j: their cosine similarity, at least their proximity."""
        i, j = pair
        if i == j:
            return 1.0
        a, b = self.rows[i], self.rows[j]
        if len(a) > len(b):
            a, b = b, a
        cosine = sum(x * b[k] for k, x in a.items() if k in b)
        return max(cosine, 0.5 * math.exp(-abs(i - j) / self.scale))


def _lexrank_sparse(rows: _SparseRows, damping: float = 0.85, iterations: int = 100) -> np.ndarray:
    """Continuous LexRank by power iteration on the sparse rows, never forming the n × n matrix.

    With W = X·Xᵀ − diag(X·Xᵀ) and row sums r = W·1, one step is s' = (1 − d)/n + d·Wᵀ(s/r), and
    Wᵀ(s/r) = X(Xᵀ(s/r)) − diag·(s/r); dangling sentences (r = 0) spread their share evenly.
    """
    n = rows.n
    diagonal = np.bincount(rows.row_idx, rows.values * rows.values, minlength=n)
    sums = rows.dot(rows.tdot(np.ones(n))) - diagonal
    dangling = sums <= 1e-12
    safe = np.where(dangling, 1.0, sums)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        share = np.where(dangling, 0.0, scores / safe)
        spread = rows.dot(rows.tdot(share)) - diagonal * share
        updated = (1 - damping) / n + damping * (spread + scores[dangling].sum() / n)
        if np.abs(updated - scores).sum() < 1e-9:
            return updated
        scores = updated
    return scores


# Beyond this many eligible sentences MMR looks only at the best-scored ones: a 3-sentence summary of a
# 100,000-sentence post is never found among its least central sentences.
_MMR_POOL = 2000


@register_summarizer("lexrank")
def lexrank_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """LexRank centrality + key-term richness + title overlap, with priors and MMR (the default)."""
    # Whether each sentence ends punctuated is asked by the eligibility rules and the priors alike.
    ends_punctuated = [_ends_punctuated(s.text) for s in doc.sentences]
    mask = _eligible(doc, ends_punctuated)
    eligible = np.array(mask)
    counts, key_weights = _term_stats(doc)
    df = Counter(chain.from_iterable(counts))  # sentences each key occurs in
    keywords = _normalized(_keyword_scores(counts, key_weights), eligible)
    title = _normalized(_title_scores(doc, counts, df), eligible)
    if len(counts) <= _DIRECT_MAX:
        similarity = _similarity(*_tfidf(counts, df))
        centrality = _normalized(_lexrank(similarity), eligible)
        redundancy: Any = _DenseRedundancy(similarity)
    else:
        rows = _SparseRows(counts)
        centrality = _normalized(_lexrank_sparse(rows), eligible)
        redundancy = rows
    scores = (0.4 * centrality + 0.4 * keywords + 0.2 * title) * _priors(doc, mask, ends_punctuated)
    return _mmr_pick(scores, redundancy, mask, doc, budget)


@register_summarizer("lead")
def lead_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """The first eligible sentences that fit (score 1/(rank+1))."""
    mask = eligible_mask(doc)
    picked: list[tuple[int, float]] = []
    chars = 0
    for i, s in enumerate(doc.sentences):
        if not mask[i]:
            continue
        if budget.n is not None and len(picked) >= budget.n:
            break
        if budget.fits(len(picked), chars, len(s.text)):
            picked.append((i, 1.0 / (len(picked) + 1)))
            chars += len(s.text)
    return picked


# --- entry point ---------------------------------------------------------------------------------

def _check_length(n: int | None, ratio: float | None, max_chars: int | None) -> None:
    """Check that at most one of n / ratio / max_chars is given, and in range."""
    given = [name for name, value in (("n", n), ("ratio", ratio), ("max_chars", max_chars)) if value is not None]
    if len(given) > 1:
        raise JpblogError(f"give only one of n, ratio and max_chars (got {' and '.join(given)})",
                          hint="they are three ways to say how long the summary is")
    if n is not None and n < 1:
        raise JpblogError(f"n must be at least 1 (got {n})")
    if ratio is not None and not 0 < ratio <= 1:
        raise JpblogError(f"ratio must be in (0, 1] (got {ratio})", hint="0.2 keeps a fifth of the sentences")
    if max_chars is not None and max_chars < 1:
        raise JpblogError(f"max_chars must be at least 1 (got {max_chars})")


def _budget(n_sentences: int, n: int | None, ratio: float | None, max_chars: int | None) -> Budget:
    """Turn the (checked) length option into a ``Budget``."""
    if n is not None:
        return Budget(n=n)
    if ratio is not None:
        return Budget(n=max(1, round(ratio * n_sentences)))
    if max_chars is not None:
        return Budget(max_chars=max_chars)
    return Budget(n=DEFAULT_N)


def summarize(
    source: str | Post | Document,
    n: int | None = None,
    *,
    ratio: float | None = None,
    max_chars: int | None = None,
    method: str = DEFAULT_METHOD,
) -> Summary:
    """Pick the sentences that best represent a post, in their original order.

    Args:
        source: Text, a path, a ``Post`` or a ``Document`` (see ``jpblog_nlp.document.prepare``).
        n: How many sentences (3 when none of n, ratio, max_chars is given). More than the post has
            returns every eligible sentence (with ``lexrank``, near-duplicates of a picked sentence are
            never picked).
        ratio: Share of the post's sentences to keep, in (0, 1] (at least one).
        max_chars: Most characters in all; sentences that do not fit are skipped, so the summary may
            be empty when no eligible sentence is that short.
        method: A name in ``SUMMARIZERS`` ("lexrank" by default, "lead").

    Returns:
        The summary. Headings, list fragments and lines under 15 characters are only picked when the
        post has nothing else.

    Raises:
        JpblogError: more than one of n / ratio / max_chars, a value out of range, or an unknown
            method (the message lists the known ones).
        EmptyPostError: the post has no sentence (an empty post has nothing to summarize; raised by
            ``prepare`` for empty text, and here for an empty ``Document``).
    """
    try:
        summarizer = SUMMARIZERS[method]
    except KeyError as err:
        raise JpblogError(f"unknown summary method {method!r}",
                          hint=f"choose one of {', '.join(sorted(SUMMARIZERS))}") from err
    _check_length(n, ratio, max_chars)
    doc = prepare(source)
    if not doc.sentences:
        raise EmptyPostError("the post has no sentence to summarize", source=doc.post.source or None,
                             hint="check that the file holds the post's text")
    budget = _budget(len(doc.sentences), n, ratio, max_chars)
    picked = sorted(summarizer(doc, budget))
    return Summary(
        method=method,
        sentences=tuple(
            SummarySentence(i, doc.sentences[i].text, score, doc.sentences[i].start, doc.sentences[i].end)
            for i, score in picked
        ),
    )
