"""How the topic model is fitted and how many topics it gets: NMF started from k-means, k chosen by stability.

Kept apart from ``explore.topics`` (the records, term choice, labels and ordering) because everything here
is numerical and works on the posts' term matrix alone (rows: posts, L2-normalised sublinear term counts).

Why start NMF from k-means.  The multiplicative updates of the Kullback-Leibler NMF only refine the start
they are given.  ``nndsvda`` (an SVD) starts every topic on a mixture of subjects; k-means starts each
topic on one group of posts, which is what a reader takes a topic for.  On livedoor (7,367 articles, 9
categories, k = 9) the posts' dominant topics against the categories went from NMI 0.579 / purity 0.705
(``nndsvda``) to 0.61-0.64 / 0.70-0.76 depending on the k-means seed; of a few starts the fit with the
lowest KL loss is kept, and lower losses went with the better partitions.

Why stability chooses k.  The reconstruction error keeps falling with k, and the silhouette of the posts'
dominant topics (the former rule) chose k = 10 on livedoor for no reason a user could check.  A k is
worth trusting when the topics come out the same if the model is fitted again on another part of the
posts: for each k, the posts are clustered on a few random subsamples and the partitions are compared on
the posts they share (adjusted Rand index, 1 = the same grouping, 0 = chance).  The most stable k is
kept; that score is reported per k so that a reader sees how much the choice stands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

#: Two topics whose term weights have a cosine above this are one topic found twice (see ``fit_nmf``).
DUPLICATE_COSINE = 0.9
#: KL fits started from this many k-means seeds ...
STARTS = 8
#: ... each run this many iterations; the one with the lowest loss then is run to convergence.  On
#: livedoor the losses of six starts after 5 iterations ranked them exactly as their final losses did;
#: with 4 starts NMI at k = 9 was 0.660, 0.661, 0.661, 0.618 for random_state 0-3, with 8 starts 0.660
#: for 0 and 0.694 for 3 and 5.
SCREEN_ITERATIONS = 5
#: Stability: this many subsamples per k ...
STABILITY_RUNS = 5
#: ... each of this share of the posts ...
STABILITY_SHARE = 0.8
#: ... drawn from at most this many posts (a larger corpus is sampled down first: it costs time, and
#: 2,000 posts show the same structure as 7,367).
STABILITY_CAP = 2000
#: ... each clustered by k-means with this many starts (one start alone often lands on a poor grouping,
#: and the run-to-run differences then measure k-means's luck rather than the corpus).
STABILITY_INITS = 3
#: Dimensions of the space the stability's posts are clustered in (``semantic_space``).
SEMANTIC_DIMS = 100
#: Decimals the points of that space are rounded to: the last bits another CPU's BLAS gives them are gone.
SEMANTIC_DECIMALS = 5
#: Stabilities closer than this count as equal, and the smaller k is taken (a finer grouping that is just
#: as stable is a sub-structure: two kinds of running post inside running).
STABILITY_TIE = 0.01
#: A boilerplate line whose posts are this many times more alike than two posts of the corpus in general
#: is a series' or a section's signature (see ``coherent_lines``).
COHERENT_RATIO = 2.0


@dataclass(frozen=True, slots=True)
class Fit:
    """One NMF fit: the factors and the loss they reach.

    Attributes:
        w: numpy array posts x topics.
        h: numpy array topics x terms.
        loss: Generalised KL divergence between the matrix and W·H (scikit-learn's ``reconstruction_err_``).
    """

    w: Any
    h: Any
    loss: float


def one_thread() -> Any:
    """A context in which BLAS and OpenMP run on one thread, for every library the fits use.

    Why one thread: how a product is split between threads changes its last bits, and the engines (and
    callers) leave BLAS and OpenMP with different thread counts; the products here are small, and on a
    busy machine k-means's OpenMP threads were 10 to 50 times slower than one.  threadpoolctl only limits
    the libraries already loaded, so scikit-learn's clustering and decomposition (and SciPy's LAPACK
    behind them) are imported first.
    """
    import scipy.linalg  # noqa: F401
    import sklearn.cluster
    import sklearn.decomposition  # noqa: F401
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def kmeans_labels(matrix: Any, k: int, seed: int, n_init: int = 1) -> tuple[Any, Any]:
    """k-means (``n_init`` k-means++ starts, the best kept) of the rows: (each row's cluster, the centres)."""
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(matrix)
    return model.labels_, model.cluster_centers_


def fit_nmf(matrix: Any, k: int, random_state: int = 0, *, starts: int = STARTS) -> Fit:
    """NMF with the generalised Kullback-Leibler loss, started from k-means; the best of ``starts`` seeds.

    Why KL rather than the squared error: term counts are closer to Poisson than to Gaussian, and the
    squared error lets the few heaviest terms of long posts decide the topics.  Each start puts topic j on
    the centre of k-means cluster j and each post wholly on its cluster (scaled to its mass); every zero is
    lifted a little (a thousandth of the mean), since the multiplicative updates cannot move an entry away
    from zero.  Each start is run ``SCREEN_ITERATIONS`` iterations; the lowest loss (losses equal to a
    millionth go to the first seed) is run on to convergence.

    When two topics still come out as one found twice (rows of H with a cosine above ``DUPLICATE_COSINE``:
    a few near-identical posts), the fit is started again from the squared-error solution, which breaks
    such ties.
    """
    import numpy as np

    best: Fit | None = None
    mass = np.asarray(matrix.sum(axis=1)).ravel()
    for seed in range(random_state, random_state + max(1, starts)):
        labels, centers = kmeans_labels(matrix, k, seed)
        centers = np.maximum(np.asarray(centers), 0.0)
        h0 = centers + 1e-3 * max(float(centers.mean()), 1e-12)
        w0 = np.zeros((matrix.shape[0], k))
        w0[np.arange(matrix.shape[0]), labels] = mass / h0.sum(axis=1)[labels]
        w0 += 1e-3 * max(float(w0.mean()), 1e-12)
        fit = _kl_from(matrix, w0, h0, max_iter=SCREEN_ITERATIONS, tol=0.0)
        if best is None or fit.loss < best.loss * (1 - 1e-6):
            best = fit
    assert best is not None
    best = _kl_from(matrix, best.w, best.h)
    if k > 1 and _has_duplicate(best.h):
        w0, h0 = _frobenius(matrix, k, random_state)
        best = _kl_from(matrix, w0 + 0.01 * w0.mean(), h0 + 0.01 * h0.mean())
    return best


def _kl_from(matrix: Any, w0: Any, h0: Any, *, max_iter: int = 200, tol: float = 1e-3) -> Fit:
    from sklearn.decomposition import NMF

    model = NMF(n_components=h0.shape[0], init="custom", beta_loss="kullback-leibler", solver="mu",
                max_iter=max_iter, tol=tol)
    w = model.fit_transform(matrix, W=w0, H=h0)
    return Fit(w, model.components_, float(model.reconstruction_err_))


def _frobenius(matrix: Any, k: int, random_state: int) -> tuple[Any, Any]:
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvd", random_state=random_state, max_iter=400, tol=1e-4)
    w = model.fit_transform(matrix)
    return w, model.components_


def _has_duplicate(h: Any) -> bool:
    import numpy as np

    norms = np.linalg.norm(h, axis=1)
    norms[norms == 0] = 1.0
    cosines = (h / norms[:, None]) @ (h / norms[:, None]).T
    np.fill_diagonal(cosines, 0.0)
    return bool(cosines.max() > DUPLICATE_COSINE)


def k_stability(matrix: Any, candidates: Iterable[int], *, random_state: int = 0,
                runs: int = STABILITY_RUNS, share: float = STABILITY_SHARE,
                cap: int = STABILITY_CAP) -> dict[int, float]:
    """For each k, how alike the posts' grouping into k clusters comes out on different subsamples.

    The subsamples are the same for every k (so the k compare on equal terms); each is clustered by k-means
    with its own seed, and every pair of runs is compared by the adjusted Rand index on the posts both
    hold.  The mean over the pairs is the k's stability: 1 when every run groups the shared posts alike.
    A k that splits a subject in two arbitrarily, or merges two subjects in a different way each time,
    scores low.

    Returns:
        k -> stability, rounded to 4 decimals (so that float noise does not show).
    """
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    n = matrix.shape[0]
    rng = np.random.default_rng(random_state)
    pool = np.arange(n) if n <= cap else np.sort(rng.choice(n, cap, replace=False))
    size = max(2, round(share * len(pool)))
    samples = [np.sort(rng.choice(pool, size, replace=False)) for _ in range(runs)]
    points = semantic_space(matrix[pool], random_state)
    where = np.full(n, -1)
    where[pool] = np.arange(len(pool))
    scores: dict[int, float] = {}
    for k in candidates:
        if k >= size:
            scores[k] = 0.0
            continue
        partitions = []
        for r, rows in enumerate(samples):
            labels = np.full(n, -1)
            labels[rows] = kmeans_labels(points[where[rows]], k, random_state + r, STABILITY_INITS)[0]
            partitions.append(labels)
        agreements = []
        for a, b in combinations(partitions, 2):
            both = (a >= 0) & (b >= 0)
            agreements.append(adjusted_rand_score(a[both], b[both]) if both.sum() > 1 else 0.0)
        scores[k] = round(float(np.mean(agreements)) if agreements else 1.0, 4)
    return scores


def semantic_space(matrix: Any, random_state: int = 0, dims: int = SEMANTIC_DIMS) -> Any:
    """The rows projected on the matrix's ``dims`` main directions (truncated SVD), again of unit length,
    rounded to ``SEMANTIC_DECIMALS``.

    k-means on a few thousand sparse rows of 5,000 terms is slow; on 100 dense dimensions it is fast, and
    the directions that are left out are mostly the rare terms' noise.  A matrix too small for that is
    used as it is.
    """
    import numpy as np
    from sklearn.decomposition import TruncatedSVD

    dims = min(dims, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if dims < 2:
        return matrix
    points = TruncatedSVD(n_components=dims, random_state=random_state).fit_transform(matrix)
    norms = np.linalg.norm(points, axis=1)
    norms[norms == 0] = 1.0
    # Rounded, so that the choice of k does not rest on last bits.  k-means amplifies them: a relative
    # change of 1e-12 in the term matrix (what another summation order or CPU gives) moved the livedoor
    # stabilities by up to 0.007, enough to change which k is chosen when two are close; after rounding
    # to 5 decimals the same perturbations gave the same stabilities to all 4 decimals.
    return np.round(points / norms[:, None], SEMANTIC_DECIMALS)


def choose_k(stability: Mapping[int, float], *, tie: float = STABILITY_TIE) -> int:
    """The most stable k; of stabilities within ``tie`` of the best, the smallest k."""
    best = max(stability.values())
    return min(k for k, s in stability.items() if s >= best - tie)


def coherent_lines(matrix: Any, carriers: Mapping[str, Sequence[int]], *,
                   ratio: float = COHERENT_RATIO) -> frozenset[str]:
    """The boilerplate lines whose posts are alike: a series' or a section's signature, not a site's.

    A credit line under every photo (``Photo by … on Unsplash``) or a signature under every post is on
    posts about anything: the posts that carry it are no more alike than any two posts of the blog (on a
    real diary blog, 0.8 and 1.2 times).  A line that only one series carries (the S-MAX credit under
    every S-MAX article of livedoor, a ``レコードデジタル化`` series heading) is on posts 3.5 to 5 times
    more alike than the corpus's.  Such a line is still no topic *term*, but it tells which posts belong
    together, and leaving it out cost 0.04 NMI on livedoor.

    Likeness: the mean cosine between two distinct posts (rows of unit length), from the norm of their mean.

    Args:
        matrix: Rows of unit length (posts), columns the content terms.
        carriers: Line key -> the rows of the posts that carry it.
        ratio: How many times the corpus's likeness a line's posts must reach.
    """
    import numpy as np

    def likeness(rows: Sequence[int]) -> float:
        n = len(rows)
        if n < 2:
            return 0.0
        mean = np.asarray(matrix[list(rows)].mean(axis=0)).ravel()
        return float((n * n * mean @ mean - n) / (n * (n - 1)))

    corpus = likeness(range(matrix.shape[0]))
    if corpus <= 0:
        return frozenset()
    return frozenset(line for line, rows in carriers.items() if likeness(rows) >= ratio * corpus)
