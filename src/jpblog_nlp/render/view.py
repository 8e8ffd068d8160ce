"""A defensive view of the post-analysis dict: what every single-post renderer reads, never the raw dict.

The dict (``docs/json-schema.md``) may come from a saved file, an older version or a hand edit, so
sections may be missing, empty, null or of the wrong type; ``read_view`` turns it into frozen records
whose every field has a safe type, and the formatting helpers here ("+0.12", "2018-10-09 22:26",
"about 7 min read") keep the terminal, Markdown and HTML reports saying the same thing the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..errors import InputError
from .text import display_str, finite_float

# The emotions of ``sentiment.EMOTIONS`` in Plutchik's wheel order (neighbours are related emotions), with
# their Japanese names: the radar chart reads like the wheel. A test keeps the two sets equal.
EMOTION_WHEEL: tuple[tuple[str, str], ...] = (
    ("joy", "喜び"),
    ("trust", "信頼"),
    ("fear", "恐れ"),
    ("surprise", "驚き"),
    ("sadness", "悲しみ"),
    ("disgust", "嫌悪"),
    ("anger", "怒り"),
    ("anticipation", "期待"),
)

# Japanese is read at roughly 400-600 characters a minute; 500 gives a fair "about N min" hint.
_CHARS_PER_MINUTE = 500


def _int(value: Any) -> int | None:
    """An int, or None when the value is not a whole number."""
    number = finite_float(value)
    return int(number) if number is not None and number == int(number) else None



def _dict(value: Any) -> dict[str, Any]:
    """The value when it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """The value when it is a list, else an empty list."""
    return value if isinstance(value, list) else []


class ArcPoint(NamedTuple):
    """One point of the smoothed sentiment trajectory: where in the post (0..1) and the score there."""

    position: float
    score: float


class ThemeTerm(NamedTuple):
    """A term that matched a theme, with how often (None when the analysis did not count)."""

    term: str
    count: int | None


class SummaryLine(NamedTuple):
    """An extracted summary sentence: its index in the post (None when unknown) and its text."""

    index: int | None
    text: str


@dataclass(frozen=True, slots=True)
class ViewKeyword:
    """One keyword as the reports show it (``first_sentence`` is the 0-based index of its first sentence)."""

    term: str
    score: float | None
    count: int | None
    first_sentence: int | None
    kind: str


@dataclass(frozen=True, slots=True)
class ViewTheme:
    """One theme: where it occurs (sentence indices and 0..1 positions), its terms and its stance."""

    name: str
    label: str
    score: float | None
    sentences: list[int]
    positions: list[float]
    terms: list[ThemeTerm]
    stance: str
    stance_score: float | None
    occurrences: dict[int, float]
    stance_arc: list[float | None] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ViewSentence:
    """One sentence of the post with its tone and the themes it mentions."""

    index: int
    text: str
    score: float | None
    label: str
    themes: list[str]


@dataclass(frozen=True, slots=True)
class PostView:
    """The whole analysis as the reports read it: every field present and of a safe type."""

    title: str
    blog: str
    author: str
    published: str
    url: str
    source: str
    categories: list[str]
    hashtags: list[str]
    n_chars: int | None
    n_sentences: int | None
    n_tokens: int | None
    keywords: list[ViewKeyword] = field(default_factory=list)
    sentiment_label: str = ""
    sentiment_score: float | None = None
    shares: dict[str, float] = field(default_factory=dict)
    trajectory: list[ArcPoint] = field(default_factory=list)
    emotions: dict[str, float] = field(default_factory=dict)
    themes: list[ViewTheme] = field(default_factory=list)
    summary_method: str = ""
    summary: list[SummaryLine] = field(default_factory=list)
    sentences: list[ViewSentence] = field(default_factory=list)
    schema: str = ""


def _keywords(data: dict[str, Any]) -> list[ViewKeyword]:
    """The keywords that have a term, in the analysis's order."""
    keywords = []
    for item in _list(data.get("keywords")):
        item = _dict(item)
        term = display_str(item.get("term")).strip()
        if term:
            keywords.append(
                ViewKeyword(term, finite_float(item.get("score")), _int(item.get("count")),
                            _int(item.get("first_sentence")), display_str(item.get("kind")))
            )
    return keywords


def _shares(sentiment: dict[str, Any]) -> dict[str, float]:
    """The positive / neutral / negative shares that are numbers."""
    shares = {}
    for key in ("positive", "neutral", "negative"):
        share = finite_float(sentiment.get(f"{key}_share"))
        if share is not None:
            shares[key] = share
    if "neutral" not in shares and {"positive", "negative"} <= shares.keys():
        # Every sentence is positive, negative or neutral, so the neutral share is the rest.
        shares = {"positive": shares["positive"],
                  "neutral": max(0.0, 1.0 - shares["positive"] - shares["negative"]),
                  "negative": shares["negative"]}
    return shares


