"""What a summary is: the picked sentences, each with where it stands in the post, in their original order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One picked sentence.

    Attributes:
        index: Index of the sentence in the document (``Document.sentences[index]``).
        text: The sentence.
        score: The method's score (higher is more representative; comparable within one summary).
        start: Offset of the first character in ``post.text``.
        end: Offset after the last character.
    """

    index: int
    text: str
    score: float
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"index": self.index, "text": self.text, "score": round(self.score, 6),
                "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary.

    Attributes:
        method: Name of the method that made it.
        sentences: Picked sentences in their original order.
    """

    method: str
    sentences: tuple[SummarySentence, ...]

    @property
    def text(self) -> str:
        """The picked sentences, one per line."""
        return "\n".join(s.text for s in self.sentences)

    @property
    def indices(self) -> tuple[int, ...]:
        """Indices of the picked sentences."""
        return tuple(s.index for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"method": self.method, "sentences": [s.to_dict() for s in self.sentences]}


__all__ = ["Summary", "SummarySentence"]
