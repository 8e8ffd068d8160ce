"""What distinguishes a group of posts from the rest: keyness of terms and themes.

Posts are grouped by category, author or year.  For every group, each term (compound terms and nouns,
counted by matching key) and each theme (counted in sentences that mention it) is compared with the
rest of the corpus by Dunning's log-likelihood G² (significance: 3.84 ≈ p < 0.05, 6.63 ≈ p < 0.01),
with its sign (+ used more in the group, - less) and Hardie's log ratio as the effect size
(log2 of the ratio of relative frequencies; +1 = twice as frequent; 0.5 stands in for a zero count).

Grouping fallbacks, for corpora whose posts carry no metadata:

* ``category``: the post's first category, else the name of the folder holding the file (livedoor's
  ``<category>/<article>.txt`` layout), else ``(none)``;
* ``author``: the post's author, else ``(unknown)``;
* ``year``: the first four digits of ``published``, else ``(unknown)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import Any

from ..errors import InputError, JpblogError
from ..sources import LoadFailure, unexpected_load_error
from ..text.document import Document
from ..text.records import Post
from ..themes import ThemeSet, as_themeset, theme_counts
from .frequency import as_document
from .topics import topic_terms

# G² above which a difference is reported by default (p < 0.05, one degree of freedom).
MIN_G2 = 3.84


def category_of(post: Post) -> str:
    """The post's first category, else its folder's name (livedoor), else "(none)"."""
    if post.categories:
        return post.categories[0]
    if post.source and "://" not in post.source:
        folder = Path(post.source.split("#", 1)[0]).parent.name
        if folder:
            return folder
    return "(none)"


def author_of(post: Post) -> str:
    """The post's author, else "(unknown)"."""
    return post.author or "(unknown)"


def year_of(post: Post) -> str:
    """The year the post was published, else "(unknown)"."""
    year = (post.published or "")[:4]
    return year if len(year) == 4 and year.isdigit() else "(unknown)"


GROUPINGS: dict[str, Callable[[Post], str]] = {"category": category_of, "author": author_of, "year": year_of}


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G² for a count ``a`` out of ``c`` in the group against ``b`` out of ``d`` in the rest."""
    total = c + d
    if total == 0 or a + b == 0:
        return 0.0
    e1 = c * (a + b) / total
    e2 = d * (a + b) / total
    g2 = 0.0
    if a > 0 and e1 > 0:
        g2 += a * math.log(a / e1)
    if b > 0 and e2 > 0:
        g2 += b * math.log(b / e2)
    return 2.0 * g2


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """Hardie's log ratio: log2 of the relative frequency in the group over that in the rest."""
    if c == 0 or d == 0:
        return 0.0
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


@dataclass(frozen=True, slots=True)
class Keyness:
    """How much a term or theme distinguishes a group from the rest.

    Attributes:
        group: The group (category, author or year).
        kind: "term" or "theme".
        item: The term as written (most frequent form) or the theme's name.
        label: Display name (the term again, or the theme's Japanese label).
        count: Occurrences in the group (sentences, for themes).
        rest: Occurrences in the other groups.
        group_total: Terms (sentences, for themes) in the group.
        rest_total: Terms (sentences) in the other groups.
        g2: Log-likelihood G², always >= 0.
        sign: +1 when relatively more frequent in the group, -1 when less.
        log_ratio: Effect size (log2 ratio of relative frequencies).
        norm: The term's matching key ("" for a theme, and in rows made before it was recorded).
    """

    group: str
    kind: str
    item: str
    label: str
    count: int
    rest: int
    group_total: int
    rest_total: int
    g2: float
    sign: int
    log_ratio: float
    norm: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


COLUMNS = ("group", "kind", "item", "label", "count", "rest", "group_total", "rest_total", "g2", "sign",
           "log_ratio")


def _grand(counts: dict[str, Counter[str]]) -> Counter[str]:
    """Counts summed over every group."""
    grand: Counter[str] = Counter()
    for group_counts in counts.values():
        grand.update(group_counts)
    return grand


def _key_items(
    counts: dict[str, Counter[str]], grand: Counter[str], totals: Counter[str], group: str, kind: str,
    shown: Callable[[str], tuple[str, str]], min_count: int, min_g2: float, negative: bool,
) -> list[Keyness]:
    """Keyness of every item of one kind for one group."""
    c = totals[group]
    d = sum(totals.values()) - c
    rows = []
    mine = counts.get(group, Counter())
    items = set(grand) if negative else set(mine)
    for key in items:
        a = mine.get(key, 0)
        b = grand[key] - a
        if a + b < min_count:
            continue
        sign = 1 if a * d >= b * c else -1
        if sign < 0 and not negative:  # checked first: integer products are cheaper than G²
            continue
        g2 = log_likelihood(a, b, c, d)
        if g2 < min_g2:
            continue
        item, label = shown(key)
        rows.append(Keyness(group, kind, item, label, a, b, c, d, round(g2, 3), sign, round(log_ratio(a, b, c, d), 3),
                            key if kind == "term" else ""))
    return rows


def _failure(source: str | Post | Document, err: Exception) -> LoadFailure:
    """The record of a post that could not be compared (an unexpected exception becomes a clean reason)."""
    if isinstance(source, Document):
        label = source.post.source
    elif isinstance(source, Post):
        label = source.source
    elif isinstance(source, PurePath):
        label = str(source)
    else:  # a path names itself; a text is not repeated in a message
        label = source if "\n" not in source and len(source) < 256 else ""
    label = label or "<text>"
    reason = str(err) if isinstance(err, JpblogError) else str(unexpected_load_error(err, label))
    return LoadFailure(label, reason)


