"""One slot per idea: fold nested terms of a post's ranked keywords into one.

On a post of some length the ranked list repeats itself with near-variants of one name: 三溪 / 三溪園 / 原三溪,
哲学 / 哲学者, 窒素 / 窒素ガス.  Japanese compounds are written without spaces, so such variants are the
same string with a one- or two-character affix or unit added (園, 原, 者, ガス).  The rule:

- two terms are one idea when one contains the other and they differ by at most ``FOLD_MAX_EXTRA``
  characters; a longer addition (筋 / 筋サテライト細胞, ワイン / ジュラ・サヴォアワイン) names a more
  specific idea, which human keyphrase lists keep beside the short one, so it is not folded;
- nesting is followed through folded terms: 三溪 folded into 三溪園 brings 原三溪 in with it;
- the kept form is the one ranked higher: the score already weighs how often the writer uses each form
  and how distinctive it is, so it is the form a reader sees most in the post; the folded terms' counts
  are added to it;
- only posts with more than ``FOLD_MIN_CANDIDATES`` candidates (about 1,000 characters) are folded: a
  short post has few ideas, its variants are usually each a keyphrase of their own, and there is nothing
  better to give the slot to.  On keyphrase-dev, folding from 100 candidates instead of 800 took the share
  of top-10 terms nested in another top-10 term on 2,000-character posts from 36% to 16% (20,000: 16% to
  11%), recall@10 0.439 -> 0.443 and recall@20 0.574 -> 0.571 (a folded variant that matched a label at
  rank 11-20 leaves the list); folding every post (200 characters too) cost 200-character posts recall@20
  0.736 -> 0.713.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, TypeVar


class Ranked(Protocol):
    """What folding reads of a keyword record (``ranking.Keyword``, a frozen dataclass)."""

    @property
    def norm(self) -> str: ...

    @property
    def count(self) -> int: ...


K = TypeVar("K", bound=Ranked)

#: Most characters the longer of two nested terms may add for them to count as one idea.
FOLD_MAX_EXTRA = 2
#: Posts with more candidates than this (about 1,000 characters and up) have their keywords folded.
FOLD_MIN_CANDIDATES = 100


def same_idea(a: str, b: str) -> bool:
    """Whether two term keys are one idea: one contains the other, adding at most FOLD_MAX_EXTRA characters."""
    if len(a) > len(b):
        a, b = b, a
    return len(b) - len(a) <= FOLD_MAX_EXTRA and a in b


def fold_nested(ranked: list[K], top_k: int | None) -> list[K]:
    """Keep the first of each group of nested keywords (best first), with the group's counts added.

    Args:
        ranked: Keywords, best first.
        top_k: How many folded keywords to return (``None`` for all).

    Returns:
        The folded keywords, best first.
    """
    kept: list[K] = []
    # Every kept key and its substrings at most FOLD_MAX_EXTRA characters shorter, each → its kept
    # index: a new key is looked up whole (a kept key contains it) and through its own short-by-a-few
    # substrings (it contains a kept key), a few dict lookups instead of a scan of the kept list.
    owner: dict[str, int] = {}
    # Keys of the kept and folded terms → kept index: a folded variant draws its own variants in too
    # (三溪 folded into 三溪園 brings 原三溪 with it).
    group: dict[str, int] = {}
    for kw in ranked:
        norm = kw.norm
        i = owner.get(norm)
        if i is None:
            i = next((group[s] for s in _near_substrings(norm) if s in group), None)
        if i is not None:
            k = kept[i]
            kept[i] = replace(k, count=k.count + kw.count)  # type: ignore[type-var]
            _claim(owner, group, norm, i)
            continue
        if top_k is not None and len(kept) >= top_k:
            continue  # the rest of ranked is still read, to add its counts to the kept forms
        _claim(owner, group, norm, len(kept))
        kept.append(kw)
    return kept


def _claim(owner: dict[str, int], group: dict[str, int], norm: str, i: int) -> None:
    """Record ``norm`` as a member of kept group ``i``, with its near substrings."""
    group.setdefault(norm, i)
    for s in (norm, *_near_substrings(norm)):
        owner.setdefault(s, i)


def _near_substrings(norm: str) -> list[str]:
    """Substrings of ``norm`` shorter by 1 to FOLD_MAX_EXTRA characters (none below one character)."""
    n = len(norm)
    return [norm[i:i + m] for m in range(n - 1, max(n - FOLD_MAX_EXTRA, 1) - 1, -1) for i in range(n - m + 1)]


__all__ = ["FOLD_MAX_EXTRA", "FOLD_MIN_CANDIDATES", "Ranked", "fold_nested", "same_idea"]
