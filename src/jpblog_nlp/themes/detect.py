"""Theme detection: the scores and the public entry points that put matching and stance together.

``detect_themes`` turns the hits of ``matching`` into ``ThemeResult`` records: it weighs them, scores
each theme (``theme_score``), drops weak ones and adds the stance.  ``theme_counts`` is its lean form for
corpus comparisons and batches (no thresholds, no stance), which is why the loop here stays flat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ResourceError
from ..text.document import Document, prepare
from ..text.records import Post, slot_constructor
from .matching import CONTENT_KINDS, SentenceIndex, index_post, plan_of, sentence_hits
from .records import TermHit, Theme, ThemeHit, ThemeResult, ThemeSet
from .stance import rescores, stance_by_index
from .themefile import as_themeset

if TYPE_CHECKING:
    from ..sentiment.records import PostSentiment, SentenceSentiment

# Density at which the density part of the score reaches 1 - 1/e (weighted hits per content term).
DENSITY_SCALE = 0.15
# Share of sentences at which the spread part of the score reaches 1 - 1/e.
SPREAD_SCALE = 0.15
DENSITY_PART = 0.75
# A theme must carry at least this much weight (one exact hit of a weight-1 term) and this score.
MIN_WEIGHT = 1.0
MIN_SCORE = 0.1


# The records detect_themes makes many of, built by filling their slots (see records.slot_constructor).
_theme_hit = slot_constructor(ThemeHit)
_term_hit = slot_constructor(TermHit)
_theme_result = slot_constructor(ThemeResult)
_KIND = attrgetter("kind")  # Term.kind, read in C


def theme_score(weight: float, n_content_terms: int, n_hit_sentences: int, n_sentences: int) -> float:
    """Strength of a theme in a post, in [0, 1].

    ``0.75 * (1 - exp(-density / 0.15)) + 0.25 * (1 - exp(-spread / 0.15))`` where density is the
    theme's weighted hits per content term of the post (so long and short posts compare) and spread the
    share of sentences that mention it (a theme running through the post beats one paragraph).

    Args:
        weight: Sum of the weights of the theme's hits.
        n_content_terms: Number of content terms (compounds, nouns, verbs, adjectives) in the post.
        n_hit_sentences: Sentences where the theme occurs.
        n_sentences: Sentences in the post.

    Returns:
        The score, rounded to 4 decimals.
    """
    density = weight / max(1, n_content_terms)
    spread = n_hit_sentences / max(1, n_sentences)
    value = DENSITY_PART * (1 - math.exp(-density / DENSITY_SCALE))
    value += (1 - DENSITY_PART) * (1 - math.exp(-spread / SPREAD_SCALE))
    return round(min(1.0, max(0.0, value)), 4)


def _position(index: int, n: int) -> float:
    """Relative position of sentence ``index`` among ``n``: 0 for the first, 1 for the last."""
    return round(index / (n - 1), 4) if n > 1 else 0.0


def _sentiment_of(doc: Document) -> PostSentiment:
    """Score the document's sentiment with ``jpblog_nlp.sentiment`` (imported only when needed)."""
    try:
        from .. import sentiment as sentiment_module
    except ModuleNotFoundError as err:
        raise ResourceError(
            "the sentiment module (jpblog_nlp.sentiment) is not available, so the stance toward themes "
            "cannot be computed", hint="pass sentiment=..., or stance=False",
        ) from err
    return sentiment_module.score_sentiment(doc)


