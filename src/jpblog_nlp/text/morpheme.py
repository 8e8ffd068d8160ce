"""The light morpheme record that ``tokens.parse`` produces and term building reads.

Its own module so that the compound-term rules (``compounds``) and the parser (``tokens``) can both use
it without importing each other.
"""

from __future__ import annotations

from typing import NamedTuple


class Morpheme(NamedTuple):
    """A morpheme as parsed from MeCab's output: the light internal form of ``Token``."""

    surface: str
    start: int
    end: int
    pos1: str
    pos2: str
    pos3: str
    pos4: str
    cform: str
    lemma: str
    base: str
    reading: str  # "" unless parsed with readings=True (only ``tokenize`` shows it)
    known: bool
    unit: str  # compound-building class, see ``compounds.pos_unit`` ("C": a counter noun, decided in context)
    norm: str  # matching key, see ``token_norm``
