"""``tfidf``: term frequency × inverse document frequency against a background table.

By default the table shipped in ``data/background_df.tsv.gz``, or the user's own corpus (``background=``):
with a corpus at hand this is the most distinctive method (see ``api.DEFAULT_METHOD``).
"""

from __future__ import annotations

from .background import Background, default_background
from .candidates import TermStats


def score_tfidf(st: TermStats, background: Background | None = None) -> list[float]:
    """TF-IDF against the background table (the built-in one when none is given)."""
    bg = background or default_background()
    return [c * bg.idf(norm) for c, norm in zip(st.counts, st.norms, strict=False)]


__all__ = ["score_tfidf"]