def compare_groups(
    posts: Iterable[str | Post | Document],
    by: str | Callable[[Post], str] = "category",
    *,
    themes: ThemeSet | str | Path | None = None,
    include_themes: bool = True,
    top: int = 10,
    min_count: int = 3,
    min_g2: float = MIN_G2,
    negative: bool = False,
    failures: list[LoadFailure] | None = None,
) -> list[Keyness]:
    """The terms and themes that distinguish each group of posts from the rest.

    Args:
        posts: Posts, documents, paths or texts.
        by: "category", "author", "year", or a function of a ``Post`` returning its group.
        themes: Themes to compare (None: built-in; a path: a user's file merged over them).
        include_themes: Also compare themes (costs a theme detection per post).
        top: Keep at most this many terms per group (themes are all kept).
        min_count: Leave out items seen fewer times in the whole corpus.
        min_g2: Leave out differences below this G² (3.84: p < 0.05).
        negative: Also report items the group uses less than the rest (sign -1).
        failures: When given, a post that cannot be loaded or prepared (whatever it raises) is recorded
            here and left out of every count, so one odd post does not end a corpus comparison; without
            it, the first failure raises.

    Returns:
        Rows by group (sorted), terms before themes, each by sign (over-use first) then G² descending.

    Raises:
        InputError: Unknown grouping, or fewer than two groups.
    """
    if isinstance(by, str):
        if by not in GROUPINGS:
            raise InputError(f"unknown grouping {by!r}", hint=f"use one of {', '.join(GROUPINGS)}")
        group_of = GROUPINGS[by]
    else:
        group_of = by
    theme_set = as_themeset(themes) if include_themes else None
    term_counts: dict[str, Counter[str]] = {}
    theme_hits: dict[str, Counter[str]] = {}
    sentence_totals: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for source in posts:
        try:
            # Everything a post adds is computed before any count is touched: a post that fails is
            # left out whole, never half counted.
            doc = as_document(source)  # a post file is read here: prepare reads none
            group = group_of(doc.post)
            pairs = topic_terms(doc)
            found = theme_counts(doc, theme_set) if theme_set is not None else None
        except Exception as err:
            if failures is None:
                raise
            failures.append(_failure(source, err))
            continue
        term_counts.setdefault(group, Counter()).update(key for key, _ in pairs)
        for key, text in pairs:
            forms.setdefault(key, Counter())[text] += 1
        if found is not None:
            theme_hits.setdefault(group, Counter()).update(found)
            sentence_totals[group] += len(doc.sentences)
    if len(term_counts) < 2:
        raise InputError(f"comparison needs at least two groups, found {len(term_counts)}",
                         hint="group by another field, or give posts from several groups")
    labels = {t.name: t.label for t in theme_set} if theme_set is not None else {}

    by_group: dict[str, list[Keyness]] = {}  # terms first within each group, then themes
    for row in term_keyness(term_counts, forms, top=top, min_count=min_count, min_g2=min_g2, negative=negative):
        by_group.setdefault(row.group, []).append(row)
    rows: list[Keyness] = []
    theme_grand = _grand(theme_hits)
    for group in sorted(term_counts):
        rows.extend(by_group.get(group, ()))
        if theme_set is not None:
            found = _key_items(theme_hits, theme_grand, sentence_totals, group, "theme",
                               lambda name: (name, labels.get(name, name)), min_count, min_g2, negative)
            found.sort(key=lambda r: (-r.sign, -r.g2, r.item))
            rows.extend(found)
    return rows


def term_keyness(
    counts: Mapping[str, Counter[str]],
    forms: Mapping[str, Counter[str]],
    *,
    top: int = 10,
    min_count: int = 3,
    min_g2: float = MIN_G2,
    negative: bool = False,
) -> list[Keyness]:
    """Keyness of terms from counts already made: per group, {term key: occurrences}.

    What ``compare_groups`` does for terms, for callers that hold counts rather than posts (the batch
    counts the term lists it stored, so nothing is tokenized again).  Each group is compared with the
    sum of the others; a group's total is the sum of its counts.

    Args:
        counts: Group -> term key -> occurrences in the group's posts.
        forms: Term key -> written forms and how often each was seen (the most frequent is shown; ties go
            to the form first counted).
        top: Keep at most this many terms per group.
        min_count: Leave out terms seen fewer times in the whole corpus.
        min_g2: Leave out differences below this G² (3.84: p < 0.05).
        negative: Also report terms the group uses less than the rest (sign -1).

    Returns:
        Rows by group (sorted), each by sign (over-use first), then G² descending, then written form.
    """
    counts = {group: Counter(c) if not isinstance(c, Counter) else c for group, c in counts.items()}
    totals: Counter[str] = Counter({group: sum(c.values()) for group, c in counts.items()})
    grand = _grand(counts)

    def shown(key: str) -> tuple[str, str]:
        seen = forms.get(key)
        form = seen.most_common(1)[0][0] if seen else key
        return form, form

    rows: list[Keyness] = []
    for group in sorted(counts):
        found = _key_items(counts, grand, totals, group, "term", shown, min_count, min_g2, negative)
        found.sort(key=lambda r: (-r.sign, -r.g2, r.item, r.norm))
        rows.extend(found[:top])
    return rows


def to_frame(rows: Iterable[Keyness]) -> Any:
    """Keyness rows as a pandas DataFrame (one column per field)."""
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in rows], columns=list(COLUMNS))
