"""Term frequencies and within-sentence co-occurrence over one post or a whole corpus.

Two levels are counted, because they answer different questions:

* ``term``: the compound-aware terms of ``Document.terms`` (影響力, オンラインサロン, #hashtags, and verbs /
  adjectives in dictionary form), merged on their ``norm`` key and shown in the most frequent written form;
* ``unit``: UniDic short units with their full part of speech (名詞-普通名詞-一般, 動詞-一般 ...), keyed like
  ``tokens.token_norm`` (inflected forms meet at the lemma).  Punctuation and symbols are left out;
  particles and auxiliaries stay, so the table can be filtered by POS.

Co-occurrence is counted in *sentences* (a pair counts once per sentence however often the terms repeat),
over the keyword kinds (compounds, nouns, hashtags), and reported with Jaccard, PMI and normalized PMI so
that the table can be drawn as a network (``source``/``target`` columns).

The record lists are the library form; ``term_frequencies`` / ``term_cooccurrences`` return pandas
DataFrames (pandas is imported only there).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from ..errors import JpblogError
from ..keywords import DEFAULT_KINDS
from ..sources import LoadFailure, iter_posts, load_post, unexpected_load_error
from ..text.document import Document, prepare
from ..text.records import Post
from ..text.tokens import Morpheme, token_norm

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: What the functions here accept: a file or folder path, text, a post, a document, or an iterable of
#: posts / documents / texts / post files.
Corpus = Union[str, os.PathLike, Post, Document, Iterable[Union[str, os.PathLike, Post, Document]]]  # noqa: UP007

#: Term kinds counted at the ``term`` level (everything but URLs).
TERM_KINDS: tuple[str, ...] = ("compound", "noun", "hashtag", "verb", "adjective", "adjectival_noun")
_SKIPPED_POS = frozenset(("補助記号", "記号", "空白"))


def iter_documents(
    source: Corpus, failures: list[LoadFailure] | None = None, notes: list[str] | None = None
) -> Iterator[Document]:
    """Prepare every post of a corpus, one at a time.

    Args:
        source: A ``pathlib.Path`` to a file or folder (every post in it, folders recursively), a post's
            text (a ``str`` is always text), a ``Post``, a ``Document``, or an iterable of those (a path
            in it is one post file, its first post as ``load_post`` reads it).
        failures: When given, a file or post that cannot be loaded or prepared is appended here and left
            out, whatever it raised (see ``iter_posts``): one bad post must not end a corpus run. Without
            it, the first failure raises.
        notes: When given, collects notes on what a folder holds but is not read (a jpblog results folder).

    Yields:
        Documents in input order.
    """
    if isinstance(source, (Document, Post)):
        yield prepare(source)
        return
    if isinstance(source, os.PathLike):
        mode = "raise" if failures is None else "yield"
        for item in iter_posts(Path(source), errors=mode, notes=notes):
            if isinstance(item, LoadFailure):
                failures.append(item)  # type: ignore[union-attr]
                continue
            doc = _prepared(item, failures)
            if doc is not None:
                yield doc
        return
    if isinstance(source, str):
        # A string is a post's text, never a path: text from a user must not open files (``prepare``).
        yield prepare(source)
        return
    for item in source:
        doc = _prepared(item, failures)
        if doc is not None:
            yield doc


def as_document(item: str | os.PathLike[str] | Post | Document) -> Document:
    """The document of one corpus item (text, a post file, a ``Post`` or a ``Document``).

    A post file is read here (its first post, as ``load_post`` reads it), by the corpus functions, since
    ``prepare`` and every analysis under it read no file.
    """
    return prepare(load_post(item) if isinstance(item, os.PathLike) else item)


def _prepared(item: str | os.PathLike[str] | Post | Document, failures: list[LoadFailure] | None) -> Document | None:
    """``prepare(item)``; with a failures list, a post that cannot be prepared is recorded there (None)."""
    if failures is None:
        return as_document(item)
    try:
        return as_document(item)
    except Exception as err:  # one odd post must not end a corpus run; Ctrl-C still does
        label = (item.source if isinstance(item, Post) else "<text>" if isinstance(item, str)
                 else os.fsdecode(item) if isinstance(item, os.PathLike) else item.post.source)
        label = label or "<text>"
        reason = str(err) if isinstance(err, JpblogError) else str(unexpected_load_error(err, label))
        failures.append(LoadFailure(label, reason))
        return None


@dataclass(frozen=True, slots=True)
class TermFrequency:
    """How often a term or unit occurs.

    Attributes:
        level: "term" (compound-aware term) or "unit" (UniDic short unit).
        term: Most frequent written form (dictionary form for verbs and adjectives).
        norm: Matching key.
        kind: Term kind (compound, noun, hashtag, verb ...) or, for units, the full POS.
        count: Occurrences.
        docs: Number of documents it occurs in.
    """

    level: str
    term: str
    norm: str
    kind: str
    count: int
    docs: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def _pos(m: Morpheme) -> str:
    """Full POS of a unit: the set levels joined by "-"."""
    return "-".join(p for p in (m.pos1, m.pos2, m.pos3, m.pos4) if p and p != "*")


class _Tally:
    """Counts, document counts and written forms per key, in first-seen order."""

    __slots__ = ("counts", "docs", "forms", "kinds", "last_doc")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.docs: dict[str, int] = {}
        self.last_doc: dict[str, int] = {}
        self.forms: dict[str, dict[str, int]] = {}
        self.kinds: dict[str, str] = {}

    def add(self, key: str, form: str, kind: str, doc_no: int) -> None:
        """Count one occurrence."""
        counts = self.counts
        if key in counts:
            counts[key] += 1
            f = self.forms[key]
            f[form] = f.get(form, 0) + 1
        else:
            counts[key] = 1
            self.forms[key] = {form: 1}
            self.kinds[key] = kind
        if self.last_doc.get(key) != doc_no:
            self.last_doc[key] = doc_no
            self.docs[key] = self.docs.get(key, 0) + 1

    def shown(self, key: str) -> str:
        """Most frequent form (first seen on ties)."""
        forms = self.forms[key]
        return max(forms, key=forms.__getitem__)

    def records(self, level: str, min_count: int) -> list[TermFrequency]:
        """Records, most frequent first (ties: first seen first)."""
        keys = sorted((k for k, c in self.counts.items() if c >= min_count), key=lambda k: -self.counts[k])
        return [TermFrequency(level, self.shown(k), k, self.kinds[k], self.counts[k], self.docs[k]) for k in keys]


def count_terms(
    source: Corpus,
    *,
    level: str = "both",
    kinds: Iterable[str] = TERM_KINDS,
    min_count: int = 1,
    failures: list[LoadFailure] | None = None,
) -> list[TermFrequency]:
    """Count terms and/or units over a post or a corpus.

    Args:
        source: See ``iter_documents``.
        level: "term", "unit" or "both" (terms first, then units).
        kinds: Term kinds counted at the term level.
        min_count: Leave out rarer keys.
        failures: Collects posts that cannot be loaded (see ``iter_documents``).

    Returns:
        Frequency records.

    Raises:
        ValueError: Unknown level.
    """
    if level not in ("term", "unit", "both"):
        raise ValueError(f"level must be 'term', 'unit' or 'both', not {level!r}")
    kinds = frozenset(kinds)
    terms, units = _Tally(), _Tally()
    want_terms = level in ("term", "both")
    want_units = level in ("unit", "both")
    for doc_no, doc in enumerate(iter_documents(source, failures)):
        if want_terms:
            for sentence_terms in doc.terms:
                for t in sentence_terms:
                    if t.kind in kinds:
                        terms.add(t.norm, t.text, t.kind, doc_no)
        if want_units:
            for morphs in doc.morphemes:
                for m in morphs:
                    if m.pos1 in _SKIPPED_POS:
                        continue
                    units.add(token_norm(m), m.base if m.pos1 in ("動詞", "形容詞", "助動詞") else m.surface,
                              _pos(m), doc_no)
    out: list[TermFrequency] = []
    if want_terms:
        out += terms.records("term", min_count)
    if want_units:
        out += units.records("unit", min_count)
    return out


@dataclass(frozen=True, slots=True)
class Cooccurrence:
    """Two terms found in the same sentences.

    Attributes:
        source: The pair's first term (the one seen first in the corpus), display form.
        target: The second term, display form.
        cooc: Sentences holding both.
        source_count: Sentences holding the source.
        target_count: Sentences holding the target.
        jaccard: cooc / (source_count + target_count - cooc).
        pmi: log2(cooc × N / (source_count × target_count)), N = number of sentences.
        npmi: PMI / -log2(cooc / N), in [-1, 1]; 1 when the terms only ever occur together.
        source_norm: Matching key of the source.
        target_norm: Matching key of the target.
    """

    source: str
    target: str
    cooc: int
    source_count: int
    target_count: int
    jaccard: float
    pmi: float
    npmi: float
    source_norm: str
    target_norm: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def count_cooccurrences(
    source: Corpus,
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    min_count: int = 2,
    max_terms: int | None = None,
    failures: list[LoadFailure] | None = None,
) -> list[Cooccurrence]:
    """Count within-sentence co-occurrence of terms.

    Args:
        source: See ``iter_documents``.
        kinds: Term kinds taken into account (compounds, nouns and hashtags by default).
        min_count: Keep pairs seen together in at least this many sentences.
        max_terms: Keep only pairs among the this-many most frequent terms (by sentence count), for
            drawable networks over large corpora.
        failures: Collects posts that cannot be loaded.

    Returns:
        Pairs, most co-occurring first (ties: higher Jaccard, then first seen).
    """
    kinds = frozenset(kinds)
    ids: dict[str, int] = {}
    sent_count: list[int] = []
    forms: list[dict[str, int]] = []
    norms: list[str] = []
    pairs: dict[tuple[int, int], int] = {}
    n_sentences = 0
    sentence_sets: list[tuple[int, ...]] = []
    for doc in iter_documents(source, failures):
        for sentence_terms in doc.terms:
            n_sentences += 1
            present: set[int] = set()
            for t in sentence_terms:
                if t.kind not in kinds:
                    continue
                i = ids.get(t.norm)
                if i is None:
                    i = ids[t.norm] = len(norms)
                    norms.append(t.norm)
                    sent_count.append(0)
                    forms.append({})
                f = forms[i]
                f[t.text] = f.get(t.text, 0) + 1
                present.add(i)
            for i in present:
                sent_count[i] += 1
            if len(present) > 1:
                sentence_sets.append(tuple(sorted(present)))
    allowed: set[int] | None = None
    if max_terms is not None:
        allowed = set(sorted(range(len(norms)), key=lambda i: (-sent_count[i], i))[: max(max_terms, 0)])
    for members in sentence_sets:
        if allowed is not None:
            members = tuple(i for i in members if i in allowed)
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    out = []
    for (a, b), both in pairs.items():
        if both < min_count:
            continue
        ca, cb = sent_count[a], sent_count[b]
        p_both = both / n_sentences
        pmi = math.log2(both * n_sentences / (ca * cb))
        npmi = 1.0 if p_both >= 1.0 else pmi / -math.log2(p_both)
        out.append(Cooccurrence(
            max(forms[a], key=forms[a].__getitem__), max(forms[b], key=forms[b].__getitem__), both, ca, cb,
            round(both / (ca + cb - both), 4), round(pmi, 4), round(npmi, 4), norms[a], norms[b],
        ))
    out.sort(key=lambda c: (-c.cooc, -c.jaccard, ids[c.source_norm], ids[c.target_norm]))
    return out


def to_frame(records: list[TermFrequency] | list[Cooccurrence], record_type: type | None = None) -> pd.DataFrame:
    """Turn records into a DataFrame (columns in field order, also when there are no records)."""
    import pandas as pd

    kind = record_type or (type(records[0]) if records else TermFrequency)
    columns = [f.name for f in fields(kind)]
    return pd.DataFrame([r.to_dict() for r in records], columns=columns)


def term_frequencies(
    source: Corpus,
    *,
    level: str = "both",
    kinds: Iterable[str] = TERM_KINDS,
    min_count: int = 1,
    failures: list[LoadFailure] | None = None,
) -> pd.DataFrame:
    """Term frequency table of a post or a corpus, as a DataFrame.

    Args:
        source: A file or folder path, text, a post, a document, or an iterable of those.
        level: "term" (compound-aware terms), "unit" (short units by POS) or "both".
        kinds: Term kinds counted at the term level.
        min_count: Leave out rarer keys.
        failures: Collects posts that cannot be loaded (else the first failure raises).

    Returns:
        Columns level, term, norm, kind, count, docs; most frequent first within each level.
    """
    records = count_terms(source, level=level, kinds=kinds, min_count=min_count, failures=failures)
    return to_frame(records, TermFrequency)


def term_cooccurrences(
    source: Corpus,
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    min_count: int = 2,
    max_terms: int | None = None,
    failures: list[LoadFailure] | None = None,
) -> pd.DataFrame:
    """Within-sentence co-occurrence table, ready to draw as a network.

    Args:
        source: A file or folder path, text, a post, a document, or an iterable of those.
        kinds: Term kinds taken into account.
        min_count: Keep pairs seen together in at least this many sentences.
        max_terms: Restrict to pairs among the most frequent terms.
        failures: Collects posts that cannot be loaded.

    Returns:
        Columns source, target, cooc, source_count, target_count, jaccard, pmi, npmi, source_norm,
        target_norm.
    """
    records = count_cooccurrences(source, kinds=kinds, min_count=min_count, max_terms=max_terms, failures=failures)
    return to_frame(records, Cooccurrence)


__all__ = [
    "TERM_KINDS",
    "Cooccurrence",
    "TermFrequency",
    "as_document",
    "count_cooccurrences",
    "count_terms",
    "iter_documents",
    "term_cooccurrences",
    "term_frequencies",
    "to_frame",
]
