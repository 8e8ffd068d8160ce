"""``hybrid`` (the default): FLR damped by the background IDF.

FLR alone promotes frequent everyday nouns (言葉, 時間, 今日) that every post uses; the IDF factor (shipped
table, no corpus needed from the user) pushes them down while a post's own compounds keep their FLR weight.
Chosen after ``scripts/eval_keywords.py`` (see ``api.DEFAULT_METHOD`` for the figures).
"""

from __future__ import annotations

import math

from .background import Background, default_background
from .candidates import TermStats
from .flr import lr_factors


def score_hybrid(st: TermStats, background: Background | None = None) -> list[float]:
    """FLR × IDF: the post's own term structure, with everyday nouns pushed down by the background."""
    bg = background or default_background()
    # Background.idf and score_flr written out (same arithmetic, same order): one pass, no call per term.
    log = math.log
    n_docs = bg.n_docs + 1
    df = bg.df.get
    return [
        c * lr * (log(n_docs / (df(norm, 0) + 1)) + 1.0)
        for c, lr, norm in zip(st.counts, lr_factors(st), st.norms, strict=False)
    ]


__all__ = ["score_hybrid"]
