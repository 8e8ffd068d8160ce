"""``lexrank`` (the default): LexRank centrality blended with key terms and the title, then priors and MMR.

LexRank centrality over the cosine similarity of the sentences' compound-term TF-IDF vectors (each
sentence is a "document", so IDF comes from within the post), blended with how rich a sentence is in the
post's key terms (nouns and compounds it keeps coming back to) and how much of the title it repeats;
then priors (the first statement under a heading and the conclusion section (まとめ) up, argument markers
such as ではなく up; quoted definitions, greetings and sign-offs, meta-discourse and sentences leaning on
the previous one down), and MMR selection against redundancy, where neighbouring sentences count as
half-redundant so the picks cover the argument.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain

from ..text.document import Document
from .base import Budget
from .centrality import Cosines, lexrank_centrality
from .eligibility import eligible_sentences, ends_with_full_stop
from .features import keyword_scores, normalized, priors, sentence_terms, title_scores

# Scores and redundancies are compared to 10 decimals: far below any difference in score that means
# something, far above rounding noise (1e-15).
_TIE_SCALE = 1e10


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


# Beyond this many eligible sentences MMR looks only at the best-scored ones: a 3-sentence summary of a
# 100,000-sentence post is never found among its least central sentences.
_MMR_POOL = 2000


def lexrank_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """LexRank centrality + key-term richness + title overlap, with priors and MMR (the default)."""
    # Whether each sentence ends punctuated is asked by the eligibility rules and the priors alike.
    ends_punctuated = [ends_with_full_stop(s.text) for s in doc.sentences]
    mask = eligible_sentences(doc, ends_punctuated)
    counts, key_weights = sentence_terms(doc)
    df = Counter(chain.from_iterable(counts))  # sentences each key occurs in
    centrality, cosines = lexrank_centrality(counts, df)
    features = zip(normalized(centrality, mask), normalized(keyword_scores(counts, key_weights), mask),
                   normalized(title_scores(doc, counts, df), mask), priors(doc, mask, ends_punctuated),
                   strict=True)
    scores = [(0.4 * central + 0.4 * keywords + 0.2 * title) * prior
              for central, keywords, title, prior in features]
    return _mmr_pick(scores, cosines, mask, doc, budget)


__all__ = ["lexrank_summarizer"]
