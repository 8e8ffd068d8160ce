"""Polarity and emotion lexicons keyed for UniDic: the built-in one, user lexicons, and the keys they match.

Entries are matched on ``token_norm`` keys (lemmas for inflecting words, so 楽しかった / 楽しく meet at
楽しい), multiword entries as key sequences (期待 出来る, 手 に 入る).  ``lexicon_keys`` keys a run of
morphemes exactly as ``entry_keys`` (and ``scripts/build_lexicons.py``) keyed the entries, so both meet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path

from ..errors import ResourceError
from ..text.tokens import Morpheme, parse
from .emotions import EMOTION_POLARITY, EMOTIONS, VALENCE

# Grammar that carries sentiment by itself: desire (〜たい) is hope, an anticipation; volition (行こう).
# Keyed by the auxiliary's lemma (only auxiliaries get these keys: the noun 鯛 keeps its own).
GRAMMAR_POLARITY = {"たい": 0.25, "う": 0.2, "よう": 0.2}
GRAMMAR_EMOTIONS = {"たい": (("anticipation", 0.5),), "う": (("anticipation", 0.3),), "よう": (("anticipation", 0.3),)}
GRAMMAR_KEYS = frozenset((*GRAMMAR_POLARITY, *GRAMMAR_EMOTIONS))
# UniDic gives ない the lemma ない after verbs (助動詞) and 無い after adjectives (形容詞); one key for
# both so lexicon entries and negation checks meet.  (ぬ and ません's ん already have the lemma ず; a
# bare ん is the nominalizer of 楽しいんです and must not count as a negation.)
_CANON = {"無い": "ない"}


def morpheme_key(m: Morpheme) -> str:
    """Lexicon key of a morpheme: ``token_norm`` with the negation lemmas unified (無い → ない)."""
    return _CANON.get(m.norm, m.norm)


_NORM = itemgetter(13)  # Morpheme.norm, read in C


def lexicon_keys(ms: Sequence[Morpheme]) -> list[str]:
    """Lexicon keys of a run of morphemes: their ``norm``, with the negation lemmas unified (無い → ない)."""
    keys = list(map(_NORM, ms))
    for variant, canonical in _CANON.items():
        # list.index finds the variants in C (無い is in most posts, but as a few words of hundreds).
        i = -1
        try:
            while True:
                i = keys.index(variant, i + 1)
                keys[i] = canonical
        except ValueError:
            pass
    return keys


def entry_keys(entry: str) -> str:
    """Re-key a lexicon entry for UniDic: parse each space-separated piece, join the keys by spaces.

    >>> entry_keys("期待 できる")
    '期待 出来る'
    """
    keys: list[str] = []
    for piece in entry.split():
        keys.extend(lexicon_keys(parse(piece)))
    return " ".join(k for k in keys if k)


class _EntryIndex(dict):
    """first key → ((length, entries of that length), ...) longest first, built per first key on first use.

    Building it for all ~15,000 entries up front cost a tenth of a second of every `jpblog` start; a post
    meets only a few hundred first keys.
    """

    def __init__(self, single: frozenset[str], by_first: dict[str, list[tuple[str, ...]]]) -> None:
        super().__init__()
        self._single = single
        self._by_first = by_first

    def __missing__(self, first: str) -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
        by_size: dict[int, set[tuple[str, ...]]] = {}
        if first in self._single:
            by_size[1] = {(first,)}
        for parts in self._by_first.get(first, ()):
            by_size.setdefault(len(parts), set()).add(parts)
        value = tuple((size, frozenset(by_size[size])) for size in sorted(by_size, reverse=True))
        self[first] = value
        return value


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Polarity and emotion entries keyed by UniDic key sequences.

    Attributes:
        polarity: key → signed weight.
        emotions: key → ((emotion, weight), ...).
        index: first key → (length, set of key tuples of that length) pairs, longest first.
        single: keys of one-word entries.
        pairs: first two keys of multiword entries.
        firsts: every first key.
        entries: key → (signed polarity weight or None, emotions or None): one lookup per match.
    """

    polarity: dict[str, float]
    emotions: dict[str, tuple[tuple[str, float], ...]]
    index: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]]
    single: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    firsts: frozenset[str]
    entries: dict[str, tuple[float | None, tuple[tuple[str, float], ...] | None]]

    @classmethod
    def build(cls, polarity: Mapping[str, float], emotions: Mapping[str, Iterable[tuple[str, float]]]) -> Lexicon:
        """Build the lookup index over both tables."""
        emo = {k: tuple(v) for k, v in emotions.items() if v}
        pol = {k: w for k, w in polarity.items() if w}
        for key, emos in emo.items():
            if key not in polarity:  # a polarity of 0 (a user's removal) is not replaced either
                valence = sum(VALENCE.get(e, 0.0) * w for e, w in emos)
                if valence:
                    pol[key] = EMOTION_POLARITY * max(-1.0, min(1.0, valence))
        keys = pol.keys() | emo.keys()
        single = frozenset(k for k in keys if " " not in k)
        multi = [tuple(k.split(" ")) for k in keys if " " in k]
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for parts in multi:
            by_first.setdefault(parts[0], []).append(parts)
        pairs = frozenset(parts[:2] for parts in multi)
        index = _EntryIndex(single, by_first)
        firsts = single | by_first.keys()
        entries = {k: (pol.get(k), emo.get(k)) for k in keys}
        return cls(pol, emo, index, single, pairs, firsts, entries)  # type: ignore[arg-type]

    def extended(self, path: str | Path) -> Lexicon:
        """A copy with a user lexicon's entries added; they override built-in entries of the same key.

        Args:
            path: TSV file, one entry a line: ``term<TAB>polarity-or-emotion[<TAB>weight]``. The term is
                written naturally (期待できる) or as space-separated words; polarity is positive/negative
                (or pos/neg, p/n); an emotion is one of ``EMOTIONS``; weight defaults to 1 (0 removes).
                Blank lines and lines starting with # are skipped.

        Raises:
            ResourceError: The file cannot be read, or a line is malformed (the message names the line).
        """
        polarity, emotions = read_user_lexicon(path)
        pol = dict(self.polarity)
        pol.update(polarity)
        emo = dict(self.emotions)
        emo.update(emotions)
        return Lexicon.build(pol, emo)


