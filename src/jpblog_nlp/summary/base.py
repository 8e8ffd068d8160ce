"""The one shape every summary method has, and the registry of methods by name (as sumy has one base).

A method takes the prepared document and a ``Budget`` and returns the picked ``(sentence index, score)``
pairs; ``api.summarize`` puts them in document order. The methods are registered in
``jpblog_nlp.registry.SUMMARY_METHODS`` (``SUMMARIZERS`` here), which also gives ``jpblog summarize
--method`` its choices; ``register_summarizer`` adds one of your own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..registry import SUMMARY_METHODS, Registry
from ..text.document import Document


@dataclass(frozen=True, slots=True)
class Budget:
    """How much to pick: at most ``n`` sentences and/or at most ``max_chars`` characters in all."""

    n: int | None = None
    max_chars: int | None = None

    def fits(self, picked_count: int, picked_chars: int, candidate_chars: int) -> bool:
        """Whether one more sentence of ``candidate_chars`` characters still fits."""
        if self.n is not None and picked_count >= self.n:
            return False
        return self.max_chars is None or picked_chars + candidate_chars <= self.max_chars


Summarizer = Callable[[Document, Budget], list[tuple[int, float]]]
"""A method: takes the document and the budget, returns picked ``(sentence index, score)`` pairs."""

#: The summary methods by name (the registry's table): "lexrank" (the default), "lead".
SUMMARIZERS: Registry[Summarizer] = SUMMARY_METHODS


def register_summarizer(name: str) -> Callable[[Summarizer], Summarizer]:
    """Register a summarizing method under ``name`` (decorator)."""
    return SUMMARIZERS.register(name)


__all__ = ["SUMMARIZERS", "Budget", "Summarizer", "register_summarizer"]
