"""``flr``: Nakagawa & Mori's term-extraction score, frequency × LR, on one post alone.

LR is the geometric mean of how often each unit of the compound is joined to other units on its left and
on its right, counted over the post itself.  A compound whose units build many compounds (影響 → 影響力,
SNS → SNS黒歴史, SNSセミナー) scores high; a lone noun scores its frequency.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from operator import itemgetter

from .background import Background
from .candidates import TermStats


def lr_factors(st: TermStats) -> list[float]:
    """Nakagawa's LR of each candidate: geometric mean of (left+1)(right+1) over its units.

    Left/right counts are the numbers of *different* units a unit is joined to in the post's compounds
    (異なり数).  Counting occurrences (延べ数) instead lets a compound repeated n times lift itself by
    about sqrt(n+1) on top of its frequency, which on a single post drowns single nouns such as 共感.
    """
    # Each different (unit, next unit) pair adds one to the right count of the first and the left count
    # of the second.
    pairs = {pair for units in st.units if len(units) > 1 for pair in pairwise(units)}
    right = Counter(map(itemgetter(0), pairs))
    left = Counter(map(itemgetter(1), pairs))
    # (left+1)(right+1) of each unit joined to another; every other unit's factor is 1.
    joins = {unit: (left[unit] + 1) * (right[unit] + 1) for unit in left.keys() | right.keys()}
    joins_of = joins.get
    out = []
    for units in st.units:
        if len(units) == 1 and units[0] not in joins:
            out.append(1.0)  # what the general formula gives: 1.0 ** 0.5
            continue
        product = 1.0
        for unit in units:
            product *= joins_of(unit, 1)
        out.append(product ** (1.0 / (2 * len(units))))
    return out


def score_flr(st: TermStats, background: Background | None = None) -> list[float]:
    """FLR: frequency × LR; a single post, no corpus needed.

    The frequency is that of the term as a whole: counting 影響 inside every 影響力 (termextract's "TF"
    mode) lifted the parts (影響, フェス, サロン) above the compounds a reader names.
    """
    return [c * lr for c, lr in zip(st.counts, lr_factors(st), strict=False)]


__all__ = ["lr_factors", "score_flr"]
