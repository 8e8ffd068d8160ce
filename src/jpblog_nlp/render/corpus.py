"""The corpus summary of a batch in Markdown (``report.md``), and ``report.html``, an alias of the site.

Built from the tables a batch wrote (``posts``, ``keywords``, ``themes``, ``topics``, ``errors``), which
are small next to the analyses themselves, so the report never needs the per-post JSON. Sections whose
data the analysis does not produce yet (sentiment, themes ...) say so instead of showing empty charts.

The HTML report is the static site of ``render.site`` (``report/index.html``); ``report.html`` is an alias
of its index, and the Markdown report keeps this module's summary (bar charts become tables).
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..safe_io import write_text
from .text import md_escape

if TYPE_CHECKING:  # pandas is imported when a report is built, not with this module
    import pandas

#: How many items the lists of the report show.
TOP = 15
#: Characters of a post's summary shown beside it in "Posts that stand out".
SUMMARY_CHARS = 160


@dataclass(frozen=True)
class Table:
    """A table block; cells are text (escaped when rendered), numbers, or None (shown as an em dash)."""

    head: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart block (values >= 0, or signed in [-1, 1] when ``signed``)."""

    labels: list[str]
    values: list[float]
    signed: bool = False
    fmt: str = "{:.0f}"


#: What a section holds: a paragraph (plain text, escaped when rendered), a table or a bar chart.
Block = str | Table | Bars


@dataclass(frozen=True)
class Section:
    """A titled section of paragraphs, tables and charts (blocks are added while the report is built)."""

    title: str
    blocks: list[Block] = field(default_factory=list)


class CorpusReport(NamedTuple):
    """The report's content, computed once and rendered as HTML and as Markdown."""

    title: str
    sections: list[Section]


class ReportFiles(NamedTuple):
    """Where ``write_corpus_report`` wrote the two reports."""

    html: Path
    md: Path


class _Formatted(str):
    """Text the report formatted itself from numbers (a bar's "+0.25", "40%", a bin "-1.0…-0.8"): not escaped."""


