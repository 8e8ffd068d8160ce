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

Only numpy is used (no scikit-learn or pandas), and not on every post: summarizing one post must start
fast, and importing numpy takes about 100 ms, far more than ranking a post of a hundred sentences in
pure Python. Short posts are ranked in pure Python, and so are posts of up to 150 sentences while numpy
is not loaded (see ``_centrality``); numpy ranks the longer ones.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .document import Document, prepare
from .errors import EmptyPostError, JpblogError
from .records import Post, Sentence
from .tokens import Morpheme, build_terms, parse_label

if TYPE_CHECKING:  # numpy is imported where it is used: short posts never need it
    import numpy as np

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
_SECOND = itemgetter(1)


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


def _eligible(doc: Document, ends_punctuated: list[bool] | None = None) -> list[bool]:
    """``eligible_mask`` as a list, given each sentence's ``_ends_punctuated`` when already known."""
    if ends_punctuated is None:
        ends_punctuated = [_ends_punctuated(s.text) for s in doc.sentences]
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
    import numpy as np

    return np.array(_eligible(doc), dtype=bool)


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


def _idf(n: int, frequency: int) -> float:
    """Smoothed IDF of a key said in ``frequency`` of the post's ``n`` sentences (each one a document)."""
    return math.log((n + 1) / (frequency + 1)) + 1.0


# --- centrality kernels: pure Python, numpy dense, numpy sparse ------------------------------------

# Up to this many sentences the pure-Python kernel is faster than numpy's, whose per-call overhead it
# does not pay (summarize's CPU time per post, livedoor and Hatena posts, BLAS on one thread as in batch
# workers: 0.8x numpy's at 8-11 sentences, even at 24-27, 1.1x at 40).
_PYTHON_MAX = 25
# Beyond that, up to this many, it still runs while numpy has not been imported: importing numpy takes
# about 100 ms, and the pure-Python kernel took at most 16 ms on real and joined livedoor posts of up to
# 150 sentences (2-5 ms on average from 80 on; 40 ms and more beyond), so a single post (jpblog
# analyze) does not import it. Batch workers have imported it (``corpus.one_blas_thread``).
_PYTHON_COLD_MAX = 150
# Up to this many sentences the LexRank scores are solved for directly (O(n³), a few ms at 400).
_DIRECT_MAX = 400


def _tfidf_rows(counts: list[dict[str, int]], df: Counter[str]) -> list[dict[str, float]]:
    """Each sentence's unit-length TF-IDF vector (IDF from within the post), on its shared keys only.

    ``df`` counts the sentences each key occurs in. A key said in one sentence only counts in the
    vector's length but is left out: similarities only meet on keys that two sentences share.
    """
    n = len(counts)
    idf = {frequency: _idf(n, frequency) for frequency in set(df.values())}
    rows: list[dict[str, float]] = []
    for c in counts:
        weights = [idf[df[k]] for k in c]
        if sum(c.values()) > len(c):
            # Sublinear TF: a term said three times in one sentence is not three times the topic. Most
            # terms occur once, and 1 + log 1 is 1: only the repeated ones need the log.
            weights = [w * (1.0 + math.log(v)) if v > 1 else w for w, v in zip(weights, c.values(), strict=True)]
        norm = math.hypot(*weights) or 1.0
        rows.append({k: w / norm for k, w in zip(c, weights, strict=True) if df[k] > 1})
    return rows


def _cosines(rows: list[dict[str, float]], j: int, sentences: list[int]) -> list[float]:
    """Cosine similarity of each of ``sentences`` with sentence j, from ``_tfidf_rows`` (``Cosines``)."""
    row = rows[j]
    return [sum([x * row[k] for k, x in rows[i].items() if k in row]) for i in sentences]


