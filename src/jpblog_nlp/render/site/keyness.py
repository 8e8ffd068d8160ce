"""The index's keyness section: per facet (year, category, author) and group, the terms that set it apart.

Read from the batch's ``keyness`` table. Each group is shown with how many posts it holds (the table's
``posts`` column, counted by the batch as it grouped the posts; older tables lack it), and each term with
how often it occurs in the group, so that a reader can tell a year of five posts from a year of two
hundred and a term used thirteen times from one used four times, without hovering (phones cannot).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import cell_text, finite_float

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


def read_keyness(folder: Path) -> pandas.DataFrame | None:
    """The ``keyness`` table, or None when this results folder has none (written before keyness was)."""
    from ...batch.tables import read_table

    if not (folder / "keyness.parquet").exists():
        return None
    return read_table(folder, "keyness")


def keyness_facets(folder: Path) -> tuple[list[KeynessFacet], str | None]:
    """The facets to show, or none and why the section is empty."""
    frame = read_keyness(folder)
    if frame is None:
        return [], ("This results folder has no keyness table (keyness.parquet); a newer `jpblog batch` "
                    "writes it.")
    if frame.empty:
        return [], "No group (year, category or author) has enough posts to compare with the rest."
    facets = sorted((str(f) for f in frame["facet"].dropna().unique()),
                    key=lambda f: (FACET_ORDER.get(f, 9), f))
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
            size = _count(rows["posts"].tolist()[0]) if "posts" in rows.columns and n else None
            blocks.append(KeynessGroup(cell_text(group), terms, size or None))
        out.append(KeynessFacet(cell_text(facet), blocks, max(0, len(groups) - KEYNESS_GROUPS)))
    return out, None


def _count(value: Any) -> int | None:
    """A count cell as an int (None for null/NaN)."""
    number = finite_float(value)
    return int(number) if number is not None else None


__all__ = ["KEYNESS_GROUPS", "KEYNESS_TERMS", "KeynessFacet", "KeynessGroup", "KeynessTerm", "keyness_facets",
           "read_keyness"]
