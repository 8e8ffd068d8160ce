"""Render a post analysis (the ``jpblog.post-analysis/1`` dict) as a terminal, Markdown or HTML report.

Every renderer takes the JSON-ready dict documented in ``docs/json-schema.md`` (what
``PostAnalysis.to_dict()`` returns), never the analysis objects, so a report can be rebuilt from a saved
JSON file. Sections may be missing, empty or null: each renderer then shows a placeholder such as
"no themes found" instead of failing.

Text from the post is untrusted: Markdown output escapes the characters that would start formatting,
links, tags or raw HTML; HTML output escapes everything (Jinja2 autoescape), hands chart data over as
JSON that cannot close its ``<script>`` element, links only http(s) URLs and ships a strict
Content-Security-Policy that allows exactly the two inline scripts of the page (by hash).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..safe_io import write_text

SPARK_BARS = "▁▂▃▄▅▆▇█"

# Plutchik's wheel order (neighbours are related emotions), so the radar chart reads like the wheel.
EMOTIONS: tuple[tuple[str, str], ...] = (
    ("joy", "喜び"),
    ("trust", "信頼"),
    ("fear", "恐れ"),
    ("surprise", "驚き"),
    ("sadness", "悲しみ"),
    ("disgust", "嫌悪"),
    ("anger", "怒り"),
    ("anticipation", "期待"),
)

FORMATS = ("text", "md", "html", "json")
_FORMAT_ALIASES = {"terminal": "text", "txt": "text", "markdown": "md", "htm": "html"}

# Japanese is read at roughly 400-600 characters a minute; 500 gives a fair "about N min" hint.
_CHARS_PER_MINUTE = 500


# --------------------------------------------------------------------------------------------------
# A defensive view of the analysis dict: every renderer reads this, never the raw dict.
# --------------------------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    """A finite float, or None for null, booleans, strings and NaN."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _int(value: Any) -> int | None:
    """An int, or None when the value is not a whole number."""
    number = _num(value)
    return int(number) if number is not None and number == int(number) else None


# C0/C1 control characters other than tab and line breaks: an ESC from a post must not reach a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _str(value: Any) -> str:
    """A string for display ("" for null, control characters removed); other scalars are converted."""
    if value is None:
        return ""
    return _CONTROL.sub("", value if isinstance(value, str) else str(value))


