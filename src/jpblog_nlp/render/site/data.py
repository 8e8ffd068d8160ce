"""What the corpus site shows, computed from a results folder's tables (pandas stays in this module).

Every figure of the index is computed here once, as plain records and JSON-ready dicts: the template
(``index.html.j2``) only lays them out, and the index script (``site.js``) only draws what it is given.
Posts are named by their ordinal in corpus order (``posts`` table order = results-store order), never
by their ids or titles, so a file name is never made of post text.

Time runs in months, or in ISO weeks when the dated posts span less than ``WEEKS_BELOW_DAYS``: a blog
of six weeks has one or two months, which says nothing about its rhythm.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import cell_text, clip, display_str, finite_float, topics_k_line
from .keyness import KeynessFacet, keyness_facets

if TYPE_CHECKING:
    import pandas

#: Dated posts spanning fewer days than this are counted per week instead of per month.
WEEKS_BELOW_DAYS = 92
#: Themes and topics drawn as lines (more would be unreadable; the tables list them all).
MAX_LINES = 8
#: Posts and sentences listed per theme, topic or sentiment extreme.
TOP_POSTS = 5
TOP_SENTENCES = 5
#: Characters of a summary in the posts table and of a sentence in the theme lists.
SUMMARY_CHARS = 120
SENTENCE_CHARS = 160


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link to one post page: its corpus ordinal (1-based), page path from the index, title and date."""

    ordinal: int
    href: str
    title: str
    date: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """A sentence quoted from a post, linked to that post."""

    text: str
    post: PostLink
    score: float | None


@dataclass(frozen=True, slots=True)
class ThemeBlock:
    """One recurring theme: how many posts carry it, its mean stance, its strongest posts and sentences."""

    name: str
    label: str
    n_posts: int
    share: float
    stance: float | None
    posts: list[PostLink]
    sentences: list[SentenceLink]


@dataclass(frozen=True, slots=True)
class TopicBlock:
    """One topic: label, terms, size and the posts most typical of it."""

    topic: int
    label: str
    terms: str
    n_posts: int
    posts: list[PostLink]


@dataclass(slots=True)
class IndexContent:
    """Everything the index page shows; ``data`` is embedded as JSON for the index script."""

    n_posts: int = 0
    blog: str = ""
    n_failed: int = 0
    n_dated: int = 0
    outside: int = 0
    first: str = ""
    last: str = ""
    unit: str = "month"
    total_chars: int = 0
    mean_chars: float | None = None
    themes: list[ThemeBlock] = field(default_factory=list)
    topics: list[TopicBlock] = field(default_factory=list)
    topics_k: str | None = None
    keyness: list[KeynessFacet] = field(default_factory=list)
    positive: list[PostLink] = field(default_factory=list)
    negative: list[PostLink] = field(default_factory=list)
    n_scored: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)


def page_name(ordinal: int, total: int) -> str:
    """The file name of a post page: its corpus ordinal, zero-padded to at least four digits."""
    return f"{ordinal:0{max(4, len(str(total)))}d}.html"


def corpus_name(blogs: list[Any], urls: list[Any]) -> str:
    """The name the index is titled with: the blog most of the posts name, else the host most of their URLs
    share; "" for a corpus of many blogs (a folder of one blog's post beside twenty news articles is not
    that blog)."""
    from collections import Counter

    names = Counter(cell_text(b) for b in blogs if cell_text(b))
    if names:
        name, count = names.most_common(1)[0]
        return name if count * 2 > len(blogs) else ""
    return usual_host(urls)


def usual_host(urls: list[Any]) -> str:
    """The host most of the posts' http(s) URLs share ("yamadattt.hatenablog.jp"): a blog's name when its
    export names none (Movable Type exports carry no blog title)."""
    from collections import Counter
    from urllib.parse import urlsplit

    hosts: Counter[str] = Counter()
    for url in urls:
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            try:
                host = urlsplit(url).hostname
            except ValueError:
                continue
            if host:
                hosts[display_str(host)] += 1
    if not hosts:
        return ""
    host, count = hosts.most_common(1)[0]
    return host if count * 2 > len(urls) else ""


def _read(folder: Path, name: str) -> pandas.DataFrame:
    """A batch table (an empty one with its columns when absent)."""
    from ...batch.tables import empty_frame, read_table

    if not (folder / f"{name}.parquet").exists():
        return empty_frame(name)
    return read_table(folder, name)


