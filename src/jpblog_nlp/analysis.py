"""Analyse one post: the single entry point behind ``jpblog analyze``, ``jpblog batch`` and notebooks.

``analyze`` converts its input once, here: a ``pathlib.Path`` is read (``sources.load_post``), text
becomes a post, and the post is tokenized once (``document.prepare``). Every analysis then gets that
``Document`` (keywords, sentiment and emotions, themes with the writer's stance from the same sentiment,
an extractive summary); none of them reads a file or tokenizes again. The result is a pure function of
the post and the loaded resources (tagger, lexicons, theme definitions, model), so a batch engine can map
it over posts in any process; files named by path (a user lexicon, theme file or model) are read once per
process while unchanged. The options travel as one frozen ``AnalysisOptions`` (``options=``, or made here
from the keyword arguments), checked once.

The single-post path imports neither pandas nor scikit-learn: ``to_frame`` imports pandas on demand.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import InputError, ResourceError
from .options import AnalysisOptions
from .sources import load_post, post_from_text
from .text.document import Document, prepare, text_post
from .text.normalize import norm_key
from .text.records import Post, Sentence, collector_paused

if TYPE_CHECKING:  # the analysis modules are imported when analyze() runs, to keep `import` light
    import pandas

    from .keywords import Keyword
    from .sentiment import Lexicon, PostSentiment, SentenceSentiment
    from .sentiment.model import SentimentModel
    from .summary import Summary
    from .themes import Theme, ThemeResult, ThemeSet

SCHEMA = "jpblog.post-analysis/1"

#: The sections ``analyze`` can compute; ``sections=`` picks a subset.
SECTIONS = ("keywords", "sentiment", "themes", "summary")

@dataclass(frozen=True, slots=True)
class TermCount:
    """A term and how often it occurs in a post."""

    term: str
    norm: str
    count: int
    kind: str


def term_counts(doc: Document, *, kinds: tuple[str, ...] = ("compound", "noun", "hashtag")) -> list[TermCount]:
    """Count a document's terms by matching key, shown in their most frequent written form.

    Args:
        doc: A prepared document.
        kinds: Which term kinds to count (compounds and nouns by default).

    Returns:
        Counts, most frequent first (ties: first occurrence first).
    """
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    kind_of: dict[str, str] = {}
    for term in doc.all_terms():
        if term.kind not in kinds:
            continue
        counts[term.norm] += 1
        shown.setdefault(term.norm, Counter())[term.text] += 1
        kind_of.setdefault(term.norm, term.kind)
    return [
        TermCount(shown[norm].most_common(1)[0][0], norm, count, kind_of[norm])
        for norm, count in counts.most_common()
    ]


@dataclass(frozen=True, slots=True)
class PostAnalysis:
    """Everything jpblog says about one post.

    Attributes:
        document: The tokenized post (post, sentences, morphemes, terms).
        keywords: Keywords, best first (empty when the section was not computed).
        sentiment: Sentence and post sentiment with emotions, or None when not computed.
        themes: Themes present, strongest first, with the writer's stance.
        summary: The extractive summary, or None when not computed.
        top: How many top terms ``top_terms`` lists.
    """

    document: Document
    keywords: tuple[Keyword, ...] = ()
    sentiment: PostSentiment | None = None
    themes: tuple[ThemeResult, ...] = ()
    summary: Summary | None = None
    top: int = 10

    @property
    def top_terms(self) -> tuple[TermCount, ...]:
        """The most frequent compound terms and nouns (plain counts, next to the scored keywords)."""
        return tuple(term_counts(self.document)[:self.top])

    @property
    def post(self) -> Post:
        """The analysed post."""
        return self.document.post

    @property
    def emotions(self) -> dict[str, float]:
        """Post-level emotion intensities (Plutchik's eight), empty without sentiment."""
        return dict(self.sentiment.emotions) if self.sentiment is not None else {}

    def to_dict(self) -> dict[str, Any]:
        """Return the versioned, JSON-ready form (``docs/json-schema.md``)."""
        post = self.post
        doc = self.document
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "post": {
                "id": post.id,
                "title": post.title,
                "url": post.url,
                "published": post.published,
                "author": post.author,
                "blog": post.blog,
                "source": post.source,
                "categories": list(post.categories),
                "hashtags": list(post.hashtags),
                "n_chars": len(post.text),
                "n_sentences": len(doc.sentences),
                "n_tokens": doc.n_tokens,
            },
            "keywords": [k.to_dict() for k in self.keywords],
            "sentiment": None,
            "emotions": None,
            "themes": [t.to_dict() for t in self.themes],
            "summary": self.summary.to_dict() if self.summary is not None else None,
        }
        scored = {}
        zero: tuple[tuple[str, float], ...] = ()  # the emotions that sentences without any share
        if self.sentiment is not None:
            from .sentiment import ZERO_EMOTIONS

            zero = ZERO_EMOTIONS
            overall = self.sentiment.to_dict(sentences=False)
            data["emotions"] = overall.pop("emotions")  # already rounded to 4 places, as here
            overall.pop("post_id", None)
            overall["neutral_share"] = round(max(0.0, 1.0 - overall["positive_share"] - overall["negative_share"]), 4)
            data["sentiment"] = overall
            scored = {s.index: s for s in self.sentiment.sentences}
        by_sentence: dict[int, list[str]] = {}
        for theme in self.themes:
            for hit in theme.hits:
                by_sentence.setdefault(hit.sentence, []).append(theme.name)
        data["sentences"] = [_sentence_dict(s, scored.get(s.index), by_sentence.get(s.index, []), zero)
                             for s in doc.sentences]
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """The ``to_dict`` form as JSON text (Japanese unescaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self, table: str = "sentences") -> pandas.DataFrame:
        """One table of the analysis as a pandas DataFrame (the batch tables' columns, ``docs/batch.md``).

        Args:
            table: "sentences", "keywords", "themes" or "posts" (a one-row frame).

        Returns:
            The DataFrame.

        Raises:
            InputError: Unknown table name.
        """
        import pandas as pd

        from .batch import tables

        data = self.to_dict()
        rows = {
            "sentences": tables.sentence_rows,
            "keywords": tables.keyword_rows,
            "themes": tables.theme_rows,
            "posts": lambda d: [tables.post_row(d)],
        }
        if table not in rows:
            raise InputError(f"unknown table {table!r}", hint=f"choose one of {', '.join(rows)}")
        columns = [name for name, _ in tables.COLUMNS[table]]
        return pd.DataFrame(rows[table](data), columns=columns)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a readable HTML summary of the analysis."""
        from .render.notebook import post_analysis_html

        return post_analysis_html(self.to_dict())

    def __repr__(self) -> str:
        post = self.post
        themes = ", ".join(t.name for t in self.themes[:3]) or "-"
        label = self.sentiment.label if self.sentiment is not None else "-"
        return (f"<PostAnalysis {post.id!r}: {len(self.document.sentences)} sentences, "
                f"sentiment {label}, themes {themes}>")


def _sentence_dict(s: Sentence, found: SentenceSentiment | None, themes: list[str],
                   zero: tuple[tuple[str, float], ...]) -> dict[str, Any]:
    """The ``sentences`` item of one sentence, with its sentiment (``found``, may be None) and theme names.

    ``zero`` is the all-zero emotions tuple that sentences without emotion share (``ZERO_EMOTIONS``).
    """
    if found is None:
        return {"index": s.index, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph,
                "sentiment": None, "emotions": None, "themes": themes}
    evidence = found.evidence
    return {"index": s.index, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph,
            "sentiment": {"score": round(found.score, 4), "label": found.label,
                          "evidence": [e.to_dict() for e in evidence] if evidence else []},
            "emotions": {} if found.emotions is zero else _present_emotions(found.emotions), "themes": themes}


def _present_emotions(emotions: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """The emotions present, rounded: eight zeros on every neutral sentence would bury the rest."""
    return {k: round(v, 4) for k, v in emotions if v > 0}


# -- resources named by path: read once per process while the file is unchanged ----------------------


#: Themes at least this strong get one of their terms among the keywords (``cover_themes``).
THEME_COVER_SCORE = 0.3
#: Keyword candidates kept per keyword shown, as stand-ins for uncovered themes.
THEME_SPARES = 5


def cover_themes(keywords: tuple[Keyword, ...], spares: list[Keyword], themes: tuple[ThemeResult, ...],
                 min_score: float = THEME_COVER_SCORE) -> tuple[Keyword, ...]:
    """Make the keywords name every strong theme of the post.

    A theme scoring at least ``min_score`` whose terms are all missing from the keywords (共感 said three
    times in a post about influence and empathy ranks twentieth by frequency-based scores) gets its
    best-scored term among the spare candidates, in place of the last keyword that names no strong theme.
    The keywords and the themes of a report then tell the same story.

    Args:
        keywords: The keywords shown, best first.
        spares: The next candidates, best first.
        themes: The post's themes, strongest first.
        min_score: The theme strength that must be covered.

    Returns:
        The keywords, as many as before, best first (a stand-in goes after the keywords it outranks).
    """
    shown = list(keywords)
    strong = [t for t in themes if t.score >= min_score]
    norms_of = {t.name: {norm_key(h.term) for h in t.terms} | {norm_key(h.theme_term) for h in t.terms}
                for t in strong}
    for theme in strong:
        own = norms_of[theme.name]
        if any(k.norm in own for k in shown):
            continue
        stand_in = next((k for k in spares if k.norm in own), None)
        if stand_in is None:
            continue
        # Replace the weakest keyword that is not the only one naming another strong theme.
        for i in range(len(shown) - 1, -1, -1):
            names = [n for n, norms in norms_of.items() if shown[i].norm in norms]
            if not any(sum(k.norm in norms_of[n] for k in shown) == 1 for n in names):
                spares = [k for k in spares if k is not stand_in]
                shown[i] = stand_in
                break
    shown.sort(key=lambda k: -k.score)
    return tuple(shown)


def _stat_key(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """(path, modification time, size): the cache key of a resource file; a missing file raises."""
    try:
        stat = Path(path).stat()
    except OSError as err:
        raise ResourceError(f"cannot read {path}: {err.strerror or err}", source=str(path),
                            hint="check the path") from err
    return os.fspath(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _lexicon_cached(path: str, mtime_ns: int, size: int) -> Lexicon:
    """The built-in lexicon extended by a user lexicon file."""
    from .sentiment import load_lexicon

    return load_lexicon(path)


@lru_cache(maxsize=8)
def _model_cached(path: str, mtime_ns: int, size: int) -> SentimentModel:
    """A sentiment model file, loaded."""
    from .sentiment.model import load_model

    return load_model(path)


_Loaded = TypeVar("_Loaded")


def _resource(value: _Loaded | str | os.PathLike[str] | None,
              loader: Callable[[str, int, int], _Loaded]) -> _Loaded | None:
    """A loaded resource: objects pass through, paths are loaded once per (path, mtime, size)."""
    if value is None or not isinstance(value, str | os.PathLike):
        return value
    return loader(*_stat_key(value))


def _source_post(source: str | os.PathLike[str] | Post | Document | None, text: str | None) -> Post | Document:
    """What ``prepare`` gets: the post of a string (always its text) or of a path (read here), or a post or
    document as given.

    This is the one place an analysis reads a file, before any analyser runs (they take text, a post or a
    document only). Nothing here reads a path held in a string or fetches a URL: a service that passes its
    users' strings to ``analyze`` cannot be turned into a file reader or a fetcher.
    """
    if text is not None:
        if source is not None:
            raise InputError("analyze takes the post as source or as text=, not both",
                             hint="drop one of them")
        if not isinstance(text, str):
            raise InputError(f"text= takes a str, not {type(text).__name__}",
                             hint="pass a pathlib.Path, a Post or a Document as the first argument instead")
        return post_from_text(text)
    if source is None:
        raise InputError("analyze needs a post", hint="pass text=..., a pathlib.Path, a Post or a Document")
    if isinstance(source, str):
        return text_post(source, escape="text=... to analyse the string itself",
                         read="pass pathlib.Path(...) to read a file")
    if isinstance(source, Post | Document):
        return source
    if isinstance(source, os.PathLike):
        return load_post(source)
    raise InputError(f"cannot analyse a value of type {type(source).__name__}",
                     hint="pass the post's text (str), a pathlib.Path, a Post or a Document")


def _options(options: AnalysisOptions | None, given: dict[str, object]) -> AnalysisOptions:
    """The options of one analysis: the ``options`` object, or one made of the keyword arguments.

    Either way they are checked once, by ``AnalysisOptions``. Keywords that differ from their defaults next
    to an ``options`` object are refused rather than merged: which one wins would be a guess.
    """
    if options is None:
        return AnalysisOptions(**given)  # type: ignore[arg-type]
    if not isinstance(options, AnalysisOptions):
        raise InputError(f"options= takes an AnalysisOptions, not {type(options).__name__}",
                         hint="build one with jpblog_nlp.options.AnalysisOptions(...) or pass keywords")
    given["sections"] = tuple(given["sections"])  # type: ignore[arg-type]  # a list of them is the same choice
    changed = sorted(name for name, value in given.items() if value != _KEYWORD_DEFAULTS[name])
    if changed:
        raise InputError(f"analyze takes options= or keyword options, not both (got {', '.join(changed)} too)",
                         hint="set them in the AnalysisOptions, or drop options=")
    return options


def analyze(
    source: str | os.PathLike[str] | Post | Document | None = None,
    *,
    text: str | None = None,
    options: AnalysisOptions | None = None,
    top: int = 10,
    keyword_method: str = "hybrid",
    lexicon: Lexicon | str | os.PathLike[str] | None = None,
    model: SentimentModel | str | os.PathLike[str] | None = None,
    themes: ThemeSet | Iterable[Theme] | str | os.PathLike[str] | None = None,
    summary: int | None = 3,
    summary_method: str = "lexrank",
    sections: tuple[str, ...] | list[str] = SECTIONS,
) -> PostAnalysis:
    """Analyse one post: keywords, sentiment and emotions, themes with stance, summary.

    Args:
        source: The post's text (a ``str`` is always text, never read as a path or fetched: one that only
            looks like a file name or a URL is refused), a ``pathlib.Path`` to a post file, a ``Post``
            (``load_post(path)``, ``fetch_post(url)``, ``post_from_text(s)``) or a ``Document``.
        text: The post's text, explicitly: a string analysed as it is, whatever its shape.
        options: All the options below as one ``AnalysisOptions`` (checked when made; what a batch hands
            its workers). Not together with keywords that differ from their defaults.
        top: How many keywords (and top terms) to keep.
        keyword_method: Keyword method name (``jpblog_nlp.registry.KEYWORD_METHODS``).
        lexicon: A user sentiment lexicon (TSV path or ``Lexicon``) extending the built-in one.
        model: A trained sentiment model (JSON path or ``SentimentModel``) used instead of the lexicon.
        themes: A user theme file (TOML path) or ``ThemeSet``; None for the built-in themes.
        summary: Sentences in the summary (None: the summarizer's default, 3).
        summary_method: Summary method name (``jpblog_nlp.summary.SUMMARIZERS``).
        sections: Which of ``SECTIONS`` to compute (the others are left empty).

    Returns:
        The analysis.

    Raises:
        JpblogError: Unreadable input or resource file, unknown method or section, a string shaped like
            a file name or URL given as ``source``, ``options`` together with other keyword options.

    >>> result = analyze("SNSの影響力について考えた。共感が大事だと思う。")
    >>> [k.term for k in result.keywords][:2]
    ['影響力', 'SNS']
    """
    opts = _options(options, {"top": top, "keyword_method": keyword_method, "lexicon": lexicon, "model": model,
                              "themes": themes, "summary": summary, "summary_method": summary_method,
                              "sections": sections})
    top, keyword_method, sections = opts.top, opts.keyword_method, opts.sections
    doc = prepare(_source_post(source, text))  # the one conversion: every analysis below takes this document
    # Every analysis builds many small records and nothing cyclic: the collector waits until the end.
    with collector_paused():
        keywords: tuple[Keyword, ...] = ()
        sentiment: PostSentiment | None = None
        found_themes: tuple[ThemeResult, ...] = ()
        summary_result: Summary | None = None
        candidates: list[Keyword] = []
        if "keywords" in sections:
            from .keywords import extract_keywords

            # A few more than shown: the spares can stand in for a strong theme the top list misses.
            candidates = extract_keywords(doc, top_k=top * THEME_SPARES, method=keyword_method)
            keywords = tuple(candidates[:top])
        if "sentiment" in sections or "themes" in sections:
            # Themes need the sentiment for their stance: scored once, used by both.
            from .sentiment import score_sentiment

            sentiment = score_sentiment(doc, lexicon=_resource(opts.lexicon, _lexicon_cached),
                                        model=_resource(opts.model, _model_cached))
        if "themes" in sections:
            from .themes import detect_themes

            found_themes = tuple(detect_themes(doc, opts.themes, sentiment=sentiment))
            if keywords:
                keywords = cover_themes(keywords, candidates[len(keywords):], found_themes)
        if "summary" in sections:
            from .summary import summarize

            summary_result = summarize(doc, opts.summary, method=opts.summary_method)
        return PostAnalysis(
            document=doc,
            top=top,
            keywords=keywords,
            sentiment=sentiment if "sentiment" in sections else None,
            themes=found_themes,
            summary=summary_result,
        )


#: The keyword options' defaults, for telling keywords that were set apart from ``options=``.
_KEYWORD_DEFAULTS = {f.name: f.default for f in fields(AnalysisOptions)}