def _dict(value: Any) -> dict[str, Any]:
    """The value when it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """The value when it is a list, else an empty list."""
    return value if isinstance(value, list) else []


@dataclass(slots=True)
class _Keyword:
    term: str
    score: float | None
    count: int | None
    first_sentence: int | None
    kind: str


@dataclass(slots=True)
class _Theme:
    name: str
    label: str
    score: float | None
    sentences: list[int]
    positions: list[float]
    terms: list[tuple[str, int | None]]
    stance: str
    stance_score: float | None
    occurrences: dict[int, float]
    stance_arc: list[float | None] = field(default_factory=list)


@dataclass(slots=True)
class _Sentence:
    index: int
    text: str
    score: float | None
    label: str
    themes: list[str]


@dataclass(slots=True)
class _View:
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
    keywords: list[_Keyword] = field(default_factory=list)
    sentiment_label: str = ""
    sentiment_score: float | None = None
    shares: dict[str, float] = field(default_factory=dict)
    trajectory: list[tuple[float, float]] = field(default_factory=list)
    emotions: dict[str, float] = field(default_factory=dict)
    themes: list[_Theme] = field(default_factory=list)
    summary_method: str = ""
    summary: list[tuple[int | None, str]] = field(default_factory=list)
    sentences: list[_Sentence] = field(default_factory=list)
    schema: str = ""


def _view(data: Any) -> _View:
    """Read the analysis dict into a view where every field has a safe type."""
    if not isinstance(data, dict):
        raise InputError(
            f"a report needs the analysis as a JSON object, got {type(data).__name__}",
            hint="pass PostAnalysis.to_dict() or a file written by `jpblog analyze --format json`",
        )
    post = _dict(data.get("post"))
    view = _View(
        title=_str(post.get("title")).strip(),
        blog=_str(post.get("blog")).strip(),
        author=_str(post.get("author")).strip(),
        published=_str(post.get("published")).strip(),
        url=_str(post.get("url")).strip(),
        source=_str(post.get("source")).strip(),
        categories=[_str(c) for c in _list(post.get("categories")) if _str(c)],
        hashtags=[_str(h) for h in _list(post.get("hashtags")) if _str(h)],
        n_chars=_int(post.get("n_chars")),
        n_sentences=_int(post.get("n_sentences")),
        n_tokens=_int(post.get("n_tokens")),
        schema=_str(data.get("schema")),
    )
    for item in _list(data.get("keywords")):
        item = _dict(item)
        term = _str(item.get("term")).strip()
        if term:
            view.keywords.append(
                _Keyword(term, _num(item.get("score")), _int(item.get("count")), _int(item.get("first_sentence")),
                         _str(item.get("kind")))
            )
    sentiment = _dict(data.get("sentiment"))
    view.sentiment_label = _str(sentiment.get("label"))
    view.sentiment_score = _num(sentiment.get("score"))
    for key in ("positive", "neutral", "negative"):
        share = _num(sentiment.get(f"{key}_share"))
        if share is not None:
            view.shares[key] = share
    if "neutral" not in view.shares and {"positive", "negative"} <= view.shares.keys():
        # Every sentence is positive, negative or neutral, so the neutral share is the rest.
        view.shares = {"positive": view.shares["positive"],
                       "neutral": max(0.0, 1.0 - view.shares["positive"] - view.shares["negative"]),
                       "negative": view.shares["negative"]}
    points = _list(sentiment.get("trajectory"))
    for i, point in enumerate(points):
        if isinstance(point, dict):
            pos, score = _num(point.get("position")), _num(point.get("score"))
        else:  # a bare list of scores, one per step: spread them evenly over the post
            pos, score = (i / (len(points) - 1) if len(points) > 1 else 0.0), _num(point)
        if pos is not None and score is not None:
            view.trajectory.append((pos, score))
    emotions = _dict(data.get("emotions"))
    for key, _ in EMOTIONS:
        value = _num(emotions.get(key))
        if value is not None:
            view.emotions[key] = value
    for item in _list(data.get("themes")):
        item = _dict(item)
        name = _str(item.get("name")).strip()
        label = _str(item.get("label")).strip() or name
        if not label:
            continue
        tsent = _dict(item.get("sentiment"))
        occurrences: dict[int, float] = {}
        for occ in _list(tsent.get("occurrences")):
            occ = _dict(occ)
            index, score = _int(occ.get("sentence")), _num(occ.get("score"))
            if index is not None and score is not None:
                occurrences[index] = score
        view.themes.append(
            _Theme(
                name=name,
                label=label,
                score=_num(item.get("score")),
                sentences=[i for i in (_int(s) for s in _list(item.get("sentences"))) if i is not None],
                positions=[p for p in (_num(x) for x in _list(item.get("positions"))) if p is not None],
                terms=[(_str(_dict(t).get("term")), _int(_dict(t).get("count")))
                       for t in _list(item.get("terms")) if _str(_dict(t).get("term"))],
                stance=_str(tsent.get("label")),
                stance_score=_num(tsent.get("score")),
                occurrences=occurrences,
                stance_arc=[_num(v) for v in _list(tsent.get("trajectory"))][:3],
            )
        )
    summary = _dict(data.get("summary"))
    view.summary_method = _str(summary.get("method"))
    for item in _list(summary.get("sentences")):
        item = _dict(item)
        text = _str(item.get("text")).strip()
        if text:
            view.summary.append((_int(item.get("index")), text))
    for position, item in enumerate(_list(data.get("sentences"))):
        item = _dict(item)
        index = _int(item.get("index"))
        sent = _dict(item.get("sentiment"))
        view.sentences.append(
            _Sentence(
                index=position if index is None else index,
                text=_str(item.get("text")),
                score=_num(sent.get("score")),
                label=_str(sent.get("label")),
                themes=[_str(t) for t in _list(item.get("themes")) if _str(t)],
            )
        )
    if view.n_sentences is None and view.sentences:
        view.n_sentences = len(view.sentences)
    n = view.n_sentences or 0
    for theme in view.themes:
        if not theme.positions and theme.sentences and n:
            # Positions are derivable from the indices (the schema defines them as index / (n - 1)).
            theme.positions = [i / (n - 1) if n > 1 else 0.0 for i in theme.sentences]
    return view


def _sentence_positions(view: _View) -> dict[int, float]:
    """Relative position (0..1) of each sentence index, as the schema defines theme positions."""
    n = view.n_sentences or len(view.sentences)
    if n <= 1:
        return {s.index: 0.0 for s in view.sentences}
    return {s.index: s.index / (n - 1) for s in view.sentences}


def _arc_values(view: _View) -> list[float]:
    """The sentiment arc: the smoothed trajectory, else the per-sentence scores."""
    if view.trajectory:
        return [score for _, score in sorted(view.trajectory)]
    return [s.score for s in view.sentences if s.score is not None]


def arc_phrase(values: list[float]) -> str:
    """Describe a sentiment arc in words: "starts neutral (−0.07), rises to positive (+0.46)".

    Compares the mean of the first and last thirds of the arc; ±0.1 separates a tone from neutral and a
    change of more than 0.15 counts as a rise or fall.
    """
    values = [v for v in (_num(x) for x in values) if v is not None]
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
    return f"starts {tone(start)} ({_signed(start)}), {move} {tone(end)} ({_signed(end)})"


def _date(published: str) -> str:
    """The date part of an ISO 8601 timestamp (2018-10-09T22:26:32+09:00 -> 2018-10-09 22:26)."""
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", published)
    if not match:
        return published
    return f"{match[1]} {match[2]}" if match[2] else match[1]


def _length_line(view: _View) -> str:
    """'3,403 characters · 85 sentences · 1,860 tokens · about 7 min read' (known parts only)."""
    parts = []
    for value, unit in ((view.n_chars, "characters"), (view.n_sentences, "sentences"), (view.n_tokens, "tokens")):
        if value is not None:
            parts.append(f"{value:,} {unit if value != 1 else unit[:-1]}")
    if view.n_chars:
        parts.append(f"about {max(1, round(view.n_chars / _CHARS_PER_MINUTE))} min read")
    return " · ".join(parts)


def _signed(value: float | None) -> str:
    """+0.12 / −0.30 (a real minus sign) / n/a."""
    if value is None:
        return "n/a"
    return f"+{value:.2f}" if value >= 0 else f"−{abs(value):.2f}"


def _score(value: float | None) -> str:
    """A keyword or theme score with about three significant digits (scores need not lie in [0, 1])."""
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _stance(label: str, score: float | None) -> str:
    """'mixed −0.03', 'mixed', '−0.03' or 'n/a'."""
    parts = [label] if label else []
    if score is not None:
        parts.append(_signed(score))
    return " ".join(parts) or "n/a"


def stance_arc(values: list[float | None]) -> str:
    """The stance over the thirds of the post: "−0.10 → +0.22 → +0.25" ("·" where the theme is absent).

    Empty when fewer than two thirds mention the theme: there is no arc to show.
    """
    if sum(v is not None for v in values) < 2:
        return ""
    return " → ".join(_signed(v) if v is not None else "·" for v in values)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def _shares_line(view: _View) -> str:
    return " · ".join(f"{key} {_percent(view.shares.get(key))}" for key in ("positive", "neutral", "negative")
                      if key in view.shares)


def _http_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) URL without spaces or quotes, else None (no javascript:)."""
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", url, flags=re.IGNORECASE):
        return url
    return None