def _trajectory(sentiment: dict[str, Any]) -> list[ArcPoint]:
    """The trajectory's points: {position, score} objects, or a bare list of scores spread evenly."""
    trajectory = []
    points = _list(sentiment.get("trajectory"))
    for i, point in enumerate(points):
        if isinstance(point, dict):
            pos, score = finite_float(point.get("position")), finite_float(point.get("score"))
        else:  # a bare list of scores, one per step: spread them evenly over the post
            pos, score = (i / (len(points) - 1) if len(points) > 1 else 0.0), finite_float(point)
        if pos is not None and score is not None:
            trajectory.append(ArcPoint(pos, score))
    return trajectory


def _themes(data: dict[str, Any], n_sentences: int) -> list[ViewTheme]:
    """The themes that have a label or name; positions derived from the indices when absent."""
    themes = []
    for item in _list(data.get("themes")):
        item = _dict(item)
        name = display_str(item.get("name")).strip()
        label = display_str(item.get("label")).strip() or name
        if not label:
            continue
        tsent = _dict(item.get("sentiment"))
        occurrences: dict[int, float] = {}
        for occ in _list(tsent.get("occurrences")):
            occ = _dict(occ)
            index, score = _int(occ.get("sentence")), finite_float(occ.get("score"))
            if index is not None and score is not None:
                occurrences[index] = score
        sentences = [i for i in (_int(s) for s in _list(item.get("sentences"))) if i is not None]
        positions = [p for p in (finite_float(x) for x in _list(item.get("positions"))) if p is not None]
        if not positions and sentences and n_sentences:
            # Positions are derivable from the indices (the schema defines them as index / (n - 1)).
            positions = [i / (n_sentences - 1) if n_sentences > 1 else 0.0 for i in sentences]
        themes.append(
            ViewTheme(
                name=name,
                label=label,
                score=finite_float(item.get("score")),
                sentences=sentences,
                positions=positions,
                terms=[ThemeTerm(display_str(_dict(t).get("term")), _int(_dict(t).get("count")))
                       for t in _list(item.get("terms")) if display_str(_dict(t).get("term"))],
                stance=display_str(tsent.get("label")),
                stance_score=finite_float(tsent.get("score")),
                occurrences=occurrences,
                stance_arc=[finite_float(v) for v in _list(tsent.get("trajectory"))][:3],
            )
        )
    return themes


def _summary(summary: dict[str, Any]) -> list[SummaryLine]:
    """The summary sentences that have text."""
    lines = []
    for item in _list(summary.get("sentences")):
        item = _dict(item)
        text = display_str(item.get("text")).strip()
        if text:
            lines.append(SummaryLine(_int(item.get("index")), text))
    return lines


def _sentences(data: dict[str, Any]) -> list[ViewSentence]:
    """Every sentence; one without an index takes its place in the list."""
    sentences = []
    for position, item in enumerate(_list(data.get("sentences"))):
        item = _dict(item)
        index = _int(item.get("index"))
        sent = _dict(item.get("sentiment"))
        sentences.append(
            ViewSentence(
                index=position if index is None else index,
                text=display_str(item.get("text")),
                score=finite_float(sent.get("score")),
                label=display_str(sent.get("label")),
                themes=[display_str(t) for t in _list(item.get("themes")) if display_str(t)],
            )
        )
    return sentences


def read_view(data: Any) -> PostView:
    """Read the analysis dict into a view where every field has a safe type."""
    if not isinstance(data, dict):
        raise InputError(
            f"a report needs the analysis as a JSON object, got {type(data).__name__}",
            hint="pass PostAnalysis.to_dict() or a file written by `jpblog analyze --format json`",
        )
    post = _dict(data.get("post"))
    sentences = _sentences(data)
    n_sentences = _int(post.get("n_sentences"))
    if n_sentences is None and sentences:
        n_sentences = len(sentences)
    sentiment = _dict(data.get("sentiment"))
    emotions = _dict(data.get("emotions"))
    summary = _dict(data.get("summary"))
    return PostView(
        title=display_str(post.get("title")).strip(),
        blog=display_str(post.get("blog")).strip(),
        author=display_str(post.get("author")).strip(),
        published=display_str(post.get("published")).strip(),
        url=display_str(post.get("url")).strip(),
        source=display_str(post.get("source")).strip(),
        categories=[display_str(c) for c in _list(post.get("categories")) if display_str(c)],
        hashtags=[display_str(h) for h in _list(post.get("hashtags")) if display_str(h)],
        n_chars=_int(post.get("n_chars")),
        n_sentences=n_sentences,
        n_tokens=_int(post.get("n_tokens")),
        keywords=_keywords(data),
        sentiment_label=display_str(sentiment.get("label")),
        sentiment_score=finite_float(sentiment.get("score")),
        shares=_shares(sentiment),
        trajectory=_trajectory(sentiment),
        emotions={key: value for key, _ in EMOTION_WHEEL
                  if (value := finite_float(emotions.get(key))) is not None},
        themes=_themes(data, n_sentences or 0),
        summary_method=display_str(summary.get("method")),
        summary=_summary(summary),
        sentences=sentences,
        schema=display_str(data.get("schema")),
    )


