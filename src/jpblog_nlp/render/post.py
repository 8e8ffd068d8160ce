"""Render a post analysis (the ``jpblog.post-analysis/1`` dict) as a terminal, Markdown, HTML or JSON report.

Every renderer takes the JSON-ready dict documented in ``docs/json-schema.md`` (what
``PostAnalysis.to_dict()`` returns), never the analysis objects, so a report can be rebuilt from a saved
JSON file. Sections may be missing, empty or null: each renderer reads the dict through
``view.read_view`` and then shows a placeholder such as "no themes found" instead of failing.

Text from the post is untrusted: Markdown output escapes the characters that would start formatting,
links, tags or raw HTML (``text.md_escape``); the HTML page (``post_html``) escapes everything. The
terminal and Markdown renderers are here, with ``render`` (one format by name) and ``write_report``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..errors import InputError
from ..safe_io import write_text
from .post_html import render_html
from .text import display_width, fit, md_escape, sparkline, strip, wrap
from .view import (
    EMOTION_WHEEL,
    arc_phrase,
    arc_values,
    format_score,
    http_url,
    length_line,
    read_view,
    shares_line,
    short_date,
    signed,
    stance_arc,
    stance_text,
)

FORMATS = ("text", "md", "html", "json")
_FORMAT_ALIASES = {"terminal": "text", "txt": "text", "markdown": "md", "htm": "html"}

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
    view = read_view(data)
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
    out.extend(style(line, "bold") for line in wrap(view.title or "(no title)", width, ""))
    meta = [x for x in (view.blog, short_date(view.published), view.author and f"by {view.author}") if x]
    if meta:
        out.append(" · ".join(meta))
    if length_line(view):
        out.append(style(length_line(view), "dim"))
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
        term_width = min(24, max(display_width(k.term) for k in view.keywords[:10]))
        for rank, kw in enumerate(view.keywords[:10], 1):
            bar = "█" * max(1, round((kw.score or 0.0) / top_score * 14)) if kw.score is not None else ""
            count = f"×{kw.count}" if kw.count is not None else ""
            out.append(f"  {rank:>2}  {fit(kw.term, term_width)}  {style(bar.ljust(14), 'magenta')}  "
                       f"{format_score(kw.score):>6}  {count}".rstrip())

    out += ["", heading("Sentiment")]
    arc = sparkline(arc_values(view), width=min(60, width - 16))
    if not view.sentiment_label and view.sentiment_score is None and not arc:
        out.append(style("  no sentiment scores", "dim"))
    else:
        line = f"  {label(view.sentiment_label or 'n/a')}  {signed(view.sentiment_score)}"
        if view.shares:
            line += "   " + style(shares_line(view), "dim")
        out.append(line)
        if arc:
            if use_color:
                arc = "".join(style(ch, "green" if ch in "▅▆▇█" else "red") for ch in arc)
            out.append(f"  arc  {style('start', 'dim')} {arc} {style('end', 'dim')}")
            phrase = arc_phrase(arc_values(view))
            if phrase:
                out.append(style(f"       {phrase}", "dim"))

    out += ["", heading("Emotions")]
    strong = sorted(((v, k) for k, v in view.emotions.items() if v > 0), reverse=True)
    if not strong:
        out.append(style("  no emotions detected" if view.emotions else "  no emotion scores", "dim"))
    else:
        top = strong[0][0]
        names = dict(EMOTION_WHEEL)
        for value, key in strong[:4]:
            bar = "█" * max(1, round(value / top * 14))
            out.append(f"  {fit(f'{key} {names[key]}', 20)}  {style(bar.ljust(14), 'magenta')}  {value:.2f}")

    out += ["", heading("Themes")]
    if not view.themes:
        out.append(style("  no themes found", "dim"))
    else:
        label_width = min(28, max(display_width(t.label) for t in view.themes))
        for theme in view.themes:
            n = len(theme.sentences) or len(theme.positions)
            where = strip(theme.positions, width=20)
            line = f"  {fit(theme.label, label_width)}  {style(where, 'dim')}  {n:>3} sent."
            if theme.stance or theme.stance_score is not None:
                stance = stance_text(theme.stance, theme.stance_score)
                line += "  stance " + (stance.replace(theme.stance, label(theme.stance), 1) if theme.stance else stance)
            out.append(line)
            if arc := stance_arc(theme.stance_arc):
                out.append("      " + style(f"stance start → middle → end: {arc}", "dim"))
            if theme.terms:
                terms = ", ".join(f"{t}×{c}" if c is not None else t for t, c in theme.terms[:5])
                out.append("      " + style(fit(terms, width - 8).rstrip(), "dim"))

    out += ["", heading("Summary")]
    if not view.summary:
        out.append(style("  no summary", "dim"))
    else:
        for _, text in view.summary:
            wrapped = wrap(text, width - 4, "    ")
            wrapped[0] = "  • " + wrapped[0][4:]
            out.extend(wrapped)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# Markdown (text.md_escape escapes post text)

def _md_link(url: str) -> str:
    """A Markdown autolink for an http(s) URL, or the escaped text for anything else."""
    safe = http_url(url)
    if safe is None:
        return md_escape(url)
    # Inside <...> only spaces, < and > are special; http_url already excluded them.
    return f"<{safe}>"


def render_markdown(data: dict[str, Any], *, color: bool = False) -> str:
    """Render the report as Markdown for GitHub and Obsidian (no raw HTML).

    ``color`` is taken for every format alike (``registry.REPORT_FORMATS``) and has no effect here.

    Args:
        data: The post-analysis dict (``PostAnalysis.to_dict()``).

    Returns:
        The Markdown document, ending with a newline.
    """
    view = read_view(data)
    out: list[str] = [f"# {md_escape(view.title) or '(no title)'}", ""]
    meta = [md_escape(x) for x in (view.blog, short_date(view.published), view.author) if x]
    if view.blog:
        meta[0] = f"**{meta[0]}**"
    lines = [" · ".join(meta)] if meta else []
    if length_line(view):
        lines.append(length_line(view))
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
            score = format_score(kw.score)
            count = str(kw.count) if kw.count is not None else ""
            first = f"sentence {kw.first_sentence + 1}" if kw.first_sentence is not None else ""
            out.append(f"| {rank} | {md_escape(kw.term)} | {score} | {count} | {first} |")
        out.append("")

    out += ["## Sentiment", ""]
    arc = sparkline(arc_values(view))
    if not view.sentiment_label and view.sentiment_score is None and not arc:
        out += ["_No sentiment scores._", ""]
    else:
        line = f"Overall: **{md_escape(view.sentiment_label or 'n/a')}** ({signed(view.sentiment_score)})"
        if view.shares:
            line += " · " + shares_line(view)
        out += [line, ""]
        if arc:
            out += [f"Arc (start → end): `{arc}`  ", f"The post {arc_phrase(arc_values(view))}.", ""]

    out += ["## Emotions", ""]
    if not view.emotions:
        out += ["_No emotion scores._", ""]
    elif not any(v > 0 for v in view.emotions.values()):
        out += ["_No emotions detected._", ""]
    else:
        out += ["| Emotion | Intensity |", "|:--|--:|"]
        names = dict(EMOTION_WHEEL)
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
            score = format_score(theme.score)
            n = len(theme.sentences) or len(theme.positions)
            stance = md_escape(theme.stance or "n/a")
            if theme.stance_score is not None:
                stance += f" ({signed(theme.stance_score)})"
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
# Any format, and writing
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
    from ..registry import REPORT_FORMATS

    key = _FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    renderer = REPORT_FORMATS.lookup(key) if key in REPORT_FORMATS else None
    if renderer is None:
        raise InputError(f"unknown report format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    return renderer(data, color=color)


def render_json(data: dict[str, Any], *, color: bool = False) -> str:
    """The analysis as indented UTF-8 JSON (Japanese stays readable); ``color`` is ignored."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


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
    "FORMATS",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_terminal",
    "write_report",
]
