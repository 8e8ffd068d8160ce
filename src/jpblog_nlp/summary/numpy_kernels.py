"""The numpy kernels of the LexRank summary, for posts too long for the pure-Python one.

Kept apart from ``centrality`` so that numpy is imported once, here, and only when a post needs it:
importing numpy takes about 100 ms, more than ranking a post of a hundred sentences in pure Python.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain

import numpy as np


def tfidf_matrix(counts: list[dict[str, int]], df: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalized TF-IDF matrix, each sentence a document (IDF from within the post), with numpy.

    ``df`` counts the sentences each key occurs in. Returns the matrix (columns in sorted key order)
    and the document frequency of each column.
    """
    vocab = sorted(df)
    col = dict(zip(vocab, range(len(vocab)), strict=True))
    n = len(counts)
    matrix = np.zeros((n, len(vocab)))
    rows = np.repeat(np.arange(n), [len(c) for c in counts])
    cols = np.fromiter(map(col.__getitem__, chain.from_iterable(counts)), dtype=np.intp, count=len(rows))
    tf = np.fromiter(chain.from_iterable(map(dict.values, counts)), dtype=float, count=len(rows))
    # Sublinear TF, as in ``centrality._tfidf_rows``: only the repeated terms need the log.
    repeated = np.flatnonzero(tf > 1)
    tf[repeated] = [1.0 + math.log(value) for value in tf[repeated].tolist()]
    matrix[rows, cols] = tf
    frequency = np.fromiter(map(df.__getitem__, vocab), dtype=np.int64, count=len(vocab))
    idf = np.log((n + 1) / (frequency + 1)) + 1.0  # ``features.sentence_idf`` of every column at once
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms, frequency


def similarity_matrix(matrix: np.ndarray, frequency: np.ndarray) -> np.ndarray:
    """Cosine similarity between sentences (n × n) from the TF-IDF rows, with a zero diagonal."""
    # Two sentences only meet on the terms both contain, so the product is taken over the columns of
    # terms in two sentences or more (typically a fifth of them; the others would add exact zeros). The
    # smaller product also stays below the size at which OpenBLAS spreads it over threads, which for a
    # post's few dozen sentences costs far more CPU time (thread wake-up and spinning) than it saves.
    # The diagonal of this product is not the self-similarity, and no step uses one: it is zeroed.
    shared = np.compress(frequency > 1, matrix, axis=1)
    similarity = shared @ shared.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def lexrank_dense(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
    """Continuous LexRank with numpy: PageRank over the similarity graph (``weights``, self-loops removed)."""
    n = weights.shape[0]
    if n == 1:
        return np.ones(1)
    sums = weights.sum(axis=1, keepdims=True)
    linked = sums > 0
    # A sentence sharing no term with any other links to every sentence evenly (a dangling node).
    transition = np.where(linked, weights / np.where(linked, sums, 1.0), 1.0 / n)
    # The stationary scores solve (I - d·Tᵀ) s = (1 - d)/n exactly: one small solve beats up to a
    # hundred power iterations, whose per-step overhead dominates for posts of a few dozen sentences.
    system = np.eye(n) - damping * transition.T
    scores = np.linalg.solve(system, np.full(n, (1 - damping) / n))
    return scores / scores.sum()


class SparseRows:
    """Sentence vectors (``centrality._tfidf_rows``) as sparse arrays, for posts beyond ``centrality._DIRECT_MAX``.

    A long post's n × n similarity would not fit in memory: products with it are taken as X·(Xᵀ·v).
    """

    def __init__(self, rows: list[dict[str, float]]) -> None:
        column = {key: j for j, key in enumerate(dict.fromkeys(chain.from_iterable(rows)))}
        self.n = len(rows)
        self.n_cols = len(column)
        self.row_idx = np.fromiter((i for i, r in enumerate(rows) for _ in r), dtype=np.int64)
        self.col_idx = np.fromiter((column[k] for r in rows for k in r), dtype=np.int64)
        self.values = np.fromiter((x for r in rows for x in r.values()), dtype=float)

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """X @ vector (one value per sentence)."""
        return np.bincount(self.row_idx, self.values * vector[self.col_idx], minlength=self.n)

    def tdot(self, vector: np.ndarray) -> np.ndarray:
        """Xᵀ @ vector (one value per key)."""
        return np.bincount(self.col_idx, self.values * vector[self.row_idx], minlength=self.n_cols)


def lexrank_sparse(rows: SparseRows, damping: float = 0.85, iterations: int = 100) -> np.ndarray:
    """Continuous LexRank by power iteration on the sparse rows, never forming the n × n matrix.

    With W = X·Xᵀ − diag(X·Xᵀ) and row sums r = W·1, one step is s' = (1 − d)/n + d·Wᵀ(s/r), and
    Wᵀ(s/r) = X(Xᵀ(s/r)) − diag·(s/r); dangling sentences (r = 0) spread their share evenly.
    """
    n = rows.n
    diagonal = np.bincount(rows.row_idx, rows.values * rows.values, minlength=n)
    sums = rows.dot(rows.tdot(np.ones(n))) - diagonal
    dangling = sums <= 1e-12
    safe = np.where(dangling, 1.0, sums)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        share = np.where(dangling, 0.0, scores / safe)
        spread = rows.dot(rows.tdot(share)) - diagonal * share
        updated = (1 - damping) / n + damping * (spread + scores[dangling].sum() / n)
        if np.abs(updated - scores).sum() < 1e-9:
            return updated
        scores = updated
    return scores
