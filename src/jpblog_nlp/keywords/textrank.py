"""``textrank``: Mihalcea & Tarau's graph ranking over term co-occurrence, on one post alone.

Terms are linked when they occur within a window of neighbouring terms inside a sentence; the ranking is
found by numpy power iteration (numpy is imported by the method, not by the package).
"""

from __future__ import annotations

from .background import Background
from .candidates import TermStats

#: Neighbouring terms (inside one sentence) linked in the TextRank graph.
TEXTRANK_WINDOW = 3
TEXTRANK_DAMPING = 0.85


def score_textrank(st: TermStats, background: Background | None = None) -> list[float]:
    """TextRank over term co-occurrence inside sentences (window ``TEXTRANK_WINDOW``), power iteration."""
    import numpy as np

    n = len(st)
    if n == 0:
        return []
    rows: list[int] = []
    cols: list[int] = []
    for seq in st.sequences:
        m = len(seq)
        for a in range(m):
            for b in range(a + 1, min(a + TEXTRANK_WINDOW, m)):
                if seq[a] != seq[b]:
                    rows.append(seq[a])
                    cols.append(seq[b])
    weights = np.zeros(n * n)
    if rows:
        flat = np.asarray(rows, dtype=np.intp) * n + np.asarray(cols, dtype=np.intp)
        weights = np.bincount(flat, minlength=n * n).astype(float)
    weights = weights.reshape(n, n)
    weights += weights.T
    out_degree = weights.sum(axis=1)
    # Column-stochastic transition; an isolated node spreads nothing (its column stays zero).
    safe = np.where(out_degree > 0, out_degree, 1.0)
    transition = (weights / safe[:, None]).T
    d = TEXTRANK_DAMPING
    rank = np.full(n, 1.0 / n)
    base = (1.0 - d) / n
    # A ranking, not exact values, is needed: 1e-6 total change is far below any score gap that matters.
    for _ in range(60):
        new = base + d * (transition @ rank)
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < 1e-6:
            break
    # Scale so that an average node scores 1, and break ties by frequency (a tiny share).
    return [float(r) * n + 1e-6 * c for r, c in zip(rank, st.counts, strict=False)]


__all__ = ["TEXTRANK_DAMPING", "TEXTRANK_WINDOW", "score_textrank"]
