"""The records of themes: definitions (``Theme``, ``ThemeSet``) and results (``ThemeResult`` and its parts).

All are frozen dataclasses: a theme set is shared by every post of a batch and a result travels to the
JSON output, the reports and the batch tables, so neither may change on the way.  A ``Theme`` checks its
own weights and term lengths, so themes built in Python obey the limits a theme file does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ResourceError
from .limits import MAX_TERM_CHARS, MAX_WEIGHT, shown
from .rules import Rule, word_keys


@dataclass(frozen=True, slots=True)
class ThemeRule:
    """A parsed rule of a theme.

    Attributes:
        text: The rule as written.
        tree: The parsed rule.
        is_filter: True for a rule an empty sentence satisfies (``NOT 広告``): it cannot point at a
            sentence, so it filters instead: a sentence where it is false is not an occurrence.
    """

    text: str
    tree: Rule
    is_filter: bool


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme: weighted terms and rules.

    Attributes:
        name: Identifier (influence, empathy, ...).
        label: Japanese display name.
        description: What the theme covers.
        terms: (term as written, weight) pairs.
        rules: Parsed rules.
        rule_weight: Weight an occurrence found by a rule adds.
        source: The file it was defined in.
    """

    name: str
    label: str
    description: str
    terms: tuple[tuple[str, float], ...]
    rules: tuple[ThemeRule, ...] = ()
    rule_weight: float = 1.0
    source: str = ""
    # key -> (term as written, weight); built in __post_init__.
    weights: dict[str, tuple[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for text, weight in self.terms:
            # Checked here too for themes built in Python: an inf weight would write Infinity into the JSON,
            # and matching work grows with the longest term.
            if not isinstance(weight, int | float) or not 0 < weight <= MAX_WEIGHT or len(text) > MAX_TERM_CHARS:
                raise ResourceError(
                    f"theme '{shown(self.name)}': term '{shown(text)}' (weight {shown(repr(weight))}): a term has "
                    f"at most {MAX_TERM_CHARS} characters and a weight above 0 and at most {MAX_WEIGHT:g}",
                    source=self.source or None)
            keys, _ = word_keys(text)
            for key in keys:
                if key not in self.weights or self.weights[key][1] < weight:
                    self.weights[key] = (text, weight)
        if not isinstance(self.rule_weight, int | float) or not 0 <= self.rule_weight <= MAX_WEIGHT:
            raise ResourceError(f"theme '{shown(self.name)}': rule_weight must be a number from 0 to {MAX_WEIGHT:g}, "
                                f"got {shown(repr(self.rule_weight))}", source=self.source or None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready definition."""
        return {
            "name": self.name, "label": self.label, "description": self.description,
            "terms": [{"term": t, "weight": w} for t, w in self.terms],
            "rules": [r.text for r in self.rules],
        }


@dataclass(frozen=True, slots=True)
class ThemeSet:
    """The themes in use, by name, in definition order."""

    themes: tuple[Theme, ...]

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __getitem__(self, name: str) -> Theme:
        for theme in self.themes:
            if theme.name == name:
                return theme
        raise KeyError(name)

    def names(self) -> list[str]:
        """Theme names in order."""
        return [t.name for t in self.themes]


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """One sentence where a theme occurs.

    Attributes:
        sentence: Sentence index.
        position: Relative position of the sentence in the post, 0 (first) to 1 (last).
        text: The sentence.
        terms: Terms (as written) that triggered the theme there, in order.
        rules: Rules that matched there.
        weight: The weight the sentence adds to the theme.
        spans: (start, end) offsets into ``post.text`` of the matched terms.
    """

    sentence: int
    position: float
    text: str
    terms: tuple[str, ...]
    rules: tuple[str, ...]
    weight: float
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"sentence": self.sentence, "position": self.position, "text": self.text,
                "terms": list(self.terms), "rules": list(self.rules), "weight": self.weight,
                "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term that triggered a theme, how often, and through which theme term."""

    term: str
    theme_term: str
    count: int
    weight: float


@dataclass(frozen=True, slots=True)
class StancePoint:
    """The sentiment of one sentence that mentions a theme."""

    sentence: int
    position: float
    score: float
    label: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThemeStance:
    """How the writer feels about a theme.

    Attributes:
        score: Mean sentiment score of the sentences that mention it, in [-1, 1].
        label: positive, negative, neutral or mixed (both polarities in at least a quarter each).
        points: One point per mentioning sentence, in order: the arc.
        trajectory: Mean score in the first, middle and last third of the post (None: not mentioned).
    """

    score: float
    label: str
    points: tuple[StancePoint, ...]
    trajectory: tuple[float | None, float | None, float | None]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "score": self.score,
            "label": self.label,
            "occurrences": [
                {"sentence": p.sentence, "position": p.position, "score": p.score, "label": p.label,
                 "evidence": list(p.evidence)}
                for p in self.points
            ],
            "trajectory": list(self.trajectory),
        }


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """A theme found in a post.

    Attributes:
        name: Theme identifier.
        label: Japanese display name.
        score: Strength in [0, 1] (see ``theme_score``).
        weight: Sum of the weights of its occurrences.
        hits: The sentences where it occurs.
        terms: The terms that triggered it, most frequent first.
        stance: The writer's stance toward it (None when not computed).
    """

    name: str
    label: str
    score: float
    weight: float
    hits: tuple[ThemeHit, ...]
    terms: tuple[TermHit, ...]
    stance: ThemeStance | None = None

    @property
    def sentences(self) -> list[int]:
        """Indices of the sentences where the theme occurs."""
        return [h.sentence for h in self.hits]

    @property
    def positions(self) -> list[float]:
        """Relative positions (0..1) of those sentences."""
        return [h.position for h in self.hits]

    def to_dict(self) -> dict[str, Any]:
        """The ``themes`` item of the post-analysis JSON (docs/json-schema.md)."""
        return {
            "name": self.name,
            "label": self.label,
            "score": self.score,
            "weight": self.weight,
            "sentences": self.sentences,
            "positions": self.positions,
            "terms": [{"term": t.term, "theme_term": t.theme_term, "count": t.count, "weight": t.weight}
                      for t in self.terms],
            "sentiment": self.stance.to_dict() if self.stance is not None else None,
            "hits": [h.to_dict() for h in self.hits],
        }