def sentence_positions(view: PostView) -> dict[int, float]:
    """Relative position (0..1) of each sentence index, as the schema defines theme positions."""
    n = view.n_sentences or len(view.sentences)
    if n <= 1:
        return {s.index: 0.0 for s in view.sentences}
    return {s.index: s.index / (n - 1) for s in view.sentences}


def arc_values(view: PostView) -> list[float]:
    """The sentiment arc: the smoothed trajectory, else the per-sentence scores."""
    if view.trajectory:
        return [score for _, score in sorted(view.trajectory)]
    return [s.score for s in view.sentences if s.score is not None]


def arc_phrase(values: list[float]) -> str:
    """Describe a sentiment arc in words: "starts neutral (−0.07), rises to positive (+0.46)".

    Compares the mean of the first and last thirds of the arc; ±0.1 separates a tone from neutral and a
    change of more than 0.15 counts as a rise or fall.
    """
    values = [v for v in (finite_float(x) for x in values) if v is not None]
    if len(values) < 3:
        return ""
    third = max(1, len(values) // 3)
    start = sum(values[:third]) / third
    end = sum(values[-third:]) / third

    def tone(v: float) -> str:
        return "positive" if v >= 0.1 else "negative" if v <= -0.1 else "neutral"

    if end - start > 0.15:
        move = "rises to"
    elif start - end > 0.15:
        move = "falls to"
    else:
        move = "ends"
    return f"starts {tone(start)} ({signed(start)}), {move} {tone(end)} ({signed(end)})"


def short_date(published: str) -> str:
    """The date part of an ISO 8601 timestamp (2018-10-09T22:26:32+09:00 -> 2018-10-09 22:26)."""
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", published)
    if not match:
        return published
    return f"{match[1]} {match[2]}" if match[2] else match[1]


def length_line(view: PostView) -> str:
    """'3,403 characters · 85 sentences · 1,860 tokens · about 7 min read' (known parts only)."""
    parts = []
    for value, unit in ((view.n_chars, "characters"), (view.n_sentences, "sentences"), (view.n_tokens, "tokens")):
        if value is not None:
            parts.append(f"{value:,} {unit if value != 1 else unit[:-1]}")
    if view.n_chars:
        parts.append(f"about {max(1, round(view.n_chars / _CHARS_PER_MINUTE))} min read")
    return " · ".join(parts)


def signed(value: float | None) -> str:
    """+0.12 / −0.30 (a real minus sign) / n/a."""
    if value is None:
        return "n/a"
    return f"+{value:.2f}" if value >= 0 else f"−{abs(value):.2f}"


def format_score(value: float | None) -> str:
    """A keyword or theme score with about three significant digits (scores need not lie in [0, 1])."""
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def stance_text(label: str, score: float | None) -> str:
    """'mixed −0.03', 'mixed', '−0.03' or 'n/a'."""
    parts = [label] if label else []
    if score is not None:
        parts.append(signed(score))
    return " ".join(parts) or "n/a"


def stance_arc(values: list[float | None]) -> str:
    """The stance over the thirds of the post: "−0.10 → +0.22 → +0.25" ("·" where the theme is absent).

    Empty when fewer than two thirds mention the theme: there is no arc to show.
    """
    if sum(v is not None for v in values) < 2:
        return ""
    return " → ".join(signed(v) if v is not None else "·" for v in values)


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def shares_line(view: PostView) -> str:
    return " · ".join(f"{key} {percent(view.shares.get(key))}" for key in ("positive", "neutral", "negative")
                      if key in view.shares)


def http_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) URL without spaces or quotes, else None (no javascript:)."""
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", url, flags=re.IGNORECASE):
        return url
    return None

