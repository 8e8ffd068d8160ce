"""LexRank centrality by the kernel that suits the post: pure Python, numpy dense or numpy sparse.

Only numpy is used (no scikit-learn or pandas), and not on every post: summarizing one post must start
fast, and importing numpy takes about 100 ms, far more than ranking a post of a hundred sentences in
pure Python. Short posts are ranked in pure Python, and so are posts of up to 150 sentences while numpy
is not loaded (see ``lexrank_centrality``); numpy (``numpy_kernels``) ranks the longer ones.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from operator import itemgetter

from .features import sentence_idf

_SECOND = itemgetter(1)

# Up to this many sentences the pure-Python kernel is faster than numpy's, whose per-call overhead it
# does not pay (summarize's CPU time per post, livedoor and Hatena posts, BLAS on one thread as in batch
# workers: 0.8x numpy's at 8-11 sentences, even at 24-27, 1.1x at 40).
_PYTHON_MAX = 25
# Beyond that, up to this many, it still runs while numpy has not been imported: importing numpy takes
# about 100 ms, and the pure-Python kernel took at most 16 ms on real and joined livedoor posts of up to
# 150 sentences (2-5 ms on average from 80 on; 40 ms and more beyond), so a single post (jpblog
# analyze) does not import it. Batch workers have imported it (``corpus.one_blas_thread``).
_PYTHON_COLD_MAX = 150
# Up to this many sentences the LexRank scores are solved for directly (O(n³), a few ms at 400).
_DIRECT_MAX = 400


def _tfidf_rows(counts: list[dict[str, int]], df: Counter[str]) -> list[dict[str, float]]:
    """Each sentence's unit-length TF-IDF vector (IDF from within the post), on its shared keys only.

    ``df`` counts the sentences each key occurs in. A key said in one sentence only counts in the
    vector's length but is left out: similarities only meet on keys that two sentences share.
    """
    n = len(counts)
    idf = {frequency: sentence_idf(n, frequency) for frequency in set(df.values())}
    rows: list[dict[str, float]] = []
    for c in counts:
        weights = [idf[df[k]] for k in c]
        if sum(c.values()) > len(c):
            # Sublinear TF: a term said three times in one sentence is not three times the topic. Most
            # terms occur once, and 1 + log 1 is 1: only the repeated ones need the log.
            weights = [w * (1.0 + math.log(v)) if v > 1 else w for w, v in zip(weights, c.values(), strict=True)]
        norm = math.hypot(*weights) or 1.0
        rows.append({k: w / norm for k, w in zip(c, weights, strict=True) if df[k] > 1})
    return rows


def _cosines(rows: list[dict[str, float]], j: int, sentences: list[int]) -> list[float]:
    """Cosine similarity of each of ``sentences`` with sentence j, from ``_tfidf_rows`` (``Cosines``)."""
    row = rows[j]
    return [sum([x * row[k] for k, x in rows[i].items() if k in row]) for i in sentences]


def _lexrank_python(rows: list[dict[str, float]], damping: float = 0.85) -> list[float]:
    """Continuous LexRank solved for exactly in pure Python, from the sentence vectors (``_tfidf_rows``).

    With X the vectors, the similarity graph is W = X·Xᵀ without its diagonal, and D its row sums. The
    sentences sharing a key with another score D·y where (D − d·W) y = 1, and a dangling sentence (one
    sharing none, which links to every sentence evenly) scores 1: the stationary scores of the PageRank
    walk, up to a common factor that scaling them to sum 1 removes. W is not formed: with
    Λ = D + d·diag(X·Xᵀ), y solves [Λ X; Xᵀ I/d] [y; z] = [1; 0], whose graph links each sentence to
    its keys only, where W links every two sentences that share one (a key held by 15 sentences makes
    105 pairs). That system is symmetric positive definite (its Schur complement Λ − d·X·Xᵀ = D − d·W
    is diagonally dominant), so elimination needs no pivoting and may take the least-connected unknowns
    first, which keeps the fill-in small.
    """
    n = len(rows)
    holders: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, row in enumerate(rows):
        for key, x in row.items():
            holders[key].append((i, x))
    # Unknowns: the sentences that share a key (numbered as in the post) and the keys (n, n + 1, ...).
    degrees = [(len(row), i) for i, row in enumerate(rows) if row]
    degrees += [(len(held), n + k) for k, held in enumerate(holders.values())]
    position = [0] * (n + len(holders))
    for r, (_, unknown) in enumerate(sorted(degrees)):
        position[unknown] = r
    # The system in elimination order: each row right of its diagonal, the diagonal, the right-hand side.
    upper: list[dict[int, float]] = [{} for _ in degrees]
    diagonal = [1.0 / damping] * len(degrees)
    rhs = [0.0] * len(degrees)
    sums = [0.0] * n  # D
    for k, held in enumerate(holders.values()):
        column = position[n + k]
        total = sum(map(_SECOND, held))
        for i, x in held:
            r = position[i]
            if r < column:
                upper[r][column] = x
            else:
                upper[column][r] = x
            sums[i] += x * (total - x)  # the key's part of sentence i's similarity with the others
    for i, row in enumerate(rows):
        if row:
            r = position[i]
            diagonal[r] = sums[i] + damping * sum([x * x for x in row.values()])
            rhs[r] = 1.0
    solution = _eliminate(upper, diagonal, rhs)
    scores = [sums[i] * solution[position[i]] if row else 1.0 for i, row in enumerate(rows)]
    total = sum(scores)
    return [score / total for score in scores]


def _eliminate(upper: list[dict[int, float]], diagonal: list[float], rhs: list[float]) -> list[float]:
    """Solve a sparse symmetric positive definite system by Gaussian elimination (arguments updated).

    ``upper[r]`` maps the columns right of row r's diagonal to their values.
    """
    for r, row in enumerate(upper):
        if not row:
            continue
        pivot, value = diagonal[r], rhs[r]
        entries = sorted(row.items())
        for a, (i, x) in enumerate(entries, 1):
            factor = x / pivot
            diagonal[i] -= factor * x
            rhs[i] -= factor * value
            target = upper[i]
            for j, y in entries[a:]:
                target[j] = target.get(j, 0.0) - factor * y
    solution = [0.0] * len(upper)
    for r in range(len(upper) - 1, -1, -1):
        row = upper[r]
        solution[r] = (rhs[r] - sum([x * solution[j] for j, x in row.items()]) if row else rhs[r]) / diagonal[r]
    return solution


Cosines = Callable[[int, list[int]], list[float]]
"""``cosines(j, sentences)``: the cosine similarity of each of ``sentences`` with sentence j."""


def lexrank_centrality(counts: list[dict[str, int]], df: Counter[str]) -> tuple[list[float], Cosines]:
    """LexRank centrality of each sentence, and the sentences' ``Cosines``, by the kernel that suits the post.

    Pure Python up to ``_PYTHON_MAX`` sentences, and up to ``_PYTHON_COLD_MAX`` while numpy is not
    loaded; numpy solved directly up to ``_DIRECT_MAX``, numpy sparse beyond.
    """
    n = len(counts)
    if n <= _PYTHON_MAX or (n <= _PYTHON_COLD_MAX and "numpy" not in sys.modules):
        rows = _tfidf_rows(counts, df)
        return _lexrank_python(rows), partial(_cosines, rows)
    from . import numpy_kernels as kernels

    if n <= _DIRECT_MAX:
        similarity = kernels.similarity_matrix(*kernels.tfidf_matrix(counts, df))
        return kernels.lexrank_dense(similarity).tolist(), lambda j, sentences: similarity[sentences, j].tolist()
    rows = _tfidf_rows(counts, df)
    return kernels.lexrank_sparse(kernels.SparseRows(rows)).tolist(), partial(_cosines, rows)


__all__ = ["Cosines", "lexrank_centrality"]