def _cell(value: Any) -> str:
    """Format a cell value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _shorten(text: Any, limit: int) -> str | None:
    """The text cut to ``limit`` characters (with …), None for no text."""
    if not isinstance(text, str) or not text:
        return None
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _read(folder: Path, name: str) -> pandas.DataFrame:
    """A table of the batch, or an empty DataFrame with its columns."""
    import pandas as pd

    from ..batch.tables import empty_frame

    path = folder / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else empty_frame(name)


def _usual_forms(keywords: pandas.DataFrame) -> pandas.Series:
    """Per keyword norm, its most frequent written form (the first in sort order among equally frequent ones).

    Counted over (norm, form) pairs in one grouping: a Python function per norm (Series.mode) took most of
    a large corpus's report time, with tens of thousands of norms.
    """
    forms = keywords.groupby(["norm", "term"]).size().reset_index(name="n")
    forms = forms.sort_values(["norm", "n", "term"], ascending=[True, False, True], kind="stable")
    return forms.drop_duplicates("norm").set_index("norm")["term"]


def build_sections(folder: str | os.PathLike[str], *, notes: list[str] | None = None) -> CorpusReport:
    """Compute the report's content from a results folder.

    Args:
        folder: A results folder whose tables are written.
        notes: Remarks of the run (e.g. why topics were skipped).

    Returns:
        The title and the sections.
    """
    folder = Path(folder)
    posts = _read(folder, "posts")
    keywords = _read(folder, "keywords")
    themes = _read(folder, "themes")
    topics = _read(folder, "topics")
    errors = _read(folder, "errors")
    n = len(posts)
    sections: list[Section] = []

    # Size and dates.
    size = Section("Corpus")
    dates = posts["published"].dropna()
    rows = [
        ["posts analysed", n],
        ["posts failed", len(errors)],
        ["characters", int(posts["n_chars"].fillna(0).sum())],
        ["sentences", int(posts["n_sentences"].fillna(0).sum())],
        ["mean characters per post", float(posts["n_chars"].mean()) if n else None],
        ["posts with a date", len(dates)],
    ]
    if len(dates):
        rows.append(["first post", str(dates.min())[:10]])
        rows.append(["last post", str(dates.max())[:10]])
    size.blocks.append(Table(["", ""], rows))
    size.blocks.extend(notes or [])
    sections.append(size)

    # Keywords: top by number of posts, distinctive by weight × rarity.
    kw = Section("Keywords")
    if len(keywords):
        grouped = keywords.groupby("norm").agg(
            posts=("post_id", "nunique"), count=("count", "sum"), score=("score", "sum"),
        )
        grouped.insert(0, "term", _usual_forms(keywords))
        top = grouped.sort_values(["posts", "count"], ascending=False).head(TOP)
        kw.blocks.append("Most widespread (number of posts where the term is a keyword):")
        kw.blocks.append(Bars([str(t) for t in top["term"]], [float(v) for v in top["posts"]]))
        # Distinctive: strong in the posts that have it, yet in few posts (tf-idf in spirit). A term in a
        # single post is left out: it says more about that post than about the corpus.
        weight = grouped["score"].where(grouped["score"].notna() & (grouped["score"] > 0), grouped["count"])
        grouped = grouped.assign(distinct=weight * (grouped["posts"].rdiv(max(n, 1)).map(math.log) + 1))
        distinct = grouped[grouped["posts"] >= 2].sort_values("distinct", ascending=False).head(TOP)
        kw.blocks.append("Most distinctive (keyword weight × rarity across posts, in at least two posts):")
        kw.blocks.append(Table(["term", "posts", "count"],
                               [[t, int(p), int(c)] for t, p, c in zip(distinct["term"], distinct["posts"],
                                                                       distinct["count"], strict=True)]))
    else:
        kw.blocks.append("No keywords in these analyses.")
    sections.append(kw)

    # Themes: prevalence and stance.
    th = Section("Themes")
    if len(themes):
        per = themes.groupby("theme").agg(
            label=("label", "first"), posts=("post_id", "nunique"), score=("score", "mean"),
            stance=("stance_score", "mean"),
        ).sort_values("posts", ascending=False)
        th.blocks.append("Share of posts where each theme is present:")
        th.blocks.append(Bars([f"{lab or name}" for name, lab in zip(per.index, per["label"], strict=True)],
                              [float(p) / max(n, 1) for p in per["posts"]], fmt="{:.0%}"))
        stance_counts = themes.pivot_table(index="theme", columns="stance", values="post_id", aggfunc="count",
                                           fill_value=0)
        head = ["theme", "posts", "mean score", "mean stance", *[str(c) for c in stance_counts.columns]]
        rows = []
        for name, row in per.iterrows():
            counts = [int(stance_counts.loc[name, c]) if name in stance_counts.index else 0
                      for c in stance_counts.columns]
            rows.append([name, int(row["posts"]), float(row["score"]), row["stance"], *counts])
        th.blocks.append(Table(head, rows))
    else:
        th.blocks.append("No themes in these analyses.")
    sections.append(th)

    # Sentiment distribution.
    se = Section("Sentiment")
    scores = posts["sentiment_score"].dropna()
    if len(scores):
        labels = posts["sentiment_label"].value_counts()
        se.blocks.append("Posts by sentiment label:")
        se.blocks.append(Bars([str(k) for k in labels.index], [float(v) for v in labels.values]))
        edges = [-1.0 + 0.2 * i for i in range(11)]
        hist = [0] * 10
        for value in scores:
            hist[min(int((float(value) + 1.0) / 0.2), 9)] += 1
        se.blocks.append("Post scores, in bins of 0.2 from -1 to 1:")
        se.blocks.append(Bars([_Formatted(f"{edges[i]:+.1f}…{edges[i + 1]:+.1f}") for i in range(10)],
                              [float(h) for h in hist]))
    else:
        se.blocks.append("No sentiment in these analyses.")
    sections.append(se)

    # Trends by month.
    tr = Section("Trends by month")
    dated = posts.dropna(subset=["month"])
    if len(dated) >= 2 and dated["month"].nunique() >= 2:
        monthly = dated.groupby("month").agg(posts=("id", "count"), sentiment=("sentiment_score", "mean"))
        head = ["month", "posts", "mean sentiment"]
        top_themes = list(themes["theme"].value_counts().index[:5]) if len(themes) else []
        shares: dict[str, Any] = {}
        if top_themes:
            with_month = themes.merge(dated[["id", "month"]], left_on="post_id", right_on="id")
            for name in top_themes:
                shares[name] = with_month[with_month["theme"] == name].groupby("month")["post_id"].nunique()
            head += [f"{name} (share)" for name in top_themes]
        rows = []
        for month, row in monthly.iterrows():
            line = [month, int(row["posts"]), row["sentiment"]]
            line += [float(shares[t].get(month, 0)) / row["posts"] for t in top_themes]
            rows.append(line)
        tr.blocks.append("Posts per month:")
        tr.blocks.append(Bars([str(m) for m in monthly.index], [float(v) for v in monthly["posts"]]))
        mean = monthly["sentiment"].dropna()
        if len(mean):
            tr.blocks.append("Mean sentiment per month (-1 to 1):")
            tr.blocks.append(Bars([str(m) for m in mean.index], [float(v) for v in mean], signed=True,
                                  fmt="{:+.2f}"))
        tr.blocks.append(Table(head, rows))
    else:
        tr.blocks.append("Too few dated posts (or a single month) for trends.")
    sections.append(tr)

    # Topics.
    to = Section("Topics")
    if len(topics):
        from .site.data import read_topics_k

        line = read_topics_k(folder)
        if line:
            to.blocks.append(_Formatted(line))
        to.blocks.append(Table(["topic", "label", "posts", "mean weight", "terms"],
                               [[int(r.topic), r.label, int(r.n_posts), float(r.weight), r.terms]
                                for r in topics.itertuples()]))
    else:
        to.blocks.append("No topics were discovered in this run.")
    sections.append(to)

    # Posts that stand out.
    st = Section("Posts that stand out")
    rows = []

    def pick(label: str, column: str, largest: bool, *, among: str | None = None) -> bool:
        """Add the post with the largest (smallest) value; with ``among``, only posts of that sentiment label."""
        values = posts[column].dropna()
        if among is not None:
            values = values[posts.loc[values.index, "sentiment_label"] == among]
        if not len(values):
            return False
        index = values.idxmax() if largest else values.idxmin()
        post = posts.loc[index]
        value = int(post[column]) if column == "n_chars" else float(post[column])  # characters are a count
        rows.append([label, post["title"] or post["id"], post["source"], value,
                     _shorten(post.get("summary"), SUMMARY_CHARS)])
        return True

    pick("longest", "n_chars", True)
    # The least positive post of a corpus without a negative one is not "most negative" (a neutral post
    # at -0.03 is not negative): only posts with that label are named, and otherwise the report says so.
    missing = []
    for word in ("positive", "negative"):
        if not pick(f"most {word}", "sentiment_score", word == "positive", among=word) and len(scores):
            extreme = scores.max() if word == "positive" else scores.min()
            missing.append(f"No post is {word}; the {'highest' if word == 'positive' else 'lowest'} "
                           f"sentiment score is {extreme:+.2f}.")
    pick("strongest theme", "top_theme_score", True)
    pick("most typical of its topic", "topic_weight", True)
    st.blocks.append(Table(["", "post", "source", "value", "what it says (summary)"], rows) if rows
                     else "Nothing to show.")
    st.blocks.extend(missing)
    sections.append(st)

    if len(errors):
        sections.append(Section("Failures", [Table(["source", "reason"],
                                                   [[s, r] for s, r in zip(errors["source"][:50],
                                                                          errors["reason"][:50], strict=True)])]))
    return CorpusReport(f"Corpus report ({n} posts)", sections)


# -- rendering ----------------------------------------------------------------------------------------------

def render_redirect(title: str, *, site: bool) -> str:
    """``report.html``: an alias of the site's index (``report/index.html``), or, when the site could not be
    built, a page that says so and points to ``report.md``. No script, nothing fetched."""
    head = ('<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
            '<meta name="referrer" content="no-referrer">')
    if site:
        return (head + '<meta http-equiv="refresh" content="0; url=report/index.html">'
                f"<title>{html.escape(title)}</title></head><body>"
                '<p>The corpus report is a small site: <a href="report/index.html">report/index.html</a>.</p>'
                "</body></html>\n")
    return (head + f"<title>{html.escape(title)}</title></head><body>"
            "<p>The corpus site (report/) could not be built; see the notes in "
            '<a href="report.md">report.md</a>.</p></body></html>\n')


def _md_cell(value: Any) -> str:
    """A Markdown table cell: text escaped by ``text.md_escape`` (one line, no HTML, links or formatting).

    Titles, terms, sources, summaries and error reasons come from posts and may hold ``<img onerror=...>``
    or ``[x](javascript:...)``; a Markdown viewer that renders HTML must show them as text.  Numbers are
    formatted by ``_cell`` (or by the report, ``_Formatted``) and need no escaping.
    """
    if isinstance(value, _Formatted):
        return str(value)
    return md_escape(value) if isinstance(value, str) else _cell(value)


def render_markdown(title: str, sections: list[Section]) -> str:
    """The report as Markdown (charts become tables); every text is escaped, see ``_md_cell``."""
    out = [f"# {md_escape(title)}", ""]
    for section in sections:
        out += [f"## {md_escape(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, str):
                # Notes of the run may quote file names; a line the report formatted from numbers is kept.
                out += [str(block) if isinstance(block, _Formatted) else md_escape(block), ""]
                continue
            if isinstance(block, Bars):
                block = Table(["", "value"], [[lab, _Formatted(block.fmt.format(v))] for lab, v in
                                              zip(block.labels, block.values, strict=True)])
            out.append("| " + " | ".join(_md_cell(h) or " " for h in block.head) + " |")
            out.append("|" + "---|" * len(block.head))
            out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out)


def write_corpus_report(folder: str | os.PathLike[str], *, notes: list[str] | None = None) -> ReportFiles:
    """Write ``report.md`` and ``report.html`` (an alias of the site's ``report/index.html``) into a results folder.

    Each file is written with ``safe_io.write_text``: atomic for a regular file, and a symlink or device
    in its place is written through, never replaced.

    Args:
        folder: A results folder whose tables are written.
        notes: Remarks of the run, shown under the corpus size.

    Returns:
        The paths of the HTML and Markdown reports.
    """
    folder = Path(folder)
    title, sections = build_sections(folder, notes=notes)
    html_path, md_path = folder / "report.html", folder / "report.md"
    site = (folder / "report" / "index.html").is_file()
    write_text(html_path, render_redirect(title, site=site), what="corpus report")
    write_text(md_path, render_markdown(title, sections), what="corpus report")
    return ReportFiles(html_path, md_path)