def read_topics_k(folder: Path) -> str | None:
    """The line saying how the number of topics was set (``render.text.topics_k_line``), None without it."""
    from ...explore.topics_fit import STABILITY_RUNS, STABILITY_TIE

    frame = _read(folder, "topics_k")
    rows = [(int(k), float(s), bool(c), bool(a)) for k, s, c, a in
            zip(frame["k"].tolist(), frame["stability"].tolist(), frame["chosen"].tolist(), frame["asked"].tolist(),
                strict=True)]
    return topics_k_line(rows, STABILITY_RUNS, STABILITY_TIE)


#: A run of months without posts this long splits the dated posts into separate stretches ...
OUTLIER_GAP_MONTHS = 12
#: ... and a stretch at either end holding less than this share of them is left out of the time charts
#: (a post misdated 2000 in a blog of 2010-2012 would stretch every axis over ten empty years).
OUTLIER_SHARE = 0.02


def _charted_span(dated: pandas.Series) -> tuple[Any, Any]:
    """The first and last date the time charts cover: the dated posts without stray stretches at the ends."""
    months = sorted((d.year * 12 + d.month - 1) for d in dated)
    stretches: list[list[int]] = [[months[0]]]
    for m in months[1:]:
        if m - stretches[-1][-1] > OUTLIER_GAP_MONTHS:
            stretches.append([])
        stretches[-1].append(m)
    total = len(months)
    while len(stretches) > 1 and len(stretches[0]) < OUTLIER_SHARE * total:
        stretches.pop(0)
    while len(stretches) > 1 and len(stretches[-1]) < OUTLIER_SHARE * total:
        stretches.pop()
    low, high = stretches[0][0], stretches[-1][-1]
    inside = dated[[low <= d.year * 12 + d.month - 1 <= high for d in dated]]
    return inside.min(), inside.max()


class Periods:
    """Maps dates to periods (months or ISO weeks) and lists every period of the charted span, gaps included.

    ``outside`` counts the dated posts left out of the time charts as stray (``_charted_span``); they stay
    in every list and in the posts table.
    """

    def __init__(self, days: pandas.Series) -> None:
        import pandas as pd

        dated = days.dropna()
        self.unit = "month"
        self.labels: list[str] = []
        self.outside = 0
        self.first = self.last = None
        if dated.empty:
            return
        first, last = _charted_span(dated)
        self.first, self.last = first, last
        self.outside = int(((dated < first) | (dated > last)).sum())
        if (last - first).days < WEEKS_BELOW_DAYS:
            self.unit = "week"
            start = first - pd.Timedelta(days=first.weekday())
            self.labels = [d.strftime("%Y-%m-%d") for d in pd.date_range(start, last, freq="7D")]
        else:
            self.labels = [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]

    def of(self, days: pandas.Series) -> pandas.Series:
        """The period label of each date (None for no date, or a date outside the charted span)."""
        import pandas as pd

        charted = days.notna()
        if self.first is not None:
            charted &= (days >= self.first) & (days <= self.last)
        if self.unit == "week":
            starts = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
            return starts.dt.strftime("%Y-%m-%d").where(charted, None)
        return days.dt.strftime("%Y-%m").where(charted, None)


def _days(published: pandas.Series) -> pandas.Series:
    """The calendar day of each post's ``published`` (its local date as written; NaT when none)."""
    import pandas as pd

    return pd.to_datetime(published.fillna("").astype(str).str[:10], format="%Y-%m-%d", errors="coerce")


