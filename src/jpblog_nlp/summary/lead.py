"""``lead``: the first eligible sentences (the news baseline; weak on blogs, which open with greetings)."""

from __future__ import annotations

from ..text.document import Document
from .base import Budget
from .eligibility import eligible_sentences


def lead_summarizer(doc: Document, budget: Budget) -> list[tuple[int, float]]:
    """The first eligible sentences that fit (score 1/(rank+1))."""
    mask = eligible_sentences(doc)
    picked: list[tuple[int, float]] = []
    chars = 0
    for i, s in enumerate(doc.sentences):
        if not mask[i]:
            continue
        if budget.n is not None and len(picked) >= budget.n:
            break
        if budget.fits(len(picked), chars, len(s.text)):
            picked.append((i, 1.0 / (len(picked) + 1)))
            chars += len(s.text)
    return picked


__all__ = ["lead_summarizer"]
