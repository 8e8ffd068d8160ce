"""Plutchik's eight emotions: their order, how a negation moves them, and how evidence becomes intensity.

The one definition of the emotion names: the batch tables (``jpblog_nlp.tables``) and the evaluation
script take ``EMOTIONS`` from here, so result fields, table columns and lexicon labels cannot drift apart.
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import neg, sub

# Plutchik's eight, in the order of every result (``SentenceSentiment.emotions``) and table column.
EMOTIONS = ("joy", "sadness", "anticipation", "surprise", "anger", "fear", "disgust", "trust")
# A negated emotion moves (damped) to its Plutchik opposite where Japanese usage agrees: 嬉しくない is
# sad, 好きじゃない is dislike, 嫌いじゃない is a kind of trust.  Negated sadness, anger, fear, surprise and
# anticipation (悲しくない, 行きたくない) express no particular emotion, so they are dropped.
OPPOSITE = {"joy": "sadness", "trust": "disgust", "disgust": "trust"}
VALENCE = {"joy": 1.0, "trust": 1.0, "anticipation": 1.0, "sadness": -1.0, "anger": -1.0, "fear": -1.0, "disgust": -1.0}
# Emotion words without a polarity entry (寂しい, 腹立つ in ML-Ask only) count with this share of their
# valence: feeling words are evidence of sentiment too.
EMOTION_POLARITY = 0.5
EMOTION_NEGATED = 0.5  # share of a negated emotion that moves to its opposite
# Position of each emotion in ``EMOTIONS``: the scoring loop adds into a list of eight totals.
EMOTION_INDEX = {name: i for i, name in enumerate(EMOTIONS)}
# The emotions of a sentence without emotion evidence: one shared tuple, which ``aggregate`` skips.
ZERO_EMOTIONS = tuple((name, 0.0) for name in EMOTIONS)


def intensities(raw: list[float]) -> tuple[tuple[str, float], ...]:
    """(emotion, 1 - e^-total) pairs: intensities in [0, 1) that grow with the evidence and saturate."""
    # One C-level chain of maps over the eight totals rather than a generator's Python step per emotion.
    return tuple(zip(EMOTIONS, map(sub, repeat(1.0), map(math.exp, map(neg, raw))), strict=True))