def _clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------------
# Sparklines and display width
# --------------------------------------------------------------------------------------------------


def _resample(values: list[float], width: int) -> list[float]:
    """Average consecutive values into at most ``width`` buckets (shorter input is kept as is)."""
    if len(values) <= width:
        return list(values)
    out = []
    for i in range(width):
        lo = i * len(values) // width
        hi = max(lo + 1, (i + 1) * len(values) // width)
        chunk = values[lo:hi]
        out.append(sum(chunk) / len(chunk))
    return out


def sparkline(values: list[float], *, width: int = 40, floor: float = 0.25) -> str:
    """Draw a sentiment arc with ▁▂▃▄▅▆▇█, zero in the middle (between ▄ and ▅).

    The scale is symmetric around zero and stretches to the largest absolute value, so a post whose
    scores stay within ±0.3 still shows its shape; ``floor`` keeps a nearly neutral post from having its
    noise blown up to full height.

    Args:
        values: Scores in [-1, 1], in reading order.
        width: At most this many characters (longer input is averaged into buckets).
        floor: Smallest half-range of the scale.

    Returns:
        The sparkline ("" for no values).
    """
    values = [v for v in (_num(x) for x in values) if v is not None]
    if not values:
        return ""
    values = _resample(values, max(1, width))
    half = max(floor, max(abs(v) for v in values))
    levels = len(SPARK_BARS)
    return "".join(SPARK_BARS[min(levels - 1, max(0, int((v + half) / (2 * half) * levels)))] for v in values)


def strip(positions: list[float], *, width: int = 24) -> str:
    """Draw where a theme occurs in the post: █ in each cell holding an occurrence, ▁ elsewhere."""
    cells = ["▁"] * width
    for pos in positions:
        if 0.0 <= pos <= 1.0:
            cells[min(width - 1, int(pos * width))] = "█"
    return "".join(cells)


def _width(text: str) -> int:
    """Display width in a terminal: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut text to a display width (with …) and pad it with spaces to exactly that width."""
    text = " ".join(text.split())
    if _width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - _width(text))


