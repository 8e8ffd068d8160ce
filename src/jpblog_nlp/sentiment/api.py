"""The entry points: a post's sentiment and emotions, single lines, and the post-level aggregate.

``score_sentiment`` prepares the post once (MeCab runs once per post), scores its sentences
(``scoring``), damps quoted definitions, optionally rescores with a trained model, and aggregates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..text.records import Post, Sentence, Term, collector_paused
from ..text.tokens import Morpheme, parse
from .clauses import CONTRAST_OPENINGS
from .emotions import EMOTIONS, ZERO_EMOTIONS
from .lexicon import Lexicon, load_lexicon
from .records import Evidence, PostSentiment, SentenceSentiment
from .scoring import score_and_label, score_sentences

if TYPE_CHECKING:  # pragma: no cover
    from ..text.document import Document
    from .model import SentimentModel


POST_THRESHOLD = 0.2


def _smooth(values: Sequence[float]) -> tuple[float, ...]:
    """Centred moving average; the window grows with the post (3 sentences, or a tenth of them)."""
    n = len(values)
    if n == 0:
        return ()
    half = max(1, n // 20)
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    out = []
    for i in range(n):
        lo, hi = max(0, i - half), min(n, i + half + 1)
        out.append((prefix[hi] - prefix[lo]) / (hi - lo))
    return tuple(out)


def aggregate(sentences: Sequence[SentenceSentiment], post_id: str = "", method: str = "lexicon") -> PostSentiment:
    """Combine sentence results into the post-level result.

    Sentences without evidence do not dilute the score.  A sentence opening with a contrast
    conjunction (でも, しかし) halves the weight of the sentence before it: the writer's point is what
    follows.

    Args:
        sentences: Per-sentence results in order.
        post_id: Id of the post.
        method: "lexicon" or "model".
    """
    n = len(sentences)
    weights = [1.0 if (s.evidence or s.label != "neutral") else 0.0 for s in sentences]
    for i in range(1, n):
        if weights[i - 1] and sentences[i].text.lstrip()[:4].startswith(CONTRAST_OPENINGS):
            weights[i - 1] *= 0.5
    total = sum(weights)
    score = sum(w * s.score for w, s in zip(weights, sentences, strict=False)) / total if total else 0.0
    n_pos = sum(1 for s in sentences if s.label == "positive")
    n_neg = sum(1 for s in sentences if s.label == "negative")
    if score >= POST_THRESHOLD:
        label = "positive"
    elif score <= -POST_THRESHOLD:
        label = "negative"
    elif n_pos and n_neg and min(n_pos, n_neg) >= 0.5 * max(n_pos, n_neg):
        label = "mixed"
    else:
        label = "neutral"
    # Sentences without emotion evidence share one all-zero tuple: only the others are summed.
    felt = [s.emotions for s in sentences if s.emotions and s.emotions is not ZERO_EMOTIONS]
    emotions = tuple(
        (name, sum(values[i][1] for values in felt) / n if n else 0.0) for i, name in enumerate(EMOTIONS)
    )
    return PostSentiment(
        post_id=post_id,
        score=score,
        label=label,
        positive_share=n_pos / n if n else 0.0,
        negative_share=n_neg / n if n else 0.0,
        trajectory=_smooth([s.score for s in sentences]),
        emotions=emotions,
        sentences=tuple(sentences),
        method=method,
    )


def score_sentiment(
    source: str | Post | Document,
    *,
    lexicon: Lexicon | str | Path | None = None,
    model: SentimentModel | str | Path | None = None,
) -> PostSentiment:
    """Sentiment and emotions of a post, per sentence and for the whole post.

    Args:
        source: The post's text (a str is always text), a ``Post`` or a prepared ``Document`` (MeCab
            runs once per post); a path is refused (``load_post(path)`` reads one).
        lexicon: A user lexicon TSV path (or ``Lexicon``) extending/overriding the built-in one.
        model: A classifier trained by ``jpblog sentiment train`` (path or loaded model); when given,
            sentence scores and labels come from it (score = P(positive) - P(negative)) while the
            evidence and emotions still come from the lexicon.

    Returns:
        ``PostSentiment`` with one ``SentenceSentiment`` per sentence (emotions included).

    >>> score_sentiment("全然楽しくなかった。").sentences[0].label
    'negative'
    """
    from ..text.document import prepare

    doc = prepare(source)
    with collector_paused():  # a result per sentence and per piece of evidence: nothing to collect
        sentences = _damp_definitions(doc, score_sentences(doc, lexicon))
        method = "lexicon"
        if model is not None:
            from .model import load_model

            loaded = load_model(model)
            sentences = loaded.rescore(doc, sentences)
            method = "model"
        return aggregate(sentences, doc.post.id, method)


# A quoted definition (Kloutとは、…) describes a word in someone else's voice; its つながり or 成功 are
# not the writer's feelings. A paragraph opening with one, or following a "…とは" heading, is damped.
_DEFINITION_OPENING = re.compile(r"^.{1,40}?とは[、，,]")
_DEFINITION_HEADING = re.compile(r"とは[?？]?$")
DEFINITION_FACTOR = 0.3


def _damp_definitions(doc: Document, sentences: list[SentenceSentiment]) -> list[SentenceSentiment]:
    """Scale the evidence of sentences in definition paragraphs by ``DEFINITION_FACTOR``."""
    paragraphs: set[int] = set()
    for s in doc.sentences:
        if "とは" not in s.text:  # both patterns need it: a C-level test spares most sentences the regexes
            continue
        if _DEFINITION_OPENING.match(s.text):
            paragraphs.add(s.paragraph)
        elif _DEFINITION_HEADING.search(s.text) and len(s.text) <= 40:
            paragraphs.add(s.paragraph + 1)
    if not paragraphs:
        return sentences
    out = []
    for s, result in zip(doc.sentences, sentences, strict=True):
        if s.paragraph in paragraphs and result.evidence:
            evidence = tuple(
                Evidence(e.term, e.key, e.start, e.end, e.polarity, e.emotion, e.negated,
                         e.weight * DEFINITION_FACTOR, (*e.modifiers, "definition"))
                for e in result.evidence
            )
            score, label = score_and_label(evidence)
            emotions = tuple((name, value * DEFINITION_FACTOR) for name, value in result.emotions)
            result = SentenceSentiment(result.index, result.text, result.start, result.end, score, label, evidence,
                                       emotions, result.emotion_evidence)
        out.append(result)
    return out


def score_emotions(source: str | Post | Document, *, lexicon: Lexicon | str | Path | None = None) -> dict[str, float]:
    """Post-level intensities of Plutchik's eight emotions (the ``emotions`` of ``score_sentiment``).

    Per-sentence intensities and their evidence are in ``score_sentiment(...).sentences``.
    """
    return dict(score_sentiment(source, lexicon=lexicon).emotions)


def score_unit(
    text: str, lexicon: Lexicon | str | Path | None = None, index: int = 0
) -> tuple[SentenceSentiment, list[Morpheme], list[Term]]:
    """Score one text as a single unit; also return its morphemes and terms (for model features)."""
    from ..text.document import Document
    from ..text.tokens import build_terms

    ms = parse(text)
    terms = build_terms(ms, text)
    # The text as a one-sentence document: lines and posts are scored by the same code.
    doc = Document(Post(id="", title="", text=text), (Sentence(index, text, 0, len(text), 0),), (tuple(ms),),
                   (tuple(terms),))
    return score_sentences(doc, lexicon)[0], ms, terms


def score_lines(
    lines: Iterable[str],
    *,
    lexicon: Lexicon | str | Path | None = None,
    model: SentimentModel | str | Path | None = None,
) -> list[SentenceSentiment]:
    """Score each line as one unit (a tweet, a review) instead of splitting sentences.

    Args:
        lines: Texts; blank ones give a neutral result with no evidence.
        lexicon: As for ``score_sentiment``.
        model: As for ``score_sentiment``.

    Returns:
        One ``SentenceSentiment`` per line (index = line number from 0, offsets into the line).
    """
    lex = load_lexicon(lexicon)
    loaded = None
    if model is not None:
        from .model import load_model

        loaded = load_model(model)
    out = []
    for i, line in enumerate(lines):
        result, ms, terms = score_unit(line, lex, i)
        if loaded is not None:
            result = loaded.rescore_one(result, ms, terms)
        out.append(result)
    return out