def length_bins(lengths: list[int]) -> tuple[list[str], list[int]]:
    """A histogram of post lengths in about ten round bins, the last one open-ended (long tails)."""
    if not lengths:
        return [], []
    ordered = sorted(lengths)
    high = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    raw = max(high / 10, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(10, int(step))  # bins of fewer than ten characters say nothing
    n_bins = max(1, min(12, math.ceil((high + 1) / step)))
    counts = [0] * n_bins
    for n in lengths:
        counts[min(n // step, n_bins - 1)] += 1
    labels = [f"{i * step}–{(i + 1) * step - 1}" for i in range(n_bins - 1)] + [f"{(n_bins - 1) * step}+"]
    if n_bins == 1:
        labels = [f"0–{max(lengths)}"]
    return labels, counts


def _series(values: dict[str, float | None], labels: list[str], digits: int = 3) -> list[float | None]:
    """Values in period order (None where a period has none)."""
    out: list[float | None] = []
    for label in labels:
        value = finite_float(values.get(label))
        out.append(round(value, digits) if value is not None else None)
    return out


def build_index(folder: Path, *, posts_dir: str = "posts") -> IndexContent:
    """Compute the index page's content from the tables of a results folder.

    Args:
        folder: The results folder.
        posts_dir: Folder of the post pages, relative to the index.

    Returns:
        The content; ``why`` says, per section key, why a section is empty.
    """
    posts = _read(folder, "posts")
    themes = _read(folder, "themes")
    topics = _read(folder, "topics")
    post_topics = _read(folder, "post_topics")
    errors = _read(folder, "errors")
    out = IndexContent(n_posts=len(posts), n_failed=len(errors))
    out.errors = [(cell_text(s), cell_text(r))
                  for s, r in zip(errors["source"][:50].tolist(), errors["reason"][:50].tolist(), strict=True)]
    n = len(posts)
    out.blog = corpus_name(posts["blog"].tolist(), posts["url"].tolist())
    titles = [cell_text(t) or cell_text(i) or "(no title)"
              for t, i in zip(posts["title"].tolist(), posts["id"].tolist(), strict=True)]
    days = _days(posts["published"])
    dates = days.dt.strftime("%Y-%m-%d").where(days.notna(), "").tolist()
    ordinal_of: dict[str, int] = {}
    for i, post_id in enumerate(posts["id"].tolist()):
        ordinal_of.setdefault(cell_text(post_id), i + 1)

    def link(ordinal: int, value: str = "") -> PostLink:
        return PostLink(ordinal, f"{posts_dir}/{page_name(ordinal, n)}", titles[ordinal - 1], dates[ordinal - 1],
                        value)

    periods = Periods(days)
    out.unit = periods.unit
    out.outside = periods.outside
    period_of = periods.of(days).tolist()
    labels = periods.labels
    dated = days.dropna()
    out.n_dated = len(dated)
    if len(dated):
        out.first, out.last = dated.min().strftime("%Y-%m-%d"), dated.max().strftime("%Y-%m-%d")
    lengths = [int(v) for v in posts["n_chars"].fillna(0)]
    out.total_chars = sum(lengths)
    out.mean_chars = out.total_chars / n if n else None
    per_period: dict[str, int] = defaultdict(int)
    for p in period_of:
        if p is not None:
            per_period[p] += 1
    data: dict[str, Any] = {"unit": periods.unit, "periods": labels,
                            "rhythm": [per_period.get(p, 0) for p in labels]}
    data["lengths"] = dict(zip(("labels", "counts"), length_bins(lengths), strict=True))
    if not n:
        out.why["overview"] = "No posts were analysed in this batch."
    elif not len(dated):
        out.why["rhythm"] = "No post has a date, so there is no rhythm over time."
    elif len(labels) < 2:
        out.why["rhythm"] = f"Every dated post falls in one {periods.unit}: no rhythm to draw."

    # Posts table rows (the index script renders them in pages).
    sentiment = [finite_float(v) for v in posts["sentiment_score"]]
    topic_col = [None if v is None or (isinstance(v, float) and math.isnan(v)) else int(v)
                 for v in posts["topic"].astype(object)]
    theme_names: list[str] = []
    theme_index: dict[str, int] = {}
    post_themes: list[list[int]] = [[] for _ in range(n)]
    if len(themes):
        order = themes.groupby("theme")["post_id"].nunique().sort_values(ascending=False, kind="stable")
        for name in order.index:
            theme_index[cell_text(name)] = len(theme_names)
            theme_names.append(cell_text(name))
        for post_id, name in zip(themes["post_id"].tolist(), themes["theme"].tolist(), strict=True):
            o = ordinal_of.get(cell_text(post_id))
            if o is not None and theme_index[cell_text(name)] not in post_themes[o - 1]:
                post_themes[o - 1].append(theme_index[cell_text(name)])
    theme_labels = {}
    if len(themes):
        for name, label in zip(themes["theme"].tolist(), themes["label"].tolist(), strict=True):
            theme_labels.setdefault(cell_text(name), cell_text(label) or cell_text(name))
    data["themes"] = [{"name": t, "label": theme_labels.get(t, t)} for t in theme_names]
    data["topics"] = [{"topic": int(t), "label": cell_text(lab)}
                      for t, lab in zip(topics["topic"].tolist(), topics["label"].tolist(), strict=True)]
    data["columns"] = ["ordinal", "title", "date", "chars", "sentiment", "label", "topic", "themes", "summary"]
    labels_col, summaries = posts["sentiment_label"].tolist(), posts["summary"].tolist()
    data["posts"] = [
        [i + 1, titles[i], dates[i], lengths[i], round(sentiment[i], 3) if sentiment[i] is not None else None,
         cell_text(labels_col[i]), topic_col[i], post_themes[i], clip(cell_text(summaries[i]), SUMMARY_CHARS)]
        for i in range(n)
    ]
    data["page_width"] = max(4, len(str(n)))
    _themes(out, data, posts, themes, folder, ordinal_of, link, period_of, labels, per_period, theme_labels)
    _topics(out, data, topics, post_topics, ordinal_of, link, topic_col, period_of, labels)
    out.topics_k = read_topics_k(folder) if len(topics) else None
    _sentiment(out, data, posts, sentiment, period_of, labels, link)
    out.keyness, why = keyness_facets(folder)
    if why:
        out.why["keyness"] = why
    out.data = data
    return out


def _themes(out: IndexContent, data: dict[str, Any], posts: pandas.DataFrame, themes: pandas.DataFrame,
            folder: Path, ordinal_of: dict[str, int], link: Any, period_of: list[str | None], labels: list[str],
            per_period: dict[str, int], theme_labels: dict[str, str]) -> None:
    """Theme prevalence and stance per period, and each theme's strongest posts and most telling sentences."""
    if not len(themes):
        out.why["themes"] = ("No theme was found in any post (no theme dictionary matched; `--themes FILE` "
                             "adds your own).")
        return
    n = max(out.n_posts, 1)
    rows = themes.assign(ordinal=[ordinal_of.get(cell_text(p)) for p in themes["post_id"]]).dropna(subset=["ordinal"])
    rows = rows.assign(ordinal=rows["ordinal"].astype(int))
    rows = rows.assign(period=[period_of[o - 1] for o in rows["ordinal"]])
    grouped = rows.groupby("theme")
    counts = grouped["ordinal"].nunique().sort_values(ascending=False, kind="stable")
    stance_mean = grouped["stance_score"].mean()
    strongest = _theme_sentences(folder, rows)
    share_lines, stance_lines = [], []
    for name in counts.index:
        theme_rows = rows[rows["theme"] == name]
        best = theme_rows.sort_values(["score", "ordinal"], ascending=[False, True], kind="stable")
        best = best.drop_duplicates("ordinal").head(TOP_POSTS)
        top = [link(int(o), f"{float(s):.2f}" if finite_float(s) is not None else "")
               for o, s in zip(best["ordinal"].tolist(), best["score"].tolist(), strict=True)]
        label = theme_labels.get(cell_text(name), cell_text(name))
        out.themes.append(ThemeBlock(cell_text(name), label, int(counts[name]), int(counts[name]) / n,
                                     finite_float(stance_mean.get(name)), top,
                                     [SentenceLink(t, link(o), s) for t, o, s in strongest.get(cell_text(name), [])]))
        if len(share_lines) < MAX_LINES and labels:
            dated = theme_rows.dropna(subset=["period"])
            present = dated.groupby("period")["ordinal"].nunique()
            share_lines.append({"label": label, "values": [
                round(float(present.get(p, 0)) / per_period[p], 3) if per_period.get(p) else None for p in labels]})
            stance = dated.groupby("period")["stance_score"].mean()
            stance_lines.append({"label": label, "values": _series(stance.to_dict(), labels)})
    data["theme_share"] = share_lines
    data["theme_stance"] = stance_lines
    if not labels:
        out.why["theme_time"] = "No post has a date, so themes cannot be followed over time."
    elif len(labels) < 2:
        out.why["theme_time"] = f"Every dated post falls in one {out.unit}: nothing to follow over time."


def _theme_sentences(folder: Path, theme_rows: pandas.DataFrame) -> dict[str, list[tuple[str, int, float | None]]]:
    """Per theme, its most telling sentences: from the posts where the theme is strongest, the sentence
    that mentions it with the clearest tone (one per post, so one long post does not fill the list)."""
    import pandas as pd

    path = folder / "sentences.parquet"
    if not path.exists():
        return {}
    from ...batch.tables import SEP

    sentences = pd.read_parquet(path, columns=["post_id", "text", "sentiment_score", "themes"])
    sentences = sentences[sentences["themes"].fillna("") != ""]
    if sentences.empty:
        return {}
    weight = {(p, t): float(s) if finite_float(s) is not None else 0.0
              for p, t, s in zip(theme_rows["post_id"].tolist(), theme_rows["theme"].tolist(),
                                 theme_rows["score"].tolist(), strict=True)}
    ordinal = dict(zip(theme_rows["post_id"].tolist(), theme_rows["ordinal"].tolist(), strict=False))
    found: dict[str, list[tuple[float, int, str, float | None]]] = defaultdict(list)
    columns = (sentences[c].tolist() for c in ("post_id", "text", "sentiment_score", "themes"))
    for post_id, text, score, names in zip(*columns, strict=True):
        o = ordinal.get(post_id)
        if o is None:
            continue
        tone = finite_float(score)
        for name in str(names).split(SEP):
            rank = weight.get((post_id, name), 0.0) * (0.5 + abs(tone or 0.0))
            found[name].append((rank, int(o), cell_text(text), tone))
    out: dict[str, list[tuple[str, int, float | None]]] = {}
    for name, items in found.items():
        items.sort(key=lambda item: (-item[0], item[1]))
        chosen, seen = [], set()
        for _, o, text, tone in items:
            if o in seen or not text.strip():
                continue
            seen.add(o)
            chosen.append((clip(text, SENTENCE_CHARS), o, tone))
            if len(chosen) == TOP_SENTENCES:
                break
        out[name] = chosen
    return out


def _topics(out: IndexContent, data: dict[str, Any], topics: pandas.DataFrame, post_topics: pandas.DataFrame,
            ordinal_of: dict[str, int], link: Any, topic_col: list[int | None], period_of: list[str | None],
            labels: list[str]) -> None:
    """Topic blocks with their most typical posts, and each topic's size (dominant posts) per period."""
    if not len(topics):
        out.why["topics"] = ("No topics were discovered in this run (a corpus needs at least two posts with "
                             "enough shared terms).")
        return
    lines = []
    for row in topics.itertuples():
        t = int(row.topic)
        mine = post_topics[post_topics["topic"] == t].sort_values("weight", ascending=False, kind="stable")
        top = []
        for post_id, weight in zip(mine["post_id"].tolist(), mine["weight"].tolist(), strict=True):
            o = ordinal_of.get(cell_text(post_id))
            if o is not None and topic_col[o - 1] == t:
                top.append(link(o, f"{float(weight):.2f}"))
            if len(top) == TOP_POSTS:
                break
        out.topics.append(TopicBlock(t, cell_text(row.label), cell_text(row.terms), int(row.n_posts), top))
        if labels and len(lines) < MAX_LINES:
            counts: dict[str, int] = defaultdict(int)
            for p, topic in zip(period_of, topic_col, strict=True):
                if p is not None and topic == t:
                    counts[p] += 1
            lines.append({"label": cell_text(row.label) or f"topic {t}", "values": [counts.get(p, 0) for p in labels]})
    data["topic_size"] = lines
    if not labels:
        out.why["topic_time"] = "No post has a date, so topic sizes cannot be followed over time."


def _sentiment(out: IndexContent, data: dict[str, Any], posts: pandas.DataFrame, scores: list[float | None],
               period_of: list[str | None], labels: list[str], link: Any) -> None:
    """Monthly (weekly) mean post sentiment with its interquartile band, and the most positive/negative posts."""
    import numpy as np

    scored = [(i, s) for i, s in enumerate(scores) if s is not None]
    out.n_scored = len(scored)
    if not scored:
        out.why["sentiment"] = "No post has a sentiment score."
        return
    by_period: dict[str, list[float]] = defaultdict(list)
    for i, s in scored:
        if period_of[i] is not None:
            by_period[period_of[i]].append(s)
    mean, low, high, count = [], [], [], []
    for p in labels:
        values = by_period.get(p, [])
        count.append(len(values))
        if values:
            q1, q3 = np.percentile(values, [25, 75])
            mean.append(round(float(np.mean(values)), 3))
            low.append(round(float(q1), 3))
            high.append(round(float(q3), 3))
        else:
            mean.append(None)
            low.append(None)
            high.append(None)
    data["sentiment"] = {"mean": mean, "low": low, "high": high, "count": count}
    if len(labels) < 2:
        out.why["sentiment_time"] = ("No post has a date, so sentiment cannot be followed over time." if not labels
                                     else f"Every dated post falls in one {out.unit}: nothing to follow over time.")
    label_of = [cell_text(v) for v in posts["sentiment_label"]]
    for word, target in (("positive", out.positive), ("negative", out.negative)):
        mine = [(s, i) for i, s in scored if label_of[i] == word]
        mine.sort(key=lambda item: (-item[0] if word == "positive" else item[0], item[1]))
        target.extend(link(i + 1, f"{s:+.2f}") for s, i in mine[:TOP_POSTS])