_NO_LINE_START = frozenset("、。，．,.)）」』】〕〉》・ー～！？!?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """Wrap text by display width (Japanese has no spaces to break at, so break anywhere)."""
    lines, line, used = [], [], 0
    for ch in " ".join(text.split()):
        w = _width(ch)
        # Kinsoku: 。、」 and friends may not start a line, so they hang past the margin instead.
        if used + w > width and not (ch in _NO_LINE_START and line):
            lines.append(indent + "".join(line).rstrip())
            line, used = [], 0
            if ch == " ":
                continue
        line.append(ch)
        used += w
    if line:
        lines.append(indent + "".join(line).rstrip())
    return lines


# --------------------------------------------------------------------------------------------------
# Terminal
# --------------------------------------------------------------------------------------------------

_ANSI = {
    "bold": "1", "dim": "2", "heading": "1;36", "green": "32", "red": "31", "yellow": "33", "blue": "34",
    "magenta": "35",
}
_LABEL_STYLE = {"positive": "green", "negative": "red", "mixed": "yellow", "neutral": "dim"}


def _no_color_env() -> bool:
    """True when NO_COLOR is set to a non-empty value (https://no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def render_terminal(data: dict[str, Any], color: bool = False, *, width: int = 80) -> str:
    """Render the default report of ``jpblog analyze`` for a terminal.

    Args:
        data: The post-analysis dict (``PostAnalysis.to_dict()``).
        color: Use ANSI colours (pass ``sys.stdout.isatty()``); the NO_COLOR variable turns them off.
        width: Terminal width in columns.

    Returns:
        The report, lines joined with newlines, ending with a newline.
    """
    view = _view(data)
    use_color = color and not _no_color_env()

    def style(text: str, name: str) -> str:
        if not use_color or not text or name not in _ANSI:
            return text
        return f"\x1b[{_ANSI[name]}m{text}\x1b[0m"

    def heading(text: str) -> str:
        return style(text, "heading")

    def label(text: str) -> str:
        return style(text, _LABEL_STYLE.get(text, "bold"))

    width = max(40, width)
    out: list[str] = []
    out.extend(style(line, "bold") for line in _wrap(view.title or "(no title)", width, ""))
    meta = [x for x in (view.blog, _date(view.published), view.author and f"by {view.author}") if x]
    if meta:
        out.append(" · ".join(meta))
    if _length_line(view):
        out.append(style(_length_line(view), "dim"))
    if view.url:
        out.append(style(view.url, "blue"))
    tags = view.hashtags + [c for c in view.categories if c not in view.hashtags]
    if tags:
        out.append(style("tags: " + ", ".join(tags), "dim"))

    out += ["", heading("Keywords")]
    if not view.keywords:
        out.append(style("  no keywords found", "dim"))
    else:
        top_score = max((k.score for k in view.keywords if k.score is not None), default=0.0) or 1.0
        term_width = min(24, max(_width(k.term) for k in view.keywords[:10]))
        for rank, kw in enumerate(view.keywords[:10], 1):
            bar = "█" * max(1, round((kw.score or 0.0) / top_score * 14)) if kw.score is not None else ""
            count = f"×{kw.count}" if kw.count is not None else ""
            out.append(f"  {rank:>2}  {_fit(kw.term, term_width)}  {style(bar.ljust(14), 'magenta')}  "
                       f"{_score(kw.score):>6}  {count}".rstrip())

    out += ["", heading("Sentiment")]
    arc = sparkline(_arc_values(view), width=min(60, width - 16))
    if not view.sentiment_label and view.sentiment_score is None and not arc:
        out.append(style("  no sentiment scores", "dim"))
    else:
        line = f"  {label(view.sentiment_label or 'n/a')}  {_signed(view.sentiment_score)}"
        if view.shares:
            line += "   " + style(_shares_line(view), "dim")
        out.append(line)
        if arc:
            if use_color:
                arc = "".join(style(ch, "green" if ch in "▅▆▇█" else "red") for ch in arc)
            out.append(f"  arc  {style('start', 'dim')} {arc} {style('end', 'dim')}")
            phrase = arc_phrase(_arc_values(view))
            if phrase:
                out.append(style(f"       {phrase}", "dim"))

    out += ["", heading("Emotions")]
    strong = sorted(((v, k) for k, v in view.emotions.items() if v > 0), reverse=True)
    if not strong:
        out.append(style("  no emotions detected" if view.emotions else "  no emotion scores", "dim"))
    else:
        top = strong[0][0]
        names = dict(EMOTIONS)
        for value, key in strong[:4]:
            bar = "█" * max(1, round(value / top * 14))
            out.append(f"  {_fit(f'{key} {names[key]}', 20)}  {style(bar.ljust(14), 'magenta')}  {value:.2f}")

    out += ["", heading("Themes")]
    if not view.themes:
        out.append(style("  no themes found", "dim"))
    else:
        label_width = min(28, max(_width(t.label) for t in view.themes))
        for theme in view.themes:
            n = len(theme.sentences) or len(theme.positions)
            where = strip(theme.positions, width=20)
            line = f"  {_fit(theme.label, label_width)}  {style(where, 'dim')}  {n:>3} sent."
            if theme.stance or theme.stance_score is not None:
                stance = _stance(theme.stance, theme.stance_score)
                line += "  stance " + (stance.replace(theme.stance, label(theme.stance), 1) if theme.stance else stance)
            out.append(line)
            if arc := stance_arc(theme.stance_arc):
                out.append("      " + style(f"stance start → middle → end: {arc}", "dim"))
            if theme.terms:
                terms = ", ".join(f"{t}×{c}" if c is not None else t for t, c in theme.terms[:5])
                out.append("      " + style(_fit(terms, width - 8).rstrip(), "dim"))

    out += ["", heading("Summary")]
    if not view.summary:
        out.append(style("  no summary", "dim"))
    else:
        for _, text in view.summary:
            wrapped = _wrap(text, width - 4, "    ")
            wrapped[0] = "  • " + wrapped[0][4:]
            out.extend(wrapped)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------

# Characters that start emphasis, code, links, wiki links, tags (Obsidian), math (Obsidian), highlights,
# strikethrough, raw HTML or entities anywhere in a line; CommonMark lets any ASCII punctuation be
# backslash-escaped, so escaping them is always safe.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#&$=])")
# Block markers only count at the start of a line (list items, quotes, headings, thematic breaks).
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Escape post text for one line of Markdown (table cell, heading, blockquote).

    Newlines become spaces so a value can never break out of its table row or quote.
    """
    text = " ".join(_str(text).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text)
    if match:
        marker = match[2]
        if marker[0].isdigit():
            # "1. foo" -> "1\. foo": escape the punctuation after the number, not the digits.
            cut = match.end(2)
            text = text[:cut] + "\\" + text[cut:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2):]
    return text


def _md_link(url: str) -> str:
    """A Markdown autolink for an http(s) URL, or the escaped text for anything else."""
    safe = _http_url(url)
    if safe is None:
        return md_escape(url)
    # Inside <...> only spaces, < and > are special; _http_url already excluded them.
    return f"<{safe}>"


def render_markdown(data: dict[str, Any]) -> str:
    """Render the report as Markdown for GitHub and Obsidian (no raw HTML).

    Args:
        data: The post-analysis dict (``PostAnalysis.to_dict()``).

    Returns:
        The Markdown document, ending with a newline.
    """
    view = _view(data)
    out: list[str] = [f"# {md_escape(view.title) or '(no title)'}", ""]
    meta = [md_escape(x) for x in (view.blog, _date(view.published), view.author) if x]
    if view.blog:
        meta[0] = f"**{meta[0]}**"
    lines = [" · ".join(meta)] if meta else []
    if _length_line(view):
        lines.append(_length_line(view))
    if view.url:
        lines.append(f"Source: {_md_link(view.url)}")
    tags = view.hashtags + [c for c in view.categories if c not in view.hashtags]
    if tags:
        lines.append("Tags: " + ", ".join(md_escape(t) for t in tags))
    if lines:
        # Two trailing spaces are Markdown's line break: one block, one line per fact.
        out += ["  \n".join(lines), ""]

    out += ["## Keywords", ""]
    if not view.keywords:
        out += ["_No keywords found._", ""]
    else:
        out += ["| # | Keyword | Score | Count | First seen |", "|--:|:--|--:|--:|--:|"]
        for rank, kw in enumerate(view.keywords, 1):
            score = _score(kw.score)
            count = str(kw.count) if kw.count is not None else ""
            first = f"sentence {kw.first_sentence + 1}" if kw.first_sentence is not None else ""
            out.append(f"| {rank} | {md_escape(kw.term)} | {score} | {count} | {first} |")
        out.append("")

    out += ["## Sentiment", ""]
    arc = sparkline(_arc_values(view))
    if not view.sentiment_label and view.sentiment_score is None and not arc:
        out += ["_No sentiment scores._", ""]
    else:
        line = f"Overall: **{md_escape(view.sentiment_label or 'n/a')}** ({_signed(view.sentiment_score)})"
        if view.shares:
            line += " · " + _shares_line(view)
        out += [line, ""]
        if arc:
            out += [f"Arc (start → end): `{arc}`  ", f"The post {arc_phrase(_arc_values(view))}.", ""]

    out += ["## Emotions", ""]
    if not view.emotions:
        out += ["_No emotion scores._", ""]
    elif not any(v > 0 for v in view.emotions.values()):
        out += ["_No emotions detected._", ""]
    else:
        out += ["| Emotion | Intensity |", "|:--|--:|"]
        names = dict(EMOTIONS)
        for key, value in sorted(view.emotions.items(), key=lambda kv: -kv[1]):
            out.append(f"| {key} {names[key]} | {value:.2f} |")
        out.append("")

    out += ["## Themes", ""]
    if not view.themes:
        out += ["_No themes found._", ""]
    else:
        out += ["| Theme | Score | Sentences | Where (start → end) | Stance | Terms |", "|:--|--:|--:|:--|:--|:--|"]
        for theme in view.themes:
            name = md_escape(theme.label)
            if theme.name and theme.name != theme.label:
                name += f" ({md_escape(theme.name)})"
            score = _score(theme.score)
            n = len(theme.sentences) or len(theme.positions)
            stance = md_escape(theme.stance or "n/a")
            if theme.stance_score is not None:
                stance += f" ({_signed(theme.stance_score)})"
            if arc := stance_arc(theme.stance_arc):
                stance += f" · {arc}"
            terms = ", ".join(md_escape(t) + (f" ×{c}" if c is not None else "") for t, c in theme.terms[:6])
            out.append(f"| {name} | {score} | {n} | `{strip(theme.positions)}` | {stance} | {terms} |")
        out.append("")

    out += ["## Summary", ""]
    if not view.summary:
        out += ["_No summary._", ""]
    else:
        quoted = [f"> {md_escape(text)}" for _, text in view.summary]
        out += ["\n>\n".join(quoted), ""]
        if view.summary_method:
            out += [f"_Extracted with {md_escape(view.summary_method)}._", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

_SCRIPT_END = re.compile(r"</script|<!--|<script", re.IGNORECASE)


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str]:
    """The HTML template, CSS, page script and Chart.js (without its source-map comment)."""
    base = resources.files("jpblog_nlp.render") / "templates"
    template = (base / "report.html.j2").read_text(encoding="utf-8")
    css = (base / "report.css").read_text(encoding="utf-8")
    page_js = (base / "report.js").read_text(encoding="utf-8")
    chart_js = (base / "vendor" / "chart.umd.min.js").read_text(encoding="utf-8")
    # The map file is not shipped, and a file:// page must make no requests, so drop the reference.
    chart_js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", chart_js)
    for name, script in (("report.js", page_js), ("chart.umd.min.js", chart_js)):
        if _SCRIPT_END.search(script):  # would end the inline <script> early
            raise RuntimeError(f"{name} contains '</script' or '<!--' and cannot be inlined")
    return template, css, page_js, chart_js


def _csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become \\u003c, \\u003e, \\u0026 so no ``</script>`` or ``<!--`` can occur,
    and U+2028/U+2029 are escaped because older JavaScript parsers treat them as line ends.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _chart_data(view: _View) -> dict[str, Any]:
    """What the page script needs to draw the four charts."""
    positions = _sentence_positions(view)
    sentences = {s.index: s for s in view.sentences}
    names = dict(EMOTIONS)
    return {
        "n_sentences": view.n_sentences or len(view.sentences),
        "trajectory": [{"x": round(p * 100, 2), "y": s} for p, s in sorted(view.trajectory)],
        "sentences": [
            {"x": round(positions[s.index] * 100, 2), "y": s.score, "n": s.index + 1, "text": _clip(s.text, 60)}
            for s in view.sentences if s.score is not None
        ],
        "themes": [
            {
                "label": _clip(theme.label, 24),
                "points": [
                    {
                        "x": round(pos * 100, 2),
                        "n": (idx + 1) if idx is not None else None,
                        "score": theme.occurrences.get(idx) if idx is not None else None,
                        "text": _clip(sentences[idx].text, 60) if idx in sentences else "",
                    }
                    for pos, idx in zip(theme.positions, _pad_list(theme.sentences, len(theme.positions)),
                                        strict=True)
                ],
            }
            for theme in view.themes
        ],
        "keywords": [{"term": _clip(k.term, 24), "score": k.score, "count": k.count}
                     for k in view.keywords[:15] if k.score is not None or k.count is not None],
        "emotions": [{"key": key, "label": f"{names[key]} {key}", "value": view.emotions[key]}
                     for key, _ in EMOTIONS if key in view.emotions],
    }


def _pad_list(values: list[int], n: int) -> list[int | None]:
    """The list cut or padded with None to length n (positions and sentences should match, but may not)."""
    return [values[i] if i < len(values) else None for i in range(n)]


def _bytecode_cache():  # type: ignore[no-untyped-def]
    """Jinja's compiled-template cache in the user's cache folder, or None where none can be written.

    Compiling the page template costs about 50 ms of every `jpblog analyze --format html`; the cache is
    keyed by the template's checksum, so an upgraded template is compiled again.
    """
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def _regular(self, bucket) -> bool:  # type: ignore[no-untyped-def]
            """True when the cache file is a regular file or absent: a FIFO there would block the read for
            ever, and a symlink or device would be replaced by the write (``safe_io``'s rule)."""
            try:
                return stat.S_ISREG(os.lstat(self._get_cache_filename(bucket)).st_mode)
            except FileNotFoundError:
                return True
            except OSError:
                return False

        def load_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            if self._regular(bucket):
                with contextlib.suppress(OSError):
                    super().load_bytecode(bucket)

        def dump_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            if self._regular(bucket):
                with contextlib.suppress(OSError):  # a read-only or full disk costs speed, not the report
                    super().dump_bytecode(bucket)

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "jpblog-nlp" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder))


@lru_cache(maxsize=1)
def _template():  # type: ignore[no-untyped-def]
    """The compiled page template; autoescaping is always on (every post string is untrusted)."""
    import jinja2

    source = _assets()[0]
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        loader=jinja2.FunctionLoader(lambda name: (source, None, lambda: True)),
        bytecode_cache=_bytecode_cache(),
    )
    return env.get_template("report.html.j2")