def _lexrank_python(rows: list[dict[str, float]], damping: float = 0.85) -> list[float]:
    """Continuous LexRank solved for exactly in pure Python, from the sentence vectors (``_tfidf_rows``).

    With X the vectors, the similarity graph is W = X·Xᵀ without its diagonal, and D its row sums. The
    sentences sharing a key with another score D·y where (D − d·W) y = 1, and a dangling sentence (one
    sharing none, which links to every sentence evenly) scores 1: the stationary scores of the PageRank
    walk, up to a common factor that scaling them to sum 1 removes. W is not formed: with
    Λ = D + d·diag(X·Xᵀ), y solves [Λ X; Xᵀ I/d] [y; z] = [1; 0], whose graph links each sentence to
    its keys only, where W links every two sentences that share one (a key held by 15 sentences makes
    105 pairs). That system is symmetric positive definite (its Schur complement Λ − d·X·Xᵀ = D − d·W
    is diagonally dominant), so elimination needs no pivoting and may take the least-connected unknowns
    first, which keeps the fill-in small.
    """
    n = len(rows)
    holders: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, row in enumerate(rows):
        for key, x in row.items():
            holders[key].append((i, x))
    # Unknowns: the sentences that share a key (numbered as in the post) and the keys (n, n + 1, ...).
    degrees = [(len(row), i) for i, row in enumerate(rows) if row]
    degrees += [(len(held), n + k) for k, held in enumerate(holders.values())]
    position = [0] * (n + len(holders))
    for r, (_, unknown) in enumerate(sorted(degrees)):
        position[unknown] = r
    # The system in elimination order: each row right of its diagonal, the diagonal, the right-hand side.
    upper: list[dict[int, float]] = [{} for _ in degrees]
    diagonal = [1.0 / damping] * len(degrees)
    rhs = [0.0] * len(degrees)
    sums = [0.0] * n  # D
    for k, held in enumerate(holders.values()):
        column = position[n + k]
        total = sum(map(_SECOND, held))
        for i, x in held:
            r = position[i]
            if r < column:
                upper[r][column] = x
            else:
                upper[column][r] = x
            sums[i] += x * (total - x)  # the key's part of sentence i's similarity with the others
    for i, row in enumerate(rows):
        if row:
            r = position[i]
            diagonal[r] = sums[i] + damping * sum([x * x for x in row.values()])
            rhs[r] = 1.0
    solution = _eliminate(upper, diagonal, rhs)
    scores = [sums[i] * solution[position[i]] if row else 1.0 for i, row in enumerate(rows)]
    total = sum(scores)
    return [score / total for score in scores]


def _eliminate(upper: list[dict[int, float]], diagonal: list[float], rhs: list[float]) -> list[float]:
    """Solve a sparse symmetric positive definite system by Gaussian elimination (arguments updated).

    ``upper[r]`` maps the columns right of row r's diagonal to their values.
    """
    for r, row in enumerate(upper):
        if not row:
            continue
        pivot, value = diagonal[r], rhs[r]
        entries = sorted(row.items())
        for a, (i, x) in enumerate(entries, 1):
            factor = x / pivot
            diagonal[i] -= factor * x
            rhs[i] -= factor * value
            target = upper[i]
            for j, y in entries[a:]:
                target[j] = target.get(j, 0.0) - factor * y
    solution = [0.0] * len(upper)
    for r in range(len(upper) - 1, -1, -1):
        row = upper[r]
        solution[r] = (rhs[r] - sum([x * solution[j] for j, x in row.items()]) if row else rhs[r]) / diagonal[r]
    return solution


def _keyword_scores(counts: list[dict[str, int]], weights: dict[str, float]) -> list[float]:
    """How rich each sentence is in the post's key terms (sum of weights over √ distinct terms)."""
    return [sum(weights.get(k, 0.0) for k in c) / math.sqrt(len(c) + 2) if c else 0.0 for c in counts]


def _title_scores(doc: Document, counts: list[dict[str, int]], df: Counter[str]) -> list[float]:
    """Share of the title's terms (weighted by their IDF within the post) each sentence repeats.

    Bloggers put their thesis in the title (SNSは楽しくも虚しくもなる); a sentence that says it again
    (虚しさを感じていた, matched on lemmas) states the point. ``df`` counts the sentences each key
    occurs in.
    """
    scores = [0.0] * len(counts)
    title = doc.post.title.strip()
    if not title or not counts:
        return scores
    keys = {t.norm for t in build_terms(parse_label(title), title) if t.kind in _TERM_KINDS}
    if not keys:
        return scores
    n = len(counts)
    idf = {k: _idf(n, df[k]) for k in keys}
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


def _priors(doc: Document, mask: list[bool], ends_punctuated: list[bool]) -> list[float]:
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
    return prior


def _normalized(values: list[float], mask: list[bool]) -> list[float]:
    """Scale values so that the largest eligible one is 1 (zeros stay zeros)."""
    top = max((value for value, eligible in zip(values, mask, strict=True) if eligible), default=0.0)
    return [value / top for value in values] if top > 0 else values


# Scores and redundancies are compared to 10 decimals: far below any difference in score that means
# something, far above rounding noise (1e-15).
_TIE_SCALE = 1e10

Cosines = Callable[[int, list[int]], list[float]]
"""``cosines(j, sentences)``: the cosine similarity of each of ``sentences`` with sentence j."""