_POLARITY_ALIASES = {
    "positive": 1.0,
    "pos": 1.0,
    "p": 1.0,
    "+": 1.0,
    "ポジ": 1.0,
    "negative": -1.0,
    "neg": -1.0,
    "n": -1.0,
    "-": -1.0,
    "ネガ": -1.0,
}

#: Largest user lexicon read (bytes): the built-in lexicons together are under 1 MB.
MAX_LEXICON_BYTES = 16 * 1024 * 1024
#: Longest term of a user lexicon (characters): a word or a phrase, parsed by MeCab when the file is read.
MAX_TERM_CHARS = 200
#: Largest weight of a user lexicon entry: the built-in weights are within 1; sums of many entries stay finite.
MAX_LEXICON_WEIGHT = 1000.0


def read_user_lexicon(path: str | Path) -> tuple[dict[str, float], dict[str, tuple[tuple[str, float], ...]]]:
    """Read a user lexicon TSV (see ``Lexicon.extended``) into polarity and emotion tables.

    The file is bounded (``MAX_LEXICON_BYTES``, terms of ``MAX_TERM_CHARS``, weights within
    ``MAX_LEXICON_WEIGHT``) so that neither reading it nor scoring with it can run away or overflow.
    """
    from .files import read_resource_text

    path = Path(path)
    text = read_resource_text(path, what="lexicon", limit=MAX_LEXICON_BYTES, encoding="utf-8-sig",
                              hint="a lexicon is a UTF-8 TSV: term<TAB>polarity-or-emotion[<TAB>weight]")
    lines = text.splitlines()
    polarity: dict[str, float] = {}
    emotions: dict[str, list[tuple[str, float]]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{path}:{number}"
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise ResourceError(
                f"line {number}: expected term<TAB>polarity-or-emotion[<TAB>weight], got {line[:60]!r}",
                source=str(path),
                hint="separate the columns with tabs",
            )
        term, label = fields[0], fields[1].lower()
        try:
            weight = float(fields[2]) if len(fields) == 3 and fields[2] else 1.0
        except ValueError as err:
            raise ResourceError(f"line {number}: weight {fields[2][:40]!r} is not a number", source=str(path)) from err
        if not math.isfinite(weight) or abs(weight) > MAX_LEXICON_WEIGHT:
            raise ResourceError(f"line {number}: weight {fields[2][:40]!r} is not a finite number within "
                                f"±{MAX_LEXICON_WEIGHT:.0f}", source=str(path), hint="the usual weight is 1")
        if len(term) > MAX_TERM_CHARS:
            raise ResourceError(f"line {number}: term of {len(term)} characters, more than {MAX_TERM_CHARS}",
                                source=str(path), hint="a lexicon term is a word or a short phrase")
        key = entry_keys(term)
        if not key:
            raise ResourceError(f"line {number}: term {term!r} has no words", source=where)
        if label in _POLARITY_ALIASES:
            polarity[key] = _POLARITY_ALIASES[label] * abs(weight)
        elif label in EMOTIONS:
            emotions.setdefault(key, []).append((label, abs(weight)))
        else:
            raise ResourceError(
                f"line {number}: {fields[1][:40]!r} is neither positive/negative nor an emotion",
                source=str(path),
                hint="emotions: " + ", ".join(EMOTIONS),
            )
    return polarity, {k: tuple(v) for k, v in emotions.items()}


def _read_data(name: str) -> list[list[str]]:
    """Rows of a shipped TSV data file (comments skipped)."""
    path = resources.files("jpblog_nlp") / "data" / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:  # pragma: no cover - broken install
        raise ResourceError(f"built-in lexicon {name} is missing", hint="reinstall jpblog-nlp") from err
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    """The shipped lexicons (``data/polarity.tsv``, ``data/emotions.tsv``), loaded once."""
    polarity = {}
    for row in _read_data("polarity.tsv"):
        polarity[row[0]] = float(row[2]) * (1.0 if row[1] == "positive" else -1.0)
    emotions: dict[str, list[tuple[str, float]]] = {}
    for row in _read_data("emotions.tsv"):
        emotions.setdefault(row[0], []).append((row[1], float(row[2])))
    for key, weight in GRAMMAR_POLARITY.items():
        polarity.setdefault(key, weight)
    for key, emos in GRAMMAR_EMOTIONS.items():
        emotions.setdefault(key, list(emos))
    return Lexicon.build(polarity, {k: tuple(v) for k, v in emotions.items()})


def load_lexicon(lexicon: Lexicon | str | Path | None = None) -> Lexicon:
    """The built-in lexicon, extended by a user lexicon file when one is given.

    Args:
        lexicon: None (built-in), a ``Lexicon``, or the path of a user lexicon TSV.
    """
    if lexicon is None:
        return builtin_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return builtin_lexicon().extended(lexicon)