def detect_themes(
    source: str | Post | Document,
    themes: ThemeSet | Iterable[Theme] | str | Path | None = None,
    sentiment: PostSentiment | None = None,
    *,
    stance: bool = True,
    min_score: float = MIN_SCORE,
    min_weight: float = MIN_WEIGHT,
) -> list[ThemeResult]:
    """Find the themes of a post, where they occur and the writer's stance toward them.

    Args:
        source: Text, a ``Post`` or a ``Document`` (anything ``prepare`` accepts; not a path).
        themes: The themes to look for: None (built-in), a ``ThemeSet``, themes, or a path to a user's
            TOML theme file merged over the built-in themes.
        sentiment: The post's ``PostSentiment``; None computes it with ``jpblog_nlp.sentiment``.
        stance: Compute the stance (False: ``stance`` of each result is None and sentiment is unused).
        min_score: Leave out themes scoring less.
        min_weight: Leave out themes whose hits weigh less in total (a lone weak hint is not a theme).

    Returns:
        Themes present, strongest first (ties by name); [] when none.
    """
    doc = prepare(source)
    theme_set = as_themeset(themes)
    plan = plan_of(theme_set)
    n_sentences = len(doc.sentences)
    indexed = index_post(doc, plan)
    n_content = sum(map(CONTENT_KINDS.__contains__, map(_KIND, chain.from_iterable(doc.terms))))
    # The sentences each theme shares a key with: in any other sentence it answers as in an empty one.
    sharing: list[list[tuple[int, SentenceIndex]]] = [[] for _ in plan.themes]
    for k, index in indexed:
        for number in {n for key in index.keys for n in plan.key_themes.get(key, ())}:
            sharing[number].append((k, index))
    # Each theme found: (theme, score, weight, hits, terms).
    found: list[tuple[Theme, float, float, tuple[ThemeHit, ...], tuple[TermHit, ...]]] = []
    for number, (theme, phrase_keys) in enumerate(plan.themes):
        nothing = plan.nothing[number]
        if not nothing[0] and not nothing[2]:
            if not sharing[number]:
                continue  # no sentence has any of its keys
            answers = [(k, sentence_hits(theme, index, phrase_keys)) for k, index in sharing[number]]
        else:
            # A rule that holds in an empty sentence and is no filter (a hand-made ThemeRule): every
            # sentence answers.
            mine = dict(sharing[number])
            answers = [(k, sentence_hits(theme, mine[k], phrase_keys) if k in mine else nothing)
                       for k in range(n_sentences)]
        hits: list[ThemeHit] = []
        counts: dict[tuple[str, str], int] = {}
        weights: dict[tuple[str, str], float] = {}
        for k, (term_hits, matched, filtered) in answers:
            if filtered or not term_hits:
                continue
            sentence = doc.sentences[k]
            weight = sum(h[2] for h in term_hits)
            shown = tuple(dict.fromkeys(h[0] for h in term_hits))
            morphs = doc.morphemes[sentence.index]
            spans = tuple(sorted({(morphs[a].start, morphs[b].end) for _, _, _, a, b in term_hits if a >= 0}))
            for term, theme_term, w, _, _ in term_hits:
                pair = (term, theme_term)
                counts[pair] = counts.get(pair, 0) + 1
                weights[pair] = weights.get(pair, 0.0) + w
            hits.append(_theme_hit(sentence.index, _position(sentence.index, n_sentences), sentence.text,
                                   shown, tuple(matched), round(weight, 4), spans))
        total = round(sum(h.weight for h in hits), 4)
        if not hits or total < min_weight:
            continue
        score = theme_score(total, n_content, len(hits), n_sentences)
        if score < min_score:
            continue
        term_hits_sorted = sorted(counts.items(), key=lambda kv: (-kv[1], -weights[kv[0]], kv[0]))
        found.append((theme, score, total, tuple(hits),
                      tuple(_term_hit(t, tt, c, round(weights[(t, tt)], 4)) for (t, tt), c in term_hits_sorted)))
    found.sort(key=lambda f: (-f[1], f[0].name))
    by_index: dict[int, SentenceSentiment] = {}
    rescore = False
    if stance and found:
        scored = sentiment if sentiment is not None else _sentiment_of(doc)
        by_index = {s.index: s for s in scored.sentences}
        rescore = rescores(scored)
    return [
        _theme_result(theme.name, theme.label, score, total, hits, terms,
                      stance_by_index(hits, by_index, rescore, n_sentences) if stance else None)
        for theme, score, total, hits, terms in found
    ]


def theme_counts(doc: Document, themes: ThemeSet | None = None) -> dict[str, int]:
    """Number of sentences where each theme occurs (no thresholds, no stance): for corpus comparisons."""
    return {r.name: len(r.hits) for r in detect_themes(doc, themes, stance=False, min_score=0.0, min_weight=0.0)}


def unfindable_terms(
    themes: ThemeSet | Iterable[Theme] | str | Path | None = None, *, source: str | Path | None = None
) -> list[tuple[str, str]]:
    """Terms that can never be found: the tokenizer never yields them as a term.

    Pronouns (彼女) and function words are not terms, so a theme term that is one counts for nothing.
    Each term is looked for in a plain sentence (私は{term}について考えた。), as its theme alone.

    Args:
        themes: The theme set, or a user's theme file (as for ``detect_themes``); default: built-in.
        source: Only the themes this file defined or changed (``./mine.toml`` and ``mine.toml`` are one
            file); None: every theme.

    Returns:
        (theme name, term) pairs, in definition order.
    """
    theme_set = as_themeset(themes)
    # Theme.source is the file as load_themes names it, str(Path(path)).
    wanted = None if source is None else str(Path(source))
    found: list[tuple[str, str]] = []
    for theme in theme_set:
        if wanted is not None and theme.source != wanted:
            continue
        alone = ThemeSet((theme,))
        for text, _ in theme.terms:
            if not theme_counts(prepare(f"私は{text}について考えた。"), alone):
                found.append((theme.name, text))
    return found


def themes_by_sentence(results: Iterable[ThemeResult]) -> dict[int, list[str]]:
    """Names of the themes occurring in each sentence (strongest theme first): ``sentences[].themes`` in JSON.

    Args:
        results: The output of ``detect_themes``.

    Returns:
        {sentence index: [theme names]}, only for sentences with at least one theme.
    """
    out: dict[int, list[str]] = {}
    for result in results:
        for hit in result.hits:
            out.setdefault(hit.sentence, []).append(result.name)
    return dict(sorted(out.items()))
