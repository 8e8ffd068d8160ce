"""What sentiment scoring hands out: frozen records of the evidence, a sentence and a post.

Kept apart from the rules so that code that only reads results (reports, tables, the model's features)
imports none of the scoring machinery.  ``Match`` is the one mutable object here: the working state of a
lexicon match while the rules of one sentence apply to it; it never leaves scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text.records import slot_constructor

LABELS = ("positive", "negative", "neutral")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One term (or marker) that contributed to a score.

    Attributes:
        term: The text as written in the post.
        key: The lexicon key it matched (UniDic keys joined by spaces) or the marker.
        start: Offset into ``post.text``.
        end: Offset after the term.
        polarity: The entry's own polarity ("positive"/"negative"), "" for emotion evidence.
        emotion: For emotion evidence, the emotion it adds to (after negation), else "".
        negated: Whether a negation (ない, ず, ません, ...) or a negating prefix (不-) applies.
        weight: Signed contribution to the sentence score (emotion evidence: added intensity).
        modifiers: The rules that changed the weight: "intensified", "downtoned", "contrast",
            "conditional", "question", "hedged", "partial-negation".
    """

    term: str
    key: str
    start: int
    end: int
    polarity: str
    emotion: str
    negated: bool
    weight: float
    modifiers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "term": self.term,
            "key": self.key,
            "start": self.start,
            "end": self.end,
            "polarity": self.polarity,
            "emotion": self.emotion,
            "negated": self.negated,
            "weight": round(self.weight, 4),
            "modifiers": list(self.modifiers),
        }


@dataclass(frozen=True, slots=True)
class SentenceSentiment:
    """Sentiment and emotions of one sentence (or one input line).

    Attributes:
        index: Sentence index in the post.
        text: The sentence.
        start: Offset into ``post.text``.
        end: Offset after the sentence.
        score: In [-1, 1]: signed weights over the sum of their magnitudes (at least 1).
        label: "positive", "negative" or "neutral".
        evidence: The polarity terms that made the score.
        emotions: Intensity in [0, 1) of each of ``EMOTIONS``, in that order, as (name, value) pairs.
        emotion_evidence: The terms behind the emotions.
    """

    index: int
    text: str
    start: int
    end: int
    score: float
    label: str
    evidence: tuple[Evidence, ...] = ()
    emotions: tuple[tuple[str, float], ...] = ()
    emotion_evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "label": self.label,
            "evidence": [e.to_dict() for e in self.evidence],
            "emotions": {k: round(v, 4) for k, v in self.emotions},
            "emotion_evidence": [e.to_dict() for e in self.emotion_evidence],
        }


# Scoring makes hundreds of thousands of these records on a corpus: the hot paths build them by
# filling their slots (see records.slot_constructor).
make_evidence = slot_constructor(Evidence)
make_sentence_sentiment = slot_constructor(SentenceSentiment)


@dataclass(frozen=True, slots=True)
class PostSentiment:
    """Sentiment and emotions of a whole post.

    Attributes:
        post_id: The post's id.
        score: Weighted mean of the scores of sentences with evidence, in [-1, 1].
        label: "positive", "negative", "mixed" (clearly positive and clearly negative sentences that
            cancel out) or "neutral".
        positive_share: Share of sentences labelled positive.
        negative_share: Share of sentences labelled negative.
        trajectory: Sentence scores smoothed by a centred moving average, one value per sentence.
        emotions: Mean intensity of each emotion over the sentences, as (name, value) pairs.
        sentences: The per-sentence results.
        method: "lexicon" or "model".
    """

    post_id: str
    score: float
    label: str
    positive_share: float
    negative_share: float
    trajectory: tuple[float, ...]
    emotions: tuple[tuple[str, float], ...]
    sentences: tuple[SentenceSentiment, ...] = field(default=())
    method: str = "lexicon"

    def to_dict(self, *, sentences: bool = True) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Args:
            sentences: Include the per-sentence results (with their evidence); False gives the
                post-level summary only.
        """
        data: dict[str, Any] = {
            "post_id": self.post_id,
            "score": round(self.score, 4),
            "label": self.label,
            "positive_share": round(self.positive_share, 4),
            "negative_share": round(self.negative_share, 4),
            "trajectory": [round(v, 4) for v in self.trajectory],
            "emotions": {k: round(v, 4) for k, v in self.emotions},
            "method": self.method,
        }
        if sentences:
            data["sentences"] = [s.to_dict() for s in self.sentences]
        return data


class Match:
    """A lexicon match inside a sentence (mutable while rules apply)."""

    __slots__ = ("factor", "first", "key", "last", "mods", "negated")

    def __init__(self, first: int, last: int, key: str) -> None:
        self.first = first
        self.last = last
        self.key = key
        self.factor = 1.0
        self.negated = False
        self.mods: list[str] = []
