"""From scores to keywords: the ``Keyword`` record and the ranking every method's scores go through.

The author's own labels are strong evidence of what a post is about, so a candidate that also occurs in
the post's title, its categories or inside one of its hashtags (しなやかフェス in #しなやかフェス2018秋) has
its score multiplied by ``TITLE_BOOST``.

A post's ranked list is then folded, one slot per idea (``fold.fold_nested``), from about 1,000 characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text.records import slot_constructor
from .candidates import TermStats
from .fold import FOLD_MIN_CANDIDATES, fold_nested

#: Multiplier for a candidate that also occurs in the post's title.
TITLE_BOOST = 1.5


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
    folding = len(st) > FOLD_MIN_CANDIDATES
    if top_k is not None and not folding:
        order = order[: max(top_k, 0)]
    norms, first_sentence, kinds, display = st.norms, st.first_sentence, st.kinds, st.display
    ranked = [
        _make_keyword(display(i), norms[i], round(scores[i], 4), counts[i], first_offset[i], first_sentence[i],
                      kinds[i])
        for i in order
    ]
    return fold_nested(ranked, None if top_k is None else max(top_k, 0)) if folding else ranked


__all__ = ["TITLE_BOOST", "Keyword", "rank"]
