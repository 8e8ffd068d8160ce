"""The writer's stance toward a theme: the sentiment of the sentences that mention it.

Kept apart from matching because it reads a sentiment result (``jpblog_nlp.sentiment`` or anything shaped
like it) and runs only for the themes found; with lexicon scores the theme's own words are left out of
each sentence's score, since they say what the sentence is about, not how the writer feels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..text.records import slot_constructor
from .matching import overlap_test
from .records import StancePoint, ThemeHit, ThemeStance

if TYPE_CHECKING:  # the records only: themes score no sentiment here
    from ..sentiment.records import PostSentiment, SentenceSentiment

# Stance thresholds on sentence sentiment scores in [-1, 1].
STANCE_POLAR = 0.1
# Label of a rescored sentence, as jpblog_nlp.sentiment labels sentences.
SENTENCE_POLAR = 0.25
MIXED_SHARE = 0.25


# The records a stance is made of, built by filling their slots (see records.slot_constructor).
_stance_point = slot_constructor(StancePoint)
_theme_stance = slot_constructor(ThemeStance)


def _evidence_text(item: object) -> str:
    """A sentiment evidence item as text, whatever record the sentiment module uses."""
    if isinstance(item, str):
        return item
    for attr in ("term", "text", "surface", "word"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(item, tuple | list) and item:
        return str(item[0])
    return str(item)


def _overlaps(evidence: object, spans: Sequence[tuple[int, int]] | Callable[[int, int], bool]) -> bool:
    """Whether a sentiment evidence item (with ``start``/``end`` offsets) overlaps one of the spans.

    ``spans`` may be an ``overlap_test`` of them, for many items against the same spans.
    """
    start, end = getattr(evidence, "start", None), getattr(evidence, "end", None)
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    if callable(spans):
        return spans(start, end)
    return any(start < b and a < end for a, b in spans)


def stance_of(hits: Sequence[ThemeHit], sentiment: PostSentiment, n_sentences: int) -> ThemeStance:
    """The writer's stance toward a theme: the sentiment of the sentences that mention it.

    Args:
        hits: The theme's sentences.
        sentiment: A ``PostSentiment`` (anything with ``.sentences`` of records carrying ``index``,
            ``score``, ``label`` and ``evidence``).  With lexicon scoring, evidence overlapping the theme's
            own terms is left out and the sentence rescored (signed weights over their magnitudes).
        n_sentences: Sentences in the post (for the thirds of the trajectory).

    Returns:
        Mean score, label, one point per sentence and the trajectory over thirds of the post.
    """
    return stance_by_index(hits, {s.index: s for s in sentiment.sentences}, rescores(sentiment), n_sentences)


def rescores(sentiment: PostSentiment) -> bool:
    """Whether sentence scores can be worked out again without the theme's own words."""
    # Lexicon scores are signed evidence weights over their magnitudes, so the theme's own words can be
    # taken out; a model's probabilities cannot be taken apart and are used as they are.
    return getattr(sentiment, "method", "lexicon") == "lexicon"


def stance_by_index(hits: Sequence[ThemeHit], by_index: Mapping[int, SentenceSentiment], rescore: bool,
                    n_sentences: int) -> ThemeStance:
    """``stance_of``, given the post's sentence sentiments by index (worked out once for all its themes)."""
    points = []
    for hit in hits:
        s = by_index.get(hit.sentence)
        if s is None:
            continue
        score, label = float(s.score), str(s.label)
        evidence = getattr(s, "evidence", None) or ()
        if not evidence:  # most sentences carry no evidence: nothing to leave out
            points.append(_stance_point(hit.sentence, hit.position, round(score, 4), label, ()))
            continue
        evidence = list(evidence)
        in_spans = overlap_test(hit.spans)
        own = [e for e in evidence if _overlaps(e, in_spans)]
        if own and rescore and all(isinstance(getattr(e, "weight", None), int | float) for e in evidence):
            # The theme's own words (共感 for empathy, いい in いいね for influence) say what the sentence is
            # about, not how the writer feels about it: the stance is what the other words say.  (Equal items
            # have equal offsets, so leaving out by identity leaves out what equality did, without comparing
            # every item with every other.)
            own_ids = {id(e) for e in own}
            evidence = [e for e in evidence if id(e) not in own_ids]
            total = sum(e.weight for e in evidence)
            score = total / max(1.0, sum(abs(e.weight) for e in evidence))
            label = "positive" if score >= SENTENCE_POLAR else "negative" if score <= -SENTENCE_POLAR else "neutral"
        points.append(_stance_point(hit.sentence, hit.position, round(score, 4), label,
                                    tuple(_evidence_text(e) for e in evidence)))
    scores = [p.score for p in points]
    mean = round(sum(scores) / len(scores), 4) if scores else 0.0
    positive = sum(1 for v in scores if v >= STANCE_POLAR)
    negative = sum(1 for v in scores if v <= -STANCE_POLAR)
    if scores and positive / len(scores) >= MIXED_SHARE and negative / len(scores) >= MIXED_SHARE:
        label = "mixed"
    elif mean >= STANCE_POLAR:
        label = "positive"
    elif mean <= -STANCE_POLAR:
        label = "negative"
    else:
        label = "neutral"
    thirds: list[list[float]] = [[], [], []]
    for p in points:
        third = min(2, p.sentence * 3 // max(1, n_sentences))
        thirds[third].append(p.score)
    trajectory = tuple(round(sum(t) / len(t), 4) if t else None for t in thirds)
    return _theme_stance(mean, label, tuple(points), trajectory)
