"""The index's keyness section: per facet (year, category, author) and group, the terms that set it apart.

Read from the batch's ``keyness`` table. Each group is shown with how many posts it holds (counted from the
``posts`` table with the same groupings the batch used, ``explore.compare.GROUPINGS``), and each term with
how often it occurs in the group, so that a reader can tell a year of five posts from a year of two
hundred and a term used thirteen times from one used four times, without hovering (phones cannot).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import display_str, finite_float

if TYPE_CHECKING:
    import pandas

#: Terms shown per group, and groups shown per facet (the rest are in keyness.csv).
KEYNESS_TERMS = 10
KEYNESS_GROUPS = 24
#: Facets in the order shown.
FACET_ORDER = {"year": 0, "category": 1, "author": 2}


@dataclass(frozen=True, slots=True)
class KeynessTerm:
    """A term of a group: its uses in the group and in the other posts, and its log ratio (None if unknown)."""

    term: str
    count: int
    other: int | None
    log_ratio: float | None


@dataclass(frozen=True, slots=True)
class KeynessGroup:
    """The terms that distinguish one group (a year, a category, an author) from the rest."""

    group: str
    terms: list[KeynessTerm]
    n_posts: int | None = None


@dataclass(frozen=True, slots=True)
class KeynessFacet:
    """A facet (year, category or author) and its groups."""

    facet: str
    groups: list[KeynessGroup]
    hidden: int = 0


def cell_text(value: Any) -> str:
    """A table cell as display text ("" for null/NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return display_str(value)


def read_keyness(folder: Path) -> pandas.DataFrame | None:
    """The ``keyness`` table (Parquet, else CSV), or None when this results folder has none."""
    import pandas as pd

    columns = ["facet", "group", "rank", "term", "log_ratio"]
    try:
        if (folder / "keyness.parquet").exists():
            frame = pd.read_parquet(folder / "keyness.parquet")
        elif (folder / "keyness.csv").is_file():
            frame = pd.read_csv(folder / "keyness.csv", dtype={"group": str})
        else:
            return None
    except (OSError, ValueError):
        return None
    return frame if all(c in frame.columns for c in columns) else None


def group_sizes(posts: pandas.DataFrame, facets: list[str]) -> dict[str, Counter[str]]:
    """Posts per group of each facet, grouped as the batch grouped them for its keyness table.

    The posts table keeps what the groupings read (source, published, author, categories joined by
    ``tables.SEP``); a facet the table cannot tell is left out (no count shown).
    """
    from ...batch.tables import SEP
    from ...explore.compare import GROUPINGS
    from ...text.records import Post

    wanted = [f for f in facets if f in GROUPINGS]
    sizes: dict[str, Counter[str]] = {f: Counter() for f in wanted}
    if not wanted or not {"source", "published", "author", "categories"} <= set(posts.columns):
        return {}
    rows = zip(posts["source"].tolist(), posts["published"].tolist(), posts["author"].tolist(),
               posts["categories"].tolist(), strict=True)
    for source, published, author, categories in rows:
        cats = tuple(c.strip() for c in cell_text(categories).split(SEP) if c.strip())
        post = Post(id="", title="", text="", source=cell_text(source), published=cell_text(published) or None,
                    author=cell_text(author) or None, categories=cats)
        for facet in wanted:
            sizes[facet][GROUPINGS[facet](post)] += 1
    return sizes


def keyness_facets(folder: Path, posts: pandas.DataFrame) -> tuple[list[KeynessFacet], str | None]:
    """The facets to show, or none and why the section is empty."""
    frame = read_keyness(folder)
    if frame is None:
        return [], ("This results folder has no keyness table (keyness.parquet); a newer `jpblog batch` "
                    "writes it.")
    if frame.empty:
        return [], "No group (year, category or author) has enough posts to compare with the rest."
    facets = sorted((str(f) for f in frame["facet"].dropna().unique()),
                    key=lambda f: (FACET_ORDER.get(f, 9), f))
    sizes = group_sizes(posts, facets)
    out = []
    for facet in facets:
        mine = frame[frame["facet"].astype(str) == facet]
        groups = sorted(mine["group"].dropna().astype(str).unique())
        blocks = []
        for group in groups[:KEYNESS_GROUPS]:
            rows = mine[mine["group"].astype(str) == group].sort_values("rank", kind="stable").head(KEYNESS_TERMS)
            n = len(rows)
            counts = rows["count"].tolist() if "count" in rows.columns else [None] * n
            others = rows["other"].tolist() if "other" in rows.columns else [None] * n
            terms = [KeynessTerm(cell_text(t), _count(c) or 0, _count(o), finite_float(r))
                     for t, c, o, r in zip(rows["term"].tolist(), counts, others, rows["log_ratio"].tolist(),
                                           strict=True)]
            size = sizes.get(facet, {}).get(group)
            blocks.append(KeynessGroup(cell_text(group), terms, size or None))
        out.append(KeynessFacet(cell_text(facet), blocks, max(0, len(groups) - KEYNESS_GROUPS)))
    return out, None


def _count(value: Any) -> int | None:
    """A count cell as an int (None for null/NaN)."""
    number = finite_float(value)
    return int(number) if number is not None else None


__all__ = ["KEYNESS_GROUPS", "KEYNESS_TERMS", "KeynessFacet", "KeynessGroup", "KeynessTerm", "cell_text",
           "group_sizes", "keyness_facets", "read_keyness"]
