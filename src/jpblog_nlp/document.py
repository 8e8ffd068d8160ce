"""A post made ready for analysis: sentences, morphemes and compound terms, computed once.

Every analysis (keywords, sentiment, themes, summaries) takes a ``Document`` so that MeCab runs once
per post.  Offsets of morphemes and terms point into ``post.text``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .records import Post, Sentence, Term
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


def _bucket(items: list, starts: list[int], n: int) -> list[list]:
    """Group offset-carrying items (in text order) by the sentence whose span starts at or before them."""
    buckets: list[list] = [[] for _ in range(n)]
    if not n:
        return buckets
    index = max(bisect_right(starts, items[0].start) - 1, 0) if items else 0
    next_start = starts[index + 1] if index + 1 < n else None
    current = buckets[index]
    for item in items:
        start = item.start
        if next_start is not None and start >= next_start:
            index = bisect_right(starts, start, index) - 1
            current = buckets[index]
            next_start = starts[index + 1] if index + 1 < n else None
        if start >= starts[0]:
            current.append(item)
    return buckets


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
    sentences = split_sentences(text)
    morphemes = parse(text)
    terms = build_terms(morphemes, text)
    starts = [s.start for s in sentences]
    n = len(sentences)
    return Document(
        post=post,
        sentences=tuple(sentences),
        morphemes=tuple(tuple(b) for b in _bucket(morphemes, starts, n)),
        terms=tuple(tuple(b) for b in _bucket(terms, starts, n)),
    )
