"""A post made ready for analysis: sentences, morphemes and compound terms, computed once.

Every analysis (keywords, sentiment, themes, summaries) takes a ``Document`` so that MeCab runs once
per post.  Offsets of morphemes and terms point into ``post.text``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from .records import Post, Sentence, Term, collector_paused
from .sentences import split_sentences
from .sources import load_post
from .tokens import Morpheme, build_terms, parse


@dataclass(frozen=True, slots=True)
class Document:
    """A tokenized post.

    Attributes:
        post: The cleaned post.
        sentences: Its sentences.
        morphemes: For each sentence, its morphemes (light ``Morpheme`` tuples, offsets into
            ``post.text``).
        terms: For each sentence, its compound-aware terms (offsets into ``post.text``).
    """

    post: Post
    sentences: tuple[Sentence, ...]
    morphemes: tuple[tuple[Morpheme, ...], ...]
    terms: tuple[tuple[Term, ...], ...]

    @property
    def n_tokens(self) -> int:
        """Number of morphemes in the post."""
        return sum(len(m) for m in self.morphemes)

    def all_terms(self) -> list[Term]:
        """Every term of the post, in order."""
        return [t for sentence_terms in self.terms for t in sentence_terms]


_START = itemgetter(1)  # Morpheme.start, read in C
_TERM_START = attrgetter("start")


def _bucket(items: Sequence, item_starts: list[int], starts: list[int]) -> tuple[tuple, ...]:
    """Group offset-carrying items (in text order) by the sentence whose span starts at or before them.

    Items before the first sentence belong to none. Two binary searches per sentence and a slice, not
    a Python step per item: a post has a few hundred sentences and tens of thousands of morphemes.
    """
    n = len(starts)
    if not n:
        return ()
    cuts = [bisect_left(item_starts, start) for start in starts]
    cuts.append(len(items))
    return tuple(tuple(items[cuts[k]:cuts[k + 1]]) for k in range(n))


def prepare(source: str | Post | Document) -> Document:
    """Turn text, a post or a document into a ``Document``.

    Args:
        source: Text (cleaned as a post), a path to a post file, a ``Post``, or a ``Document`` (returned
            as is).

    Returns:
        The document, with morphemes and terms per sentence.
    """
    if isinstance(source, Document):
        return source
    post = source if isinstance(source, Post) else load_post(source)
    text = post.text
    with collector_paused():
        sentences = split_sentences(text)
        morphemes = parse(text)
        terms = build_terms(morphemes, text)
        starts = [s.start for s in sentences]
        return Document(
            post=post,
            sentences=tuple(sentences),
            morphemes=_bucket(morphemes, list(map(_START, morphemes)), starts),
            terms=_bucket(terms, list(map(_TERM_START, terms)), starts),
        )
