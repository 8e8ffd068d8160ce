"""``summarize``: pick the sentences that best represent a post, by a method chosen by name.

The length is said one of three ways (``n``, ``ratio``, ``max_chars``), checked here once and handed to
the method as a ``Budget``.
"""

from __future__ import annotations

from ..errors import EmptyPostError, JpblogError
from ..text.document import Document, prepare
from ..text.records import Post
from .base import SUMMARIZERS, Budget
from .records import Summary, SummarySentence

DEFAULT_N = 3
DEFAULT_METHOD = "lexrank"


def _check_length(n: int | None, ratio: float | None, max_chars: int | None) -> None:
    """Check that at most one of n / ratio / max_chars is given, and in range."""
    given = [name for name, value in (("n", n), ("ratio", ratio), ("max_chars", max_chars)) if value is not None]
    if len(given) > 1:
        raise JpblogError(f"give only one of n, ratio and max_chars (got {' and '.join(given)})",
                          hint="they are three ways to say how long the summary is")
    if n is not None and n < 1:
        raise JpblogError(f"n must be at least 1 (got {n})")
    if ratio is not None and not 0 < ratio <= 1:
        raise JpblogError(f"ratio must be in (0, 1] (got {ratio})", hint="0.2 keeps a fifth of the sentences")
    if max_chars is not None and max_chars < 1:
        raise JpblogError(f"max_chars must be at least 1 (got {max_chars})")


def _budget(n_sentences: int, n: int | None, ratio: float | None, max_chars: int | None) -> Budget:
    """Turn the (checked) length option into a ``Budget``."""
    if n is not None:
        return Budget(n=n)
    if ratio is not None:
        return Budget(n=max(1, round(ratio * n_sentences)))
    if max_chars is not None:
        return Budget(max_chars=max_chars)
    return Budget(n=DEFAULT_N)


def summarize(
    source: str | Post | Document,
    n: int | None = None,
    *,
    ratio: float | None = None,
    max_chars: int | None = None,
    method: str = DEFAULT_METHOD,
) -> Summary:
    """Pick the sentences that best represent a post, in their original order.

    Args:
        source: The post's text (a str is always text), a ``Post`` or a ``Document`` (see
            ``jpblog_nlp.text.document.prepare``; a path is refused: ``load_post(path)`` reads one).
        n: How many sentences (3 when none of n, ratio, max_chars is given). More than the post has
            returns every eligible sentence (with ``lexrank``, near-duplicates of a picked sentence are
            never picked).
        ratio: Share of the post's sentences to keep, in (0, 1] (at least one).
        max_chars: Most characters in all; sentences that do not fit are skipped, so the summary may
            be empty when no eligible sentence is that short.
        method: A name in ``SUMMARIZERS`` ("lexrank" by default, "lead").

    Returns:
        The summary. Headings, list fragments and lines under 15 characters are only picked when the
        post has nothing else.

    Raises:
        JpblogError: more than one of n / ratio / max_chars, or a value out of range.
        UnknownNameError: an unknown method (an ``InputError``; the message lists the known ones).
        EmptyPostError: the post has no sentence (an empty post has nothing to summarize; raised by
            ``prepare`` for empty text, and here for an empty ``Document``).
    """
    summarizer = SUMMARIZERS.lookup(method)
    _check_length(n, ratio, max_chars)
    doc = prepare(source)
    if not doc.sentences:
        raise EmptyPostError("the post has no sentence to summarize", source=doc.post.source or None,
                             hint="check that the file holds the post's text")
    budget = _budget(len(doc.sentences), n, ratio, max_chars)
    picked = sorted(summarizer(doc, budget))
    return Summary(
        method=method,
        sentences=tuple(
            SummarySentence(i, doc.sentences[i].text, score, doc.sentences[i].start, doc.sentences[i].end)
            for i, score in picked
        ),
    )


__all__ = ["DEFAULT_METHOD", "DEFAULT_N", "summarize"]