def render_html(data: dict[str, Any]) -> str:
    """Render the report as one self-contained HTML page with charts.

    The page makes no network requests: Chart.js, the page script and the CSS are inlined, fonts are
    the reader's own. A Content-Security-Policy allows only those two scripts (by SHA-256), so even text
    that slipped past escaping could not run.

    Args:
        data: The post-analysis dict (``PostAnalysis.to_dict()``).

    Returns:
        The HTML document.
    """
    from markupsafe import Markup

    from .. import __version__

    view = _view(data)
    _, css, page_js, chart_js = _assets()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(chart_js)} {_csp_hash(page_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    chart_data = _chart_data(view)
    # A canvas is on the page exactly when the page script has data to draw on it.
    charts = {
        "arc": bool(chart_data["trajectory"] or chart_data["sentences"]),
        "themes": bool(chart_data["themes"]),
        "keywords": bool(chart_data["keywords"]),
        "emotions": bool(chart_data["emotions"]),
    }
    summary_indices = {i for i, _ in view.summary if i is not None}
    theme_labels = {t.name: t.label for t in view.themes if t.name}
    top_emotions = sorted(((v, k) for k, v in view.emotions.items() if v > 0), reverse=True)
    names = dict(EMOTIONS)
    context = {
        "lang": "ja",
        "csp": csp,
        "css": Markup(css),
        "chart_js": Markup(chart_js),
        "page_js": Markup(page_js),
        "data_json": Markup(script_json(chart_data)),
        "charts": charts,
        "theme_tones": any(t.occurrences for t in view.themes),
        "charts_expected": sum(charts.values()),
        "v": view,
        "title": view.title or "(no title)",
        "date": _date(view.published),
        "length_line": _length_line(view),
        "url": _http_url(view.url),
        "tags": view.hashtags + [c for c in view.categories if c not in view.hashtags],
        "signed": _signed,
        "stance_arc": stance_arc,
        "fmt_score": _score,
        "percent": _percent,
        "summary_indices": summary_indices,
        "theme_labels": theme_labels,
        "arc_phrase": arc_phrase(_arc_values(view)),
        "top_emotions": [(names[k], k, v) for v, k in top_emotions[:3]],
        "version": __version__,
    }
    return _template().render(**context)


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


def render(data: dict[str, Any], fmt: str, *, color: bool = False) -> str:
    """Render the analysis in one of FORMATS ("text", "md", "html", "json"; aliases accepted).

    Args:
        data: The post-analysis dict.
        fmt: Output format.
        color: ANSI colours for the text format.

    Returns:
        The rendered report.
    """
    key = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if key == "text":
        return render_terminal(data, color)
    if key == "md":
        return render_markdown(data)
    if key == "html":
        return render_html(data)
    if key == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    raise InputError(f"unknown report format {fmt!r}", hint="use one of " + ", ".join(FORMATS))


def write_report(data: dict[str, Any], fmt: str, path: str | os.PathLike[str] | None = None, *,
                 color: bool = False) -> str:
    """Render a report and, when a path is given, write it (UTF-8) with ``safe_io.write_text``.

    A regular file appears complete or not at all (a temporary file in the same directory replaces it),
    so a reader never sees half a report; a device, FIFO or symlink is written through, never replaced
    (``-o /dev/null`` must leave /dev/null a device).

    Args:
        data: The post-analysis dict.
        fmt: "text", "md", "html" or "json".
        path: Where to write; None to only return the text (the caller prints it).
        color: ANSI colours for the text format (ignored when writing a file).

    Returns:
        The rendered report.

    Raises:
        InputError: Unknown format, or the file cannot be written.
        ResourceError: The disk is full.
    """
    text = render(data, fmt, color=color and path is None)
    if path is None:
        return text
    write_text(path, text, what="report")
    return text


__all__ = [
    "EMOTIONS",
    "FORMATS",
    "arc_phrase",
    "md_escape",
    "render",
    "render_html",
    "render_markdown",
    "render_terminal",
    "script_json",
    "sparkline",
    "strip",
    "write_report",
]
