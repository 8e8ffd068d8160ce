"""The notebook view of one post analysis: ``PostAnalysis._repr_html_`` shows this HTML in Jupyter.

A compact HTML fragment (facts, sentiment, emotions, keywords, themes, summary) rather than the full
report page: a notebook cell has no room for charts, and Jupyter would not run the page's scripts. It
reads the same rows as the batch tables (``tables.theme_rows``, ``tables.analysis_keywords``) so that a
post looks the same in a notebook and in the tables of a batch. Every value is HTML-escaped.
"""

from __future__ import annotations

import html
from typing import Any

from ..batch.tables import analysis_keywords, theme_rows
from ..sentiment import EMOTIONS


def _number(value: Any) -> float | None:
    """A float, or None for anything that is not a number (the tables' rule: NaN stays NaN)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fmt(value: Any) -> str:
    """A cell: numbers to 2 decimals, None as an em dash, everything escaped."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return html.escape(str(value))


def _table(head: list[str], rows: list[list[Any]]) -> str:
    """A small HTML table."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def post_analysis_html(data: dict[str, Any], *, max_rows: int = 10) -> str:
    """Render one post analysis as a readable HTML block (``PostAnalysis._repr_html_`` in Jupyter).

    Args:
        data: A post-analysis document (``PostAnalysis.to_dict()``).
        max_rows: Rows shown per section (keywords, themes, summary sentences).

    Returns:
        An HTML fragment: the post's facts, then its sentiment, emotions, keywords, themes and summary,
        each only when the analysis has it.
    """
    post = data.get("post") or {}
    parts = [f"<div class=\"jpblog-post\"><h4>{_fmt(post.get('title') or '(no title)')}</h4>"]
    facts = [
        [label, post.get(key)]
        for label, key in (
            ("id", "id"), ("blog", "blog"), ("author", "author"), ("published", "published"), ("url", "url"),
            ("source", "source"), ("characters", "n_chars"), ("sentences", "n_sentences"), ("tokens", "n_tokens"),
        )
        if post.get(key) not in (None, "")
    ]
    if post.get("categories"):
        facts.append(["categories", ", ".join(post["categories"])])
    parts.append(_table(["", ""], facts))
    sentiment = data.get("sentiment")
    if sentiment:
        parts.append("<h5>Sentiment</h5>")
        parts.append(_table(
            ["score", "label", "positive", "negative", "neutral"],
            [[_number(sentiment.get("score")), sentiment.get("label"), _number(sentiment.get("positive_share")),
              _number(sentiment.get("negative_share")), _number(sentiment.get("neutral_share"))]],
        ))
    emotions = data.get("emotions")
    if emotions:
        parts.append("<h5>Emotions</h5>")
        parts.append(_table(list(EMOTIONS), [[_number(emotions.get(name)) for name in EMOTIONS]]))
    keywords = analysis_keywords(data)[:max_rows]
    if keywords:
        parts.append("<h5>Keywords</h5>" if data.get("keywords") is not None else "<h5>Top terms</h5>")
        parts.append(_table(
            ["term", "score", "count", "kind"],
            [[k.get("term"), _number(k.get("score")), k.get("count"), k.get("kind")] for k in keywords],
        ))
    themes = theme_rows(data)[:max_rows]
    if themes:
        parts.append("<h5>Themes</h5>")
        parts.append(_table(
            ["theme", "label", "score", "sentences", "stance"],
            [[t["theme"], t["label"], t["score"], t["n_sentences"], t["stance"]] for t in themes],
        ))
    summary = (data.get("summary") or {}).get("sentences") or []
    if summary:
        parts.append("<h5>Summary</h5><ol>")
        parts.extend(f"<li>{_fmt(s.get('text'))}</li>" for s in summary[:max_rows])
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)
