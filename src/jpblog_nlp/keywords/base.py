"""The one shape every keyword method has, as sumy has one base for its summarizers.

A method scores the candidates a post's ``TermStats`` holds, one score per candidate in candidate order,
optionally against a ``Background`` table; ``ranking.rank`` turns the scores into ``Keyword`` records.
Methods are registered by name in ``jpblog_nlp.registry.KEYWORD_METHODS`` (the names ``--method`` takes).
"""

from __future__ import annotations

from typing import Protocol

from .background import Background
from .candidates import TermStats


class KeywordMethod(Protocol):
    """``method(stats, background) -> scores``: higher is more key, comparable within one method only."""

    def __call__(self, st: TermStats, background: Background | None = None, /) -> list[float]:
        """Score each candidate of ``st`` (``background``: the IDF table, or None for the built-in one)."""
        ...


#: The name this shape had before the package split.
Method = KeywordMethod

__all__ = ["KeywordMethod", "Method"]