def _mmr_pick(scores: list[float], cosines: Cosines, mask: list[bool], doc: Document, budget: Budget,
              trade_off: float = 0.7) -> list[tuple[int, float]]:
    """Maximal marginal relevance: repeatedly take the sentence best in score minus redundancy.

    The redundancy of two sentences is their cosine similarity, at least their proximity: 0.5 for
    adjacent sentences, fading over about a sixth of the post. Neighbouring sentences of a blog post
    develop the same point in different words (so term overlap misses it); counting them as
    half-redundant spreads the summary over the post's argument. ``trade_off`` weighs relevance against
    redundancy with what is already picked; near-duplicates of a picked sentence are never taken.
    """
    # Scores and redundancies are compared to 10 decimals (_TIE_SCALE), so that sentences which score the
    # same in exact arithmetic (duplicates, sentences sharing no term with any other) tie exactly and
    # document order decides, rather than the last bits of the linear algebra (which depend on the order
    # of summation, in numpy's kernels as in the pure-Python one: a relative perturbation of 1e-13
    # changed the picks of 2-3 % of livedoor and Hatena posts).
    keys = [round(score * _TIE_SCALE) / _TIE_SCALE for score in scores]
    candidates = [i for i in sorted(range(len(keys)), key=keys.__getitem__, reverse=True) if mask[i]][:_MMR_POOL]
    scale = max(3.0, len(scores) / 6)
    # Each candidate's redundancy with the picked sentences (the largest), updated after each pick.
    redundant = dict.fromkeys(candidates, 0.0)
    picked: list[tuple[int, float]] = []
    chars = 0
    # Once the count is reached no candidate fits (an empty one would not): stop without another round.
    while candidates and budget.fits(len(picked), chars, 0):
        best, best_value = -1, -math.inf
        for i in candidates:
            if redundant[i] > 0.8:
                continue  # a near-duplicate: says again what a picked sentence says
            value = trade_off * keys[i] - (1 - trade_off) * redundant[i]
            if value > best_value and budget.fits(len(picked), chars, len(doc.sentences[i].text)):
                best, best_value = i, value
        if best < 0:
            break
        picked.append((best, scores[best]))
        chars += len(doc.sentences[best].text)
        candidates.remove(best)
        for i, cosine in zip(candidates, cosines(best, candidates), strict=True):
            redundancy = round(max(cosine, 0.5 * math.exp(-abs(i - best) / scale)) * _TIE_SCALE) / _TIE_SCALE
            if redundancy > redundant[i]:
                redundant[i] = redundancy
    return picked


def _centrality(counts: list[dict[str, int]], df: Counter[str]) -> tuple[list[float], Cosines]:
    """LexRank centrality of each sentence, and the sentences' ``Cosines``, by the kernel that suits the post.

    Pure Python up to ``_PYTHON_MAX`` sentences, and up to ``_PYTHON_COLD_MAX`` while numpy is not
    loaded; numpy solved directly up to ``_DIRECT_MAX``, numpy sparse beyond.
    """
    n = len(counts)
    if n <= _PYTHON_MAX or (n <= _PYTHON_COLD_MAX and "numpy" not in sys.modules):
        rows = _tfidf_rows(counts, df)
        return _lexrank_python(rows), partial(_cosines, rows)
    from . import _summarize_numpy as kernels

    if n <= _DIRECT_MAX:
        similarity = kernels.similarity_matrix(*kernels.tfidf_matrix(counts, df))
        return kernels.lexrank_dense(similarity).tolist(), lambda j, sentences: similarity[sentences, j].tolist()
    rows = _tfidf_rows(counts, df)
    return kernels.lexrank_sparse(kernels.SparseRows(rows)).tolist(), partial(_cosines, rows)


# Beyond this many eligible sentences MMR looks only at the best-scored ones: a 3-sentence summary of a
# 100,000-sentence post is never found among its least central sentences.
_MMR_POOL = 2000


@register_summarizer("lexrank")
def lexrank_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """LexRank centrality + key-term richness + title overlap, with priors and MMR (the default)."""
    # Whether each sentence ends punctuated is asked by the eligibility rules and the priors alike.
    ends_punctuated = [_ends_punctuated(s.text) for s in doc.sentences]
    mask = _eligible(doc, ends_punctuated)
    counts, key_weights = _term_stats(doc)
    df = Counter(chain.from_iterable(counts))  # sentences each key occurs in
    centrality, cosines = _centrality(counts, df)
    features = zip(_normalized(centrality, mask), _normalized(_keyword_scores(counts, key_weights), mask),
                   _normalized(_title_scores(doc, counts, df), mask), _priors(doc, mask, ends_punctuated),
                   strict=True)
    scores = [(0.4 * central + 0.4 * keywords + 0.2 * title) * prior
              for central, keywords, title, prior in features]
    return _mmr_pick(scores, cosines, mask, doc, budget)


@register_summarizer("lead")
def lead_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """The first eligible sentences that fit (score 1/(rank+1))."""
    mask = _eligible(doc)
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
        source: The post's text (a str is always text), a ``pathlib.Path``, a ``Post`` or a ``Document``
            (see ``jpblog_nlp.document.prepare``).
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
